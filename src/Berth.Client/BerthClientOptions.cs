using System;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Client;

/// <summary>Settings of a <see cref="BerthClient"/>.</summary>
public sealed record BerthClientOptions
{
    /// <summary>The field manager of server-side apply and of Berth's patches. Default <c>berth</c>.</summary>
    public string FieldManager { get; init; } = "berth";

    /// <summary>
    /// Where the client logs what it does (requests retried, pods deleted by the stuck-rollout fix, objects recreated).
    /// Log lines name objects and API paths, never credentials.
    /// </summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>How transient failures are retried.</summary>
    public RetryPolicy Retry { get; init; } = new();

    /// <summary>How many apps <see cref="BerthClient.ApplyAllAsync(System.Collections.Generic.IEnumerable{StatefulApp}, ApplyOptions?, System.Threading.CancellationToken)"/> applies at once. Default 16: the objects of one app are applied in order, one after the other, so this bounds the requests in flight.</summary>
    public int MaxParallelism { get; init; } = 16;
}

/// <summary>
/// Retries of transient failures: 429 Too Many Requests (honouring Retry-After), 5xx server errors, dropped
/// connections, and 409 conflicts that are not field-ownership conflicts. Bounded exponential backoff with jitter.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>No retries.</summary>
    public static RetryPolicy None { get; } = new() { MaxRetries = 0 };

    /// <summary>Retries after the first attempt. Default 5.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>Delay before the first retry; doubled for each further one. Default 200 ms.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest delay between two attempts computed by the backoff. Default 10 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest Retry-After the client honours; a longer one is cut to this. Default 30 s.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);
}
