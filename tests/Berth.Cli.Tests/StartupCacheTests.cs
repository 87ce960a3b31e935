using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Berth.Cli.Definitions;
using Berth.Cli.Tests.Support;
using Xunit;

namespace Berth.Cli.Tests;

/// <summary>
/// The startup cache (obj/berth/): what MSBuild said about a project, used by --no-build only while nothing it was
/// derived from changed. Timings are measured by benchmarks/cli-startup, not here.
/// </summary>
public sealed class StartupCacheTests
{
    private const string WebApp = """
        using Berth;

        namespace Shop;

        [Manifests]
        public static partial class Infra
        {
            public static StatefulApp Web { get; } = StatefulApp.Named("web")
                .IdentityLabels(("app", "web"))
                .Replicas(1)
                .Container("web", "nginx:1.27", c => c
                    .Port("http", 8080)
                    .Readiness(Probe.Tcp("http"))
                    .Requests(cpu: "50m", memory: "64Mi", ephemeralStorage: "64Mi")
                    .Limits(memory: "128Mi", ephemeralStorage: "128Mi"));
        }
        """;

    // An import through a property: only MSBuild's own import list (-pp) knows this file.
    private const string PropertyImport = """
        <PropertyGroup><ExtraBuildFolder>$(MSBuildProjectDirectory)/build/</ExtraBuildFolder></PropertyGroup>
        <Import Project="$(ExtraBuildFolder)extra.props" />
        """;

    [Fact]
    public async Task A_repeated_no_build_command_skips_msbuild_until_an_input_changes_and_never_uses_a_stale_entry()
    {
        using var project = TempProject.Create(WebApp, PropertyImport);
        var extra = Path.Combine(project.Directory, "build", "extra.props");
        Directory.CreateDirectory(Path.GetDirectoryName(extra)!);
        File.WriteAllText(extra, "<Project><PropertyGroup><Extra>1</Extra></PropertyGroup></Project>");
        Task<CliResult> Render(params string[] args) => Tool.RunAsync(new[] { "render", "web", "--verbose" }.Concat(args).ToArray(), project.Directory);

        var built = (await Render()).Expect(0);
        Assert.Contains("Building Infra.csproj...", built.Err);
        Assert.Contains("name: web", built.Out);

        // The first --no-build run asks MSBuild and writes the cache (the build's restore may have just written
        // project.assets.json, which keeps that run from writing it); the next one starts without MSBuild.
        var first = (await Render("--no-build")).Expect(0);
        Assert.Contains("Loading Infra.csproj...", first.Err);
        Assert.Contains("startup cache written to " + ProjectCache.PathFor(project.ProjectPath, null, null), first.Err);
        var cached = (await Render("--no-build")).Expect(0);
        Assert.Contains("from the startup cache", cached.Err);
        Assert.DoesNotContain("Loading", cached.Err);
        Assert.Equal(built.Out, cached.Out);

        // A file imported through a property changed: asked again.
        File.WriteAllText(extra, "<Project><PropertyGroup><Extra>2</Extra></PropertyGroup></Project>");
        var changedImport = (await Render("--no-build")).Expect(0);
        Assert.Contains($"startup cache not used: {extra} changed", changedImport.Err);
        Assert.Contains("Loading Infra.csproj...", changedImport.Err);

        // The assembly is gone: resolved again, and the error says to build (not a failure to load a cached path).
        File.Delete(project.AssemblyPath());
        var gone = (await Render("--no-build")).Expect(1);
        Assert.Contains($"startup cache not used: the assembly {project.AssemblyPath()} is gone", gone.Err);
        Assert.Contains($"error: Infra.csproj has no built assembly at {project.AssemblyPath()}; build it first or drop --no-build", gone.Err);
        (await Render()).Expect(0);
        Assert.True(File.Exists(project.AssemblyPath()));
        (await Render("--no-build")).Expect(0);
        Assert.Contains("from the startup cache", (await Render("--no-build")).Expect(0).Err);

        // The project file changed its output: the cached path (whose assembly still exists) is not used.
        project.WriteProject(PropertyImport + "<PropertyGroup><AssemblyName>Renamed</AssemblyName></PropertyGroup>");
        var renamed = (await Render("--no-build")).Expect(1);
        Assert.Contains($"startup cache not used: {project.ProjectPath} changed", renamed.Err);
        Assert.Contains($"error: Infra.csproj has no built assembly at {project.AssemblyPath("Renamed")}", renamed.Err);
        Assert.True(File.Exists(project.AssemblyPath()));
    }

    [Fact]
    public async Task No_cache_asks_msbuild_and_leaves_the_cache_alone()
    {
        using var project = TempProject.Create(WebApp);
        (await Tool.RunAsync(new[] { "validate", "web" }, project.Directory)).Expect(0);
        var result = (await Tool.RunAsync(new[] { "validate", "web", "--no-build", "--no-cache", "--verbose" }, project.Directory)).Expect(0);
        Assert.Contains("Loading Infra.csproj...", result.Err);
        Assert.DoesNotContain("startup cache", result.Err);
        Assert.False(File.Exists(ProjectCache.PathFor(project.ProjectPath, null, null)));
    }

    /// <summary>Fake files for the cache alone (no MSBuild): a project, its assembly, a reference, an import, the restore output.</summary>
    private sealed class Files : IDisposable
    {
        public Files()
        {
            Directory = System.IO.Directory.CreateTempSubdirectory("berth-cache-").FullName;
            Project = Write("App.csproj", "<Project />");
            Assembly = Write("bin/App.dll", "assembly");
            Reference = Write("refs/Lib.dll", "reference");
            Import = Write("build/extra.props", "<Project />");
            Assets = Write("obj/project.assets.json", "{}");
            Built = new BuiltProject(Project, Assembly, new[] { Reference }) { ImportedFiles = new[] { Import }, AssetsFile = Assets };
        }

        public string Directory { get; }

        public string Project { get; }

        public string Assembly { get; }

        public string Reference { get; }

        public string Import { get; }

        public string Assets { get; }

        public BuiltProject Built { get; }

        public string Write(string relative, string text)
        {
            var path = Path.Combine(Directory, relative);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            return path;
        }

        /// <summary>Writes the cache as after an MSBuild run that started now.</summary>
        public void Cache() => Assert.Null(ProjectCache.TryWrite(Built, null, null, "dotnet", DateTime.UtcNow));

        public string Miss()
        {
            Assert.Null(ProjectCache.TryRead(Project, null, null, "dotnet", out var reason));
            return reason;
        }

        public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
    }

    [Fact]
    public void An_entry_is_read_back_as_written()
    {
        using var files = new Files();
        files.Cache();
        var read = ProjectCache.TryRead(files.Project, null, null, "dotnet", out _);
        Assert.NotNull(read);
        Assert.Equal(files.Assembly, read!.AssemblyPath);
        Assert.Equal(new[] { files.Reference }, read.ReferencePaths);
        var inputs = File.ReadAllLines(ProjectCache.PathFor(files.Project, null, null)).Where(l => l.StartsWith("input\t", StringComparison.Ordinal)).Select(l => l.Split('\t')[2]).ToList();
        Assert.Contains(files.Project, inputs);
        Assert.Contains(files.Import, inputs);
        Assert.Contains(files.Assets, inputs);
        Assert.Contains(Path.Combine(files.Directory, "Directory.Build.props"), inputs);
        Assert.Contains(Path.Combine(files.Directory, "global.json"), inputs);
    }

    [Theory]
    [InlineData("project")]
    [InlineData("import")]
    [InlineData("assets")]
    public void A_changed_input_makes_the_entry_stale(string which)
    {
        using var files = new Files();
        files.Cache();
        var path = which switch { "project" => files.Project, "import" => files.Import, _ => files.Assets };
        File.AppendAllText(path, " ");
        Assert.Equal($"{path} changed", files.Miss());
    }

    [Theory]
    [InlineData("Directory.Build.props")]
    [InlineData("Directory.Build.targets")]
    [InlineData("global.json")]
    public void A_new_file_that_msbuild_would_pick_up_makes_the_entry_stale(string name)
    {
        using var files = new Files();
        files.Cache();
        var path = files.Write(name, "<Project />");
        Assert.Equal($"{path} changed", files.Miss());
    }

    [Fact]
    public void A_deleted_assembly_or_reference_makes_the_entry_stale()
    {
        using var files = new Files();
        files.Cache();
        File.Delete(files.Reference);
        Assert.Equal($"the reference {files.Reference} is gone", files.Miss());
        File.Delete(files.Assembly);
        Assert.Equal($"the assembly {files.Assembly} is gone", files.Miss());
    }

    [Fact]
    public void Another_configuration_framework_or_dotnet_has_its_own_entry()
    {
        using var files = new Files();
        files.Cache();
        Assert.Null(ProjectCache.TryRead(files.Project, "Release", null, "dotnet", out _));
        Assert.Null(ProjectCache.TryRead(files.Project, null, "net9.0", "dotnet", out _));
        Assert.Null(ProjectCache.TryRead(files.Project, null, null, "/opt/other/dotnet", out var reason));
        Assert.Contains("another berth, configuration, framework, SDK or environment", reason);
    }

    [Fact]
    public void A_damaged_or_half_written_entry_is_not_used()
    {
        using var files = new Files();
        files.Cache();
        var cache = ProjectCache.PathFor(files.Project, null, null);
        var lines = File.ReadAllLines(cache);
        File.WriteAllLines(cache, lines.Take(lines.Length - 1));
        Assert.Contains("is incomplete", files.Miss());
        File.WriteAllLines(cache, lines.Take(2).Append("something else").Concat(lines.Skip(2)));
        Assert.Contains("is damaged", files.Miss());
        File.WriteAllText(cache, "garbage");
        Assert.NotEmpty(files.Miss());
    }

    [Fact]
    public void Facts_older_than_their_inputs_are_not_written()
    {
        using var files = new Files();
        // MSBuild started before the import was last written: what it said may predate that change.
        var written = ProjectCache.TryWrite(files.Built, null, null, "dotnet", DateTime.UtcNow.AddMinutes(-1));
        Assert.NotNull(written);
        Assert.Contains("changed while MSBuild read it", written);
        Assert.False(File.Exists(ProjectCache.PathFor(files.Project, null, null)));
    }
}
