using System;
using System.Collections.Generic;
using System.Linq;
using Berth.Rules;

namespace Berth.Client;

/// <summary>
/// A Kubernetes operation of the Berth client failed. The message names the object and the action and carries
/// the API server's own explanation (<c>Status.message</c>). It never contains credentials: the underlying HTTP
/// exception (whose request holds the Authorization header) is not kept as the inner exception.
/// </summary>
public class BerthClientException : Exception
{
    /// <summary>Creates an exception.</summary>
    /// <param name="message">The full message.</param>
    /// <param name="objectName">The object, e.g. <c>statefulset/web in namespace shop</c>.</param>
    /// <param name="statusCode">The HTTP status code, when the server answered.</param>
    /// <param name="reason">The machine-readable reason of the server (<c>Status.reason</c>), e.g. <c>NotFound</c>.</param>
    /// <param name="serverMessage">The server's message (<c>Status.message</c>).</param>
    /// <param name="innerException">A cause that carries no credentials (never the raw HTTP exception).</param>
    public BerthClientException(string message, string? objectName = null, int? statusCode = null, string? reason = null, string? serverMessage = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ObjectName = objectName;
        StatusCode = statusCode;
        Reason = reason;
        ServerMessage = serverMessage;
    }

    /// <summary>The object the operation was about, e.g. <c>statefulset/web in namespace shop</c>.</summary>
    public string? ObjectName { get; }

    /// <summary>The HTTP status code of the API server's answer, when there was one.</summary>
    public int? StatusCode { get; }

    /// <summary>The API server's reason (<c>Status.reason</c>): NotFound, AlreadyExists, Conflict, Invalid, Forbidden...</summary>
    public string? Reason { get; }

    /// <summary>The API server's message (<c>Status.message</c>).</summary>
    public string? ServerMessage { get; }

    /// <summary>True when the server answered 404 Not Found.</summary>
    public bool IsNotFound => StatusCode == 404;

    /// <summary>The causes of the server's Status (<c>details.causes</c>), e.g. the fields of a server-side apply conflict.</summary>
    internal IReadOnlyList<k8s.Models.V1StatusCause> Causes { get; init; } = Array.Empty<k8s.Models.V1StatusCause>();
}

/// <summary>
/// Apply refused a change the API server cannot make to a live StatefulSet (rule BERTH027): the message names each
/// field with its current and desired value and the safe path (recreate with orphan cascade, keeping pods and claims).
/// </summary>
public sealed class ImmutableFieldChangeException : BerthClientException
{
    /// <summary>Creates the exception.</summary>
    public ImmutableFieldChangeException(string message, string objectName, IReadOnlyList<ImmutableFieldChange> changes, RuleViolation violation, IReadOnlyList<string> mutableFields)
        : base(message, objectName, 422, "Invalid", null)
    {
        Changes = changes;
        Violation = violation;
        MutableFields = mutableFields;
    }

    /// <summary>The fields that differ, with the live and the desired value.</summary>
    public IReadOnlyList<ImmutableFieldChange> Changes { get; }

    /// <summary>The BERTH027 violation, for reporting next to the other rules.</summary>
    public RuleViolation Violation { get; }

    /// <summary>The spec fields this server lets a StatefulSet update change.</summary>
    public IReadOnlyList<string> MutableFields { get; }
}

/// <summary>A rollout did not complete: stuck, failing, past its progress deadline or timed out.</summary>
public sealed class RolloutFailedException : BerthClientException
{
    /// <summary>Creates the exception from the rollout's result.</summary>
    public RolloutFailedException(RolloutResult result)
        : base(result.Message, result.ObjectName)
    {
        Result = result;
    }

    /// <summary>What the rollout watcher saw: outcome, blocking pod and reason, the fix.</summary>
    public RolloutResult Result { get; }
}

/// <summary>Applying several apps failed for some of them; <see cref="Result"/> holds what was done for each.</summary>
public sealed class ApplyFailedException : BerthClientException
{
    /// <summary>Creates the exception.</summary>
    public ApplyFailedException(ApplyResult result)
        : base(Describe(result))
    {
        Result = result;
    }

    /// <summary>The per-app results, failed ones with their <see cref="AppApplyResult.Error"/>.</summary>
    public ApplyResult Result { get; }

    private static string Describe(ApplyResult result)
    {
        var failed = result.Apps.Where(a => a.Error is not null).ToList();
        return $"{failed.Count} of {result.Apps.Count} app(s) failed to apply:" + Environment.NewLine +
               string.Join(Environment.NewLine, failed.Select(a => $"  {a.AppName} (namespace {a.Namespace}): {a.Error!.Message}"));
    }
}

/// <summary>A transport failure (connection refused or dropped, timeout), described without request headers, so without credentials.</summary>
public sealed class TransportException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TransportException(string message)
        : base(message)
    {
    }
}
