using Berth;

namespace Samples.Postgres;

/// <summary>A PostgreSQL primary with two streaming replicas: pod 0 is the primary.</summary>
[Manifests]
public static partial class Infra
{
    /// <summary>The database set: StatefulSet, headless Service, a read-write client Service and a budget.</summary>
    public static StatefulApp Postgres { get; } = StatefulApp.Named("postgres")
        .InNamespace("data")
        .Replicas(3)
        .Label("app.kubernetes.io/part-of", "shop")
        .Container("postgres", "postgres:16.4", c => c
            .Port("pg", 5432)
            .Env("POSTGRES_DB", "app")
            .Env("PGDATA", "/var/lib/postgresql/data/pgdata")
            .EnvFromSecret("POSTGRES_PASSWORD", secret: "pg-auth", key: "password")
            .Requests(cpu: "250m", memory: "512Mi")
            .Limits(memory: "1Gi")
            .Readiness(Probe.Exec("pg_isready", "-U", "postgres").Every(5))
            .Liveness(Probe.Tcp("pg").InitialDelay(30).Every(10))
            .Mount("data", "/var/lib/postgresql/data"))
        .VolumeClaim("data", "20Gi", AccessMode.ReadWriteOnce)
        .FsGroup(999)
        .SpreadAcrossNodes()
        .ClientService("postgres-rw")
        .DisruptionBudget(maxUnavailable: 1);
}
