using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using k8s;
using k8s.Models;

namespace Berth.Client.Internal;

/// <summary>
/// What one apply has written so far, to say what was done and what was not when it is cancelled or fails half-way
/// (the API server lost, a refusal of the last object): the objects planned, those applied, whether the rollout
/// wait had started.
/// </summary>
internal sealed class ApplyJournal
{
    public IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Planned { get; set; } = Array.Empty<IKubernetesObject<V1ObjectMeta>>();

    /// <summary>The results of the objects applied so far (apply adds to this list).</summary>
    public List<ObjectApplyResult> Applied { get; } = new();

    public bool Waiting { get; set; }

    /// <summary>
    /// The exception to throw instead of <paramref name="e"/>: a cancellation or a plain <see cref="BerthClientException"/>
    /// (not one of its refusals, which say themselves what they left) with the state reached; null to rethrow as is.
    /// </summary>
    public Exception? Explain(Exception e, string app, bool dryRun, CancellationToken ct)
    {
        var cancelled = e is OperationCanceledException && ct.IsCancellationRequested;
        if (dryRun || (!cancelled && e.GetType() != typeof(BerthClientException)))
            return null;
        var done = Applied.Select(r => $"{r.Kind.ToLowerInvariant()}/{r.Name}").ToList();
        var notDone = Planned.Select(o => ObjectRef.Of(o).Short).Where(o => !done.Contains(o)).ToList();
        string state;
        if (Waiting)
            state = $"applied {string.Join(", ", done)}; the rollout was not followed to the end and goes on in the cluster (berth rollout status, or RolloutStatusAsync, follows it)";
        else if (done.Count == 0)
            state = "nothing was applied";
        else
            state = $"applied {string.Join(", ", done)}; not applied: {string.Join(", ", notDone)}; applying again finishes the job (server-side apply: repeating it is safe)";
        if (cancelled)
            return new OperationCanceledException($"apply of {app} cancelled: {state}", e, ct);
        if (done.Count == 0 && !Waiting)
            return null; // the failure of the first write: nothing to add
        var b = (BerthClientException)e;
        return new BerthClientException($"{e.Message}{Environment.NewLine}  state reached: {state}", b.ObjectName, b.StatusCode, b.Reason, b.ServerMessage, e.InnerException) { Causes = b.Causes };
    }
}

/// <summary>The cancellation of an operation with what it did before: "scale of statefulset/web ... cancelled: ...".</summary>
internal static class Interruption
{
    /// <summary>A cancellation that says what was done (<paramref name="done"/>) and what was not.</summary>
    public static OperationCanceledException Cancelled(string operation, string done, OperationCanceledException e, CancellationToken ct) =>
        new($"{operation} cancelled: {done}", e, ct);
}
