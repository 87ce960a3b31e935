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
/// Redis with persistence, written once per <see cref="Stage"/>: what Helm values or Kustomize overlays do
/// for YAML, as plain C# parameters.
/// </summary>
[Manifests]
public static partial class Cache
{
    /// <summary>The cache of one stage.</summary>
    public static StatefulApp Redis(Stage stage) => StatefulApp.Named("redis")
        .InNamespace(stage == Stage.Prod ? "cache" : "cache-dev")
        .Replicas(stage == Stage.Prod ? 3 : 1)
        .ConfigMap("redis-config", new Dictionary<string, string>
        {
            ["redis.conf"] = stage == Stage.Prod
                ? "appendonly yes\nappendfsync everysec\nmaxmemory 768mb\nmaxmemory-policy allkeys-lru\n"
                : "appendonly yes\nmaxmemory 96mb\n",
        })
        .Container("redis", "redis:7.4.1", c => c
            .Port("redis", 6379)
            .Command("redis-server", "/usr/local/etc/redis/redis.conf")
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
