using System;

namespace Berth.Client;

/// <summary>How <see cref="StatefulAppClient.ApplyAsync"/> and <see cref="BerthClient.ApplyAllAsync(System.Collections.Generic.IEnumerable{StatefulApp}, ApplyOptions?, System.Threading.CancellationToken)"/> apply.</summary>
public sealed record ApplyOptions
{
    /// <summary>Send everything with server-side dry run: the server validates and defaults, nothing is persisted.</summary>
    public bool DryRun { get; init; }

    /// <summary>Wait for the rollout to finish after applying (see <see cref="Rollout"/>).</summary>
    public bool Wait { get; init; }

    /// <summary>How to wait when <see cref="Wait"/> is set.</summary>
    public RolloutOptions? Rollout { get; init; }

    /// <summary>
    /// When a field the server cannot change on a live StatefulSet differs (selector, serviceName,
    /// podManagementPolicy, volumeClaimTemplates, ...), delete the StatefulSet with orphan cascade (its pods and
    /// claims stay) and create it again; the new set adopts the pods. Off by default: apply then refuses (BERTH027).
    /// </summary>
    public bool RecreateOnImmutableChange { get; init; }

    /// <summary>
    /// Take over fields another field manager owns (server-side apply <c>force</c>, <c>kubectl apply --server-side
    /// --force-conflicts</c>); the result lists them (<see cref="AppApplyResult.TakenOver"/>). Off by default: apply
    /// then refuses with <see cref="ApplyConflictException"/>, naming each field, its values and its owner, and
    /// changes nothing. Fields last written by Berth's own field manager without apply (berth scale, set image,
    /// restart, undo) are no conflict: apply takes them back and reports them either way.
    /// </summary>
    public bool ForceConflicts { get; init; }

    /// <summary>Field manager for server-side apply; default <see cref="BerthClientOptions.FieldManager"/>.</summary>
    public string? FieldManager { get; init; }

    /// <summary>
    /// The apply set to label the objects with and to find what is no longer defined in (KEP-3659, see
    /// <see cref="ApplySetOptions"/>); only <see cref="BerthClient.ApplyAllAsync(System.Collections.Generic.IEnumerable{Berth.Planning.PlannedApp}, ApplyOptions?, System.Threading.CancellationToken)"/>
    /// uses it. Null (the default): no apply set.
    /// </summary>
    public ApplySetOptions? ApplySet { get; init; }

    /// <summary>How many apps <see cref="BerthClient.ApplyAllAsync(System.Collections.Generic.IEnumerable{StatefulApp}, ApplyOptions?, System.Threading.CancellationToken)"/> applies at once; default <see cref="BerthClientOptions.MaxParallelism"/>.</summary>
    public int? MaxParallelism { get; init; }

    /// <summary>A canary's apply: the StatefulSet goes with a RollingUpdate partition equal to its replicas, so no pod updates yet.</summary>
    internal bool HoldUpdates { get; init; }
}

/// <summary>How rollouts are awaited.</summary>
public sealed record RolloutOptions
{
    /// <summary>Give up after this long in total (outcome <see cref="RolloutOutcome.TimedOut"/>). Default 10 minutes.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Fail when nothing moves for this long: no pod created, updated, deleted or made Ready
    /// (outcome <see cref="RolloutOutcome.ProgressDeadlineExceeded"/>, or <see cref="RolloutOutcome.Stuck"/> for the
    /// OrderedReady trap). Default 5 minutes.
    /// </summary>
    public TimeSpan ProgressDeadline { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Stop at once when a pod the rollout needs is crash-looping or cannot pull its image, instead of waiting for
    /// the progress deadline. On by default.
    /// </summary>
    public bool FailFast { get; init; } = true;

    /// <summary>
    /// Apply the fix for the stuck-rollout trap (kubernetes issue 67250) once the template was reverted or fixed:
    /// delete each pod that is stuck not Ready on a revision other than the update revision, so the controller
    /// recreates it from the current template. Pods on the update revision are never deleted (they would come back
    /// broken): revert the template first. Off by default.
    /// </summary>
    public bool FixStuckRollout { get; init; }

    /// <summary>
    /// Receives progress per pod ordinal while waiting, also for the waits inside apply, scale, set image, undo and
    /// restart (an explicit progress argument of <see cref="StatefulAppClient.RolloutStatusAsync"/> takes precedence).
    /// </summary>
    public IProgress<RolloutProgress>? Progress { get; init; }

    /// <summary>
    /// The pod template the wait follows: success means this template is live and Ready. Apply, set image, undo and
    /// restart set it for their own waits; to wait separately, pass theirs (<see cref="AppApplyResult.Applied"/>,
    /// <see cref="ChangeResult.Applied"/>, <see cref="UndoResult.Applied"/>). Without it the wait follows the
    /// template live when it starts. If the template changes during the wait, it ends with
    /// <see cref="RolloutOutcome.Superseded"/> naming who changed it.
    /// </summary>
    public AppliedTemplate? Applied { get; init; }
}

/// <summary>How <see cref="StatefulAppClient.ScaleAsync"/> scales.</summary>
public sealed record ScaleOptions
{
    /// <summary>Wait until the pods are created (0..n-1, Ready) or removed (highest ordinal first). On by default.</summary>
    public bool Wait { get; init; } = true;

    /// <summary>How to wait.</summary>
    public RolloutOptions? Rollout { get; init; }

    /// <summary>
    /// After a scale-down, delete the PersistentVolumeClaims of exactly the pods this scale removes (ordinals
    /// new..old-1 of each claim template, those that exist and belong to the set), once those pods are gone. Their
    /// data is lost. Claims left over from earlier scale-downs are never deleted here
    /// (<see cref="StatefulAppClient.PruneClaimsAsync"/> does that). Off by default: the claims stay, and a later
    /// scale-up gives the pods their data back.
    /// </summary>
    public bool DeleteClaimsOfRemovedPods { get; init; }

    /// <summary>
    /// Asked, before anything is changed, with exactly the claims <see cref="DeleteClaimsOfRemovedPods"/> will
    /// delete (not asked when there are none); returning false cancels the scale. Null: no confirmation.
    /// </summary>
    public ConfirmClaimDeletion? ConfirmClaimDeletion { get; init; }
}

/// <summary>Options for changes to the pod template: set image, undo, restart.</summary>
public sealed record ChangeOptions
{
    /// <summary>Wait for the rollout of the change.</summary>
    public bool Wait { get; init; }

    /// <summary>How to wait.</summary>
    public RolloutOptions? Rollout { get; init; }
}

/// <summary>What happens to the pods when a StatefulSet is deleted.</summary>
public enum DeletionCascade
{
    /// <summary>The StatefulSet goes at once; the garbage collector deletes the pods afterwards (kubectl's default).</summary>
    Background,

    /// <summary>The StatefulSet stays (with a deletion timestamp) until the garbage collector has deleted its pods.</summary>
    Foreground,

    /// <summary>Only the StatefulSet is deleted; its pods keep running without an owner.</summary>
    Orphan,
}

/// <summary>How <see cref="StatefulAppClient.DeleteAsync"/> deletes.</summary>
public sealed record DeleteOptions
{
    /// <summary>What happens to the pods. Default <see cref="DeletionCascade.Background"/>.</summary>
    public DeletionCascade Cascade { get; init; } = DeletionCascade.Background;

    /// <summary>
    /// Also delete the PersistentVolumeClaims of the set's pods (ordinals 0..replicas-1 of each claim template, those
    /// that exist and belong to the set), once its pods are gone. Their data is lost. Claims left over from earlier
    /// scale-downs are never deleted here (<see cref="StatefulAppClient.PruneClaimsAsync"/> does that), and nothing
    /// is deleted when the set does not exist. Off by default: the claims stay, and a new StatefulSet of the same
    /// name gets them back.
    /// </summary>
    public bool DeleteClaims { get; init; }

    /// <summary>
    /// Asked, before anything is deleted, with exactly the claims <see cref="DeleteClaims"/> will delete (not asked
    /// when there are none); returning false cancels the delete. Null: no confirmation.
    /// </summary>
    public ConfirmClaimDeletion? ConfirmClaimDeletion { get; init; }

    /// <summary>
    /// Also delete the Services, PodDisruptionBudget and ConfigMaps of the definition that Berth wrote (those whose
    /// managed fields name Berth's field manager). The namespace is never deleted. Off by default.
    /// </summary>
    public bool DeleteOtherObjects { get; init; }

    /// <summary>Wait until the StatefulSet and (unless orphaned) its pods are gone. On by default.</summary>
    public bool Wait { get; init; } = true;

    /// <summary>How long to wait. Default 2 minutes.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);
}
