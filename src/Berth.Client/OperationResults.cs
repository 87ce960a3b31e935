using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Berth.Client;

/// <summary>What <see cref="StatefulAppClient.ScaleAsync"/> did.</summary>
public sealed record ScaleResult
{
    /// <summary>The StatefulSet.</summary>
    public required string Name { get; init; }

    /// <summary>The namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The replica count before.</summary>
    public int PreviousReplicas { get; init; }

    /// <summary>The replica count now.</summary>
    public int Replicas { get; init; }

    /// <summary>The pods the scale-down removes, highest ordinal first.</summary>
    public IReadOnlyList<string> RemovedPods { get; init; } = Array.Empty<string>();

    /// <summary>The pods the scale-up adds, lowest ordinal first.</summary>
    public IReadOnlyList<string> AddedPods { get; init; } = Array.Empty<string>();

    /// <summary>Claims of the pods this scale removed that remain (a later scale-up gives them back to the pods).</summary>
    public IReadOnlyList<ClaimInfo> RemainingClaims { get; init; } = Array.Empty<ClaimInfo>();

    /// <summary>
    /// Claims of ordinals at or above the new replica count that were left over before this scale (from earlier
    /// scale-downs); never touched by scale, deleted only by <see cref="StatefulAppClient.PruneClaimsAsync"/>.
    /// </summary>
    public IReadOnlyList<ClaimInfo> LeftoverClaims { get; init; } = Array.Empty<ClaimInfo>();

    /// <summary>Claims deleted because <see cref="ScaleOptions.DeleteClaimsOfRemovedPods"/> was set: exactly those of the removed pods.</summary>
    public IReadOnlyList<string> DeletedClaims { get; init; } = Array.Empty<string>();

    /// <summary>Claims of removed pods that <see cref="ScaleOptions.DeleteClaimsOfRemovedPods"/> did not delete after all, each with why (mounted by another pod, replaced meanwhile).</summary>
    public IReadOnlyList<KeptClaim> ClaimsNotDeleted { get; init; } = Array.Empty<KeptClaim>();

    /// <summary>What the retention policy does to the claims of the removed pods, said before scaling (see <see cref="ClaimList.RetentionNotice"/>); null when it keeps them.</summary>
    public string? RetentionNotice { get; init; }

    /// <summary>True when the set's persistentVolumeClaimRetentionPolicy (whenScaled: Delete) makes the controller delete the claims.</summary>
    public bool ClaimsDeletedByRetentionPolicy { get; init; }

    /// <summary>The rollout, when the scale waited.</summary>
    public RolloutResult? Rollout { get; init; }

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder($"statefulset/{Name} (namespace {Namespace}) scaled {PreviousReplicas} -> {Replicas}");
        if (AddedPods.Count > 0)
            sb.Append("; pods added: ").Append(string.Join(", ", AddedPods));
        if (RemovedPods.Count > 0)
            sb.Append("; pods removed: ").Append(string.Join(", ", RemovedPods));
        if (DeletedClaims.Count > 0)
            sb.Append("; claims deleted: ").Append(string.Join(", ", DeletedClaims));
        foreach (var kept in ClaimsNotDeleted)
            sb.Append("; claim not deleted: ").Append(kept);
        if (RemainingClaims.Count > 0)
            sb.Append("; claims kept: ").Append(string.Join(", ", RemainingClaims.Select(c => c.Name)))
              .Append(ClaimsDeletedByRetentionPolicy ? " (the retention policy deletes them)" : " (their data returns on scale-up; PruneClaimsAsync deletes them)");
        if (LeftoverClaims.Count > 0)
            sb.Append("; claims left over from earlier scale-downs: ").Append(string.Join(", ", LeftoverClaims.Select(c => c.Name))).Append(" (PruneClaimsAsync deletes them)");
        return sb.ToString();
    }
}

/// <summary>What a template change (set image, restart) did.</summary>
public sealed record ChangeResult
{
    /// <summary>The StatefulSet.</summary>
    public required string Name { get; init; }

    /// <summary>The namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>What was changed, in words.</summary>
    public required string Message { get; init; }

    /// <summary>False when the template already was as asked.</summary>
    public bool Changed { get; init; } = true;

    /// <summary>The set's generation after the change.</summary>
    public long Generation { get; init; }

    /// <summary>The rollout, when the change waited.</summary>
    public RolloutResult? Rollout { get; init; }

    /// <summary>The pod template the change wrote (null when nothing changed): pass it as <see cref="RolloutOptions.Applied"/> to wait for it separately.</summary>
    public AppliedTemplate? Applied { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Rollout is null ? Message : Message + "; " + Rollout.Message;
}

/// <summary>One ControllerRevision of a StatefulSet.</summary>
public sealed record RevisionInfo
{
    /// <summary>The revision number.</summary>
    public required long Number { get; init; }

    /// <summary>The ControllerRevision's name (also the pods' controller-revision-hash label).</summary>
    public required string Name { get; init; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>Container images by container name (init containers prefixed with "init:").</summary>
    public IReadOnlyDictionary<string, string> Images { get; init; } = new Dictionary<string, string>();

    /// <summary>The pod template of the revision.</summary>
    public k8s.Models.V1PodTemplateSpec? Template { get; init; }

    /// <summary>What changed from the previous revision, field by field (empty for the first).</summary>
    public IReadOnlyList<FieldChange> Changes { get; init; } = Array.Empty<FieldChange>();

    /// <summary>A short summary of <see cref="Changes"/>: images, env, resources and other fields.</summary>
    public string ChangeSummary { get; init; } = string.Empty;

    /// <summary>True for the set's current revision.</summary>
    public bool IsCurrent { get; init; }

    /// <summary>True for the set's update revision (the current template).</summary>
    public bool IsUpdate { get; init; }

    /// <summary>The pods running this revision.</summary>
    public IReadOnlyList<string> Pods { get; init; } = Array.Empty<string>();

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Number,4}  {Name}{(IsUpdate ? " (update)" : string.Empty)}{(IsCurrent ? " (current)" : string.Empty)}  {string.Join(", ", Images.Select(i => i.Key + "=" + i.Value))}" +
        (ChangeSummary.Length > 0 ? "  " + ChangeSummary : string.Empty);
}

/// <summary>The ControllerRevisions of a StatefulSet, oldest first.</summary>
public sealed record RevisionHistory
{
    /// <summary>The StatefulSet.</summary>
    public required string Name { get; init; }

    /// <summary>The namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The revisions, by number.</summary>
    public required IReadOnlyList<RevisionInfo> Revisions { get; init; }

    /// <summary>The revision of the current template.</summary>
    public RevisionInfo? Update => Revisions.FirstOrDefault(r => r.IsUpdate);

    /// <inheritdoc/>
    public override string ToString() =>
        $"statefulset/{Name} (namespace {Namespace}) revisions:" + Environment.NewLine + string.Join(Environment.NewLine, Revisions.Select(r => r.ToString()));
}

/// <summary>What <see cref="StatefulAppClient.UndoAsync"/> did.</summary>
public sealed record UndoResult
{
    /// <summary>The StatefulSet.</summary>
    public required string Name { get; init; }

    /// <summary>The namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The revision whose template was restored.</summary>
    public long ToRevision { get; init; }

    /// <summary>The revision that was in use before.</summary>
    public long? FromRevision { get; init; }

    /// <summary>True when the template already matched the revision (nothing was changed).</summary>
    public bool Skipped { get; init; }

    /// <summary>What changed, field by field.</summary>
    public IReadOnlyList<FieldChange> Changes { get; init; } = Array.Empty<FieldChange>();

    /// <summary>What happened, in words.</summary>
    public required string Message { get; init; }

    /// <summary>The rollout, when the undo waited.</summary>
    public RolloutResult? Rollout { get; init; }

    /// <summary>The pod template the undo wrote (null when skipped): pass it as <see cref="RolloutOptions.Applied"/> to wait for it separately.</summary>
    public AppliedTemplate? Applied { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Rollout is null ? Message : Message + "; " + Rollout.Message;
}

/// <summary>What <see cref="StatefulAppClient.DeleteAsync"/> did.</summary>
public sealed record DeleteResult
{
    /// <summary>The StatefulSet.</summary>
    public required string Name { get; init; }

    /// <summary>The namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The cascade used.</summary>
    public DeletionCascade Cascade { get; init; }

    /// <summary>False when the StatefulSet did not exist.</summary>
    public bool StatefulSetDeleted { get; init; }

    /// <summary>The set's pods when it was deleted (deleted by the garbage collector, or left running for Orphan).</summary>
    public IReadOnlyList<string> Pods { get; init; } = Array.Empty<string>();

    /// <summary>Pods left running without an owner (Orphan cascade).</summary>
    public IReadOnlyList<string> OrphanedPods { get; init; } = Array.Empty<string>();

    /// <summary>Other objects of the definition deleted (<see cref="DeleteOptions.DeleteOtherObjects"/>), e.g. service/web.</summary>
    public IReadOnlyList<string> DeletedObjects { get; init; } = Array.Empty<string>();

    /// <summary>Claims that remain (all of them are left over now that the set is gone).</summary>
    public IReadOnlyList<ClaimInfo> RemainingClaims { get; init; } = Array.Empty<ClaimInfo>();

    /// <summary>Claims deleted because <see cref="DeleteOptions.DeleteClaims"/> was set: exactly those of the set's pods.</summary>
    public IReadOnlyList<string> DeletedClaims { get; init; } = Array.Empty<string>();

    /// <summary>
    /// Claims of ordinals the set did not have when it was deleted (left over from earlier scale-downs): never
    /// deleted by delete, only by <see cref="StatefulAppClient.PruneClaimsAsync"/>.
    /// </summary>
    public IReadOnlyList<ClaimInfo> LeftoverClaims { get; init; } = Array.Empty<ClaimInfo>();

    /// <summary>What the retention policy does to the claims, said before deleting (see <see cref="ClaimList.RetentionNotice"/>); null when it keeps them.</summary>
    public string? RetentionNotice { get; init; }

    /// <summary>Claims of the set's pods that <see cref="DeleteOptions.DeleteClaims"/> did not delete after all, each with why.</summary>
    public IReadOnlyList<KeptClaim> ClaimsNotDeleted { get; init; } = Array.Empty<KeptClaim>();

    /// <inheritdoc/>
    public override string ToString()
    {
        if (!StatefulSetDeleted && DeletedObjects.Count == 0 && DeletedClaims.Count == 0)
            return $"statefulset/{Name} (namespace {Namespace}) did not exist";
        var sb = new StringBuilder($"statefulset/{Name} (namespace {Namespace}) deleted (cascade {Cascade.ToString().ToLowerInvariant()})");
        if (OrphanedPods.Count > 0)
            sb.Append("; pods left running: ").Append(string.Join(", ", OrphanedPods));
        if (DeletedObjects.Count > 0)
            sb.Append("; also deleted: ").Append(string.Join(", ", DeletedObjects));
        if (DeletedClaims.Count > 0)
            sb.Append("; claims deleted: ").Append(string.Join(", ", DeletedClaims));
        foreach (var kept in ClaimsNotDeleted)
            sb.Append("; claim not deleted: ").Append(kept);
        if (RemainingClaims.Count > 0)
            sb.Append("; claims kept: ").Append(string.Join(", ", RemainingClaims.Select(c => c.Name))).Append(" (PruneClaimsAsync deletes them)");
        return sb.ToString();
    }
}

/// <summary>
/// Asked with exactly the claims an operation is about to delete, before the operation changes anything; return
/// false to cancel it (nothing is changed, and the operation throws <see cref="BerthClientException"/>).
/// </summary>
/// <param name="plan">The claims that will be deleted, and those that stay.</param>
/// <param name="cancellationToken">Cancels the operation.</param>
/// <returns>True to go on.</returns>
public delegate Task<bool> ConfirmClaimDeletion(ClaimDeletionPlan plan, CancellationToken cancellationToken);

/// <summary>What an operation is about to do to the claims of a StatefulSet (see <see cref="ConfirmClaimDeletion"/>).</summary>
public sealed record ClaimDeletionPlan
{
    /// <summary>The StatefulSet.</summary>
    public required string Name { get; init; }

    /// <summary>The namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The operation, e.g. "scale 3 -> 2", "delete", "prune".</summary>
    public required string Operation { get; init; }

    /// <summary>Exactly the claims that will be deleted, by ordinal.</summary>
    public required IReadOnlyList<ClaimInfo> Claims { get; init; }

    /// <summary>The other claims of the set, which stay, each with why.</summary>
    public IReadOnlyList<KeptClaim> Kept { get; init; } = Array.Empty<KeptClaim>();
}

/// <summary>A claim an operation did not (or will not) delete, and why.</summary>
/// <param name="Claim">The claim.</param>
/// <param name="Reason">Why it stays, e.g. "belongs to pod web-0", "mounted by pod backup-1".</param>
public sealed record KeptClaim(ClaimInfo Claim, string Reason)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Claim.Name} ({Reason})";
}

/// <summary>Every claim of an app's StatefulSet (<see cref="StatefulAppClient.ListClaimsAsync"/>).</summary>
public sealed record ClaimList
{
    /// <summary>The StatefulSet.</summary>
    public required string Name { get; init; }

    /// <summary>The namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>False when the StatefulSet does not exist (then every claim is left over; the templates come from the definition).</summary>
    public bool StatefulSetExists { get; init; }

    /// <summary>spec.replicas of the live set; 0 when it does not exist.</summary>
    public int Replicas { get; init; }

    /// <summary>The first ordinal (spec.ordinals.start, 0 unless set).</summary>
    public int FirstOrdinal { get; init; }

    /// <summary>The claim templates (volumeClaimTemplates) the claims are made from.</summary>
    public IReadOnlyList<string> Templates { get; init; } = Array.Empty<string>();

    /// <summary>Every claim, by ordinal.</summary>
    public IReadOnlyList<ClaimInfo> Claims { get; init; } = Array.Empty<ClaimInfo>();

    /// <summary>The live set's persistentVolumeClaimRetentionPolicy.whenDeleted and whenScaled (null when unset, or dropped by a server without the StatefulSetAutoDeletePVC feature).</summary>
    public (string? WhenDeleted, string? WhenScaled) LiveRetention { get; init; }

    /// <summary>The same policy as the app's definition sets it (null when the definition does not set it).</summary>
    public (string? WhenDeleted, string? WhenScaled) DefinedRetention { get; init; }

    /// <summary>
    /// What the retention policy does to the claims when the set is deleted (<paramref name="toReplicas"/> null) or scaled
    /// to <paramref name="toReplicas"/>: a warning naming the claims the StatefulSet controller will delete, a note that the
    /// definition asks for Delete but the live set does not have it (so the claims are kept), or null when the policy keeps them.
    /// </summary>
    public string? RetentionNotice(int? toReplicas)
    {
        var field = toReplicas is null ? "whenDeleted" : "whenScaled";
        var live = toReplicas is null ? LiveRetention.WhenDeleted : LiveRetention.WhenScaled;
        var defined = toReplicas is null ? DefinedRetention.WhenDeleted : DefinedRetention.WhenScaled;
        if (toReplicas is not null && toReplicas >= Replicas)
            return null;
        var claims = toReplicas is null ? InUse : Claims.Where(c => c.Ordinal >= FirstOrdinal + toReplicas && c.Ordinal < FirstOrdinal + Replicas).ToList();
        var what = toReplicas is null ? "when the set is deleted" : $"of the removed pods on the scale-down {Replicas} -> {toReplicas}";
        if (live == "Delete")
            return claims.Count == 0
                ? $"statefulset/{Name}: its persistentVolumeClaimRetentionPolicy.{field} is Delete: the StatefulSet controller deletes the claims {what} (none exist now)"
                : $"statefulset/{Name}: its persistentVolumeClaimRetentionPolicy.{field} is Delete: the StatefulSet controller will DELETE the claims {string.Join(", ", claims.Select(c => c.Name))} {what}, with their data";
        if (defined == "Delete" && StatefulSetExists)
            return $"statefulset/{Name}: the definition sets persistentVolumeClaimRetentionPolicy.{field}: Delete, but the live set does not have it (a server before 1.23, or without the StatefulSetAutoDeletePVC feature, drops the field), so the claims are kept {what}";
        return null;
    }

    /// <summary>The claims of the set's pods (ordinals it keeps: first..first+replicas-1).</summary>
    public IReadOnlyList<ClaimInfo> InUse => Claims.Where(c => !IsLeftover(c)).ToList();

    /// <summary>The claims of ordinals the set does not have (kept from earlier scale-downs or a delete).</summary>
    public IReadOnlyList<ClaimInfo> Leftover => Claims.Where(IsLeftover).ToList();

    /// <summary>True when the claim's ordinal is outside the set's pods.</summary>
    public bool IsLeftover(ClaimInfo claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return !StatefulSetExists || claim.Ordinal < FirstOrdinal || claim.Ordinal >= FirstOrdinal + Replicas;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"statefulset/{Name} (namespace {Namespace}) claims: " + (Claims.Count == 0 ? "none" : string.Join(", ", Claims.Select(c => c.Name + (IsLeftover(c) ? " (left over)" : string.Empty))));
}

/// <summary>What <see cref="StatefulAppClient.PruneClaimsAsync"/> did.</summary>
public sealed record ClaimPruneResult
{
    /// <summary>The StatefulSet.</summary>
    public required string Name { get; init; }

    /// <summary>The namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The claims deleted.</summary>
    public IReadOnlyList<ClaimInfo> Deleted { get; init; } = Array.Empty<ClaimInfo>();

    /// <summary>The app's other claims, which stay, each with why.</summary>
    public IReadOnlyList<KeptClaim> Kept { get; init; } = Array.Empty<KeptClaim>();

    /// <inheritdoc/>
    public override string ToString() =>
        $"statefulset/{Name} (namespace {Namespace}): claims deleted: {(Deleted.Count == 0 ? "none" : string.Join(", ", Deleted.Select(c => c.Name)))}" +
        (Kept.Count > 0 ? "; kept: " + string.Join(", ", Kept) : string.Empty);
}
