using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Berth.Client.Internal;

/// <summary>Classifies failures and builds the retry pipeline (Polly) used around every API call.</summary>
internal static class Transient
{
    public static ResiliencePipeline BuildPipeline(RetryPolicy policy, ILogger logger)
    {
        if (policy.MaxRetries <= 0)
            return ResiliencePipeline.Empty;
        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = policy.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = policy.BaseDelay,
                MaxDelay = policy.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsTransient(e, args.Context.CancellationToken.IsCancellationRequested,
                    args.Context.Properties.TryGetValue(ServerSideApplyKey, out var apply) && apply)),
                DelayGenerator = args =>
                {
                    var after = RetryAfter(args.Outcome.Exception);
                    return ValueTask.FromResult(after is { } a ? (TimeSpan?)(a > policy.MaxRetryAfter ? policy.MaxRetryAfter : a) : null);
                },
                OnRetry = args =>
                {
                    var what = args.Context.Properties.TryGetValue(WhatKey, out var w) ? w : "request";
                    logger.LogInformation("retrying {What} in {Delay} ms (attempt {Attempt} of {Max}): {Reason}",
                        what, (int)args.RetryDelay.TotalMilliseconds, args.AttemptNumber + 2, policy.MaxRetries + 1, Describe(args.Outcome.Exception));
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public static readonly ResiliencePropertyKey<string> WhatKey = new("berth.what");

    /// <summary>Set for a server-side apply (a PATCH that creates the object when it does not exist).</summary>
    public static readonly ResiliencePropertyKey<bool> ServerSideApplyKey = new("berth.server-side-apply");

    /// <summary>True for failures worth another attempt.</summary>
    /// <param name="e">What the attempt threw.</param>
    /// <param name="cancelled">The caller cancelled: never retried.</param>
    /// <param name="serverSideApply">
    /// The attempt was a server-side apply: two applies that both find the object missing both create it, and the one
    /// that loses gets 409 AlreadyExists (seen with two <c>berth apply</c> of one app at once). The object exists now, so
    /// the same apply, repeated, updates it; server-side apply is idempotent, so repeating it is safe.
    /// </param>
    public static bool IsTransient(Exception e, bool cancelled, bool serverSideApply = false)
    {
        if (cancelled)
            return false;
        switch (e)
        {
            case HttpOperationException http:
                var code = (int)http.Response.StatusCode;
                if (code == 429)
                    return true;
                if (code >= 500 && code != 501 && code != 505)
                    return true;
                if (code == 409)
                {
                    // "the object has been modified" and similar optimistic-concurrency conflicts go away on a
                    // retry (Berth's patches carry no resourceVersion); field-manager conflicts of server-side apply
                    // do not, nor does AlreadyExists, except for the apply that lost a create race (above).
                    var status = ParseStatus(http.Response.Content);
                    if (serverSideApply && status?.Reason == "AlreadyExists")
                        return true;
                    return status?.Reason == "Conflict"
                           && status.Details?.Causes?.Any(c => c.Reason == "FieldManagerConflict") != true
                           && status.Message?.Contains("Apply failed", StringComparison.Ordinal) != true
                           && status.Message?.Contains("Precondition failed", StringComparison.Ordinal) != true;
                }

                return false;
            case HttpRequestException:
            case IOException:
                return true;
            case OperationCanceledException:
                // not our token (checked above): HttpClient's own timeout
                return true;
            default:
                return e.InnerException is { } inner && inner is HttpRequestException or IOException;
        }
    }

    /// <summary>The Retry-After of a 429 or 503 answer, in seconds or as an HTTP date.</summary>
    public static TimeSpan? RetryAfter(Exception? e)
    {
        if (e is not HttpOperationException http || http.Response.Headers is null)
            return null;
        var header = http.Response.Headers.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase));
        var value = header.Value?.FirstOrDefault();
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
            return TimeSpan.FromSeconds(Math.Max(0, seconds));
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    public static V1Status? ParseStatus(string? content)
    {
        if (string.IsNullOrWhiteSpace(content) || content.TrimStart()[0] != '{')
            return null;
        try
        {
            return KubernetesJson.Deserialize<V1Status>(content);
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>A one-line description of a failure, without request headers.</summary>
    public static string Describe(Exception? e) => e switch
    {
        null => "no exception",
        HttpOperationException http => $"{(int)http.Response.StatusCode} {ParseStatus(http.Response.Content)?.Message ?? http.Response.ReasonPhrase}",
        _ => e.GetType().Name + ": " + e.Message,
    };
}
