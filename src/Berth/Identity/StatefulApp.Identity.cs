using System;
using System.Collections.Generic;
using System.Linq;

namespace Berth;

/// <summary>The stable identity of one pod: its name and DNS host.</summary>
/// <param name="Ordinal">The pod ordinal.</param>
/// <param name="Name">The pod name, <c>&lt;app&gt;-&lt;ordinal&gt;</c>.</param>
/// <param name="Host">
/// The pod's fully qualified DNS name, <c>&lt;pod&gt;.&lt;service&gt;.&lt;namespace&gt;.svc.&lt;cluster domain&gt;</c>; for an app without a
/// namespace, the namespace part is <c>default</c> (see <see cref="StatefulApp.ServiceHost"/>).
/// </param>
public readonly record struct PodIdentity(int Ordinal, string Name, string Host)
{
    /// <summary>
    /// The pod's short DNS name, <c>&lt;pod&gt;.&lt;service&gt;</c>: resolved through the pod DNS search path by clients in the app's own
    /// namespace, whichever namespace that is; independent of the namespace and the cluster domain.
    /// </summary>
    public string ShortHost { get; init; } = Name;

    /// <inheritdoc/>
    public override string ToString() => Host;
}

public sealed partial record StatefulApp
{
    /// <summary>The cluster DNS domain used for the hosts.</summary>
    public string Domain => ClusterDomainValue ?? DefaultClusterDomain;

    /// <summary>
    /// The fully qualified DNS name of the governing Service: <c>&lt;service&gt;.&lt;namespace&gt;.svc.&lt;domain&gt;</c>. An app without a
    /// namespace (<see cref="InNamespace"/> not called) is applied to the namespace of the kubeconfig context, which a definition
    /// cannot know: its fully qualified names use <c>default</c>, the namespace of a context that names none. For names that are
    /// right in whatever namespace the app lands, use the short forms (<see cref="ServiceName"/>, <see cref="PodIdentity.ShortHost"/>,
    /// <c>PeerHosts(qualified: false)</c>) from the same namespace, or call <see cref="InNamespace"/>.
    /// </summary>
    public string ServiceHost => $"{ServiceName}.{Namespace ?? "default"}.svc.{Domain}";

    /// <summary>The identity of the pod with the given ordinal.</summary>
    public PodIdentity Pod(int ordinal)
    {
        if (ordinal < FirstOrdinal)
            throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, $"{Name}: ordinals start at {FirstOrdinal}.");
        var pod = $"{Name}-{ordinal}";
        return new PodIdentity(ordinal, pod, $"{pod}.{ServiceHost}") { ShortHost = $"{pod}.{ServiceName}" };
    }

    /// <summary>Every pod of the desired replica count, in ordinal order.</summary>
    public IReadOnlyList<PodIdentity> Pods() =>
        Enumerable.Range(FirstOrdinal, ReplicaCount ?? 1).Select(Pod).ToArray();

    /// <summary>
    /// The DNS hosts of every pod, e.g. for ZooKeeper, Kafka or Cassandra seed lists: fully qualified, or with
    /// <paramref name="qualified"/> false the short forms (<c>zk-0.zk</c>, see <see cref="PodIdentity.ShortHost"/>).
    /// </summary>
    public IReadOnlyList<string> PeerHosts(bool qualified = true) => Pods().Select(p => qualified ? p.Host : p.ShortHost).ToArray();

    /// <summary>The peer hosts joined with a separator, each with an optional port: <c>PeerList(",", 2181)</c>; short with <paramref name="qualified"/> false.</summary>
    public string PeerList(string separator = ",", int? port = null, bool qualified = true) =>
        string.Join(separator, PeerHosts(qualified).Select(h => port is null ? h : h + ":" + port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>
    /// The domain of the manifest plan being made (<see cref="Planning.ManifestPlanOptions.ClusterDomain"/>, what the build
    /// step passes explicitly), else the BERTH_CLUSTER_DOMAIN environment variable, else cluster.local.
    /// </summary>
    private static string DefaultClusterDomain =>
        Planning.ClusterDomainScope.Current
        ?? (Environment.GetEnvironmentVariable("BERTH_CLUSTER_DOMAIN") is { Length: > 0 } domain ? domain : "cluster.local");
}
