using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Berth.Registry;
using Berth.Writer;
using Xunit;
using static Berth.Testing.PlanFixtures;

namespace Berth.Package.Tests;

/// <summary>The writer's core (<see cref="ManifestWriter.Write"/>) in process, on hand-made registry entries.</summary>
public sealed class WriterTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), "berth-writer-tests-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly StringWriter _console = new();

    public void Dispose()
    {
        if (Directory.Exists(_output))
            Directory.Delete(_output, recursive: true);
    }

    private int Write(params ManifestEntry[] entries) => ManifestWriter.Write(entries, _output, new Reporter(_console, TextWriter.Null));

    private string[] IndexedFiles()
    {
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(_output, "index.json")));
        return index.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("file").GetString()!).ToArray();
    }

    private string Output => _console.ToString();

    [Fact]
    public void Writes_one_yaml_per_app_and_an_index_and_rewrites_nothing_when_nothing_changed()
    {
        Assert.Equal(ManifestWriter.Success, Write(Entry("Shop.Infra", "Db", () => App("db")), Entry("Shop.Infra", "Cache", () => App("cache"))));
        Assert.Equal(new[] { "cache.yaml", "db.yaml" }, IndexedFiles());
        Assert.Contains("kind: StatefulSet", File.ReadAllText(Path.Combine(_output, "db.yaml")));
        var index = File.ReadAllText(Path.Combine(_output, "index.json"));
        Assert.Contains("\"source\": ", index);

        var before = Directory.GetFiles(_output).ToDictionary(f => f, File.ReadAllBytes);
        Assert.Equal(ManifestWriter.Success, Write(Entry("Shop.Infra", "Db", () => App("db")), Entry("Shop.Infra", "Cache", () => App("cache"))));
        Assert.Contains("(0 written, 2 unchanged)", Output);
        Assert.All(before, f => Assert.Equal(f.Value, File.ReadAllBytes(f.Key)));
    }

    [Fact]
    public void A_removed_app_has_its_stale_file_deleted_but_files_the_writer_did_not_write_stay()
    {
        Write(Entry("Shop.Infra", "Db", () => App("db")), Entry("Shop.Infra", "Cache", () => App("cache")));
        File.WriteAllText(Path.Combine(_output, "notes.txt"), "mine");

        Assert.Equal(ManifestWriter.Success, Write(Entry("Shop.Infra", "Db", () => App("db"))));
        Assert.False(File.Exists(Path.Combine(_output, "cache.yaml")));
        Assert.True(File.Exists(Path.Combine(_output, "notes.txt")));
        Assert.Equal(new[] { "db.yaml" }, IndexedFiles());
        Assert.Contains("deleted cache.yaml", Output);
    }

    [Fact]
    public void Each_variant_folder_is_a_complete_environment_with_the_shared_apps()
    {
        Assert.Equal(ManifestWriter.Success, Write(
            Entry("Shop.Envs", "Db", () => App("db"), variant: "dev"),
            Entry("Shop.Envs", "Db", () => App("db").Replicas(5), variant: "prod"),
            Entry("Shop.Envs", "Cache", () => App("cache"))));

        Assert.Equal(new[] { "dev/cache.yaml", "dev/db.yaml", "prod/cache.yaml", "prod/db.yaml" }, IndexedFiles());
        Assert.Contains("replicas: 5", File.ReadAllText(Path.Combine(_output, "prod", "db.yaml")));
        Assert.False(File.Exists(Path.Combine(_output, "cache.yaml")));
    }

    [Fact]
    public void Apps_with_one_name_in_different_namespaces_get_namespace_qualified_files_and_true_duplicates_are_an_error()
    {
        Assert.Equal(ManifestWriter.Success, Write(Entry("Shop.A", "Db", () => App("db", "a")), Entry("Shop.B", "Db", () => App("db", "b"))));
        Assert.Equal(new[] { "a.db.yaml", "b.db.yaml" }, IndexedFiles());

        Assert.Equal(ManifestWriter.DefinitionErrors, Write(Entry("Shop.A", "Db", () => App("db", "a"), line: 3), Entry("Shop.B", "Db", () => App("db", "a"), line: 4)));
        Assert.Contains("/src/Shop.A.cs(3,1): error BERTH902: A.Db and B.Db are both the app \"db\" in namespace \"a\" and would write a.db.yaml", Output);
    }

    [Fact]
    public void A_definition_that_throws_is_an_error_at_its_member_with_the_message_and_no_stack_trace_and_other_sets_are_written()
    {
        var code = Write(
            Entry("Shop.Broken", "Db", () => throw new InvalidOperationException("no image tag configured for stage 'qa'"), line: 12),
            Entry("Shop.Fine", "Cache", () => App("cache")));

        Assert.Equal(ManifestWriter.DefinitionErrors, code);
        Assert.Contains("/src/Shop.Broken.cs(12,1): error BERTH901: Broken.Db threw InvalidOperationException: no image tag configured for stage 'qa'", Output);
        Assert.DoesNotContain("   at ", Output);
        Assert.Equal(new[] { "cache.yaml" }, IndexedFiles());
    }

    [Fact]
    public void A_null_static_app_explains_the_initialization_order()
    {
        Assert.Equal(ManifestWriter.DefinitionErrors, Write(Entry("Shop.Infra", "Replica", () => null!)));
        Assert.Contains("error BERTH901: Infra.Replica is null; a static app defined from another one must be declared after it", Output);
    }

    [Fact]
    public void Rule_errors_are_canonical_msbuild_errors_with_the_help_link_and_block_only_their_set()
    {
        var broken = StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Mount("data", "/data"));
        var code = Write(Entry("Shop.Broken", "Db", () => broken, line: 9), Entry("Shop.Fine", "Cache", () => App("cache")));

        Assert.Equal(ManifestWriter.DefinitionErrors, code);
        var error = Output.Split(Environment.NewLine).Single(l => l.Contains("error BERTH011"));
        Assert.StartsWith("/src/Shop.Broken.cs(9,1): error BERTH011: db: container \"db\" mounts \"data\", but no volume or claim template named \"data\" exists", error);
        Assert.EndsWith("[https://github.com/berth-k8s/berth/blob/main/docs/diagnostics/BERTH011.md]", error);
        Assert.False(File.Exists(Path.Combine(_output, "db.yaml")));
        Assert.True(File.Exists(Path.Combine(_output, "cache.yaml")));
    }

    [Fact]
    public void A_set_that_fails_loses_its_earlier_files_and_the_index_says_failed_and_names_it()
    {
        Assert.Equal(ManifestWriter.Success, Write(Entry("Shop.Db", "Db", () => App("db")), Entry("Shop.Fine", "Cache", () => App("cache"))));
        var broken = StatefulApp.Named("db").InNamespace("data").Container("db", "postgres:16.4", c => c.Mount("data", "/data"));

        Assert.Equal(ManifestWriter.DefinitionErrors, Write(Entry("Shop.Db", "Db", () => broken), Entry("Shop.Fine", "Cache", () => App("cache"))));
        Assert.False(File.Exists(Path.Combine(_output, "db.yaml")), "the last good db.yaml still looks current");
        Assert.True(File.Exists(Path.Combine(_output, "cache.yaml")));
        Assert.Contains("deleted db.yaml: Db has errors", Output);
        using (var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(_output, "index.json"))))
        {
            Assert.Equal("failed", index.RootElement.GetProperty("status").GetString());
            Assert.Equal(new[] { "Shop.Db" }, index.RootElement.GetProperty("failed").EnumerateArray().Select(e => e.GetString()).ToArray());
        }

        Assert.Equal(ManifestWriter.Success, Write(Entry("Shop.Db", "Db", () => App("db")), Entry("Shop.Fine", "Cache", () => App("cache"))));
        Assert.Equal(new[] { "cache.yaml", "db.yaml" }, IndexedFiles());
        Assert.Contains("\"status\": \"ok\"", File.ReadAllText(Path.Combine(_output, "index.json")));
    }

    [Fact]
    public void A_folder_another_project_owns_is_refused_and_left_as_it_was()
    {
        Assert.Equal(ManifestWriter.Success, ManifestWriter.Write(new[] { Entry("Shop.Infra", "Db", () => App("db")) }, _output, new Reporter(_console, TextWriter.Null), project: "/src/One/One.csproj"));
        var before = Directory.GetFiles(_output).ToDictionary(f => f, File.ReadAllBytes);

        Assert.Equal(ManifestWriter.CannotRun, ManifestWriter.Write(new[] { Entry("Other.Infra", "Web", () => App("web")) }, _output, new Reporter(_console, TextWriter.Null), project: "/src/Two/Two.csproj"));
        Assert.Contains($"error BERTH904: the output folder {_output} holds the manifests of /src/One/One.csproj (see its index.json), and /src/Two/Two.csproj writes to it too", Output);
        Assert.Equal(before.Keys.OrderBy(k => k), Directory.GetFiles(_output).OrderBy(k => k));
        Assert.All(before, f => Assert.Equal(f.Value, File.ReadAllBytes(f.Key)));

        // The owner itself, and a writer that names no owner (an in-process caller), may write.
        Assert.Equal(ManifestWriter.Success, ManifestWriter.Write(new[] { Entry("Shop.Infra", "Db", () => App("db").Replicas(2)) }, _output, new Reporter(_console, TextWriter.Null), project: "/src/One/One.csproj"));
        Assert.Contains("replicas: 2", File.ReadAllText(Path.Combine(_output, "db.yaml")));
    }

    [Fact]
    public void Output_is_deterministic_whatever_the_entry_order()
    {
        var entries = new List<ManifestEntry> { Entry("Shop.B", "Zk", () => App("zk")), Entry("Shop.A", "Db", () => App("db")), Entry("Shop.A", "Cache", () => App("cache")) };
        Write(entries.ToArray());
        var first = Directory.GetFiles(_output).OrderBy(f => f).Select(File.ReadAllText).ToArray();
        Directory.Delete(_output, recursive: true);

        entries.Reverse();
        Write(entries.ToArray());
        Assert.Equal(first, Directory.GetFiles(_output).OrderBy(f => f).Select(File.ReadAllText).ToArray());
    }

    [Fact]
    public void Warnings_the_analyzers_already_reported_at_compile_time_are_not_repeated()
    {
        var noProbe = StatefulApp.Named("db").Replicas(3).SpreadAcrossNodes()
            .Container("db", "postgres:16.4", c => c.Requests(cpu: "1", memory: "1Gi").Limits(memory: "1Gi"));
        var warning = noProbe.Validate().First(v => v.Id == "BERTH051");

        Assert.Equal(ManifestWriter.Success, Write(Entry("Shop.Infra", "Db", () => noProbe)));
        Assert.Contains("warning BERTH051: " + warning.Message, Output);

        _console.GetStringBuilder().Clear();
        var sarif = Path.Combine(Path.GetTempPath(), "berth-writer-tests-" + Guid.NewGuid().ToString("N")[..8] + ".sarif");
        File.WriteAllText(sarif, JsonSerializer.Serialize(new
        {
            version = "2.1.0",
            runs = new[] { new { results = new[] { new { ruleId = "BERTH051", level = "warning", message = new { text = warning.Message } } } } },
        }));
        try
        {
            var log = CompilerLog.Read(sarif);
            Assert.Equal(ManifestWriter.Success, ManifestWriter.Write(new[] { Entry("Shop.Infra", "Db", () => noProbe) }, _output, new Reporter(_console, TextWriter.Null), log));
            Assert.DoesNotContain("BERTH051", Output);
        }
        finally
        {
            File.Delete(sarif);
        }
    }

    [Fact]
    public void The_target_kubernetes_version_checks_the_definitions_and_picks_the_budget_api_version()
    {
        var budget = Entry("Shop.Infra", "Db", () => App("db").DisruptionBudget(maxUnavailable: 1));
        Assert.Equal(ManifestWriter.Success, ManifestWriter.Write(new[] { budget }, _output, new Reporter(_console, TextWriter.Null), kubernetesVersion: "1.20"));
        Assert.Contains("apiVersion: policy/v1beta1", File.ReadAllText(Path.Combine(_output, "db.yaml")));
        Assert.Equal(ManifestWriter.Success, ManifestWriter.Write(new[] { budget }, _output, new Reporter(_console, TextWriter.Null), kubernetesVersion: "1.29"));
        Assert.Contains("apiVersion: policy/v1\n", File.ReadAllText(Path.Combine(_output, "db.yaml")));

        var ordinals = Entry("Shop.Infra", "Db", () => App("db").StartOrdinal(1));
        Assert.Equal(ManifestWriter.DefinitionErrors, ManifestWriter.Write(new[] { ordinals }, _output, new Reporter(_console, TextWriter.Null), kubernetesVersion: "1.20"));
        Assert.Contains("/src/Shop.Infra.cs(7,1): error BERTH100: db: spec.ordinals.start (StartOrdinal(...)) needs Kubernetes 1.26 or later", Output);
    }

    [Fact]
    public void A_missing_assembly_is_a_clear_cannot_run_error()
    {
        var missing = Path.Combine(_output, "bin", "Missing.dll");
        var code = ManifestWriter.Run(new WriterOptions(missing, Array.Empty<string>(), _output, null), new Reporter(_console));

        Assert.Equal(ManifestWriter.CannotRun, code);
        Assert.Equal($"Berth.Writer : error BERTH900: the built assembly '{missing}' does not exist; build the project before writing its manifests.", Output.Trim());
    }

    [Fact]
    public void An_assembly_without_manifests_types_writes_nothing_and_succeeds_quietly()
    {
        var assembly = typeof(WriterTests).Assembly.Location;
        var code = ManifestWriter.Run(new WriterOptions(assembly, Array.Empty<string>(), _output, null), new Reporter(_console));

        Assert.Equal(ManifestWriter.Success, code);
        Assert.Equal(string.Empty, Output);
        Assert.False(Directory.Exists(_output));
    }

    // BERTH051 (no readiness probe): a warning by default, reported at line 6 of Infra.cs (the member).
    private static StatefulApp NoProbe() => StatefulApp.Named("db").Replicas(3).SpreadAcrossNodes()
        .Container("db", "postgres:16.4", c => c.Requests(cpu: "1", memory: "1Gi").Limits(memory: "1Gi"));

    private const string NoProbeSource = """
        using Berth;
        namespace Shop;
        [Manifests]
        public static partial class Infra
        {
            public static StatefulApp Db => Definitions.NoProbe();
        }
        """;

    /// <summary>Writes Infra.cs (and the given files) into a project folder and returns its severity settings.</summary>
    private SeveritySettings Project(string source, string? noWarn = null, string? warnAsError = null, bool treatAsErrors = false, params (string File, string Text)[] configs)
    {
        var project = _output + "-project-" + Guid.NewGuid().ToString("N")[..6];
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "Infra.cs"), source);
        foreach (var (file, text) in configs)
            File.WriteAllText(Path.Combine(project, file), text);
        var settings = Path.Combine(project, "severity.txt");
        File.WriteAllLines(settings, new[]
        {
            "project=" + project, "nowarn=1701,1702," + noWarn, "warnaserror=" + warnAsError, "warnnotaserror=", "treatwarningsaserrors=" + (treatAsErrors ? "true" : "false"),
            "source=" + Path.Combine(project, "Infra.cs"),
        }.Concat(configs.Select(c => "config=" + Path.Combine(project, c.File))));
        return SeveritySettings.Read(settings)!;
    }

    private int WriteNoProbe(SeveritySettings settings)
    {
        try
        {
            var entry = new ManifestEntry("Shop.Infra", "Db", null, "Infra.cs", 6, NoProbe);
            return ManifestWriter.Write(new[] { entry }, _output, new Reporter(_console, TextWriter.Null), severity: settings);
        }
        finally
        {
            Directory.Delete(settings.ProjectDirectory, recursive: true);
        }
    }

    [Fact]
    public void Severity_none_in_an_editorconfig_or_a_globalconfig_and_NoWarn_silence_a_build_step_warning()
    {
        Assert.Equal(ManifestWriter.Success, WriteNoProbe(Project(NoProbeSource)));
        Assert.Contains("Infra.cs(6,1): warning BERTH051:", Output);

        foreach (var settings in new[]
        {
            Project(NoProbeSource, configs: (".editorconfig", "root = true\n[*.cs]\ndotnet_diagnostic.BERTH051.severity = none\n")),
            Project(NoProbeSource, configs: (".globalconfig", "is_global = true\ndotnet_diagnostic.BERTH051.severity = none\n")),
            Project(NoProbeSource, noWarn: "BERTH051"),
        })
        {
            _console.GetStringBuilder().Clear();
            Assert.Equal(ManifestWriter.Success, WriteNoProbe(settings));
            Assert.DoesNotContain("BERTH051", Output);
            Assert.True(File.Exists(Path.Combine(_output, "db.yaml")));
        }
    }

    [Fact]
    public void Severity_error_from_a_config_WarningsAsErrors_or_TreatWarningsAsErrors_fails_the_set()
    {
        foreach (var settings in new[]
        {
            Project(NoProbeSource, configs: (".editorconfig", "root = true\n[*.cs]\ndotnet_diagnostic.BERTH051.severity = error\n")),
            Project(NoProbeSource, configs: (".globalconfig", "is_global = true\ndotnet_diagnostic.BERTH051.severity = error\n")),
            Project(NoProbeSource, warnAsError: "BERTH051"),
            Project(NoProbeSource, treatAsErrors: true),
        })
        {
            _console.GetStringBuilder().Clear();
            Assert.Equal(ManifestWriter.DefinitionErrors, WriteNoProbe(settings));
            Assert.Contains("Infra.cs(6,1): error BERTH051:", Output);
            Assert.False(File.Exists(Path.Combine(_output, "db.yaml")), "a set with an error wrote its file");
        }
    }

    [Fact]
    public void A_pragma_around_the_member_silences_it_and_only_there()
    {
        var disabled = NoProbeSource.Replace("    public static StatefulApp Db", "#pragma warning disable BERTH051\n    public static StatefulApp Db").Replace("NoProbe();\n", "NoProbe();\n#pragma warning restore BERTH051\n");
        var entry = new ManifestEntry("Shop.Infra", "Db", null, "Infra.cs", 7, NoProbe);
        var settings = Project(disabled);
        try
        {
            Assert.Equal(ManifestWriter.Success, ManifestWriter.Write(new[] { entry }, _output, new Reporter(_console, TextWriter.Null), severity: settings));
            Assert.DoesNotContain("BERTH051", Output);
            // Outside the pragma's region (line 1), the warning is reported.
            Assert.Equal(ManifestWriter.Success, ManifestWriter.Write(new[] { entry with { SourceLine = 1 } }, _output, new Reporter(_console, TextWriter.Null), severity: settings));
            Assert.Contains("Infra.cs(1,1): warning BERTH051:", Output);
        }
        finally
        {
            Directory.Delete(settings.ProjectDirectory, recursive: true);
        }
    }
}
