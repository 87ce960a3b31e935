using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Berth.Client.Tests.Support;

/// <summary>What the injector does to one matching request instead of sending it.</summary>
internal enum Fault
{
    TooManyRequests,
    ServiceUnavailable,
    Conflict,
    DropConnection,
}

/// <summary>
/// Sits in front of the real HTTP stack and replaces chosen requests with transient failures (429 with Retry-After,
/// 503, 409 Conflict, a dropped connection); every other request goes to the real API server.
/// </summary>
internal sealed class FaultInjector : DelegatingHandler
{
    private readonly object gate = new();
    private readonly List<(Func<HttpRequestMessage, bool> Match, Fault Fault, int Times)> plan = new();
    private readonly ConcurrentQueue<string> requests = new();
    private readonly ConcurrentQueue<string> injected = new();

    /// <summary>Every request seen, "METHOD /path?query".</summary>
    public IReadOnlyList<string> Requests => requests.ToList();

    /// <summary>The faults injected, "FAULT METHOD /path".</summary>
    public IReadOnlyList<string> Injected => injected.ToList();

    /// <summary>Fails the next <paramref name="times"/> requests that match.</summary>
    public FaultInjector Fail(string method, string pathContains, Fault fault, int times = 1)
    {
        lock (gate)
            plan.Add((r => r.Method.Method == method && r.RequestUri!.AbsolutePath.Contains(pathContains, StringComparison.Ordinal), fault, times));
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        requests.Enqueue($"{request.Method} {request.RequestUri!.PathAndQuery}");
        Fault? fault = null;
        lock (gate)
        {
            for (var i = 0; i < plan.Count; i++)
            {
                var (match, f, times) = plan[i];
                if (times <= 0 || !match(request))
                    continue;
                plan[i] = (match, f, times - 1);
                fault = f;
                break;
            }
        }

        if (fault is null)
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        injected.Enqueue($"{fault} {request.Method} {request.RequestUri.AbsolutePath}");
        return fault switch
        {
            Fault.TooManyRequests => Answer(request, (HttpStatusCode)429, "TooManyRequests", "injected: too many requests, please try again later", retryAfter: 1),
            Fault.ServiceUnavailable => Answer(request, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", "injected: the server is currently unable to handle the request"),
            Fault.Conflict => Answer(request, HttpStatusCode.Conflict, "Conflict", "Operation cannot be fulfilled on statefulsets.apps \"web\": the object has been modified; please apply your changes to the latest version and try again"),
            _ => throw new HttpRequestException("injected: connection reset by peer", new IOException("injected: connection reset by peer")),
        };
    }

    private static HttpResponseMessage Answer(HttpRequestMessage request, HttpStatusCode code, string reason, string message, int? retryAfter = null)
    {
        var body = $"{{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{{}},\"status\":\"Failure\",\"message\":\"{message.Replace("\"", "\\\"", StringComparison.Ordinal)}\",\"reason\":\"{reason}\",\"code\":{(int)code}}}";
        var response = new HttpResponseMessage(code) { RequestMessage = request, Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (retryAfter is { } seconds)
            response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        return response;
    }
}
