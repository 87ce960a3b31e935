using System;
using System.Collections.Generic;
using Berth.Rules.Model;

namespace Berth.Rules.Checks;

/// <summary>Checks of the StatefulSet object itself: name, selector, counts, strategies and policies.</summary>
internal static class StatefulSetChecks
{
    /// <summary>Runs the checks; <paramref name="target"/> is the target Kubernetes version, or null for none.</summary>
    public static void Run(Scope s, AppModel app, Version? target = null)
    {
        Name(s, app);
        Namespace(s, app);
        Selector(s, app);
        PodLevel(s, app.Pod);
        Counts(s, app);
        UpdateStrategy(s, app, target);
        Policies(s, app, target);
        GoverningServiceName(s, app);
    }

    private static void Name(Scope s, AppModel app)
    {
        if (!app.Name.IsKnown) return;
        var name = app.Name.Value;
        var anchor = app.Name.Anchor;
        if (string.IsNullOrEmpty(name))
        {
            s.Report(RuleCatalog.InvalidStatefulSetName, "metadata.name",
                "metadata.name is required (\"name or generateName is required\"); give the app a name, e.g. StatefulApp.Named(\"postgres\").", anchor);
            return;
        }
        if (!KubeNames.IsDns1123Label(name, out var reason))
        {
            s.Report(RuleCatalog.InvalidStatefulSetName, "metadata.name",
                $"the name {Q.Quote(name)} is not a valid StatefulSet name ({reason}); use lower case letters, digits and '-', e.g. {Q.Quote(Q.SuggestLabel(name!, 52))}.", anchor);
            return;
        }
        if (name!.Length > 52)
        {
            s.Report(RuleCatalog.StatefulSetNameTooLong, "metadata.name",
                $"the name {Q.Quote(name)} has {name.Length} characters; the controller labels each pod controller-revision-hash={name}-<10-character hash>, which exceeds the 63-character label limit, so the pods are never created; shorten the name to 52 characters or fewer.", anchor);
        }
    }

    /// <summary>BERTH035: the namespace every object of the app is placed in (and the Namespace object Berth may write).</summary>
    private static void Namespace(Scope s, AppModel app)
    {
        var ns = app.Namespace;
        if (!ns.IsKnown || ns.Value == null) return; // null: not set, the kubeconfig context's namespace applies
        if (ns.Value.Length == 0)
        {
            s.Report(RuleCatalog.InvalidNamespaceName, "metadata.namespace",
                "the namespace is empty (\"\" names no namespace, and a Namespace object needs a name: \"Required value\"); remove InNamespace(...) to use the namespace of the kubeconfig context, or name one, e.g. InNamespace(\"data\").",
                ns.Anchor);
            return;
        }
        if (!KubeNames.IsDns1123Label(ns.Value, out var reason))
            s.Report(RuleCatalog.InvalidNamespaceName, "metadata.namespace",
                $"the namespace {Q.Quote(ns.Value)} is not a valid namespace name ({reason}); use lower case letters, digits and '-', e.g. {Q.Quote(Q.SuggestLabel(ns.Value))}.",
                ns.Anchor);
    }

    private static void Selector(Scope s, AppModel app)
    {
        var sel = app.Selector;
        if (sel == null)
        {
            s.Report(RuleCatalog.SelectorMissing, "spec.selector",
                "spec.selector is missing (\"Required value\"); select the pods by their template labels (Berth derives the selector from the app labels unless you override it).");
            return;
        }
        if (Q.IsKnownEmpty(sel))
        {
            s.Report(RuleCatalog.SelectorMissing, "spec.selector",
                "spec.selector is empty (\"empty selector is invalid for statefulset\"); select at least one of the pod template labels, e.g. app.kubernetes.io/name.", sel.Anchor);
            return;
        }
        if (sel.Selects(app.TemplateLabels) == false)
        {
            s.Report(RuleCatalog.SelectorDoesNotMatchTemplateLabels, "spec.template.metadata.labels",
                $"spec.selector {Q.Render(sel)} does not match the pod template labels {Q.Render(app.TemplateLabels)} (\"`selector` does not match template `labels`\"); give the template every selector label, or remove the selector override so Berth derives it from the labels.",
                Q.MismatchAnchor(sel, app.TemplateLabels), app.TemplateLabels.Anchor);
        }
    }

    private static void PodLevel(Scope s, PodModel pod)
    {
        if (Q.IsKnownText(pod.RestartPolicy, out var restart) && restart != "Always") // empty: defaulted to Always
        {
            s.Report(RuleCatalog.RestartPolicyNotAlways, "spec.template.spec.restartPolicy",
                $"restartPolicy is {Q.Quote(pod.RestartPolicy.Value)}, but StatefulSet pods support only \"Always\"; remove the setting (Always is the default), or use a Job for run-to-completion work.",
                pod.RestartPolicy.Anchor, pod.Anchor);
        }
        if (pod.ActiveDeadlineSeconds.IsKnown && pod.ActiveDeadlineSeconds.Value != null)
        {
            s.Report(RuleCatalog.ActiveDeadlineSecondsSet, "spec.template.spec.activeDeadlineSeconds",
                $"activeDeadlineSeconds is set ({Q.Str(pod.ActiveDeadlineSeconds.Value.Value)}), which a StatefulSet does not support (\"activeDeadlineSeconds in StatefulSet is not Supported\"); remove it.",
                pod.ActiveDeadlineSeconds.Anchor, pod.Anchor);
        }
        if (pod.TerminationGracePeriodSeconds.IsKnown && pod.TerminationGracePeriodSeconds.Value == 0)
        {
            s.Report(RuleCatalog.ZeroTerminationGracePeriod, "spec.template.spec.terminationGracePeriodSeconds",
                "terminationGracePeriodSeconds is 0, which kills pods without a graceful stop and is unsafe for StatefulSet pods (a replacement can start while the old pod still writes); give the process time to stop, e.g. 30 seconds, or leave the default.",
                pod.TerminationGracePeriodSeconds.Anchor, pod.Anchor);
        }
    }

    private static void Counts(Scope s, AppModel app)
    {
        Negative(s, app.Replicas, "spec.replicas", "replicas");
        Negative(s, app.MinReadySeconds, "spec.minReadySeconds", "minReadySeconds");
        Negative(s, app.OrdinalsStart, "spec.ordinals.start", "ordinals.start");
        Negative(s, app.Partition, "spec.updateStrategy.rollingUpdate.partition", "partition");

        // BERTH091: a partition at or above the replica count updates nothing.
        bool rolling = app.UpdateStrategyType.IsKnown && (string.IsNullOrEmpty(app.UpdateStrategyType.Value) || app.UpdateStrategyType.Value == "RollingUpdate");
        if (rolling && app.Partition.IsKnown && app.Partition.Value is int p && p > 0
            && app.Replicas.IsKnown && app.Replicas.Value is int r && r >= 0 && p >= r)
        {
            s.Report(RuleCatalog.PartitionBlocksRollout, "spec.updateStrategy.rollingUpdate.partition",
                $"rollingUpdate.partition is {Q.Str(p)} with {Q.Str(r)} replicas, so no pod is ever updated (only ordinals >= partition are); lower the partition below {Q.Str(r)} to roll out, or keep it on purpose to stage a canary.",
                app.Partition.Anchor);
        }
    }

    private static void Negative(Scope s, Val<int?> v, string field, string label)
    {
        if (v.IsKnown && v.Value is int n && n < 0)
            s.Report(RuleCatalog.NegativeCountOrTiming, field,
                $"{label} is {Q.Str(n)} (\"must be greater than or equal to 0\"); use 0 or more.", v.Anchor);
    }

    private static void UpdateStrategy(Scope s, AppModel app, Version? target)
    {
        var type = app.UpdateStrategyType;
        if (Q.IsKnownText(type, out var typeText) && typeText != "RollingUpdate" && typeText != "OnDelete") // empty: defaulted to RollingUpdate
        {
            s.Report(RuleCatalog.InvalidUpdateStrategy, "spec.updateStrategy.type",
                $"updateStrategy.type is {Q.Quote(typeText)} (\"must be 'RollingUpdate' or 'OnDelete'\"); use RollingUpdate or OnDelete.", type.Anchor);
        }
        bool hasRolling = app.HasRollingUpdate
            || (app.Partition.IsKnown && app.Partition.Value != null)
            || (app.MaxUnavailable.IsKnown && app.MaxUnavailable.Value != null);
        if (type.IsEqualTo("OnDelete") && hasRolling)
        {
            s.Report(RuleCatalog.InvalidUpdateStrategy, "spec.updateStrategy.rollingUpdate",
                "updateStrategy is OnDelete but rollingUpdate settings (partition, maxUnavailable) are set (\"only allowed for updateStrategy 'RollingUpdate'\"); remove them or use RollingUpdate.",
                app.Partition.Anchor, app.MaxUnavailable.Anchor, type.Anchor);
        }

        var mu = app.MaxUnavailable;
        if (mu.IsKnown && mu.Value != null)
        {
            var reason = IntOrPercent.Validate(mu.Value);
            if (reason == null && IntOrPercent.IsZero(mu.Value)) reason = "cannot be 0";
            if (reason != null)
            {
                s.Report(RuleCatalog.InvalidUpdateStrategy, "spec.updateStrategy.rollingUpdate.maxUnavailable",
                    $"rollingUpdate.maxUnavailable is {Q.Quote(mu.Value)} ({reason}); use a positive number such as 1, or a percent from 1% to 100%.", mu.Anchor);
            }
            else if (target is null) // with a target version, BERTH100/BERTH101 say what that version does with the field
            {
                s.Report(RuleCatalog.MaxUnavailableMayBeIgnored, "spec.updateStrategy.rollingUpdate.maxUnavailable",
                    $"rollingUpdate.maxUnavailable is {Q.Quote(mu.Value)}, but the API server drops the field when the MaxUnavailableStatefulSet feature gate is off, and then pods update one at a time; check the gate on your clusters, or remove the setting.", mu.Anchor);
            }
        }

        // BERTH058: the default OrderedReady + RollingUpdate combination.
        var pmp = app.PodManagementPolicy;
        if (pmp.IsKnown && (string.IsNullOrEmpty(pmp.Value) || pmp.Value == "OrderedReady") && type.IsKnown && (string.IsNullOrEmpty(type.Value) || type.Value == "RollingUpdate"))
        {
            s.Report(RuleCatalog.OrderedReadyRollingUpdateCaveat, "spec.podManagementPolicy",
                "uses OrderedReady pod management with RollingUpdate; if an update produces a pod that never becomes ready, the rollout stops and stays stuck even after you revert the template, until that pod is deleted by hand; `berth rollout undo` handles this, or use Parallel if the pods do not need ordered start-up.",
                pmp.Anchor, type.Anchor);
        }
    }

    private static void Policies(Scope s, AppModel app, Version? target)
    {
        var pmp = app.PodManagementPolicy;
        if (Q.IsKnownText(pmp, out var p) && p != "OrderedReady" && p != "Parallel")
        {
            s.Report(RuleCatalog.InvalidPolicyValue, "spec.podManagementPolicy",
                $"podManagementPolicy is {Q.Quote(p)} (\"must be 'OrderedReady' or 'Parallel'\"); use OrderedReady or Parallel.", pmp.Anchor);
        }
        Retention(s, app.RetentionWhenDeleted, "whenDeleted");
        Retention(s, app.RetentionWhenScaled, "whenScaled");
        // A target version without the field drops the policy (BERTH100 says so): the controller deletes nothing.
        if (target is not null && KubernetesVersions.ClaimRetention.In(target) == FieldAvailability.Absent) return;
        DeletingRetention(s, app, app.RetentionWhenDeleted, "whenDeleted", "when the set is deleted");
        DeletingRetention(s, app, app.RetentionWhenScaled, "whenScaled", "of the removed ordinals when the set is scaled down");
    }

    // BERTH092: Delete makes the controller delete the claims (the data).
    private static void DeletingRetention(Scope s, AppModel app, Val<string?> v, string which, string when)
    {
        if (!v.IsEqualTo("Delete") || (app.ClaimTemplates.Count == 0 && app.ClaimTemplates.IsComplete)) return;
        s.Report(RuleCatalog.RetentionPolicyDeletesClaims, "spec.persistentVolumeClaimRetentionPolicy." + which,
            $"persistentVolumeClaimRetentionPolicy.{which} is Delete, so the StatefulSet controller deletes the claims {ClaimPattern(app)} {when}, and their data with them; use Retain, or keep Delete deliberately with #pragma warning disable BERTH092 or in .editorconfig.",
            v.Anchor);
    }

    /// <summary>The claims of the app's pods as a pattern: <c>data-postgres-&lt;ordinal&gt;</c> per known claim template.</summary>
    private static string ClaimPattern(AppModel app)
    {
        var appName = Q.IsKnownText(app.Name, out var n) ? n : "<app>";
        var names = new List<string>();
        foreach (var c in app.ClaimTemplates)
            names.Add((Q.IsKnownText(c.Name, out var claim) ? claim : "<claim>") + "-" + appName + "-<ordinal>");
        if (!app.ClaimTemplates.IsComplete) names.Add("<claim>-" + appName + "-<ordinal>");
        return string.Join(", ", names);
    }

    private static void Retention(Scope s, Val<string?> v, string which)
    {
        if (Q.IsKnownText(v, out var value) && value != "Retain" && value != "Delete")
        {
            s.Report(RuleCatalog.InvalidPolicyValue, "spec.persistentVolumeClaimRetentionPolicy." + which,
                $"persistentVolumeClaimRetentionPolicy.{which} is {Q.Quote(value)} (Unsupported value; supported values: \"Retain\", \"Delete\"); use Retain or Delete.", v.Anchor);
        }
    }

    private static void GoverningServiceName(Scope s, AppModel app)
    {
        if (!Q.IsKnownText(app.ServiceName, out var sn)) return;
        if (!KubeNames.IsDns1123Label(sn, out var reason))
        {
            s.Report(RuleCatalog.InvalidGoverningServiceName, "spec.serviceName",
                $"serviceName {Q.Quote(sn)} is not a DNS-1123 label ({reason}); it becomes the pods' DNS subdomain, so use lower case letters, digits and '-', e.g. {Q.Quote(Q.SuggestLabel(sn))}.",
                app.ServiceName.Anchor);
        }
        else if (!KubeNames.IsDns1035Label(sn))
        {
            s.Report(RuleCatalog.ServiceNameNotDns1035, "spec.serviceName",
                $"serviceName {Q.Quote(sn)} starts with a digit, so no Service can have that name (Service names must be DNS-1035 labels) and the pods never get DNS entries; start it with a letter, e.g. {Q.Quote("svc-" + sn)}.",
                app.ServiceName.Anchor);
        }
    }
}
