using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using Xunit;

namespace Berth.Tests.Fidelity;

/// <summary>
/// Real-world manifests written without Customize: each YAML file in this folder was written first, as a user of kubectl
/// would write it; each definition below says the same in the DSL. The test renders the definition and compares it with the
/// file field for field, after the normalisations of <see cref="Normalise"/> only (docs/guides/fidelity.md lists them):
/// <list type="number">
/// <item>A container port or Service port without <c>protocol</c> is read as <c>protocol: TCP</c>, the API server's default,
/// which Berth always writes (server-side apply on 1.20 needs it).</item>
/// </list>
/// Everything else must be equal: the objects, in apply order (Namespace, objects carried with the app, ConfigMaps, governing
/// Service, client Service, budget, StatefulSet), and every field of each. Mapping key order and YAML style are not compared:
/// both sides are read as kubectl reads YAML (YAML 1.1 scalars) into JSON trees.
/// </summary>
public sealed class FidelityTests
{
    private static readonly Dictionary<string, string> NginxConf = new() { ["nginx.conf"] = "events {}\nhttp {\n  server {\n    listen 80;\n    root /usr/share/nginx/html;\n  }\n}\n" };

    public static readonly Dictionary<string, StatefulApp> Definitions = new()
    {
        ["web"] = StatefulApp.Named("web").InNamespace("web").Replicas(2)
            .Label("app.kubernetes.io/part-of", "shop")
            .Container("nginx", "nginx:1.27.2", c => c
                .Port("http", 80)
                .Requests(cpu: "100m", memory: "128Mi").Limits(memory: "256Mi")
                .Readiness(Probe.Http("/", "http").Every(5))
                .Liveness(Probe.Tcp("http").InitialDelay(10))
                .Mount("www", "/usr/share/nginx/html")
                .Mount("conf", "/etc/nginx/nginx.conf", subPath: "nginx.conf", readOnly: true))
            .Volume("conf", VolumeSource.ConfigMap("web-nginx"))
            .ConfigMap("web-nginx", NginxConf)
            .VolumeClaim("www", "1Gi")
            .FsGroup(101)
            .ClientService("web-public", ServiceType.LoadBalancer, ports: new[] { "http" })
            .DisruptionBudget(maxUnavailable: 1, name: "web-pdb"),

        ["zookeeper"] = StatefulApp.Named("zk").InNamespace("coord").Replicas(3)
            .IdentityLabels(("app.kubernetes.io/name", "zookeeper"), ("app.kubernetes.io/instance", "zk"))
            .PodManagement(PodManagement.Parallel)
            .GoverningService("zk-hs", publishNotReadyAddresses: true, ports: new[] { "server", "election" })
            .ClientService("zk-cs", ports: new[] { "client" })
            .InitContainer("init-myid", "busybox:1.36", c => c
                .Command("sh", "-c", "echo $((${HOSTNAME##*-} + 1)) > /data/myid")
                .Mount("data", "/data"))
            .Container("zk", "zookeeper:3.9.2", c => c
                .Port("client", 2181).Port("server", 2888).Port("election", 3888)
                .Env("ZOO_SERVERS", "server.1=zk-0.zk-hs.coord.svc.cluster.local:2888:3888;2181 server.2=zk-1.zk-hs.coord.svc.cluster.local:2888:3888;2181 server.3=zk-2.zk-hs.coord.svc.cluster.local:2888:3888;2181")
                .Requests(cpu: "500m", memory: "1Gi").Limits(memory: "1Gi")
                .Readiness(Probe.Exec("sh", "-c", "echo ruok | nc 127.0.0.1 2181 | grep imok"))
                .Liveness(Probe.Tcp("client").InitialDelay(10))
                .Mount("data", "/data"))
            .VolumeClaim("data", "10Gi", storageClass: "standard")
            .RunAsUser(1000, group: 1000).FsGroup(1000)
            .AntiAffinity("kubernetes.io/hostname", selector: LabelExpr.In("app.kubernetes.io/name", "zookeeper"))
            .QuorumBudget(name: "zk-pdb"),

        ["cassandra"] = StatefulApp.Named("cassandra").InNamespace("db").Replicas(3)
            .With(new V1StorageClass
            {
                Metadata = new V1ObjectMeta { Name = "cassandra-ssd" },
                Provisioner = "pd.csi.storage.gke.io",
                Parameters = new Dictionary<string, string> { ["type"] = "pd-ssd" },
                ReclaimPolicy = "Retain",
                AllowVolumeExpansion = true,
                VolumeBindingMode = "WaitForFirstConsumer",
            })
            .PublishNotReadyAddresses()
            .ClientService("cassandra-cql", ports: new[] { "cql" })
            .Container("cassandra", "cassandra:4.1.7", c => c
                .Port("intra-node", 7000).Port("tls-intra-node", 7001).Port("jmx", 7199).Port("cql", 9042)
                .Env("CASSANDRA_SEEDS", "cassandra-0.cassandra.db.svc.cluster.local")
                .Env("MAX_HEAP_SIZE", "2G").Env("HEAP_NEWSIZE", "400M")
                .EnvFromPod("POD_IP", PodField.PodIP)
                .Requests(cpu: "1", memory: "4Gi").Limits(cpu: "2", memory: "4Gi")
                .SecurityContext(new V1SecurityContext { Capabilities = new V1Capabilities { Add = new List<string> { "IPC_LOCK" } } })
                .PreStop("nodetool", "drain")
                .Readiness(Probe.Exec("/bin/sh", "-c", "nodetool status | grep -E \"^UN\\s+${POD_IP}\"").InitialDelay(15).Timeout(5))
                .Mount("data", "/var/lib/cassandra"))
            .TerminationGracePeriod(1800)
            .SpreadAcrossNodes()
            .VolumeClaim("data", "100Gi", storageClass: "cassandra-ssd"),

        ["postgres"] = StatefulApp.Named("pg").InNamespace("data").Replicas(2)
            .IdentityLabels(("app.kubernetes.io/name", "postgresql"), ("app.kubernetes.io/instance", "pg"))
            .Label("app.kubernetes.io/component", "database")
            .ServiceAccount("pg")
            .With(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "pg", NamespaceProperty = "data" } })
            .ClientService("pg-read", ports: new[] { "postgres" })
            .InitContainer("init-config", "busybox:1.36", c => c
                .Command("sh", "-c", "cp /config/* /etc/postgresql/ && if [ \"${HOSTNAME##*-}\" != \"0\" ]; then touch /etc/postgresql/standby.signal; fi")
                .Mount("config-src", "/config", readOnly: true)
                .Mount("config", "/etc/postgresql"))
            .Container("postgres", "postgres:16.4", c => c
                .Args("-c", "config_file=/etc/postgresql/postgresql.conf")
                .Port("postgres", 5432)
                .Env("PGDATA", "/var/lib/postgresql/data/pgdata")
                .EnvFromSecret("POSTGRES_PASSWORD", "pg-auth", "password")
                .EnvFromSecret("REPLICATION_PASSWORD", "pg-auth", "replication-password")
                .Requests(cpu: "250m", memory: "512Mi").Limits(memory: "1Gi")
                .Readiness(Probe.Exec("pg_isready", "-U", "postgres").Every(10))
                .Liveness(Probe.Tcp("postgres").InitialDelay(30))
                .Mount("data", "/var/lib/postgresql/data")
                .Mount("config", "/etc/postgresql"))
            .Volume("config-src", VolumeSource.Projected(
                VolumeSource.ConfigMap("pg-config"),
                VolumeSource.Secret("pg-tls").Item("tls.crt", "server.crt").Item("tls.key", "server.key")))
            .Volume("config", VolumeSource.EmptyDir())
            .ConfigMap("pg-config", new Dictionary<string, string>
            {
                ["postgresql.conf"] = "listen_addresses = '*'\nwal_level = replica\nhot_standby = on\n",
                ["pg_hba.conf"] = "host all all 0.0.0.0/0 scram-sha-256\nhost replication all 0.0.0.0/0 scram-sha-256\n",
            })
            .VolumeClaim("data", "20Gi", AccessMode.ReadWriteOnce)
            .SpreadAcrossNodes(required: true)
            .DisruptionBudget(minAvailable: 1, name: "pg-pdb"),

        ["kafka"] = StatefulApp.Named("kafka").InNamespace("streaming", create: false).Replicas(3)
            .IdentityLabels(("app.kubernetes.io/name", "kafka"))
            .PodManagement(PodManagement.Parallel)
            .ServiceAccount("kafka")
            .With(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "kafka", NamespaceProperty = "streaming" } })
            .With(new V1Role
            {
                Metadata = new V1ObjectMeta { Name = "kafka-leader", NamespaceProperty = "streaming" },
                Rules = new List<V1PolicyRule> { new V1PolicyRule { ApiGroups = new List<string> { "" }, Resources = new List<string> { "configmaps" }, Verbs = new List<string> { "get", "update" } } },
            })
            .GoverningService("kafka-headless", publishNotReadyAddresses: true, ports: new[] { "broker", "controller" })
            .ClientService("kafka-bootstrap", ports: new[] { "broker" })
            .Container("kafka", "apache/kafka:3.8.0", c => c
                .Port("broker", 9092).Port("controller", 9093).Port("metrics", 9404)
                .EnvFromPod("POD_NAME", PodField.Name)
                .Env("KAFKA_PROCESS_ROLES", "broker,controller")
                .Env("KAFKA_CONTROLLER_QUORUM_VOTERS", "0@kafka-0.kafka-headless.streaming.svc.cluster.local:9093,1@kafka-1.kafka-headless.streaming.svc.cluster.local:9093,2@kafka-2.kafka-headless.streaming.svc.cluster.local:9093")
                .Env("KAFKA_LISTENERS", "PLAINTEXT://:9092,CONTROLLER://:9093")
                .Requests(cpu: "500m", memory: "2Gi").Limits(memory: "2Gi")
                .SecurityContext(new V1SecurityContext
                {
                    RunAsNonRoot = true,
                    AllowPrivilegeEscalation = false,
                    ReadOnlyRootFilesystem = true,
                    Capabilities = new V1Capabilities { Drop = new List<string> { "ALL" } },
                })
                .Readiness(Probe.Tcp("broker").InitialDelay(20).Every(10))
                .Mount("data", "/var/lib/kafka/data")
                .Mount("tmp", "/tmp"))
            .Volume("tmp", VolumeSource.EmptyDir(sizeLimit: "1Gi"))
            .VolumeClaim("data", "50Gi")
            .SpreadAcrossZones()
            .NodeAffinity("node.kubernetes.io/instance-type", NodeOperator.In, "m5.xlarge", "m5.2xlarge")
            .DisruptionBudget(maxUnavailable: 1, name: "kafka-pdb"),

        ["redis-cluster"] = StatefulApp.Named("redis").InNamespace("cache").Replicas(6)
            .PodManagement(PodManagement.Parallel)
            .GoverningService("redis-headless")
            .ClientService(ports: new[] { "client" })
            .Toleration("dedicated", "cache", TaintEffect.NoSchedule)
            .Container("redis", "redis:7.2.5", c => c
                .Command("/conf/update-node.sh", "redis-server", "/conf/redis.conf")
                .Port("client", 6379).Port("gossip", 16379)
                .EnvFromPod("POD_IP", PodField.PodIP)
                .Requests(cpu: "250m", memory: "512Mi").Limits(memory: "512Mi")
                .Readiness(Probe.Exec("redis-cli", "ping").Every(5).Timeout(2))
                .Liveness(Probe.Tcp("client").InitialDelay(15))
                .Mount("conf", "/conf")
                .Mount("data", "/data"))
            .Volume("conf", VolumeSource.ConfigMap("redis-cluster", defaultMode: Convert.ToInt32("755", 8))
                .Item("redis.conf", "redis.conf").Item("update-node.sh", "update-node.sh"))
            .ConfigMap("redis-cluster", new Dictionary<string, string>
            {
                ["redis.conf"] = "cluster-enabled yes\ncluster-config-file /data/nodes.conf\nappendonly yes\n",
                ["update-node.sh"] = "#!/bin/sh\nsed -i -e \"/myself/ s/[0-9]\\{1,3\\}\\.[0-9]\\{1,3\\}\\.[0-9]\\{1,3\\}\\.[0-9]\\{1,3\\}/${POD_IP}/\" /data/nodes.conf\nexec \"$@\"\n",
            })
            .VolumeClaim("data", "5Gi")
            .DisruptionBudget(maxUnavailable: 1),

        ["elasticsearch"] = StatefulApp.Named("es").InNamespace("search").Replicas(3)
            .GoverningService("es-transport", ports: new[] { "transport" })
            .ClientService("es-http", ports: new[] { "http" })
            .InitContainer("sysctl", "busybox:1.36", c => c
                .Command("sysctl", "-w", "vm.max_map_count=262144")
                .SecurityContext(new V1SecurityContext { Privileged = true, RunAsUser = 0 }))
            .Container("elasticsearch", "docker.elastic.co/elasticsearch/elasticsearch:8.15.1", c => c
                .Port("http", 9200).Port("transport", 9300)
                .EnvFromPod("node.name", PodField.Name)
                .Env("discovery.seed_hosts", "es-transport")
                .Env("cluster.initial_master_nodes", "es-0,es-1,es-2")
                .Env("ES_JAVA_OPTS", "-Xms1g -Xmx1g")
                .Requests(cpu: "1", memory: "2Gi").Limits(memory: "2Gi")
                .Readiness(Probe.Http("/_cluster/health?local=true", "http").InitialDelay(30))
                .Mount("data", "/usr/share/elasticsearch/data")
                .Mount("config", "/usr/share/elasticsearch/config/elasticsearch.yml", subPath: "elasticsearch.yml"))
            .Volume("config", VolumeSource.ConfigMap("es-config"))
            .ConfigMap("es-config", new Dictionary<string, string> { ["elasticsearch.yml"] = "cluster.name: search\nnetwork.host: 0.0.0.0\nxpack.security.enabled: false\n" })
            .RunAsUser(1000).FsGroup(1000).SeccompProfile(SeccompProfileType.RuntimeDefault)
            .AntiAffinity("kubernetes.io/hostname", weight: 100, LabelExpr.In("app", "es"))
            .VolumeClaim("data", "30Gi", storageClass: "fast")
            .TerminationGracePeriod(120)
            .DisruptionBudget(maxUnavailable: 1, name: "es-pdb"),

        ["etcd"] = StatefulApp.Named("etcd").InNamespace("infra").Replicas(3)
            .PodManagement(PodManagement.Parallel)
            .PublishNotReadyAddresses()
            .ClientService(ports: new[] { "client" })
            .Annotation("example.com/owner", "platform")
            .PodAnnotation("prometheus.io/scrape", "true")
            .PodAnnotation("prometheus.io/port", "2379")
            .RevisionHistoryLimit(5)
            .RollingUpdate(partition: 0)
            .ClaimRetention(ClaimRetention.Retain, ClaimRetention.Retain)
            .PriorityClass("infra-critical")
            .Container("etcd", "quay.io/coreos/etcd:v3.5.15", c => c
                .Command("etcd")
                .Args(
                    "--name=$(POD_NAME)",
                    "--data-dir=/var/lib/etcd",
                    "--listen-peer-urls=http://0.0.0.0:2380",
                    "--listen-client-urls=http://0.0.0.0:2379",
                    "--advertise-client-urls=http://$(POD_NAME).etcd.infra.svc.cluster.local:2379",
                    "--initial-advertise-peer-urls=http://$(POD_NAME).etcd.infra.svc.cluster.local:2380",
                    "--initial-cluster=etcd-0=http://etcd-0.etcd.infra.svc.cluster.local:2380,etcd-1=http://etcd-1.etcd.infra.svc.cluster.local:2380,etcd-2=http://etcd-2.etcd.infra.svc.cluster.local:2380",
                    "--initial-cluster-state=new")
                .Port("client", 2379).Port("peer", 2380)
                .EnvFromPod("POD_NAME", PodField.Name)
                .Requests(cpu: "250m", memory: "512Mi").Limits(memory: "1Gi")
                .Readiness(Probe.Http("/health", "client"))
                .Liveness(Probe.Http("/livez", "client").InitialDelay(10))
                .Mount("data", "/var/lib/etcd"))
            .VolumeClaim("data", "8Gi", storageClass: "fast")
            .QuorumBudget(),
    };

    public static IEnumerable<object[]> Names() => Definitions.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(Names))]
    public void The_definition_renders_the_manifest_field_for_field(string name)
    {
        var app = Definitions[name];
        var expected = Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fidelity", name + ".yaml")));
        var actual = Read(app.ToYaml());
        var differences = new List<string>();
        for (var i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            var e = i < expected.Count ? expected[i] : null;
            var a = i < actual.Count ? actual[i] : null;
            Compare(Describe(e ?? a), e, a, differences);
        }

        Assert.True(differences.Count == 0, name + ".yaml differs from the rendered definition:\n  " + string.Join("\n  ", differences));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_definition_has_no_errors_and_no_Customize(string name)
    {
        var app = Definitions[name];
        Assert.DoesNotContain(app.Validate(), v => v.Severity == Berth.Rules.RuleSeverity.Error);
        // With(...) carries its object through the app's list of edits; any other edit would be a Customize.
        Assert.Equal(app.Build().Extras.Count, app.Customizations.Count);
    }

    [Fact]
    public void The_suite_covers_the_features_it_promises()
    {
        var texts = Definitions.Keys.Select(k => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fidelity", k + ".yaml"))).ToList();
        Assert.True(Definitions.Count >= 8);
        foreach (var feature in new[] { "initContainers:", "subPath:", "projected:", "configMap:", "matchExpressions:", "securityContext:", "capabilities:", "seccompProfile:", "kind: StorageClass", "kind: Role", "name: zk-pdb" })
            Assert.Contains(texts, t => t.Contains(feature, StringComparison.Ordinal));
        Assert.Contains(texts, t => t.TrimStart('#', ' ').Contains("{\"apiVersion\"", StringComparison.Ordinal));
    }

    /// <summary>The documents of a YAML stream as JSON trees, read as kubectl reads YAML, after the normalisations.</summary>
    private static List<JsonNode?> Read(string yaml) => YamlTree.Documents(yaml).Select(d => Normalise(d, parent: null)).ToList();

    /// <summary>The one normalisation: a port (an item of a <c>ports</c> list) without a protocol has protocol TCP.</summary>
    private static JsonNode? Normalise(JsonNode? node, string? parent)
    {
        switch (node)
        {
            case JsonObject obj:
                if (parent == "ports" && obj["protocol"] is null) obj["protocol"] = "TCP";
                foreach (var (key, value) in obj.ToList()) Normalise(value, key);
                break;
            case JsonArray array:
                foreach (var item in array) Normalise(item, parent);
                break;
        }

        return node;
    }

    private static string Describe(JsonNode? doc) => doc is null ? "(none)" : $"{(string?)doc["kind"]}/{(string?)doc["metadata"]?["name"]}";

    private static void Compare(string path, JsonNode? expected, JsonNode? actual, List<string> differences)
    {
        switch (expected)
        {
            case JsonObject e when actual is JsonObject a:
                foreach (var key in e.Select(p => p.Key).Union(a.Select(p => p.Key)).OrderBy(k => k, StringComparer.Ordinal))
                    Compare(path + "." + key, e[key], a[key], differences);
                return;
            case JsonArray e when actual is JsonArray a && e.Count == a.Count:
                for (var i = 0; i < e.Count; i++) Compare(path + "[" + i + "]", e[i], a[i], differences);
                return;
            default:
                if (!JsonNode.DeepEquals(expected, actual))
                    differences.Add($"{path}: the manifest has {expected?.ToJsonString() ?? "nothing"}, the definition renders {actual?.ToJsonString() ?? "nothing"}");
                return;
        }
    }
}
