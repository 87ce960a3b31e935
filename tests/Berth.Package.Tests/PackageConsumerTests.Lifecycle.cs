using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Berth.Package.Tests;

/// <summary>The manifests in the output folder are always the ones the current definitions produce, or the build says why.</summary>
public sealed partial class PackageConsumerTests
{
    // Web's image tag comes from an environment variable; Web's DB_HOST from the cluster domain.
    private const string WebInfra = """
        using Berth;

        namespace Consumer;

        [Manifests]
        public static partial class Infra
        {
            public static StatefulApp Db => StatefulApp.Named("db")
                .Container("db", "postgres:16.4", c => c
                    .Port("pg", 5432)
                    .Requests(cpu: "100m", memory: "128Mi").Limits(memory: "256Mi")
                    .Readiness(Probe.Tcp("pg")))
                .SpreadAcrossNodes();

            public static StatefulApp Web => StatefulApp.Named("web")
                .Container("web", "nginx:" + (System.Environment.GetEnvironmentVariable("BERTH_TEST_TAG") ?? "1.27"), c => c
                    .Port("http", 80)
                    .Env("DB_HOST", Db.ServiceHost)
                    .Requests(cpu: "10m", memory: "16Mi").Limits(memory: "32Mi")
                    .Readiness(Probe.Tcp("http")))
                .SpreadAcrossNodes();
        }
        """;

    private static readonly IReadOnlyDictionary<string, string?> NoInputs = new Dictionary<string, string?> { ["BERTH_TEST_TAG"] = null, ["BERTH_CLUSTER_DOMAIN"] = null };

    private static Dictionary<string, string?> With(string name, string value) => new(NoInputs) { [name] = value };

    private static string StampFile(string project) => Path.Combine(project, "obj", "Debug", "net10.0", "berth", "manifests.stamp");

    private static JsonDocument Index(string project) => JsonDocument.Parse(File.ReadAllText(Path.Combine(Manifests(project), "index.json")));

    [Fact]
    public async Task Manifests_deleted_or_edited_by_hand_are_written_again_and_clean_removes_them_with_the_state()
    {
        var project = _package.CreateProject("LifecycleApp", "Library", ("Infra.cs", WebInfra));
        var web = Path.Combine(Manifests(project), "web.yaml");

        var build = await _package.RunAsync(project, NoInputs, "build");
        Assert.True(build.ExitCode == 0, build.ToString());
        var original = File.ReadAllText(web);
        Assert.Contains("image: nginx:1.27", original);

        // bin/ deleted: the next build writes the manifests again (it used to skip the writer for good).
        Directory.Delete(Path.Combine(project, "bin"), recursive: true);
        var afterDelete = await _package.RunAsync(project, NoInputs, "build");
        Assert.True(afterDelete.ExitCode == 0, afterDelete.ToString());
        Assert.Equal(original, File.ReadAllText(web));

        // A file changed by hand is written again; an unchanged tree still skips the writer.
        File.AppendAllText(web, "# edited by hand\n");
        var afterEdit = await _package.RunAsync(project, NoInputs, "build");
        Assert.True(afterEdit.ExitCode == 0, afterEdit.ToString());
        Assert.Equal(original, File.ReadAllText(web));
        var noop = await _package.RunAsync(project, NoInputs, "build", "-v:n");
        Assert.Contains("Skipping target \"BerthWriteManifests\" because all output files are up-to-date", noop.Output);

        // dotnet clean removes the manifests and the writer's state; the next build writes them again.
        var clean = await _package.RunAsync(project, NoInputs, "clean");
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.False(File.Exists(web), "dotnet clean left " + web);
        Assert.False(File.Exists(StampFile(project)), "dotnet clean left the writer's stamp");
        var afterClean = await _package.RunAsync(project, NoInputs, "build");
        Assert.True(afterClean.ExitCode == 0, afterClean.ToString());
        Assert.Equal(original, File.ReadAllText(web));
    }

    [Fact]
    public async Task A_declared_environment_input_and_the_cluster_domain_variable_rerun_the_writer_when_they_change()
    {
        var project = _package.CreateProject("InputsApp", "Library", """
              <ItemGroup>
                <BerthInput Include="env:BERTH_TEST_TAG" />
              </ItemGroup>
            """, ("Infra.cs", WebInfra));
        var web = Path.Combine(Manifests(project), "web.yaml");

        var first = await _package.RunAsync(project, With("BERTH_TEST_TAG", "1.0"), "build");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.DoesNotContain("BERTH103", first.Output); // declared: the analyzers know it
        Assert.Contains("image: nginx:1.0", File.ReadAllText(web));

        var second = await _package.RunAsync(project, With("BERTH_TEST_TAG", "2.0"), "build");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("image: nginx:2.0", File.ReadAllText(web));

        var domain = await _package.RunAsync(project, new Dictionary<string, string?>(With("BERTH_TEST_TAG", "2.0")) { ["BERTH_CLUSTER_DOMAIN"] = "corp.example" }, "build");
        Assert.True(domain.ExitCode == 0, domain.ToString());
        Assert.Contains("value: db.default.svc.corp.example", File.ReadAllText(web));

        // The same inputs again: nothing to do.
        var same = await _package.RunAsync(project, new Dictionary<string, string?>(With("BERTH_TEST_TAG", "2.0")) { ["BERTH_CLUSTER_DOMAIN"] = "corp.example" }, "build", "-v:n");
        Assert.Contains("Skipping target \"BerthWriteManifests\" because all output files are up-to-date", same.Output);
    }

    // Reads an environment variable through a helper and a file in the project folder.
    private const string ReadingInfra = """
        using Berth;

        namespace Consumer;

        [Manifests]
        public static partial class Infra
        {
            public static StatefulApp Web => StatefulApp.Named("web")
                .Container("web", "nginx:" + Tags.Web(), c => c
                    .Port("http", 80)
                    .Requests(cpu: "10m", memory: "16Mi").Limits(memory: "32Mi")
                    .Readiness(Probe.Tcp("http")))
                .InNamespace(System.IO.File.ReadAllText("namespace.txt").Trim())
                .SpreadAcrossNodes();
        }

        public static class Tags
        {
            public static string Web() => System.Environment.GetEnvironmentVariable("BERTH_TEST_TAG") ?? "1.27";
        }
        """;

    [Fact]
    public async Task Undeclared_inputs_a_definition_reads_are_warnings_with_the_line_to_add_and_declaring_them_silences_them()
    {
        var project = _package.CreateProject("UndeclaredApp", "Library", ("Infra.cs", ReadingInfra), ("namespace.txt", "web\n"));
        var source = Path.Combine(project, "Infra.cs");
        string At(string call)
        {
            var lines = ReadingInfra.Split('\n');
            var line = Array.FindIndex(lines, l => l.Contains(call, StringComparison.Ordinal));
            return $"{source}({line + 1},{lines[line].IndexOf(call, StringComparison.Ordinal) + 1}): warning BERTH103: ";
        }

        var undeclared = await _package.RunAsync(project, With("BERTH_TEST_TAG", "2.0"), "build");
        Assert.True(undeclared.ExitCode == 0, undeclared.ToString());
        Assert.Contains(At("System.Environment.GetEnvironmentVariable") + "Infra.Web reads the environment variable BERTH_TEST_TAG, which is not declared: " +
            "add <BerthInput Include=\"env:BERTH_TEST_TAG\" /> to the project so that the build step reruns when it changes", undeclared.Output);
        Assert.Contains(At("System.IO.File.ReadAllText") + "Infra.Web reads the file namespace.txt, which is not declared: " +
            "add <BerthInput Include=\"namespace.txt\" /> to the project so that the build step reruns when it changes", undeclared.Output);

        // The lines the warnings name, added to the project: no warning (the declared inputs reach the analyzers).
        _package.CreateProject("UndeclaredApp", "Library", """
              <ItemGroup>
                <BerthInput Include="env:BERTH_TEST_TAG" />
                <BerthInput Include="namespace.txt" />
              </ItemGroup>
            """, ("Infra.cs", ReadingInfra), ("namespace.txt", "web\n"));
        var declared = await _package.RunAsync(project, With("BERTH_TEST_TAG", "2.0"), "build");
        Assert.True(declared.ExitCode == 0, declared.ToString());
        Assert.DoesNotContain("BERTH103", declared.Output);
        Assert.Contains("image: nginx:2.0", File.ReadAllText(Path.Combine(Manifests(project), "web.yaml")));
    }

    [Fact]
    public async Task A_failed_build_removes_the_sets_stale_files_and_marks_the_index_failed_until_fixed()
    {
        var project = _package.CreateProject("FailingApp", "Library", ("Infra.cs", WebInfra));
        var web = Path.Combine(Manifests(project), "web.yaml");
        var good = await _package.RunAsync(project, NoInputs, "build");
        Assert.True(good.ExitCode == 0, good.ToString());
        using (var index = Index(project))
            Assert.Equal("ok", index.RootElement.GetProperty("status").GetString());

        // A mistake only the build step can see (a computed mount name): the last good file must not look current.
        File.WriteAllText(Path.Combine(project, "Infra.cs"), WebInfra.Replace(".Readiness(Probe.Tcp(\"http\")))", ".Readiness(Probe.Tcp(\"http\")).Mount(string.Concat(\"da\", \"ta\"), \"/data\"))"));
        var broken = await _package.RunAsync(project, NoInputs, "build");
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("error BERTH011", broken.Output);
        Assert.False(File.Exists(web), "the stale web.yaml of a failed set is still there");
        using (var index = Index(project))
        {
            Assert.Equal("failed", index.RootElement.GetProperty("status").GetString());
            Assert.Equal(new[] { "Consumer.Infra" }, index.RootElement.GetProperty("failed").EnumerateArray().Select(e => e.GetString()).ToArray());
        }

        File.WriteAllText(Path.Combine(project, "Infra.cs"), WebInfra);
        var fixedBuild = await _package.RunAsync(project, NoInputs, "build");
        Assert.True(fixedBuild.ExitCode == 0, fixedBuild.ToString());
        Assert.Contains("image: nginx:1.27", File.ReadAllText(web));
        using (var index = Index(project))
            Assert.Equal("ok", index.RootElement.GetProperty("status").GetString());

        // A compile error: the writer cannot run at all, and the last good files must not look current either.
        File.WriteAllText(Path.Combine(project, "Broken.cs"), "namespace Consumer; public static class Broken { public static int X => \"not a number\"; }");
        var uncompiled = await _package.RunAsync(project, NoInputs, "build");
        Assert.NotEqual(0, uncompiled.ExitCode);
        Assert.Contains("error CS0029", uncompiled.Output);
        Assert.False(File.Exists(web), "web.yaml of the last good build survived a compile error");
        using (var index = Index(project))
        {
            Assert.Equal("failed", index.RootElement.GetProperty("status").GetString());
            Assert.Equal(new[] { "Consumer.Infra" }, index.RootElement.GetProperty("failed").EnumerateArray().Select(e => e.GetString()).ToArray());
        }

        File.Delete(Path.Combine(project, "Broken.cs"));
        var recompiled = await _package.RunAsync(project, NoInputs, "build");
        Assert.True(recompiled.ExitCode == 0, recompiled.ToString());
        Assert.Contains("image: nginx:1.27", File.ReadAllText(web));
        using (var index = Index(project))
            Assert.Equal("ok", index.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Two_projects_writing_one_folder_is_an_error_naming_both_and_publish_copies_the_manifests()
    {
        var shared = Path.Combine(_package.Root, "shared-manifests") + Path.DirectorySeparatorChar;
        var output = $"""
              <PropertyGroup>
                <BerthManifestsOutput>{shared}</BerthManifestsOutput>
              </PropertyGroup>
            """;
        var first = _package.CreateProject("OwnerOne", "Exe", output, ("Infra.cs", WebInfra), ("Program.cs", "System.Console.WriteLine();"));
        var second = _package.CreateProject("OwnerTwo", "Library", output, ("Infra.cs", WebInfra.Replace("\"web\"", "\"shop\"")));

        var one = await _package.RunAsync(first, NoInputs, "build");
        Assert.True(one.ExitCode == 0, one.ToString());
        var two = await _package.RunAsync(second, NoInputs, "build");
        Assert.NotEqual(0, two.ExitCode);
        var error = two.Output.Split('\n').FirstOrDefault(l => l.Contains("error BERTH904"));
        Assert.True(error is not null, "no error BERTH904:\n" + two.Output);
        Assert.Contains(Path.Combine(first, "OwnerOne.csproj"), error);
        Assert.Contains(Path.Combine(second, "OwnerTwo.csproj"), error);
        Assert.True(File.Exists(Path.Combine(shared, "web.yaml")), "the first project's files were touched");
        Assert.False(File.Exists(Path.Combine(shared, "shop.yaml")));

        // dotnet publish puts the manifests next to the published app (and can be told not to).
        var published = Path.Combine(_package.Root, "published");
        var publish = await _package.RunAsync(first, NoInputs, "publish", "-o", published);
        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.Equal(File.ReadAllText(Path.Combine(shared, "web.yaml")), File.ReadAllText(Path.Combine(published, "manifests", "web.yaml")));
        Assert.True(File.Exists(Path.Combine(published, "manifests", "index.json")));
        var withoutManifests = Path.Combine(_package.Root, "published-without");
        var off = await _package.RunAsync(first, NoInputs, "publish", "-o", withoutManifests, "-p:BerthPublishManifests=false");
        Assert.True(off.ExitCode == 0, off.ToString());
        Assert.False(Directory.Exists(Path.Combine(withoutManifests, "manifests")));
    }

    [Fact]
    public void The_package_names_the_repository_its_help_links_point_at()
    {
        var package = Directory.GetFiles(_package.Feed, "Berth.*.nupkg").Single();
        using var zip = System.IO.Compression.ZipFile.OpenRead(package);
        using var reader = new StreamReader(zip.GetEntry("Berth.nuspec")!.Open());
        var nuspec = System.Xml.Linq.XDocument.Parse(reader.ReadToEnd());
        var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");

        Assert.Equal("git", repository.Attribute("type")?.Value);
        var url = repository.Attribute("url")?.Value;
        Assert.False(string.IsNullOrEmpty(url), "the package names no repository URL");
        Assert.Equal(url, Value("projectUrl"));
        Assert.StartsWith(url + "/", Berth.Rules.Rule.HelpLinkBase);
        Assert.Equal("README.md", Value("readme"));
        Assert.Equal("Apache-2.0", Value("license"));
        Assert.Contains("kubernetes", Value("tags"));
        Assert.False(string.IsNullOrEmpty(Value("description")));
    }

    [Fact]
    public void The_symbols_package_has_the_pdb_of_every_lib_assembly_and_every_berth_assembly_is_deterministic()
    {
        var package = Directory.GetFiles(_package.Feed, "Berth.*.nupkg").Single();
        var symbols = Path.ChangeExtension(package, ".snupkg");
        Assert.True(File.Exists(symbols), "no symbols package beside " + package);
        using var zip = System.IO.Compression.ZipFile.OpenRead(package);
        using var symbolsZip = System.IO.Compression.ZipFile.OpenRead(symbols);

        static byte[] Read(System.IO.Compression.ZipArchiveEntry entry)
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }

        var libraries = zip.Entries.Where(e => e.FullName.StartsWith("lib/", StringComparison.Ordinal) && e.FullName.EndsWith(".dll", StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { "lib/net8.0/Berth.Client.dll", "lib/net8.0/Berth.Rules.dll", "lib/net8.0/Berth.dll" }, libraries.Select(e => e.FullName).OrderBy(n => n, StringComparer.Ordinal));
        foreach (var library in libraries)
        {
            // The PDB in the snupkg is the one the assembly names (same id), so debuggers and symbol servers match them.
            var pdbEntry = symbolsZip.GetEntry(Path.ChangeExtension(library.FullName, ".pdb"));
            Assert.True(pdbEntry is not null, "the symbols package has no PDB for " + library.FullName);
            using var pe = new System.Reflection.PortableExecutable.PEReader(new MemoryStream(Read(library)));
            var codeView = pe.ReadCodeViewDebugDirectoryData(pe.ReadDebugDirectory().Single(d => d.Type == System.Reflection.PortableExecutable.DebugDirectoryEntryType.CodeView));
            using var pdb = System.Reflection.Metadata.MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(Read(pdbEntry!)));
            var id = new System.Reflection.Metadata.BlobContentId(pdb.GetMetadataReader().DebugMetadataHeader!.Id);
            Assert.Equal(codeView.Guid, id.Guid);
        }

        // Every Berth assembly of the package was compiled deterministically (the compiler's Reproducible debug entry).
        var berth = zip.Entries.Where(e => e.Name.StartsWith("Berth.", StringComparison.Ordinal) && e.Name.EndsWith(".dll", StringComparison.Ordinal)).ToList();
        Assert.Contains(berth, e => e.FullName.StartsWith("analyzers/", StringComparison.Ordinal));
        Assert.Contains(berth, e => e.FullName.StartsWith("tools/", StringComparison.Ordinal));
        foreach (var assembly in berth)
        {
            using var pe = new System.Reflection.PortableExecutable.PEReader(new MemoryStream(Read(assembly)));
            Assert.True(pe.ReadDebugDirectory().Any(d => d.Type == System.Reflection.PortableExecutable.DebugDirectoryEntryType.Reproducible), assembly.FullName + " was not built deterministically");
        }
    }
}
