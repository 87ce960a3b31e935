using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Berth.Analyzers.Tests;

/// <summary>
/// The squiggles in a real editor: csharp-ls (a language server used by Neovim, Emacs and others; a local dotnet tool of this
/// repository, dotnet-tools.json) runs on a copy of a sample with <c>csharp.analyzersEnabled</c> on. The test speaks LSP to it
/// over stdio, opens a file with defects and pulls its diagnostics (<c>textDocument/diagnostic</c>): the Berth diagnostics
/// must arrive at the argument that is wrong, also in a chain that contains a <c>Customize</c>.
/// </summary>
/// <remarks>
/// Slow by nature (the sample is built first, then the server loads it through MSBuild and runs the analyzers): the waits are
/// generous, and a failure shows what the server sent and logged.
/// </remarks>
public sealed class LanguageServerTests
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan DiagnosticsTimeout = TimeSpan.FromMinutes(10);

    private const string Defects = """
        using Berth;

        namespace Samples.Lsp;

        [Manifests]
        public static partial class Defects
        {
            public static StatefulApp Web { get; } = StatefulApp.Named("web")
                .Replicas(-1)
                .Container("web", "nginx:1.27", c => c.Port("http", 80).Mount("dta", "/data"))
                .VolumeClaim("data", "1Gi", AccessMode.ReadWriteOnce);

            public static StatefulApp Customized { get; } = StatefulApp.Named("customized")
                .Container("app", "nginx:1.27", c => c.Port("http", 80))
                .Customize(m => m.GoverningService!.Spec.Ports[0].Name = "web")
                .Replicas(-2);

            public static StatefulApp Hardened { get; } = StatefulApp.Named("hardened")
                .Container("app", "nginx:1.27", c => c.Port("http", 80).Mount("dat", "/data"))
                .VolumeClaim("data", "1Gi", AccessMode.ReadWriteOnce)
                .Customize(m => m.StatefulSet.Spec.Template.Spec.SecurityContext = new k8s.Models.V1PodSecurityContext { RunAsUser = 1000 });
        }
        """;

    [Fact]
    public async Task Berth_diagnostics_arrive_over_LSP_at_the_argument_also_in_a_chain_with_a_Customize()
    {
        var repo = RepoRoot();
        var work = Path.Combine(Path.GetTempPath(), "berth-lsp-" + Guid.NewGuid().ToString("N")[..8]);
        var project = Path.Combine(work, "Etcd");
        try
        {
            // A copy of the sample outside the repository, built from the repository's sources in this test's configuration
            // (so the analyzers, the code fixes and the generator it loads exist), as samples/Directory.Build.* build it.
            CopySample(Path.Combine(repo, "samples", "Etcd"), project);
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            File.WriteAllText(Path.Combine(work, "Directory.Build.props"), $"""
                <Project>
                  <PropertyGroup>
                    <Configuration>{configuration}</Configuration>
                  </PropertyGroup>
                  <Import Project="{Path.Combine(repo, "samples", "Directory.Build.props")}" />
                </Project>
                """);
            File.WriteAllText(Path.Combine(work, "Directory.Build.targets"), $"""
                <Project>
                  <Import Project="{Path.Combine(repo, "samples", "Directory.Build.targets")}" />
                </Project>
                """);

            var restore = await RunAsync(repo, BuildTimeout, "tool", "restore");
            Assert.True(restore.ExitCode == 0, "dotnet tool restore failed:\n" + restore.Output);
            var build = await RunAsync(project, BuildTimeout, "build", "-c", configuration, "-nodeReuse:false", "--disable-build-servers");
            Assert.True(build.ExitCode == 0, "the sample copy does not build:\n" + build.Output);

            var file = Path.Combine(project, "Defects.cs");
            File.WriteAllText(file, Defects);
            // The diagnostics expected: the code, the argument's range, and the start of the message (or all of it).
            var expected = new[]
            {
                ("BERTH007", Range(Defects, ".Replicas(-1)", "-1"), "web: replicas is -1", false),
                ("BERTH011", Range(Defects, ".Mount(\"dta\"", "\"dta\""), "web: container \"web\" mounts \"dta\"", false),
                // After a Customize that edits something else (a Service port name), the argument is still checked while typing,
                // and the message names the app (the editor binds the lambda against the same KubernetesClient as the build).
                ("BERTH007", Range(Defects, ".Replicas(-2)", "-2"), "customized: replicas is -2 (\"must be greater than or equal to 0\"); use 0 or more.", true),
                // A Customize that assigns into m.StatefulSet.Spec (the pod's security context) keeps the chain's unrelated mount check.
                ("BERTH011", Range(Defects, ".Mount(\"dat\"", "\"dat\""), "hardened: container \"app\" mounts \"dat\"", false),
            };
            bool Arrived(IReadOnlyList<LspDiagnostic> items, (string Code, string Range, string Message, bool Exact) e) =>
                items.Any(d => d.Code == e.Code && d.Range == e.Range
                    && (e.Exact ? d.Message == e.Message : d.Message.StartsWith(e.Message, StringComparison.Ordinal)));

            await using var server = LanguageServer.Start(repo, configuration);
            var items = await server.PullDiagnosticsAsync(project, file, Defects, DiagnosticsTimeout, found => expected.All(e => Arrived(found, e)));
            if (Environment.GetEnvironmentVariable("BERTH_LSP_LOG") is { Length: > 0 } logFile) File.WriteAllText(logFile, server.Log);

            var report = "Diagnostics received:\n  " + string.Join("\n  ", items) + "\n\ncsharp-ls log:\n" + server.Log;
            foreach (var e in expected)
                Assert.True(Arrived(items, e), $"no {e.Item1} at {e.Item2} with \"{e.Item3}\" (ranges are line:character-line:character, from 0).\n{report}");
            // Every Customize here is a lambda the analyzer reads (no BERTH080), and the file compiles in the editor as on the
            // command line (no compiler error such as CS1061 on a KubernetesClient model type).
            Assert.False(items.Any(d => d.Code == "BERTH080"), "a BERTH080 arrived.\n" + report);
            Assert.False(items.Any(d => d.Code.StartsWith("CS", StringComparison.Ordinal) && d.Severity == 1), "a compiler error arrived.\n" + report);
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The LSP range (zero-based) of <paramref name="argument"/> on the line of <paramref name="source"/> that contains <paramref name="marker"/>.</summary>
    private static string Range(string source, string marker, string argument)
    {
        var lines = source.Replace("\r\n", "\n").Split('\n');
        var line = Array.FindIndex(lines, l => l.Contains(marker, StringComparison.Ordinal));
        Assert.True(line >= 0, "no line with " + marker);
        var character = lines[line].IndexOf(marker, StringComparison.Ordinal) + marker.IndexOf(argument, StringComparison.Ordinal);
        return $"{line}:{character}-{line}:{character + argument.Length}";
    }

    private static void CopySample(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var path in Directory.GetFiles(from))
            File.Copy(path, Path.Combine(to, Path.GetFileName(path)));
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Dsl.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Dsl.sln not found above " + AppContext.BaseDirectory);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string directory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"dotnet {string.Join(' ', arguments)} did not finish in {timeout}:\n{await output}{await error}");
        }

        return (process.ExitCode, await output + await error);
    }

    /// <summary>One diagnostic as the server sent it: code, range as <c>line:character-line:character</c>, message, LSP severity (1 error … 4 hint).</summary>
    private sealed record LspDiagnostic(string Code, string Range, string Message, int Severity)
    {
        public override string ToString() => $"{Code} (severity {Severity}) {Range} {Message}";
    }

    /// <summary>
    /// A minimal LSP client over the server's stdin/stdout (JSON-RPC with Content-Length headers): requests with ids, answers to
    /// the server's own requests (<c>workspace/configuration</c> gets the <c>csharp</c> section with the analyzers on), and a log
    /// of what the server wrote to stderr and sent as log messages.
    /// </summary>
    private sealed class LanguageServer : IAsyncDisposable
    {
        private static readonly JsonObject Settings = new() { ["analyzersEnabled"] = true, ["logLevel"] = "info" };
        private readonly Process _process;
        private readonly Stream _input;
        private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode?>> _pending = new();
        private readonly StringBuilder _log = new();
        private readonly SemaphoreSlim _writeLock = new(1, 1);
        private readonly Task _reader;
        private int _nextId;

        private LanguageServer(Process process)
        {
            _process = process;
            _input = process.StandardInput.BaseStream;
            _reader = Task.Run(ReadLoopAsync);
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null) lock (_log) _log.AppendLine(e.Data);
            };
            process.BeginErrorReadLine();
        }

        public string Log
        {
            get
            {
                lock (_log) return _log.ToString();
            }
        }

        /// <summary>Starts csharp-ls through the repository's tool manifest.</summary>
        /// <remarks>
        /// MSBuild reads the environment as properties in every project it evaluates, so <c>Configuration</c> there makes the
        /// projects the sample references (which csharp-ls evaluates with no global configuration) the ones this test just built.
        /// </remarks>
        public static LanguageServer Start(string repo, string configuration)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = repo,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["Configuration"] = configuration;
            foreach (var argument in new[] { "tool", "run", "csharp-ls", "--", "--loglevel", "info" }) start.ArgumentList.Add(argument);
            return new LanguageServer(Process.Start(start)!);
        }

        /// <summary>
        /// Initializes the server on <paramref name="project"/>, opens <paramref name="file"/> and pulls its diagnostics until
        /// <paramref name="done"/> holds for them (the project is still loading before that) or <paramref name="timeout"/> passes.
        /// </summary>
        public async Task<IReadOnlyList<LspDiagnostic>> PullDiagnosticsAsync(string project, string file, string text, TimeSpan timeout, Func<IReadOnlyList<LspDiagnostic>, bool> done)
        {
            var deadline = DateTime.UtcNow + timeout;
            var root = new Uri(project).AbsoluteUri;
            var uri = new Uri(file).AbsoluteUri;
            await RequestAsync("initialize", new JsonObject
            {
                ["processId"] = Environment.ProcessId,
                ["rootUri"] = root,
                ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = root, ["name"] = "sample" }),
                ["capabilities"] = new JsonObject
                {
                    ["workspace"] = new JsonObject { ["configuration"] = true, ["workspaceFolders"] = true },
                    ["textDocument"] = new JsonObject { ["diagnostic"] = new JsonObject { ["dynamicRegistration"] = false } },
                },
                ["initializationOptions"] = new JsonObject { ["csharp"] = Settings.DeepClone() },
            }, deadline);
            await NotifyAsync("initialized", new JsonObject());
            await NotifyAsync("workspace/didChangeConfiguration", new JsonObject { ["settings"] = new JsonObject { ["csharp"] = Settings.DeepClone() } });
            await NotifyAsync("textDocument/didOpen", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = text },
            });

            IReadOnlyList<LspDiagnostic> last = Array.Empty<LspDiagnostic>();
            while (DateTime.UtcNow < deadline)
            {
                var result = await RequestAsync("textDocument/diagnostic", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } }, deadline);
                if (result?["items"] is JsonArray items)
                {
                    last = items.Select(Parse).ToList();
                    if (done(last)) return last;
                }

                await Task.Delay(TimeSpan.FromSeconds(3));
            }

            return last;
        }

        private static LspDiagnostic Parse(JsonNode? item)
        {
            var range = item!["range"]!;
            string Position(string which) => $"{range[which]!["line"]}:{range[which]!["character"]}";
            return new LspDiagnostic(item["code"]?.ToString() ?? string.Empty, Position("start") + "-" + Position("end"), item["message"]?.ToString() ?? string.Empty,
                item["severity"]?.GetValue<int>() ?? 0);
        }

        private async Task<JsonNode?> RequestAsync(string method, JsonObject parameters, DateTime deadline)
        {
            var id = Interlocked.Increment(ref _nextId);
            var answer = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[id] = answer;
            await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
            var wait = deadline - DateTime.UtcNow;
            var finished = await Task.WhenAny(answer.Task, _reader, Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero));
            if (finished != answer.Task)
                throw new TimeoutException($"csharp-ls did not answer {method} in time (or stopped).\ncsharp-ls log:\n{Log}");
            return await answer.Task;
        }

        private Task NotifyAsync(string method, JsonObject parameters) =>
            SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

        private async Task SendAsync(JsonNode message)
        {
            var body = Encoding.UTF8.GetBytes(message.ToJsonString());
            await _writeLock.WaitAsync();
            try
            {
                await _input.WriteAsync(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"));
                await _input.WriteAsync(body);
                await _input.FlushAsync();
            }
            finally
            {
                _writeLock.Release();
            }
        }

        private async Task ReadLoopAsync()
        {
            var output = _process.StandardOutput.BaseStream;
            while (await ReadMessageAsync(output) is { } message)
            {
                if (message["method"] is { } method)
                {
                    var name = method.ToString();
                    if (message["id"] is { } requestId)
                    {
                        // A request of the server's: the csharp settings for each configuration item asked for, else null.
                        JsonNode? result = name == "workspace/configuration"
                            ? new JsonArray((message["params"]?["items"] as JsonArray ?? new JsonArray()).Select(_ => (JsonNode?)Settings.DeepClone()).ToArray())
                            : null;
                        await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = requestId.DeepClone(), ["result"] = result });
                    }
                    else if (name is "window/logMessage" or "window/showMessage" or "$/logTrace")
                    {
                        lock (_log) _log.AppendLine("[" + name + "] " + message["params"]?["message"]);
                    }

                    continue;
                }

                if (message["id"] is { } id && _pending.TryRemove(id.GetValue<int>(), out var answer))
                {
                    if (message["error"] is { } error) answer.SetException(new InvalidOperationException("csharp-ls answered with an error: " + error.ToJsonString()));
                    else answer.SetResult(message["result"]);
                }
            }
        }

        /// <summary>One message: headers up to an empty line, then Content-Length bytes of JSON; null at the end of the stream.</summary>
        private static async Task<JsonNode?> ReadMessageAsync(Stream stream)
        {
            var length = -1;
            while (true)
            {
                var line = await ReadLineAsync(stream);
                if (line is null) return null;
                if (line.Length == 0) break;
                var colon = line.IndexOf(':');
                if (colon > 0 && line[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    length = int.Parse(line[(colon + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }

            var body = new byte[length];
            await stream.ReadExactlyAsync(body);
            return JsonNode.Parse(body);
        }

        private static async Task<string?> ReadLineAsync(Stream stream)
        {
            var bytes = new List<byte>();
            var one = new byte[1];
            while (true)
            {
                if (await stream.ReadAsync(one) == 0) return bytes.Count == 0 ? null : Encoding.ASCII.GetString(bytes.ToArray());
                if (one[0] == '\n') return Encoding.ASCII.GetString(bytes.ToArray()).TrimEnd('\r');
                bytes.Add(one[0]);
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (!_process.HasExited) _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
            }

            _process.Dispose();
            _writeLock.Dispose();
        }
    }
}
