namespace Berth;

/// <summary>PersistentVolumeClaim access modes.</summary>
public enum AccessMode
{
    /// <summary>Mounted read-write by one node.</summary>
    ReadWriteOnce,
    /// <summary>Mounted read-only by many nodes.</summary>
    ReadOnlyMany,
    /// <summary>Mounted read-write by many nodes.</summary>
    ReadWriteMany,
    /// <summary>Mounted read-write by a single pod.</summary>
    ReadWriteOncePod,
}

/// <summary>How the StatefulSet controller creates and deletes pods.</summary>
public enum PodManagement
{
    /// <summary>One at a time, in ordinal order, each Ready before the next (the default).</summary>
    OrderedReady,
    /// <summary>All at once.</summary>
    Parallel,
}

/// <summary>Image pull policy.</summary>
public enum PullPolicy
{
    /// <summary>Always pull.</summary>
    Always,
    /// <summary>Pull when the image is not on the node.</summary>
    IfNotPresent,
    /// <summary>Never pull.</summary>
    Never,
}

/// <summary>Port protocol. Always written to the manifests.</summary>
public enum Protocol
{
    /// <summary>TCP.</summary>
    Tcp,
    /// <summary>UDP.</summary>
    Udp,
    /// <summary>SCTP.</summary>
    Sctp,
}

/// <summary>What happens to PersistentVolumeClaims when the set is deleted or scaled down.</summary>
public enum ClaimRetention
{
    /// <summary>Keep the claims (the default).</summary>
    Retain,
    /// <summary>Delete the claims.</summary>
    Delete,
}

/// <summary>Volume mode of a claim.</summary>
public enum VolumeMode
{
    /// <summary>A mounted filesystem (the default).</summary>
    Filesystem,
    /// <summary>A raw block device.</summary>
    Block,
}

/// <summary>Service type of a client Service.</summary>
public enum ServiceType
{
    /// <summary>A cluster-internal virtual IP.</summary>
    ClusterIP,
    /// <summary>Exposed on every node's port.</summary>
    NodePort,
    /// <summary>Exposed through a cloud load balancer.</summary>
    LoadBalancer,
}

/// <summary>Operators of a node affinity requirement (<see cref="StatefulApp.NodeAffinity"/>).</summary>
public enum NodeOperator
{
    /// <summary>The node label has one of the values.</summary>
    In,
    /// <summary>The node label is absent, or has none of the values.</summary>
    NotIn,
    /// <summary>The node label is present (no values).</summary>
    Exists,
    /// <summary>The node label is absent (no values).</summary>
    DoesNotExist,
    /// <summary>The node label, read as an integer, is greater than the one value.</summary>
    Gt,
    /// <summary>The node label, read as an integer, is less than the one value.</summary>
    Lt,
}

/// <summary>Taint effects for tolerations.</summary>
public enum TaintEffect
{
    /// <summary>Matches every effect.</summary>
    Any,
    /// <summary>NoSchedule.</summary>
    NoSchedule,
    /// <summary>PreferNoSchedule.</summary>
    PreferNoSchedule,
    /// <summary>NoExecute.</summary>
    NoExecute,
}

/// <summary>Pod fields exposed to containers through the downward API.</summary>
public enum PodField
{
    /// <summary>metadata.name: the stable pod name, e.g. postgres-2.</summary>
    Name,
    /// <summary>metadata.namespace.</summary>
    Namespace,
    /// <summary>status.podIP.</summary>
    PodIP,
    /// <summary>spec.nodeName.</summary>
    NodeName,
    /// <summary>spec.serviceAccountName.</summary>
    ServiceAccountName,
    /// <summary>status.hostIP.</summary>
    HostIP,
}

/// <summary>One of the objects an app writes, for labels and annotations aimed at it.</summary>
public enum AppPart
{
    /// <summary>The StatefulSet's own metadata.</summary>
    StatefulSet,
    /// <summary>The pods (the pod template's metadata; never the selector).</summary>
    Pods,
    /// <summary>The governing headless Service.</summary>
    GoverningService,
    /// <summary>The client Service.</summary>
    ClientService,
    /// <summary>The PodDisruptionBudget.</summary>
    DisruptionBudget,
}

/// <summary>The pod's <c>fsGroupChangePolicy</c>: when the kubelet changes the group of a volume's files.</summary>
public enum FsGroupChange
{
    /// <summary>Always: on every mount.</summary>
    Always,
    /// <summary>OnRootMismatch: only when the volume's root does not have the group yet (faster for large volumes).</summary>
    OnRootMismatch,
}

/// <summary>The type of a seccomp profile.</summary>
public enum SeccompProfileType
{
    /// <summary>The container runtime's default profile.</summary>
    RuntimeDefault,
    /// <summary>A profile file on the node (give its path).</summary>
    Localhost,
    /// <summary>No seccomp filtering.</summary>
    Unconfined,
}

internal static class EnumText
{
    public static string Text(this AccessMode m) => m.ToString();
    public static string Text(this PodManagement p) => p.ToString();
    public static string Text(this PullPolicy p) => p.ToString();
    public static string Text(this ClaimRetention r) => r.ToString();
    public static string Text(this VolumeMode v) => v.ToString();
    public static string Text(this ServiceType t) => t.ToString();

    public static string? Text(this TaintEffect e) => Rules.DslConventions.TaintEffectText(e.ToString());
}
