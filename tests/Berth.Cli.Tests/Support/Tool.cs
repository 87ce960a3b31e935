using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;

namespace Berth.Cli.Tests.Support;

/// <summary>What one berth run printed and returned.</summary>
public sealed record CliResult(string[] Args, int ExitCode, string Out, string Err)
{
    /// <summary>Everything, for assertion messages.</summary>
    public override string ToString() => $"berth {string.Join(' ', Args)} -> {ExitCode}\n--- stdout:\n{Out}\n--- stderr:\n{Err}";

    /// <summary>Throws with the whole output unless the exit code is <paramref name="expected"/>.</summary>
    public CliResult Expect(int expected) =>
        ExitCode == expected ? this : throw new Xunit.Sdk.XunitException($"expected exit code {expected}: {this}");
}

/// <summary>Runs berth in-process through <see cref="Program.RunAsync"/>, or as a real process.</summary>
public static class Tool
{
    /// <summary>The fixture library's project file.</summary>
    public static string FixtureProject { get; } = Metadata("FixtureProject");

    /// <summary>The configuration the tests (and so the fixture) were built with.</summary>
    public static string Configuration { get; } = Metadata("Configuration");

    /// <summary>The fixture library, built with the tests.</summary>
    public static string FixtureAssembly { get; } = Metadata("FixtureAssembly");

    /// <summary>An empty folder: no project in it, so berth takes no definitions from the current directory.</summary>
    public static string EmptyDirectory { get; } = Directory.CreateTempSubdirectory("berth-cli-tests-").FullName;

    private static string Metadata(string key) =>
        typeof(Tool).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    /// <summary>Runs berth in-process (plain output unless <paramref name="interactive"/>), in <paramref name="directory"/> (default: an empty folder).</summary>
    public static async Task<CliResult> RunAsync(string[] args, string? directory = null, bool interactive = false, CancellationToken cancellationToken = default)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Program.RunAsync(args, output, error, directory ?? EmptyDirectory, interactive, cancellationToken);
        return new CliResult(args, code, output.ToString(), error.ToString());
    }

    /// <inheritdoc cref="RunAsync(string[], string?, bool, CancellationToken)"/>
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(args, null);

    /// <summary>Runs the built tool as a separate process (<c>dotnet Berth.Cli.dll ...</c>) with stdout and stderr redirected.</summary>
    public static async Task<CliResult> RunProcessAsync(string[] args, string? directory = null, TimeSpan? timeout = null, string? stdin = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Berth.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null, UseShellExecute = false, WorkingDirectory = directory ?? EmptyDirectory };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add("--runtimeconfig");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Berth.Cli.runtimeconfig.json"));
        start.ArgumentList.Add("--depsfile");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Berth.Cli.deps.json"));
        start.ArgumentList.Add(dll);
        foreach (var a in args)
            start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"berth {string.Join(' ', args)} did not finish");
        }

        return new CliResult(args, process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// Runs the built tool as a process and sends it SIGINT (what Ctrl+C sends) once its standard output contains
    /// <paramref name="after"/>; returns its result and how long it took to exit after the signal.
    /// </summary>
    public static async Task<(CliResult Result, TimeSpan ExitAfterSignal)> InterruptProcessAsync(string[] args, string after, TimeSpan? timeout = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Berth.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = EmptyDirectory };
        foreach (var a in new[] { "exec", "--runtimeconfig", Path.Combine(AppContext.BaseDirectory, "Berth.Cli.runtimeconfig.json"), "--depsfile", Path.Combine(AppContext.BaseDirectory, "Berth.Cli.deps.json"), dll }.Concat(args))
            start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = new System.Text.StringBuilder();
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (stdout)
            {
                stdout.AppendLine(e.Data);
                if (stdout.ToString().Contains(after, StringComparison.Ordinal))
                    seen.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(90));
        try
        {
            await seen.Task.WaitAsync(cts.Token);
            var clock = Stopwatch.StartNew();
            if (Kill(process.Id, 2) != 0)
                throw new InvalidOperationException("kill -INT failed");
            await process.WaitForExitAsync(cts.Token);
            var elapsed = clock.Elapsed;
            process.WaitForExit(); // the output events are all delivered
            string output;
            lock (stdout)
                output = stdout.ToString();
            return (new CliResult(args, process.ExitCode, output, await stderr), elapsed);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"berth {string.Join(' ', args)}: no '{after}' in its output, or it did not end after SIGINT:\n{stdout}");
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
