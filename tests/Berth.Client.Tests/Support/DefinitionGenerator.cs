using System;
using System.Collections.Generic;
using System.Linq;
using k8s.Models;

namespace Berth.Client.Tests.Support;

/// <summary>
/// Generates app definitions through the real DSL, valid and deliberately broken, for the validator completeness test.
/// Each definition is a sound base app with mutations of one field family; the values come from pools of valid and
/// invalid values per field, chosen by a <see cref="Random"/> seeded from the run's seed and the definition's index, so
/// one definition can be reproduced alone.
/// </summary>
internal static class DefinitionGenerator
{
    public static readonly string[] Families =
    {
        "none", "names", "namespaces", "labels", "annotations", "ports", "quantities", "selectors", "probes", "mounts",
        "claims", "security", "tolerations", "affinity",
    };

    /// <summary>One generated definition, with the raw quantities it set (an invalid one is not in the typed objects).</summary>
    public sealed record Definition(int Index, string Family, string Description, StatefulApp App, IReadOnlyList<RawQuantity> Quantities);

    /// <summary>A quantity as written in the definition: container (null for a claim template's storage), section, resource, text.</summary>
    public sealed record RawQuantity(string? Container, string Section, string Resource, string Text);

    private static readonly string Long52 = "a" + new string('b', 51);
    private static readonly string Long53 = "a" + new string('b', 52);
    private static readonly string Long63 = "a" + new string('b', 62);
    private static readonly string Long64 = "a" + new string('b', 63);

    private static readonly string[] AppNames = { "db", "web-1", "a", "x9", Long52, "", "Db", "db_1", "-db", "db-", "1db", "db.x", Long53, Long63, Long64, "db x" };
    private static readonly string[] ServiceNames = { "db-hl", "peers", "1svc", "Svc", "svc_1", "svc.x", "", Long63, Long64 };
    private static readonly string[] NamespaceNames = { "data", "ns-1", "1ns", Long63, "", "Data", "a_b", "a.b", Long64, "-ns", "ns-" };

    private static readonly string[] LabelKeys =
    {
        "tier", "app.kubernetes.io/part-of", "example.com/team", "a", Long63, "x.y/z", "a-b_c.d",
        "", "a b", "/x", "a/b/c", "Example.com/x", "example.com/", Long64, "-x", "x_", new string('d', 250) + ".com/x", "example.com/" + Long64,
    };

    private static readonly string[] LabelValues = { "", "v1", "a.b_c-d", Long63, "a b", "-a", "a-", Long64, "ä", "a/b" };
    private static readonly string[] AnnotationKeys = { "note", "example.com/owner", "Example.com/Owner", "Note", "a b", "", "/x", "a/b/c", Long64, "x_" };
    private static readonly string[] PortNames = { "http", "grpc-1", "a", "abcdefghijklmno", "p2p", "HTTP", "1234", "a--b", "-a", "a-", "abcdefghijklmnop", "a_b", "" };
    private static readonly int[] PortNumbers = { 1, 80, 8080, 65535, 0, -1, 65536 };
    private static readonly Protocol[] Protocols = { Protocol.Tcp, Protocol.Tcp, Protocol.Udp, Protocol.Sctp };
    private static readonly string[] Cpu = { "100m", "1", "0.5", "2", "1e3", "0", ".5", "1.5m", "+1", "250m", "1GB", "abc", "-1", "1.5.5", "", "1 m", "1m1", "5." };
    private static readonly string[] Memory = { "64Mi", "1Gi", "1G", "500000000", "0", "128974848", "1e9", "129M", "1gi", "1GB", "-64Mi", "Mi", "1Mb", "1.5Gi", "0.5Ki", "1Ei" };
    private static readonly string[] Storage = { "1Gi", "20Gi", "500Mi", "1", "0", "-1Gi", "1GB", "lots", "", "1e3", "0.5Gi" };
    private static readonly string[] Paths = { "/data", "/var/lib/x", "/a b", "data", "", "/data/../x", "C:\\x", "/etc/config" };
    private static readonly string?[] SubPaths = { null, null, "sub", "a/b", "../x", "/abs", "a/../b", "..", "a..b", "" };
    private static readonly string[] VolumeNames = { "cfg", "scratch", "Cfg", "cfg_1", Long64, "" };
    private static readonly string[] ClaimNames = { "data", "logs", "Data", "data_1", Long63, Long64, "", "1data" };
    private static readonly string?[] StorageClasses = { null, "fast", "standard.x", "Fast", "a_b", "", new string('s', 254) };
    private static readonly string[] HttpPaths = { "/healthz", "", "healthz", "/a b" };
    private static readonly int[] Timings = { -1, 0, 1, 5, 10 };
    private static readonly long?[] Ids = { null, 0, 1000, 65534, -1, 2147483648L };
    private static readonly string[] TaintKeys = { "dedicated", "node.kubernetes.io/not-ready", "example.com/gpu", "", "a b", "Example.com/x", Long64 };
    private static readonly string?[] TaintValues = { null, "db", "", "a b", Long64 };
    private static readonly string[] NodeKeys = { "kubernetes.io/hostname", "topology.kubernetes.io/zone", "disk", "", "a b", "a/b/c", Long64 };
    private static readonly string[] Operators = { "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt", "Equals", "" };
    private static readonly string[] TopologyKeys = { "kubernetes.io/hostname", "topology.kubernetes.io/zone", "", "a b", "a/b/c" };

    /// <summary>The definition of <paramref name="index"/> under <paramref name="seed"/>.</summary>
    public static Definition Generate(int seed, int index)
    {
        var rng = new Random(unchecked(seed * 1_000_003 + index)); // not HashCode.Combine: it is seeded per process
        var family = Families[index % Families.Length];
        var g = new Builder(rng);
        var mutations = rng.Next(4) == 0 ? 2 : 1;
        var notes = new List<string>();
        for (var i = 0; family != "none" && i < mutations; i++)
            notes.Add(g.Mutate(family));
        var app = g.Build();
        return new Definition(index, family, string.Join("; ", notes), app, g.Quantities);
    }

    /// <summary>Builds one definition: the base app, with the mutations chosen before it is made.</summary>
    private sealed class Builder
    {
        private readonly Random rng;
        private string name = "db";
        private string? ns = "data";
        private bool createNamespace = true;
        private readonly List<Func<StatefulApp, StatefulApp>> appEdits = new();
        private readonly List<Func<ContainerSpec, ContainerSpec>> containerEdits = new();
        private bool basePort = true;
        private bool baseClaim = true;
        private bool baseMount = true;
        private bool baseReadiness = true;
        private bool baseResources = true;

        public Builder(Random rng) => this.rng = rng;

        public List<RawQuantity> Quantities { get; } = new();

        private T Pick<T>(IReadOnlyList<T> pool) => pool[rng.Next(pool.Count)];

        private bool Chance(int percent) => rng.Next(100) < percent;

        public string Mutate(string family)
        {
            switch (family)
            {
                case "names":
                {
                    if (Chance(70))
                    {
                        name = Pick(AppNames);
                        return $"name '{name}'";
                    }

                    var service = Pick(ServiceNames);
                    appEdits.Add(a => a.GoverningService(service));
                    return $"governing service '{service}'";
                }
                case "namespaces":
                {
                    ns = Pick(NamespaceNames);
                    createNamespace = Chance(70);
                    return $"namespace '{ns}' create={createNamespace}";
                }
                case "labels":
                {
                    var key = Pick(LabelKeys);
                    var value = Pick(LabelValues);
                    if (Chance(30))
                    {
                        appEdits.Add(a => key == "app" ? a.IdentityLabels((key, value)) : a.IdentityLabels(("app", "db"), (key, value)));
                        return $"identity label '{key}'='{value}'";
                    }

                    if (Chance(20))
                    {
                        appEdits.Add(a => a.NodeSelector(key, value));
                        return $"node selector '{key}'='{value}'";
                    }

                    appEdits.Add(a => a.Label(key, value));
                    return $"label '{key}'='{value}'";
                }
                case "annotations":
                {
                    var key = Pick(AnnotationKeys);
                    var value = Chance(5) ? new string('v', 140 * 1024) : Pick(LabelValues);
                    var onPod = Chance(50);
                    appEdits.Add(a => onPod ? a.PodAnnotation(key, value) : a.Annotation(key, value));
                    if (value.Length > 1000)
                        appEdits.Add(a => onPod ? a.PodAnnotation(key + "2", value) : a.Annotation(key + "2", value));
                    return $"{(onPod ? "pod " : "")}annotation '{key}' ({value.Length} chars{(value.Length > 1000 ? ", twice" : "")})";
                }
                case "ports":
                {
                    var portName = Pick(PortNames);
                    var number = Pick(PortNumbers);
                    var protocol = Pick(Protocols);
                    if (Chance(20))
                    {
                        var hostPort = Pick(PortNumbers);
                        containerEdits.Add(c => c.HostPort(portName, number, hostPort, protocol));
                        return $"host port '{portName}' {number}->{hostPort}/{protocol}";
                    }

                    if (Chance(25))
                    {
                        // A second port with the same name or number as the base port.
                        var sameName = Chance(50);
                        containerEdits.Add(c => sameName ? c.Port("http", number, protocol) : c.Port(portName, 8080, protocol));
                        return sameName ? $"second port 'http' {number}/{protocol}" : $"second port '{portName}' 8080/{protocol}";
                    }

                    basePort = Chance(30);
                    containerEdits.Add(c => c.Port(portName, number, protocol));
                    return $"port '{portName}' {number}/{protocol}{(basePort ? "" : " (only port)")}";
                }
                case "quantities":
                {
                    baseResources = false;
                    var container = "app";
                    var what = rng.Next(5);
                    if (what == 4)
                    {
                        var size = Pick(Storage);
                        baseClaim = false;
                        appEdits.Add(a => a.VolumeClaim("data", size));
                        Quantities.Add(new RawQuantity(null, "storage", "data", size));
                        return $"claim size '{size}'";
                    }

                    string? cpuRequest = Chance(70) ? Pick(Cpu) : null, cpuLimit = Chance(50) ? Pick(Cpu) : null;
                    string? memRequest = Chance(70) ? Pick(Memory) : null, memLimit = Chance(60) ? Pick(Memory) : null;
                    containerEdits.Add(c => c.Requests(cpu: cpuRequest, memory: memRequest).Limits(cpu: cpuLimit, memory: memLimit));
                    void Note(string section, string resource, string? text)
                    {
                        if (text is not null) Quantities.Add(new RawQuantity(container, section, resource, text));
                    }

                    Note("requests", "cpu", cpuRequest);
                    Note("limits", "cpu", cpuLimit);
                    Note("requests", "memory", memRequest);
                    Note("limits", "memory", memLimit);
                    if (what == 3)
                    {
                        var resource = Chance(50) ? "example.com/gpu" : "hugepages-2Mi";
                        string? request = Chance(70) ? Pick(new[] { "1", "2", "0", "2Mi", "4Mi" }) : null;
                        string? limit = Chance(70) ? Pick(new[] { "1", "2", "2Mi", "4Mi" }) : null;
                        containerEdits.Add(c => c.Resource(resource, request, limit));
                        Note("requests", resource, request);
                        Note("limits", resource, limit);
                        return $"cpu {cpuRequest}/{cpuLimit} memory {memRequest}/{memLimit} {resource} {request}/{limit}";
                    }

                    return $"cpu {cpuRequest}/{cpuLimit} memory {memRequest}/{memLimit}";
                }
                case "selectors":
                {
                    if (Chance(40))
                    {
                        var key = Chance(50) ? "app" : Pick(LabelKeys);
                        var value = Chance(50) ? "db" : Pick(LabelValues);
                        var alone = key == "app" || Chance(50);
                        appEdits.Add(a => alone ? a.Selector((key, value)) : a.Selector(("app", "db"), (key, value)));
                        return $"selector override '{key}'='{value}'";
                    }

                    var expression = Expression();
                    appEdits.Add(a => a.Customize(m => (m.StatefulSet.Spec.Selector.MatchExpressions ??= new List<V1LabelSelectorRequirement>()).Add(expression())));
                    var shown = expression();
                    return $"selector expression {Show(shown)}";
                }
                case "probes":
                {
                    var probe = MakeProbe(out var text);
                    var kind = rng.Next(3);
                    if (kind == 0) baseReadiness = false;
                    containerEdits.Add(c => kind switch { 0 => c.Readiness(probe), 1 => c.Liveness(probe), _ => c.Startup(probe) });
                    return $"{(kind == 0 ? "readiness" : kind == 1 ? "liveness" : "startup")} {text}";
                }
                case "mounts":
                {
                    var volume = Chance(50) ? "data" : Chance(50) ? "cfg" : Chance(50) ? "missing" : Pick(VolumeNames);
                    var path = Pick(Paths);
                    var subPath = Pick(SubPaths);
                    if (Chance(50))
                    {
                        var volumeName = Chance(70) ? "cfg" : Pick(VolumeNames);
                        var sizeLimit = Pick(new[] { "1Gi", "64Mi", "0", "1GB", "-1Gi" });
                        var mode = Pick(new int?[] { null, 420, 511, 512, -1 });
                        var kind = rng.Next(3);
                        var source = kind switch
                        {
                            0 => VolumeSource.ConfigMap("cfg", defaultMode: mode),
                            1 => VolumeSource.EmptyDir(sizeLimit: sizeLimit),
                            _ => VolumeSource.Secret("s", defaultMode: mode),
                        };
                        appEdits.Add(a => a.Volume(volumeName, source));
                        containerEdits.Add(c => c.Mount(volume, path, subPath));
                        var shown = kind == 1 ? $"emptyDir sizeLimit {sizeLimit}" : $"{(kind == 0 ? "configMap" : "secret")} defaultMode {mode}";
                        return $"volume '{volumeName}' ({shown}); mount '{volume}' at '{path}' subPath '{subPath}'";
                    }

                    if (Chance(30)) baseMount = false;
                    containerEdits.Add(c => c.Mount(volume, path, subPath));
                    return $"mount '{volume}' at '{path}' subPath '{subPath}'{(baseMount ? "" : " (only mount)")}";
                }
                case "claims":
                {
                    var claim = Pick(ClaimNames);
                    var size = Chance(80) ? "1Gi" : Pick(Storage);
                    var modes = new[] { AccessMode.ReadWriteOnce, AccessMode.ReadOnlyMany, AccessMode.ReadWriteMany }
                        .Where(_ => Chance(40)).ToArray();
                    var storageClass = Pick(StorageClasses);
                    VolumeMode? mode = rng.Next(3) switch { 0 => VolumeMode.Filesystem, 1 => VolumeMode.Block, _ => null };
                    var labels = Chance(20) ? new Dictionary<string, string> { [Pick(LabelKeys)] = Pick(LabelValues) } : null;
                    if (Chance(50)) baseClaim = false;
                    appEdits.Add(a => a.VolumeClaim(claim, size, modes, storageClass, mode, labels));
                    Quantities.Add(new RawQuantity(null, "storage", claim, size));
                    if (Chance(50)) containerEdits.Add(c => c.Mount(claim, "/claim"));
                    return $"claim '{claim}' {size} [{string.Join(",", modes)}] class '{storageClass}' mode {mode}" +
                           (labels is null ? "" : $" label '{labels.Keys.First()}'='{labels.Values.First()}'");
                }
                case "security":
                {
                    if (Chance(50))
                    {
                        var context = ContainerContext(out var text);
                        containerEdits.Add(c => c.SecurityContext(context()));
                        return "container security " + text;
                    }

                    if (Chance(30))
                    {
                        var user = Pick(new long[] { 0, 1000, -1, 2147483648L });
                        long? group = Chance(50) ? Pick(new long[] { 0, 1000, -1 }) : null;
                        containerEdits.Add(c => c.RunAsUser(user, group));
                        return $"RunAsUser({user}, {group})";
                    }

                    var pod = PodContext(out var podText);
                    appEdits.Add(a => a.PodSecurity(pod));
                    return "pod security " + podText;
                }
                case "tolerations":
                {
                    var key = Pick(TaintKeys);
                    var value = Pick(TaintValues);
                    var effect = Pick(new[] { TaintEffect.Any, TaintEffect.NoSchedule, TaintEffect.PreferNoSchedule, TaintEffect.NoExecute });
                    var seconds = Pick(new long?[] { null, null, 30, 0, -1 });
                    if (Chance(20))
                    {
                        var op = Pick(new[] { "Exists", "Equal", "Bogus", "" });
                        appEdits.Add(a => a.Customize(m => (m.StatefulSet.Spec.Template.Spec.Tolerations ??= new List<V1Toleration>())
                            .Add(new V1Toleration { Key = key, OperatorProperty = op, Value = value, Effect = effect == TaintEffect.Any ? null : effect.ToString(), TolerationSeconds = seconds })));
                        return $"raw toleration '{key}' {op} '{value}' {effect} {seconds}";
                    }

                    appEdits.Add(a => a.Toleration(key, value, effect, seconds));
                    return $"toleration '{key}' '{value}' {effect} {seconds}";
                }
                case "affinity":
                {
                    var which = rng.Next(5);
                    if (which == 4)
                    {
                        var required = Chance(50);
                        appEdits.Add(a => Chance(50) ? a.SpreadAcrossNodes(required) : a.SpreadAcrossZones(required));
                        return $"spread required={required}";
                    }

                    var affinity = Affinity(which, out var text);
                    appEdits.Add(a => a.Affinity(affinity));
                    return text;
                }
                default:
                    throw new ArgumentOutOfRangeException(nameof(family), family, null);
            }
        }

        public StatefulApp Build()
        {
            var app = StatefulApp.Named(name);
            if (ns is not null) app = app.InNamespace(ns, createNamespace);
            app = app.Replicas(2).TerminationGracePeriod(10);
            var edits = containerEdits.ToList();
            var port = basePort;
            var readiness = baseReadiness;
            var resources = baseResources;
            var mount = baseMount && baseClaim;
            app = app.Container("app", "registry.example/app:1.0", c =>
            {
                if (port) c = c.Port("http", 8080);
                if (resources) c = c.Requests(cpu: "100m", memory: "64Mi").Limits(memory: "128Mi");
                if (readiness) c = c.Readiness(Probe.Tcp(8080));
                if (mount) c = c.Mount("data", "/data");
                foreach (var edit in edits) c = edit(c);
                return c;
            });
            if (baseClaim) app = app.VolumeClaim("data", "1Gi");
            foreach (var edit in appEdits) app = edit(app);
            return app;
        }

        private Func<V1LabelSelectorRequirement> Expression()
        {
            var key = Chance(50) ? "app" : Pick(LabelKeys);
            var op = Pick(new[] { "In", "NotIn", "Exists", "DoesNotExist", "Equals", "" });
            var values = rng.Next(4) switch { 0 => null, 1 => new List<string>(), 2 => new List<string> { "db" }, _ => new List<string> { Pick(LabelValues) } };
            return () => new V1LabelSelectorRequirement { Key = key, OperatorProperty = op, Values = values?.ToList() };
        }

        private static string Show(V1LabelSelectorRequirement e) => $"'{e.Key}' {e.OperatorProperty} [{string.Join(",", e.Values ?? new List<string>())}]{(e.Values is null ? " (null)" : "")}";

        private Probe MakeProbe(out string text)
        {
            Probe probe;
            switch (rng.Next(5))
            {
                case 0:
                    var portName = Pick(PortNames);
                    probe = Probe.Tcp(portName);
                    text = $"tcp '{portName}'";
                    break;
                case 1:
                    var number = Pick(PortNumbers);
                    probe = Probe.Tcp(number);
                    text = $"tcp {number}";
                    break;
                case 2:
                    var path = Pick(HttpPaths);
                    var httpPort = Chance(50) ? Pick(PortNames) : null;
                    var httpNumber = Pick(PortNumbers);
                    probe = httpPort is null ? Probe.Http(path, httpNumber) : Probe.Http(path, httpPort);
                    text = $"http '{path}' port {httpPort ?? httpNumber.ToString()}";
                    break;
                default:
                    var command = rng.Next(3) switch { 0 => Array.Empty<string>(), 1 => new[] { "true" }, _ => new[] { "sh", "-c", "test -f /ready" } };
                    probe = Probe.Exec(command);
                    text = $"exec [{string.Join(" ", command)}]";
                    break;
            }

            if (Chance(40)) { var v = Pick(Timings); probe = probe.InitialDelay(v); text += $" initialDelay {v}"; }
            if (Chance(40)) { var v = Pick(Timings); probe = probe.Every(v); text += $" period {v}"; }
            if (Chance(40)) { var v = Pick(Timings); probe = probe.Timeout(v); text += $" timeout {v}"; }
            if (Chance(40)) { var v = Pick(Timings); probe = probe.FailureThreshold(v); text += $" failureThreshold {v}"; }
            if (Chance(40)) { var v = Pick(new[] { -1, 0, 1, 2 }); probe = probe.SuccessThreshold(v); text += $" successThreshold {v}"; }
            if (Chance(10)) { var v = Pick(new long[] { -1, 0, 5 }); probe = probe.TerminationGracePeriod(v); text += $" terminationGracePeriod {v}"; }
            return probe;
        }

        private Func<V1SecurityContext> ContainerContext(out string text)
        {
            var user = Pick(Ids);
            var group = Pick(Ids);
            bool? nonRoot = Pick(new bool?[] { null, true, false });
            bool? privileged = Pick(new bool?[] { null, true, false });
            bool? escalation = Pick(new bool?[] { null, true, false });
            var capability = Chance(30) ? Pick(new[] { "NET_ADMIN", "SYS_TIME", "", "net admin" }) : null;
            var seccomp = Chance(30) ? Pick(new[] { "RuntimeDefault", "Unconfined", "Localhost", "Bogus" }) : null;
            var profile = seccomp == "Localhost" && Chance(50) ? "profiles/x.json" : null;
            text = $"user {user} group {group} nonRoot {nonRoot} privileged {privileged} escalation {escalation} cap '{capability}' seccomp {seccomp} {profile}";
            return () => new V1SecurityContext
            {
                RunAsUser = user,
                RunAsGroup = group,
                RunAsNonRoot = nonRoot,
                Privileged = privileged,
                AllowPrivilegeEscalation = escalation,
                Capabilities = capability is null ? null : new V1Capabilities { Add = new List<string> { capability } },
                SeccompProfile = seccomp is null ? null : new V1SeccompProfile { Type = seccomp, LocalhostProfile = profile },
            };
        }

        private Func<V1PodSecurityContext> PodContext(out string text)
        {
            var user = Pick(Ids);
            var fsGroup = Pick(Ids);
            var supplemental = Chance(30) ? Pick(new long[] { 1000, -1 }) : (long?)null;
            var policy = Chance(30) ? Pick(new[] { "OnRootMismatch", "Always", "Bogus" }) : null;
            var sysctl = Chance(30) ? Pick(new[] { "net.core.somaxconn", "kernel.shm_rmid_forced", "bad name", "" }) : null;
            var seccomp = Chance(30) ? Pick(new[] { "RuntimeDefault", "Localhost", "Bogus" }) : null;
            text = $"user {user} fsGroup {fsGroup} supplemental {supplemental} fsGroupChangePolicy {policy} sysctl '{sysctl}' seccomp {seccomp}";
            return () => new V1PodSecurityContext
            {
                RunAsUser = user,
                FsGroup = fsGroup,
                SupplementalGroups = supplemental is null ? null : new List<long?> { supplemental },
                FsGroupChangePolicy = policy,
                Sysctls = sysctl is null ? null : new List<V1Sysctl> { new() { Name = sysctl, Value = "1" } },
                SeccompProfile = seccomp is null ? null : new V1SeccompProfile { Type = seccomp },
            };
        }

        private Func<V1Affinity> Affinity(int which, out string text)
        {
            if (which == 0)
            {
                var key = Pick(NodeKeys);
                var op = Pick(Operators);
                var values = rng.Next(4) switch { 0 => new List<string>(), 1 => new List<string> { "a" }, 2 => new List<string> { "1" }, _ => new List<string> { "1", "2" } };
                var emptyTerms = Chance(10);
                var preferred = Chance(40);
                var weight = Pick(new[] { 1, 50, 100, 0, 101 });
                var field = Chance(15);
                text = $"node affinity{(preferred ? $" preferred weight {weight}" : "")} {(field ? "field" : "label")} '{key}' {op} [{string.Join(",", values)}]{(emptyTerms ? " no terms" : "")}";
                return () =>
                {
                    var requirement = new V1NodeSelectorRequirement { Key = field ? "metadata.name" : key, OperatorProperty = op, Values = values.ToList() };
                    var term = field ? new V1NodeSelectorTerm { MatchFields = new List<V1NodeSelectorRequirement> { requirement } } : new V1NodeSelectorTerm { MatchExpressions = new List<V1NodeSelectorRequirement> { requirement } };
                    return new V1Affinity
                    {
                        NodeAffinity = preferred
                            ? new V1NodeAffinity { PreferredDuringSchedulingIgnoredDuringExecution = new List<V1PreferredSchedulingTerm> { new() { Weight = weight, Preference = term } } }
                            : new V1NodeAffinity { RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector { NodeSelectorTerms = emptyTerms ? new List<V1NodeSelectorTerm>() : new List<V1NodeSelectorTerm> { term } } },
                    };
                };
            }

            var anti = which != 1;
            var requiredTerm = which == 3 || Chance(30);
            var topology = Chance(60) ? "kubernetes.io/hostname" : Pick(TopologyKeys);
            var termWeight = Pick(new[] { 1, 100, 0, 101, -1 });
            var expression = Chance(50) ? Expression() : null;
            var matchKey = Pick(LabelKeys);
            var matchValue = Pick(LabelValues);
            var plain = Chance(50);
            var namespaces = Chance(20) ? new List<string> { Pick(NamespaceNames) } : null;
            text = $"{(anti ? "pod anti-affinity" : "pod affinity")} {(requiredTerm ? "required" : $"preferred weight {termWeight}")} topology '{topology}'" +
                   (expression is null ? "" : $" expression {Show(expression())}") + (plain ? " matchLabels app=db" : $" matchLabels '{matchKey}'='{matchValue}'") +
                   (namespaces is null ? "" : $" namespaces '{namespaces[0]}'");
            return () =>
            {
                var selector = new V1LabelSelector
                {
                    MatchLabels = plain ? new Dictionary<string, string> { ["app"] = "db" } : new Dictionary<string, string> { [matchKey] = matchValue },
                    MatchExpressions = expression is null ? null : new List<V1LabelSelectorRequirement> { expression() },
                };
                var term = new V1PodAffinityTerm { TopologyKey = topology, LabelSelector = selector, Namespaces = namespaces?.ToList() };
                var terms = requiredTerm ? new List<V1PodAffinityTerm> { term } : null;
                var weighted = requiredTerm ? null : new List<V1WeightedPodAffinityTerm> { new() { Weight = termWeight, PodAffinityTerm = term } };
                return anti
                    ? new V1Affinity { PodAntiAffinity = new V1PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = terms, PreferredDuringSchedulingIgnoredDuringExecution = weighted } }
                    : new V1Affinity { PodAffinity = new V1PodAffinity { RequiredDuringSchedulingIgnoredDuringExecution = terms, PreferredDuringSchedulingIgnoredDuringExecution = weighted } };
            };
        }
    }
}
