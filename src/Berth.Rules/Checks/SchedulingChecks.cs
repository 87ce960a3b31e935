using System;
using Berth.Rules.Model;

namespace Berth.Rules.Checks;

/// <summary>Checks of tolerations, pod anti-affinity and topology spread constraints.</summary>
internal static class SchedulingChecks
{
    private static readonly string[] SpreadKeys =
    {
        "kubernetes.io/hostname", "topology.kubernetes.io/zone", "topology.kubernetes.io/region",
        "failure-domain.beta.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/region",
    };

    public static void Run(Scope s, AppModel app)
    {
        Tolerations(s, app.Pod);
        AffinityTerms(s, app, app.Pod.AntiAffinity, "podAntiAffinity");
        AffinityTerms(s, app, app.Pod.PodAffinity, "podAffinity");
        NodeAffinity(s, app.Pod);
        SpreadConstraints(s, app);
        Spreading(s, app);
    }

    private static void Tolerations(Scope s, PodModel pod)
    {
        for (int i = 0; i < pod.Tolerations.Count; i++)
        {
            var t = pod.Tolerations[i];
            var path = "spec.template.spec.tolerations[" + Q.Str(i) + "]";
            if (Q.IsKnownText(t.Key, out var key) && !KubeNames.IsQualifiedName(key, out var kreason))
                s.Report(RuleCatalog.InvalidSchedulingConstraint, path + ".key",
                    $"the toleration key {Q.Quote(key)} is invalid ({kreason}); use the taint's key, e.g. \"node-role.kubernetes.io/db\".", t.Key.Anchor, t.Anchor);

            var op = t.Operator;
            bool exists = op.IsEqualTo("Exists");
            bool equal = op.IsKnown && (string.IsNullOrEmpty(op.Value) || op.Value == "Equal");
            if (Q.IsKnownText(op, out var opText) && !exists && !equal)
                s.Report(RuleCatalog.InvalidSchedulingConstraint, path + ".operator",
                    $"the toleration operator is {Q.Quote(opText)} (Unsupported value; supported values: \"Equal\", \"Exists\"); use Equal or Exists.", op.Anchor, t.Anchor);
            if (Q.IsKnownEmpty(t.Key) && equal)
                s.Report(RuleCatalog.InvalidSchedulingConstraint, path + ".operator",
                    "a toleration without a key must use operator Exists (\"operator must be Exists when `key` is empty, which means \\\"match all values and all keys\\\"\"); set the key, or use Exists to tolerate every taint.",
                    op.Anchor, t.Anchor);
            if (exists && Q.IsKnownText(t.Value, out var v))
                s.Report(RuleCatalog.InvalidSchedulingConstraint, path + ".value",
                    $"the toleration uses operator Exists with value {Q.Quote(v)} (\"value must be empty when `operator` is 'Exists'\"); remove the value or use Equal.", t.Value.Anchor, t.Anchor);
            else if (equal && t.Value.IsKnown && !KubeNames.IsValidLabelValue(t.Value.Value, out var vreason))
                s.Report(RuleCatalog.InvalidSchedulingConstraint, path + ".value",
                    $"the toleration value {Q.Quote(t.Value.Value)} is invalid ({vreason}); use the taint's value.", t.Value.Anchor, t.Anchor);

            if (Q.IsKnownText(t.Effect, out var effect) && effect != "NoSchedule" && effect != "PreferNoSchedule" && effect != "NoExecute")
                s.Report(RuleCatalog.InvalidSchedulingConstraint, path + ".effect",
                    $"the toleration effect is {Q.Quote(effect)} (Unsupported value; supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"); use one of those, or leave it empty to match all effects.", t.Effect.Anchor, t.Anchor);
            if (t.TolerationSeconds.IsKnown && t.TolerationSeconds.Value != null && t.Effect.IsKnown && t.Effect.Value != "NoExecute")
                s.Report(RuleCatalog.InvalidSchedulingConstraint, path + ".effect",
                    "the toleration sets tolerationSeconds without effect NoExecute (\"effect must be 'NoExecute' when `tolerationSeconds` is set\"); set effect NoExecute or remove tolerationSeconds.",
                    t.Effect.Anchor, t.TolerationSeconds.Anchor, t.Anchor);
        }
    }

    /// <summary>The key under which a term that misses the app's own pods was reported (BERTH055 then skips its app-level report).</summary>
    private const string MissedOwnPods = "055 term misses own pods";

    private static void AffinityTerms(Scope s, AppModel app, ItemList<AffinityTermModel> terms, string kind)
    {
        bool anti = kind == "podAntiAffinity";
        for (int i = 0; i < terms.Count; i++)
        {
            var t = terms[i];
            var path = "spec.template.spec.affinity." + kind + "."
                + (t.Required ? "requiredDuringSchedulingIgnoredDuringExecution[" : "preferredDuringSchedulingIgnoredDuringExecution[") + Q.Str(i) + "]";
            if (!t.Required && t.Weight.IsKnown && t.Weight.Value is int w && (w < 1 || w > 100))
                s.Report(RuleCatalog.InvalidSchedulingConstraint, path + ".weight",
                    $"the preferred {(anti ? "anti-affinity" : "affinity")} term has weight {Q.Str(w)} (\"must be in the range 1-100\"); use 1 to 100, e.g. 100.", t.Weight.Anchor, t.Anchor);
            var keyPath = path + (t.Required ? ".topologyKey" : ".podAffinityTerm.topologyKey");
            if (Q.IsKnownEmpty(t.TopologyKey))
                s.Report(RuleCatalog.InvalidSchedulingConstraint, keyPath,
                    $"the {(anti ? "anti-affinity" : "affinity")} term has no topologyKey (\"can not be empty\"); use \"kubernetes.io/hostname\"" + (anti ? " to keep replicas on different nodes." : " or a zone key."), t.TopologyKey.Anchor, t.Anchor);
            else if (Q.IsKnownText(t.TopologyKey, out var key) && !KubeNames.IsQualifiedName(key, out var reason))
                s.Report(RuleCatalog.InvalidSchedulingConstraint, keyPath,
                    $"the {(anti ? "anti-affinity" : "affinity")} topologyKey {Q.Quote(key)} is invalid ({reason}); use a node label key such as \"kubernetes.io/hostname\".", t.TopologyKey.Anchor, t.Anchor);
            for (int n = 0; n < t.Namespaces.Count; n++)
                if (t.Namespaces[n].IsKnown && !KubeNames.IsDns1123Label(t.Namespaces[n].Value, out var nreason))
                    s.Report(RuleCatalog.InvalidSchedulingConstraint, path + (t.Required ? ".namespaces[" : ".podAffinityTerm.namespaces[") + Q.Str(n) + "]",
                        $"the {(anti ? "anti-affinity" : "affinity")} term names the namespace {Q.Quote(t.Namespaces[n].Value)}, which is not a namespace name ({nreason}); use a DNS-1123 label such as \"data\".",
                        t.Namespaces[n].Anchor, t.Anchor);
            var selectorPath = path + (t.Required ? ".labelSelector" : ".podAffinityTerm.labelSelector");
            LabelChecks.Run(s, t.Selector, selectorPath, RuleCatalog.InvalidSchedulingConstraint);

            // An anti-affinity term written for the app's own pods (its selector names one of their label values) that selects
            // none of them keeps nothing apart: app in (zk) for pods labelled app.kubernetes.io/name=zk.
            if (anti && t.Selector != null && t.Selector.Selects(app.TemplateLabels) == false && Q.MentionsOwnPods(t.Selector, app))
            {
                s.Seen.Add(MissedOwnPods);
                s.Report(RuleCatalog.NoPodAntiAffinity, selectorPath,
                    $"the pod anti-affinity term selects {Q.Render(t.Selector)}, which matches none of the app's own pods (labels {Q.Render(app.TemplateLabels)}), so it keeps no replicas apart; select the pod labels, e.g. {Q.Render(app.TemplateLabels)}, or use .SpreadAcrossNodes().",
                    Q.MismatchAnchor(t.Selector, app.TemplateLabels), t.Anchor);
            }
        }
    }

    /// <summary>Node affinity as <c>ValidateNodeSelector</c> and <c>ValidatePreferredSchedulingTerms</c> check it.</summary>
    private static void NodeAffinity(Scope s, PodModel pod)
    {
        const string root = "spec.template.spec.affinity.nodeAffinity.";
        if (pod.RequiredNodeSelectorEmpty)
            s.Report(RuleCatalog.InvalidSchedulingConstraint, root + "requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms",
                "the required node affinity has no node selector terms (\"must have at least one node selector term\"); add a term, or remove requiredDuringSchedulingIgnoredDuringExecution.", pod.Anchor);
        int required = 0, preferred = 0;
        foreach (var term in pod.NodeAffinity)
        {
            var path = term.Required
                ? root + "requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[" + Q.Str(required++) + "]"
                : root + "preferredDuringSchedulingIgnoredDuringExecution[" + Q.Str(preferred++) + "]";
            if (!term.Required && term.Weight.IsKnown && term.Weight.Value is int w && (w < 1 || w > 100))
                s.Report(RuleCatalog.InvalidSchedulingConstraint, path + ".weight",
                    $"the preferred node affinity term has weight {Q.Str(w)} (\"must be in the range 1-100\"); use 1 to 100.", term.Weight.Anchor, term.Anchor);
            var termPath = term.Required ? path : path + ".preference";
            for (int i = 0; i < term.Expressions.Count; i++)
                NodeRequirement(s, term.Expressions[i], termPath + ".matchExpressions[" + Q.Str(i) + "]", term.Anchor);
            for (int i = 0; i < term.Fields.Count; i++)
                NodeField(s, term.Fields[i], termPath + ".matchFields[" + Q.Str(i) + "]", term.Anchor);
        }
    }

    private static void NodeRequirement(Scope s, NodeRequirementModel r, string path, object? anchor)
    {
        if (r.Operator.IsKnown && r.Values.IsComplete)
        {
            var op = r.Operator.Value ?? "";
            var count = r.Values.Count;
            if (op == "In" || op == "NotIn")
            {
                if (count == 0)
                    s.Report(RuleCatalog.InvalidSchedulingConstraint, path + ".values",
                        $"the node affinity requirement on {Q.Quote(r.Key.Value)} has operator {op} and no values (\"must be specified when `operator` is 'In' or 'NotIn'\"); list the node label values, or use Exists.", r.Operator.Anchor, anchor);
            }
            else if (op == "Exists" || op == "DoesNotExist")
            {
                if (count > 0)
                    s.Report(RuleCatalog.InvalidSchedulingConstraint, path + ".values",
                        $"the node affinity requirement on {Q.Quote(r.Key.Value)} has operator {op} and values (\"may not be specified when `operator` is 'Exists' or 'DoesNotExist'\"); remove the values, or use In.", r.Operator.Anchor, anchor);
            }
            else if (op == "Gt" || op == "Lt")
            {
                if (count != 1)
                    s.Report(RuleCatalog.InvalidSchedulingConstraint, path + ".values",
                        $"the node affinity requirement on {Q.Quote(r.Key.Value)} has operator {op} and {Q.Str(count)} values (\"must be specified single value when `operator` is 'Lt' or 'Gt'\"); give exactly one number.", r.Operator.Anchor, anchor);
            }
            else
            {
                s.Report(RuleCatalog.InvalidSchedulingConstraint, path + ".operator",
                    $"the node affinity requirement on {Q.Quote(r.Key.Value)} has operator {Q.Quote(op)} (\"not a valid selector operator\"); use In, NotIn, Exists, DoesNotExist, Gt or Lt.", r.Operator.Anchor, anchor);
            }
        }

        if (r.Key.IsKnown && !KubeNames.IsQualifiedName(r.Key.Value, out var reason))
            s.Report(RuleCatalog.InvalidSchedulingConstraint, path + ".key",
                $"the node affinity key {Q.Quote(r.Key.Value)} is not a label key ({reason}); use a node label key such as \"kubernetes.io/hostname\".", r.Key.Anchor, anchor);
    }

    private static void NodeField(Scope s, NodeRequirementModel r, string path, object? anchor)
    {
        if (r.Operator.IsKnown && r.Values.IsComplete)
        {
            var op = r.Operator.Value ?? "";
            if (op != "In" && op != "NotIn")
                s.Report(RuleCatalog.InvalidSchedulingConstraint, path + ".operator",
                    $"the node affinity field requirement has operator {Q.Quote(op)} (\"not a valid selector operator\"); node fields take In or NotIn with one value.", r.Operator.Anchor, anchor);
            else if (r.Values.Count != 1)
                s.Report(RuleCatalog.InvalidSchedulingConstraint, path + ".values",
                    $"the node affinity field requirement has {Q.Str(r.Values.Count)} values (\"must be only one value when `operator` is 'In' or 'NotIn' for node field selector\"); give exactly one node name.", r.Operator.Anchor, anchor);
        }

        if (r.Key.IsKnown && r.Key.Value != "metadata.name")
            s.Report(RuleCatalog.InvalidSchedulingConstraint, path + ".key",
                $"the node affinity field requirement has key {Q.Quote(r.Key.Value)} (\"not a valid field selector key\"; the only node field is \"metadata.name\"); use metadata.name, or a matchExpressions requirement on a node label.", r.Key.Anchor, anchor);
    }

    private static void SpreadConstraints(Scope s, AppModel app)
    {
        var list = app.Pod.TopologySpread;
        for (int i = 0; i < list.Count; i++)
        {
            var c = list[i];
            var path = "spec.template.spec.topologySpreadConstraints[" + Q.Str(i) + "]";
            if (c.MaxSkew.IsKnown && c.MaxSkew.Value <= 0)
                s.Report(RuleCatalog.InvalidSchedulingConstraint, path + ".maxSkew",
                    $"the spread constraint has maxSkew {Q.Str(c.MaxSkew.Value)} (\"must be greater than zero\"); use 1.", c.MaxSkew.Anchor, c.Anchor);
            if (Q.IsKnownEmpty(c.TopologyKey))
                s.Report(RuleCatalog.InvalidSchedulingConstraint, path + ".topologyKey",
                    "the spread constraint has no topologyKey (\"can not be empty\"); use \"kubernetes.io/hostname\" or \"topology.kubernetes.io/zone\".", c.TopologyKey.Anchor, c.Anchor);
            else if (Q.IsKnownText(c.TopologyKey, out var key) && !KubeNames.IsQualifiedName(key, out var reason))
                s.Report(RuleCatalog.InvalidSchedulingConstraint, path + ".topologyKey",
                    $"the spread constraint topologyKey {Q.Quote(key)} is invalid ({reason}); use a node label key such as \"topology.kubernetes.io/zone\".", c.TopologyKey.Anchor, c.Anchor);
            if (Q.IsKnownEmpty(c.WhenUnsatisfiable)) // no default on the server
                s.Report(RuleCatalog.InvalidSchedulingConstraint, path + ".whenUnsatisfiable",
                    "the spread constraint has no whenUnsatisfiable (\"Required value\"; the server has no default for it); use DoNotSchedule or ScheduleAnyway.", c.WhenUnsatisfiable.Anchor, c.Anchor);
            else if (Q.IsKnownText(c.WhenUnsatisfiable, out var wu) && wu != "DoNotSchedule" && wu != "ScheduleAnyway")
                s.Report(RuleCatalog.InvalidSchedulingConstraint, path + ".whenUnsatisfiable",
                    $"the spread constraint has whenUnsatisfiable {Q.Quote(wu)} (Unsupported value; supported values: \"DoNotSchedule\", \"ScheduleAnyway\"); use one of those.", c.WhenUnsatisfiable.Anchor, c.Anchor);
            if (c.Selector == null)
                s.Report(RuleCatalog.NoTopologySpread, path + ".labelSelector",
                    "the spread constraint has no labelSelector, so it counts no pods and spreads nothing; select the app's pod labels.", c.Anchor);
            else if (c.Selector.Selects(app.TemplateLabels) == false)
                s.Report(RuleCatalog.NoTopologySpread, path + ".labelSelector",
                    $"the spread constraint selects {Q.Render(c.Selector)}, which matches none of the app's own pods (labels {Q.Render(app.TemplateLabels)}), so it does not spread them; select the pod labels, e.g. {Q.Render(app.TemplateLabels)}.",
                    Q.MismatchAnchor(c.Selector, app.TemplateLabels), c.Anchor);
            LabelChecks.Run(s, c.Selector, path + ".labelSelector", RuleCatalog.InvalidSchedulingConstraint);
        }
    }

    /// <summary>BERTH055 and BERTH076: replicated apps should be spread across nodes.</summary>
    private static void Spreading(Scope s, AppModel app)
    {
        if (!app.Replicas.IsKnown) return;
        var replicas = app.Replicas.Value;
        if (replicas is int r && r < 2) return;
        var pod = app.Pod;
        var count = replicas is int rr ? Q.Str(rr) + " replicas" : "unset replicas (1, or set by an autoscaler)";

        if (pod.TopologySpread.IsComplete && pod.TopologySpread.Count == 0)
            s.Report(RuleCatalog.NoTopologySpread, "spec.template.spec.topologySpreadConstraints",
                $"has {count} and no topologySpreadConstraints; spread the replicas over zones, e.g. .SpreadAcrossZones() (a zone constraint with maxSkew 1).",
                pod.TopologySpread.Anchor, pod.Anchor);

        // Anti-affinity, or an equivalent spread constraint, on a host or zone key that selects the app's own pods.
        bool? spread = false;
        foreach (var t in pod.AntiAffinity) spread = Or(spread, Spreads(t.TopologyKey, t.Selector, app));
        if (!pod.AntiAffinity.IsComplete && spread != true) spread = null;
        bool? bySpread = false;
        foreach (var c in pod.TopologySpread) bySpread = Or(bySpread, Spreads(c.TopologyKey, c.Selector, app));
        if (!pod.TopologySpread.IsComplete && bySpread != true) bySpread = null;
        if (Or(spread, bySpread) != false) return;
        if (s.Seen.Contains(MissedOwnPods)) return; // the term that misses the pods is reported where it is written

        s.Report(RuleCatalog.NoPodAntiAffinity, "spec.template.spec.affinity.podAntiAffinity",
            $"has {count} but no pod anti-affinity on kubernetes.io/hostname (or a zone key) that selects its own pods, so several replicas can land on one node and fail together; add .SpreadAcrossNodes().",
            pod.AntiAffinity.Anchor, pod.Anchor);
    }

    private static bool? Spreads(Val<string?> key, LabelMap? selector, AppModel app)
    {
        if (!key.IsKnown) return null;
        if (key.Value == null || Array.IndexOf(SpreadKeys, key.Value) < 0) return false;
        if (selector == null) return false;
        return selector.Selects(app.TemplateLabels);
    }

    private static bool? Or(bool? a, bool? b) => a == true || b == true ? true : a == false && b == false ? false : null;
}
