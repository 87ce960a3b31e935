using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using k8s;
using k8s.Models;

namespace Berth.Testing.Cluster;

/// <summary>
/// Follows the pods of one namespace with a watch and records what happened: the order in
/// which pods were first seen (created) and finally deleted, plus a timeline of changes.
/// Tests wait on it for a condition instead of sleeping. Start it before the action under test.
/// </summary>
public sealed class PodWatch : IAsyncDisposable
{
    private readonly object gate = new();
    private readonly Informer<V1Pod, V1PodList> informer;
    private readonly HashSet<string> seenUids = new();
    private readonly List<string> created = new();
    private readonly List<string> deleted = new();
    private readonly List<string> timeline = new();
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PodWatch(IKubernetes client, string ns)
    {
        Namespace = ns;
        informer = new Informer<V1Pod, V1PodList>(
            $"pods in {ns}",
            ct => client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: ct),
            (rv, onError, ct) => client.CoreV1.WatchListNamespacedPodAsync(
                ns, allowWatchBookmarks: true, resourceVersion: rv,
                timeoutSeconds: Informer<V1Pod, V1PodList>.TimeoutSeconds, onError: onError, cancellationToken: ct),
            OnEvent,
            line => Record("! " + line));
    }

    /// <summary>The namespace watched.</summary>
    public string Namespace { get; }

    /// <summary>Starts watching; returns once the current pods are listed.</summary>
    public static async Task<PodWatch> StartAsync(IKubernetes client, string ns, CancellationToken cancellationToken = default)
    {
        var watch = new PodWatch(client, ns);
        await watch.informer.StartAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        return watch;
    }

    /// <summary>Pod names in the order they were first seen.</summary>
    public IReadOnlyList<string> CreationOrder { get { lock (gate) { return created.ToList(); } } }

    /// <summary>Pod names in the order they were deleted (gone from the API).</summary>
    public IReadOnlyList<string> DeletionOrder { get { lock (gate) { return deleted.ToList(); } } }

    /// <summary>Every change seen, e.g. "ADDED myapp-0 Pending ready=False".</summary>
    public IReadOnlyList<string> Timeline { get { lock (gate) { return timeline.ToList(); } } }

    /// <summary>The pods that exist now, by name.</summary>
    public IReadOnlyDictionary<string, V1Pod> Pods => informer.Items.ToDictionary(p => p.Metadata.Name);

    /// <summary>True if the pod's Ready condition is True.</summary>
    public static bool IsReady(V1Pod pod) =>
        pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    /// <summary>
    /// Waits until <paramref name="condition"/> holds for the current pods, re-checking on every
    /// watch event. Throws <see cref="TimeoutException"/> naming <paramref name="what"/> and
    /// showing the pods and timeline if it does not hold within <paramref name="timeout"/>.
    /// </summary>
    public async Task WaitUntilAsync(
        Func<IReadOnlyDictionary<string, V1Pod>, bool> condition, TimeSpan timeout, string what, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        while (true)
        {
            Task next;
            lock (gate)
            {
                next = changed.Task;
            }

            if (condition(Pods))
            {
                return;
            }

            try
            {
                await next.WaitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                var pods = string.Join("\n  ", Pods.Values.OrderBy(p => p.Metadata.Name).Select(Describe));
                throw new TimeoutException(
                    $"Timed out after {timeout.TotalSeconds:0}s in namespace {Namespace} waiting for: {what}\n" +
                    $"pods now:\n  {pods}\ntimeline:\n  {string.Join("\n  ", Timeline)}");
            }
        }
    }

    private static string Describe(V1Pod p) =>
        $"{p.Metadata.Name} {p.Status?.Phase} ready={IsReady(p)}{(p.Metadata.DeletionTimestamp is null ? "" : " terminating")}" +
        $" node={p.Spec.NodeName}";

    private Task OnEvent(WatchEventType type, V1Pod pod)
    {
        lock (gate)
        {
            var name = pod.Metadata.Name;
            if (type == WatchEventType.Deleted)
            {
                deleted.Add(name);
            }
            else if (seenUids.Add(pod.Metadata.Uid))
            {
                created.Add(name);
            }

            timeline.Add($"{type.ToString().ToUpperInvariant()} {Describe(pod)}");
        }

        Signal();
        return Task.CompletedTask;
    }

    private void Record(string line)
    {
        lock (gate)
        {
            timeline.Add(line);
        }
    }

    private void Signal()
    {
        TaskCompletionSource old;
        lock (gate)
        {
            old = changed;
            changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        old.TrySetResult();
    }

    /// <summary>Stops the watch.</summary>
    public ValueTask DisposeAsync() => informer.DisposeAsync();
}
