using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Berth.Package.Tests;

/// <summary>
/// Packs src/Berth.Package once into a temporary folder feed and creates consumer projects next to it. Each
/// consumer restores into the fixture's own packages folder, so a stale Berth in the machine's global
/// packages folder can never be picked up, and nothing is left in it either.
/// </summary>
public sealed class PackageFixture : IAsyncLifetime
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "berth-package-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public string Feed => Path.Combine(Root, "feed");

    public string Packages => Path.Combine(Root, "packages");

    public string PackageVersion { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        var project = Path.Combine(DotnetCli.RepoRoot(), "src", "Berth.Package", "Berth.Package.csproj");
        var pack = await DotnetCli.RunAsync(Root, "pack", project, "-c", "Release", "-o", Feed, "-nodeReuse:false", "--disable-build-servers");
        Assert.True(pack.ExitCode == 0, "dotnet pack failed: " + pack);
        var package = Directory.GetFiles(Feed, "Berth.*.nupkg").Single();
        PackageVersion = Path.GetFileNameWithoutExtension(package)["Berth.".Length..];

        // A nuget.config that adds the feed and keeps the machine's sources (no <clear/>). The machine's global
        // packages folder is added as a folder feed so KubernetesClient and friends restore without the network.
        // Source mapping sends Berth to the test feed only: the global folder may hold an older Berth of the same
        // version (from any earlier restore on the machine), and NuGet takes a version from whichever source answers
        // first, so without the mapping the consumers sometimes restored that stale package instead of this pack.
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="berth-test-feed" value="{Feed}" />
                <add key="machine-packages" value="{globalPackages}" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="berth-test-feed">
                  <package pattern="Berth" />
                  <package pattern="Berth.*" />
                </packageSource>
                <packageSource key="machine-packages">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        // Keep the repository's Directory.Build.props/targets and global.json out of the consumers' way.
        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />");
    }

    /// <summary>Creates a consumer project that references the packed Berth.</summary>
    public string CreateProject(string name, string outputType, params (string File, string Text)[] sources) =>
        CreateProject(name, outputType, string.Empty, sources);

    /// <summary>Creates a consumer project with extra project XML (items, properties) inside its &lt;Project&gt;.</summary>
    public string CreateProject(string name, string outputType, string extraProjectXml, params (string File, string Text)[] sources)
    {
        var directory = Path.Combine(Root, name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>{outputType}</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <RestorePackagesPath>{Packages}</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Berth" Version="{PackageVersion}" />
              </ItemGroup>
            {extraProjectXml}
            </Project>
            """);
        foreach (var (file, text) in sources)
            File.WriteAllText(Path.Combine(directory, file), text);
        return directory;
    }

    public Task<CliResult> BuildAsync(string project, params string[] arguments) =>
        DotnetCli.RunAsync(project, new[] { "build", "-nodeReuse:false", "--disable-build-servers" }.Concat(arguments).ToArray());

    /// <summary>Runs a dotnet command (build, clean, publish...) in the project with extra environment variables.</summary>
    public Task<CliResult> RunAsync(string project, System.Collections.Generic.IReadOnlyDictionary<string, string?>? environment, string command, params string[] arguments) =>
        DotnetCli.RunAsync(project, environment, new[] { command, "-nodeReuse:false", "--disable-build-servers" }.Concat(arguments).ToArray());

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        return Task.CompletedTask;
    }
}
