using System.Linq;
using Berth;

namespace Samples.Etcd;

/// <summary>
/// A 3-member etcd cluster. Ordinals matter: each member's name is its pod name, and the static bootstrap list
/// (<c>--initial-cluster</c>) names every member with its stable peer URL, built from the typed identities of the
/// same definition, so the list cannot disagree with the pods, the Service or the namespace.
/// </summary>
[Manifests]
public static partial class Cluster
{
    private static StatefulApp Base => StatefulApp.Named("etcd")
        .InNamespace("coord")
        .Replicas(3)
        // Members must resolve each other before they are Ready (no quorum, no readiness), and start together.
        .PublishNotReadyAddresses()
        .PodManagement(PodManagement.Parallel);

    /// <summary>The client endpoints, for clients: <c>http://etcd-0.etcd.coord.svc.cluster.local:2379,…</c>.</summary>
    public static string ClientEndpoints => string.Join(",", Base.Pods().Select(p => $"http://{p.Host}:2379"));

    /// <summary><c>etcd-0=http://etcd-0.etcd.coord.svc.cluster.local:2380,…</c>: every member by name and peer URL.</summary>
    public static string InitialCluster => string.Join(",", Base.Pods().Select(p => $"{p.Name}=http://{p.Host}:2380"));

    /// <summary>The cluster: StatefulSet, headless Service, a quorum budget.</summary>
    public static StatefulApp Etcd { get; } = Base
        .Container("etcd", "registry.k8s.io/etcd:3.5.13-0", c => c
            .Port("client", 2379)
            .Port("peer", 2380)
            .EnvFromPod("POD_NAME", PodField.Name)
            .Command("etcd")
            .Args(
                "--name=$(POD_NAME)",
                "--data-dir=/var/lib/etcd",
                "--listen-client-urls=http://0.0.0.0:2379",
                "--listen-peer-urls=http://0.0.0.0:2380",
                $"--advertise-client-urls=http://$(POD_NAME).{Base.ServiceHost}:2379",
                $"--initial-advertise-peer-urls=http://$(POD_NAME).{Base.ServiceHost}:2380",
                $"--initial-cluster={InitialCluster}",
                "--initial-cluster-state=new",
                "--initial-cluster-token=etcd-coord")
            .Requests(cpu: "250m", memory: "512Mi", ephemeralStorage: "256Mi")
            .Limits(memory: "512Mi", ephemeralStorage: "1Gi")
            .Readiness(Probe.Http("/health", "client").Every(5))
            .Liveness(Probe.Tcp("client").InitialDelay(15).FailureThreshold(6))
            .Mount("data", "/var/lib/etcd"))
        .VolumeClaim("data", "8Gi", AccessMode.ReadWriteOnce)
        .TerminationGracePeriod(30)
        .SpreadAcrossNodes()
        .QuorumBudget();
}
