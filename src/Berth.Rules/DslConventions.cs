using System.Globalization;

namespace Berth.Rules;

/// <summary>
/// The conventions of the Berth DSL, written once: the runtime DSL builds its objects with them and the analyzers
/// read definitions with them, so a name, a default or a derived value cannot differ between the two.
/// </summary>
public static class DslConventions
{
    /// <summary>The key of the default identity label, <c>app: &lt;name&gt;</c>.</summary>
    public const string IdentityLabelKey = "app";

    /// <summary>The suffix of the default client Service name, <c>&lt;app&gt;-client</c>.</summary>
    public const string ClientServiceSuffix = "-client";

    /// <summary>The <c>clusterIP</c> of the governing (headless) Service.</summary>
    public const string HeadlessClusterIP = "None";

    /// <summary>The topology key of <c>SpreadAcrossNodes</c>.</summary>
    public const string HostnameTopologyKey = "kubernetes.io/hostname";

    /// <summary>The topology key of <c>SpreadAcrossZones</c>.</summary>
    public const string ZoneTopologyKey = "topology.kubernetes.io/zone";

    /// <summary>The weight of the preferred anti-affinity term of <c>SpreadAcrossNodes()</c>.</summary>
    public const int PreferredNodeSpreadWeight = 100;

    /// <summary>The <c>maxSkew</c> of the zone spread constraint.</summary>
    public const int ZoneSpreadMaxSkew = 1;

    /// <summary>The <c>restartPolicy</c> of an init container that runs as a sidecar.</summary>
    public const string SidecarRestartPolicy = "Always";

    /// <summary>The update strategy types.</summary>
    public const string OnDeleteStrategy = "OnDelete";

    /// <inheritdoc cref="OnDeleteStrategy"/>
    public const string RollingUpdateStrategy = "RollingUpdate";

    /// <summary>The resource names of <c>Requests</c>/<c>Limits</c>' cpu, memory and ephemeralStorage parameters.</summary>
    public const string Cpu = "cpu";

    /// <inheritdoc cref="Cpu"/>
    public const string Memory = "memory";

    /// <inheritdoc cref="Cpu"/>
    public const string EphemeralStorage = "ephemeral-storage";

    /// <summary>The parts of an app that <c>Label(..., on:)</c> and <c>Annotation(..., on:)</c> aim at (the <c>AppPart</c> member names).</summary>
    public const string StatefulSetPart = "StatefulSet";

    /// <inheritdoc cref="StatefulSetPart"/>
    public const string PodsPart = "Pods";

    /// <inheritdoc cref="StatefulSetPart"/>
    public const string GoverningServicePart = "GoverningService";

    /// <inheritdoc cref="StatefulSetPart"/>
    public const string ClientServicePart = "ClientService";

    /// <inheritdoc cref="StatefulSetPart"/>
    public const string DisruptionBudgetPart = "DisruptionBudget";

    /// <summary>The name of the client Service when none is given.</summary>
    public static string ClientServiceName(string app) => app + ClientServiceSuffix;

    /// <summary><c>QuorumBudget()</c>'s minAvailable: a majority of the replicas (unset replicas count as 1).</summary>
    public static int QuorumMinAvailable(int? replicas) => (replicas ?? 1) / 2 + 1;

    /// <summary>The zone spread constraint's <c>whenUnsatisfiable</c>.</summary>
    public static string ZoneWhenUnsatisfiable(bool required) => required ? "DoNotSchedule" : "ScheduleAnyway";

    /// <summary>The Kubernetes text of a <c>Protocol</c> member (<c>Tcp</c>, <c>Udp</c>, <c>Sctp</c>).</summary>
    public static string ProtocolText(string member) => member switch
    {
        "Udp" => "UDP",
        "Sctp" => "SCTP",
        _ => "TCP",
    };

    /// <summary>The Kubernetes <c>effect</c> of a <c>TaintEffect</c> member: none for <c>Any</c>.</summary>
    public static string? TaintEffectText(string member) => member == "Any" ? null : member;

    /// <summary>A toleration's operator: Exists without a value, Equal with one.</summary>
    public static string TolerationOperator(bool hasValue) => hasValue ? "Equal" : "Exists";

    /// <summary>The Service <c>type</c> of a <c>ServiceType</c> member: not written for the default ClusterIP.</summary>
    public static string? ServiceTypeText(string member) => member == "ClusterIP" ? null : member;

    /// <summary>
    /// The name of a Service port made from a container port: the container port's name, else, when the Service has
    /// several ports (names are required then), <c>&lt;protocol&gt;-&lt;number&gt;</c> such as <c>tcp-5432</c>.
    /// </summary>
    public static string? ServicePortName(string? portName, string protocol, int number, int servicePorts) =>
        portName ?? (servicePorts > 1 ? protocol.ToLowerInvariant() + "-" + number.ToString(CultureInfo.InvariantCulture) : null);

    /// <summary>
    /// The <c>kind</c> of a YAML or JSON object given as text (the top-level <c>kind:</c> line, or <c>"kind": "..."</c>), or null
    /// when the text is not known or names no single kind.
    /// </summary>
    public static string? KindOf(Model.Val<string?> text)
    {
        if (!text.IsKnown || text.Value is null) return null;
        var matches = System.Text.RegularExpressions.Regex.Matches(text.Value, @"(?m)(?:^|[{,])\s*[""']?kind[""']?\s*:\s*[""']?([A-Za-z][A-Za-z0-9]*)");
        return matches.Count == 1 ? matches[0].Groups[1].Value : null;
    }

    /// <summary>The <c>fieldPath</c> of a <c>PodField</c> member (the downward API field of <c>EnvFromPod</c>).</summary>
    public static string PodFieldPath(string member) => member switch
    {
        "Name" => "metadata.name",
        "Namespace" => "metadata.namespace",
        "PodIP" => "status.podIP",
        "NodeName" => "spec.nodeName",
        "ServiceAccountName" => "spec.serviceAccountName",
        _ => "status.hostIP",
    };

    /// <summary>A probe's port as written in the model: a number as digits, a name as is.</summary>
    public static string ProbePort(int port) => port.ToString(CultureInfo.InvariantCulture);
}
