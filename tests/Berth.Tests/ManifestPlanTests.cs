using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Berth.Planning;
using Berth.Registry;
using Berth.Rules;
using k8s;
using Xunit;
using static Berth.Testing.PlanFixtures;

namespace Berth.Tests;

/// <summary>The one manifest plan (src/Berth/Planning) the writer, the CLI and the client share.</summary>
public sealed class ManifestPlanTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), "berth-plan-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_output))
            Directory.Delete(_output, recursive: true);
    }

    public static TheoryData<string> Samples => new() { "Seed", "Postgres", "ZooKeeper", "Redis" };

    private static StatefulApp Sample(string name) => (StatefulApp)typeof(SampleApps).GetProperty(name)!.GetValue(null)!;

    [Theory]
    [MemberData(nameof(Samples))]
    public void The_objects_sent_to_a_cluster_are_the_rendered_yaml_read_back_field_for_field(string sample)
    {
        var planned = PlannedApp.Of(Sample(sample));
        var objects = planned.ReadObjects();

        Assert.Equal(planned.Manifests!.Objects.Select(o => (o.Kind, o.Metadata.Name)), objects.Select(o => (o.Kind, o.Metadata.Name)));
        // Serialized again, the objects read back give the very bytes the build writes (and render prints).
        Assert.Equal(Encoding.UTF8.GetString(planned.Yaml), KubernetesYaml.SerializeAll(objects));
        Assert.Equal(ManifestYaml.Serialize(Sample(sample).Build()), Encoding.UTF8.GetString(planned.Yaml));
    }

    [Theory]
    [InlineData("1", "1", "2", "1e3")]
    [InlineData("0.5", "1.5Gi", "1.5", "2Gi")]
    [InlineData("250m", "100", "4", "1000000")]
    public void Quantities_written_as_numbers_read_back_as_the_typed_objects(string cpuRequest, string memoryRequest, string cpuLimit, string memoryLimit)
    {
        var app = App("db").WithContainer("db", c => c.Requests(cpu: cpuRequest, memory: memoryRequest).Limits(cpu: cpuLimit, memory: memoryLimit));
        var planned = PlannedApp.Of(app);
        var objects = planned.ReadObjects();

        // cpu: 1 is a YAML number; the model holds it as the quantity "1": still the model, not a raw object the client cannot use.
        Assert.Equal(planned.Manifests!.Objects.Select(o => o.GetType()), objects.Select(o => o.GetType()));
        var container = Assert.IsType<k8s.Models.V1StatefulSet>(objects.Single(o => o.Kind == "StatefulSet")).Spec.Template.Spec.Containers[0];
        Assert.Equal(new k8s.Models.ResourceQuantity(cpuLimit).ToDecimal(), container.Resources.Limits["cpu"].ToDecimal());
        Assert.Equal(new k8s.Models.ResourceQuantity(memoryRequest).ToDecimal(), container.Resources.Requests["memory"].ToDecimal());
    }

    [Fact]
    public void Each_app_is_created_and_built_once_however_many_variants_share_it()
    {
        var created = 0;
        var builds = 0;
        var shared = Entry("Shop.Infra", "Cache", () =>
        {
            created++;
            return App("cache").Customize(_ => builds++);
        });
        var plan = ManifestPlan.Create(new[]
        {
            Entry("Shop.Infra", "Db", () => App("db").Replicas(1), variant: "dev"),
            Entry("Shop.Infra", "Db", () => App("db"), variant: "prod"),
            shared,
        });
        var output = ManifestOutput.Write(plan, _output, owner: null);

        Assert.Equal(1, created);
        Assert.Equal(1, builds);
        Assert.Equal(new[] { "dev", "prod" }, plan.Groups.Select(g => g.Folder));
        Assert.Equal(new[] { "dev/cache.yaml", "dev/db.yaml", "prod/cache.yaml", "prod/db.yaml" }, plan.Files.Select(f => f.File).OrderBy(f => f, StringComparer.Ordinal));
        Assert.Equal(4, output.Files);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_output, "dev/cache.yaml")), File.ReadAllBytes(Path.Combine(_output, "prod/cache.yaml")));
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(_output, ManifestOutput.IndexFileName)));
        Assert.Equal("ok", index.RootElement.GetProperty("status").GetString());
        Assert.Equal(4, index.RootElement.GetProperty("files").GetArrayLength());
    }

    [Fact]
    public void A_plan_that_drops_the_built_objects_gives_the_same_findings_files_and_index_as_one_that_keeps_them()
    {
        const string secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-auth\nstringData:\n  password: hunter2\n";
        ManifestEntry[] Entries() => new[]
        {
            Entry("Shop.Infra", "Db", () => App("db").Replicas(1).With(secret), variant: "dev", line: 3),
            Entry("Shop.Infra", "Db", () => App("db"), variant: "prod", line: 4),
            Entry("Shop.Infra", "Cache", () => App("cache", ns: null), line: 5),
            Entry("Shop.Other", "Web", () => App("web", "a"), line: 6),
            Entry("Shop.Other", "Web2", () => App("web", "b").Container("web", "busybox:1.36", c => c.Port("http", 80)), line: 8),
            new ManifestEntry("Shop.Broken", "Db", null, "/src/Shop.Broken.cs", 9, () => App("db").UseExistingService("missing").Container("db", "busybox:1.36", c => c.Mount("missing", "/m")),
                new SourceCallTable("StatefulApp.UseExistingService:12:20")),
        };
        var kept = ManifestPlan.Create(Entries(), new ManifestPlanOptions { RenderEarly = false });
        var dropped = ManifestPlan.Create(Entries(), new ManifestPlanOptions { KeepBuilt = false, RenderEarly = true });

        static string Describe(PlanDiagnostic d) => $"{d.Id} {d.Severity} {d.SetName} {d.App.Label} {d.Location}: {d.Message}";
        Assert.Contains(kept.Diagnostics, d => d.Severity == RuleSeverity.Error); // a failed set, cross-object and located findings
        Assert.Contains(kept.Diagnostics, d => d.Location is { Line: > 0 } at && at.Line != d.App.Entry!.SourceLine);
        Assert.Equal(kept.Diagnostics.Select(Describe), dropped.Diagnostics.Select(Describe));
        Assert.Equal(kept.FailedSets.OrderBy(s => s, StringComparer.Ordinal), dropped.FailedSets.OrderBy(s => s, StringComparer.Ordinal));
        Assert.Equal(kept.Files.Select(f => f.File), dropped.Files.Select(f => f.File));
        Assert.All(dropped.Apps, a => Assert.True(a.Definition is null && a.Manifests is null));
        Assert.All(kept.Apps, a => Assert.True(a.Definition is not null && a.Manifests is not null));

        var keptFolder = Path.Combine(_output, "kept");
        var droppedFolder = Path.Combine(_output, "dropped");
        ManifestOutput.Write(kept, keptFolder, owner: null);
        ManifestOutput.Write(dropped, droppedFolder, owner: null);
        var keptFiles = Directory.GetFiles(keptFolder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(keptFolder, f)).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        Assert.Contains(ManifestOutput.IndexFileName, keptFiles);
        Assert.Equal(keptFiles, Directory.GetFiles(droppedFolder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(droppedFolder, f)).OrderBy(f => f, StringComparer.Ordinal));
        Assert.All(keptFiles, f => Assert.Equal(File.ReadAllBytes(Path.Combine(keptFolder, f)), File.ReadAllBytes(Path.Combine(droppedFolder, f))));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(File.GetUnixFileMode(Path.Combine(keptFolder, "dev/db.yaml")), File.GetUnixFileMode(Path.Combine(droppedFolder, "dev/db.yaml")));
    }

    [Fact]
    public void A_file_that_carries_a_Secret_is_readable_by_its_owner_only_and_the_others_follow_the_umask()
    {
        const string secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-auth\nstringData:\n  password: hunter2\n";
        var plan = ManifestPlan.Create(new[] { Entry("Shop.Infra", "Db", () => App("db").With(secret)), Entry("Shop.Infra", "Cache", () => App("cache")) });
        var db = Path.Combine(_output, "db.yaml");
        var cache = Path.Combine(_output, "cache.yaml");
        Directory.CreateDirectory(_output);
        File.WriteAllText(db, "an older version of the file, world-readable");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(db, (UnixFileMode)Convert.ToInt32("644", 8));

        Assert.Equal(2, ManifestOutput.Write(plan, _output, owner: null).Files);
        Assert.Contains("kind: Secret", File.ReadAllText(db), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_output, "*.tmp", SearchOption.AllDirectories));
        if (OperatingSystem.IsWindows()) return;
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(db));
        // the same content again (nothing to write) still leaves it owner-only, whatever changed its mode meanwhile
        File.SetUnixFileMode(db, (UnixFileMode)Convert.ToInt32("644", 8));
        ManifestOutput.Write(plan, _output, owner: null);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(db));
        // a file without a Secret is an ordinary build output (readable by others under the usual umask 022)
        Assert.True(File.GetUnixFileMode(cache).HasFlag(UnixFileMode.UserRead));
        Assert.False(File.GetUnixFileMode(cache).HasFlag(UnixFileMode.OtherWrite));
    }

    [Fact]
    public void Apps_of_one_name_in_two_namespaces_get_qualified_file_names_and_the_same_app_twice_is_BERTH902()
    {
        var qualified = ManifestPlan.Create(new[] { Entry("Shop.A", "Db", () => App("db", "a")), Entry("Shop.B", "Db", () => App("db", "b")) });
        Assert.Equal(new[] { "a.db.yaml", "b.db.yaml" }, qualified.Files.Select(f => f.File).OrderBy(f => f, StringComparer.Ordinal));

        var clash = ManifestPlan.Create(new[] { Entry("Shop.A", "Db", () => App("db", "a"), line: 3), Entry("Shop.B", "Db", () => App("db", "a"), line: 4) });
        var errors = clash.Diagnostics.Where(d => d.Id == WriterCodes.SameFile).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Contains("A.Db and B.Db are both the app \"db\" in namespace \"a\" and would write a.db.yaml", errors[0].Message, StringComparison.Ordinal);
        Assert.Empty(clash.Files);
        Assert.Equal(new[] { "Shop.A", "Shop.B" }, clash.FailedSets.OrderBy(s => s, StringComparer.Ordinal));
    }

    [Fact]
    public void A_violation_is_located_at_the_app_it_is_about_and_fails_only_its_set()
    {
        var broken = App("db").Container("db", "busybox:1.36", c => c.Mount("missing", "/m"));
        var plan = ManifestPlan.Create(new[]
        {
            Entry("Shop.Infra", "Web", () => App("web"), line: 3),
            Entry("Shop.Infra", "Db", () => broken, line: 9),
            Entry("Shop.Other", "Cache", () => App("cache"), line: 5),
        });

        var errors = plan.Diagnostics.Where(d => d.Severity == RuleSeverity.Error).ToList();
        Assert.Contains(errors, e => e.Id == "BERTH011" && e.Violation is not null);
        Assert.All(errors, e => Assert.Equal(9, e.App.Entry!.SourceLine));
        Assert.Equal(new[] { "Shop.Infra" }, plan.FailedSets);
        Assert.Equal(new[] { "cache.yaml" }, plan.Files.Select(f => f.File));
    }

    [Fact]
    public void A_definition_that_throws_is_BERTH901_naming_the_member_and_the_exception()
    {
        var plan = ManifestPlan.Create(new[] { Entry("Shop.Infra", "Db", () => throw new InvalidOperationException("no tag")), Entry("Shop.Infra", "Null", () => null!) });

        Assert.Equal(2, plan.Diagnostics.Count);
        Assert.All(plan.Diagnostics, d => Assert.Equal(WriterCodes.DefinitionThrew, d.Id));
        Assert.Contains(plan.Diagnostics, d => d.Message == "Infra.Db threw InvalidOperationException: no tag");
        Assert.Contains(plan.Diagnostics, d => d.Message.StartsWith("Infra.Null is null;", StringComparison.Ordinal));
        Assert.Empty(plan.Files);
    }

    [Fact]
    public void A_folder_another_project_owns_is_refused_and_left_alone()
    {
        var plan = ManifestPlan.Create(new[] { Entry("Shop.Infra", "Db", () => App("db")) });
        Assert.Null(ManifestOutput.Write(plan, _output, "/src/One/One.csproj").Refused);
        var refused = ManifestOutput.Write(ManifestPlan.Create(new[] { Entry("Other.Infra", "Web", () => App("web")) }), _output, "/src/Two/Two.csproj").Refused;

        Assert.NotNull(refused);
        Assert.Contains("/src/One/One.csproj", refused, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_output, "db.yaml")));
        Assert.False(File.Exists(Path.Combine(_output, "web.yaml")));
    }

    [Fact]
    public void The_cluster_domain_reaches_the_definitions_explicitly_and_no_process_variable_is_set()
    {
        Assert.Null(Environment.GetEnvironmentVariable("BERTH_CLUSTER_DOMAIN"));
        static StatefulApp Web() => StatefulApp.Named("web").InNamespace("data").Replicas(1)
            .Container("web", "busybox:1.36", c => c
                .Env("ZK", StatefulApp.Named("zk").InNamespace("data").Pod(0).Host)
                .Requests(cpu: "10m", memory: "16Mi").Limits(memory: "32Mi"));
        var entries = new[] { Entry("Shop.Infra", "Web", Web) };

        var explicitDomain = Encoding.UTF8.GetString(ManifestPlan.Create(entries, new ManifestPlanOptions { ClusterDomain = "corp.example" }).Files.Single().App.Yaml);
        var defaultDomain = Encoding.UTF8.GetString(ManifestPlan.Create(entries).Files.Single().App.Yaml);

        Assert.Contains("value: zk-0.zk.data.svc.corp.example", explicitDomain, StringComparison.Ordinal);
        Assert.Contains("value: zk-0.zk.data.svc.cluster.local", defaultDomain, StringComparison.Ordinal);
        Assert.Null(Environment.GetEnvironmentVariable("BERTH_CLUSTER_DOMAIN"));
        Assert.Equal("zk-0.zk.data.svc.cluster.local", StatefulApp.Named("zk").InNamespace("data").Pod(0).Host); // outside a plan: the default again
    }

    [Theory]
    [InlineData("/usr/share/dotnet/packs/Microsoft.NETCore.App.Ref/8.0.0/ref/net8.0/System.Runtime.dll", true)]
    [InlineData("/home/u/.nuget/packages/foo/1.0.0/ref/net8.0/Foo.dll", true)]
    [InlineData("/src/Lib/obj/Debug/net8.0/refint/Lib.dll", true)]
    [InlineData("/home/u/.nuget/packages/foo/1.0.0/lib/net8.0/Foo.dll", false)]
    [InlineData("/src/Lib/bin/Debug/net8.0/Lib.dll", false)]
    public void Reference_assemblies_are_never_loaded_for_execution(string path, bool isReference) =>
        Assert.Equal(isReference, ProjectLoadContext.IsReferenceAssemblyPath(path));

    [Theory]
    [InlineData(null, "apiVersion: policy/v1\n")]
    [InlineData("1.20", "apiVersion: policy/v1beta1\n")]
    [InlineData("1.21", "apiVersion: policy/v1\n")]
    [InlineData("v1.30.2", "apiVersion: policy/v1\n")]
    public void The_budget_is_written_with_the_api_version_the_target_version_serves(string? version, string expected)
    {
        var entries = new[] { Entry("Shop.Infra", "Db", () => App("db").DisruptionBudget(maxUnavailable: 1)) };
        var plan = ManifestPlan.Create(entries, new ManifestPlanOptions { KubernetesVersion = version });
        Assert.False(plan.HasErrors, string.Join("\n", plan.Diagnostics.Select(d => d.Message)));
        var yaml = Encoding.UTF8.GetString(plan.Files.Single().App.Yaml);
        var budget = yaml.Split("---").Single(d => d.Contains("kind: PodDisruptionBudget", StringComparison.Ordinal));
        Assert.Contains(expected, budget, StringComparison.Ordinal);
        // The StatefulSet and the Service are the same on every version.
        Assert.Contains("apiVersion: apps/v1\n", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_version_without_a_field_fails_the_set_with_the_app_and_the_field()
    {
        var entries = new[] { Entry("Shop.Infra", "Db", () => App("db").StartOrdinal(1)) };
        var unchecked_ = ManifestPlan.Create(entries);
        Assert.False(unchecked_.HasErrors);

        var plan = ManifestPlan.Create(entries, new ManifestPlanOptions { KubernetesVersion = "1.20" });
        Assert.True(plan.HasErrors);
        Assert.Empty(plan.Files);
        var d = Assert.Single(plan.Diagnostics, d => d.Id == RuleCatalog.FieldNotInTargetVersion.Id);
        Assert.StartsWith("db: spec.ordinals.start (StartOrdinal(...)) needs Kubernetes 1.26 or later", d.Message, StringComparison.Ordinal);
        Assert.Equal("Db", d.App.Entry!.MemberName);

        // Apps created for a version and planned later (the CLI) are validated against that version too.
        var created = ManifestPlan.Create(new[] { PlannedApp.Create(entries[0], "1.26") });
        Assert.Contains(created.Diagnostics, d => d.Id == RuleCatalog.FieldOffByDefaultInTargetVersion.Id);
        Assert.False(created.HasErrors);
    }
}
