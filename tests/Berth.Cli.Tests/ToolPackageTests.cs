using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using System.Xml.Linq;
using Xunit;

namespace Berth.Cli.Tests;

/// <summary>
/// The tool package as users get it: <c>dotnet pack src/Berth.Cli</c>, then <c>dotnet tool install</c> from that folder
/// feed. On linux-x64 the installed tool is the ReadyToRun build (no JIT of the CLI's own code at start); every other
/// platform gets the framework-dependent IL build (<c>Berth.Cli.any</c>). No cluster needed.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("berth-tool-package-").FullName;

    [Fact]
    public async Task The_installed_tool_on_linux_x64_runs_the_ReadyToRun_build_and_other_platforms_get_the_IL_build()
    {
        var feed = Path.Combine(root, "feed");
        var pack = await RunAsync(root, "dotnet", "pack", Path.Combine(RepoRoot(), "src", "Berth.Cli", "Berth.Cli.csproj"), "-c", "Release", "-o", feed, "-nodeReuse:false", "--disable-build-servers");
        Assert.True(pack.ExitCode == 0, "dotnet pack failed: " + pack.Output);

        // the pointer package names one package per platform, and holds no implementation itself
        var pointer = Directory.GetFiles(feed, "Berth.Cli.*.nupkg").Single(f => !Path.GetFileName(f).StartsWith("Berth.Cli.any.", StringComparison.Ordinal) && !Path.GetFileName(f).StartsWith("Berth.Cli.linux-x64.", StringComparison.Ordinal));
        var version = Path.GetFileNameWithoutExtension(pointer)["Berth.Cli.".Length..];
        using (var zip = ZipFile.OpenRead(pointer))
        {
            Assert.DoesNotContain(zip.Entries, e => e.FullName.EndsWith(".dll", StringComparison.Ordinal));
            var settings = XDocument.Load(zip.Entries.Single(e => e.Name == "DotnetToolSettings.xml").Open());
            var rids = settings.Descendants("RuntimeIdentifierPackage").Select(p => $"{(string?)p.Attribute("RuntimeIdentifier")}={(string?)p.Attribute("Id")}").Order(StringComparer.Ordinal);
            Assert.Equal(new[] { "any=Berth.Cli.any", "linux-x64=Berth.Cli.linux-x64" }, rids);
        }

        // the fallback for other platforms: IL for net10.0, run by dotnet (framework-dependent)
        using (var any = ZipFile.OpenRead(Path.Combine(feed, $"Berth.Cli.any.{version}.nupkg")))
        {
            var entry = any.GetEntry("tools/net10.0/any/Berth.Cli.dll");
            Assert.NotNull(entry);
            Assert.False(IsReadyToRun(entry!), "Berth.Cli.any carries ReadyToRun code; it must be IL for every platform");
            Assert.NotNull(any.GetEntry("tools/net10.0/any/Berth.Cli.runtimeconfig.json"));
        }

        // installed from the feed alone, into a packages folder of its own (a Berth.Cli of the same version cached on the
        // machine is never taken instead of this pack)
        File.WriteAllText(Path.Combine(root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="feed" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        var tools = Path.Combine(root, "tools");
        var install = await RunIsolatedAsync(root, "dotnet", "tool", "install", "Berth.Cli", "--version", version, "--tool-path", tools, "--configfile", Path.Combine(root, "nuget.config"));
        Assert.True(install.ExitCode == 0, "dotnet tool install failed: " + install.Output);

        var installed = Directory.GetFiles(Path.Combine(tools, ".store"), "Berth.Cli.dll", SearchOption.AllDirectories).Single();
        if (RuntimeInformation.RuntimeIdentifier == "linux-x64" || (OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64))
        {
            Assert.Contains(Path.Combine("tools", "net10.0", "linux-x64"), installed, StringComparison.Ordinal);
            Assert.True(IsReadyToRun(installed), $"{installed} has no ReadyToRun code");
            // its dependencies too (the HTTP and model code apply runs), except the compiler (berth import only)
            var folder = Path.GetDirectoryName(installed)!;
            foreach (var dll in new[] { "Berth.Client.dll", "Berth.dll", "Berth.Rules.dll", "KubernetesClient.dll", "YamlDotNet.dll", "System.CommandLine.dll" })
                Assert.True(IsReadyToRun(Path.Combine(folder, dll)), $"{dll} has no ReadyToRun code");
            Assert.False(IsReadyToRun(Path.Combine(folder, "Microsoft.CodeAnalysis.CSharp.dll")));
        }
        else
        {
            Assert.Contains(Path.Combine("tools", "net10.0", "any"), installed, StringComparison.Ordinal);
        }

        // and the installed command runs
        var berth = Path.Combine(tools, OperatingSystem.IsWindows() ? "berth.exe" : "berth");
        var run = await RunAsync(root, berth, "--version");
        Assert.True(run.ExitCode == 0, "berth --version failed: " + run.Output);
        Assert.StartsWith(version, run.Output.Trim(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>True when the assembly carries ReadyToRun code: an IL-only PE has no managed native header.</summary>
    private static bool IsReadyToRun(string path)
    {
        using var stream = File.OpenRead(path);
        return IsReadyToRun(stream);
    }

    private static bool IsReadyToRun(ZipArchiveEntry entry)
    {
        using var copy = new MemoryStream();
        using (var stream = entry.Open())
            stream.CopyTo(copy);
        copy.Position = 0;
        return IsReadyToRun(copy);
    }

    private static bool IsReadyToRun(Stream stream)
    {
        using var pe = new PEReader(stream);
        var cor = pe.PEHeaders.CorHeader;
        return cor is not null && cor.ManagedNativeHeaderDirectory.Size > 0;
    }

    private static string RepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Dsl.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException("Dsl.sln not found above " + AppContext.BaseDirectory);
    }

    private Task<(int ExitCode, string Output)> RunAsync(string directory, string file, params string[] args) => RunAsync(directory, file, args, isolated: false);

    /// <summary>Runs with a NuGet packages folder of the test's own (what it installs is never taken from, nor left in, the machine's).</summary>
    private Task<(int ExitCode, string Output)> RunIsolatedAsync(string directory, string file, params string[] args) => RunAsync(directory, file, args, isolated: true);

    private async Task<(int ExitCode, string Output)> RunAsync(string directory, string file, string[] args, bool isolated)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        if (isolated)
            start.Environment["NUGET_PACKAGES"] = Path.Combine(root, "packages");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
