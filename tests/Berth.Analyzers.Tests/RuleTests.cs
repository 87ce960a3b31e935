using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Berth.Analyzers.Tests;

/// <summary>
/// Every rule the analyzer can see: a definition that triggers it, with the diagnostic on the argument that is
/// wrong (markup), and the same definition corrected, which does not. Each case runs with every other rule off.
/// </summary>
public sealed class RuleTests
{
    private const string C = "\"postgres:16.4\"";

    /// <summary>(rule, definition that triggers it, corrected definition).</summary>
    public static readonly (string Id, string Bad, string Good)[] Cases =
    {
        ("BERTH001",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").{|BERTH001:Selector|}()""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").Selector(("app", "db"))"""),
        ("BERTH002",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").Selector(("app", {|BERTH002:"pg"|}))""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").IdentityLabels(("app", "pg")).Selector(("app", "pg"))"""),
        ("BERTH003",
            """StatefulApp.Named({|BERTH003:"Post_gres"|}).Container("db", "postgres:16.4")""",
            """StatefulApp.Named("post-gres").Container("db", "postgres:16.4")"""),
        ("BERTH004",
            """StatefulApp.Named({|BERTH004:"a-very-long-statefulset-name-that-is-too-long-for-k8s"|}).Container("db", "postgres:16.4")""",
            """StatefulApp.Named("a-very-long-statefulset-name-that-is-fine-for-k8s").Container("db", "postgres:16.4")"""),
        ("BERTH007",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").Replicas({|BERTH007:-1|})""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").Replicas(1)"""),
        ("BERTH008",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").RollingUpdate(maxUnavailable: {|BERTH008:0|})""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").RollingUpdate(maxUnavailable: 1)"""),
        ("BERTH009",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").PodManagement({|BERTH009:(PodManagement)7|})""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").PodManagement(PodManagement.Parallel)"""),
        ("BERTH010",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").GoverningService({|BERTH010:"Db_Svc"|})""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").GoverningService("db-svc")"""),
        ("BERTH011",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Mount({|BERTH011:"data"|}, "/data"))""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Mount("data", "/data")).VolumeClaim("data", "1Gi")"""),
        ("BERTH012",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").{|BERTH012:VolumeClaim|}("data", "1Gi", new AccessMode[0])""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").VolumeClaim("data", "1Gi", new[] { AccessMode.ReadWriteOnce })"""),
        ("BERTH013",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").VolumeClaim("data", {|BERTH013:"0"|})""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").VolumeClaim("data", "1Gi")"""),
        ("BERTH014",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").VolumeClaim("data", "1Gi", storageClass: {|BERTH014:"Fast_SSD"|})""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").VolumeClaim("data", "1Gi", storageClass: "fast-ssd")"""),
        ("BERTH015",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").VolumeClaim({|BERTH015:"Data"|}, "1Gi")""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").VolumeClaim("data", "1Gi")"""),
        ("BERTH016",
            """StatefulApp.Named("db").Container({|BERTH016:"Db"|}, "postgres:16.4")""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4")"""),
        ("BERTH017",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Port("pg", {|BERTH017:70000|}))""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Port("pg", 5432))"""),
        ("BERTH018",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Port({|BERTH018:"postgres-primary"|}, 5432))""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Port("pg", 5432))"""),
        ("BERTH019",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.HostPort("pg", 5432, 15432)).Container("side", "busybox:1.36", c => c.HostPort("x", 9000, {|BERTH019:15432|}))""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.HostPort("pg", 5432, 15432)).Container("side", "busybox:1.36", c => c.HostPort("x", 9000, 19000))"""),
        ("BERTH020",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Env({|BERTH020:"1BAD"|}, "x"))""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Env("GOOD_1", "x"))"""),
        ("BERTH021",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Requests(memory: {|BERTH021:"512MB"|}))""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Requests(memory: "512Mi"))"""),
        ("BERTH022",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Requests(cpu: {|BERTH022:"2"|}).Limits(cpu: "1"))""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Requests(cpu: "1").Limits(cpu: "2"))"""),
        ("BERTH023",
            """StatefulApp.Named("db").Volume("a", VolumeSource.EmptyDir()).Volume("b", VolumeSource.EmptyDir()).Container("db", "postgres:16.4", c => c.Mount("a", "/data").Mount("b", {|BERTH023:"/data"|}))""",
            """StatefulApp.Named("db").Volume("a", VolumeSource.EmptyDir()).Volume("b", VolumeSource.EmptyDir()).Container("db", "postgres:16.4", c => c.Mount("a", "/data").Mount("b", "/scratch"))"""),
        ("BERTH024",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Port("pg", 5432).Liveness(Probe.Tcp("pg").SuccessThreshold({|BERTH024:2|})))""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Port("pg", 5432).Liveness(Probe.Tcp("pg").SuccessThreshold(1)))"""),
        ("BERTH025",
            """StatefulApp.Named("db").Volume("cfg", VolumeSource.ConfigMap("a")).Volume({|BERTH025:"cfg"|}, VolumeSource.ConfigMap("b")).Container("db", "postgres:16.4")""",
            """StatefulApp.Named("db").Volume("cfg", VolumeSource.ConfigMap("a")).Volume("cfg2", VolumeSource.ConfigMap("b")).Container("db", "postgres:16.4")"""),
        ("BERTH026",
            """StatefulApp.Named("db").InitContainer("init", "busybox:1.36", c => c.Readiness({|BERTH026:Probe.Exec("true")|})).Container("db", "postgres:16.4")""",
            """StatefulApp.Named("db").InitContainer("init", "busybox:1.36", c => c.AsSidecar().Readiness(Probe.Exec("true"))).Container("db", "postgres:16.4")"""),
        ("BERTH029",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").ClientService({|BERTH029:"Db_Client"|})""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").ClientService("db-client")"""),
        ("BERTH030",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").GoverningService({|BERTH030:"1db"|})""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").GoverningService("db1")"""),
        ("BERTH031",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Port("pg", {|BERTH031:70000|}))""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Port("pg", 7000))"""),
        ("BERTH032",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Port("pg", 5432).Port("pg2", {|BERTH032:5432|}))""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Port("pg", 5432).Port("pg2", 5433))"""),
        ("BERTH033",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").Replicas(3).DisruptionBudget(maxUnavailable: {|BERTH033:1|}, minAvailable: 1)""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").Replicas(3).DisruptionBudget(maxUnavailable: 1)"""),
        ("BERTH034",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").Toleration("dedicated", "db", {|BERTH034:TaintEffect.NoSchedule|}, tolerationSeconds: 30)""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").Toleration("dedicated", "db", TaintEffect.NoExecute, tolerationSeconds: 30)"""),
        ("BERTH043",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").VolumeClaim({|BERTH043:"data"|}, "1Gi")""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Mount("data", "/data")).VolumeClaim("data", "1Gi")"""),
        ("BERTH044",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Mount("data", "/data")).Volume({|BERTH044:"data"|}, VolumeSource.EmptyDir()).VolumeClaim("data", "1Gi")""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Mount("data", "/data")).Volume("scratch", VolumeSource.EmptyDir()).VolumeClaim("data", "1Gi")"""),
        ("BERTH045",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Mount("data", "/data")).VolumeClaim("data", "1Gi").VolumeClaim({|BERTH045:"data"|}, "2Gi")""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Mount("data", "/data")).VolumeClaim("data", "2Gi")"""),
        ("BERTH046",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").RollingUpdate(maxUnavailable: {|BERTH046:2|})""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").RollingUpdate(partition: 0)"""),
        ("BERTH047",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").TerminationGracePeriod({|BERTH047:0|})""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").TerminationGracePeriod(30)"""),
        ("BERTH048",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Env("A", "1").Env({|BERTH048:"A"|}, "2"))""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Env("A", "1").Env("B", "2"))"""),
        ("BERTH049",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Port("pg", 5432).Readiness(Probe.Tcp({|BERTH049:"postgres"|})))""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Port("pg", 5432).Readiness(Probe.Tcp("pg")))"""),
        ("BERTH050",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Port("pg", 5432).Readiness(Probe.Tcp("pg")).Liveness({|BERTH050:Probe.Tcp("pg")|}))""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Port("pg", 5432).Readiness(Probe.Tcp("pg")).Liveness(Probe.Exec("pg_isready")))"""),
        ("BERTH051",
            """StatefulApp.Named("db").{|BERTH051:Container|}("db", "postgres:16.4", c => c.Port("pg", 5432))""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Port("pg", 5432).Readiness(Probe.Tcp("pg")))"""),
        ("BERTH053",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").Replicas(3).DisruptionBudget(maxUnavailable: {|BERTH053:0|})""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").Replicas(3).DisruptionBudget(maxUnavailable: 1)"""),
        ("BERTH055",
            """StatefulApp.{|BERTH055:Named|}("db").Container("db", "postgres:16.4").Replicas(3)""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").Replicas(3).SpreadAcrossNodes()"""),
        ("BERTH058",
            """StatefulApp.{|BERTH058:Named|}("db").Container("db", "postgres:16.4")""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").PodManagement(PodManagement.Parallel)"""),
        ("BERTH070",
            """StatefulApp.Named("db").Container("db", {|BERTH070:"postgres"|})""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4")"""),
        ("BERTH071",
            """StatefulApp.Named("db").{|BERTH071:Container|}("db", "postgres:16.4", c => c.Requests(cpu: "1"))""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Requests(cpu: "1", memory: "1Gi").Limits(memory: "1Gi"))"""),
        ("BERTH072",
            """StatefulApp.Named("db").{|BERTH072:Container|}("db", "postgres:16.4")""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Liveness(Probe.Exec("pg_isready")))"""),
        ("BERTH073",
            """StatefulApp.Named("db").{|BERTH073:Container|}("db", "postgres:16.4", c => c.Requests(cpu: "1"))""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Limits(ephemeralStorage: "1Gi"))"""),
        ("BERTH074",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").Replicas(3).{|BERTH074:DisruptionBudget|}(maxUnavailable: 1)""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").Replicas(3)"""),
        ("BERTH075",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.PullPolicy({|BERTH075:PullPolicy.IfNotPresent|}))""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.PullPolicy(PullPolicy.Always))"""),
        ("BERTH076",
            """StatefulApp.{|BERTH076:Named|}("db").Container("db", "postgres:16.4").Replicas(3)""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").Replicas(3).SpreadAcrossZones()"""),
        ("BERTH077",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").ClientService(type: {|BERTH077:ServiceType.NodePort|})""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").ClientService(type: ServiceType.LoadBalancer)"""),
        ("BERTH078",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").Label("team", {|BERTH078:"data platform"|})""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").Label("team", "data-platform")"""),
        ("BERTH035",
            """StatefulApp.Named("db").InNamespace({|BERTH035:"Default_NS"|}).Container("db", "postgres:16.4")""",
            """StatefulApp.Named("db").InNamespace("default-ns").Container("db", "postgres:16.4")"""),
        ("BERTH079",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").Annotation({|BERTH079:"NoUppercaseOrSpecialCharsLike=Equals"|}, "x")""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").Annotation("example.com/NoUppercaseOrSpecialChars", "like=equals")"""),
        ("BERTH091",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").Replicas(3).RollingUpdate(partition: {|BERTH091:3|})""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4").Replicas(3).RollingUpdate(partition: 2)"""),
        ("BERTH105",
            """StatefulApp.Named("zk").Container("zk", "zookeeper:3.9.2", c => c.Port("client", 2181).Port("peer", 2888)).ClientService(ports: new[] { {|BERTH105:"clinet"|} })""",
            """StatefulApp.Named("zk").Container("zk", "zookeeper:3.9.2", c => c.Port("client", 2181).Port("peer", 2888)).ClientService(ports: new[] { "client" })"""),
        ("BERTH106",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.RunAsUser({|BERTH106:-1|})).RunAsUser({|BERTH106:-1|}).SeccompProfile({|BERTH106:SeccompProfileType.Localhost|})""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.RunAsUser(999)).RunAsUser(999).SeccompProfile(SeccompProfileType.Localhost, "profiles/db.json")"""),
        ("BERTH097",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Env("POSTGRES_PASSWORD", {|BERTH097:"hunter2"|}))""",
            """StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.EnvFromSecret("POSTGRES_PASSWORD", "pg-auth", "password"))"""),
    };

    public static IEnumerable<object[]> Ids() => Cases.Select(c => new object[] { c.Id });

    [Theory]
    [MemberData(nameof(Ids))]
    public Task Triggers_on_the_wrong_argument(string id)
    {
        var c = Cases.Single(x => x.Id == id);
        return Verify.Rule(id, Verify.App(c.Bad));
    }

    [Fact]
    public Task An_empty_namespace_is_reported_at_the_argument() =>
        Verify.Rule("BERTH035", Verify.App("""StatefulApp.Named("db").InNamespace({|BERTH035:""|}).Container("db", "postgres:16.4")"""));

    [Fact]
    public Task A_pod_annotation_key_is_checked_too() =>
        Verify.Rule("BERTH079", Verify.App("""StatefulApp.Named("db").Container("db", "postgres:16.4").PodAnnotation({|BERTH079:"backup schedule"|}, "daily")"""));

    [Fact]
    public Task Upper_case_annotation_keys_are_accepted_as_the_server_does() =>
        Verify.Rule("BERTH079", Verify.App("""StatefulApp.Named("db").Container("db", "postgres:16.4").Annotation("Example.com/BackupSchedule", "daily").PodAnnotation("Owner", "data team")"""));

    [Fact]
    public Task A_literal_secret_is_reported_at_a_constant_value_and_not_at_a_value_known_only_at_run_time() =>
        Verify.Rule("BERTH097", Verify.App("""
            StatefulApp.Named("db").Container("db", "postgres:16.4", c => c
                .Env("API_TOKEN", {|BERTH097:"abc" + "def"|})
                .Env("UPSTREAM_KEY_MATERIAL", {|BERTH097:"tq8ZrX3vLw9KpB2mNc7YhJ4dFs6G"|})
                .Env("DB_PASSWORD", System.Environment.GetEnvironmentVariable("PW") ?? "")
                .Env("EMPTY_PASSWORD", "")
                .Env("MAX_TOKENS", "4096"))
            """));

    [Theory]
    [MemberData(nameof(Ids))]
    public Task Corrected_definition_is_clean(string id)
    {
        var c = Cases.Single(x => x.Id == id);
        return Verify.Rule(id, Verify.App(c.Good));
    }
}
