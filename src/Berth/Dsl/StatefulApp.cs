using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Berth.Rules;
using Berth.Rules.Dsl;
using Berth.Rules.Model;
using k8s.Models;

namespace Berth;

/// <summary>
/// A stateful app: a StatefulSet with its governing headless Service, its claim templates and, optionally,
/// a client Service, a PodDisruptionBudget and ConfigMaps. Immutable: every call returns a new value, so a
/// shared base definition can be specialised per environment without side effects.
/// </summary>
public sealed partial record StatefulApp
{
    private StatefulApp(AppSpec spec) => Spec = spec;

    /// <summary>The StatefulSet name; pods are named <c>&lt;name&gt;-&lt;ordinal&gt;</c>.</summary>
    public string Name => Spec.Name.Value ?? string.Empty;

    /// <summary>The namespace, or null for the namespace of the kubeconfig context.</summary>
    public string? Namespace => Spec.Namespace.Value;

    /// <summary>The desired replica count, or null when unset (Kubernetes defaults to 1).</summary>
    public int? ReplicaCount => Spec.Replicas.Value;

    /// <summary>The name of the governing Service (<c>spec.serviceName</c>).</summary>
    public string ServiceName => Spec.ServiceName().Value ?? Name;

    /// <summary>The first ordinal (<c>spec.ordinals.start</c>), 0 by default.</summary>
    public int FirstOrdinal => Spec.StartOrdinal.Value ?? 0;

    /// <summary>
    /// The definition as the steps of <see cref="AppSteps"/> build it (every value known): what each app-level method does is
    /// written there once, and the analyzers run the same steps. The rest are what the neutral model does not hold: the
    /// containers, the volume sources and the Kubernetes objects and edits handed over as code.
    /// </summary>
    internal AppSpec Spec { get; private init; }

    internal string? ClusterDomainValue => Spec.ClusterDomain.Value;
    internal ImmutableList<ContainerSpec> Containers { get; private init; } = ImmutableList<ContainerSpec>.Empty;
    internal ImmutableList<ContainerSpec> InitContainers { get; private init; } = ImmutableList<ContainerSpec>.Empty;
    internal ImmutableList<(string Name, VolumeSource Source)> Volumes { get; private init; } = ImmutableList<(string, VolumeSource)>.Empty;
    internal Func<V1Affinity>? AffinityValue { get; private init; }
    internal Func<V1PodSecurityContext>? PodSecurityValue { get; private init; }
    internal ImmutableList<Action<AppManifests>> Customizations { get; private init; } = ImmutableList<Action<AppManifests>>.Empty;

    /// <summary>The last DSL call recorded for this value (the history of its calls, see <see cref="CallAnchor"/>); null for none.</summary>
    internal CallAnchor? LastCall { get; private init; }

    /// <summary>Starts a definition. The name becomes the StatefulSet, the governing Service and the label <c>app</c>.</summary>
    public static StatefulApp Named(string name)
    {
        var at = CallAnchor.After(null, nameof(StatefulApp) + "." + nameof(Named));
        return new(AppSteps.Named(At<string?>(name ?? string.Empty, at), at)) { LastCall = at };
    }

    /// <summary>Places every object in a namespace; with <paramref name="create"/> the Namespace object is written too.</summary>
    public StatefulApp InNamespace(string @namespace, bool create = true) => Step((s, at) => AppSteps.InNamespace(s, At<string?>(@namespace, at), At(create, at)));

    /// <summary>Sets the desired number of pods.</summary>
    public StatefulApp Replicas(int replicas) => Step((s, at) => AppSteps.Replicas(s, At<int?>(replicas, at)));

    /// <summary>
    /// Replaces the identity labels (default <c>app: &lt;name&gt;</c>). They are declared once and used for the
    /// selector, the pod template, the Service selector, the PodDisruptionBudget and the spreading rules, so
    /// these cannot disagree.
    /// </summary>
    public StatefulApp IdentityLabels(params (string Key, string Value)[] labels)
    {
        return Step((s, at) => AppSteps.IdentityLabels(s, LabelsOf(labels, at)));
    }

    /// <summary>
    /// Adds a label to every object and to the pods (not to the selector), or, with <paramref name="on"/>, to that object only
    /// (for example a label a monitoring stack looks for on the client Service).
    /// </summary>
    public StatefulApp Label(string key, string value, AppPart? on = null) => Step((s, at) => AppSteps.Label(s, At(key, at), At(value, at), At(on?.ToString(), at)));

    /// <summary>
    /// Adds an annotation to the StatefulSet, or, with <paramref name="on"/>, to another object of the app (a cloud load balancer's
    /// annotation on the client Service; <see cref="AppPart.Pods"/> is the same as <see cref="PodAnnotation"/>).
    /// </summary>
    public StatefulApp Annotation(string key, string value, AppPart on = AppPart.StatefulSet) => Step((s, at) => AppSteps.Annotation(s, At(key, at), At(value, at), At<string?>(on.ToString(), at)));

    /// <summary>Adds an annotation to the pod template.</summary>
    public StatefulApp PodAnnotation(string key, string value) => Step((s, at) => AppSteps.PodAnnotation(s, At(key, at), At(value, at)));

    /// <summary>
    /// Overrides the selector on purpose (for example to adopt pods of an existing set). The selector no longer
    /// follows the identity labels; the analyzers report it when it does not select the pods.
    /// </summary>
    public StatefulApp Selector(params (string Key, string Value)[] matchLabels)
    {
        return Step((s, at) => AppSteps.Selector(s, LabelsOf(matchLabels, at)));
    }

    /// <summary>
    /// Configures the governing headless Service: its name (the app's when null), whether it publishes pods before they are
    /// Ready, and which container ports it exposes, by port name in the order given (every container port when null).
    /// A name that no container port has is reported (BERTH105).
    /// </summary>
    public StatefulApp GoverningService(string? name = null, bool publishNotReadyAddresses = false, string[]? ports = null) =>
        Step((s, at) => AppSteps.GoverningService(s, At(name, at), At(publishNotReadyAddresses, at), PortNames(ports, at), at));

    /// <summary>
    /// Publishes DNS records of pods before they are Ready, so peers can find each other while they start
    /// (ZooKeeper, Kafka, Cassandra, etcd).
    /// </summary>
    public StatefulApp PublishNotReadyAddresses() => Step((s, at) => AppSteps.PublishNotReadyAddresses(s, at));

    /// <summary>Uses a governing Service that exists elsewhere; Berth writes no Service for this app.</summary>
    public StatefulApp UseExistingService(string name) => Step((s, at) => AppSteps.UseExistingService(s, At<string?>(name, at), at));

    /// <summary>
    /// Adds a load-balanced client Service (not headless) over the same pods, named <c>&lt;app&gt;-client</c> unless
    /// <paramref name="name"/> is given. It exposes the container ports named in <paramref name="ports"/>, in that order, or
    /// every container port when null; a name that no container port has is reported (BERTH105).
    /// </summary>
    public StatefulApp ClientService(string? name = null, ServiceType type = ServiceType.ClusterIP, string[]? ports = null) =>
        Step((s, at) => AppSteps.ClientService(s, At(name, at), At<string?>(type.ToString(), at), PortNames(ports, at), at));

    /// <summary>Sets the pod management policy.</summary>
    public StatefulApp PodManagement(PodManagement policy) => Step((s, at) => AppSteps.PodManagement(s, At<string?>(policy.Text(), at)));

    /// <summary>
    /// Rolling updates (the default): pods are replaced from the highest ordinal down. Pods below
    /// <paramref name="partition"/> keep the old revision (canary); <paramref name="maxUnavailable"/> lets several
    /// pods update at once where the cluster supports it.
    /// </summary>
    public StatefulApp RollingUpdate(int? partition = null, IntOrPercent? maxUnavailable = null) =>
        Step((s, at) => AppSteps.RollingUpdate(s, At(partition, at), At(maxUnavailable?.ToString(), at), at));

    /// <summary>Pods are updated only when you delete them.</summary>
    public StatefulApp OnDelete() => Step((s, at) => AppSteps.OnDelete(s, at));

    /// <summary>How many ControllerRevisions to keep for rollback (default 10).</summary>
    public StatefulApp RevisionHistoryLimit(int count) => Step((s, at) => AppSteps.RevisionHistoryLimit(s, At<int?>(count, at)));

    /// <summary>Seconds a new pod must be Ready before it counts as available.</summary>
    public StatefulApp MinReadySeconds(int seconds) => Step((s, at) => AppSteps.MinReadySeconds(s, At<int?>(seconds, at)));

    /// <summary>What happens to each pod's claims when the set is deleted or scaled down (default: keep them).</summary>
    public StatefulApp ClaimRetention(ClaimRetention whenDeleted, ClaimRetention whenScaled) =>
        Step((s, at) => AppSteps.ClaimRetention(s, At<string?>(whenDeleted.Text(), at), At<string?>(whenScaled.Text(), at), at));

    /// <summary>The first pod ordinal (<c>spec.ordinals.start</c>).</summary>
    public StatefulApp StartOrdinal(int start) => Step((s, at) => AppSteps.StartOrdinal(s, At<int?>(start, at)));

    /// <summary>Adds a container; <paramref name="configure"/> sets its ports, env, resources, probes and mounts.</summary>
    public StatefulApp Container(string name, string image, Func<ContainerSpec, ContainerSpec>? configure = null)
    {
        var (container, last) = Configure(name, image, configure, nameof(StatefulApp) + "." + nameof(Container));
        return this with { Containers = Containers.Add(container), LastCall = last };
    }

    /// <summary>Adds an init container, run to completion before the main containers (or as a sidecar with <see cref="ContainerSpec.AsSidecar"/>).</summary>
    public StatefulApp InitContainer(string name, string image, Func<ContainerSpec, ContainerSpec>? configure = null)
    {
        var (container, last) = Configure(name, image, configure, nameof(StatefulApp) + "." + nameof(InitContainer));
        return this with { InitContainers = InitContainers.Add(container), LastCall = last };
    }

    /// <summary>Changes one container (for example its image in a variant).</summary>
    public StatefulApp WithContainer(string name, Func<ContainerSpec, ContainerSpec> change)
    {
        var index = Containers.FindIndex(c => c.Name == name);
        if (index < 0)
            throw new ArgumentException($"{Name}: there is no container named \"{name}\"; containers are: {string.Join(", ", Containers.Select(c => "\"" + c.Name + "\""))}.", nameof(name));
        var at = CallAnchor.After(LastCall, nameof(StatefulApp) + "." + nameof(WithContainer));
        var changed = change(Containers[index] with { LastCall = at });
        return this with { Containers = Containers.SetItem(index, changed), LastCall = Continued(changed, at) };
    }

    /// <summary>Adds a pod volume (ConfigMap, Secret, emptyDir or projected) that containers mount by name.</summary>
    public StatefulApp Volume(string name, VolumeSource source) => Step((s, at) => AppSteps.Volume(s, At<string?>(name, at), source.Model, at)) with { Volumes = Volumes.Add((name, source)) };

    /// <summary>
    /// Gives every pod its own PersistentVolumeClaim named <c>&lt;claim&gt;-&lt;app&gt;-&lt;ordinal&gt;</c>, mounted by name.
    /// </summary>
    public StatefulApp VolumeClaim(string name, string size, AccessMode accessMode = AccessMode.ReadWriteOnce, string? storageClass = null, VolumeMode? volumeMode = null) =>
        VolumeClaim(name, size, new[] { accessMode }, storageClass, volumeMode, null);

    /// <summary>A claim template with several access modes and labels.</summary>
    public StatefulApp VolumeClaim(string name, string size, AccessMode[] accessModes, string? storageClass = null, VolumeMode? volumeMode = null, IReadOnlyDictionary<string, string>? labels = null)
    {
        return Step((s, at) =>
        {
            var modes = new ItemList<Val<string?>>();
            foreach (var mode in accessModes) modes.Add(At<string?>(mode.Text(), at));
            var set = new LabelSet { Anchor = at };
            foreach (var (key, value) in labels ?? new Dictionary<string, string>()) set.Set(At(key, at), At(value, at));
            AppSteps.VolumeClaim(s, At<string?>(name, at), At<string?>(size, at), modes, At(storageClass, at), At(volumeMode?.Text(), at), set, at);
        });
    }

    /// <summary>Runs the pods as a ServiceAccount.</summary>
    public StatefulApp ServiceAccount(string name) => Step((s, at) => AppSteps.ServiceAccount(s, At<string?>(name, at)));

    /// <summary>Seconds a pod gets to shut down before it is killed (default 30).</summary>
    public StatefulApp TerminationGracePeriod(long seconds) => Step((s, at) => AppSteps.TerminationGracePeriod(s, At<long?>(seconds, at)));

    /// <summary>Schedules pods only on nodes with this label.</summary>
    public StatefulApp NodeSelector(string key, string value) => Step((s, at) => AppSteps.NodeSelector(s, At(key, at), At(value, at)));

    /// <summary>Tolerates a taint. With a null <paramref name="value"/> the operator is Exists.</summary>
    public StatefulApp Toleration(string key, string? value = null, TaintEffect effect = TaintEffect.Any, long? tolerationSeconds = null) =>
        Step((s, at) => AppSteps.Toleration(s, At<string?>(key, at), At(value, at), At<string?>(effect.ToString(), at), At(tolerationSeconds, at), at));

    /// <summary>Sets the pod affinity rules as Kubernetes objects (the factory is called once per build).</summary>
    public StatefulApp Affinity(Func<V1Affinity> affinity) => Step((s, _) => AppSteps.Affinity(s, null)) with { AffinityValue = affinity };

    /// <summary>
    /// A pod anti-affinity term: the pods avoid sharing a <paramref name="topologyKey"/> domain (a node, a zone) with pods that match
    /// <paramref name="selector"/> (<c>matchExpressions</c>), or with the app's own pods (its identity labels) when no requirement is
    /// given. Required without <paramref name="weight"/>, else preferred with that weight (1-100). Added to the terms of
    /// <see cref="Affinity"/> and <see cref="SpreadAcrossNodes"/>; the analyzers check the selector against the pods while you type.
    /// </summary>
    public StatefulApp AntiAffinity(string topologyKey, int? weight = null, params LabelExpr[] selector) =>
        Step((s, at) => AppSteps.AffinityTerm(s, anti: true, At<string?>(topologyKey, at), At(weight, at), SelectorOf(selector), at));

    /// <summary>
    /// A pod affinity term: the pods run in the same <paramref name="topologyKey"/> domain as pods that match <paramref name="selector"/>
    /// (another app's, e.g. a cache beside its database), or as the app's own pods when no requirement is given. Required without
    /// <paramref name="weight"/>, else preferred with that weight (1-100).
    /// </summary>
    public StatefulApp PodAffinity(string topologyKey, int? weight = null, params LabelExpr[] selector) =>
        Step((s, at) => AppSteps.AffinityTerm(s, anti: false, At<string?>(topologyKey, at), At(weight, at), SelectorOf(selector), at));

    /// <summary>
    /// A required node affinity requirement: the pods run only on nodes whose label <paramref name="key"/> satisfies
    /// <paramref name="op"/> with <paramref name="values"/> (none for Exists and DoesNotExist, one number for Gt and Lt). The
    /// requirements of all the calls must hold (one node selector term); added to each required term of <see cref="Affinity"/>.
    /// The analyzers check the requirement while you type.
    /// </summary>
    public StatefulApp NodeAffinity(string key, NodeOperator op, params string[] values) =>
        Step((s, at) => AppSteps.NodeAffinity(s, At<string?>(key, at), At<string?>(op.ToString(), at), Items<string?>(values ?? Array.Empty<string>(), at), at));

    /// <summary>
    /// A preferred node affinity term with <paramref name="weight"/> (1-100): the scheduler favours nodes whose label
    /// <paramref name="key"/> satisfies <paramref name="op"/> with <paramref name="values"/>. Each call is one term; added after the
    /// preferred terms of <see cref="Affinity"/>.
    /// </summary>
    public StatefulApp PreferNodeAffinity(int weight, string key, NodeOperator op, params string[] values) =>
        Step((s, at) => AppSteps.PreferNodeAffinity(s, At<int?>(weight, at), At<string?>(key, at), At<string?>(op.ToString(), at), Items<string?>(values ?? Array.Empty<string>(), at), at));

    /// <summary>
    /// Keeps replicas on different nodes: a pod anti-affinity on <c>kubernetes.io/hostname</c> built from the
    /// identity labels; preferred by default, required with <paramref name="required"/>.
    /// </summary>
    public StatefulApp SpreadAcrossNodes(bool required = false) => Step((s, at) => AppSteps.SpreadAcrossNodes(s, At(required, at), at));

    /// <summary>
    /// Spreads replicas evenly across zones: a topology spread constraint on <c>topology.kubernetes.io/zone</c>
    /// (maxSkew 1) built from the identity labels; best effort by default, strict with <paramref name="required"/>.
    /// </summary>
    public StatefulApp SpreadAcrossZones(bool required = false) => Step((s, at) => AppSteps.SpreadAcrossZones(s, At(required, at), at));

    /// <summary>Sets the pods' PriorityClass.</summary>
    public StatefulApp PriorityClass(string name) => Step((s, at) => AppSteps.PriorityClass(s, At<string?>(name, at)));

    /// <summary>
    /// Sets the whole pod security context as a Kubernetes object (the factory is called once per build); it replaces the typed
    /// settings made before it (<see cref="RunAsUser"/>, <see cref="FsGroup"/>...), and those made after it are applied on top.
    /// Prefer the typed settings: the analyzers check their values while you type.
    /// </summary>
    public StatefulApp PodSecurity(Func<V1PodSecurityContext> context) => Step((s, _) => AppSteps.PodSecurity(s)) with { PodSecurityValue = context };

    /// <summary>
    /// Runs every container of the pod as <paramref name="user"/> (<c>runAsUser</c>) and, when given, <paramref name="group"/>
    /// (<c>runAsGroup</c>), unless a container sets its own. Sets only the IDs: add <see cref="RunAsNonRoot"/> to have the kubelet
    /// refuse to start a container as root.
    /// </summary>
    public StatefulApp RunAsUser(long user, long? group = null) => Step((s, at) => AppSteps.RunAsUser(s, At((long?)user, at), At(group, at), at));

    /// <summary>The kubelet refuses to start a container of the pod that would run as root (<c>runAsNonRoot: true</c>).</summary>
    public StatefulApp RunAsNonRoot() => Step((s, at) => AppSteps.RunAsNonRoot(s, at));

    /// <summary>Sets the group that owns mounted volumes (<c>fsGroup</c>), keeping other pod security settings.</summary>
    public StatefulApp FsGroup(long group) => Step((s, at) => AppSteps.FsGroup(s, At((long?)group, at), at));

    /// <summary>When the kubelet changes the group of a volume's files to <see cref="FsGroup"/> (<c>fsGroupChangePolicy</c>).</summary>
    public StatefulApp FsGroupChangePolicy(FsGroupChange policy) => Step((s, at) => AppSteps.FsGroupChangePolicy(s, At<string?>(policy.ToString(), at), at));

    /// <summary>Groups added to the first process of every container (<c>supplementalGroups</c>), replacing earlier ones.</summary>
    public StatefulApp SupplementalGroups(params long[] groups) =>
        Step((s, at) => AppSteps.SupplementalGroups(s, Items(groups.Select(g => (long?)g), at), at));

    /// <summary>
    /// The pod's seccomp profile (<c>seccompProfile</c>): usually <see cref="SeccompProfileType.RuntimeDefault"/>; for
    /// <see cref="SeccompProfileType.Localhost"/>, <paramref name="localhostProfile"/> is the profile file's path on the node.
    /// </summary>
    public StatefulApp SeccompProfile(SeccompProfileType type, string? localhostProfile = null) =>
        Step((s, at) => AppSteps.SeccompProfile(s, At<string?>(type.ToString(), at), At(localhostProfile, at), at));

    /// <summary>Pulls images with the credentials of a Secret.</summary>
    public StatefulApp ImagePullSecret(string secret) => Step((s, at) => AppSteps.ImagePullSecret(s, At<string?>(secret, at)));

    /// <summary>Writes a ConfigMap with the app (in its namespace) that containers can read or mount.</summary>
    public StatefulApp ConfigMap(string name, IReadOnlyDictionary<string, string> data)
    {
        var sorted = data.ToImmutableSortedDictionary(StringComparer.Ordinal).ToList();
        return Step((s, at) => AppSteps.ConfigMap(s, At<string?>(name, at), sorted, at));
    }

    /// <summary>
    /// A PodDisruptionBudget over the pods: at most <paramref name="maxUnavailable"/> down, or at least <paramref name="minAvailable"/>
    /// up; named after the app unless <paramref name="name"/> is given.
    /// </summary>
    public StatefulApp DisruptionBudget(IntOrPercent? maxUnavailable = null, IntOrPercent? minAvailable = null, string? name = null) =>
        Step((s, at) => AppSteps.DisruptionBudget(s, At(maxUnavailable?.ToString(), at), At(minAvailable?.ToString(), at), At(name, at), at));

    /// <summary>
    /// A PodDisruptionBudget that keeps a majority (quorum) of the replicas up: minAvailable = replicas / 2 + 1; named after the
    /// app unless <paramref name="name"/> is given.
    /// </summary>
    public StatefulApp QuorumBudget(string? name = null) => Step((s, at) => AppSteps.QuorumBudget(s, At(name, at), at));

    /// <summary>Cluster DNS domain for the identities (default: the BERTH_CLUSTER_DOMAIN environment variable, else cluster.local).</summary>
    public StatefulApp ClusterDomain(string domain) => Step((s, at) => AppSteps.ClusterDomain(s, At<string?>(domain, at)));

    /// <summary>
    /// Escape hatch: edits the built Kubernetes objects for anything the DSL does not cover. Runs after the
    /// build, before validation, in the order added.
    /// </summary>
    public StatefulApp Customize(Action<AppManifests> edit) => this with { Customizations = Customizations.Add(edit) };

    /// <summary>
    /// A new container, configured, and the app's history after it: the container's history starts with the call that adds it
    /// (<paramref name="method"/>) after the app's last call, so the app's history holds the container's calls in the order they ran.
    /// </summary>
    private (ContainerSpec Container, CallAnchor Last) Configure(string name, string image, Func<ContainerSpec, ContainerSpec>? configure, string method)
    {
        var at = CallAnchor.After(LastCall, method);
        var container = new ContainerSpec(name, image, at);
        if (configure is not null)
            container = configure(container);
        return (container, Continued(container, at));
    }

    /// <summary>The container's last call when its history continues the call <paramref name="at"/> (a container made elsewhere does not), else <paramref name="at"/>.</summary>
    private static CallAnchor Continued(ContainerSpec container, CallAnchor at) =>
        container.LastCall is { } last && CallAnchor.Contains(last, at) ? last : at;

    /// <summary>
    /// Runs one step of <see cref="AppSteps"/> on a copy of the definition, with the anchor of this call (the public method
    /// that called it, and which call of that method it is): the step anchors what it sets with it, so a finding about it can
    /// be reported at the call in the source.
    /// </summary>
    private StatefulApp Step(Action<AppSpec, CallAnchor> step, [CallerMemberName] string method = "")
    {
        var at = CallAnchor.After(LastCall, nameof(StatefulApp) + "." + method);
        var spec = Spec.Clone();
        step(spec, at);
        return this with { Spec = spec, LastCall = at };
    }

    /// <summary>A known value set by the call <paramref name="at"/>.</summary>
    private static Val<T> At<T>(T value, CallAnchor at) => Val<T>.Of(value, at);

    /// <summary>Selector requirements as the rule model's selector; null for none (the identity labels then).</summary>
    private static LabelMap? SelectorOf(LabelExpr[] selector)
    {
        if (selector is null || selector.Length == 0) return null;
        var map = new LabelMap();
        foreach (var e in selector) map.Expression(e.Key, e.Operator, e.Values.ToArray());
        return map;
    }

    /// <summary>Port names as the steps take them; null for every port.</summary>
    private static ItemList<Val<string?>>? PortNames(string[]? ports, CallAnchor at) => ports is null ? null : Items<string?>(ports, at);

    /// <summary>The values of one call as the steps take a list of them, each set by the call <paramref name="at"/>.</summary>
    private static ItemList<Val<T>> Items<T>(IEnumerable<T> values, CallAnchor at)
    {
        var list = new ItemList<Val<T>>();
        foreach (var value in values) list.Add(At(value, at));
        return list;
    }

    /// <summary>Label pairs as a sorted set; a key given twice with different values is refused.</summary>
    private static LabelSet LabelsOf((string Key, string Value)[] labels, CallAnchor at)
    {
        var set = new LabelSet { Anchor = at };
        foreach (var (key, value) in labels.ToImmutableSortedDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal))
            set.Set(At(key, at), At(value, at));
        return set;
    }
}
