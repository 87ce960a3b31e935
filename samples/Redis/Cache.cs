using System.Collections.Generic;
using Berth;

namespace Samples.Redis;

/// <summary>The environments the cache is deployed to; each one gets its own manifests folder.</summary>
public enum Stage
{
    /// <summary>One small replica for development.</summary>
    Dev,
    /// <summary>Three replicas on fast storage.</summary>
    Prod,
}

/// <summary>
/// Redis with persistence and replication, written once per <see cref="Stage"/>: what Helm values or Kustomize
/// overlays do for YAML, as plain C# parameters. Pod 0 is the primary; every other pod is a read-only replica of it
/// (<c>--replicaof</c> pod 0's typed host). Clients write to pod 0 (<see cref="Primary"/>); failover is not automatic
/// (no Sentinel): see README.md.
/// </summary>
[Manifests]
public static partial class Cache
{
    /// <summary>The primary of a stage: pod 0, by its stable identity.</summary>
    public static PodIdentity Primary(Stage stage) => CacheBase.Redis(stage).Pod(0);

    /// <summary>Pod 0 starts as the primary, every other ordinal as a replica of pod 0.</summary>
    private static string[] Start(Stage stage) => new[]
    {
        "sh", "-c",
        "if [ \"${POD_NAME##*-}\" = 0 ]; then exec redis-server /usr/local/etc/redis/redis.conf; "
        + $"else exec redis-server /usr/local/etc/redis/redis.conf --replicaof {Primary(stage).Host} 6379; fi",
    };

    /// <summary>The cache of one stage.</summary>
    public static StatefulApp Redis(Stage stage) => CacheBase.Redis(stage)
        .ConfigMap("redis-config", new Dictionary<string, string>
        {
            ["redis.conf"] = stage == Stage.Prod
                ? "appendonly yes\nappendfsync everysec\nmaxmemory 768mb\nmaxmemory-policy allkeys-lru\n"
                : "appendonly yes\nmaxmemory 96mb\n",
        })
        .Container("redis", "redis:7.4.1", c => c
            .Port("redis", 6379)
            .Command(Start(stage))
            .EnvFromPod("POD_NAME", PodField.Name)
            .Requests(cpu: stage == Stage.Prod ? "500m" : "50m", memory: stage == Stage.Prod ? "1Gi" : "128Mi", ephemeralStorage: "256Mi")
            .Limits(memory: stage == Stage.Prod ? "1Gi" : "128Mi", ephemeralStorage: "1Gi")
            .Readiness(Probe.Exec("redis-cli", "ping").Every(5))
            .Liveness(Probe.Tcp("redis").InitialDelay(10))
            .Mount("data", "/data")
            .Mount("config", "/usr/local/etc/redis", readOnly: true))
        .Volume("config", VolumeSource.ConfigMap("redis-config"))
        .VolumeClaim("data", stage == Stage.Prod ? "50Gi" : "1Gi", storageClass: stage == Stage.Prod ? "fast-ssd" : null)
        .SpreadAcrossNodes()
        .DisruptionBudget(maxUnavailable: 1);
}

/// <summary>Name, namespace and size of the cache: what its identities (and so the replicas' primary) derive from.</summary>
internal static class CacheBase
{
    private static readonly StatefulApp Dev = StatefulApp.Named("redis").InNamespace("cache-dev").Replicas(1);
    private static readonly StatefulApp Prod = StatefulApp.Named("redis").InNamespace("cache").Replicas(3);

    /// <summary>The identity part of the definition of one stage.</summary>
    public static StatefulApp Redis(Stage stage) => stage == Stage.Prod ? Prod : Dev;
}
