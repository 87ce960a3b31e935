using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;

namespace Berth.Analyzers.Tests;

/// <summary>
/// One rule catalog, two front ends: the same definitions are checked by the analyzer (from the constants in the
/// source) and by the runtime validator (compiled, run, built and validated), and must give the same rule IDs.
/// </summary>
public sealed class ParityTests
{
    /// <summary>Definitions with several apps, for the cross-object rules, and complete realistic ones.</summary>
    public static readonly (string Name, string Source)[] Sets =
    {
        ("every other DSL method", Verify.App("""
            StatefulApp.Named("kitchen")
                .InNamespace("data")
                .Replicas(3)
                .Annotation("example.com/owner", "team-a")
                .PodAnnotation("example.com/scrape", "true")
                .RevisionHistoryLimit(5)
                .ServiceAccount("kitchen-sa")
                .NodeSelector("disktype", "ssd")
                .Affinity(() => new k8s.Models.V1Affinity())
                .SpreadAcrossNodes()
                .PriorityClass("high")
                .PodSecurity(() => new k8s.Models.V1PodSecurityContext { RunAsNonRoot = true })
                .FsGroup(999)
                .ImagePullSecret("regcred")
                .ConfigMap("kitchen-config", new System.Collections.Generic.Dictionary<string, string> { ["a"] = "b" })
                .ClusterDomain("cluster.example")
                .Volume("secrets", VolumeSource.Secret("kitchen-secret").Item("key", "path"))
                .Volume("all", VolumeSource.Projected(VolumeSource.ConfigMap("kitchen-config"), VolumeSource.Secret("kitchen-secret")))
                .Container("app", "busybox:1.36", c => c
                    .Command("sh", "-c").Args("sleep 3600").WorkingDir("/work")
                    .Port("http", 8080)
                    .Port(9090, Protocol.Udp)
                    .EnvFromConfigMap("MODE", configMap: "kitchen-config", key: "a")
                    .EnvFromAllOfSecret("kitchen-secret", prefix: "S_")
                    .EnvFromAllOfConfigMap("kitchen-config")
                    .Resource("example.com/gpu", request: "1", limit: "1")
                    .Readiness(Probe.Http("/ready", "http").Every(5).Timeout(2))
                    .Liveness(Probe.Tcp(8080).FailureThreshold(6).TerminationGracePeriod(30))
                    .Startup(Probe.Grpc(8080).FailureThreshold(30))
                    .PreStop("sh", "-c", "sleep 5")
                    .RunAsUser(1000, 1000)
                    .ReadOnlyRootFilesystem()
                    .Mount("secrets", "/secrets")
                    .Mount("all", "/all"))
                .Container("side", "busybox:1.36", c => c
                    .Port("admin", 9000)
                    .PreStopHttp("/stop", "admin")
                    .SecurityContext(new k8s.Models.V1SecurityContext { RunAsNonRoot = true }))
                .Container("hardened", "busybox:1.36", c => c
                    .RunAsNonRoot().RunAsGroup(2000).AllowPrivilegeEscalation(false)
                    .DropCapabilities("ALL").AddCapabilities("NET_BIND_SERVICE")
                    .SeccompProfile(SeccompProfileType.Localhost, "profiles/app.json"))
                .Container("admin", "busybox:1.36", c => c.Privileged().SeccompProfile(SeccompProfileType.RuntimeDefault))
            """)),
        ("invalid volume file modes and size limits", Verify.App("""
            StatefulApp.Named("db")
                .Volume("cfg", VolumeSource.ConfigMap("db-config", defaultMode: 644))
                .Volume("keys", VolumeSource.Secret("db-keys", -1, optional: true).Item("tls.key", "tls.key"))
                .Volume("scratch", VolumeSource.EmptyDir(sizeLimit: "-1Gi", inMemory: true))
                .Container("db", "postgres:16.4", c => c.Mount("cfg", "/cfg").Mount("keys", "/keys").Mount("scratch", "/tmp"))
            """)),
        ("invalid container security contexts", Verify.App("""
            StatefulApp.Named("db")
                .Container("db", "postgres:16.4", c => c.RunAsUser(999, -5).Privileged())
                .Container("a", "busybox:1.36", c => c.AllowPrivilegeEscalation(false).AddCapabilities("CAP_SYS_ADMIN").SeccompProfile(SeccompProfileType.Localhost))
                .Container("b", "busybox:1.36", c => c.SecurityContext(new k8s.Models.V1SecurityContext { RunAsUser = -1 }).SeccompProfile(SeccompProfileType.RuntimeDefault, "x.json"))
            """)),
        ("customize edits part of the app", Verify.App("""
            StatefulApp.Named("db")
                .Replicas(3)
                .Container("db", "postgres:latest", c => c.Port("pg", 5432).Mount("data", "/data"))
                .SpreadAcrossNodes()
                .SpreadAcrossZones()
                .Customize(m =>
                {
                    var pod = m.StatefulSet.Spec.Template.Spec;
                    m.StatefulSet.Spec.MinReadySeconds = 10;
                    foreach (var c in pod.Containers) c.SecurityContext = new k8s.Models.V1SecurityContext { RunAsNonRoot = true };
                    m.GoverningService!.Metadata.Annotations = new System.Collections.Generic.Dictionary<string, string> { ["a"] = "b" };
                })
            """)),
        ("clean app", Verify.App("""
            StatefulApp.Named("db")
                .InNamespace("data")
                .Replicas(3)
                .PodManagement(PodManagement.Parallel)
                .Container("db", "postgres:16.4", c => c
                    .PullPolicy(PullPolicy.Always)
                    .Port("pg", 5432)
                    .Env("POSTGRES_DB", "app")
                    .EnvFromSecret("POSTGRES_PASSWORD", secret: "pg-auth", key: "password")
                    .Requests(cpu: "250m", memory: "512Mi", ephemeralStorage: "1Gi")
                    .Limits(memory: "1Gi", ephemeralStorage: "2Gi")
                    .Readiness(Probe.Tcp("pg"))
                    .Liveness(Probe.Exec("pg_isready"))
                    .Mount("data", "/var/lib/postgresql/data"))
                .VolumeClaim("data", "20Gi", AccessMode.ReadWriteOnce)
                .SpreadAcrossNodes()
                .SpreadAcrossZones()
            """)),
        ("design sketch", Verify.App("""
            StatefulApp.Named("postgres")
                .InNamespace("data")
                .Replicas(3)
                .Container("postgres", "postgres:16.4", c => c
                    .Port("pg", 5432)
                    .Env("POSTGRES_DB", "app")
                    .EnvFromSecret("POSTGRES_PASSWORD", secret: "pg-auth", key: "password")
                    .Requests(cpu: "250m", memory: "512Mi").Limits(memory: "1Gi")
                    .Readiness(Probe.Tcp("pg"))
                    .Mount("data", "/var/lib/postgresql/data"))
                .VolumeClaim("data", "20Gi", AccessMode.ReadWriteOnce)
                .SpreadAcrossNodes()
                .DisruptionBudget(maxUnavailable: 1)
            """)),
        ("zookeeper with quorum budget and client service", Verify.App("""
            StatefulApp.Named("zk")
                .Replicas(3)
                .IdentityLabels(("app.kubernetes.io/name", "zookeeper"), ("app.kubernetes.io/instance", "zk"))
                .Label("team", "platform")
                .PublishNotReadyAddresses()
                .ClientService()
                .Container("zk", "zookeeper:3.9.2", c => c
                    .Port("client", 2181).Port("peer", 2888).Port("leader", 3888)
                    .EnvFromPod("POD_NAME", PodField.Name)
                    .Readiness(Probe.Exec("zkOk.sh")).Liveness(Probe.Tcp("client").InitialDelay(10))
                    .Mount("data", "/data"))
                .VolumeClaim("data", "10Gi", new[] { AccessMode.ReadWriteOnce }, storageClass: "fast-ssd")
                .Toleration("dedicated", "zk", TaintEffect.NoSchedule)
                .QuorumBudget()
            """)),
        ("ports chosen per Service and named budgets", Verify.Infra(
            """public static StatefulApp Kafka { get; } = StatefulApp.Named("kafka").Replicas(3).Container("kafka", "apache/kafka:3.8.0", c => c.Port("broker", 9092).Port("controller", 9093).Port("metrics", 9404)).GoverningService("kafka-headless", publishNotReadyAddresses: true, ports: new[] { "broker", "controller" }).ClientService(ports: new[] { "broker" }).QuorumBudget(name: "kafka-quorum");""",
            """public static StatefulApp Db { get; } = StatefulApp.Named("db").Replicas(2).Container("db", "postgres:16.4", c => c.Port("pg", 5432).Port(9187)).GoverningService(ports: new[] { "pg" }).ClientService("db-rw", ports: new[] { "pg", "tcp-9187" }).DisruptionBudget(maxUnavailable: 1, name: "db-pdb");""",
            """public static StatefulApp Typo { get; } = StatefulApp.Named("typo").Container("t", "busybox:1.36", c => c.Port("http", 8080)).GoverningService(ports: new[] { "htp" }).ClientService(ports: new string[0]);""")),
        ("typed pod security", Verify.Infra(
            """public static StatefulApp Good { get; } = StatefulApp.Named("good").Container("g", "busybox:1.36").RunAsUser(1000, 1000).RunAsNonRoot().FsGroup(1000).FsGroupChangePolicy(FsGroupChange.OnRootMismatch).SupplementalGroups(5, 6).SeccompProfile(SeccompProfileType.RuntimeDefault);""",
            """public static StatefulApp Bad { get; } = StatefulApp.Named("bad").Container("b", "busybox:1.36").RunAsUser(-1).FsGroup(3000000000).SupplementalGroups(-2).SeccompProfile(SeccompProfileType.Localhost).FsGroupChangePolicy((FsGroupChange)7);""",
            """public static StatefulApp Replaced { get; } = StatefulApp.Named("replaced").Container("r", "busybox:1.36").RunAsUser(-1).PodSecurity(() => new k8s.Models.V1PodSecurityContext { RunAsUser = 1000 }).SeccompProfile(SeccompProfileType.RuntimeDefault, "profiles/a.json");""")),
        ("labels and annotations aimed at one object", Verify.App("""
            StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Port("pg", 5432)).Replicas(2).ClientService().DisruptionBudget(maxUnavailable: 1)
                .Label("team", "data")
                .Label("monitoring", "on", on: AppPart.ClientService)
                .Label("bad key!", "x", on: AppPart.StatefulSet)
                .Label("app", "other", on: AppPart.Pods)
                .Label("tier", "budget", on: AppPart.DisruptionBudget)
                .Label("tier", "headless", on: AppPart.GoverningService)
                .Annotation("service.beta.kubernetes.io/aws-load-balancer-type", "nlb", on: AppPart.ClientService)
                .Annotation("example.com/owner", "team-a", on: AppPart.GoverningService)
                .Annotation("example.com/budget", "x", on: AppPart.DisruptionBudget)
                .Annotation("example.com/pods", "y", on: AppPart.Pods)
                .Annotation("example.com/set", "z")
            """)),
        ("typed affinity terms", Verify.Infra(
            """public static StatefulApp Zk { get; } = StatefulApp.Named("zk").Replicas(3).IdentityLabels(("app.kubernetes.io/name", "zk")).Container("zk", "zookeeper:3.9.2").AntiAffinity("kubernetes.io/hostname", selector: LabelExpr.In("app.kubernetes.io/name", "zk")).AntiAffinity("topology.kubernetes.io/zone", weight: 50).PodAffinity("kubernetes.io/hostname", 10, LabelExpr.Exists("cache"), LabelExpr.NotIn("tier", "batch"), LabelExpr.DoesNotExist("legacy"));""",
            """public static StatefulApp Wrong { get; } = StatefulApp.Named("wrong").Replicas(3).Container("w", "busybox:1.36").AntiAffinity("kubernetes.io/hostname", null, LabelExpr.In("app", "zk"));""",
            """public static StatefulApp Malformed { get; } = StatefulApp.Named("malformed").Replicas(3).Container("m", "busybox:1.36").SpreadAcrossNodes().PodAffinity("", 500, LabelExpr.In("bad key!"));""")),
        ("typed node affinity", Verify.Infra(
            """public static StatefulApp Good { get; } = StatefulApp.Named("good").Container("g", "busybox:1.36").NodeAffinity("kubernetes.io/os", NodeOperator.In, "linux").NodeAffinity("cpu-count", NodeOperator.Gt, "4").PreferNodeAffinity(50, "disktype", NodeOperator.In, "ssd");""",
            """public static StatefulApp Bad { get; } = StatefulApp.Named("bad").Container("b", "busybox:1.36").NodeAffinity("bad key!", NodeOperator.Exists).NodeAffinity("disktype", NodeOperator.In).NodeAffinity("cpu", NodeOperator.Lt, "1", "2").PreferNodeAffinity(500, "zone", NodeOperator.In, "a").PreferNodeAffinity(5, "gpu", NodeOperator.Exists, "yes");""",
            """public static StatefulApp Merged { get; } = StatefulApp.Named("merged").Container("m", "busybox:1.36").NodeAffinity("disktype", NodeOperator.NotIn).Affinity(() => new k8s.Models.V1Affinity { NodeAffinity = new k8s.Models.V1NodeAffinity { PreferredDuringSchedulingIgnoredDuringExecution = new System.Collections.Generic.List<k8s.Models.V1PreferredSchedulingTerm> { new k8s.Models.V1PreferredSchedulingTerm { Weight = 5, Preference = new k8s.Models.V1NodeSelectorTerm() } } } }).PreferNodeAffinity(0, "zone", NodeOperator.In, "a");""")),
        ("use an existing Service that is missing", Verify.App("""
            StatefulApp.Named("db").Container("db", "postgres:16.4").UseExistingService("nothere")
            """)),
        ("use another app's headless Service", Verify.Infra(
            """public static StatefulApp Db { get; } = StatefulApp.Named("db").Container("db", "postgres:16.4").UseExistingService("shared");""",
            """public static StatefulApp Shared { get; } = StatefulApp.Named("shared").Container("s", "busybox:1.36");""")),
        ("use another app's client Service", Verify.Infra(
            """public static StatefulApp Db { get; } = StatefulApp.Named("db").Container("db", "postgres:16.4").UseExistingService("web-client");""",
            """public static StatefulApp Web { get; } = StatefulApp.Named("web").Container("w", "nginx:1.27").ClientService();""")),
        ("labels that leave the budget and client Service behind", Verify.App("""
            StatefulApp.Named("db").Container("db", "postgres:16.4").Replicas(2).Label("app", "other").ClientService().DisruptionBudget(minAvailable: 1)
            """)),
        ("budget that blocks evictions", Verify.App("""
            StatefulApp.Named("db").Container("db", "postgres:16.4").Replicas(2).DisruptionBudget(minAvailable: 2)
            """)),
        ("percent budget", Verify.App("""
            StatefulApp.Named("db").Container("db", "postgres:16.4").Replicas(2).DisruptionBudget(minAvailable: IntOrPercent.Percent(100))
            """)),
        ("variant of a public base", Verify.Infra(
            """public static StatefulApp Base { get; } = StatefulApp.Named("db").Container("db", "postgres:latest", c => c.Mount("data", "/d"));""",
            """public static StatefulApp Prod { get; } = Base.Replicas(3).VolumeClaim("data", "10GB");""")),
        ("variant of a private building block", Verify.Infra(
            """private static readonly StatefulApp Base = StatefulApp.Named("Db").Container("db", "postgres:16.4");""",
            """public static StatefulApp Dev => Base.Replicas(1);""",
            """public static StatefulApp Prod => Base.Replicas(3).SpreadAcrossNodes();""")),
        ("with container changed in a variant", Verify.Infra(
            """public static StatefulApp Base { get; } = StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Port("pg", 5432));""",
            """public static StatefulApp Next { get; } = Base.WithContainer("db", c => c.Image("postgres").Port("pg2", 5432));""")),
        ("constants, nameof and interpolation", Verify.Infra(
            """private const string Name = "Cache";""",
            """private const int Port = 70000;""",
            """public static StatefulApp App { get; } = StatefulApp.Named($"{nameof(App)}-{Name}").Container("redis", $"redis:{7}", c => c.Port("redis", Port).Requests(memory: "1" + "GB"));""")),
        ("init containers and sidecars", Verify.App("""
            StatefulApp.Named("db")
                .InitContainer("init", "busybox:1.36", c => c.Liveness(Probe.Exec("true")).Mount("data", "/data"))
                .InitContainer("proxy", "envoy:1.30", c => c.AsSidecar().Readiness(Probe.Http("/ready", 9901)))
                .Container("db", "postgres:16.4", c => c.Mount("data", "/data").Mount("cfg", "/etc/cfg", subPath: "../x"))
                .Volume("cfg", VolumeSource.ConfigMap("db-config"))
                .VolumeClaim("data", "1Gi")
            """)),
        ("extra object of a kind the DSL has no method for", Verify.App("""
            StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Port("pg", 5432)).Replicas(2)
                .With("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: db-only\nspec:\n  podSelector:\n    matchLabels:\n      app: db\n")
            """)),
        ("typed extra objects", Verify.App("""
            StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Port("pg", 5432)).Replicas(2)
                .With(new k8s.Models.V1StorageClass { Metadata = new k8s.Models.V1ObjectMeta { Name = "fast" }, Provisioner = "kubernetes.io/no-provisioner" })
                .With(new k8s.Models.V1ServiceAccount { Metadata = new k8s.Models.V1ObjectMeta { Name = "db" } })
            """)),
        ("typed extra Service", Verify.App("""
            StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Port("pg", 5432)).Replicas(2).UseExistingService("db-peers")
                .With(new k8s.Models.V1Service { Metadata = new k8s.Models.V1ObjectMeta { Name = "db-peers" }, Spec = new k8s.Models.V1ServiceSpec { ClusterIP = "None", Selector = new System.Collections.Generic.Dictionary<string, string> { ["app"] = "db" } } })
            """)),
        ("extra Service carried with With", Verify.App("""
            StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Port("pg", 5432)).Replicas(2)
                .With("{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"db-metrics\"}, \"spec\": {\"selector\": {\"app\": \"db\"}, \"ports\": [{\"name\": \"pg\", \"port\": 5432, \"protocol\": \"TCP\"}]}}")
            """)),
        ("annotations replaced by a Customize", Verify.App("""
            StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Port("pg", 5432)).Replicas(2)
                .Annotation("bad key", "x").PodAnnotation("also bad", "y")
                .Customize(m => { m.StatefulSet.Metadata.Annotations = null; m.StatefulSet.Spec.Template.Metadata.Annotations = null; })
            """)),
        ("on delete with partition", Verify.App("""
            StatefulApp.Named("db").Container("db", "postgres:16.4").Replicas(2).RollingUpdate(partition: 1, maxUnavailable: IntOrPercent.Percent(150)).OnDelete().ClaimRetention(ClaimRetention.Delete, ClaimRetention.Retain).StartOrdinal(-2).MinReadySeconds(-1)
            """)),
        ("claims deleted on scale-down", Verify.App("""
            StatefulApp.Named("cache").Container("redis", "redis:7.2", c => c.Port("redis", 6379).Mount("data", "/data"))
                .VolumeClaim("data", "1Gi").ClaimRetention(whenDeleted: ClaimRetention.Retain, whenScaled: ClaimRetention.Delete)
            """)),
        ("literal secrets in env", Verify.App("""
            StatefulApp.Named("api").Container("api", "registry.example.com/api:1.4", c => c
                .Env("DB_PASSWORD", "hunter2").Env("serviceToken", "t").Env("SIGNING_KEY_B64", "tq8ZrX3vLw9KpB2mNc7YhJ4dFs6G")
                .Env("PGPASSWORD", "$(DB_PASSWORD)").Env("GOOGLE_APPLICATION_CREDENTIALS", "/var/secrets/key.json")
                .EnvFromSecret("API_KEY", "api-keys", "primary").Env("MAX_TOKENS", "4096"))
            """)),
    };

    /// <summary>Definitions checked against a target Kubernetes version (BerthKubernetesVersion): every versioned field the DSL writes.</summary>
    public static readonly (string Name, string Version, string Source)[] VersionSets =
    {
        ("every versioned field on 1.20", "1.20", VersionedFields),
        ("every versioned field on 1.26", "1.26", VersionedFields),
        ("every versioned field on 1.33", "1.33", VersionedFields),
        ("an unreadable target version", "1.x", VersionedFields),
    };

    internal static string VersionedFields => Verify.App("""
        StatefulApp.Named("db").InNamespace("data").Replicas(3)
            .Container("db", "postgres:16.4", c => c.Port("pg", 5432)
                .Readiness(Probe.Grpc(5432)).Liveness(Probe.Tcp("pg").TerminationGracePeriod(30)).Mount("data", "/data"))
            .InitContainer("proxy", "envoy:1.30", c => c.AsSidecar())
            .VolumeClaim("data", "1Gi", AccessMode.ReadWriteOncePod)
            .StartOrdinal(1).MinReadySeconds(5).RollingUpdate(maxUnavailable: 2)
            .ClaimRetention(ClaimRetention.Retain, ClaimRetention.Delete)
            .DisruptionBudget(maxUnavailable: 1)
        """);

    public static IEnumerable<object[]> VersionDefinitions() => VersionSets.Select(s => new object[] { s.Name, s.Version, s.Source });

    [Theory]
    [MemberData(nameof(VersionDefinitions))]
    public async Task Analyzer_and_runtime_report_the_same_findings_for_a_target_version(string name, string version, string source)
    {
        var compileTime = (await Verify.DiagnosticsFor(version, source)).Where(d => d.Id != AnalyzerOnly)
            .Select(d => d.Id + ": " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).Distinct().OrderBy(i => i, StringComparer.Ordinal).ToList();
        var runTime = RunAndValidateAll(source, version).Select(v => v.Id + ": " + v.Message).Distinct().OrderBy(i => i, StringComparer.Ordinal).ToList();
        Assert.True(runTime.SequenceEqual(compileTime),
            $"{name}\n  runtime:\n    {string.Join("\n    ", runTime)}\n  analyzer:\n    {string.Join("\n    ", compileTime)}");
    }

    public static IEnumerable<object[]> Definitions()
    {
        foreach (var c in RuleTests.Cases)
        {
            yield return new object[] { c.Id + " (triggers)", Verify.App(Unmark(c.Bad)) };
            yield return new object[] { c.Id + " (corrected)", Verify.App(c.Good) };
        }

        foreach (var (name, source) in Sets)
            yield return new object[] { name, source };
    }

    /// <summary>BERTH080 says where the analyzer stops following a definition: there is no such place at run time.</summary>
    private const string AnalyzerOnly = "BERTH080";

    [Theory]
    [MemberData(nameof(Definitions))]
    public async Task Analyzer_and_runtime_report_the_same_rules(string name, string source)
    {
        var compileTime = (await Verify.Diagnostics(source)).Select(d => d.Id).Where(id => id != AnalyzerOnly).Distinct().OrderBy(i => i, StringComparer.Ordinal).ToList();
        var runTime = RunAndValidate(source).Distinct().OrderBy(i => i, StringComparer.Ordinal).ToList();
        Assert.True(runTime.SequenceEqual(compileTime),
            $"{name}\n  runtime:  {string.Join(" ", runTime)}\n  analyzer: {string.Join(" ", compileTime)}");
    }

    [Fact]
    public void The_parity_set_covers_every_rule_the_analyzer_can_see()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var definition in Definitions())
            seen.UnionWith(RunAndValidate((string)definition[1]));
        foreach (var (_, version, source) in VersionSets)
            seen.UnionWith(RunAndValidateAll(source, version).Select(v => v.Id));
        var runtimeOnly = new[] { "BERTH005", "BERTH006", "BERTH027", "BERTH057", AnalyzerOnly };
        // Declaration rules (BERTH095/096) are about the C# type, which the runtime never sees: ManifestsTypeTests cover them.
        // The lock file's rules (BERTH098/099) need a lock: LockFileTests compare both front ends on one. Undeclared build
        // inputs (BERTH103) are about what the C# code reads: BuildInputTests cover them.
        var declarationOnly = Berth.Rules.RuleCatalog.All.Where(r => r.Scope is Berth.Rules.RuleScope.Declaration or Berth.Rules.RuleScope.LockFile or Berth.Rules.RuleScope.BuildInputs).Select(r => r.Id);
        var missing = BerthDescriptors.All.Select(d => d.Id).Except(seen).Except(runtimeOnly).Except(declarationOnly).ToList();
        Assert.True(missing.Count == 0, "No parity case triggers " + string.Join(", ", missing));
    }

    /// <summary>Compiles the definitions, loads them, and validates every public static app as one manifest set.</summary>
    internal static IReadOnlyList<string> RunAndValidate(string source) => RunAndValidateAll(source).Select(v => v.Id).ToList();

    /// <summary>The violations (ID, message, severity) of <see cref="RunAndValidate"/>.</summary>
    internal static IReadOnlyList<Berth.Rules.RuleViolation> RunAndValidateAll(string source, string? kubernetesVersion = null)
    {
        var compilation = Verify.Compile(source);
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        stream.Position = 0;
        var context = new AssemblyLoadContext("parity", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(stream);
            var apps = assembly.GetTypes()
                .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Static))
                .Where(p => p.PropertyType == typeof(StatefulApp))
                .OrderBy(p => p.MetadataToken)
                .Select(p => (StatefulApp)p.GetValue(null)!)
                .ToList();
            Assert.NotEmpty(apps);
            return new ManifestSet(apps) { KubernetesVersion = kubernetesVersion }.Validate().ToList();
        }
        finally
        {
            context.Unload();
        }
    }

    internal static string Unmark(string markup) => Regex.Replace(markup, @"\{\|BERTH\d+:|\|\}", string.Empty);
}
