using System.Linq;
using Berth;

namespace Samples.ZooKeeper;

/// <summary>
/// A 3-node ZooKeeper ensemble. Every server learns its peers from the typed identities of the same
/// definition (pod DNS names and ports), so renaming the app, the Service or the namespace cannot leave a
/// stale peer list behind.
/// </summary>
[Manifests]
public static partial class Ensemble
{
    private static StatefulApp Base => StatefulApp.Named("zk")
        .InNamespace("coord")
        .Replicas(3)
        // Peers must resolve each other before they are Ready, or the ensemble never forms a quorum.
        .GoverningService("zk-hs", publishNotReadyAddresses: true)
        .PodManagement(PodManagement.Parallel);

    /// <summary>
    /// server.1=zk-0.zk-hs.coord.svc.cluster.local:2888:3888;2181 server.2=… (the ZOO_SERVERS syntax). ZooKeeper
    /// server ids start at 1, pod ordinals at 0: a pod's id is its ordinal + 1 (see ZOO_MY_ID below).
    /// </summary>
    private static string Servers => string.Join(" ", Base.Pods().Select(p =>
        $"server.{p.Ordinal + 1}={p.Host}:{ZooKeeperIdentity.Ports.Follower}:{ZooKeeperIdentity.Ports.Election};{ZooKeeperIdentity.Ports.Client}"));

    /// <summary>The ensemble.</summary>
    public static StatefulApp ZooKeeper => Base
        .Container("zookeeper", "zookeeper:3.9.2", c => c
            .Port("client", 2181)
            .Port("follower", 2888)
            .Port("election", 3888)
            .Command("sh", "-c", "export ZOO_MY_ID=$((${HOSTNAME##*-} + 1)) && exec /docker-entrypoint.sh zkServer.sh start-foreground")
            .Env("ZOO_SERVERS", Servers)
            .Env("ZOO_4LW_COMMANDS_WHITELIST", "ruok,srvr,mntr")
            .Env("ZOO_STANDALONE_ENABLED", "false")
            .Requests(cpu: "100m", memory: "256Mi", ephemeralStorage: "256Mi")
            .Limits(memory: "512Mi", ephemeralStorage: "1Gi")
            .Readiness(Probe.Exec("sh", "-c", "echo ruok | nc 127.0.0.1 2181 | grep imok").Every(5))
            .Liveness(Probe.Tcp("client").InitialDelay(15))
            .Mount("data", "/data")
            .Mount("datalog", "/datalog"))
        .VolumeClaim("data", "5Gi")
        .VolumeClaim("datalog", "2Gi")
        .SpreadAcrossNodes(required: true)
        // Keep a majority up during node drains: minAvailable = replicas / 2 + 1.
        .QuorumBudget();
}
