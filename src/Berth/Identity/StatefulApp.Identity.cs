using System;
using System.Collections.Generic;
using System.Linq;

namespace Berth;

/// <summary>The stable identity of one pod: its name and DNS host.</summary>
/// <param name="Ordinal">The pod ordinal.</param>
/// <param name="Name">The pod name, <c>&lt;app&gt;-&lt;ordinal&gt;</c>.</param>
/// <param name="Host">The pod's DNS name, <c>&lt;pod&gt;.&lt;service&gt;.&lt;namespace&gt;.svc.&lt;cluster domain&gt;</c>.</param>
public readonly record struct PodIdentity(int Ordinal, string Name, string Host)
{
    /// <inheritdoc/>
    public override string ToString() => Host;
}

public sealed partial record StatefulApp
{
    /// <summary>The cluster DNS domain used for the hosts.</summary>
    public string Domain => ClusterDomainValue ?? DefaultClusterDomain;

    /// <summary>The DNS name of the governing Service: <c>&lt;service&gt;.&lt;namespace&gt;.svc.&lt;domain&gt;</c>.</summary>
    public string ServiceHost => $"{ServiceName}.{Namespace ?? "default"}.svc.{Domain}";

    /// <summary>The identity of the pod with the given ordinal.</summary>
    public PodIdentity Pod(int ordinal)
    {
        if (ordinal < FirstOrdinal)
            throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, $"{Name}: ordinals start at {FirstOrdinal}.");
        var pod = $"{Name}-{ordinal}";
        return new PodIdentity(ordinal, pod, $"{pod}.{ServiceHost}");
    }

    /// <summary>Every pod of the desired replica count, in ordinal order.</summary>
    public IReadOnlyList<PodIdentity> Pods() =>
        Enumerable.Range(FirstOrdinal, ReplicaCount ?? 1).Select(Pod).ToArray();

    /// <summary>The DNS hosts of every pod, e.g. for ZooKeeper, Kafka or Cassandra seed lists.</summary>
    public IReadOnlyList<string> PeerHosts() => Pods().Select(p => p.Host).ToArray();

    /// <summary>The peer hosts joined with a separator, each with an optional port: <c>PeerList(",", 2181)</c>.</summary>
    public string PeerList(string separator = ",", int? port = null) =>
        string.Join(separator, PeerHosts().Select(h => port is null ? h : h + ":" + port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>
    /// The domain of the manifest plan being made (<see cref="Planning.ManifestPlanOptions.ClusterDomain"/>, what the build
    /// step passes explicitly), else the BERTH_CLUSTER_DOMAIN environment variable, else cluster.local.
    /// </summary>
    private static string DefaultClusterDomain =>
        Planning.ClusterDomainScope.Current
        ?? (Environment.GetEnvironmentVariable("BERTH_CLUSTER_DOMAIN") is { Length: > 0 } domain ? domain : "cluster.local");
}
