using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Client.Internal;

/// <summary>An auto-reset signal that waiters await with a timeout.</summary>
internal sealed class AsyncSignal
{
    private readonly object gate = new();
    private TaskCompletionSource tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set()
    {
        lock (gate)
            tcs.TrySetResult();
    }

    /// <summary>Waits until <see cref="Set"/> was called since the last wait, or the timeout passes.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        Task task;
        lock (gate)
            task = tcs.Task;
        if (timeout < TimeSpan.Zero)
            timeout = TimeSpan.Zero;
        try
        {
            await task.WaitAsync(timeout, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        lock (gate)
        {
            if (tcs.Task.IsCompleted)
                tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}

/// <summary>
/// What the reflectors of one wait know about the API server: unreachable since when (and why), and whether a
/// re-list showed a resourceVersion older than one seen before (the cluster was wiped or replaced). Each change sets
/// the wait's signal.
/// </summary>
internal sealed class ServerConnection
{
    private readonly object gate = new();
    private readonly AsyncSignal signal;
    private DateTime? lostAt;
    private string? lostReason;
    private string? wentBack;

    public ServerConnection(AsyncSignal signal) => this.signal = signal;

    /// <summary>Since when the server does not answer (null while it does), and the error.</summary>
    public (DateTime? Since, string? Reason) Lost
    {
        get
        {
            lock (gate)
                return (lostAt, lostReason);
        }
    }

    /// <summary>"pods ...: resourceVersion 5120 after 98211" once a re-list went backwards; null otherwise.</summary>
    public string? WentBack
    {
        get
        {
            lock (gate)
                return wentBack;
        }
    }

    public void OnLost(Exception e)
    {
        lock (gate)
        {
            if (lostAt is not null)
                return;
            lostAt = DateTime.UtcNow;
            lostReason = Innermost(e);
        }

        signal.Set();
    }

    public void OnReached()
    {
        lock (gate)
        {
            if (lostAt is null)
                return;
            lostAt = null;
            lostReason = null;
        }

        signal.Set();
    }

    public void OnWentBack(string what)
    {
        lock (gate)
            wentBack ??= what;
        signal.Set();
    }

    private static string Innermost(Exception e)
    {
        while (e.InnerException is { } inner)
            e = inner;
        return e.Message;
    }
}

/// <summary>
/// Keeps an up-to-date copy of a set of objects with list + watch (like client-go's reflector): lists, watches
/// from the list's resourceVersion, re-watches when the server ends the stream, re-lists after errors (such as
/// 410 Gone). Every change sets <see cref="Changed"/>. No polling.
/// </summary>
internal sealed class Reflector<T> : IAsyncDisposable
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    // below the HTTP client's own request timeout (100 s by default): the server ends each watch cleanly and the
    // reflector watches again from the last resourceVersion
    private const int WatchTimeoutSeconds = 60;

    private readonly string what;
    private readonly Func<CancellationToken, Task<(IList<T> Items, string ResourceVersion)>> list;
    private readonly Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch;
    private readonly ILogger logger;
    private readonly CancellationTokenSource cts = new();
    private readonly object gate = new();
    private readonly ServerConnection? connection;
    private Dictionary<string, T> items = new(StringComparer.Ordinal);
    private Task? loop;
    private ulong newestVersion;

    public Reflector(
        string what,
        Func<CancellationToken, Task<(IList<T> Items, string ResourceVersion)>> list,
        Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch,
        AsyncSignal changed,
        ILogger logger,
        ServerConnection? connection = null)
    {
        this.connection = connection;
        this.what = what;
        this.list = list;
        this.watch = watch;
        Changed = changed;
        this.logger = logger;
    }

    public AsyncSignal Changed { get; }

    public static int TimeoutSeconds => WatchTimeoutSeconds;

    public IReadOnlyList<T> Items
    {
        get
        {
            lock (gate)
                return items.Values.ToList();
        }
    }

    /// <summary>Lists once (errors surface here), then keeps watching in the background.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        var rv = await ListAsync(ct).ConfigureAwait(false);
        loop = Task.Run(() => RunAsync(rv, cts.Token), CancellationToken.None);
    }

    private async Task<string> ListAsync(CancellationToken ct)
    {
        var (listed, rv) = await list(ct).ConfigureAwait(false);
        lock (gate)
            items = listed.ToDictionary(o => o.Metadata.Name, StringComparer.Ordinal);
        if (ulong.TryParse(rv, out var version))
        {
            // resourceVersions are etcd revisions: a list older than what was seen means another etcd (wiped or replaced)
            if (version < newestVersion)
                connection?.OnWentBack($"{what}: the server listed resourceVersion {rv} after {newestVersion} had been seen");
            newestVersion = Math.Max(newestVersion, version);
        }

        connection?.OnReached();
        Changed.Set();
        return rv;
    }

    private async Task RunAsync(string rv, CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            var relist = false;
            var started = Stopwatch.StartNew();
            try
            {
                var events = watch(rv, e =>
                {
                    relist = true;
                    logger.LogDebug("{What}: watch error, re-listing: {Message}", what, e.Message);
                }, ct);
                await foreach (var (type, obj) in events.WithCancellation(ct).ConfigureAwait(false))
                {
                    if (obj?.Metadata?.ResourceVersion is { } v)
                    {
                        rv = v;
                        if (ulong.TryParse(v, out var version))
                            newestVersion = Math.Max(newestVersion, version);
                    }

                    if (obj?.Metadata?.Name is not { } name || type is WatchEventType.Bookmark or WatchEventType.Error)
                        continue;
                    lock (gate)
                    {
                        if (type == WatchEventType.Deleted)
                            items.Remove(name);
                        else
                            items[name] = obj;
                    }

                    Changed.Set();
                }

                failures = 0;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (IsConnectionEnd(e) && started.Elapsed > TimeSpan.FromSeconds(1))
            {
                // the server or the network ended the stream: watch again from the last resourceVersion
            }
            catch (Exception e)
            {
                relist = true;
                if (IsConnectionEnd(e))
                    connection?.OnLost(e);
                logger.LogDebug("{What}: watch failed ({Message}); re-listing", what, e.Message);
            }

            if (!relist && connection?.Lost.Since is null)
                continue;
            relist = true;
            failures++;
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * Math.Pow(2, Math.Min(failures, 6)))), ct).ConfigureAwait(false);
                rv = await ListAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (IsConnectionEnd(e))
                    connection?.OnLost(e);
                logger.LogDebug("{What}: re-list failed: {Message}", what, e.Message);
            }
        }
    }

    private static bool IsConnectionEnd(Exception e) =>
        e is HttpRequestException or IOException || (e.InnerException is { } inner && IsConnectionEnd(inner));

    public async ValueTask DisposeAsync()
    {
        cts.Cancel();
        if (loop is not null)
        {
            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        cts.Dispose();
    }
}

/// <summary>Reflectors for one StatefulSet and its pods.</summary>
internal static class Watches
{
    public static Reflector<V1StatefulSet> StatefulSet(KubeApi api, string ns, string name, AsyncSignal signal, ServerConnection? connection = null)
    {
        var field = "metadata.name=" + name;
        var target = new ObjectRef("StatefulSet", ns, name);
        return new Reflector<V1StatefulSet>(
            target.ToString(),
            async ct =>
            {
                var l = await api.CallAsync(target, "list", t => api.Client.AppsV1.ListNamespacedStatefulSetAsync(ns, fieldSelector: field, cancellationToken: t), ct).ConfigureAwait(false);
                return (l.Items, l.Metadata.ResourceVersion);
            },
            (rv, onError, ct) => api.Client.AppsV1.WatchListNamespacedStatefulSetAsync(ns, allowWatchBookmarks: true, fieldSelector: field, resourceVersion: rv,
                timeoutSeconds: Reflector<V1StatefulSet>.TimeoutSeconds, onError: onError, cancellationToken: ct),
            signal,
            api.Logger,
            connection);
    }

    public static Reflector<V1Pod> Pods(KubeApi api, string ns, string labelSelector, AsyncSignal signal, ServerConnection? connection = null)
    {
        var target = new ObjectRef("Pod", ns, labelSelector);
        return new Reflector<V1Pod>(
            $"pods {labelSelector} in namespace {ns}",
            async ct =>
            {
                var l = await api.CallAsync(target, "list", t => api.Client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: labelSelector, cancellationToken: t), ct).ConfigureAwait(false);
                return (l.Items, l.Metadata.ResourceVersion);
            },
            (rv, onError, ct) => api.Client.CoreV1.WatchListNamespacedPodAsync(ns, allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: rv,
                timeoutSeconds: Reflector<V1Pod>.TimeoutSeconds, onError: onError, cancellationToken: ct),
            signal,
            api.Logger,
            connection);
    }
}
