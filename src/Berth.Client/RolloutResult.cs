using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using k8s.Models;

namespace Berth.Client;

/// <summary>How a rollout ended.</summary>
public enum RolloutOutcome
{
    /// <summary>
    /// Every wanted pod exists and is Ready, pods at or above the partition run the update revision, and pods
    /// beyond the replica count are gone.
    /// </summary>
    Complete,

    /// <summary>
    /// OnDelete strategy: the pods are there and Ready, but some still run an old revision and are replaced only when
    /// deleted (see <see cref="RolloutResult.PodsOnOldRevision"/>). Not a failure.
    /// </summary>
    OnDeletePending,

    /// <summary>
    /// The OrderedReady trap (kubernetes issue 67250): a pod that will not become Ready blocks the controller, and
    /// reverting the template alone does not unblock it. <see cref="RolloutResult.Stuck"/> names the pod and the fix.
    /// </summary>
    Stuck,

    /// <summary>A pod the rollout needs is crash-looping or cannot start; the template needs a fix.</summary>
    Failed,

    /// <summary>Nothing moved for <see cref="RolloutOptions.ProgressDeadline"/>.</summary>
    ProgressDeadlineExceeded,

    /// <summary><see cref="RolloutOptions.Timeout"/> passed.</summary>
    TimedOut,

    /// <summary>
    /// The pod template changed during the wait (another apply, kubectl, another process): the revision the wait
    /// followed is no longer the target. <see cref="RolloutResult.SupersededBy"/> says who changed it and what.
    /// </summary>
    Superseded,

    /// <summary>
    /// The StatefulSet the wait followed is gone: deleted, deleted and created again (another uid), or the cluster
    /// was wiped or replaced (its resourceVersion went backwards).
    /// </summary>
    Replaced,
}

/// <summary>
/// The pod template a change wrote (apply, set image, undo, restart). A wait given it (see
/// <see cref="RolloutOptions.Applied"/>) succeeds only when this template is live and Ready; if the template changes
/// under it, the wait ends with <see cref="RolloutOutcome.Superseded"/>.
/// </summary>
public sealed record AppliedTemplate
{
    /// <summary>The uid of the StatefulSet that was written.</summary>
    public required string SetUid { get; init; }

    /// <summary>metadata.generation after the write.</summary>
    public required long Generation { get; init; }

    /// <summary>The pod template as the server stored it.</summary>
    public required V1PodTemplateSpec Template { get; init; }

    /// <summary>The template of a set as the server returned it.</summary>
    internal static AppliedTemplate Of(V1StatefulSet set) => new()
    {
        SetUid = set.Metadata.Uid,
        Generation = set.Metadata.Generation ?? 0,
        Template = set.Spec.Template,
    };
}

/// <summary>Who changed the pod template under a wait, and how.</summary>
public sealed record TemplateChange
{
    /// <summary>The field manager whose managed fields for spec.template changed last (e.g. kubectl-set, berth).</summary>
    public string? Manager { get; init; }

    /// <summary>Its operation: Apply or Update.</summary>
    public string? Operation { get; init; }

    /// <summary>When that manager last changed its fields.</summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary>The generation of the set with the other template.</summary>
    public long Generation { get; init; }

    /// <summary>What differs from the template the wait followed, field by field.</summary>
    public IReadOnlyList<FieldChange> Changes { get; init; } = Array.Empty<FieldChange>();

    /// <summary>A short summary of <see cref="Changes"/> (images, env, ...).</summary>
    public string Summary { get; init; } = string.Empty;

    /// <inheritdoc/>
    public override string ToString() =>
        $"changed by {Manager ?? "an unknown manager"}" + (Operation is null ? string.Empty : $" ({Operation})") +
        (Time is { } t ? " at " + t.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : string.Empty) +
        (Summary.Length > 0 ? ": " + Summary : string.Empty);
}

/// <summary>
/// How messages name the actions they advise: the API's wording (<see cref="Api"/>: <c>UndoAsync</c>,
/// <c>RolloutOptions.FixStuckRollout = true</c>) or another front end's (the CLI names its commands and flags).
/// See <see cref="RolloutResult.MessageIn"/> and <see cref="StuckPod.FixIn"/>.
/// </summary>
public sealed record RolloutWords
{
    internal const string UndoToken = "\u27e8undo\u27e9";
    internal const string FixStuckToken = "\u27e8fix-stuck\u27e9";

    /// <summary>Reverting the template to the previous revision.</summary>
    public required string Undo { get; init; }

    /// <summary>Waiting again with the stuck-pod fix on.</summary>
    public required string FixStuck { get; init; }

    /// <summary>The C# API's wording.</summary>
    public static RolloutWords Api { get; } = new() { Undo = "UndoAsync", FixStuck = "RolloutOptions.FixStuckRollout = true" };

    /// <summary>Words a text written with the tokens.</summary>
    internal string Word(string text) => text.Replace(UndoToken, Undo, StringComparison.Ordinal).Replace(FixStuckToken, FixStuck, StringComparison.Ordinal);
}

/// <summary>One pod ordinal during a rollout.</summary>
public sealed record PodProgress
{
    /// <summary>The ordinal.</summary>
    public required int Ordinal { get; init; }

    /// <summary>The pod name.</summary>
    public required string Name { get; init; }

    /// <summary>False while the pod does not exist.</summary>
    public bool Exists { get; init; }

    /// <summary>False for a pod beyond the replica count (it is to be removed).</summary>
    public bool Wanted { get; init; } = true;

    /// <summary>The revision the pod runs.</summary>
    public string? Revision { get; init; }

    /// <summary>True when the pod runs the update revision.</summary>
    public bool Updated { get; init; }

    /// <summary>True when the pod must end on the update revision (RollingUpdate, at or above the partition).</summary>
    public bool ShouldUpdate { get; init; }

    /// <summary>Running and Ready.</summary>
    public bool Ready { get; init; }

    /// <summary>True when the StatefulSet controls the pod (false for an orphan not adopted yet).</summary>
    public bool Owned { get; init; } = true;

    /// <summary>The pod phase.</summary>
    public string? Phase { get; init; }

    /// <summary>True while the pod is being deleted.</summary>
    public bool Terminating { get; init; }

    /// <summary>Why the pod is not done (empty when it is).</summary>
    public string Reason { get; init; } = string.Empty;

    /// <summary>True when this ordinal needs nothing more.</summary>
    public bool Done => Wanted ? Exists && Owned && Ready && !Terminating && (!ShouldUpdate || Updated) : !Exists;

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Name}: {(Done ? "done" : Wanted ? (Exists ? Reason.Length > 0 ? Reason : Updated || !ShouldUpdate ? "not ready" : "old revision " + Revision : "not created") : "to be removed")}";
}

/// <summary>A snapshot of a rollout, reported through <see cref="IProgress{T}"/> whenever something changed.</summary>
public sealed record RolloutProgress
{
    /// <summary>The StatefulSet.</summary>
    public required string Name { get; init; }

    /// <summary>The namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>A one-line summary, e.g. "2/3 ready, 1/3 updated; waiting for web-1: Running but not Ready".</summary>
    public required string Message { get; init; }

    /// <summary>spec.replicas.</summary>
    public int DesiredReplicas { get; init; }

    /// <summary>Wanted pods that are Running and Ready.</summary>
    public int ReadyReplicas { get; init; }

    /// <summary>Wanted pods on the update revision.</summary>
    public int UpdatedReplicas { get; init; }

    /// <summary>The rolling-update partition (0 when none).</summary>
    public int Partition { get; init; }

    /// <summary>RollingUpdate or OnDelete.</summary>
    public string Strategy { get; init; } = "RollingUpdate";

    /// <summary>OrderedReady or Parallel.</summary>
    public string PodManagementPolicy { get; init; } = "OrderedReady";

    /// <summary>The maxUnavailable of the rolling update, when set (servers with the feature update several pods at once).</summary>
    public string? MaxUnavailable { get; init; }

    /// <summary>status.updateRevision.</summary>
    public string? UpdateRevision { get; init; }

    /// <summary>status.currentRevision.</summary>
    public string? CurrentRevision { get; init; }

    /// <summary>Every ordinal: wanted ones, then those being removed.</summary>
    public IReadOnlyList<PodProgress> Pods { get; init; } = Array.Empty<PodProgress>();

    /// <summary>Time since the wait started.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>
    /// Something the wait did or noticed, reported once (null in plain snapshots): a pod it deleted
    /// (<see cref="RolloutOptions.FixStuckRollout"/>), the API server lost or back, the template changed.
    /// </summary>
    public string? Notice { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Notice ?? Message;
}

/// <summary>The pod that blocks an OrderedReady rollout for good, and what to do about it.</summary>
public sealed record StuckPod
{
    /// <summary>The pod name.</summary>
    public required string Pod { get; init; }

    /// <summary>Its ordinal.</summary>
    public int Ordinal { get; init; }

    /// <summary>The revision it runs.</summary>
    public string? Revision { get; init; }

    /// <summary>
    /// True when it runs the update revision, i.e. the current template is what breaks it: revert or fix the template
    /// first. False when the template was already changed and only the pod is left to delete.
    /// </summary>
    public bool OnUpdateRevision { get; init; }

    /// <summary>Why it does not become Ready.</summary>
    public required string Reason { get; init; }

    /// <summary>The fix, in words (the API's: see <see cref="FixIn"/>).</summary>
    public string Fix => FixIn(RolloutWords.Api);

    /// <summary>The fix, written with <see cref="RolloutWords"/> tokens.</summary>
    internal string FixText { get; init; } = string.Empty;

    /// <summary>The fix, naming actions with <paramref name="words"/>.</summary>
    public string FixIn(RolloutWords words) => words.Word(FixText);
}

/// <summary>How a rollout wait ended.</summary>
public sealed record RolloutResult
{
    /// <summary>The outcome.</summary>
    public required RolloutOutcome Outcome { get; init; }

    /// <summary>The StatefulSet.</summary>
    public required string Name { get; init; }

    /// <summary>The namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>What happened, with the blocking pod, its reason and the fix when it did not complete (the API's wording: see <see cref="MessageIn"/>).</summary>
    public string Message => MessageIn(RolloutWords.Api);

    /// <summary>The message, written with <see cref="RolloutWords"/> tokens.</summary>
    internal string MessageText { get; init; } = string.Empty;

    /// <summary>The message, naming actions with <paramref name="words"/>.</summary>
    public string MessageIn(RolloutWords words) => words.Word(MessageText);

    /// <summary>The object, for messages.</summary>
    public string ObjectName => $"statefulset/{Name} in namespace {Namespace}";

    /// <summary>True when the rollout completed.</summary>
    public bool Succeeded => Outcome == RolloutOutcome.Complete;

    /// <summary>The pod the rollout waited for last, when it did not complete.</summary>
    public string? BlockingPod { get; init; }

    /// <summary>Why that pod blocked.</summary>
    public string? BlockingReason { get; init; }

    /// <summary>For <see cref="RolloutOutcome.Stuck"/>: the pod and the fix.</summary>
    public StuckPod? Stuck { get; init; }

    /// <summary>Wanted pods still on an old revision (OnDelete: they wait to be deleted; partition: those below it).</summary>
    public IReadOnlyList<string> PodsOnOldRevision { get; init; } = Array.Empty<string>();

    /// <summary>Pods deleted by <see cref="RolloutOptions.FixStuckRollout"/>.</summary>
    public IReadOnlyList<string> DeletedStuckPods { get; init; } = Array.Empty<string>();

    /// <summary>
    /// Everything the wait did or noticed, in order, as reported through <see cref="RolloutProgress.Notice"/>: each pod
    /// it deleted and why, the API server lost and back.
    /// </summary>
    public IReadOnlyList<string> Notices { get; init; } = Array.Empty<string>();

    /// <summary>The revision (ControllerRevision name) of the template the wait followed, once the controller created it.</summary>
    public string? Revision { get; init; }

    /// <summary>For <see cref="RolloutOutcome.Superseded"/>: who changed the template and what.</summary>
    public TemplateChange? SupersededBy { get; init; }

    /// <summary>Recent warning events of the set and its pods (when the rollout did not complete).</summary>
    public IReadOnlyList<EventInfo> Events { get; init; } = Array.Empty<EventInfo>();

    /// <summary>The last snapshot.</summary>
    public required RolloutProgress Final { get; init; }

    /// <summary>How long the wait took.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Throws <see cref="RolloutFailedException"/> unless the rollout completed or is an OnDelete rollout waiting for deletions.</summary>
    public RolloutResult EnsureSuccess() =>
        Outcome is RolloutOutcome.Complete or RolloutOutcome.OnDeletePending ? this : throw new RolloutFailedException(this);

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder(Message);
        foreach (var p in Final.Pods)
            sb.AppendLine().Append("  ").Append(p);
        foreach (var e in Events)
            sb.AppendLine().Append("  event: ").Append(e);
        return sb.ToString();
    }

    internal static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + "s";
}
