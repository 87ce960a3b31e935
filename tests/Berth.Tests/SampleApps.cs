namespace Berth.Tests;

/// <summary>Realistic definitions shared by the tests.</summary>
internal static class SampleApps
{
    /// <summary>The seed example of the issue: StatefulSet myapp with a claim template.</summary>
    public static StatefulApp Seed { get; } = StatefulApp.Named("myapp")
        .Replicas(3)
        .Container("myapp", "myapp-image:latest", c => c
            .Port(8080)
            .Mount("myapp-storage", "/data"))
        .VolumeClaim("myapp-storage", "1Gi", AccessMode.ReadWriteOnce);

    /// <summary>A PostgreSQL primary/replica set: pod 0 is the primary, the others stream from it.</summary>
    public static StatefulApp Postgres { get; } = StatefulApp.Named("postgres")
        .InNamespace("data")
        .Replicas(3)
        .Label("app.kubernetes.io/part-of", "shop")
        .ConfigMap("postgres-config", new System.Collections.Generic.Dictionary<string, string>
        {
            ["primary_host"] = "postgres-0.postgres.data.svc.cluster.local",
            ["postgresql.conf"] = "max_connections = 200\nwal_level = replica\nhot_standby = on\n",
        })
        .Container("postgres", "postgres:16.4", c => c
            .Port("pg", 5432)
            .Env("POSTGRES_DB", "app")
            .Env("PGDATA", "/var/lib/postgresql/data/pgdata")
            .EnvFromSecret("POSTGRES_PASSWORD", secret: "pg-auth", key: "password")
            .EnvFromPod("POD_NAME", PodField.Name)
            .EnvFromConfigMap("PRIMARY_HOST", configMap: "postgres-config", key: "primary_host")
            .Requests(cpu: "250m", memory: "512Mi")
            .Limits(cpu: "2", memory: "1Gi")
            .Readiness(Probe.Exec("pg_isready", "-U", "postgres").Every(5))
            .Liveness(Probe.Tcp("pg").InitialDelay(30).Every(10))
            .PreStop("pg_ctl", "stop", "-m", "fast")
            .Mount("data", "/var/lib/postgresql/data")
            .Mount("config", "/etc/postgresql", readOnly: true))
        .Volume("config", VolumeSource.ConfigMap("postgres-config"))
        .VolumeClaim("data", "20Gi", AccessMode.ReadWriteOnce, storageClass: "fast-ssd")
        .FsGroup(999)
        .TerminationGracePeriod(60)
        .SpreadAcrossNodes()
        .ClientService("postgres-rw")
        .DisruptionBudget(maxUnavailable: 1);

    private static readonly StatefulApp ZooKeeperBase = StatefulApp.Named("zk")
        .InNamespace("coord")
        .Replicas(3)
        .StartOrdinal(1)
        .PodManagement(PodManagement.Parallel)
        .GoverningService("zk-hs", publishNotReadyAddresses: true);

    /// <summary>A 3-node ZooKeeper ensemble whose peers find each other through the typed identities.</summary>
    public static StatefulApp ZooKeeper { get; } = ZooKeeperBase
        .Container("zookeeper", "zookeeper:3.9.2", c => c
            .Port("client", 2181)
            .Port("server", 2888)
            .Port("election", 3888)
            .Env("ZOO_SERVERS", string.Join(" ", System.Linq.Enumerable.Select(ZooKeeperBase.Pods(), p => $"server.{p.Ordinal}={p.Host}:2888:3888;2181")))
            .EnvFromPod("POD_NAME", PodField.Name)
            .Requests(cpu: "100m", memory: "256Mi")
            .Limits(cpu: "500m", memory: "512Mi")
            .Readiness(Probe.Exec("sh", "-c", "echo ruok | nc 127.0.0.1 2181 | grep imok"))
            .Liveness(Probe.Tcp("client").InitialDelay(15))
            .Mount("datadir", "/data"))
        .VolumeClaim("datadir", "5Gi")
        .SpreadAcrossNodes(required: true)
        .QuorumBudget();

    /// <summary>A Redis set with persistence, a config file and an OnDelete update strategy.</summary>
    public static StatefulApp Redis { get; } = StatefulApp.Named("redis")
        .InNamespace("cache", create: false)
        .Replicas(2)
        .OnDelete()
        .ClaimRetention(whenDeleted: ClaimRetention.Retain, whenScaled: ClaimRetention.Delete)
        .ConfigMap("redis-config", new System.Collections.Generic.Dictionary<string, string>
        {
            ["redis.conf"] = "appendonly yes\nprotected-mode no\n",
            ["enabled"] = "yes",
        })
        .Container("redis", "redis:7.4.1", c => c
            .Command("redis-server", "/etc/redis/redis.conf")
            .Port("redis", 6379)
            .Requests(cpu: "100m", memory: "128Mi")
            .Limits(cpu: "1", memory: "256Mi")
            .Readiness(Probe.Exec("redis-cli", "ping"))
            .Liveness(Probe.Tcp("redis").Every(15))
            .Mount("data", "/data")
            .Mount("conf", "/etc/redis"))
        .Volume("conf", VolumeSource.ConfigMap("redis-config", defaultMode: System.Convert.ToInt32("644", 8)))
        .VolumeClaim("data", "2Gi")
        .SpreadAcrossZones()
        .SpreadAcrossNodes()
        .DisruptionBudget(minAvailable: 1);
}
