using System.Globalization;
using Berth.Rules.Model;

namespace Berth.Rules.Dsl;

/// <summary>
/// What each app-level fluent method of <c>StatefulApp</c> does, written once: one step per method, on an
/// <see cref="AppSpec"/> the caller owns (a fresh <see cref="AppSpec.Clone"/>). The runtime DSL calls a step with known
/// values; the analyzers call the same step through their table from method symbol to step, with each argument known
/// (a constant, anchored at the argument) or unknown. Enum arguments are passed as their member names, counts or
/// percentages as text ("2", "50%"). The <c>at</c> parameters are where the call is written: a source location for the analyzers, the run-time call (method and
/// occurrence) for the runtime, which anchors its arguments with it too.
/// </summary>
/// <remarks>
/// The methods whose arguments are code rather than values (<c>Container</c>, <c>InitContainer</c>, <c>WithContainer</c>,
/// <c>Customize</c>) are read by the front ends; <c>Affinity</c> hands its terms to <see cref="Affinity"/> when they can be read.
/// </remarks>
public static class AppSteps
{
    /// <summary><c>StatefulApp.Named(name)</c>: the name becomes the StatefulSet, the governing Service and the identity label.</summary>
    public static AppSpec Named(Val<string?> name, object? at)
    {
        if (name.IsKnown && name.Value is null) name = Val<string?>.Of(string.Empty, name.Anchor);
        var spec = new AppSpec { Anchor = at, Name = name, ServiceAnchor = name.Anchor };
        var identity = new LabelSet { Anchor = name.Anchor };
        identity.Set(Val<string>.Of(DslConventions.IdentityLabelKey, name.Anchor), name.IsKnown ? Val<string>.Of(name.Value!, name.Anchor) : Val<string>.Unknown(name.Anchor));
        spec.Identity = identity;
        return spec;
    }

    /// <summary><c>InNamespace(namespace, create)</c>.</summary>
    public static void InNamespace(AppSpec s, Val<string?> @namespace, Val<bool> create)
    {
        s.Namespace = @namespace;
        s.CreateNamespace = create;
    }

    /// <summary><c>Replicas(replicas)</c>.</summary>
    public static void Replicas(AppSpec s, Val<int?> replicas) => s.Replicas = replicas;

    /// <summary><c>IdentityLabels(labels)</c>: replaces the identity labels.</summary>
    public static void IdentityLabels(AppSpec s, LabelSet labels) => s.Identity = labels;

    /// <summary>
    /// <c>Label(key, value, on)</c>: without a part, on every object and the pods (not on selectors); with one (its member name:
    /// <c>StatefulSet</c>, <c>Pods</c>, <c>GoverningService</c>, <c>ClientService</c>, <c>DisruptionBudget</c>), on that object only.
    /// </summary>
    public static void Label(AppSpec s, Val<string> key, Val<string> value, Val<string?> on)
    {
        if (on.IsKnown && on.Value is null) s.Extra.Set(key, value);
        else if (!on.IsKnown) s.LabelsOnComplete = false;
        else Part(s.LabelsOn, on.Value!).Set(key, value);
    }

    /// <summary>
    /// <c>Annotation(key, value, on)</c>: on the StatefulSet by default; <c>Pods</c> is the pod template (as <c>PodAnnotation</c>);
    /// a Service or the budget gets its own annotations.
    /// </summary>
    public static void Annotation(AppSpec s, Val<string> key, Val<string> value, Val<string?> on)
    {
        if (!on.IsKnown)
        {
            s.Annotations.MarkIncomplete();
            s.PodAnnotations.MarkIncomplete();
        }
        else if (on.Value is null or DslConventions.StatefulSetPart) s.Annotations.Set(key, value);
        else if (on.Value == DslConventions.PodsPart) s.PodAnnotations.Set(key, value);
        else Part(s.AnnotationsOn, on.Value).Set(key, value);
    }

    private static LabelSet Part(System.Collections.Generic.Dictionary<string, LabelSet> parts, string part)
    {
        if (!parts.TryGetValue(part, out var set)) parts[part] = set = new LabelSet();
        return set;
    }

    /// <summary><c>PodAnnotation(key, value)</c>.</summary>
    public static void PodAnnotation(AppSpec s, Val<string> key, Val<string> value) => s.PodAnnotations.Set(key, value);

    /// <summary><c>Selector(matchLabels)</c>: the selector no longer follows the identity labels.</summary>
    public static void Selector(AppSpec s, LabelSet matchLabels)
    {
        s.SelectorOverride = matchLabels;
        s.SelectorOverrideKnown = true;
    }

    /// <summary>
    /// <c>GoverningService(name, publishNotReadyAddresses, ports)</c>: a null name keeps the app's; <paramref name="ports"/> names the
    /// container ports the Service exposes (null for all of them).
    /// </summary>
    public static void GoverningService(AppSpec s, Val<string?> name, Val<bool> publishNotReadyAddresses, ItemList<Val<string?>>? ports, object? at)
    {
        s.ServiceNameOverride = name;
        s.ServiceAnchor = name.Anchor ?? at;
        s.BringOwnService = Val<bool>.Of(false, at);
        s.PublishNotReady = publishNotReadyAddresses;
        s.GoverningPorts = ports;
    }

    /// <summary><c>PublishNotReadyAddresses()</c>.</summary>
    public static void PublishNotReadyAddresses(AppSpec s, object? at) => s.PublishNotReady = Val<bool>.Of(true, at);

    /// <summary><c>UseExistingService(name)</c>: Berth writes no governing Service.</summary>
    public static void UseExistingService(AppSpec s, Val<string?> name, object? at)
    {
        s.ServiceNameOverride = name;
        s.ServiceAnchor = name.Anchor ?? at;
        s.BringOwnService = Val<bool>.Of(true, at);
    }

    /// <summary>
    /// <c>ClientService(name, type, ports)</c>: named <c>&lt;app&gt;-client</c> when no name is given; <paramref name="ports"/> names the
    /// container ports it exposes (null for all of them).
    /// </summary>
    public static void ClientService(AppSpec s, Val<string?> name, Val<string?> type, ItemList<Val<string?>>? ports, object? at)
    {
        if (name.IsKnown && name.Value is null)
            name = s.Name.IsKnown ? Val<string?>.Of(DslConventions.ClientServiceName(s.Name.Value ?? string.Empty), at) : Val<string?>.Unknown(at);
        s.ClientService = new ClientServiceSpec
        {
            Anchor = at,
            Name = name,
            Type = type.IsKnown && type.Value is { } member ? Val<string?>.Of(DslConventions.ServiceTypeText(member), type.Anchor) : type,
            Ports = ports,
        };
        s.ClientServiceKnown = true;
    }

    /// <summary><c>PodManagement(policy)</c>.</summary>
    public static void PodManagement(AppSpec s, Val<string?> policy) => s.PodManagement = policy;

    /// <summary><c>RollingUpdate(partition, maxUnavailable)</c>.</summary>
    public static void RollingUpdate(AppSpec s, Val<int?> partition, Val<string?> maxUnavailable, object? at)
    {
        s.OnDelete = Val<bool>.Of(false, at);
        s.Partition = partition;
        s.MaxUnavailable = maxUnavailable;
        s.StrategyAnchor = at;
    }

    /// <summary><c>OnDelete()</c>.</summary>
    public static void OnDelete(AppSpec s, object? at)
    {
        s.OnDelete = Val<bool>.Of(true, at);
        s.Partition = Val<int?>.Of(null);
        s.MaxUnavailable = Val<string?>.Of(null);
        s.StrategyAnchor = at;
    }

    /// <summary><c>RevisionHistoryLimit(count)</c>.</summary>
    public static void RevisionHistoryLimit(AppSpec s, Val<int?> count) => s.RevisionHistory = count;

    /// <summary><c>MinReadySeconds(seconds)</c>.</summary>
    public static void MinReadySeconds(AppSpec s, Val<int?> seconds) => s.MinReady = seconds;

    /// <summary><c>ClaimRetention(whenDeleted, whenScaled)</c>.</summary>
    public static void ClaimRetention(AppSpec s, Val<string?> whenDeleted, Val<string?> whenScaled, object? at)
    {
        s.HasRetention = Val<bool>.Of(true, at);
        s.RetentionWhenDeleted = whenDeleted;
        s.RetentionWhenScaled = whenScaled;
    }

    /// <summary><c>StartOrdinal(start)</c>.</summary>
    public static void StartOrdinal(AppSpec s, Val<int?> start) => s.StartOrdinal = start;

    /// <summary>
    /// <c>Volume(name, source)</c>: one pod volume with one source, as <see cref="VolumeSteps"/> made it (its file modes and
    /// size limit; the Kubernetes source itself stays with the front end).
    /// </summary>
    public static void Volume(AppSpec s, Val<string?> name, VolumeModel source, object? at) =>
        s.Volumes.Add(new VolumeModel { Anchor = at, Name = name, SourceCount = Val<int>.Of(1, at), SizeLimit = source.SizeLimit, FileModes = source.FileModes });

    /// <summary><c>VolumeClaim(...)</c>: a claim template with its access modes (member names) and labels.</summary>
    public static void VolumeClaim(AppSpec s, Val<string?> name, Val<string?> size, ItemList<Val<string?>> accessModes, Val<string?> storageClass, Val<string?> volumeMode, LabelSet labels, object? at)
    {
        accessModes.Anchor = at;
        s.Claims.Add(new ClaimTemplateModel
        {
            Anchor = at,
            Name = name,
            Storage = size,
            AccessModes = accessModes,
            StorageClass = storageClass,
            VolumeMode = volumeMode,
            Labels = labels.ToMap(),
        });
    }

    /// <summary><c>ServiceAccount(name)</c>.</summary>
    public static void ServiceAccount(AppSpec s, Val<string?> name) => s.ServiceAccount = name;

    /// <summary><c>TerminationGracePeriod(seconds)</c>.</summary>
    public static void TerminationGracePeriod(AppSpec s, Val<long?> seconds) => s.TerminationGrace = seconds;

    /// <summary><c>NodeSelector(key, value)</c>.</summary>
    public static void NodeSelector(AppSpec s, Val<string> key, Val<string> value) => s.NodeSelector.Set(key, value);

    /// <summary><c>Toleration(key, value, effect, tolerationSeconds)</c>: Exists without a value, Equal with one; no effect for <c>Any</c>.</summary>
    public static void Toleration(AppSpec s, Val<string?> key, Val<string?> value, Val<string?> effect, Val<long?> tolerationSeconds, object? at) =>
        s.Tolerations.Add(new TolerationModel
        {
            Anchor = at,
            Key = key,
            Value = value,
            Operator = value.IsKnown ? Val<string?>.Of(DslConventions.TolerationOperator(hasValue: value.Value is not null), value.Anchor) : Val<string?>.Unknown(value.Anchor),
            Effect = effect.IsKnown && effect.Value is { } member ? Val<string?>.Of(DslConventions.TaintEffectText(member), effect.Anchor) : effect,
            TolerationSeconds = tolerationSeconds,
        });

    /// <summary><c>Affinity(factory)</c>: the terms of the affinity object; null when they cannot be read.</summary>
    public static void Affinity(AppSpec s, AffinityTerms? terms)
    {
        s.Affinity = terms;
        s.AffinityUnknown = terms is null;
    }

    /// <summary>
    /// <c>AntiAffinity(topologyKey, weight, selector)</c> (<paramref name="anti"/> true) or <c>PodAffinity(...)</c>: one term, required when
    /// <paramref name="weight"/> is null, else preferred with that weight; its selector is the given requirements, or the identity labels
    /// when there are none (<paramref name="selector"/> null; the derivation fills them in, so a later <c>IdentityLabels</c> counts).
    /// </summary>
    public static void AffinityTerm(AppSpec s, bool anti, Val<string?> topologyKey, Val<int?> weight, LabelMap? selector, object? at)
    {
        var required = weight.IsKnown && weight.Value is null;
        var term = new AffinityTermModel { Anchor = at, Required = required, Weight = weight, TopologyKey = topologyKey, Selector = selector };
        if (!anti) s.TypedAffinity.PodAffinity.Add(term);
        else if (required) s.TypedAffinity.AntiRequired.Add(term);
        else s.TypedAffinity.AntiPreferred.Add(term);
    }

    /// <summary>
    /// <c>NodeAffinity(key, op, values)</c>: one requirement of the required node affinity; the requirements of all the calls form one
    /// node selector term, so all must hold.
    /// </summary>
    public static void NodeAffinity(AppSpec s, Val<string?> key, Val<string?> op, ItemList<Val<string?>> values, object? at)
    {
        s.RequiredNode.Anchor ??= at;
        s.RequiredNode.Add(new NodeRequirementModel { Key = key, Operator = op, Values = values });
    }

    /// <summary><c>PreferNodeAffinity(weight, key, op, values)</c>: one preferred node affinity term with that weight and one requirement.</summary>
    public static void PreferNodeAffinity(AppSpec s, Val<int?> weight, Val<string?> key, Val<string?> op, ItemList<Val<string?>> values, object? at)
    {
        var term = new NodeSelectorTermModel { Anchor = at, Required = false, Weight = weight };
        term.Expressions.Add(new NodeRequirementModel { Key = key, Operator = op, Values = values });
        s.PreferredNode.Add(term);
    }

    /// <summary><c>SpreadAcrossNodes(required)</c>.</summary>
    public static void SpreadAcrossNodes(AppSpec s, Val<bool> required, object? at)
    {
        s.NodeSpread = required;
        s.NodeSpreadAnchor = at;
        s.NodeSpreadKnown = true;
    }

    /// <summary><c>SpreadAcrossZones(required)</c>.</summary>
    public static void SpreadAcrossZones(AppSpec s, Val<bool> required, object? at)
    {
        s.ZoneSpread = required;
        s.ZoneSpreadAnchor = at;
        s.ZoneSpreadKnown = true;
    }

    /// <summary><c>PriorityClass(name)</c>.</summary>
    public static void PriorityClass(AppSpec s, Val<string?> name) => s.PriorityClass = name;

    /// <summary><c>PodSecurity(factory)</c>: the factory's object replaces the pod security context, typed settings included.</summary>
    public static void PodSecurity(AppSpec s)
    {
        s.PodSecurity = null;
        s.RunAsNonRoot = Val<bool?>.Of(null);
    }

    /// <summary><c>RunAsUser(user, group)</c>: the pod's <c>runAsUser</c>, and <c>runAsGroup</c> when a group is given.</summary>
    public static void RunAsUser(AppSpec s, Val<long?> user, Val<long?> group, object? at)
    {
        var context = PodSecurityOf(s, at);
        context.RunAsUser = user;
        if (!(group.IsKnown && group.Value is null)) context.RunAsGroup = group;
    }

    /// <summary><c>RunAsNonRoot()</c>.</summary>
    public static void RunAsNonRoot(AppSpec s, object? at) => s.RunAsNonRoot = Val<bool?>.Of(true, at);

    /// <summary><c>FsGroup(group)</c>: the group that owns mounted volumes.</summary>
    public static void FsGroup(AppSpec s, Val<long?> group, object? at) => PodSecurityOf(s, at).FsGroup = group;

    /// <summary><c>FsGroupChangePolicy(policy)</c>, the policy as its member name (which is its Kubernetes text).</summary>
    public static void FsGroupChangePolicy(AppSpec s, Val<string?> policy, object? at) => PodSecurityOf(s, at).FsGroupChangePolicy = policy;

    /// <summary><c>SupplementalGroups(groups)</c>: replaces the supplemental groups.</summary>
    public static void SupplementalGroups(AppSpec s, ItemList<Val<long?>> groups, object? at)
    {
        groups.Anchor = at;
        PodSecurityOf(s, at).SupplementalGroups = groups;
    }

    /// <summary><c>SeccompProfile(type, localhostProfile)</c>, the type as its member name (which is its Kubernetes text).</summary>
    public static void SeccompProfile(AppSpec s, Val<string?> type, Val<string?> localhostProfile, object? at)
    {
        var context = PodSecurityOf(s, at);
        context.HasSeccompProfile = true;
        context.SeccompType = type;
        context.SeccompLocalhostProfile = localhostProfile;
    }

    private static SecurityContextModel PodSecurityOf(AppSpec s, object? at) => s.PodSecurity ??= new SecurityContextModel { Anchor = at };

    /// <summary><c>ImagePullSecret(secret)</c>.</summary>
    public static void ImagePullSecret(AppSpec s, Val<string?> secret) => s.PullSecrets.Add(secret);

    /// <summary><c>ConfigMap(name, data)</c>; <paramref name="data"/> is null when unknown.</summary>
    public static void ConfigMap(AppSpec s, Val<string?> name, System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, string>>? data, object? at) =>
        s.ConfigMaps.Add(new ConfigMapSpec { Anchor = at, Name = name, Data = data });

    /// <summary><c>DisruptionBudget(maxUnavailable, minAvailable, name)</c>: named after the app when no name is given.</summary>
    public static void DisruptionBudget(AppSpec s, Val<string?> maxUnavailable, Val<string?> minAvailable, Val<string?> name, object? at)
    {
        s.Budget = new BudgetSpec { Anchor = at, MaxUnavailable = maxUnavailable, MinAvailable = minAvailable, Name = name };
        s.BudgetKnown = true;
    }

    /// <summary><c>QuorumBudget(name)</c>: minAvailable is a majority of the final replica count.</summary>
    public static void QuorumBudget(AppSpec s, Val<string?> name, object? at)
    {
        s.Budget = new BudgetSpec { Anchor = at, Quorum = true, Name = name };
        s.BudgetKnown = true;
    }

    /// <summary><c>ClusterDomain(domain)</c>.</summary>
    public static void ClusterDomain(AppSpec s, Val<string?> domain) => s.ClusterDomain = domain;

    /// <summary><c>With(yaml)</c>: one more object, carried verbatim; its kind is read from the text (see <see cref="Carry"/>).</summary>
    public static void With(AppSpec s, Val<string?> yaml) => Carry(s, DslConventions.KindOf(yaml));

    /// <summary>
    /// <c>With(obj)</c>: one more object of the given kind (null when it cannot be told). Only a Service or a budget changes what the
    /// cross-object rules see: when the kind is one of those or not known, the app's Services and budgets are no longer complete.
    /// </summary>
    public static void Carry(AppSpec s, string? kind)
    {
        if (kind is null or "Service" or "PodDisruptionBudget") s.ExtraObjectsUnknown = true;
    }

    /// <summary>The text of a count or a percentage: "2", "50%".</summary>
    public static string IntOrPercentText(int value, bool percent) => value.ToString(CultureInfo.InvariantCulture) + (percent ? "%" : string.Empty);
}
