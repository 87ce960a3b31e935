using System;
using System.Collections.Generic;
using System.Linq;
using Berth.Rules.Model;
using Microsoft.CodeAnalysis;

namespace Berth.Analyzers;

/// <summary>
/// What an edit of the built objects (<c>Customize</c>) does to the rule model: each member path of
/// <c>AppManifests</c> that the model reads (the fields the runtime's ModelMapper maps) with the part of the model
/// that becomes unknown when the path, something above it or (for a value) something inside it is edited.
/// Everything the edit does not touch keeps its value, and its diagnostics, at the argument that set it.
/// </summary>
internal static class CustomizeEffects
{
    private const string Sts = "StatefulSet.";
    private const string Pod = "StatefulSet.Spec.Template.Spec.";

    /// <summary>(path, whether an edit below the path changes it, what becomes unknown).</summary>
    private static readonly (string Path, bool Deep, Action<AppResult, EditedPath, Location> Forget)[] Table = BuildTable();

    /// <summary>Applies one edit to <paramref name="result"/>.</summary>
    public static void Apply(AppResult result, CustomizeEdit edit)
    {
        foreach (var path in edit.Paths)
        {
            if (path.Path.Length == 0)
            {
                result.Opaque = true;
                continue;
            }

            foreach (var (known, deep, forget) in Table)
            {
                // An edit that only adds items changes the list at its path, not the items already in it.
                var hit = path.AddOnly ? string.Equals(path.Path, known, StringComparison.Ordinal) : Above(path.Path, known) || (deep && Above(known, path.Path));
                if (hit) forget(result, path, edit.Anchor);
            }
        }
    }

    /// <summary>The paths the model reads, for tests and docs.</summary>
    public static IEnumerable<string> Paths => Table.Select(t => t.Path);

    /// <summary>True when <paramref name="outer"/> is <paramref name="inner"/> or one of its ancestors.</summary>
    private static bool Above(string outer, string inner) =>
        inner.Length == outer.Length ? string.Equals(inner, outer, StringComparison.Ordinal)
        : inner.StartsWith(outer, StringComparison.Ordinal) && (inner[outer.Length] == '.' || inner[outer.Length] == '[');

    private static (string, bool, Action<AppResult, EditedPath, Location>)[] BuildTable()
    {
        var table = new List<(string, bool, Action<AppResult, EditedPath, Location>)>
        {
            (Sts + "Metadata.Name", true, (r, _, a) => r.App.Name = Val<string?>.Unknown(a)),
            (Sts + "Metadata.NamespaceProperty", true, (r, _, a) => r.App.Namespace = Val<string?>.Unknown(a)),
            (Sts + "Metadata.Labels", true, (r, _, a) => r.App.Labels = UnknownLabels(a)),
            (Sts + "Spec.Selector", true, (r, _, a) => r.App.Selector = UnknownLabels(a)),
            (Sts + "Spec.Template.Metadata.Labels", true, (r, _, a) => r.App.TemplateLabels = UnknownLabels(a)),
            (Sts + "Metadata.Annotations", true, (r, _, a) => r.App.Annotations = UnknownLabels(a)),
            (Sts + "Spec.Template.Metadata.Annotations", true, (r, _, a) => r.App.Pod.Annotations = UnknownLabels(a)),
            (Sts + "Spec.Replicas", true, (r, _, a) => r.App.Replicas = Val<int?>.Unknown(a)),
            (Sts + "Spec.ServiceName", true, (r, _, a) => r.App.ServiceName = Val<string?>.Unknown(a)),
            (Sts + "Spec.PodManagementPolicy", true, (r, _, a) => r.App.PodManagementPolicy = Val<string?>.Unknown(a)),
            (Sts + "Spec.UpdateStrategy", true, (r, _, a) =>
            {
                r.App.UpdateStrategyType = Val<string?>.Unknown(a);
                r.App.HasRollingUpdate = false;
                r.App.Partition = Val<int?>.Unknown(a);
                r.App.MaxUnavailable = Val<string?>.Unknown(a);
            }),
            (Sts + "Spec.RevisionHistoryLimit", true, (r, _, a) => r.App.RevisionHistoryLimit = Val<int?>.Unknown(a)),
            (Sts + "Spec.MinReadySeconds", true, (r, _, a) => r.App.MinReadySeconds = Val<int?>.Unknown(a)),
            (Sts + "Spec.Ordinals", true, (r, _, a) => r.App.OrdinalsStart = Val<int?>.Unknown(a)),
            (Sts + "Spec.PersistentVolumeClaimRetentionPolicy", true, (r, _, a) =>
            {
                r.App.RetentionWhenDeleted = Val<string?>.Unknown(a);
                r.App.RetentionWhenScaled = Val<string?>.Unknown(a);
            }),
            (Sts + "Spec.VolumeClaimTemplates", true, (r, p, a) => Forget(r.App.ClaimTemplates, p, a)),
            (Pod + "RestartPolicy", true, (r, _, a) => r.App.Pod.RestartPolicy = Val<string?>.Unknown(a)),
            (Pod + "ActiveDeadlineSeconds", true, (r, _, a) => r.App.Pod.ActiveDeadlineSeconds = Val<long?>.Unknown(a)),
            (Pod + "TerminationGracePeriodSeconds", true, (r, _, a) => r.App.Pod.TerminationGracePeriodSeconds = Val<long?>.Unknown(a)),
            (Pod + "ServiceAccountName", true, (r, _, a) => r.App.Pod.ServiceAccountName = Val<string?>.Unknown(a)),
            (Pod + "HostNetwork", true, (r, _, a) => r.App.Pod.HostNetwork = Val<bool>.Unknown(a)),
            (Pod + "Volumes", true, (r, p, a) => Forget(r.App.Pod.Volumes, p, a)),
            (Pod + "Affinity.PodAntiAffinity", true, (r, p, a) => Forget(r.App.Pod.AntiAffinity, p, a)),
            (Pod + "Affinity.PodAffinity", true, (r, p, a) => Forget(r.App.Pod.PodAffinity, p, a)),
            (Pod + "TopologySpreadConstraints", true, (r, p, a) => Forget(r.App.Pod.TopologySpread, p, a)),
            (Pod + "Tolerations", true, (r, p, a) => Forget(r.App.Pod.Tolerations, p, a)),
        };

        // The containers and init containers: the list itself, and each field of every element (an index is not followed).
        foreach (var (list, select) in new (string, Func<AppResult, ItemList<ContainerModel>>)[]
        {
            ("Containers", r => r.App.Pod.Containers),
            ("InitContainers", r => r.App.Pod.InitContainers),
        })
        {
            table.Add((Pod + list, false, (r, p, a) => Forget(select(r), p, a)));
            var element = Pod + list + "[].";
            void Each(string member, Action<ContainerModel, EditedPath, Location> forget) =>
                table.Add((element + member, true, (r, p, a) => { foreach (var c in select(r)) forget(c, p, a); }));
            Each("Name", (c, _, a) => c.Name = Val<string?>.Unknown(a));
            Each("Image", (c, _, a) => c.Image = Val<string?>.Unknown(a));
            Each("ImagePullPolicy", (c, _, a) => c.ImagePullPolicy = Val<string?>.Unknown(a));
            Each("RestartPolicy", (c, _, a) => c.RestartPolicy = Val<string?>.Unknown(a));
            Each("Lifecycle", (c, _, _) => c.HasLifecycle = false);
            Each("Ports", (c, p, a) => Forget(c.Ports, p, a));
            Each("Env", (c, p, a) => Forget(c.Env, p, a));
            Each("EnvFrom", (c, p, a) => Forget(c.EnvFrom, p, a));
            Each("VolumeMounts", (c, p, a) => Forget(c.Mounts, p, a));
            Each("Resources.Requests", (c, p, a) => Forget(c.Requests, p, a));
            Each("Resources.Limits", (c, p, a) => Forget(c.Limits, p, a));
            Each("SecurityContext", (c, _, a) => c.Security = Berth.Rules.Dsl.ContainerSteps.UnknownSecurityContext(a));
            foreach (var (probe, kind) in new[] { ("ReadinessProbe", ProbeKind.Readiness), ("LivenessProbe", ProbeKind.Liveness), ("StartupProbe", ProbeKind.Startup) })
            {
                Each(probe, (c, _, a) =>
                {
                    c.Probes.RemoveAll(x => x.Kind == kind);
                    c.Probes.IsComplete = false;
                });
            }
        }

        // The Services and the budget: replaced as a whole, or one field of them.
        foreach (var (property, generated) in new[] { ("GoverningService", true), ("ClientService", false) })
        {
            IEnumerable<ServiceModel> Of(AppResult r) => r.Services.Where(s => s.IsGeneratedGoverning == generated);
            table.Add((property, false, (r, _, _) =>
            {
                r.Services.RemoveAll(s => s.IsGeneratedGoverning == generated);
                r.ServicesKnown = false;
            }));
            void Field(string member, Action<ServiceModel, EditedPath, Location> forget) =>
                table.Add((property + "." + member, true, (r, p, a) => { foreach (var s in Of(r)) forget(s, p, a); }));
            Field("Metadata.Name", (s, _, a) => s.Name = Val<string?>.Unknown(a));
            Field("Metadata.NamespaceProperty", (s, _, a) => s.Namespace = Val<string?>.Unknown(a));
            Field("Spec.Type", (s, _, a) => s.Type = Val<string?>.Unknown(a));
            Field("Spec.ClusterIP", (s, _, a) => s.ClusterIP = Val<string?>.Unknown(a));
            Field("Spec.Selector", (s, _, a) => s.Selector = UnknownLabels(a));
            Field("Spec.Ports", (s, p, a) => Forget(s.Ports, p, a));
        }

        table.Add(("DisruptionBudget", false, (r, _, _) =>
        {
            r.Budgets.Clear();
            r.BudgetsKnown = false;
        }));
        void Budget(string member, Action<BudgetModel, Location> forget) =>
            table.Add(("DisruptionBudget." + member, true, (r, _, a) => { foreach (var b in r.Budgets) forget(b, a); }));
        Budget("Metadata.Name", (b, a) => b.Name = Val<string?>.Unknown(a));
        Budget("Metadata.NamespaceProperty", (b, a) => b.Namespace = Val<string?>.Unknown(a));
        Budget("Spec.Selector", (b, a) => b.Selector = UnknownLabels(a));
        Budget("Spec.MaxUnavailable", (b, a) => b.MaxUnavailable = Val<string?>.Unknown(a));
        Budget("Spec.MinAvailable", (b, a) => b.MinAvailable = Val<string?>.Unknown(a));
        Budget("Spec.UnhealthyPodEvictionPolicy", (b, a) => b.UnhealthyPodEvictionPolicy = Val<string?>.Unknown(a));
        return table.ToArray();
    }

    /// <summary>A list the edit changes: items may be added (the known ones stay), or anything may change (none stays).</summary>
    private static void Forget<T>(ItemList<T> list, EditedPath path, Location anchor)
    {
        if (!path.AddOnly || path.HandedOut) list.Clear();
        list.IsComplete = false;
        list.Anchor ??= anchor;
    }

    private static LabelMap UnknownLabels(Location anchor)
    {
        var map = new LabelMap { Anchor = anchor };
        map.Entries.IsComplete = false;
        map.Entries.Anchor = anchor;
        return map;
    }
}
