using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading.Tasks;

namespace Berth.Package.Tests;

/// <summary>The result of one dotnet CLI run.</summary>
public sealed record CliResult(int ExitCode, string Output)
{
    public override string ToString() => $"exit code {ExitCode}\n{Output}";
}

/// <summary>Runs the dotnet CLI as a user would, without leaving build servers behind.</summary>
internal static class DotnetCli
{
    public static Task<CliResult> RunAsync(string workingDirectory, params string[] arguments) =>
        RunAsync(workingDirectory, null, arguments);

    /// <summary>Runs dotnet with extra environment variables (a null value removes the variable).</summary>
    public static async Task<CliResult> RunAsync(string workingDirectory, System.Collections.Generic.IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDTERMINALLOGGER"] = "off";
        // The test host's own MSBuild settings must not leak into the consumer build.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        foreach (var (name, value) in environment ?? new System.Collections.Generic.Dictionary<string, string?>())
        {
            if (value is null)
                start.Environment.Remove(name);
            else
                start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromMinutes(15))) != exited)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish in 15 minutes in {workingDirectory}.");
        }
        output.Append(await stdout).Append(await stderr);
        return new CliResult(process.ExitCode, output.ToString());
    }

    /// <summary>The repository root (the folder with Dsl.sln) above the test assembly.</summary>
    public static string RepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Dsl.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException("Dsl.sln not found above " + AppContext.BaseDirectory);
    }
}
