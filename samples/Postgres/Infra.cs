using System.Collections.Generic;
using Berth;
using k8s;
using k8s.Models;

namespace Samples.Postgres;

/// <summary>
/// PostgreSQL with streaming replication: pod 0 initialises as the primary; every other pod clones pod 0 with
/// <c>pg_basebackup</c> on its first start and runs as a hot standby that streams from it. <c>postgres-rw</c> selects
/// pod 0 only; <c>postgres-ro</c> balances reads over every member. Failover is not automatic (see README.md).
/// </summary>
[Manifests]
public static partial class Infra
{
    /// <summary>The Secret with <c>password</c> (superuser) and <c>replication-password</c> (role replicator); create it first (README.md).</summary>
    public const string AuthSecret = "pg-auth";

    /// <summary>The replication role the primary creates and the standbys connect as.</summary>
    public const string ReplicationUser = "replicator";

    private static readonly StatefulApp Base = StatefulApp.Named("postgres")
        .InNamespace("data")
        .Replicas(3)
        .Label("app.kubernetes.io/part-of", "shop");

    /// <summary>The primary: pod 0, by its stable identity.</summary>
    public static PodIdentity Primary => Base.Pod(0);

    /// <summary>Run once by the image's initdb, so only on pod 0: the replication role and its pg_hba line.</summary>
    private const string PrimaryInit = """
        #!/bin/bash
        set -euo pipefail
        psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
          --set=password="$REPLICATION_PASSWORD" <<'SQL'
        CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password';
        SQL
        echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
        """;

    /// <summary>
    /// The init container of every pod: on a standby with an empty data directory, a base backup of the primary,
    /// written with -R (standby.signal and primary_conninfo), so the server starts as a hot standby.
    /// </summary>
    private const string StandbyClone = """
        set -euo pipefail
        ordinal="${POD_NAME##*-}"
        if [ "$ordinal" = "0" ]; then echo "pod 0: the primary, nothing to clone"; exit 0; fi
        if [ -s "$PGDATA/PG_VERSION" ]; then echo "data directory present: starting as it is"; exit 0; fi
        until pg_isready -h "$PRIMARY_HOST" -p 5432; do echo "waiting for the primary $PRIMARY_HOST"; sleep 2; done
        mkdir -p "$PGDATA" && chmod 700 "$PGDATA"
        PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup -h "$PRIMARY_HOST" -p 5432 -U replicator \
          -D "$PGDATA" -R -X stream -c fast --no-password
        """;

    /// <summary>The database set: StatefulSet, headless Service, read-write and read-only Services, a budget.</summary>
    public static StatefulApp Postgres { get; } = Base
        .ConfigMap("postgres-init", new Dictionary<string, string> { ["10-replication.sh"] = PrimaryInit })
        .InitContainer("clone-primary", "postgres:16.4", c => c
            .Command("bash", "-c", StandbyClone)
            .Env("PGDATA", "/var/lib/postgresql/data/pgdata")
            .Env("PRIMARY_HOST", Primary.Host)
            .EnvFromPod("POD_NAME", PodField.Name)
            .EnvFromSecret("REPLICATION_PASSWORD", secret: AuthSecret, key: "replication-password")
            .RunAsUser(999, 999)
            .Requests(cpu: "100m", memory: "128Mi")
            .Limits(memory: "256Mi")
            .Mount("data", "/var/lib/postgresql/data"))
        .Container("postgres", "postgres:16.4", c => c
            .Port("pg", 5432)
            .Args("postgres", "-c", "wal_keep_size=1GB", "-c", "hot_standby=on")
            .Env("POSTGRES_DB", "app")
            .Env("PGDATA", "/var/lib/postgresql/data/pgdata")
            .EnvFromSecret("POSTGRES_PASSWORD", secret: AuthSecret, key: "password")
            .EnvFromSecret("REPLICATION_PASSWORD", secret: AuthSecret, key: "replication-password")
            .Requests(cpu: "250m", memory: "512Mi")
            .Limits(memory: "1Gi")
            .Readiness(Probe.Exec("pg_isready", "-U", "postgres").Every(5))
            .Liveness(Probe.Tcp("pg").InitialDelay(30).Every(10))
            .Mount("data", "/var/lib/postgresql/data")
            .Mount("init", "/docker-entrypoint-initdb.d", readOnly: true))
        .Volume("init", VolumeSource.ConfigMap("postgres-init"))
        .VolumeClaim("data", "20Gi", AccessMode.ReadWriteOnce)
        .FsGroup(999)
        .SpreadAcrossNodes()
        .ClientService("postgres-rw")
        .DisruptionBudget(maxUnavailable: 1)
        .Customize(m =>
        {
            // Reads may go to any member: a copy of the client Service, before it is narrowed to the primary.
            var readOnly = KubernetesJson.Deserialize<V1Service>(KubernetesJson.Serialize(m.ClientService!));
            readOnly.Metadata.Name = "postgres-ro";
            m.Extras.Add(readOnly);
            // Writes go to the primary only: the StatefulSet controller labels each pod with its name.
            m.ClientService!.Spec.Selector[PodNameLabel] = Primary.Name;
        });

    /// <summary>The label the StatefulSet controller puts on each pod, with the pod's name.</summary>
    public const string PodNameLabel = "statefulset.kubernetes.io/pod-name";
}
