using System;
using System.Collections.Generic;
using Berth.Rules.Model;

namespace Berth.Rules.Checks;

/// <summary>Checks of Services, and of each app against its governing Service.</summary>
internal static class ServiceChecks
{
    private static readonly string[] Protocols = { "TCP", "UDP", "SCTP" };
    private static readonly string[] Types = { "ClusterIP", "NodePort", "LoadBalancer", "ExternalName" };

    /// <summary>BERTH040–042: the app's governing Service exists, is headless and selects the pods.</summary>
    public static void Governing(Scope s, AppModel app, ManifestSetModel set)
    {
        var sn = app.ServiceName;
        if (!sn.IsKnown) return;
        if (string.IsNullOrEmpty(sn.Value))
        {
            s.Report(RuleCatalog.GoverningServiceNotFound, "spec.serviceName",
                "spec.serviceName is not set, so the pods get no stable DNS names (pod-0.<service>.<namespace>.svc); set serviceName to a headless Service that selects the pods (Berth creates one named after the app unless you turned it off).",
                sn.Anchor);
            return;
        }
        var name = sn.Value!;
        if (!KubeNames.IsDns1035Label(name)) return; // BERTH010/030 already report it.
        var found = Find(s.Index(set), name, app.Namespace, out bool certain);
        if (found == null)
        {
            if (!certain) return;
            s.Report(RuleCatalog.GoverningServiceNotFound, "spec.serviceName",
                $"serviceName {Q.Quote(name)} names no Service in {Q.NamespaceText(app.Namespace)}, so the pods get no DNS entries; declare a headless Service {Q.Quote(name)} in the same namespace that selects the pods (Berth creates it unless you turned it off), or fix serviceName.",
                sn.Anchor);
            return;
        }

        var svcAnchor = found.Anchor;
        if (found.ClusterIP.IsKnown && found.ClusterIP.Value != "None")
        {
            var now = found.ClusterIP.Value == null ? "has no clusterIP, so it gets a virtual IP" : "has clusterIP " + Q.Quote(found.ClusterIP.Value);
            var pod = (app.Name.IsKnown && !string.IsNullOrEmpty(app.Name.Value) ? app.Name.Value : "<app>") + "-" + Q.Str(app.OrdinalsStart.IsKnown && app.OrdinalsStart.Value is int start ? start : 0);
            s.Report(RuleCatalog.GoverningServiceNotHeadless, "spec.serviceName",
                $"the governing Service {Q.Quote(name)} is not headless ({now}), and only a headless Service publishes per-pod DNS records ({pod}.{name}); set clusterIP: None (a clusterIP cannot be changed later, so recreate the Service), and use a separate Service for client traffic.",
                found.ClusterIP.Anchor, svcAnchor, sn.Anchor);
        }

        var sel = found.Selector;
        if (sel == null || Q.IsKnownEmpty(sel))
        {
            s.Report(RuleCatalog.GoverningServiceSelectorMismatch, "spec.serviceName",
                $"the governing Service {Q.Quote(name)} has no selector, so it has no endpoints and the pods get no DNS records; select the pod labels {Q.Render(app.TemplateLabels)}.",
                sel?.Anchor, svcAnchor, sn.Anchor);
        }
        else if (sel.Selects(app.TemplateLabels) == false)
        {
            s.Report(RuleCatalog.GoverningServiceSelectorMismatch, "spec.serviceName",
                $"the governing Service {Q.Quote(name)} selects {Q.Render(sel)}, which does not match the pod labels {Q.Render(app.TemplateLabels)}, so the pods get no DNS records; make the Service select the pod labels.",
                Q.MismatchAnchor(sel, app.TemplateLabels), svcAnchor, sn.Anchor);
        }
    }

    /// <summary>
    /// The Service named <paramref name="name"/> in <paramref name="ns"/>. <paramref name="certain"/> is false when
    /// the answer "none" cannot be trusted (incomplete list, unknown names or namespaces).
    /// </summary>
    public static ServiceModel? Find(SetIndex index, string name, Val<string?> ns, out bool certain)
    {
        certain = index.Set.Services.IsComplete && ns.IsKnown;
        foreach (var svc in index.ServicesPossiblyNamed(name))
        {
            bool? match = Q.And(svc.Name.IsKnown ? svc.Name.Value == name : null, Q.SameNamespace(svc.Namespace, ns));
            if (match == true) return svc;
            if (match == null) certain = false;
        }
        return null;
    }

    /// <summary>Checks of one Service object.</summary>
    public static void Run(Scope s, ServiceModel svc, ManifestSetModel set)
    {
        if (svc.Name.IsKnown)
        {
            var name = svc.Name.Value;
            if (string.IsNullOrEmpty(name))
                s.Report(RuleCatalog.InvalidServiceName, "metadata.name",
                    "metadata.name is required (\"name or generateName is required\"); name the Service.", svc.Name.Anchor, svc.Anchor);
            else if (!KubeNames.IsDns1035Label(name, out var reason))
                s.Report(RuleCatalog.InvalidServiceName, "metadata.name",
                    $"the Service name {Q.Quote(name)} is not a valid Service name ({reason}); use lower case letters, digits and '-', starting with a letter, e.g. {Q.Quote(SuggestServiceName(name!))}.",
                    svc.Name.Anchor, svc.Anchor);
        }

        bool headless = svc.ClusterIP.IsEqualTo("None");
        if (Q.IsKnownText(svc.Type, out var type))
        {
            if (Array.IndexOf(Types, type) < 0)
                s.Report(RuleCatalog.InvalidService, "spec.type",
                    $"type is {Q.Quote(type)} (Unsupported value; supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"); use ClusterIP for a headless Service.", svc.Type.Anchor, svc.Anchor);
            else if (headless && (type == "NodePort" || type == "LoadBalancer"))
                s.Report(RuleCatalog.InvalidService, "spec.clusterIP",
                    $"clusterIP is None with type {type} (\"may not be set to 'None' for {type} services\"); a headless Service must be ClusterIP; use a separate {type} Service for outside traffic.",
                    svc.ClusterIP.Anchor, svc.Type.Anchor, svc.Anchor);
            if (type == "NodePort")
                s.Report(RuleCatalog.NodePortService, "spec.type",
                    "is a NodePort Service, which opens the port on every node of the cluster; prefer ClusterIP behind an Ingress or a LoadBalancer, and keep the governing Service headless.", svc.Type.Anchor, svc.Anchor);
        }

        Ports(s, svc);
        UnmatchedPorts(s, svc);
        Dangling(s, svc, set);
        LabelChecks.Run(s, svc.Selector, "spec.selector");
    }

    private static string SuggestServiceName(string name)
    {
        var l = Q.SuggestLabel(name);
        return l[0] >= 'a' && l[0] <= 'z' ? l : Q.SuggestLabel("svc-" + l);
    }

    private static void Ports(Scope s, ServiceModel svc)
    {
        var ports = svc.Ports;
        var names = new HashSet<string>(StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        bool several = ports.Count > 1;
        for (int i = 0; i < ports.Count; i++)
        {
            var p = ports[i];
            var path = "spec.ports[" + Q.Str(i) + "]";
            var display = Q.IsKnownText(p.Name, out var pn) ? "port " + Q.Quote(pn) : p.Port.IsKnown ? "port " + Q.Str(p.Port.Value) : "port #" + Q.Str(i + 1);

            if (Q.IsKnownEmpty(p.Name) && several)
                s.Report(RuleCatalog.InvalidService, path + ".name",
                    $"{display} has no name, but a Service with several ports must name each one (\"Required value\"); name it after the container port, e.g. \"pg\".", p.Name.Anchor, p.Anchor);
            else if (Q.IsKnownText(p.Name, out var n))
            {
                if (!KubeNames.IsDns1123Label(n, out var reason))
                    s.Report(RuleCatalog.InvalidService, path + ".name",
                        $"{display} has an invalid name ({reason}); use lower case letters, digits and '-'.", p.Name.Anchor, p.Anchor);
                else if (!names.Add(n))
                    s.Report(RuleCatalog.InvalidService, path + ".name",
                        $"the port name {Q.Quote(n)} is used twice (\"Duplicate value\"); give each port its own name.", p.Name.Anchor, p.Anchor);
            }

            if (p.Port.IsKnown && !KubeNames.IsValidPortNumber(p.Port.Value, out var preason))
                s.Report(RuleCatalog.InvalidService, path + ".port",
                    $"{display} uses port {Q.Str(p.Port.Value)} ({preason}); use a port from 1 to 65535.", p.Port.Anchor, p.Anchor);

            if (Q.IsKnownText(p.Protocol, out var proto))
            {
                if (Array.IndexOf(Protocols, proto) < 0)
                    s.Report(RuleCatalog.InvalidService, path + ".protocol",
                        $"{display} has protocol {Q.Quote(proto)} (Unsupported value; supported values: \"SCTP\", \"TCP\", \"UDP\"); use TCP, UDP or SCTP.", p.Protocol.Anchor, p.Anchor);
                else if (p.Port.IsKnown && !keys.Add(proto + "/" + Q.Str(p.Port.Value)))
                    s.Report(RuleCatalog.InvalidService, path,
                        $"declares port {Q.Str(p.Port.Value)}/{proto} twice (\"Duplicate value\"); remove the repeated port.", p.Port.Anchor, p.Anchor);
            }
            else if (Q.IsKnownEmpty(p.Protocol))
                s.Report(RuleCatalog.PortProtocolMissingOrDuplicated, path + ".protocol",
                    $"{display} has no protocol; server-side apply on older servers (1.20) rejects it (\"associative list with keys has an element that omits key field protocol\"); set protocol TCP explicitly.",
                    p.Protocol.Anchor, p.Anchor);

            if (Q.IsKnownText(p.TargetPort, out var tp) && !KubeNames.IsValidPortNumberOrName(tp, out var treason))
                s.Report(RuleCatalog.InvalidService, path + ".targetPort",
                    $"{display} has targetPort {Q.Quote(tp)} ({treason}); use a container port number or the name of a container port.", p.TargetPort.Anchor, p.Anchor);
        }
    }

    /// <summary>BERTH105: port names the definition asked the Service to expose that no container port has.</summary>
    private static void UnmatchedPorts(Scope s, ServiceModel svc)
    {
        foreach (var name in svc.UnmatchedPorts)
        {
            if (!name.IsKnown) continue;
            var have = svc.ContainerPortNames.Count == 0 ? "the app has no named container port" : "the app's named ports: " + string.Join(", ", svc.ContainerPortNames.ConvertAll(n => Q.Quote(n)));
            s.Report(RuleCatalog.ServicePortNotDeclared, "spec.ports",
                $"is asked to expose the port {Q.Quote(name.Value)}, but no container port has that name ({have}), so the Service would have no port for it; use one of those names, or name the container port with Port({Q.Quote(name.Value)}, number).",
                name.Anchor, svc.Anchor);
        }
    }

    /// <summary>BERTH056: the Service selects no pod template (the only cross-object rule of a Service).</summary>
    public static void Dangling(Scope s, ServiceModel svc, ManifestSetModel set)
    {
        if (!svc.Type.IsKnown || svc.Type.Value == "ExternalName") return;
        if (IsGoverning(svc, s.Index(set))) return; // BERTH042 reports it on the app.
        var sel = svc.Selector;
        if (sel == null || Q.IsKnownEmpty(sel))
        {
            s.Report(RuleCatalog.ServiceSelectsNoPods, "spec.selector",
                "has no selector, so no pods back it unless you manage its Endpoints by hand; select the labels of the pods it should reach.", sel?.Anchor, svc.Anchor);
            return;
        }
        if (!sel.IsFullyKnown || !set.Apps.IsComplete) return;
        foreach (var app in s.Index(set).AppsPossiblySelectedBy(sel))
        {
            bool? hit = Q.And(Q.SameNamespace(app.Namespace, svc.Namespace), sel.Selects(WithPodName(app, sel)));
            if (hit != false) return; // a match, or cannot tell
        }
        s.Report(RuleCatalog.ServiceSelectsNoPods, "spec.selector",
            $"selects {Q.Render(sel)}, which matches no pod template in {Q.NamespaceText(svc.Namespace)}; make the selector match the labels of the pods it should reach.", sel.Anchor, svc.Anchor);
    }

    /// <summary>The StatefulSet controller labels each pod with its name: a Service may select one pod by it (a primary).</summary>
    private const string PodNameLabel = "statefulset.kubernetes.io/pod-name";

    /// <summary>The template labels plus the pod-name label of the pod the selector names, when it is one of the app's.</summary>
    private static LabelMap WithPodName(AppModel app, LabelMap selector)
    {
        if (!app.Name.IsKnown || !selector.IsFullyKnown || !app.TemplateLabels.IsFullyKnown
            || !selector.ToDictionary().TryGetValue(PodNameLabel, out var pod)
            || !pod.StartsWith(app.Name.Value + "-", StringComparison.Ordinal)
            || !int.TryParse(pod.Substring(app.Name.Value!.Length + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            return app.TemplateLabels;
        var labels = new LabelMap();
        foreach (var kv in app.TemplateLabels.ToDictionary())
            labels.Add(kv.Key, kv.Value);
        return labels.Add(PodNameLabel, pod);
    }

    private static bool IsGoverning(ServiceModel svc, SetIndex index)
    {
        if (!svc.Name.IsKnown) return false;
        foreach (var app in index.AppsPossiblyGovernedBy(svc.Name.Value))
            if (app.ServiceName.IsKnown && app.ServiceName.Value == svc.Name.Value && Q.SameNamespace(app.Namespace, svc.Namespace) == true)
                return true;
        return false;
    }
}
