using System;
using System.Collections.Generic;
using System.Linq;
using Berth.Rules.Model;

namespace Berth.Rules.Checks;

/// <summary>Checks of containers and init containers: names, images, ports, env, resources, mounts and probes.</summary>
internal static class ContainerChecks
{
    private static readonly string[] Protocols = { "TCP", "UDP", "SCTP" };

    public static void Run(Scope s, AppModel app)
    {
        var pod = app.Pod;
        var all = Q.Containers(pod).ToList();

        if (pod.Containers.IsComplete && pod.Containers.Count == 0)
        {
            s.Report(RuleCatalog.InvalidContainers, "spec.template.spec.containers",
                "the pod template has no containers (\"Required value\"); add one, e.g. .Container(\"app\", \"registry/app:1.0\", c => ...).",
                pod.Containers.Anchor, pod.Anchor);
        }
        NamesAndImages(s, all);
        HostPorts(s, pod, all.Where(c => !c.IsInit).ToList());
        HostPorts(s, pod, all.Where(c => c.IsInit).ToList());

        foreach (var c in all)
        {
            Ports(s, c);
            Env(s, c);
            Resources(s, c);
            Mounts(s, c);
            Probes(s, c);
            InitMisuse(s, c);
        }
    }

    private static void NamesAndImages(Scope s, List<ContainerRef> all)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in all)
        {
            var ct = c.Container;
            if (ct.Name.IsKnown)
            {
                var name = ct.Name.Value;
                if (string.IsNullOrEmpty(name))
                    s.Report(RuleCatalog.InvalidContainers, c.Path + ".name",
                        $"{c.Display} has no name (\"Required value\"); give every container a name such as \"app\".", ct.Name.Anchor, ct.Anchor);
                else if (!KubeNames.IsDns1123Label(name, out var reason))
                    s.Report(RuleCatalog.InvalidContainers, c.Path + ".name",
                        $"{c.Display} has an invalid name ({reason}); use lower case letters, digits and '-', e.g. {Q.Quote(Q.SuggestLabel(name!))}.", ct.Name.Anchor, ct.Anchor);
                else if (!seen.Add(name!))
                    s.Report(RuleCatalog.InvalidContainers, c.Path + ".name",
                        $"the container name {Q.Quote(name)} is used more than once (\"Duplicate value\"); container and init container names must be unique within the pod, so rename one.", ct.Name.Anchor, ct.Anchor);
            }
            if (ct.Image.IsKnown)
            {
                var image = ct.Image.Value;
                if (string.IsNullOrWhiteSpace(image))
                    s.Report(RuleCatalog.InvalidContainers, c.Path + ".image",
                        $"{c.Display} has no image (\"Required value\"); the StatefulSet is accepted but no pod can be created; set an image with a tag, e.g. \"postgres:16.4\".", ct.Image.Anchor, ct.Anchor);
                else if (image!.Trim().Length != image.Length)
                    s.Report(RuleCatalog.InvalidContainers, c.Path + ".image",
                        $"{c.Display} has the image {Q.Quote(image)} with leading or trailing whitespace (\"must not have leading or trailing whitespace\"); use {Q.Quote(image.Trim())}.", ct.Image.Anchor, ct.Anchor);
            }
        }
    }

    private static void Ports(Scope s, ContainerRef c)
    {
        var ports = c.Container.Ports;
        var names = new HashSet<string>(StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < ports.Count; i++)
        {
            var p = ports[i];
            var path = c.Path + ".ports[" + Q.Str(i) + "]";
            if (p.Number.IsKnown && !KubeNames.IsValidPortNumber(p.Number.Value, out var reason))
                s.Report(RuleCatalog.InvalidContainerPort, path + ".containerPort",
                    $"{c.Display} declares containerPort {Q.Str(p.Number.Value)} ({reason}); use a port from 1 to 65535.", p.Number.Anchor, p.Anchor);
            if (p.HostPort.IsKnown && p.HostPort.Value is int hp && hp != 0 && !KubeNames.IsValidPortNumber(hp, out var hreason))
                s.Report(RuleCatalog.InvalidContainerPort, path + ".hostPort",
                    $"{c.Display} declares hostPort {Q.Str(hp)} ({hreason}); use a port from 1 to 65535, or remove hostPort.", p.HostPort.Anchor, p.Anchor);
            if (Q.IsKnownText(p.Protocol, out var proto) && Array.IndexOf(Protocols, proto) < 0)
                s.Report(RuleCatalog.InvalidContainerPort, path + ".protocol",
                    $"{c.Display} declares port protocol {Q.Quote(proto)} (Unsupported value; supported values: \"TCP\", \"UDP\", \"SCTP\"); use {Q.Quote(Array.IndexOf(Protocols, proto.ToUpperInvariant()) >= 0 ? proto.ToUpperInvariant() : "TCP")}.",
                    p.Protocol.Anchor, p.Anchor);
            if (Q.IsKnownEmpty(p.Protocol))
                s.Report(RuleCatalog.PortProtocolMissingOrDuplicated, path + ".protocol",
                    $"{c.Display} declares port {PortText(p)} without a protocol; server-side apply keys ports by containerPort and protocol, and older servers reject a port without it (\"element that omits key field protocol\"); set protocol TCP explicitly.",
                    p.Protocol.Anchor, p.Anchor);
            if (p.Number.IsKnown && Q.IsKnownText(p.Protocol, out var kp) && !keys.Add(Q.Str(p.Number.Value) + "/" + kp))
                s.Report(RuleCatalog.PortProtocolMissingOrDuplicated, path + ".containerPort",
                    $"{c.Display} declares port {Q.Str(p.Number.Value)}/{kp} twice; server-side apply rejects duplicate entries for the key (containerPort, protocol), so remove the repeated port.",
                    p.Number.Anchor, p.Anchor);

            if (Q.IsKnownText(p.Name, out var pn))
            {
                if (!KubeNames.IsValidPortName(pn, out var nreason))
                    s.Report(RuleCatalog.InvalidContainerPortName, path + ".name",
                        $"{c.Display} has port name {Q.Quote(pn)}, which is not a valid port name ({nreason}); use at most 15 lower case letters, digits and single hyphens, e.g. {Q.Quote(SuggestPortName(pn))}.",
                        p.Name.Anchor, p.Anchor);
                else if (!names.Add(pn))
                    s.Report(RuleCatalog.InvalidContainerPortName, path + ".name",
                        $"{c.Display} uses the port name {Q.Quote(pn)} twice (\"Duplicate value\"); give each port of a container its own name.",
                        p.Name.Anchor, p.Anchor);
            }
        }
    }

    private static string PortText(PortModel p) =>
        Q.IsKnownText(p.Name, out var n) ? Q.Quote(n) : p.Number.IsKnown ? Q.Str(p.Number.Value) : "#?";

    private static string SuggestPortName(string name)
    {
        var s = Q.SuggestLabel(name, 15);
        while (s.Contains("--")) s = s.Replace("--", "-");
        if (!s.Any(ch => ch >= 'a' && ch <= 'z')) s = ("p-" + s);
        if (s.Length > 15) s = s.Substring(0, 15).TrimEnd('-');
        return s;
    }

    private static void HostPorts(Scope s, PodModel pod, List<ContainerRef> group)
    {
        bool hostNetwork = pod.HostNetwork.IsKnown && pod.HostNetwork.Value;
        var used = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in group)
        {
            var ports = c.Container.Ports;
            for (int i = 0; i < ports.Count; i++)
            {
                var p = ports[i];
                var path = c.Path + ".ports[" + Q.Str(i) + "]";
                if (hostNetwork && p.HostPort.IsKnown && p.HostPort.Value is int hp0 && hp0 != 0 && p.Number.IsKnown && hp0 != p.Number.Value)
                {
                    s.Report(RuleCatalog.HostPortConflict, path + ".hostPort",
                        $"{c.Display} maps hostPort {Q.Str(hp0)} to containerPort {Q.Str(p.Number.Value)} on a hostNetwork pod (\"must match `containerPort` when `hostNetwork` is true\"); remove hostPort or make it equal to the containerPort.",
                        p.HostPort.Anchor, p.Anchor);
                    continue;
                }
                // With hostNetwork the host port defaults to the container port.
                int? effective = p.HostPort.IsKnown && p.HostPort.Value is int hp && hp != 0 ? hp
                    : hostNetwork && p.HostPort.IsKnown && (p.HostPort.Value ?? 0) == 0 && p.Number.IsKnown ? p.Number.Value : null;
                if (effective == null || !p.Protocol.IsKnown) continue;
                var proto = string.IsNullOrEmpty(p.Protocol.Value) ? "TCP" : p.Protocol.Value!;
                var key = proto + "/" + Q.Str(effective.Value);
                if (used.TryGetValue(key, out var first))
                    s.Report(RuleCatalog.HostPortConflict, path + ".hostPort",
                        $"{c.Display} claims host port {key}, which {first} already claims (\"Duplicate value\"); pods cannot bind the same host port twice, so use a different hostPort or drop one.",
                        p.HostPort.Anchor, p.Number.Anchor, p.Anchor);
                else used[key] = c.Display;
            }
        }
    }

    private static void Env(Scope s, ContainerRef c)
    {
        var env = c.Container.Env;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < env.Count; i++)
        {
            var e = env[i];
            var path = c.Path + ".env[" + Q.Str(i) + "]";
            if (e.Name.IsKnown)
            {
                var name = e.Name.Value;
                if (string.IsNullOrEmpty(name))
                    s.Report(RuleCatalog.InvalidEnvVar, path + ".name",
                        $"{c.Display} has an environment variable without a name (\"Required value\"); give it a name.", e.Name.Anchor, e.Anchor);
                else if (!KubeNames.IsEnvVarName(name, out var reason))
                    s.Report(RuleCatalog.InvalidEnvVar, path + ".name",
                        $"{c.Display} has the environment variable name {Q.Quote(name)} ({reason}); use letters, digits, '_', '-' or '.', not starting with a digit (servers with relaxed env var validation accept more, older ones reject it).",
                        e.Name.Anchor, e.Anchor);
                else if (!seen.Add(name!))
                    s.Report(RuleCatalog.DuplicateEnvVar, path + ".name",
                        $"{c.Display} sets the environment variable {Q.Quote(name)} more than once; the API server accepts it and the last value silently wins, so remove the duplicate.",
                        e.Name.Anchor, e.Anchor);
            }
            var display = e.Name.IsKnown && !string.IsNullOrEmpty(e.Name.Value) ? Q.Quote(e.Name.Value) : "#" + Q.Str(i + 1);
            if (e.HasValue && e.ValueFromSources > 0)
                s.Report(RuleCatalog.InvalidEnvVar, path + ".valueFrom",
                    $"{c.Display} sets both value and valueFrom for environment variable {display} (\"may not be specified when `value` is not empty\"); keep one of them.", e.Anchor);
            if (e.ValueFromSources > 1)
                s.Report(RuleCatalog.InvalidEnvVar, path + ".valueFrom",
                    $"{c.Display} gives environment variable {display} {Q.Str(e.ValueFromSources)} valueFrom sources (\"may not have more than one field specified at a time\"); use exactly one of fieldRef, resourceFieldRef, configMapKeyRef or secretKeyRef.", e.Anchor);
            if (e.Key.IsKnown && e.Key.Value != null)
            {
                var key = e.Key.Value;
                var src = Q.IsKnownText(e.SourceName, out var sn) ? " of " + Q.Quote(sn) : "";
                if (key.Length == 0)
                    s.Report(RuleCatalog.InvalidEnvVar, path + ".valueFrom.key",
                        $"{c.Display} reads environment variable {display} from a configMap or secret{src} without a key (\"Required value\"); name the key to read.", e.Key.Anchor, e.Anchor);
                else if (!KubeNames.IsConfigMapKey(key, out var kreason))
                    s.Report(RuleCatalog.InvalidEnvVar, path + ".valueFrom.key",
                        $"{c.Display} reads environment variable {display} from key {Q.Quote(key)}{src}, which is not a valid key ({kreason}); use alphanumeric characters, '-', '_' or '.'.", e.Key.Anchor, e.Anchor);
            }
        }
        var from = c.Container.EnvFrom;
        for (int i = 0; i < from.Count; i++)
        {
            var f = from[i];
            var path = c.Path + ".envFrom[" + Q.Str(i) + "]";
            if (f.Sources == 0)
                s.Report(RuleCatalog.InvalidEnvVar, path,
                    $"{c.Display} has an envFrom entry without a source (\"must specify one of: `configMapRef` or `secretRef`\"); reference a ConfigMap or a Secret.", f.Anchor);
            else if (f.Sources > 1)
                s.Report(RuleCatalog.InvalidEnvVar, path,
                    $"{c.Display} has an envFrom entry with both configMapRef and secretRef (\"may not have more than one field specified at a time\"); split it into two entries.", f.Anchor);
            if (Q.IsKnownText(f.Prefix, out var prefix) && !KubeNames.IsEnvVarName(prefix, out var preason))
                s.Report(RuleCatalog.InvalidEnvVar, path + ".prefix",
                    $"{c.Display} has the envFrom prefix {Q.Quote(prefix)} ({preason}); use letters, digits, '_', '-' or '.', not starting with a digit.", f.Prefix.Anchor, f.Anchor);
        }
    }

    private static void Resources(Scope s, ContainerRef c)
    {
        var req = Parse(s, c, c.Container.Requests, "requests");
        var lim = Parse(s, c, c.Container.Limits, "limits");

        foreach (var kv in req)
        {
            var (r, text, nanos) = kv.Value;
            if (lim.TryGetValue(kv.Key, out var l) && nanos > l.Nanos)
                s.Report(RuleCatalog.RequestExceedsLimit, c.Path + ".resources.requests." + kv.Key,
                    $"{c.Display} requests {Q.Quote(text)} of {kv.Key}, more than its limit {Q.Quote(l.Text)} (\"must be less than or equal to {kv.Key} limit of {l.Text}\"); raise the limit or lower the request.",
                    r.Quantity.Anchor, r.Anchor);
        }

        bool AllNamesKnown(ItemList<ResourceModel> list) => list.IsComplete && list.All(x => x.Resource.IsKnown);
        bool Has(ItemList<ResourceModel> list, string name) => list.Any(x => x.Resource.IsEqualTo(name));

        // Resources that cannot be overcommitted (extended resources, hugepages) need limit == request.
        foreach (var r in c.Container.Requests)
        {
            if (!r.Resource.IsKnown || IsOvercommitAllowed(r.Resource.Value)) continue;
            var name = r.Resource.Value;
            if (!Has(c.Container.Limits, name))
            {
                if (AllNamesKnown(c.Container.Limits))
                    s.Report(RuleCatalog.RequestExceedsLimit, c.Path + ".resources.limits." + name,
                        $"{c.Display} requests {name} without a limit (\"Limit must be set for non overcommitable resources\"); set the {name} limit equal to the request.",
                        r.Anchor);
            }
            else if (req.TryGetValue(name, out var rq) && lim.TryGetValue(name, out var lm) && rq.Nanos != lm.Nanos)
                s.Report(RuleCatalog.RequestExceedsLimit, c.Path + ".resources.requests." + name,
                    $"{c.Display} requests {Q.Quote(rq.Text)} of {name} with limit {Q.Quote(lm.Text)} (\"must be equal to {name} limit of {lm.Text}\"); {name} cannot be overcommitted, so make them equal.",
                    r.Quantity.Anchor, r.Anchor);
        }

        bool usesHugePages = c.Container.Requests.Concat(c.Container.Limits).Any(x => x.Resource.Is(n => n.StartsWith("hugepages-", StringComparison.Ordinal)));
        if (usesHugePages && AllNamesKnown(c.Container.Requests) && AllNamesKnown(c.Container.Limits)
            && !Has(c.Container.Requests, "cpu") && !Has(c.Container.Requests, "memory")
            && !Has(c.Container.Limits, "cpu") && !Has(c.Container.Limits, "memory"))
        {
            s.Report(RuleCatalog.RequestExceedsLimit, c.Path + ".resources",
                $"{c.Display} uses hugepages without a cpu or memory request or limit (\"HugePages require cpu or memory\"); add a memory request and limit.", c.Container.Anchor);
        }
    }

    private static bool IsOvercommitAllowed(string name)
    {
        bool native = name.IndexOf('/') < 0 || name.Contains("kubernetes.io/");
        return native && !name.StartsWith("hugepages-", StringComparison.Ordinal);
    }

    private static Dictionary<string, (ResourceModel R, string Text, System.Numerics.BigInteger Nanos)> Parse(
        Scope s, ContainerRef c, ItemList<ResourceModel> list, string kind)
    {
        var result = new Dictionary<string, (ResourceModel, string, System.Numerics.BigInteger)>(StringComparer.Ordinal);
        foreach (var r in list)
        {
            if (!r.Resource.IsKnown || !r.Quantity.IsKnown || r.Quantity.Value == null) continue;
            var name = r.Resource.Value;
            var text = r.Quantity.Value;
            var field = c.Path + ".resources." + kind + "." + name;
            if (!Quantity.TryParseNanos(text, out var nanos, out var error))
            {
                var fix = Quantity.SuggestFix(text);
                s.Report(RuleCatalog.MalformedQuantity, field,
                    $"{c.Display} {(kind == "requests" ? "requests" : "limits")} {name} {Q.Quote(text)}, which is not a Kubernetes quantity ({error}); "
                    + (fix != null ? $"use {Q.Quote(fix)}." : "write a number with an optional suffix such as 250m, 512Mi or 2Gi."),
                    r.Quantity.Anchor, r.Anchor);
                continue;
            }
            if (nanos.Sign < 0)
            {
                s.Report(RuleCatalog.RequestExceedsLimit, field,
                    $"{c.Display} {kind} {name} {Q.Quote(text)}, a negative quantity (\"must be greater than or equal to 0\"); use a positive amount.",
                    r.Quantity.Anchor, r.Anchor);
                continue;
            }
            result[name] = (r, text, nanos);
        }
        return result;
    }

    private static void Mounts(Scope s, ContainerRef c)
    {
        var mounts = c.Container.Mounts;
        var paths = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < mounts.Count; i++)
        {
            var m = mounts[i];
            var path = c.Path + ".volumeMounts[" + Q.Str(i) + "]";
            var display = Q.IsKnownText(m.Name, out var mn) ? Q.Quote(mn) : "#" + Q.Str(i + 1);
            if (m.Path.IsKnown)
            {
                var mp = m.Path.Value;
                if (string.IsNullOrEmpty(mp))
                    s.Report(RuleCatalog.InvalidMountPath, path + ".mountPath",
                        $"{c.Display} mounts {display} without a mountPath (\"Required value\"); give the directory to mount at, e.g. \"/data\".", m.Path.Anchor, m.Anchor);
                else if (!paths.Add(mp!))
                    s.Report(RuleCatalog.InvalidMountPath, path + ".mountPath",
                        $"{c.Display} mounts two volumes at {Q.Quote(mp)} (\"must be unique\"); give each mount its own path.", m.Path.Anchor, m.Anchor);
            }
            bool hasSub = Q.IsKnownText(m.SubPath, out var sub);
            if (hasSub && Q.IsKnownText(m.SubPathExpr, out _))
                s.Report(RuleCatalog.InvalidMountPath, path + ".subPathExpr",
                    $"{c.Display} sets both subPath and subPathExpr on mount {display} (\"subPathExpr and subPath are mutually exclusive\"); keep one.", m.SubPathExpr.Anchor, m.Anchor);
            if (hasSub) SubPath(s, c, m.SubPath, path + ".subPath", display, m.Anchor);
            if (Q.IsKnownText(m.SubPathExpr, out _)) SubPath(s, c, m.SubPathExpr, path + ".subPathExpr", display, m.Anchor);
        }
    }

    private static void SubPath(Scope s, ContainerRef c, Val<string?> v, string field, string display, object? itemAnchor)
    {
        var sub = v.Value!;
        string? reason = null;
        if (sub.StartsWith("/", StringComparison.Ordinal)) reason = "must be a relative path";
        else if (sub.Split('/', '\\').Any(part => part == "..")) reason = "must not contain '..'";
        if (reason != null)
            s.Report(RuleCatalog.InvalidMountPath, field,
                $"{c.Display} mounts {display} with sub-path {Q.Quote(sub)} ({reason}); use a relative path inside the volume, e.g. {Q.Quote(SuggestSubPath(sub))}.", v.Anchor, itemAnchor);
    }

    private static string SuggestSubPath(string sub)
    {
        var parts = sub.Split('/').Where(p => p.Length > 0 && p != ".." && p != ".");
        var r = string.Join("/", parts);
        return r.Length == 0 ? "data" : r;
    }

    private static string ProbeField(ProbeKind k) => k switch
    {
        ProbeKind.Readiness => "readinessProbe",
        ProbeKind.Liveness => "livenessProbe",
        _ => "startupProbe",
    };

    private static void Probes(Scope s, ContainerRef c)
    {
        foreach (var p in c.Container.Probes)
        {
            var kind = ProbeField(p.Kind);
            var path = c.Path + "." + kind;
            if (p.HandlerCount.IsKnown && p.HandlerCount.Value == 0)
                s.Report(RuleCatalog.InvalidProbe, path,
                    $"{c.Display} has a {kind} without a handler (\"must specify a handler type\"); use one of exec, httpGet, tcpSocket or grpc.", p.HandlerCount.Anchor, p.Anchor);
            else if (p.HandlerCount.IsKnown && p.HandlerCount.Value > 1)
                s.Report(RuleCatalog.InvalidProbe, path,
                    $"{c.Display} has a {kind} with {Q.Str(p.HandlerCount.Value)} handlers (\"may not specify more than 1 handler type\"); keep exactly one.", p.HandlerCount.Anchor, p.Anchor);

            if (p.Handler.IsEqualTo("exec") && p.CommandLength.IsKnown && p.CommandLength.Value == 0)
                s.Report(RuleCatalog.InvalidProbe, path + ".exec.command",
                    $"{c.Display} has an exec {kind} without a command (\"Required value\"); give the command to run.", p.CommandLength.Anchor, p.Anchor);

            // An empty port on an httpGet or tcpSocket probe is refused like a bad one ("must contain at least one letter or number").
            if (p.Handler.IsKnown && p.Port.IsKnown && (!string.IsNullOrEmpty(p.Port.Value) || p.Handler.Value == "httpGet" || p.Handler.Value == "tcpSocket"))
            {
                var port = p.Port.Value ?? "";
                var handler = p.Handler.Value;
                string? reason = null;
                if (handler == "grpc")
                {
                    if (!Q.IsNumeric(port, out long n)) reason = "must be a port number";
                    else KubeNames.IsValidPortNumber(n, out reason);
                }
                else if (handler == "httpGet" || handler == "tcpSocket")
                    KubeNames.IsValidPortNumberOrName(port, out reason);
                if (reason != null)
                    s.Report(RuleCatalog.InvalidProbe, path + "." + handler + ".port",
                        $"{c.Display} has a {kind} on port {Q.Quote(port)} ({reason}); use a port number from 1 to 65535 or the name of a container port.", p.Port.Anchor, p.Anchor);
            }

            Timing(s, c, p, kind, path, p.InitialDelaySeconds, "initialDelaySeconds");
            Timing(s, c, p, kind, path, p.TimeoutSeconds, "timeoutSeconds");
            Timing(s, c, p, kind, path, p.PeriodSeconds, "periodSeconds");
            Timing(s, c, p, kind, path, p.SuccessThreshold, "successThreshold");
            Timing(s, c, p, kind, path, p.FailureThreshold, "failureThreshold");

            if (p.Kind != ProbeKind.Readiness && p.SuccessThreshold.IsKnown && p.SuccessThreshold.Value is int st && st > 1)
                s.Report(RuleCatalog.InvalidProbe, path + ".successThreshold",
                    $"{c.Display} has a {kind} with successThreshold {Q.Str(st)} (\"must be 1\"); liveness and startup probes need 1, so remove it.", p.SuccessThreshold.Anchor, p.Anchor);

            if (p.TerminationGracePeriodSeconds.IsKnown && p.TerminationGracePeriodSeconds.Value is long tg)
            {
                if (p.Kind == ProbeKind.Readiness)
                    s.Report(RuleCatalog.InvalidProbe, path + ".terminationGracePeriodSeconds",
                        $"{c.Display} sets terminationGracePeriodSeconds on its readinessProbe (\"must not be set for readinessProbes\"); remove it.", p.TerminationGracePeriodSeconds.Anchor, p.Anchor);
                else if (tg <= 0)
                    s.Report(RuleCatalog.InvalidProbe, path + ".terminationGracePeriodSeconds",
                        $"{c.Display} sets terminationGracePeriodSeconds {Q.Str(tg)} on its {kind} (\"must be greater than 0\"); use a positive number of seconds or remove it.", p.TerminationGracePeriodSeconds.Anchor, p.Anchor);
            }
        }

        ProbePorts(s, c);
        IdenticalProbes(s, c);
    }

    private static void Timing(Scope s, ContainerRef c, ProbeModel p, string kind, string path, Val<int?> v, string name)
    {
        if (v.IsKnown && v.Value is int n && n < 0)
            s.Report(RuleCatalog.InvalidProbe, path + "." + name,
                $"{c.Display} has a {kind} with {name} {Q.Str(n)} (\"must be greater than or equal to 0\"); use 0 or more.", v.Anchor, p.Anchor);
    }

    private static void ProbePorts(Scope s, ContainerRef c)
    {
        var ports = c.Container.Ports;
        foreach (var p in c.Container.Probes)
        {
            if (!p.Handler.IsKnown || !Q.IsKnownText(p.Port, out var port)) continue;
            var handler = p.Handler.Value;
            if (handler != "httpGet" && handler != "tcpSocket" && handler != "grpc") continue;
            if (!ports.IsComplete) continue;
            bool numeric = Q.IsNumeric(port, out long number);
            if (!numeric && handler == "grpc") continue; // BERTH024 reports it.
            if (numeric && !KubeNames.IsValidPortNumber(number)) continue;
            if (!numeric && !KubeNames.IsValidPortName(port)) continue;

            bool found = false, unknown = false;
            foreach (var cp in ports)
            {
                if (!cp.Protocol.IsKnown) { unknown = true; continue; }
                bool tcp = string.IsNullOrEmpty(cp.Protocol.Value) || cp.Protocol.Value == "TCP";
                if (!tcp) continue;
                if (numeric)
                {
                    if (!cp.Number.IsKnown) unknown = true;
                    else if (cp.Number.Value == number) found = true;
                }
                else
                {
                    if (!cp.Name.IsKnown) unknown = true;
                    else if (cp.Name.Value == port) found = true;
                }
            }
            if (found || unknown) continue;
            var kind = ProbeField(p.Kind);
            var declared = numeric ? $".Port(\"name\", {Q.Str(number)})" : $".Port({Q.Quote(port)}, <number>)";
            s.Report(RuleCatalog.ProbePortNotExposed, c.Path + "." + kind + "." + handler + ".port",
                $"{c.Display} has a {kind} on port {Q.Quote(port)}, which is not one of its TCP ports"
                + (numeric ? "" : ", so the probe always fails") + $"; declare the port with {declared} or probe a declared port.",
                p.Port.Anchor, p.Anchor);
        }
    }

    private static void IdenticalProbes(Scope s, ContainerRef c)
    {
        var readiness = c.Container.Probes.FirstOrDefault(p => p.Kind == ProbeKind.Readiness);
        var liveness = c.Container.Probes.FirstOrDefault(p => p.Kind == ProbeKind.Liveness);
        if (readiness == null || liveness == null) return;
        var a = Signature(readiness)?.Trim();
        var b = Signature(liveness)?.Trim();
        if (a != null && a == b)
            s.Report(RuleCatalog.IdenticalReadinessAndLivenessProbes, c.Path + ".livenessProbe",
                $"{c.Display} uses the same check for readiness and liveness ({a}); a pod that is only busy is then restarted instead of taken out of traffic; make liveness a cheaper \"process is alive\" check, or give it a longer failureThreshold and a different endpoint.",
                liveness.Signature.Anchor, liveness.Anchor);
    }

    private static string? Signature(ProbeModel p)
    {
        if (p.Signature.IsKnown && p.Signature.Value != null) return p.Signature.Value;
        if (p.Signature.IsKnown && p.Handler.IsKnown && p.Port.IsKnown && p.Port.Value != null)
        {
            if (p.Handler.Value == "httpGet" && p.Path.IsKnown) return "httpGet " + p.Port.Value + " " + (p.Path.Value ?? "/");
            if (p.Handler.Value == "tcpSocket" || p.Handler.Value == "grpc") return p.Handler.Value + " " + p.Port.Value;
        }
        return null;
    }

    private static void InitMisuse(Scope s, ContainerRef c)
    {
        var ct = c.Container;
        var rp = ct.RestartPolicy;
        if (!c.IsInit)
        {
            if (rp.IsKnown && rp.Value != null)
                s.Report(RuleCatalog.InitContainerMisuse, c.Path + ".restartPolicy",
                    $"{c.Display} sets restartPolicy {Q.Quote(rp.Value)} (\"may not be set for non-init containers\"); remove it, or make the container a sidecar init container.", rp.Anchor, ct.Anchor);
            return;
        }
        if (!rp.IsKnown) return;
        if (rp.Value != null && rp.Value != "Always")
        {
            s.Report(RuleCatalog.InitContainerMisuse, c.Path + ".restartPolicy",
                $"{c.Display} sets restartPolicy {Q.Quote(rp.Value)} (Unsupported value; supported values: \"Always\"); use Always for a sidecar, or remove it.", rp.Anchor, ct.Anchor);
            return;
        }
        if (rp.Value == "Always") return;
        foreach (var p in ct.Probes)
        {
            var kind = ProbeField(p.Kind);
            s.Report(RuleCatalog.InitContainerMisuse, c.Path + "." + kind,
                $"{c.Display} has a {kind}, but init containers run to completion (\"may not be set for init containers without restartPolicy=Always\"); remove the probe, or make it a sidecar with restartPolicy Always.", p.Anchor, ct.Anchor);
        }
        if (ct.HasLifecycle)
            s.Report(RuleCatalog.InitContainerMisuse, c.Path + ".lifecycle",
                $"{c.Display} has lifecycle hooks (\"may not be set for init containers without restartPolicy=Always\"); remove them, or make it a sidecar with restartPolicy Always.", ct.Anchor);
    }
}
