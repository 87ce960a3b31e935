using System;
using System.Collections.Generic;
using Berth.Rules.Dsl;
using Berth.Rules.Model;

namespace Berth;

/// <summary>
/// Gives the values of a model mapped from built objects (<see cref="ModelMapper"/>) the anchors the definition's steps set
/// them with (<see cref="CallAnchor"/>: the DSL call that set each one), so that a rule finding, which carries the anchor of
/// the value it is about, can be reported at that call. A value the steps did not set (a default, a Customize edit) keeps no
/// anchor, and is reported at the [Manifests] member.
/// </summary>
internal static partial class ModelAnchors
{
    public static void Stamp(AppSpec spec, AppModel app, ServiceModel? governing, ServiceModel? client, BudgetModel? budget)
    {
        app.Name = Re(app.Name, spec.Name.Anchor);
        app.Namespace = Re(app.Namespace, spec.Namespace.Anchor);
        app.Replicas = Re(app.Replicas, spec.Replicas.Anchor);
        app.ServiceName = Re(app.ServiceName, spec.ServiceNameOverride.Anchor ?? spec.ServiceAnchor);
        app.PodManagementPolicy = Re(app.PodManagementPolicy, spec.PodManagement.Anchor);
        app.UpdateStrategyType = Re(app.UpdateStrategyType, spec.StrategyAnchor);
        app.Partition = Re(app.Partition, spec.Partition.Anchor);
        app.MaxUnavailable = Re(app.MaxUnavailable, spec.MaxUnavailable.Anchor);
        app.RevisionHistoryLimit = Re(app.RevisionHistoryLimit, spec.RevisionHistory.Anchor);
        app.MinReadySeconds = Re(app.MinReadySeconds, spec.MinReady.Anchor);
        app.OrdinalsStart = Re(app.OrdinalsStart, spec.StartOrdinal.Anchor);
        app.RetentionWhenDeleted = Re(app.RetentionWhenDeleted, spec.RetentionWhenDeleted.Anchor);
        app.RetentionWhenScaled = Re(app.RetentionWhenScaled, spec.RetentionWhenScaled.Anchor);
        Labels(app.Labels, spec.Extra, spec.Identity);
        Labels(app.TemplateLabels, spec.Extra, spec.Identity);
        Labels(app.Annotations, spec.Annotations);
        if (app.Selector is { } selector)
            Labels(selector, spec.SelectorOverride ?? spec.Identity);

        var pod = app.Pod;
        pod.ServiceAccountName = Re(pod.ServiceAccountName, spec.ServiceAccount.Anchor);
        pod.TerminationGracePeriodSeconds = Re(pod.TerminationGracePeriodSeconds, spec.TerminationGrace.Anchor);
        Labels(pod.Annotations, spec.PodAnnotations);
        Labels(pod.NodeSelector, spec.NodeSelector);
        if (pod.Tolerations.Count == spec.Tolerations.Count)
        {
            for (var i = 0; i < pod.Tolerations.Count; i++)
            {
                var (built, set) = (pod.Tolerations[i], spec.Tolerations[i]);
                built.Anchor ??= set.Anchor;
                built.Key = Re(built.Key, set.Key.Anchor);
                built.Operator = Re(built.Operator, set.Operator.Anchor);
                built.Value = Re(built.Value, set.Value.Anchor);
                built.Effect = Re(built.Effect, set.Effect.Anchor);
                built.TolerationSeconds = Re(built.TolerationSeconds, set.TolerationSeconds.Anchor);
            }
        }

        // The typed node affinity: the NodeAffinity requirements are the last ones of each required term, the PreferNodeAffinity
        // terms the last preferred ones.
        foreach (var term in pod.NodeAffinity.FindAll(t => t.Required))
            Requirements(term, spec.RequiredNode, spec.RequiredNode.Anchor);
        var preferred = pod.NodeAffinity.FindAll(t => !t.Required);
        for (int i = 0, offset = preferred.Count - spec.PreferredNode.Count; i < spec.PreferredNode.Count && offset >= 0; i++)
        {
            var (built, set) = (preferred[offset + i], spec.PreferredNode[i]);
            built.Weight = Re(built.Weight, set.Weight.Anchor);
            Requirements(built, set.Expressions, set.Anchor);
        }

        foreach (var volume in pod.Volumes)
        {
            if (Find(spec.Volumes, v => v.Name, volume.Name) is { } set)
            {
                volume.Anchor ??= set.Anchor;
                volume.Name = Re(volume.Name, set.Name.Anchor);
            }
        }

        foreach (var claim in app.ClaimTemplates)
        {
            if (Find(spec.Claims, c => c.Name, claim.Name) is not { } set)
                continue;
            claim.Anchor ??= set.Anchor;
            claim.Name = Re(claim.Name, set.Name.Anchor);
            claim.Storage = Re(claim.Storage, set.Storage.Anchor);
            claim.StorageClass = Re(claim.StorageClass, set.StorageClass.Anchor);
            claim.VolumeMode = Re(claim.VolumeMode, set.VolumeMode.Anchor);
            claim.AccessModes.Anchor ??= set.AccessModes.Anchor;
            for (var i = 0; i < claim.AccessModes.Count && i < set.AccessModes.Count; i++)
                claim.AccessModes[i] = Re(claim.AccessModes[i], set.AccessModes[i].Anchor);
        }

        if (governing is not null)
            governing.Anchor ??= spec.ServiceAnchor;
        if (client is not null)
            client.Anchor ??= spec.ClientService?.Anchor;
        if (budget is not null && spec.Budget is { } declared)
        {
            budget.Anchor ??= declared.Anchor;
            budget.MaxUnavailable = Re(budget.MaxUnavailable, declared.MaxUnavailable.Anchor ?? declared.Anchor);
            budget.MinAvailable = Re(budget.MinAvailable, declared.MinAvailable.Anchor ?? declared.Anchor);
        }
    }

    /// <summary>The anchors of <paramref name="set"/> on the last requirements of <paramref name="built"/>, and the term's anchor.</summary>
    private static void Requirements(NodeSelectorTermModel built, List<NodeRequirementModel> set, object? anchor)
    {
        var offset = built.Expressions.Count - set.Count;
        if (offset < 0) return;
        built.Anchor ??= anchor;
        for (var i = 0; i < set.Count; i++)
        {
            var r = built.Expressions[offset + i];
            r.Key = Re(r.Key, set[i].Key.Anchor);
            r.Operator = Re(r.Operator, set[i].Operator.Anchor);
        }
    }

    /// <summary><paramref name="value"/> anchored at <paramref name="anchor"/>, unless it has an anchor already or there is none.</summary>
    private static Val<T> Re<T>(Val<T> value, object? anchor) =>
        anchor is null || value.Anchor is not null ? value : value.IsKnown ? Val<T>.Of(value.Value, anchor) : Val<T>.Unknown(anchor);

    /// <summary>Each entry of <paramref name="map"/> anchored where the first of <paramref name="sources"/> that has its key set it.</summary>
    private static void Labels(LabelMap map, params LabelSet?[] sources)
    {
        foreach (var source in sources)
        {
            if (source?.Anchor is { } anchor)
            {
                map.Anchor ??= anchor;
                break;
            }
        }

        foreach (var entry in map.Entries)
        {
            if (!entry.Key.IsKnown)
                continue;
            foreach (var source in sources)
            {
                if (source is null || FindEntry(source, entry.Key.Value) is not { } set)
                    continue;
                entry.Key = Re(entry.Key, set.Key.Anchor);
                entry.Value = Re(entry.Value, set.Value.Anchor);
                break;
            }
        }
    }

    private static (Val<string> Key, Val<string> Value)? FindEntry(LabelSet set, string key)
    {
        foreach (var entry in set.Entries)
        {
            if (entry.Key.IsKnown && string.Equals(entry.Key.Value, key, StringComparison.Ordinal))
                return entry;
        }

        return null;
    }

    /// <summary>The last item of <paramref name="items"/> named <paramref name="name"/> (a later call of one name wins), or null.</summary>
    private static T? Find<T>(IReadOnlyList<T> items, Func<T, Val<string?>> nameOf, Val<string?> name)
        where T : class
    {
        if (!name.IsKnown)
            return null;
        for (var i = items.Count - 1; i >= 0; i--)
        {
            if (nameOf(items[i]) is { IsKnown: true } n && string.Equals(n.Value, name.Value, StringComparison.Ordinal))
                return items[i];
        }

        return null;
    }
}
