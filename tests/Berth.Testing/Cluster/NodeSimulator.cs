using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Berth.Testing.Cluster;

/// <summary>What the simulated kubelet makes of a pod that a policy matches.</summary>
public enum SimulatedPodState
{
    /// <summary>Running, all containers ready (the default).</summary>
    Ready,

    /// <summary>Running, containers started but never ready (a failing readiness probe).</summary>
    Unready,

    /// <summary>Containers waiting in CrashLoopBackOff, last state terminated with exit code 1, restartCount &gt; 0.</summary>
    CrashLoop,

    /// <summary>Bound to the node but left Pending with containers waiting in ContainerCreating.</summary>
    Pending,
}

/// <summary>
/// A fake kubelet + scheduler + volume provisioner for the test cluster (as kwok does):
/// registers a Ready node and keeps its heartbeat fresh; binds unscheduled pods to it;
/// reports bound pods Running and Ready (or as a policy says); finishes the deletion of
/// terminating pods; creates a pre-bound hostPath PersistentVolume for each pending
/// PersistentVolumeClaim (the real PV controller binds them) and starts a pod only once
/// all its claims are Bound; offers StorageClasses with and without volume expansion and
/// plays the resize controller for claims of the expandable ones. Pods and claims are followed with watches.
/// </summary>
/// <remarks>
/// Pod and node IPs are made up (pods get 10.244.x.y, the node 127.0.0.1); nothing ever
/// connects to them. One simulator per cluster at a time: all of them use the same node name
/// unless told otherwise, and two simulators in one cluster would compete for the same pods
/// (and each deletes, when it starts, the volumes it made whose claims it does not see). So the
/// test projects built on <see cref="TestCluster"/> run one after another (eng/test.sh: -m:1).
/// </remarks>
public sealed class NodeSimulator : IAsyncDisposable
{
    /// <summary>Node name used when none is given.</summary>
    public const string DefaultNodeName = "berth-sim-node";

    /// <summary>Label put on the PersistentVolumes the simulator creates.</summary>
    public const string ProvisionedLabel = "berth.test/simulated-volume";

    /// <summary>A StorageClass with <c>allowVolumeExpansion: true</c>: the simulator grows its volumes online (the claim reports the new capacity).</summary>
    public const string ExpandableClass = "berth-expandable";

    /// <summary>A StorageClass with expansion whose file systems grow only when a pod next mounts them: resized claims get <c>FileSystemResizePending</c>.</summary>
    public const string OfflineExpansionClass = "berth-offline-expansion";

    /// <summary>A StorageClass without <c>allowVolumeExpansion</c>.</summary>
    public const string FixedClass = "berth-fixed";

    /// <summary>The provisioner name of the simulator's StorageClasses.</summary>
    public const string Provisioner = "berth.test/simulated";

    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);

    private readonly IKubernetes client;
    private readonly Action<string> log;
    private readonly CancellationTokenSource cts = new();
    private readonly Channel<string> queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, byte> queued = new();
    private readonly List<Rule> rules = new();
    private readonly Informer<V1Pod, V1PodList> pods;
    private readonly Informer<V1PersistentVolumeClaim, V1PersistentVolumeClaimList> claims;
    private int nextPodIp;
    private Task[] loops = Array.Empty<Task>();

    /// <param name="client">Client with rights to nodes, pods, pods/binding, pods/status, PVs and PVCs.</param>
    /// <param name="nodeName">Name of the simulated node.</param>
    /// <param name="log">Diagnostics sink (optional).</param>
    public NodeSimulator(IKubernetes client, string nodeName = DefaultNodeName, Action<string>? log = null)
    {
        this.client = client;
        NodeName = nodeName;
        this.log = log ?? (_ => { });
        var timeout = Informer<V1Pod, V1PodList>.TimeoutSeconds;
        pods = new Informer<V1Pod, V1PodList>(
            "pods",
            ct => client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: ct),
            (rv, onError, ct) => client.CoreV1.WatchListPodForAllNamespacesAsync(
                allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct),
            OnPodEventAsync,
            this.log);
        claims = new Informer<V1PersistentVolumeClaim, V1PersistentVolumeClaimList>(
            "persistentvolumeclaims",
            ct => client.CoreV1.ListPersistentVolumeClaimForAllNamespacesAsync(cancellationToken: ct),
            (rv, onError, ct) => client.CoreV1.WatchListPersistentVolumeClaimForAllNamespacesAsync(
                allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct),
            OnClaimEventAsync,
            this.log);
    }

    /// <summary>Name of the simulated node.</summary>
    public string NodeName { get; }

    /// <summary>Registers the node and starts following pods and claims.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await RegisterNodeAsync(cancellationToken).ConfigureAwait(false);
        await EnsureStorageClassesAsync(cancellationToken).ConfigureAwait(false);
        var syncTimeout = TimeSpan.FromSeconds(30);
        await claims.StartAsync(syncTimeout, cancellationToken).ConfigureAwait(false);
        await pods.StartAsync(syncTimeout, cancellationToken).ConfigureAwait(false);
        await DeleteOrphanedVolumesAsync(cancellationToken).ConfigureAwait(false);
        loops = new[]
        {
            Task.Run(() => WorkAsync(cts.Token)),
            Task.Run(() => HeartbeatAsync(cts.Token)),
        };
        log($"node {NodeName} registered and simulator running");
    }

    /// <summary>
    /// Makes pods that <paramref name="match"/> selects end up in <paramref name="state"/>.
    /// The newest matching policy wins. Disposing the result removes the policy, and the
    /// pods it held return to their default (Ready). Existing pods are re-evaluated at once.
    /// </summary>
    public IDisposable SetPolicy(Func<V1Pod, bool> match, SimulatedPodState state)
    {
        var rule = new Rule(match, state);
        lock (rules)
        {
            rules.Add(rule);
        }

        RequeueOwnPods();
        return new Removal(() =>
        {
            lock (rules)
            {
                rules.Remove(rule);
            }

            RequeueOwnPods();
        });
    }

    /// <summary>Pods selected stay Running but never become Ready (a stuck rollout).</summary>
    public IDisposable KeepUnready(Func<V1Pod, bool> match) => SetPolicy(match, SimulatedPodState.Unready);

    /// <summary>Pods selected crash-loop: waiting in CrashLoopBackOff with restarts.</summary>
    public IDisposable Crash(Func<V1Pod, bool> match) => SetPolicy(match, SimulatedPodState.CrashLoop);

    /// <summary>Pods selected stay Pending (ContainerCreating).</summary>
    public IDisposable KeepPending(Func<V1Pod, bool> match) => SetPolicy(match, SimulatedPodState.Pending);

    /// <summary>Selects the pod named <paramref name="podName"/> in <paramref name="ns"/>.</summary>
    public static Func<V1Pod, bool> PodNamed(string ns, string podName) =>
        p => p.Metadata.NamespaceProperty == ns && p.Metadata.Name == podName;

    /// <summary>Selects pods in <paramref name="ns"/> with any (init) container running <paramref name="image"/>.</summary>
    public static Func<V1Pod, bool> WithImage(string ns, string image) =>
        p => p.Metadata.NamespaceProperty == ns && AllContainers(p).Any(c => c.Image == image);

    // ------------------------------------------------------------------ node

    private V1Node NodeObject() => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = NodeName,
            Labels = new Dictionary<string, string>
            {
                ["kubernetes.io/hostname"] = NodeName,
                ["kubernetes.io/os"] = "linux",
                ["kubernetes.io/arch"] = "amd64",
                ["type"] = "berth-simulated",
            },
        },
        Status = new V1NodeStatus
        {
            Capacity = Resources(),
            Allocatable = Resources(),
            Conditions = NodeConditions(DateTime.UtcNow),
            Addresses = new List<V1NodeAddress>
            {
                new() { Type = "InternalIP", Address = "127.0.0.1" },
                new() { Type = "Hostname", Address = NodeName },
            },
            NodeInfo = new V1NodeSystemInfo
            {
                Architecture = "amd64",
                OperatingSystem = "linux",
                OsImage = "Berth node simulator",
                KernelVersion = "simulated",
                ContainerRuntimeVersion = "simulated://1.0",
                KubeletVersion = "v1.20.2",
                KubeProxyVersion = "v1.20.2",
                MachineID = "berth-sim",
                SystemUUID = "berth-sim",
                BootID = "berth-sim",
            },
        },
    };

    private static Dictionary<string, ResourceQuantity> Resources() => new()
    {
        ["cpu"] = new ResourceQuantity("64"),
        ["memory"] = new ResourceQuantity("256Gi"),
        ["pods"] = new ResourceQuantity("1000"),
        ["ephemeral-storage"] = new ResourceQuantity("1Ti"),
    };

    private static List<V1NodeCondition> NodeConditions(DateTime now)
    {
        V1NodeCondition C(string type, string status, string reason) => new()
        {
            Type = type, Status = status, Reason = reason, Message = reason,
            LastHeartbeatTime = now, LastTransitionTime = now,
        };
        return new List<V1NodeCondition>
        {
            C("Ready", "True", "KubeletReady"),
            C("MemoryPressure", "False", "KubeletHasSufficientMemory"),
            C("DiskPressure", "False", "KubeletHasNoDiskPressure"),
            C("PIDPressure", "False", "KubeletHasSufficientPID"),
        };
    }

    private async Task RegisterNodeAsync(CancellationToken ct)
    {
        try
        {
            await client.CoreV1.CreateNodeAsync(NodeObject(), cancellationToken: ct).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // left over from an earlier run: it is ours, just refresh its status below
        }

        // the controller manager may write the new node meanwhile (taints, annotations): read it again and retry
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await RenewNodeStatusAsync(ct).ConfigureAwait(false);
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && attempt < 10)
            {
                await Task.Delay(100 * attempt, ct).ConfigureAwait(false);
            }
        }
    }

    private async Task RenewNodeStatusAsync(CancellationToken ct)
    {
        var node = await client.CoreV1.ReadNodeAsync(NodeName, cancellationToken: ct).ConfigureAwait(false);
        var fresh = NodeObject().Status;
        node.Status.Capacity = fresh.Capacity;
        node.Status.Allocatable = fresh.Allocatable;
        node.Status.Addresses = fresh.Addresses;
        node.Status.NodeInfo = fresh.NodeInfo;
        var now = DateTime.UtcNow;
        foreach (var c in fresh.Conditions)
        {
            var old = node.Status.Conditions?.FirstOrDefault(o => o.Type == c.Type);
            if (old is not null && old.Status == c.Status)
            {
                c.LastTransitionTime = old.LastTransitionTime;
            }

            c.LastHeartbeatTime = now;
        }

        node.Status.Conditions = fresh.Conditions;
        await client.CoreV1.ReplaceNodeStatusAsync(node, NodeName, cancellationToken: ct).ConfigureAwait(false);
    }

    private async Task HeartbeatAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(HeartbeatInterval, ct).ConfigureAwait(false);
                await RenewNodeStatusAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                log($"node {NodeName} was deleted; registering it again");
                await TryAsync(() => RegisterNodeAsync(ct)).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                log($"node heartbeat failed: {e.Message}");
            }
        }
    }

    // ------------------------------------------------------------------ pods

    private Task OnPodEventAsync(WatchEventType type, V1Pod pod)
    {
        if (type != WatchEventType.Deleted)
        {
            Enqueue(Informer<V1Pod, V1PodList>.Key(pod.Metadata.NamespaceProperty, pod.Metadata.Name));
        }

        return Task.CompletedTask;
    }

    private void Enqueue(string key)
    {
        if (queued.TryAdd(key, 0))
        {
            queue.Writer.TryWrite(key);
        }
    }

    private void RequeueOwnPods()
    {
        foreach (var p in pods.Items.Where(p => p.Spec.NodeName == NodeName))
        {
            Enqueue(Informer<V1Pod, V1PodList>.Key(p.Metadata.NamespaceProperty, p.Metadata.Name));
        }
    }

    private async Task WorkAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var key in queue.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                queued.TryRemove(key, out _);
                var slash = key.IndexOf('/');
                var pod = pods.Get(key[..slash], key[(slash + 1)..]);
                if (pod is null)
                {
                    continue;
                }

                try
                {
                    await ReconcilePodAsync(pod, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
                {
                    // gone or changed meanwhile: the watch brings the newer state
                }
                catch (Exception e)
                {
                    log($"pod {key}: {e.Message}; retrying in 1s");
                    _ = Task.Delay(TimeSpan.FromSeconds(1), ct).ContinueWith(_ => Enqueue(key), TaskScheduler.Default);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task ReconcilePodAsync(V1Pod pod, CancellationToken ct)
    {
        var ns = pod.Metadata.NamespaceProperty;
        var name = pod.Metadata.Name;

        if (pod.Metadata.DeletionTimestamp is not null)
        {
            // what a kubelet does once the containers are gone: remove the pod for good
            await client.CoreV1.DeleteNamespacedPodAsync(name, ns, new V1DeleteOptions
            {
                GracePeriodSeconds = 0,
                Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid },
            }, cancellationToken: ct).ConfigureAwait(false);
            log($"pod {ns}/{name}: deletion finished");
            return;
        }

        if (string.IsNullOrEmpty(pod.Spec.NodeName))
        {
            await client.CoreV1.CreateNamespacedPodBindingAsync(new V1Binding
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = pod.Metadata.Uid },
                Target = new V1ObjectReference { ApiVersion = "v1", Kind = "Node", Name = NodeName },
            }, name, ns, cancellationToken: ct).ConfigureAwait(false);
            log($"pod {ns}/{name}: bound to {NodeName}");
            return;
        }

        if (pod.Spec.NodeName != NodeName || pod.Status?.Phase is "Succeeded" or "Failed")
        {
            return;
        }

        var state = ClaimsBound(pod) ? PolicyFor(pod) : SimulatedPodState.Pending;
        var status = DesiredStatus(pod, state);
        if (Signature(status) == Signature(pod.Status))
        {
            return;
        }

        // a copy: the cached pod must keep showing what the server has
        var update = new V1Pod { ApiVersion = pod.ApiVersion, Kind = pod.Kind, Metadata = pod.Metadata, Spec = pod.Spec, Status = status };
        await client.CoreV1.ReplaceNamespacedPodStatusAsync(update, name, ns, cancellationToken: ct).ConfigureAwait(false);
        log($"pod {ns}/{name}: {state}");
    }

    private SimulatedPodState PolicyFor(V1Pod pod)
    {
        lock (rules)
        {
            for (var i = rules.Count - 1; i >= 0; i--)
            {
                if (rules[i].Match(pod))
                {
                    return rules[i].State;
                }
            }
        }

        return SimulatedPodState.Ready;
    }

    private bool ClaimsBound(V1Pod pod) =>
        (pod.Spec.Volumes ?? new List<V1Volume>())
            .Where(v => v.PersistentVolumeClaim is not null)
            .All(v => claims.Get(pod.Metadata.NamespaceProperty, v.PersistentVolumeClaim.ClaimName)?.Status?.Phase == "Bound");

    private static IEnumerable<V1Container> AllContainers(V1Pod p) =>
        (p.Spec.InitContainers ?? new List<V1Container>()).Concat(p.Spec.Containers ?? new List<V1Container>());

    private V1PodStatus DesiredStatus(V1Pod pod, SimulatedPodState state)
    {
        var old = pod.Status ?? new V1PodStatus();
        var now = DateTime.UtcNow;
        var started = state != SimulatedPodState.Pending;
        var ready = state == SimulatedPodState.Ready;
        var podIp = old.PodIP ?? NextPodIp();

        V1PodCondition Cond(string type, bool value, string? reason = null)
        {
            var status = value ? "True" : "False";
            var prev = old.Conditions?.FirstOrDefault(c => c.Type == type);
            return new V1PodCondition
            {
                Type = type, Status = status, Reason = value ? null : reason,
                LastTransitionTime = prev is not null && prev.Status == status ? prev.LastTransitionTime : now,
            };
        }

        V1ContainerStatus Container(V1Container c, bool init)
        {
            var prev = (init ? old.InitContainerStatuses : old.ContainerStatuses)?.FirstOrDefault(s => s.Name == c.Name);
            var restarts = prev?.RestartCount ?? 0;
            var s = new V1ContainerStatus { Name = c.Name, Image = c.Image, ImageID = ImageId(c.Image), RestartCount = restarts };
            if (!started)
            {
                s.State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = init ? "PodInitializing" : "ContainerCreating" } };
            }
            else if (init)
            {
                s.Ready = true;
                s.State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 0, Reason = "Completed", StartedAt = now, FinishedAt = now } };
            }
            else if (state == SimulatedPodState.CrashLoop)
            {
                var alreadyCrashing = prev?.State?.Waiting?.Reason == "CrashLoopBackOff";
                s.RestartCount = alreadyCrashing ? restarts : restarts + 1;
                s.State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff", Message = $"back-off restarting failed container {c.Name} (simulated)" } };
                s.LastState = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 1, Reason = "Error", StartedAt = now, FinishedAt = now } };
            }
            else
            {
                s.Started = true;
                s.Ready = ready;
                s.State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = prev?.State?.Running?.StartedAt ?? now } };
            }

            if (started)
            {
                s.ContainerID = "containerd://" + Hash($"{pod.Metadata.Uid}/{c.Name}/{s.RestartCount}");
            }

            return s;
        }

        return new V1PodStatus
        {
            Phase = started ? "Running" : "Pending",
            HostIP = "127.0.0.1",
            PodIP = podIp,
            PodIPs = new List<V1PodIP> { new() { Ip = podIp } },
            StartTime = old.StartTime ?? now,
            QosClass = old.QosClass,
            Conditions = new List<V1PodCondition>
            {
                Cond("Initialized", started, "ContainersNotInitialized"),
                Cond("Ready", ready, "ContainersNotReady"),
                Cond("ContainersReady", ready, "ContainersNotReady"),
                Cond("PodScheduled", true),
            },
            InitContainerStatuses = pod.Spec.InitContainers?.Select(c => Container(c, true)).ToList(),
            ContainerStatuses = pod.Spec.Containers.Select(c => Container(c, false)).ToList(),
        };
    }

    /// <summary>The fields the simulator decides; an update is sent only when they differ.</summary>
    private static string Signature(V1PodStatus? s)
    {
        if (s is null)
        {
            return "";
        }

        static string States(IEnumerable<V1ContainerStatus>? cs) => string.Join(",", (cs ?? Array.Empty<V1ContainerStatus>()).Select(c =>
            $"{c.Name}:{c.Ready}:{c.State?.Running is not null}:{c.State?.Waiting?.Reason}:{c.State?.Terminated?.Reason}:{c.Image}"));
        var conditions = string.Join(",", (s.Conditions ?? new List<V1PodCondition>()).OrderBy(c => c.Type).Select(c => c.Type + "=" + c.Status));
        return $"{s.Phase}|{conditions}|{States(s.InitContainerStatuses)}|{States(s.ContainerStatuses)}";
    }

    private string NextPodIp()
    {
        var n = Interlocked.Increment(ref nextPodIp);
        return $"10.244.{(n >> 8) & 255}.{n & 255}";
    }

    private static string ImageId(string image) => $"{image}@sha256:{Hash(image)}";

    private static string Hash(string s) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(s))).ToLowerInvariant();

    // ------------------------------------------------------------------ volumes

    private async Task OnClaimEventAsync(WatchEventType type, V1PersistentVolumeClaim claim)
    {
        var ns = claim.Metadata.NamespaceProperty;
        if (type == WatchEventType.Deleted)
        {
            await TryAsync(() => client.CoreV1.DeletePersistentVolumeAsync(VolumeName(claim), cancellationToken: cts.Token)).ConfigureAwait(false);
            return;
        }

        if (claim.Metadata.DeletionTimestamp is null && claim.Status?.Phase == "Bound" && claim.Spec.StorageClassName is ExpandableClass or OfflineExpansionClass)
        {
            await TryAsync(() => ExpandAsync(claim)).ConfigureAwait(false);
        }

        if (claim.Metadata.DeletionTimestamp is null
            && claim.Status?.Phase == "Pending"
            && string.IsNullOrEmpty(claim.Spec.VolumeName)
            && claim.Spec.Selector is null)
        {
            await ProvisionAsync(claim).ConfigureAwait(false);
        }

        // pods waiting for this claim may start now
        foreach (var p in pods.Items.Where(p => p.Metadata.NamespaceProperty == ns
                     && p.Spec.Volumes?.Any(v => v.PersistentVolumeClaim?.ClaimName == claim.Metadata.Name) == true))
        {
            Enqueue(Informer<V1Pod, V1PodList>.Key(ns, p.Metadata.Name));
        }
    }

    private static string VolumeName(V1PersistentVolumeClaim claim) => "berth-sim-" + claim.Metadata.Uid;

    /// <summary>The simulator's StorageClasses (created once per cluster; <c>Immediate</c> binding).</summary>
    private async Task EnsureStorageClassesAsync(CancellationToken ct)
    {
        foreach (var (name, expands) in new[] { (ExpandableClass, true), (OfflineExpansionClass, true), (FixedClass, false) })
        {
            try
            {
                await client.StorageV1.CreateStorageClassAsync(new V1StorageClass
                {
                    Metadata = new V1ObjectMeta { Name = name },
                    Provisioner = Provisioner,
                    AllowVolumeExpansion = expands ? true : null,
                    VolumeBindingMode = "Immediate",
                    ReclaimPolicy = "Retain",
                }, cancellationToken: ct).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // made by an earlier run
            }
        }
    }

    /// <summary>
    /// What a CSI resizer and the kubelet do for a bound claim that asks for more than it has: grow the volume, then
    /// report the new capacity on the claim; for <see cref="OfflineExpansionClass"/> only the volume grows and the
    /// claim gets the condition <c>FileSystemResizePending</c>, as when the file system waits for the next mount.
    /// </summary>
    private async Task ExpandAsync(V1PersistentVolumeClaim claim)
    {
        var requested = claim.Spec.Resources?.Requests?.TryGetValue("storage", out var r) == true ? r : null;
        var capacity = claim.Status?.Capacity?.TryGetValue("storage", out var c) == true ? c : null;
        if (requested is null || capacity is null || requested.ToDecimal() <= capacity.ToDecimal() || string.IsNullOrEmpty(claim.Spec.VolumeName))
        {
            return;
        }

        var pending = claim.Spec.StorageClassName == OfflineExpansionClass;
        if (pending && claim.Status?.Conditions?.Any(x => x.Type == "FileSystemResizePending") == true)
        {
            return;
        }

        var size = requested.ToString();
        await client.CoreV1.PatchPersistentVolumeAsync(
            new V1Patch($"{{\"spec\":{{\"capacity\":{{\"storage\":\"{size}\"}}}}}}", V1Patch.PatchType.MergePatch), claim.Spec.VolumeName, cancellationToken: cts.Token).ConfigureAwait(false);
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var status = pending
            ? $"{{\"status\":{{\"conditions\":[{{\"type\":\"FileSystemResizePending\",\"status\":\"True\",\"lastTransitionTime\":\"{now}\",\"message\":\"Waiting for user to (re-)start a pod to finish file system resize of volume on node.\"}}]}}}}"
            : $"{{\"status\":{{\"capacity\":{{\"storage\":\"{size}\"}},\"conditions\":null}}}}";
        await client.CoreV1.PatchNamespacedPersistentVolumeClaimStatusAsync(
            new V1Patch(status, V1Patch.PatchType.MergePatch), claim.Metadata.Name, claim.Metadata.NamespaceProperty, cancellationToken: cts.Token).ConfigureAwait(false);
        log($"pvc {claim.Metadata.NamespaceProperty}/{claim.Metadata.Name}: {(pending ? "volume grown to " + size + ", FileSystemResizePending" : "resized to " + size)}");
    }

    private async Task ProvisionAsync(V1PersistentVolumeClaim claim)
    {
        var size = claim.Spec.Resources?.Requests?.TryGetValue("storage", out var q) == true ? q : new ResourceQuantity("1Gi");
        var pv = new V1PersistentVolume
        {
            Metadata = new V1ObjectMeta
            {
                Name = VolumeName(claim),
                Labels = new Dictionary<string, string> { [ProvisionedLabel] = "true" },
                Annotations = new Dictionary<string, string> { ["pv.kubernetes.io/provisioned-by"] = "berth-node-simulator" },
            },
            Spec = new V1PersistentVolumeSpec
            {
                Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = size },
                AccessModes = claim.Spec.AccessModes ?? new List<string> { "ReadWriteOnce" },
                StorageClassName = claim.Spec.StorageClassName,
                VolumeMode = claim.Spec.VolumeMode,
                PersistentVolumeReclaimPolicy = "Retain", // the simulator deletes it with its claim
                HostPath = new V1HostPathVolumeSource { Path = "/berth-simulated-volumes/" + claim.Metadata.Uid },
                ClaimRef = new V1ObjectReference
                {
                    ApiVersion = "v1",
                    Kind = "PersistentVolumeClaim",
                    NamespaceProperty = claim.Metadata.NamespaceProperty,
                    Name = claim.Metadata.Name,
                    Uid = claim.Metadata.Uid,
                },
            },
        };
        try
        {
            await client.CoreV1.CreatePersistentVolumeAsync(pv, cancellationToken: cts.Token).ConfigureAwait(false);
            log($"pvc {claim.Metadata.NamespaceProperty}/{claim.Metadata.Name}: provisioned {pv.Metadata.Name} ({size})");
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // already provisioned
        }
    }

    /// <summary>Deletes volumes this simulator made whose claim no longer exists (e.g. after a crash).</summary>
    private async Task DeleteOrphanedVolumesAsync(CancellationToken ct)
    {
        var live = claims.Items.Select(c => c.Metadata.Uid).ToHashSet();
        var volumes = await client.CoreV1.ListPersistentVolumeAsync(labelSelector: ProvisionedLabel + "=true", cancellationToken: ct).ConfigureAwait(false);
        foreach (var pv in volumes.Items.Where(v => v.Spec.ClaimRef?.Uid is not { } uid || !live.Contains(uid)))
        {
            await TryAsync(() => client.CoreV1.DeletePersistentVolumeAsync(pv.Metadata.Name, cancellationToken: ct)).ConfigureAwait(false);
        }
    }

    // ------------------------------------------------------------------ plumbing

    private async Task TryAsync(Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log(e.Message);
        }
    }

    /// <summary>Stops all watches and loops. The node object stays registered.</summary>
    public async ValueTask DisposeAsync()
    {
        cts.Cancel();
        queue.Writer.TryComplete();
        await pods.DisposeAsync().ConfigureAwait(false);
        await claims.DisposeAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        cts.Dispose();
    }

    private sealed record Rule(Func<V1Pod, bool> Match, SimulatedPodState State);

    private sealed class Removal : IDisposable
    {
        private Action? action;

        public Removal(Action action) => this.action = action;

        public void Dispose() => Interlocked.Exchange(ref action, null)?.Invoke();
    }
}
