using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Berth.Cli.Import;
using Berth.Cli.Tests.Support;
using Xunit;

namespace Berth.Cli.Tests;

/// <summary>
/// berth import: every YAML fixture of the repository (the samples' rendered output in tests/Berth.Tests/Golden and
/// the import inputs here, which cover init containers, sidecars, subPath mounts, every volume kind, two Services,
/// both PDB forms, anti-affinity with matchExpressions, tolerations, JSON-style YAML, kind: List of live objects,
/// Helm and Kustomize output, anchors and merge keys, kinds the DSL has no method for) is imported, the code
/// compiles without warnings, and renders the input again.
/// </summary>
public sealed class ImportTests
{
    private static readonly string RepoRoot = typeof(ImportTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    private static string Inputs => Path.Combine(RepoRoot, "tests", "Berth.Cli.Tests", "Import");

    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Inputs, "Inputs"), "*.yaml").Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(RepoRoot, file));
        data.Add(Path.Combine("tests", "Berth.Cli.Tests", "Import", "Kustomize", "rendered.yaml"));
        foreach (var file in Directory.GetFiles(Path.Combine(RepoRoot, "tests", "Berth.Tests", "Golden"), "*.yaml").Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(RepoRoot, file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Every_fixture_round_trips_and_compiles_without_warnings(string fixture)
    {
        var result = Import(File.ReadAllText(Path.Combine(RepoRoot, fixture)), fixture);

        Assert.Empty(result.Differences);
        Assert.Empty(result.CompilerWarnings);
        Assert.Contains("[Manifests]", result.Code, StringComparison.Ordinal);
        // Written in the DSL's own methods, not as one big escape hatch.
        Assert.Contains(".Container(", result.Code, StringComparison.Ordinal);
        Assert.DoesNotContain("m.StatefulSet.Spec.Template.Spec.Containers =", result.Code, StringComparison.Ordinal);
    }

    public static TheoryData<string> Samples() => new() { "postgres", "zookeeper", "redis-dev", "redis-prod", "etcd" };

    [Theory]
    [MemberData(nameof(Samples))]
    public void The_samples_rendered_output_round_trips(string sample)
    {
        var app = sample switch
        {
            "postgres" => global::Samples.Postgres.Infra.Postgres,
            "zookeeper" => global::Samples.ZooKeeper.Ensemble.ZooKeeper,
            "redis-dev" => global::Samples.Redis.Cache.Redis(global::Samples.Redis.Stage.Dev),
            "redis-prod" => global::Samples.Redis.Cache.Redis(global::Samples.Redis.Stage.Prod),
            _ => global::Samples.Etcd.Cluster.Etcd,
        };
        var result = Import(ManifestYaml.Serialize(app.Build()), sample);

        Assert.Empty(result.Differences);
        Assert.Empty(result.CompilerWarnings);
        // The sample's own findings, no more: the import reviews what it was given.
        Assert.Equal(app.Validate().Select(v => v.Id).Order(StringComparer.Ordinal), result.Findings.Select(v => v.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_input_s_defects_are_its_BERTH_findings()
    {
        var defects = Import(Read("Inputs/09-defects.yaml"), "defects");
        var ids = defects.Findings.Select(f => f.Id).ToHashSet();
        Assert.Contains("BERTH041", ids); // the governing Service is not headless
        Assert.Contains("BERTH043", ids); // the claim template is mounted by nothing
        Assert.Contains("BERTH070", ids); // nginx:latest
        // Kept explicit, not silently repaired: the Service stays non-headless in the code.
        Assert.Contains("m.GoverningService!.Spec.ClusterIP = null;", defects.Code, StringComparison.Ordinal);

        var missing = Import(Read("Inputs/10-missing-service.yaml"), "missing");
        Assert.Contains(".UseExistingService(\"mq-peers\")", missing.Code, StringComparison.Ordinal);
        Assert.Contains(missing.Plan.Notes, n => n.Contains("spec.serviceName \"mq-peers\" names no Service", StringComparison.Ordinal));

        var clean = Import(Read("Inputs/06-helm-rendered.yaml"), "helm");
        Assert.DoesNotContain(clean.Findings, f => f.Id is "BERTH041" or "BERTH043" or "BERTH070");
    }

    [Fact]
    public void Derived_values_are_recognised_not_restated()
    {
        var code = Import(Read("Inputs/06-helm-rendered.yaml"), "helm").Code;

        // Selector, pod labels, Service and PDB selectors and the anti-affinity come from the identity labels once.
        Assert.Contains(".IdentityLabels((\"app.kubernetes.io/name\", \"mycache\"), (\"app.kubernetes.io/instance\", \"release\"))", code, StringComparison.Ordinal);
        Assert.Contains(".SpreadAcrossNodes()", code, StringComparison.Ordinal);
        Assert.Contains(".GoverningService(\"release-mycache-headless\")", code, StringComparison.Ordinal);
        Assert.Contains(".ClientService(\"release-mycache\")", code, StringComparison.Ordinal);
        Assert.Contains(".DisruptionBudget(maxUnavailable: 1)", code, StringComparison.Ordinal);
        Assert.Contains(".Readiness(Probe.Tcp(\"redis\"))", code, StringComparison.Ordinal);
        Assert.DoesNotContain("Selector", code, StringComparison.Ordinal);
        Assert.DoesNotContain("Affinity =", code, StringComparison.Ordinal);
    }

    [Fact]
    public void Kinds_without_a_DSL_method_are_carried_verbatim_and_rendered()
    {
        var result = Import(Read("Inputs/07-crd-and-extras.yaml"), "extras");
        Assert.Contains("servicemonitor/search: the DSL has no method for ServiceMonitor", result.Code, StringComparison.Ordinal);
        Assert.Contains("kind: StorageClass", result.Code, StringComparison.Ordinal);
        Assert.Contains(".InNamespace(\"search\")", result.Code, StringComparison.Ordinal);
        // A field the DSL has no method for is set as it was, not dropped.
        Assert.Contains("httpHeaders:", result.Code, StringComparison.Ordinal);
        Assert.Empty(result.Differences);
    }

    [Fact]
    public void Two_sets_share_the_namespace_and_fields_without_a_DSL_method_are_kept()
    {
        var result = Import(Read("Inputs/11-two-sets.yaml"), "two");
        Assert.Contains(".InNamespace(\"shop\")\n", result.Code, StringComparison.Ordinal);
        Assert.Contains(".InNamespace(\"shop\", create: false)", result.Code, StringComparison.Ordinal);
        Assert.Contains("m.StatefulSet.Spec.Template.Spec.HostNetwork = true;", result.Code, StringComparison.Ordinal);
        Assert.Contains("m.StatefulSet.Spec.Selector.MatchExpressions = Yaml<List<V1LabelSelectorRequirement>>(", result.Code, StringComparison.Ordinal);
        Assert.Contains("secret/unrelated: a Secret: the DSL writes no Secrets", result.Code, StringComparison.Ordinal);
        Assert.Empty(result.Differences);
    }

    [Fact]
    public void Objects_of_no_set_are_skipped_only_when_asked()
    {
        var objects = ManifestInput.Parse(Read("Inputs/07-crd-and-extras.yaml"), "extras");
        var plan = ImportPlan.Of(objects, null, onlyStatefulSets: true, "Imported");
        Assert.Equal(new[] { "networkpolicy/search", "servicemonitor/search", "storageclass/fast-ssd" }, plan.Skipped.Select(s => s.Object.Ref).Order(StringComparer.Ordinal));
        Assert.All(plan.Skipped, s => Assert.Contains("--only-statefulsets", s.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void The_default_namespace_applies_to_namespaced_objects_without_one()
    {
        var result = Import(Read("Inputs/01-web-basic.yaml"), "web", defaultNamespace: "shop");
        Assert.Contains(".InNamespace(\"shop\", create: false)", result.Code, StringComparison.Ordinal);
        Assert.Empty(result.Differences);
    }

    [Fact]
    public void The_equality_helper_applies_the_defaulting_rules_and_finds_real_differences()
    {
        var input = Objects("""
            apiVersion: v1
            kind: Service
            metadata: {name: db}
            spec:
              clusterIP: None
              selector: {app: db}
              ports: [{name: pg, port: 5432, targetPort: pg}]
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              serviceName: db
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec:
                  containers:
                  - name: pg
                    image: postgres:16.4
                    ports: [{name: pg, containerPort: 5432}]
                    resources: {requests: {cpu: "0.5", memory: 1Gi}}
            """);
        var defaulted = Objects("""
            apiVersion: v1
            kind: Service
            metadata: {name: db}
            spec:
              type: ClusterIP
              clusterIP: None
              selector: {app: db}
              ports: [{name: pg, port: 5432, targetPort: 5432, protocol: TCP}]
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              replicas: 1
              podManagementPolicy: OrderedReady
              serviceName: db
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec:
                  containers:
                  - name: pg
                    image: postgres:16.4
                    imagePullPolicy: IfNotPresent
                    ports: [{name: pg, containerPort: 5432, protocol: TCP}]
                    resources: {requests: {cpu: 500m, memory: 1024Mi}}
            """);
        Assert.Empty(ManifestEquality.Differences(input, defaulted));

        var changed = defaulted.Select(o => (JsonObject)o.DeepClone()).ToList();
        changed[1]["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "postgres:17.0";
        changed[0]["spec"]!["ports"]![0]!["protocol"] = "UDP";
        var differences = ManifestEquality.Differences(input, changed);
        Assert.Equal(2, differences.Count);
        Assert.Contains("statefulset/db: spec.template.spec.containers[pg].image: input \"postgres:16.4\", rendered \"postgres:17.0\"", differences);
        Assert.Contains("service/db: spec.ports[5432].protocol: input \"TCP\", rendered \"UDP\"", differences);
        Assert.Contains("statefulset/db: rendered, not in the input", ManifestEquality.Differences(input.Take(1).ToList(), changed));
    }

    [Fact]
    public async Task Check_succeeds_on_a_folder_and_writes_the_file()
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("berth-import-").FullName, "Infra.cs");
        var result = await Tool.RunAsync(new[] { "import", Path.Combine(Inputs, "Kustomize"), "--check", "--class", "Infra", "-o", output });

        result.Expect(0);
        Assert.Contains("left out", result.Err, StringComparison.Ordinal); // the kustomization.yaml files
        Assert.Contains("round trip: the code renders", result.Err, StringComparison.Ordinal);
        Assert.Contains("public static partial class Infra", File.ReadAllText(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Helm_output_is_read_from_standard_input()
    {
        var result = await Tool.RunProcessAsync(new[] { "import", "-", "--check" }, timeout: TimeSpan.FromMinutes(4), stdin: Read("Inputs/06-helm-rendered.yaml"));

        result.Expect(0);
        Assert.Contains("public static StatefulApp ReleaseMycache { get; } = StatefulApp.Named(\"release-mycache\")", result.Out, StringComparison.Ordinal);
        Assert.Contains("from standard input", result.Out, StringComparison.Ordinal);
        Assert.Contains("review: ", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_the_place_and_the_fix()
    {
        var folder = Directory.CreateTempSubdirectory("berth-import-").FullName;
        File.WriteAllText(Path.Combine(folder, "svc.yaml"), "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: 80}]}\n");
        var none = await Tool.RunAsync("import", Path.Combine(folder, "svc.yaml"));
        none.Expect(1);
        Assert.Contains("the input has no StatefulSet (apps/v1) among its 1 object(s) (Service)", none.Err, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(folder, "bad.yaml"), "apiVersion: v1\nkind: [\n");
        var broken = await Tool.RunAsync("import", Path.Combine(folder, "bad.yaml"));
        broken.Expect(1);
        Assert.Contains("bad.yaml: not valid YAML or JSON at line", broken.Err, StringComparison.Ordinal);

        var badClass = await Tool.RunAsync("import", Path.Combine(Inputs, "Inputs", "01-web-basic.yaml"), "--class", "class");
        badClass.Expect(2);
        Assert.Contains("--class \"class\" is not a C# identifier", badClass.Err, StringComparison.Ordinal);
    }

    private static string Read(string relative) => File.ReadAllText(Path.Combine(Inputs, relative));

    private static ImportResult Import(string yaml, string source, string? defaultNamespace = null) =>
        Importer.Run(ManifestInput.Parse(yaml, source), source, "Imported", defaultNamespace, onlyStatefulSets: false);

    private static List<JsonObject> Objects(string yaml) => ManifestInput.Parse(yaml, "test").Select(o => o.Json).ToList();
}
