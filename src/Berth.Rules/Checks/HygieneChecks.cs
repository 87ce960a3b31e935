using System;
using System.Linq;
using Berth.Rules.Model;

namespace Berth.Rules.Checks;

/// <summary>Best-practice checks: image tags, resources, probes, pull policy, service accounts.</summary>
internal static class HygieneChecks
{
    public static void Run(Scope s, AppModel app, ManifestSetModel set)
    {
        var pod = app.Pod;
        foreach (var c in Q.Containers(pod))
        {
            Image(s, c);
            if (c.IsInit) continue;
            Resources(s, c);
            Liveness(s, c);
            PullPolicy(s, c);
        }
        Readiness(s, pod);
        ServiceAccount(s, app, set);

    }

    private static void Image(Scope s, ContainerRef c)
    {
        var image = c.Container.Image;
        if (!Q.IsKnownText(image, out var text) || text.Trim().Length == 0) return;
        text = text.Trim();
        if (text.Contains("@")) return; // pinned by digest
        int slash = text.LastIndexOf('/');
        int colon = text.LastIndexOf(':');
        string? tag = colon > slash ? text.Substring(colon + 1) : null;
        if (tag != null && tag.Length > 0 && tag != "latest") return;
        var repo = tag != null ? text.Substring(0, colon) : text;
        s.Report(RuleCatalog.LatestImageTag, c.Path + ".image",
            $"{c.Display} uses the image {Q.Quote(text)} " + (tag == "latest" ? "with the tag latest" : "without a tag")
            + $", so replicas and restarts can run different code; pin a version, e.g. {Q.Quote(repo + ":1.2.3")}, or a digest.",
            image.Anchor, c.Container.Anchor);
    }

    private static void Resources(Scope s, ContainerRef c)
    {
        var req = c.Container.Requests;
        var lim = c.Container.Limits;
        if (!req.IsComplete || !lim.IsComplete || req.Any(r => !r.Resource.IsKnown) || lim.Any(r => !r.Resource.IsKnown)) return;
        bool Has(ItemList<ResourceModel> l, string n) => l.Any(r => r.Resource.Value == n);

        // A limit alone also sets the request, so: a cpu request (or limit), and a memory limit.
        var missing = new System.Collections.Generic.List<string>();
        if (!Has(req, "cpu") && !Has(lim, "cpu")) missing.Add("cpu request");
        if (!Has(req, "memory") && !Has(lim, "memory")) missing.Add("memory request");
        if (!Has(lim, "memory")) missing.Add("memory limit");
        if (missing.Count > 0)
            s.Report(RuleCatalog.MissingResourceRequirements, c.Path + ".resources",
                $"{c.Display} has no {Join(missing)}; without them the scheduler cannot place the pod well and a leak can exhaust the node; set them, e.g. .Requests(cpu: \"250m\", memory: \"512Mi\").Limits(memory: \"1Gi\").",
                req.Anchor, c.Container.Anchor);

        if (!Has(lim, "ephemeral-storage"))
            s.Report(RuleCatalog.MissingEphemeralStorage, c.Path + ".resources.limits.ephemeral-storage",
                $"{c.Display} has no ephemeral-storage " + (Has(req, "ephemeral-storage") ? "limit" : "request or limit")
                + "; logs and scratch files can fill the node's disk and get pods evicted; set one, e.g. .Requests(ephemeralStorage: \"1Gi\").Limits(ephemeralStorage: \"2Gi\").",
                lim.Anchor, c.Container.Anchor);
    }

    private static void Liveness(Scope s, ContainerRef c)
    {
        var probes = c.Container.Probes;
        if (!probes.IsComplete || probes.Any(p => p.Kind == ProbeKind.Liveness)) return;
        s.Report(RuleCatalog.MissingLivenessProbe, c.Path + ".livenessProbe",
            $"{c.Display} has no livenessProbe, so a hung process keeps its pod (and its identity) forever; add a liveness check that is cheaper and more tolerant than readiness, e.g. .Liveness({SuggestProbe(c, forLiveness: true)}.FailureThreshold(6)).",
            probes.Anchor, c.Container.Anchor);
    }

    private static string Join(System.Collections.Generic.List<string> items) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " or " + items[items.Count - 1];

    /// <summary>A probe for the suggestion text: TCP on the first TCP port, unless readiness already probes it.</summary>
    private static string SuggestProbe(ContainerRef c, bool forLiveness)
    {
        foreach (var p in c.Container.Ports)
        {
            if (p.Protocol.IsKnown && !string.IsNullOrEmpty(p.Protocol.Value) && p.Protocol.Value != "TCP") continue;
            var target = Q.IsKnownText(p.Name, out var n) ? n : p.Number.IsKnown ? Q.Str(p.Number.Value) : null;
            if (target == null) continue;
            bool taken = forLiveness && c.Container.Probes.Any(x => x.Kind == ProbeKind.Readiness && x.Handler.IsEqualTo("tcpSocket") && x.Port.IsEqualTo(target));
            if (taken) break;
            return "Probe.Tcp(" + (Q.IsNumeric(target, out _) ? target : Q.Quote(target)) + ")";
        }
        return "Probe.Exec(\"<health command>\")";
    }

    private static void PullPolicy(Scope s, ContainerRef c)
    {
        var pp = c.Container.ImagePullPolicy;
        if (!pp.IsKnown || pp.Value == "Always") return;
        var now = string.IsNullOrEmpty(pp.Value) ? "does not set imagePullPolicy (IfNotPresent for a tagged image)" : "uses imagePullPolicy " + pp.Value;
        s.Report(RuleCatalog.ImagePullPolicyNotAlways, c.Path + ".imagePullPolicy",
            $"{c.Display} {now}, so a node can keep running a stale image for a re-pushed tag; set imagePullPolicy Always, or pin images by digest.",
            pp.Anchor, c.Container.Anchor);
    }

    private static void Readiness(Scope s, PodModel pod)
    {
        if (!pod.Containers.IsComplete || pod.Containers.Count == 0 || !pod.InitContainers.IsComplete) return;
        var running = Q.Containers(pod).Where(c => c.IsLongRunning).ToList();
        if (running.Any(c => !c.Container.Probes.IsComplete)) return;
        if (running.Any(c => c.Container.Probes.Any(p => p.Kind == ProbeKind.Readiness))) return;
        var first = running[0];
        s.Report(RuleCatalog.MissingReadinessProbe, first.Path + ".readinessProbe",
            $"no container has a readinessProbe, so each pod counts as ready as soon as it starts and OrderedReady rollouts and Services move on before it can serve; add one to {first.Display}, e.g. .Readiness({SuggestProbe(first, forLiveness: false)}).",
            first.Container.Probes.Anchor, first.Container.Anchor);
    }

    /// <summary>BERTH058: the pods' ServiceAccount is declared (a cross-object rule).</summary>
    public static void ServiceAccount(Scope s, AppModel app, ManifestSetModel set)
    {
        var sa = app.Pod.ServiceAccountName;
        if (!Q.IsKnownText(sa, out var name) || name == "default") return;
        var accounts = set.ServiceAccounts;
        if (!accounts.IsComplete) return;
        foreach (var a in accounts)
        {
            if (a == name) return; // a bare name matches any namespace
            if (!app.Namespace.IsKnown) continue;
            var ns = string.IsNullOrEmpty(app.Namespace.Value) ? "" : app.Namespace.Value;
            int slash = a.IndexOf('/');
            if (slash >= 0 && string.Equals(a.Substring(0, slash), ns, StringComparison.Ordinal) && a.Substring(slash + 1) == name) return;
        }
        if (!app.Namespace.IsKnown) return;
        s.Report(RuleCatalog.ServiceAccountNotDeclared, "spec.template.spec.serviceAccountName",
            $"the pods use the ServiceAccount {Q.Quote(name)}, which is not declared in {Q.NamespaceText(app.Namespace)}, so no pod can be created until it exists; declare the ServiceAccount with the app, or fix the name.",
            sa.Anchor, app.Pod.Anchor);
    }
}
