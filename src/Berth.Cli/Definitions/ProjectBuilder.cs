using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Berth.Cli.Definitions;

/// <summary>What MSBuild says about a built project: the assembly and every reference path, most specific first.</summary>
/// <param name="ProjectPath">The project file.</param>
/// <param name="AssemblyPath">The built assembly (<c>$(TargetPath)</c>).</param>
/// <param name="ReferencePaths">
/// <c>@(ReferenceCopyLocalPaths)</c>, <c>@(RuntimeCopyLocalItems)</c>, then <c>@(ReferencePath)</c>: the same list, in the
/// same order, that the build step hands to the manifest writer.
/// </param>
internal sealed record BuiltProject(string ProjectPath, string AssemblyPath, IReadOnlyList<string> ReferencePaths)
{
    /// <summary>The files the project's evaluation imports (<c>dotnet msbuild -pp</c>), for the startup cache.</summary>
    public IReadOnlyList<string> ImportedFiles { get; init; } = Array.Empty<string>();

    /// <summary>The SDK MSBuild ran from (<c>$(MSBuildBinPath)</c>), for the startup cache.</summary>
    public string? SdkDirectory { get; init; }

    /// <summary>The restore output (<c>$(ProjectAssetsFile)</c>), if any, for the startup cache.</summary>
    public string? AssetsFile { get; init; }

    /// <summary>The direct project references (<c>@(ProjectReference)</c>), for the startup cache.</summary>
    public IReadOnlyList<string> ProjectReferences { get; init; } = Array.Empty<string>();

    /// <summary>The severity settings Berth.targets wrote for the compiled project (<see cref="Writer.SeveritySettings"/>), if any.</summary>
    public string? SeverityFile { get; init; }
}

/// <summary>
/// Builds a project with <c>dotnet msbuild -restore -t:Build</c> and asks MSBuild itself for the output assembly and
/// the reference paths (<c>-getProperty</c>/<c>-getItem</c>, SDK 8+), instead of guessing bin folders. The project's own
/// manifest step is skipped (<c>BerthGenerateManifests=false</c>): the CLI validates and renders by itself.
/// </summary>
internal static class ProjectBuilder
{
    private static readonly string[] ReferenceItems = { "ReferenceCopyLocalPaths", "RuntimeCopyLocalItems", "ReferencePath" };

    /// <summary>The project to use: <paramref name="project"/> (a file, or a folder with one project), else the one project in <paramref name="directory"/>, else null.</summary>
    /// <exception cref="UsageException">No or several projects where one is needed.</exception>
    public static string? FindProject(string? project, string directory)
    {
        if (!string.IsNullOrWhiteSpace(project))
        {
            var full = Path.GetFullPath(project, directory);
            if (File.Exists(full))
                return full;
            if (Directory.Exists(full))
                return SingleProjectIn(full) ?? throw new UsageException($"no project file (*.csproj) in {full}; pass --project <file.csproj>");
            throw new UsageException($"the project {full} does not exist");
        }

        return SingleProjectIn(directory);
    }

    private static string? SingleProjectIn(string directory)
    {
        var projects = Directory.EnumerateFiles(directory, "*.*proj").Where(p => p.EndsWith("proj", StringComparison.OrdinalIgnoreCase) && !p.EndsWith(".shproj", StringComparison.OrdinalIgnoreCase)).OrderBy(p => p, StringComparer.Ordinal).ToList();
        return projects.Count switch
        {
            0 => null,
            1 => projects[0],
            _ => throw new UsageException($"{directory} has several projects ({string.Join(", ", projects.Select(Path.GetFileName))}); choose one with --project"),
        };
    }

    /// <summary>
    /// The output of <paramref name="projectPath"/>: with <paramref name="noBuild"/>, from the startup cache
    /// (<see cref="ProjectCache"/>) when it is valid, else from MSBuild (which builds it unless <paramref name="noBuild"/>);
    /// what MSBuild says is cached for the next run when the cache was missing or stale. <paramref name="noCache"/>
    /// leaves the cache alone (neither read nor written).
    /// </summary>
    /// <remarks><paramref name="note"/> is told where the facts came from (shown with --verbose).</remarks>
    /// <exception cref="CliException">The build failed; its error lines were written to <paramref name="log"/>.</exception>
    public static async Task<BuiltProject> ResolveAsync(string projectPath, string? configuration, string? framework, bool noBuild, bool noCache, TextWriter log, Action<string> note, CancellationToken ct)
    {
        var name = Path.GetFileName(projectPath);
        BuiltProject? cached = null;
        if (!noCache)
        {
            cached = ProjectCache.TryRead(projectPath, configuration, framework, DotnetHost(), out var reason);
            if (cached is not null && noBuild)
            {
                note($"{name}: output and references from the startup cache {ProjectCache.PathFor(projectPath, configuration, framework)} (--no-cache asks MSBuild)");
                return cached;
            }

            if (cached is null)
                note($"{name}: asking MSBuild (startup cache not used: {reason})");
        }

        log.WriteLine($"{(noBuild ? "Loading" : "Building")} {name}...");
        var start = DateTime.UtcNow;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // A new or stale cache needs the list of imported files, which only -pp gives: asked at the same time.
        var imports = cached is null && !noCache ? ImportsAsync(projectPath, configuration, framework, stop.Token) : null;
        BuiltProject built;
        try
        {
            built = await BuildAsync(projectPath, configuration, framework, noBuild, log, ct).ConfigureAwait(false);
        }
        catch
        {
            stop.Cancel();
            if (imports is not null)
                await imports.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        if (imports is not null)
        {
            var files = await imports.ConfigureAwait(false);
            var written = files is null
                ? "dotnet msbuild -pp did not list the imported files"
                : ProjectCache.TryWrite(built with { ImportedFiles = files }, configuration, framework, DotnetHost(), start);
            note(written is null ? $"{name}: startup cache written to {ProjectCache.PathFor(projectPath, configuration, framework)}" : $"{name}: startup cache not written: {written}");
        }

        return built;
    }

    /// <summary>The files the evaluation of <paramref name="projectPath"/> imports, from <c>dotnet msbuild -pp</c>; null when it fails.</summary>
    private static async Task<IReadOnlyList<string>?> ImportsAsync(string projectPath, string? configuration, string? framework, CancellationToken ct)
    {
        var output = Path.Combine(Path.GetTempPath(), $"berth-pp-{Guid.NewGuid():N}.xml");
        try
        {
            var args = new List<string> { "msbuild", projectPath, "-nologo", "-p:BerthGenerateManifests=false", "-pp:" + output };
            AddGlobalProperties(args, configuration, framework);
            var (exit, _, _) = await RunDotnetAsync(args, Path.GetDirectoryName(projectPath)!, ct).ConfigureAwait(false);
            if (exit != 0 || !File.Exists(output))
                return null;

            // Each import is shown in a comment: "<Import Project=...>", a blank line, the full path, a line of '='.
            var lines = await File.ReadAllLinesAsync(output, ct).ConfigureAwait(false);
            var files = new List<string>();
            for (var i = 1; i < lines.Length - 1; i++)
            {
                if (lines[i + 1].StartsWith("=====", StringComparison.Ordinal) && lines[i - 1].Trim().Length == 0 && Path.IsPathRooted(lines[i].Trim()))
                    files.Add(lines[i].Trim());
            }

            return files.Count > 0 ? files.Distinct(StringComparer.Ordinal).ToList() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CliException or OperationCanceledException)
        {
            return null;
        }
        finally
        {
            try
            {
                File.Delete(output);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static void AddGlobalProperties(List<string> args, string? configuration, string? framework)
    {
        if (!string.IsNullOrWhiteSpace(configuration))
            args.Add("-p:Configuration=" + configuration);
        if (!string.IsNullOrWhiteSpace(framework))
            args.Add("-p:TargetFramework=" + framework);
    }

    /// <summary>Builds <paramref name="projectPath"/> (or, with <paramref name="noBuild"/>, only resolves its references) and returns its output.</summary>
    /// <exception cref="CliException">The build failed; its error lines were written to <paramref name="log"/>.</exception>
    public static async Task<BuiltProject> BuildAsync(string projectPath, string? configuration, string? framework, bool noBuild, TextWriter log, CancellationToken ct)
    {
        var args = new List<string>
        {
            "msbuild", projectPath, "-nologo", "-v:q", "-p:BerthGenerateManifests=false",
            "-getProperty:TargetPath", "-getProperty:TargetFrameworks", "-getProperty:MSBuildBinPath", "-getProperty:ProjectAssetsFile", "-getProperty:_BerthSeverityFile",
            "-getItem:ProjectReference",
        };
        args.AddRange(ReferenceItems.Select(i => "-getItem:" + i));
        if (noBuild)
        {
            args.Add("-t:ResolveReferences");
            args.Add("-p:BuildProjectReferences=false");
        }
        else
        {
            args.Add("-restore");
            args.Add("-t:Build");
        }

        AddGlobalProperties(args, configuration, framework);
        var name = Path.GetFileName(projectPath);
        var (exit, stdout, stderr) = await RunDotnetAsync(args, Path.GetDirectoryName(projectPath)!, ct).ConfigureAwait(false);
        if (exit != 0)
        {
            // With -getProperty MSBuild writes its diagnostics to stderr; show the errors (once each), not the noise.
            var errors = (stderr + "\n" + stdout).Split('\n').Select(l => l.TrimEnd())
                .Where(l => l.Contains(": error ", StringComparison.Ordinal) || l.StartsWith("MSBUILD : error", StringComparison.Ordinal))
                .Distinct().ToList();
            foreach (var line in errors.Take(50))
                log.WriteLine(line);
            if (errors.Count > 50)
                log.WriteLine($"... and {errors.Count - 50} more error(s)");
            if (errors.Count == 0)
                log.WriteLine(stderr.Trim().Length > 0 ? stderr.Trim() : stdout.Trim());
            throw new CliException($"{(noBuild ? "resolving the references of" : "the build of")} {name} failed ({errors.Count} error(s))");
        }

        JsonElement root;
        try
        {
            root = JsonDocument.Parse(stdout).RootElement;
        }
        catch (JsonException)
        {
            throw new CliException($"dotnet msbuild did not report the output of {name}; is the .NET SDK 8 or newer installed? (it printed: {Shorten(stdout)})");
        }

        var properties = root.GetProperty("Properties");
        var targetPath = properties.GetProperty("TargetPath").GetString();
        if (string.IsNullOrEmpty(targetPath))
        {
            var frameworks = properties.TryGetProperty("TargetFrameworks", out var f) ? f.GetString() : null;
            throw new UsageException($"{name} targets several frameworks ({frameworks}); choose one with --framework");
        }

        if (!File.Exists(targetPath))
            throw new CliException($"{name} has no built assembly at {targetPath}{(noBuild ? "; build it first or drop --no-build" : string.Empty)}");

        var references = new List<string>();
        var items = root.GetProperty("Items");
        foreach (var item in ReferenceItems)
        {
            if (!items.TryGetProperty(item, out var list))
                continue;
            foreach (var entry in list.EnumerateArray())
            {
                var path = entry.TryGetProperty("FullPath", out var full) ? full.GetString() : entry.GetProperty("Identity").GetString();
                if (!string.IsNullOrEmpty(path) && path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                    references.Add(path);
            }
        }

        var projectReferences = new List<string>();
        if (items.TryGetProperty("ProjectReference", out var projectItems))
        {
            foreach (var entry in projectItems.EnumerateArray())
            {
                if (entry.TryGetProperty("FullPath", out var full) && full.GetString() is { Length: > 0 } path)
                    projectReferences.Add(path);
            }
        }

        return new BuiltProject(projectPath, targetPath, references)
        {
            SdkDirectory = properties.TryGetProperty("MSBuildBinPath", out var sdk) ? sdk.GetString() : null,
            AssetsFile = properties.TryGetProperty("ProjectAssetsFile", out var assets) && assets.GetString() is { Length: > 0 } a ? a : null,
            ProjectReferences = projectReferences,
            SeverityFile = properties.TryGetProperty("_BerthSeverityFile", out var severity) && severity.GetString() is { Length: > 0 } s ? s : null,
        };
    }

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "..." : text.Trim();

    /// <summary>The dotnet host: the one running the SDK (DOTNET_HOST_PATH), else <c>dotnet</c> on the PATH.</summary>
    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
    }

    private static async Task<(int Exit, string StdOut, string StdErr)> RunDotnetAsync(IEnumerable<string> args, string directory, CancellationToken ct)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDTERMINALLOGGER"] = "off";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new CliException("could not start dotnet");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new CliException($"could not start '{start.FileName}' to build the project ({e.Message}); install the .NET SDK or pass --assembly");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            try
            {
                await process.WaitForExitAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                }

                throw;
            }

            return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
    }
}
