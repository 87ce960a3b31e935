using Berth.Rules.Model;

namespace Berth.Rules.Checks;

/// <summary>Checks of PodDisruptionBudgets, alone and against the apps they select.</summary>
internal static class BudgetChecks
{
    public static void Run(Scope s, BudgetModel b, ManifestSetModel set)
    {
        if (b.Name.IsKnown)
        {
            if (string.IsNullOrEmpty(b.Name.Value))
                s.Report(RuleCatalog.InvalidDisruptionBudget, "metadata.name",
                    "metadata.name is required (\"name or generateName is required\"); name the budget, e.g. after its app.", b.Name.Anchor, b.Anchor);
            else if (!KubeNames.IsDns1123Subdomain(b.Name.Value, out var reason))
                s.Report(RuleCatalog.InvalidDisruptionBudget, "metadata.name",
                    $"the name {Q.Quote(b.Name.Value)} is not a valid object name ({reason}); use lower case letters, digits, '-' and '.'.", b.Name.Anchor, b.Anchor);
        }

        var min = b.MinAvailable;
        var max = b.MaxUnavailable;
        bool hasMin = min.IsKnown && min.Value != null, hasMax = max.IsKnown && max.Value != null;
        if (hasMin && hasMax)
            s.Report(RuleCatalog.InvalidDisruptionBudget, "spec",
                "sets both minAvailable and maxUnavailable (\"minAvailable and maxUnavailable cannot be both set\"); keep one, usually maxUnavailable: 1.", max.Anchor, min.Anchor, b.Anchor);
        bool minValid = hasMin && Value(s, b, min, "spec.minAvailable", "minAvailable");
        bool maxValid = hasMax && Value(s, b, max, "spec.maxUnavailable", "maxUnavailable");

        // An optional pointer field: the server checks any value written, the empty string included.
        if (b.UnhealthyPodEvictionPolicy.IsKnown && b.UnhealthyPodEvictionPolicy.Value is { } upep && upep != "IfHealthyBudget" && upep != "AlwaysAllow")
            s.Report(RuleCatalog.InvalidDisruptionBudget, "spec.unhealthyPodEvictionPolicy",
                $"unhealthyPodEvictionPolicy is {Q.Quote(upep)} (Unsupported value; supported values: \"AlwaysAllow\", \"IfHealthyBudget\"); use AlwaysAllow or IfHealthyBudget.",
                b.UnhealthyPodEvictionPolicy.Anchor, b.Anchor);
        else if (b.UnhealthyPodEvictionPolicy.IsKnown && b.UnhealthyPodEvictionPolicy.Value == null
                 // a target version without the field cannot take the advice
                 && !(VersionChecks.Target(set) is { } target && KubernetesVersions.UnhealthyPodEvictionPolicy.In(target) == FieldAvailability.Absent))
            s.Report(RuleCatalog.BudgetUnhealthyPodEvictionPolicyUnset, "spec.unhealthyPodEvictionPolicy",
                "does not set unhealthyPodEvictionPolicy, so pods that never become ready still count against the budget and can block node drains; set AlwaysAllow (Kubernetes 1.27+) unless you need the old behaviour.",
                b.UnhealthyPodEvictionPolicy.Anchor, b.Anchor);

        // BERTH053: no voluntary eviction is ever allowed.
        if (maxValid && IntOrPercent.IsZero(max.Value))
            s.Report(RuleCatalog.BudgetBlocksEvictions, "spec.maxUnavailable",
                $"maxUnavailable is {Q.Quote(max.Value)}, so no pod may ever be evicted and node drains and cluster upgrades hang; allow at least 1.", max.Anchor, b.Anchor);
        if (minValid && IntOrPercent.TryParse(min.Value, out int mv, out bool pct, out _) && pct && mv >= 100)
            s.Report(RuleCatalog.BudgetBlocksEvictions, "spec.minAvailable",
                $"minAvailable is {Q.Quote(min.Value)}, so no pod may ever be evicted and node drains and cluster upgrades hang; use maxUnavailable: 1 instead.", min.Anchor, b.Anchor);

        var selected = Selected(b, s.Index(set), out bool certain);
        if (minValid && certain && selected != null && IntOrPercent.TryParse(min.Value, out int n, out bool isPct, out _) && !isPct)
        {
            int total = 0;
            bool known = selected.Count > 0;
            foreach (var app in selected)
                if (app.Replicas.IsKnown && app.Replicas.Value is int r) total += r;
                else known = false;
            if (known && n >= total && total > 0)
                s.Report(RuleCatalog.BudgetBlocksEvictions, "spec.minAvailable",
                    $"minAvailable is {Q.Str(n)} but the pods it selects have {Q.Str(total)} replicas in total, so no pod may ever be evicted; lower minAvailable below {Q.Str(total)} or use maxUnavailable: 1.", min.Anchor, b.Anchor);
        }

        SelectsNoPods(s, b, selected, certain);

        LabelChecks.Run(s, b.Selector, "spec.selector.matchLabels", RuleCatalog.InvalidDisruptionBudget);
    }

    /// <summary>BERTH054: the budget protects nothing (the only cross-object rule of a budget).</summary>
    public static void SelectsNoPods(Scope s, BudgetModel b, ManifestSetModel set)
    {
        var selected = Selected(b, s.Index(set), out bool certain);
        SelectsNoPods(s, b, selected, certain);
    }

    private static void SelectsNoPods(Scope s, BudgetModel b, System.Collections.Generic.List<AppModel>? selected, bool certain)
    {
        if (b.Selector == null)
            s.Report(RuleCatalog.BudgetSelectsNoPods, "spec.selector",
                "has no selector, so it selects no pods and protects nothing; select the app's pod labels (.DisruptionBudget(...) on the app does this for you).", b.Anchor);
        else if (certain && selected != null && selected.Count == 0 && !Q.IsKnownEmpty(b.Selector))
            s.Report(RuleCatalog.BudgetSelectsNoPods, "spec.selector",
                $"selects {Q.Render(b.Selector)}, which matches no StatefulSet pod template in {Q.NamespaceText(b.Namespace)}, so it protects nothing; select the app's pod labels.", b.Selector.Anchor, b.Anchor);
    }

    private static bool Value(Scope s, BudgetModel b, Val<string?> v, string field, string label)
    {
        var reason = IntOrPercent.Validate(v.Value);
        if (reason == null) return true;
        s.Report(RuleCatalog.InvalidDisruptionBudget, field,
            $"{label} is {Q.Quote(v.Value)} ({reason}); use a non-negative number such as 1, or a percent up to 100%.", v.Anchor, b.Anchor);
        return false;
    }

    /// <summary>The apps the budget selects; <paramref name="certain"/> is false when that cannot be told.</summary>
    private static System.Collections.Generic.List<AppModel>? Selected(BudgetModel b, SetIndex index, out bool certain)
    {
        certain = false;
        if (b.Selector == null || !b.Selector.IsFullyKnown || !index.Set.Apps.IsComplete) return null;
        var result = new System.Collections.Generic.List<AppModel>();
        foreach (var app in index.AppsPossiblySelectedBy(b.Selector))
        {
            bool? hit = Q.And(Q.SameNamespace(app.Namespace, b.Namespace), b.Selector.Selects(app.TemplateLabels));
            if (hit == null) return null;
            if (hit == true) result.Add(app);
        }
        certain = true;
        return result;
    }
}
