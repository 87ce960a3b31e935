namespace Berth.Rules.Model;

/// <summary>Everything the rules see at once: the apps, Services and disruption budgets of a manifest set.</summary>
public sealed class ManifestSetModel
{
    /// <summary>The StatefulSets.</summary>
    public ItemList<AppModel> Apps { get; set; } = new ItemList<AppModel>();

    /// <summary>The Services (governing headless Services, client Services, Services brought by the user).
    /// When <see cref="ItemList{T}.IsComplete"/> is false, "no such Service" rules stay quiet.</summary>
    public ItemList<ServiceModel> Services { get; set; } = new ItemList<ServiceModel>();

    /// <summary>The PodDisruptionBudgets.</summary>
    public ItemList<BudgetModel> Budgets { get; set; } = new ItemList<BudgetModel>();

    /// <summary>Names of ServiceAccounts declared with the set (namespace-qualified as "ns/name", or bare names).
    /// When incomplete, the service account rule stays quiet.</summary>
    public ItemList<string> ServiceAccounts { get; set; } = new ItemList<string> { IsComplete = false };

    /// <summary>
    /// The Kubernetes version the set targets, as given (BerthKubernetesVersion, --kubernetes-version), e.g. "1.29"; null for
    /// none: then no version rule runs. Read with <see cref="KubernetesVersions.TryParse"/>.
    /// </summary>
    public string? KubernetesVersion { get; set; }
}

/// <summary>A Service.</summary>
public sealed class ServiceModel
{
    /// <summary>Where declared.</summary>
    public object? Anchor { get; set; }

    /// <summary><c>metadata.name</c>.</summary>
    public Val<string?> Name { get; set; }

    /// <summary><c>metadata.namespace</c> (null = not set).</summary>
    public Val<string?> Namespace { get; set; } = Val<string?>.Of(null);

    /// <summary><c>spec.type</c> (null = ClusterIP).</summary>
    public Val<string?> Type { get; set; } = Val<string?>.Of(null);

    /// <summary><c>spec.clusterIP</c> ("None" for a headless Service).</summary>
    public Val<string?> ClusterIP { get; set; } = Val<string?>.Of(null);

    /// <summary><c>spec.selector</c>; null when missing.</summary>
    public LabelMap? Selector { get; set; }

    /// <summary><c>spec.ports</c>.</summary>
    public ItemList<ServicePortModel> Ports { get; set; } = new ItemList<ServicePortModel>();

    /// <summary>True when Berth created this Service as the governing Service of an app.</summary>
    public bool IsGeneratedGoverning { get; set; }

    /// <summary><c>metadata.labels</c>.</summary>
    public LabelMap Labels { get; set; } = new LabelMap();

    /// <summary><c>spec.publishNotReadyAddresses</c>.</summary>
    public Val<bool> PublishNotReadyAddresses { get; set; } = Val<bool>.Of(false);

    /// <summary>
    /// Port names the definition asked this Service to expose that no container port of its app has (BERTH105), anchored where
    /// they are written; the Service has no port for them. Filled by the DSL, which knows what was asked for.
    /// </summary>
    public ItemList<Val<string?>> UnmatchedPorts { get; set; } = new ItemList<Val<string?>>();

    /// <summary>The names of the app's container ports, for the message of <see cref="UnmatchedPorts"/>.</summary>
    public System.Collections.Generic.List<string> ContainerPortNames { get; set; } = new System.Collections.Generic.List<string>();
}

/// <summary>A Service port.</summary>
public sealed class ServicePortModel
{
    /// <summary>Where declared.</summary>
    public object? Anchor { get; set; }

    /// <summary><c>name</c>.</summary>
    public Val<string?> Name { get; set; } = Val<string?>.Of(null);

    /// <summary><c>port</c>.</summary>
    public Val<int> Port { get; set; }

    /// <summary><c>protocol</c>.</summary>
    public Val<string?> Protocol { get; set; } = Val<string?>.Of("TCP");

    /// <summary><c>targetPort</c> as written: a number or a name; null when unset.</summary>
    public Val<string?> TargetPort { get; set; } = Val<string?>.Of(null);
}

/// <summary>A PodDisruptionBudget.</summary>
public sealed class BudgetModel
{
    /// <summary>Where declared.</summary>
    public object? Anchor { get; set; }

    /// <summary><c>metadata.name</c>.</summary>
    public Val<string?> Name { get; set; }

    /// <summary><c>metadata.namespace</c> (null = not set).</summary>
    public Val<string?> Namespace { get; set; } = Val<string?>.Of(null);

    /// <summary><c>spec.selector</c> (matchLabels and matchExpressions); null when missing.</summary>
    public LabelMap? Selector { get; set; }

    /// <summary><c>spec.maxUnavailable</c> as text ("1" or "25%").</summary>
    public Val<string?> MaxUnavailable { get; set; } = Val<string?>.Of(null);

    /// <summary><c>spec.minAvailable</c> as text.</summary>
    public Val<string?> MinAvailable { get; set; } = Val<string?>.Of(null);

    /// <summary><c>spec.unhealthyPodEvictionPolicy</c>.</summary>
    public Val<string?> UnhealthyPodEvictionPolicy { get; set; } = Val<string?>.Of(null);

    /// <summary><c>metadata.labels</c>.</summary>
    public LabelMap Labels { get; set; } = new LabelMap();
}
