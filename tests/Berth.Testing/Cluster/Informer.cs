using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using k8s;
using k8s.Models;

namespace Berth.Testing.Cluster;

/// <summary>
/// A minimal list+watch loop (like client-go's reflector): lists, then watches from the
/// list's resourceVersion, re-watches when the server closes the stream and re-lists after
/// errors (e.g. 410 Gone). Keeps a cache keyed "namespace/name" and reports every change
/// through <c>onEvent</c>; after a re-list, objects that vanished meanwhile are reported as
/// <see cref="WatchEventType.Deleted"/>. Callbacks run on the informer's loop, one at a time.
/// </summary>
internal sealed class Informer<T, TList> : IAsyncDisposable
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TList : class, IItems<T>, IMetadata<V1ListMeta>
{
    private const int WatchTimeoutSeconds = 60;

    private readonly string what;
    private readonly Func<CancellationToken, Task<TList>> list;
    private readonly Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch;
    private readonly Func<WatchEventType, T, Task> onEvent;
    private readonly Action<string> log;
    private readonly CancellationTokenSource cts = new();
    private readonly TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, T> cache = new();
    private Task? loop;

    /// <param name="what">Name for log lines.</param>
    /// <param name="list">Lists the objects.</param>
    /// <param name="watch">Watches from a resourceVersion; use <see cref="TimeoutSeconds"/> as server-side timeout.</param>
    /// <param name="onEvent">Called for each change, after the cache was updated.</param>
    /// <param name="log">Diagnostics sink.</param>
    public Informer(
        string what,
        Func<CancellationToken, Task<TList>> list,
        Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch,
        Func<WatchEventType, T, Task> onEvent,
        Action<string> log)
    {
        this.what = what;
        this.list = list;
        this.watch = watch;
        this.onEvent = onEvent;
        this.log = log;
    }

    public IReadOnlyCollection<T> Items => (IReadOnlyCollection<T>)cache.Values;

    public T? Get(string? ns, string name) => cache.TryGetValue(Key(ns, name), out var o) ? o : null;

    public static string Key(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : ns + "/" + name;

    private static string Key(T o) => Key(o.Metadata.NamespaceProperty, o.Metadata.Name);

    /// <summary>Starts the loop and waits for the first list to be processed.</summary>
    public async Task StartAsync(TimeSpan timeout, CancellationToken ct)
    {
        loop = Task.Run(() => RunAsync(cts.Token));
        try
        {
            await synced.Task.WaitAsync(timeout, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{what}: first list did not complete within {timeout.TotalSeconds:0}s");
        }
    }

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                string rv = await ListAsync(ct).ConfigureAwait(false);
                synced.TrySetResult();
                var relist = false;
                while (!relist && !ct.IsCancellationRequested)
                {
                    var started = Stopwatch.StartNew();
                    var events = watch(rv, e => { relist = true; log($"{what}: watch error, will re-list: {e.Message}"); }, ct);
                    try
                    {
                        await foreach (var (type, obj) in events.WithCancellation(ct).ConfigureAwait(false))
                        {
                            if (obj?.Metadata?.ResourceVersion is { } v)
                            {
                                rv = v;
                            }

                            if (obj?.Metadata?.Name is null || type is WatchEventType.Bookmark or WatchEventType.Error)
                            {
                                continue;
                            }

                            if (type == WatchEventType.Deleted)
                            {
                                cache.TryRemove(Key(obj), out _);
                            }
                            else
                            {
                                cache[Key(obj)] = obj;
                            }

                            await Dispatch(type, obj).ConfigureAwait(false);
                        }
                    }
                    catch (Exception e) when (!ct.IsCancellationRequested && IsConnectionEnd(e) && started.Elapsed > TimeSpan.FromSeconds(1))
                    {
                        // The server ended the watch (its timeoutSeconds ran out, or the
                        // connection dropped): watch again from the last resourceVersion.
                        // Quick failures go to the outer handler, which waits and re-lists.
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log($"{what}: {e.GetType().Name}: {e.Message}{(e.InnerException is { } i ? " (" + i.Message + ")" : "")}; re-listing in 1s");
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private static bool IsConnectionEnd(Exception e) =>
        e is HttpRequestException or IOException || (e.InnerException is { } inner && IsConnectionEnd(inner));

    private async Task<string> ListAsync(CancellationToken ct)
    {
        var items = await list(ct).ConfigureAwait(false);
        var seen = new HashSet<string>();
        foreach (var obj in items.Items)
        {
            var key = Key(obj);
            seen.Add(key);
            var existed = cache.ContainsKey(key);
            cache[key] = obj;
            await Dispatch(existed ? WatchEventType.Modified : WatchEventType.Added, obj).ConfigureAwait(false);
        }

        foreach (var key in cache.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            if (cache.TryRemove(key, out var gone))
            {
                await Dispatch(WatchEventType.Deleted, gone).ConfigureAwait(false);
            }
        }

        return items.Metadata.ResourceVersion;
    }

    private async Task Dispatch(WatchEventType type, T obj)
    {
        try
        {
            await onEvent(type, obj).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log($"{what}: handler failed for {type} {Key(obj)}: {e.Message}");
        }
    }

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

    /// <summary>Server-side watch timeout used for every watch request (the loop then re-watches).</summary>
    public static int TimeoutSeconds => WatchTimeoutSeconds;
}
