using System;
using System.Linq;
using Berth.Rules.Model;

namespace Berth.Rules.Checks;

/// <summary>
/// BERTH100–BERTH102: the fields of an app (and of its budget) against the target Kubernetes version, from the table in
/// <see cref="KubernetesVersions"/>. Quiet when no version is targeted.
/// </summary>
internal static class VersionChecks
{
    /// <summary>The target version of a set: null when none is given or it is not understood (then BERTH102 speaks).</summary>
    public static Version? Target(ManifestSetModel set) =>
        set.KubernetesVersion is { } text && KubernetesVersions.TryParse(text, out var version) ? version : null;

    public static void Run(Scope s, AppModel app, ManifestSetModel set)
    {
        if (set.KubernetesVersion is null) return;
        if (!KubernetesVersions.TryParse(set.KubernetesVersion, out var target))
        {
            s.Report(RuleCatalog.InvalidTargetVersion, "BerthKubernetesVersion",
                $"the target Kubernetes version {Q.Quote(set.KubernetesVersion)} " + (KubernetesVersions.TryRead(set.KubernetesVersion, out _)
                    ? $"is older than {KubernetesVersions.Text(KubernetesVersions.Oldest)}, the oldest Berth supports"
                    : "is not a version such as 1.29") + "; set BerthKubernetesVersion (or --kubernetes-version) to the oldest version of the clusters you deploy to, or remove it to check no version.",
                app.Name.Anchor, app.Anchor);
            return;
        }

        Field(s, KubernetesVersions.StartOrdinal, target, app.OrdinalsStart.IsKnown && app.OrdinalsStart.Value != null, app.OrdinalsStart.Anchor);
        Field(s, KubernetesVersions.ClaimRetention, target, app.HasRetentionPolicy, app.RetentionWhenDeleted.Anchor, app.RetentionWhenScaled.Anchor);
        Field(s, KubernetesVersions.MaxUnavailable, target, app.MaxUnavailable.IsKnown && app.MaxUnavailable.Value != null, app.MaxUnavailable.Anchor);
        Field(s, KubernetesVersions.MinReadySeconds, target, app.MinReadySeconds.IsKnown && app.MinReadySeconds.Value != null, app.MinReadySeconds.Anchor);

        foreach (var container in app.Pod.InitContainers)
        {
            if (container.RestartPolicy.IsEqualTo(DslConventions.SidecarRestartPolicy))
                Field(s, KubernetesVersions.Sidecar, target, true, container.RestartPolicy.Anchor, container.Anchor);
        }

        foreach (var container in app.Pod.Containers.Concat(app.Pod.InitContainers))
        {
            foreach (var probe in container.Probes)
            {
                Field(s, KubernetesVersions.GrpcProbe, target, probe.Handler.IsEqualTo("grpc"), probe.Handler.Anchor, probe.Anchor);
                Field(s, KubernetesVersions.ProbeTerminationGracePeriod, target, probe.TerminationGracePeriodSeconds.IsKnown && probe.TerminationGracePeriodSeconds.Value != null,
                    probe.TerminationGracePeriodSeconds.Anchor, probe.Anchor);
            }
        }

        foreach (var claim in app.ClaimTemplates)
        {
            foreach (var mode in claim.AccessModes)
            {
                if (mode.IsEqualTo("ReadWriteOncePod"))
                    Field(s, KubernetesVersions.ReadWriteOncePod, target, true, mode.Anchor, claim.Anchor);
            }
        }
    }

    public static void RunBudget(Scope s, BudgetModel budget, ManifestSetModel set)
    {
        if (Target(set) is not { } target) return;
        var policy = budget.UnhealthyPodEvictionPolicy;
        Field(s, KubernetesVersions.UnhealthyPodEvictionPolicy, target, policy.IsKnown && policy.Value != null, policy.Anchor);
    }

    private static void Field(Scope s, VersionedField field, Version target, bool used, params object?[] anchors)
    {
        if (!used || !s.Seen.Add("version:" + field.Path)) return;
        var version = KubernetesVersions.Text(target);
        var since = KubernetesVersions.Text(field.Since);
        var on = KubernetesVersions.Text(field.OnByDefault);
        switch (field.In(target))
        {
            case FieldAvailability.Absent:
                var effect = field == KubernetesVersions.ReadWriteOncePod
                    ? "its API server refuses the claim template (Unsupported value \"ReadWriteOncePod\")"
                    : "its API server drops the field silently";
                s.Report(RuleCatalog.FieldNotInTargetVersion, field.Path,
                    $"{field.Path} ({field.DslCall}) needs Kubernetes {since} or later (on by default from {on}), but the target version is {version}: {effect}; remove it, or raise BerthKubernetesVersion if every cluster you deploy to is newer.",
                    anchors);
                break;
            case FieldAvailability.OffByDefault:
                s.Report(RuleCatalog.FieldOffByDefaultInTargetVersion, field.Path,
                    $"{field.Path} ({field.DslCall}) is off by default in Kubernetes {version}, the target version (feature gate {field.FeatureGate}; on by default from {on}): the API server drops it silently unless the gate is enabled; enable {field.FeatureGate} on your clusters and keep it with #pragma warning disable BERTH101, remove it, or target {on} or later.",
                    anchors);
                break;
        }
    }
}
