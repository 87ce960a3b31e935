using System.Collections.Generic;
using Berth.Rules.Model;

namespace Berth.Rules.Dsl;

/// <summary>
/// The state of a <c>StatefulApp</c> definition, app level, as the fluent steps of <see cref="AppSteps"/> build it: every
/// value may be unknown (<see cref="Val{T}"/>, anchored where it was written). The runtime DSL holds one with known values
/// and renders the Kubernetes objects from <see cref="Derive"/>; the analyzers build one from the calls they read, with
/// unknowns where the compiler cannot know a value. A step never changes a spec another value shares: the caller hands
/// it a <see cref="Clone"/>.
/// </summary>
public sealed partial class AppSpec
{
    /// <summary>Where the definition starts (the <c>StatefulApp.Named</c> call); may be null.</summary>
    public object? Anchor { get; set; }

    /// <summary>The app name (StatefulSet, governing Service, identity label).</summary>
    public Val<string?> Name { get; set; }

    /// <summary>The namespace; known null when not set.</summary>
    public Val<string?> Namespace { get; set; } = Val<string?>.Of(null);

    /// <summary>Whether the Namespace object is written with the app.</summary>
    public Val<bool> CreateNamespace { get; set; } = Val<bool>.Of(false);

    /// <summary>The desired replica count; known null when unset.</summary>
    public Val<int?> Replicas { get; set; } = Val<int?>.Of(null);

    /// <summary>The identity labels (selector, template, Services, budget and spreading terms).</summary>
    public LabelSet Identity { get; set; } = new();

    /// <summary>Labels added to every object and the pods (not to selectors).</summary>
    public LabelSet Extra { get; set; } = new();

    /// <summary>The StatefulSet's annotations.</summary>
    public LabelSet Annotations { get; set; } = new();

    /// <summary>The pod template's annotations.</summary>
    public LabelSet PodAnnotations { get; set; } = new();

    /// <summary>
    /// Labels aimed at one object (<c>Label(key, value, on:)</c>), by part: <c>StatefulSet</c>, <c>Pods</c>, <c>GoverningService</c>,
    /// <c>ClientService</c>, <c>DisruptionBudget</c>; added to that object's labels only (never to a selector).
    /// </summary>
    public Dictionary<string, LabelSet> LabelsOn { get; set; } = new();

    /// <summary>Annotations aimed at a Service or the budget (<c>Annotation(key, value, on:)</c>), by part.</summary>
    public Dictionary<string, LabelSet> AnnotationsOn { get; set; } = new();

    /// <summary>The labels aimed at one part (empty when none).</summary>
    public LabelSet LabelsOf(string part)
    {
        if (LabelsOn.TryGetValue(part, out var set)) return set;
        var none = new LabelSet();
        if (!LabelsOnComplete) none.MarkIncomplete();
        return none;
    }

    /// <summary>The annotations aimed at one part (empty when none).</summary>
    public LabelSet AnnotationsOf(string part) => AnnotationsOn.TryGetValue(part, out var set) ? set : new LabelSet();

    /// <summary>False when a label was aimed at a part the front end could not tell.</summary>
    public bool LabelsOnComplete { get; set; } = true;

    /// <summary>An explicit selector; null when the selector follows the identity labels.</summary>
    public LabelSet? SelectorOverride { get; set; }

    /// <summary>False when it is unknown whether the selector is overridden.</summary>
    public bool SelectorOverrideKnown { get; set; } = true;

    /// <summary>The governing Service's name when it differs from the app's; known null otherwise.</summary>
    public Val<string?> ServiceNameOverride { get; set; } = Val<string?>.Of(null);

    /// <summary>Where the governing Service is declared.</summary>
    public object? ServiceAnchor { get; set; }

    /// <summary>True when the governing Service exists elsewhere (Berth writes none).</summary>
    public Val<bool> BringOwnService { get; set; } = Val<bool>.Of(false);

    /// <summary><c>publishNotReadyAddresses</c> of the governing Service.</summary>
    public Val<bool> PublishNotReady { get; set; } = Val<bool>.Of(false);

    /// <summary>The names of the container ports the governing Service exposes, in order; null for every container port.</summary>
    public ItemList<Val<string?>>? GoverningPorts { get; set; }

    /// <summary>The client Service; null when none.</summary>
    public ClientServiceSpec? ClientService { get; set; }

    /// <summary>False when it is unknown whether there is a client Service.</summary>
    public bool ClientServiceKnown { get; set; } = true;

    /// <summary><c>podManagementPolicy</c>; known null for the default.</summary>
    public Val<string?> PodManagement { get; set; } = Val<string?>.Of(null);

    /// <summary>True for the OnDelete update strategy.</summary>
    public Val<bool> OnDelete { get; set; } = Val<bool>.Of(false);

    /// <summary>The rolling update partition.</summary>
    public Val<int?> Partition { get; set; } = Val<int?>.Of(null);

    /// <summary>The rolling update maxUnavailable as text ("2", "50%").</summary>
    public Val<string?> MaxUnavailable { get; set; } = Val<string?>.Of(null);

    /// <summary>Where the update strategy was set.</summary>
    public object? StrategyAnchor { get; set; }

    /// <summary><c>revisionHistoryLimit</c>.</summary>
    public Val<int?> RevisionHistory { get; set; } = Val<int?>.Of(null);

    /// <summary><c>minReadySeconds</c>.</summary>
    public Val<int?> MinReady { get; set; } = Val<int?>.Of(null);

    /// <summary><c>ordinals.start</c>.</summary>
    public Val<int?> StartOrdinal { get; set; } = Val<int?>.Of(null);

    /// <summary>Known false: no claim retention policy.</summary>
    public Val<bool> HasRetention { get; set; } = Val<bool>.Of(false);

    /// <summary><c>whenDeleted</c> of the retention policy.</summary>
    public Val<string?> RetentionWhenDeleted { get; set; } = Val<string?>.Of(null);

    /// <summary><c>whenScaled</c> of the retention policy.</summary>
    public Val<string?> RetentionWhenScaled { get; set; } = Val<string?>.Of(null);

    /// <summary>The pod volumes (their sources stay with the front end).</summary>
    public ItemList<VolumeModel> Volumes { get; set; } = new();

    /// <summary>The volume claim templates.</summary>
    public ItemList<ClaimTemplateModel> Claims { get; set; } = new();

    /// <summary><c>serviceAccountName</c>.</summary>
    public Val<string?> ServiceAccount { get; set; } = Val<string?>.Of(null);

    /// <summary><c>terminationGracePeriodSeconds</c>.</summary>
    public Val<long?> TerminationGrace { get; set; } = Val<long?>.Of(null);

    /// <summary><c>nodeSelector</c>.</summary>
    public LabelSet NodeSelector { get; set; } = new();

    /// <summary><c>tolerations</c>.</summary>
    public ItemList<TolerationModel> Tolerations { get; set; } = new();

    /// <summary>The terms of <c>Affinity(...)</c>; null when there are none or they cannot be read (see <see cref="AffinityUnknown"/>).</summary>
    public AffinityTerms? Affinity { get; set; }

    /// <summary>The terms of the typed <c>AntiAffinity(...)</c> and <c>PodAffinity(...)</c> calls, added to those of <c>Affinity(...)</c>.</summary>
    public AffinityTerms TypedAffinity { get; set; } = new();

    /// <summary>
    /// The requirements of the typed <c>NodeAffinity(...)</c> calls, all in one required node selector term (all must hold); the
    /// list's anchor is the first call's.
    /// </summary>
    public ItemList<NodeRequirementModel> RequiredNode { get; set; } = new();

    /// <summary>The terms of the typed <c>PreferNodeAffinity(...)</c> calls, one preferred term each.</summary>
    public ItemList<NodeSelectorTermModel> PreferredNode { get; set; } = new();

    /// <summary>True when <c>Affinity(...)</c> supplies terms the front end cannot see.</summary>
    public bool AffinityUnknown { get; set; }

    /// <summary>Node spreading: null when none, else whether it is required (possibly unknown).</summary>
    public Val<bool>? NodeSpread { get; set; }

    /// <summary>Where node spreading was asked for.</summary>
    public object? NodeSpreadAnchor { get; set; }

    /// <summary>False when it is unknown whether nodes are spread.</summary>
    public bool NodeSpreadKnown { get; set; } = true;

    /// <summary>Zone spreading: null when none, else whether it is required (possibly unknown).</summary>
    public Val<bool>? ZoneSpread { get; set; }

    /// <summary>Where zone spreading was asked for.</summary>
    public object? ZoneSpreadAnchor { get; set; }

    /// <summary>False when it is unknown whether zones are spread.</summary>
    public bool ZoneSpreadKnown { get; set; } = true;

    /// <summary><c>priorityClassName</c>.</summary>
    public Val<string?> PriorityClass { get; set; } = Val<string?>.Of(null);

    /// <summary>
    /// The pod security context the typed steps set (<c>RunAsUser</c>, <c>FsGroup</c>, <c>SeccompProfile</c>...), checked by BERTH106;
    /// null when none. What a <c>PodSecurity(factory)</c> object holds is not in it (the front end renders it, then these fields).
    /// </summary>
    public SecurityContextModel? PodSecurity { get; set; }

    /// <summary>The pod's <c>runAsNonRoot</c> from <c>RunAsNonRoot()</c>; known null when not set.</summary>
    public Val<bool?> RunAsNonRoot { get; set; } = Val<bool?>.Of(null);

    /// <summary><c>imagePullSecrets</c> names.</summary>
    public ItemList<Val<string?>> PullSecrets { get; set; } = new();

    /// <summary>The ConfigMaps written with the app.</summary>
    public ItemList<ConfigMapSpec> ConfigMaps { get; set; } = new();

    /// <summary>The disruption budget; null when none.</summary>
    public BudgetSpec? Budget { get; set; }

    /// <summary>False when it is unknown whether there is a budget.</summary>
    public bool BudgetKnown { get; set; } = true;

    /// <summary>The cluster DNS domain of the identities; known null for the default.</summary>
    public Val<string?> ClusterDomain { get; set; } = Val<string?>.Of(null);

    /// <summary>True when an object carried with the app (<c>With</c>) may be a Service or a budget the rules cannot see.</summary>
    public bool ExtraObjectsUnknown { get; set; }

    /// <summary>An app of which nothing is known (a parameter, a member in metadata, a call that cannot be followed).</summary>
    public static AppSpec Unknown(object? anchor) => new()
    {
        Anchor = anchor,
        Name = Val<string?>.Unknown(anchor),
        Namespace = Val<string?>.Unknown(anchor),
        CreateNamespace = Val<bool>.Unknown(anchor),
        Replicas = Val<int?>.Unknown(anchor),
        Identity = LabelSet.Unknown(anchor),
        Extra = LabelSet.Unknown(anchor),
        Annotations = LabelSet.Unknown(anchor),
        PodAnnotations = LabelSet.Unknown(anchor),
        LabelsOnComplete = false,
        SelectorOverrideKnown = false,
        ServiceNameOverride = Val<string?>.Unknown(anchor),
        ServiceAnchor = anchor,
        GoverningPorts = new ItemList<Val<string?>> { IsComplete = false },
        BringOwnService = Val<bool>.Unknown(anchor),
        PublishNotReady = Val<bool>.Unknown(anchor),
        ClientServiceKnown = false,
        PodManagement = Val<string?>.Unknown(anchor),
        OnDelete = Val<bool>.Unknown(anchor),
        Partition = Val<int?>.Unknown(anchor),
        MaxUnavailable = Val<string?>.Unknown(anchor),
        RevisionHistory = Val<int?>.Unknown(anchor),
        MinReady = Val<int?>.Unknown(anchor),
        StartOrdinal = Val<int?>.Unknown(anchor),
        HasRetention = Val<bool>.Unknown(anchor),
        RetentionWhenDeleted = Val<string?>.Unknown(anchor),
        RetentionWhenScaled = Val<string?>.Unknown(anchor),
        Volumes = new ItemList<VolumeModel> { IsComplete = false },
        Claims = new ItemList<ClaimTemplateModel> { IsComplete = false },
        ServiceAccount = Val<string?>.Unknown(anchor),
        TerminationGrace = Val<long?>.Unknown(anchor),
        NodeSelector = LabelSet.Unknown(anchor),
        Tolerations = new ItemList<TolerationModel> { IsComplete = false },
        AffinityUnknown = true,
        NodeSpreadKnown = false,
        ZoneSpreadKnown = false,
        PriorityClass = Val<string?>.Unknown(anchor),
        PullSecrets = new ItemList<Val<string?>> { IsComplete = false },
        ConfigMaps = new ItemList<ConfigMapSpec> { IsComplete = false },
        BudgetKnown = false,
        ClusterDomain = Val<string?>.Unknown(anchor),
        ExtraObjectsUnknown = true,
    };

    /// <summary>A copy a step can change: label sets and lists are copied, their items (never changed in place) shared.</summary>
    public AppSpec Clone()
    {
        var copy = (AppSpec)MemberwiseClone();
        copy.Identity = Identity.Clone();
        copy.Extra = Extra.Clone();
        copy.Annotations = Annotations.Clone();
        copy.PodAnnotations = PodAnnotations.Clone();
        copy.SelectorOverride = SelectorOverride?.Clone();
        copy.LabelsOn = new Dictionary<string, LabelSet>();
        foreach (var pair in LabelsOn) copy.LabelsOn[pair.Key] = pair.Value.Clone();
        copy.AnnotationsOn = new Dictionary<string, LabelSet>();
        foreach (var pair in AnnotationsOn) copy.AnnotationsOn[pair.Key] = pair.Value.Clone();
        copy.NodeSelector = NodeSelector.Clone();
        copy.Volumes = Copy(Volumes);
        copy.Claims = Copy(Claims);
        copy.Tolerations = Copy(Tolerations);
        copy.PullSecrets = Copy(PullSecrets);
        copy.ConfigMaps = Copy(ConfigMaps);
        copy.RequiredNode = Copy(RequiredNode);
        copy.PreferredNode = Copy(PreferredNode);
        copy.TypedAffinity = new AffinityTerms();
        copy.TypedAffinity.AntiRequired.AddRange(TypedAffinity.AntiRequired);
        copy.TypedAffinity.AntiPreferred.AddRange(TypedAffinity.AntiPreferred);
        copy.TypedAffinity.PodAffinity.AddRange(TypedAffinity.PodAffinity);
        copy.PodSecurity = PodSecurity?.Clone();

        return copy;
    }

    private static ItemList<T> Copy<T>(ItemList<T> list)
    {
        var copy = new ItemList<T> { IsComplete = list.IsComplete, Anchor = list.Anchor };
        copy.AddRange(list);
        return copy;
    }
}

/// <summary>The client Service of an app.</summary>
public sealed class ClientServiceSpec
{
    /// <summary>Where it was declared.</summary>
    public object? Anchor { get; set; }

    /// <summary>Its name.</summary>
    public Val<string?> Name { get; set; }

    /// <summary>Its <c>type</c> as written in the Service (known null for the default ClusterIP).</summary>
    public Val<string?> Type { get; set; } = Val<string?>.Of(null);

    /// <summary>The names of the container ports it exposes, in order; null for every container port.</summary>
    public ItemList<Val<string?>>? Ports { get; set; }
}

/// <summary>The disruption budget of an app.</summary>
public sealed class BudgetSpec
{
    /// <summary>Where it was declared.</summary>
    public object? Anchor { get; set; }

    /// <summary><c>maxUnavailable</c> as text ("1", "25%"); known null when unset.</summary>
    public Val<string?> MaxUnavailable { get; set; } = Val<string?>.Of(null);

    /// <summary><c>minAvailable</c> as text; known null when unset.</summary>
    public Val<string?> MinAvailable { get; set; } = Val<string?>.Of(null);

    /// <summary>True for a quorum budget (minAvailable = a majority of the final replica count).</summary>
    public bool Quorum { get; set; }

    /// <summary>Its name; known null for the app's name.</summary>
    public Val<string?> Name { get; set; } = Val<string?>.Of(null);
}

/// <summary>A ConfigMap written with the app.</summary>
public sealed class ConfigMapSpec
{
    /// <summary>Where it was declared.</summary>
    public object? Anchor { get; set; }

    /// <summary>Its name.</summary>
    public Val<string?> Name { get; set; }

    /// <summary>Its data in key order; null when the front end cannot know it.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Data { get; set; }
}

/// <summary>The pod affinity and anti-affinity terms of an <c>Affinity(...)</c> call, in the order the runtime lists them.</summary>
public sealed class AffinityTerms
{
    /// <summary>Required anti-affinity terms.</summary>
    public List<AffinityTermModel> AntiRequired { get; } = new();

    /// <summary>Preferred anti-affinity terms.</summary>
    public List<AffinityTermModel> AntiPreferred { get; } = new();

    /// <summary>Pod affinity terms (required first).</summary>
    public List<AffinityTermModel> PodAffinity { get; } = new();
}
