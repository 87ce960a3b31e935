using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Berth.Rules;
using k8s.Models;

namespace Berth;

/// <summary>
/// A stateful app: a StatefulSet with its governing headless Service, its claim templates and, optionally,
/// a client Service, a PodDisruptionBudget and ConfigMaps. Immutable: every call returns a new value, so a
/// shared base definition can be specialised per environment without side effects.
/// </summary>
public sealed partial record StatefulApp
{
    private StatefulApp(string name)
    {
        Name = name;
        IdentityLabelValues = ImmutableSortedDictionary<string, string>.Empty.Add(DslConventions.IdentityLabelKey, name);
    }

    /// <summary>The StatefulSet name; pods are named <c>&lt;name&gt;-&lt;ordinal&gt;</c>.</summary>
    public string Name { get; private init; }

    /// <summary>The namespace, or null for the namespace of the kubeconfig context.</summary>
    public string? Namespace { get; private init; }

    /// <summary>The desired replica count, or null when unset (Kubernetes defaults to 1).</summary>
    public int? ReplicaCount { get; private init; }

    /// <summary>The name of the governing Service (<c>spec.serviceName</c>).</summary>
    public string ServiceName => ServiceNameOverride ?? Name;

    /// <summary>The first ordinal (<c>spec.ordinals.start</c>), 0 by default.</summary>
    public int FirstOrdinal => StartOrdinalValue ?? 0;

    internal bool EmitNamespace { get; private init; }
    internal ImmutableSortedDictionary<string, string> IdentityLabelValues { get; private init; }
    internal ImmutableSortedDictionary<string, string> ExtraLabels { get; private init; } = ImmutableSortedDictionary<string, string>.Empty;
    internal ImmutableSortedDictionary<string, string> AnnotationValues { get; private init; } = ImmutableSortedDictionary<string, string>.Empty;
    internal ImmutableSortedDictionary<string, string> PodAnnotationValues { get; private init; } = ImmutableSortedDictionary<string, string>.Empty;
    internal ImmutableSortedDictionary<string, string>? SelectorOverride { get; private init; }
    internal string? ServiceNameOverride { get; private init; }
    internal bool BringOwnService { get; private init; }
    internal bool PublishNotReady { get; private init; }
    internal ClientServiceSpec? ClientServiceValue { get; private init; }
    internal PodManagement? PodManagementValue { get; private init; }
    internal bool OnDeleteStrategy { get; private init; }
    internal int? PartitionValue { get; private init; }
    internal IntOrPercent? MaxUnavailableValue { get; private init; }
    internal int? RevisionHistoryValue { get; private init; }
    internal int? MinReadyValue { get; private init; }
    internal (ClaimRetention WhenDeleted, ClaimRetention WhenScaled)? RetentionValue { get; private init; }
    internal int? StartOrdinalValue { get; private init; }
    internal ImmutableList<ContainerSpec> Containers { get; private init; } = ImmutableList<ContainerSpec>.Empty;
    internal ImmutableList<ContainerSpec> InitContainers { get; private init; } = ImmutableList<ContainerSpec>.Empty;
    internal ImmutableList<(string Name, VolumeSource Source)> Volumes { get; private init; } = ImmutableList<(string, VolumeSource)>.Empty;
    internal ImmutableList<ClaimTemplate> Claims { get; private init; } = ImmutableList<ClaimTemplate>.Empty;
    internal string? ServiceAccountValue { get; private init; }
    internal long? TerminationGraceValue { get; private init; }
    internal ImmutableSortedDictionary<string, string> NodeSelectorValues { get; private init; } = ImmutableSortedDictionary<string, string>.Empty;
    internal ImmutableList<Func<V1Toleration>> TolerationValues { get; private init; } = ImmutableList<Func<V1Toleration>>.Empty;
    internal Func<V1Affinity>? AffinityValue { get; private init; }
    internal SpreadMode NodeSpread { get; private init; }
    internal SpreadMode ZoneSpread { get; private init; }
    internal string? PriorityClassValue { get; private init; }
    internal Func<V1PodSecurityContext>? PodSecurityValue { get; private init; }
    internal ImmutableList<string> PullSecrets { get; private init; } = ImmutableList<string>.Empty;
    internal ImmutableList<(string Name, ImmutableSortedDictionary<string, string> Data)> ConfigMaps { get; private init; } = ImmutableList<(string, ImmutableSortedDictionary<string, string>)>.Empty;
    internal BudgetSpec? Budget { get; private init; }
    internal ImmutableList<Action<AppManifests>> Customizations { get; private init; } = ImmutableList<Action<AppManifests>>.Empty;
    internal string? ClusterDomainValue { get; private init; }

    /// <summary>Starts a definition. The name becomes the StatefulSet, the governing Service and the label <c>app</c>.</summary>
    public static StatefulApp Named(string name) => new(name ?? string.Empty);

    /// <summary>Places every object in a namespace; with <paramref name="create"/> the Namespace object is written too.</summary>
    public StatefulApp InNamespace(string @namespace, bool create = true) => this with { Namespace = @namespace, EmitNamespace = create };

    /// <summary>Sets the desired number of pods.</summary>
    public StatefulApp Replicas(int replicas) => this with { ReplicaCount = replicas };

    /// <summary>
    /// Replaces the identity labels (default <c>app: &lt;name&gt;</c>). They are declared once and used for the
    /// selector, the pod template, the Service selector, the PodDisruptionBudget and the spreading rules, so
    /// these cannot disagree.
    /// </summary>
    public StatefulApp IdentityLabels(params (string Key, string Value)[] labels) =>
        this with { IdentityLabelValues = labels.ToImmutableSortedDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal) };

    /// <summary>Adds a label to every object and to the pods (not to the selector).</summary>
    public StatefulApp Label(string key, string value) => this with { ExtraLabels = ExtraLabels.SetItem(key, value) };

    /// <summary>Adds an annotation to the StatefulSet.</summary>
    public StatefulApp Annotation(string key, string value) => this with { AnnotationValues = AnnotationValues.SetItem(key, value) };

    /// <summary>Adds an annotation to the pod template.</summary>
    public StatefulApp PodAnnotation(string key, string value) => this with { PodAnnotationValues = PodAnnotationValues.SetItem(key, value) };

    /// <summary>
    /// Overrides the selector on purpose (for example to adopt pods of an existing set). The selector no longer
    /// follows the identity labels; the analyzers report it when it does not select the pods.
    /// </summary>
    public StatefulApp Selector(params (string Key, string Value)[] matchLabels) =>
        this with { SelectorOverride = matchLabels.ToImmutableSortedDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal) };

    /// <summary>Names the governing headless Service differently from the app.</summary>
    public StatefulApp GoverningService(string name, bool publishNotReadyAddresses = false) =>
        this with { ServiceNameOverride = name, BringOwnService = false, PublishNotReady = publishNotReadyAddresses };

    /// <summary>
    /// Publishes DNS records of pods before they are Ready, so peers can find each other while they start
    /// (ZooKeeper, Kafka, Cassandra, etcd).
    /// </summary>
    public StatefulApp PublishNotReadyAddresses() => this with { PublishNotReady = true };

    /// <summary>Uses a governing Service that exists elsewhere; Berth writes no Service for this app.</summary>
    public StatefulApp UseExistingService(string name) => this with { ServiceNameOverride = name, BringOwnService = true };

    /// <summary>Adds a load-balanced client Service (not headless) over the same pods and ports.</summary>
    public StatefulApp ClientService(string? name = null, ServiceType type = ServiceType.ClusterIP) =>
        this with { ClientServiceValue = new ClientServiceSpec(name ?? DslConventions.ClientServiceName(Name), type) };

    /// <summary>Sets the pod management policy.</summary>
    public StatefulApp PodManagement(PodManagement policy) => this with { PodManagementValue = policy };

    /// <summary>
    /// Rolling updates (the default): pods are replaced from the highest ordinal down. Pods below
    /// <paramref name="partition"/> keep the old revision (canary); <paramref name="maxUnavailable"/> lets several
    /// pods update at once where the cluster supports it.
    /// </summary>
    public StatefulApp RollingUpdate(int? partition = null, IntOrPercent? maxUnavailable = null) =>
        this with { OnDeleteStrategy = false, PartitionValue = partition, MaxUnavailableValue = maxUnavailable };

    /// <summary>Pods are updated only when you delete them.</summary>
    public StatefulApp OnDelete() => this with { OnDeleteStrategy = true, PartitionValue = null, MaxUnavailableValue = null };

    /// <summary>How many ControllerRevisions to keep for rollback (default 10).</summary>
    public StatefulApp RevisionHistoryLimit(int count) => this with { RevisionHistoryValue = count };

    /// <summary>Seconds a new pod must be Ready before it counts as available.</summary>
    public StatefulApp MinReadySeconds(int seconds) => this with { MinReadyValue = seconds };

    /// <summary>What happens to each pod's claims when the set is deleted or scaled down (default: keep them).</summary>
    public StatefulApp ClaimRetention(ClaimRetention whenDeleted, ClaimRetention whenScaled) => this with { RetentionValue = (whenDeleted, whenScaled) };

    /// <summary>The first pod ordinal (<c>spec.ordinals.start</c>).</summary>
    public StatefulApp StartOrdinal(int start) => this with { StartOrdinalValue = start };

    /// <summary>Adds a container; <paramref name="configure"/> sets its ports, env, resources, probes and mounts.</summary>
    public StatefulApp Container(string name, string image, Func<ContainerSpec, ContainerSpec>? configure = null) =>
        this with { Containers = Containers.Add(Configure(new ContainerSpec(name, image), configure)) };

    /// <summary>Adds an init container, run to completion before the main containers (or as a sidecar with <see cref="ContainerSpec.AsSidecar"/>).</summary>
    public StatefulApp InitContainer(string name, string image, Func<ContainerSpec, ContainerSpec>? configure = null) =>
        this with { InitContainers = InitContainers.Add(Configure(new ContainerSpec(name, image), configure)) };

    /// <summary>Changes one container (for example its image in a variant).</summary>
    public StatefulApp WithContainer(string name, Func<ContainerSpec, ContainerSpec> change)
    {
        var index = Containers.FindIndex(c => c.Name == name);
        if (index < 0)
            throw new ArgumentException($"{Name}: there is no container named \"{name}\"; containers are: {string.Join(", ", Containers.Select(c => "\"" + c.Name + "\""))}.", nameof(name));
        return this with { Containers = Containers.SetItem(index, change(Containers[index])) };
    }

    /// <summary>Adds a pod volume (ConfigMap, Secret, emptyDir or projected) that containers mount by name.</summary>
    public StatefulApp Volume(string name, VolumeSource source) => this with { Volumes = Volumes.Add((name, source)) };

    /// <summary>
    /// Gives every pod its own PersistentVolumeClaim named <c>&lt;claim&gt;-&lt;app&gt;-&lt;ordinal&gt;</c>, mounted by name.
    /// </summary>
    public StatefulApp VolumeClaim(string name, string size, AccessMode accessMode = AccessMode.ReadWriteOnce, string? storageClass = null, VolumeMode? volumeMode = null) =>
        this with { Claims = Claims.Add(new ClaimTemplate(name, size, ImmutableArray.Create(accessMode), storageClass, volumeMode, ImmutableSortedDictionary<string, string>.Empty)) };

    /// <summary>A claim template with several access modes and labels.</summary>
    public StatefulApp VolumeClaim(string name, string size, AccessMode[] accessModes, string? storageClass = null, VolumeMode? volumeMode = null, IReadOnlyDictionary<string, string>? labels = null) =>
        this with { Claims = Claims.Add(new ClaimTemplate(name, size, accessModes.ToImmutableArray(), storageClass, volumeMode, (labels ?? new Dictionary<string, string>()).ToImmutableSortedDictionary(StringComparer.Ordinal))) };

    /// <summary>Runs the pods as a ServiceAccount.</summary>
    public StatefulApp ServiceAccount(string name) => this with { ServiceAccountValue = name };

    /// <summary>Seconds a pod gets to shut down before it is killed (default 30).</summary>
    public StatefulApp TerminationGracePeriod(long seconds) => this with { TerminationGraceValue = seconds };

    /// <summary>Schedules pods only on nodes with this label.</summary>
    public StatefulApp NodeSelector(string key, string value) => this with { NodeSelectorValues = NodeSelectorValues.SetItem(key, value) };

    /// <summary>Tolerates a taint. With a null <paramref name="value"/> the operator is Exists.</summary>
    public StatefulApp Toleration(string key, string? value = null, TaintEffect effect = TaintEffect.Any, long? tolerationSeconds = null) =>
        this with
        {
            TolerationValues = TolerationValues.Add(() => new V1Toleration
            {
                Key = key,
                OperatorProperty = DslConventions.TolerationOperator(hasValue: value is not null),
                Value = value,
                Effect = effect.Text(),
                TolerationSeconds = tolerationSeconds,
            }),
        };

    /// <summary>Sets the pod affinity rules as Kubernetes objects (the factory is called once per build).</summary>
    public StatefulApp Affinity(Func<V1Affinity> affinity) => this with { AffinityValue = affinity };

    /// <summary>
    /// Keeps replicas on different nodes: a pod anti-affinity on <c>kubernetes.io/hostname</c> built from the
    /// identity labels; preferred by default, required with <paramref name="required"/>.
    /// </summary>
    public StatefulApp SpreadAcrossNodes(bool required = false) => this with { NodeSpread = required ? SpreadMode.Required : SpreadMode.Preferred };

    /// <summary>
    /// Spreads replicas evenly across zones: a topology spread constraint on <c>topology.kubernetes.io/zone</c>
    /// (maxSkew 1) built from the identity labels; best effort by default, strict with <paramref name="required"/>.
    /// </summary>
    public StatefulApp SpreadAcrossZones(bool required = false) => this with { ZoneSpread = required ? SpreadMode.Required : SpreadMode.Preferred };

    /// <summary>Sets the pods' PriorityClass.</summary>
    public StatefulApp PriorityClass(string name) => this with { PriorityClassValue = name };

    /// <summary>Sets the pod security context (the factory is called once per build).</summary>
    public StatefulApp PodSecurity(Func<V1PodSecurityContext> context) => this with { PodSecurityValue = context };

    /// <summary>Sets the group that owns mounted volumes (<c>fsGroup</c>), keeping other pod security settings.</summary>
    public StatefulApp FsGroup(long group)
    {
        var previous = PodSecurityValue;
        return this with
        {
            PodSecurityValue = () =>
            {
                var context = previous?.Invoke() ?? new V1PodSecurityContext();
                context.FsGroup = group;
                return context;
            },
        };
    }

    /// <summary>Pulls images with the credentials of a Secret.</summary>
    public StatefulApp ImagePullSecret(string secret) => this with { PullSecrets = PullSecrets.Add(secret) };

    /// <summary>Writes a ConfigMap with the app (in its namespace) that containers can read or mount.</summary>
    public StatefulApp ConfigMap(string name, IReadOnlyDictionary<string, string> data) =>
        this with { ConfigMaps = ConfigMaps.Add((name, data.ToImmutableSortedDictionary(StringComparer.Ordinal))) };

    /// <summary>A PodDisruptionBudget over the pods: at most <paramref name="maxUnavailable"/> down, or at least <paramref name="minAvailable"/> up.</summary>
    public StatefulApp DisruptionBudget(IntOrPercent? maxUnavailable = null, IntOrPercent? minAvailable = null) =>
        this with { Budget = new BudgetSpec(maxUnavailable, minAvailable, false) };

    /// <summary>A PodDisruptionBudget that keeps a majority (quorum) of the replicas up: minAvailable = replicas / 2 + 1.</summary>
    public StatefulApp QuorumBudget() => this with { Budget = new BudgetSpec(null, null, true) };

    /// <summary>Cluster DNS domain for the identities (default: the BERTH_CLUSTER_DOMAIN environment variable, else cluster.local).</summary>
    public StatefulApp ClusterDomain(string domain) => this with { ClusterDomainValue = domain };

    /// <summary>
    /// Escape hatch: edits the built Kubernetes objects for anything the DSL does not cover. Runs after the
    /// build, before validation, in the order added.
    /// </summary>
    public StatefulApp Customize(Action<AppManifests> edit) => this with { Customizations = Customizations.Add(edit) };

    private static ContainerSpec Configure(ContainerSpec container, Func<ContainerSpec, ContainerSpec>? configure) =>
        configure is null ? container : configure(container);
}

internal enum SpreadMode
{
    None,
    Preferred,
    Required,
}

internal sealed record ClientServiceSpec(string Name, ServiceType Type);

internal sealed record BudgetSpec(IntOrPercent? MaxUnavailable, IntOrPercent? MinAvailable, bool Quorum);
