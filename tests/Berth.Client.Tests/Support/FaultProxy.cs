using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Berth.Testing.Cluster;
using Microsoft.Extensions.Logging;

namespace Berth.Client.Tests.Support;

/// <summary>A kind of fault the <see cref="FaultProxy"/> injects.</summary>
public enum InjectedFault
{
    /// <summary>500 or 503 with a Kubernetes Status, without forwarding the request.</summary>
    ServerError,

    /// <summary>429 Too Many Requests with <c>Retry-After: 1</c>, without forwarding the request.</summary>
    TooManyRequests,

    /// <summary>The connection is reset before the request is forwarded: the server never sees it.</summary>
    ResetBefore,

    /// <summary>
    /// The request is forwarded and the server acts on it, then the connection is reset before the answer reaches
    /// the client: the client cannot know whether its request took effect (the case that makes a blind retry of a
    /// request that is not idempotent dangerous).
    /// </summary>
    ResetAfter,

    /// <summary>The request is held back for 0.5-2 s before it is forwarded, then passed on unchanged.</summary>
    Slow,

    /// <summary>A watch is passed on for a while (0.3-3 s), then its connection is cut mid-stream.</summary>
    WatchDisconnect,
}

/// <summary>Settings of a <see cref="FaultProxy"/>.</summary>
public sealed record FaultProxyOptions
{
    /// <summary>The share of requests that get a fault, 0..1. Default 0.2.</summary>
    public double Rate { get; init; } = 0.2;

    /// <summary>The seed: the same seed and the same requests give the same faults.</summary>
    public int Seed { get; init; }

    /// <summary>The kinds of fault to choose from (uniformly). Default: all.</summary>
    public IReadOnlyList<InjectedFault> Kinds { get; init; } = Enum.GetValues<InjectedFault>();

    /// <summary>How long a <see cref="InjectedFault.Slow"/> answer is held back; null: 0.5-2 s, chosen by the seed.</summary>
    public TimeSpan? SlowDelay { get; init; }

    /// <summary>Only requests this accepts can get a fault (null: all), e.g. the first attempt of every PATCH and DELETE.</summary>
    public Func<FaultProxyRequest, bool>? Only { get; init; }
}

/// <summary>A request as <see cref="FaultProxyOptions.Only"/> sees it.</summary>
/// <param name="Method">GET, PATCH, DELETE, ...</param>
/// <param name="Path">The path, without the query.</param>
/// <param name="Occurrence">1 for the first request of this method and path (a watch counts apart), 2 for the next, ...</param>
/// <param name="IsWatch">True for a watch.</param>
/// <param name="Query">The query string ("?dryRun=All&amp;fieldManager=berth"), or empty.</param>
public sealed record FaultProxyRequest(string Method, string Path, int Occurrence, bool IsWatch, string Query);

/// <summary>
/// An HTTPS proxy between a Kubernetes client and the real API server of the test cluster that injects faults at a
/// chosen rate: 5xx, 429 with Retry-After, connection resets before and after the server acted, slow answers and
/// watches cut mid-stream. It presents a certificate for 127.0.0.1/localhost issued by the cluster's own CA (so the
/// client's normal TLS verification passes) and passes the client's credentials on unchanged. Whether a request gets
/// a fault, and which, is decided by a hash of the seed, the method, the path and how many times that method and path
/// were seen before, so a seed replays the same faults for the same sequence of requests, whatever the timing.
/// Everything it did is counted (<see cref="Counts"/>, <see cref="Injected"/>). Built on Kestrel.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Host",
    };

    private readonly WebApplication app;
    private readonly HttpClient upstream;
    private readonly Uri target;
    private readonly ConcurrentDictionary<string, int> seen = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> injected = new();
    private readonly ConcurrentDictionary<InjectedFault, int> counts = new();
    private int requests;
    private volatile bool enabled = true;

    private FaultProxy(WebApplication app, HttpClient upstream, Uri target, FaultProxyOptions options, string kubeconfigPath)
    {
        this.app = app;
        this.upstream = upstream;
        this.target = target;
        Options = options;
        KubeconfigPath = kubeconfigPath;
    }

    /// <summary>The settings.</summary>
    public FaultProxyOptions Options { get; }

    /// <summary><c>https://127.0.0.1:PORT</c>.</summary>
    public string Url { get; private set; } = string.Empty;

    /// <summary>A copy of the cluster's kubeconfig whose server is this proxy (deleted on dispose).</summary>
    public string KubeconfigPath { get; }

    /// <summary>While false, every request passes untouched (to set a test up or check its result). Default true.</summary>
    public bool Enabled
    {
        get => enabled;
        set => enabled = value;
    }

    /// <summary>Requests seen so far.</summary>
    public int Requests => Volatile.Read(ref requests);

    /// <summary>The faults injected so far, per kind.</summary>
    public IReadOnlyDictionary<InjectedFault, int> Counts => counts.ToDictionary(p => p.Key, p => p.Value);

    /// <summary>All faults injected so far.</summary>
    public int TotalInjected => counts.Values.Sum();

    /// <summary>Each fault injected: "ResetAfter PATCH /apis/apps/v1/namespaces/x/statefulsets/web".</summary>
    public IReadOnlyList<string> Injected => injected.ToList();

    /// <summary>"212 requests, 41 faults injected (ServerError 7, TooManyRequests 6, ...)".</summary>
    public string Summary =>
        $"{Requests} requests, {TotalInjected} faults injected ({string.Join(", ", Options.Kinds.Select(k => $"{k} {counts.GetValueOrDefault(k)}"))})";

    /// <summary>
    /// Starts a proxy for the cluster of <paramref name="kubeconfigPath"/> (its server, CA and credentials; the CA key
    /// is read from <c>pki/ca.key</c> beside the kubeconfig, where eng/cluster/up.sh writes it).
    /// </summary>
    public static async Task<FaultProxy> StartAsync(string kubeconfigPath, FaultProxyOptions? options = null)
    {
        options ??= new FaultProxyOptions();
        var dir = Path.GetDirectoryName(Path.GetFullPath(kubeconfigPath))!;
        var caCert = Path.Combine(dir, "pki", "ca.crt");
        var caKey = Path.Combine(dir, "pki", "ca.key");
        var kubeconfig = File.ReadAllText(kubeconfigPath);
        var server = Regex.Match(kubeconfig, @"server:\s*(\S+)");
        if (!server.Success)
            throw new InvalidOperationException($"FaultProxy: no server in {kubeconfigPath}");
        var target = new Uri(server.Groups[1].Value);

        var certificate = Impostor.IssueCertificate(caCert, caKey, "127.0.0.1", "localhost");
        using var ca = X509CertificateLoader.LoadCertificateFromFile(caCert);
        var authority = X509CertificateLoader.LoadCertificate(ca.RawData);
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, cert, _, errors) =>
                {
                    if (cert is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                        return false;
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(authority);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(X509CertificateLoader.LoadCertificate(cert.GetRawCertData()));
                },
            },
        };
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;
            k.Listen(IPAddress.Loopback, 0, l =>
            {
                l.Protocols = HttpProtocols.Http1;
                l.UseHttps(certificate);
            });
        });
        var web = builder.Build();
        var path = Path.Combine(Path.GetTempPath(), $"berth-faultproxy-{Guid.NewGuid():N}.kubeconfig");
        var proxy = new FaultProxy(web, client, target, options, path);
        web.Run(proxy.HandleAsync);
        await web.StartAsync().ConfigureAwait(false);
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        proxy.Url = "https://127.0.0.1:" + new Uri(address).Port;
        File.WriteAllText(path, kubeconfig.Replace(server.Groups[1].Value, proxy.Url, StringComparison.Ordinal));
        return proxy;
    }

    private int kindTurns = -1;

    /// <summary>The fault for the <paramref name="occurrence"/>-th request of <paramref name="key"/>, or null.</summary>
    private InjectedFault? Decide(string key, int occurrence, bool watch, out double extra)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{Options.Seed}|{key}|{occurrence}"));
        var roll = BitConverter.ToUInt32(hash, 0) / (double)uint.MaxValue;
        var pick = BitConverter.ToUInt32(hash, 4);
        extra = BitConverter.ToUInt32(hash, 8) / (double)uint.MaxValue;
        if (roll >= Options.Rate || Options.Kinds.Count == 0)
            return null;
        // half of the faults of a watch cut it mid-stream (when that kind is chosen); other requests never get that one
        var cut = Options.Kinds.Contains(InjectedFault.WatchDisconnect);
        if (watch && cut && (pick & 1) == 0)
            return InjectedFault.WatchDisconnect;
        var kinds = Options.Kinds.Where(k => k != InjectedFault.WatchDisconnect).ToList();
        if (kinds.Count == 0)
            return watch && cut ? InjectedFault.WatchDisconnect : null;
        // The kinds take turns, from a place the seed chooses: every kind is injected once in each run of
        // kinds.Count faults, however many requests the run makes (a kind drawn at random went missing now and then).
        var turn = (uint)Interlocked.Increment(ref kindTurns);
        return kinds[(int)((turn + (uint)Options.Seed) % (uint)kinds.Count)];
    }

    private static bool IsWatch(HttpRequest request) =>
        request.Query.TryGetValue("watch", out var w) && w.ToString() is "true" or "1" || request.Path.StartsWithSegments("/apis/watch") || request.Path.Value?.Contains("/watch/", StringComparison.Ordinal) == true;

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        Interlocked.Increment(ref requests);
        var watch = IsWatch(request);
        var key = $"{request.Method} {request.Path}{(watch ? " watch" : string.Empty)}";
        var occurrence = seen.AddOrUpdate(key, 1, (_, n) => n + 1);
        var extra = 0.0;
        var fault = enabled && Options.Only?.Invoke(new FaultProxyRequest(request.Method, request.Path.Value ?? "/", occurrence, watch, request.QueryString.Value ?? string.Empty)) != false
            ? Decide(key, occurrence, watch, out extra)
            : null;
        if (fault is { } f)
        {
            counts.AddOrUpdate(f, 1, (_, n) => n + 1);
            injected.Enqueue($"{f} {request.Method} {request.Path}{request.QueryString}");
        }

        switch (fault)
        {
            case InjectedFault.ServerError:
                await StatusAsync(context, extra < 0.5 ? 500 : 503, extra < 0.5 ? "InternalError" : "ServiceUnavailable",
                    "injected: the server is currently unable to handle the request").ConfigureAwait(false);
                return;
            case InjectedFault.TooManyRequests:
                context.Response.Headers.RetryAfter = "1";
                await StatusAsync(context, 429, "TooManyRequests", "injected: too many requests, please try again later").ConfigureAwait(false);
                return;
            case InjectedFault.ResetBefore:
                context.Abort();
                return;
        }

        if (fault == InjectedFault.Slow)
        {
            // held back before it reaches the server: a client that gives up meanwhile changed nothing
            try
            {
                await Task.Delay(Options.SlowDelay ?? TimeSpan.FromSeconds(0.5 + 1.5 * extra), context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(target, request.Path + request.QueryString));
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var body = new MemoryStream();
            await request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
            body.Position = 0;
            forward.Content = new StreamContent(body);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name))
                continue;
            if (!forward.Headers.TryAddWithoutValidation(name, values.ToArray()))
                forward.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
        }

        HttpResponseMessage answer;
        try
        {
            answer = await upstream.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            // the real server is down (a test stopped it): the client sees what it would see without the proxy
            context.Abort();
            return;
        }
        catch (OperationCanceledException)
        {
            return;
        }

        using (answer)
        {
            if (fault == InjectedFault.ResetAfter)
            {
                // let the server finish (the body of a watch is endless: only its headers)
                if (!watch)
                    await answer.Content.ReadAsByteArrayAsync(context.RequestAborted).ConfigureAwait(false);
                context.Abort();
                return;
            }

            context.Response.StatusCode = (int)answer.StatusCode;
            foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
            {
                if (!HopByHop.Contains(name))
                    context.Response.Headers[name] = values.ToArray();
            }

            using var cut = new CancellationTokenSource();
            if (fault == InjectedFault.WatchDisconnect)
                cut.CancelAfter(TimeSpan.FromSeconds(0.3 + 2.7 * extra));
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cut.Token, context.RequestAborted);
            try
            {
                await using var stream = await answer.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
                var buffer = new byte[16 * 1024];
                int read;
                while ((read = await stream.ReadAsync(buffer, linked.Token).ConfigureAwait(false)) > 0)
                {
                    await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), linked.Token).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(linked.Token).ConfigureAwait(false);
                }
            }
            catch (Exception) when (cut.IsCancellationRequested)
            {
                context.Abort();
            }
            catch (Exception) when (!context.RequestAborted.IsCancellationRequested)
            {
                // the real server went away mid-answer
                context.Abort();
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static Task StatusAsync(HttpContext context, int code, string reason, string message)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(
            $"{{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{{}},\"status\":\"Failure\",\"message\":\"{message}\",\"reason\":\"{reason}\",\"code\":{code}}}");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        upstream.Dispose();
        File.Delete(KubeconfigPath);
    }
}
