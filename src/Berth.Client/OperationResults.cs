using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

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

    /// <summary>Claims of removed pods that remain (a later scale-up gives them back to the pods).</summary>
    public IReadOnlyList<ClaimInfo> RemainingClaims { get; init; } = Array.Empty<ClaimInfo>();

    /// <summary>Claims deleted because <see cref="ScaleOptions.DeleteClaimsOfRemovedPods"/> was set.</summary>
    public IReadOnlyList<string> DeletedClaims { get; init; } = Array.Empty<string>();

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
        if (RemainingClaims.Count > 0)
            sb.Append("; claims kept: ").Append(string.Join(", ", RemainingClaims.Select(c => c.Name)))
              .Append(ClaimsDeletedByRetentionPolicy ? " (the retention policy deletes them)" : " (their data returns on scale-up; delete them with ScaleOptions.DeleteClaimsOfRemovedPods)");
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

    /// <summary>Claims that remain.</summary>
    public IReadOnlyList<ClaimInfo> RemainingClaims { get; init; } = Array.Empty<ClaimInfo>();

    /// <summary>Claims deleted because <see cref="DeleteOptions.DeleteClaims"/> was set.</summary>
    public IReadOnlyList<string> DeletedClaims { get; init; } = Array.Empty<string>();

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
        if (RemainingClaims.Count > 0)
            sb.Append("; claims kept: ").Append(string.Join(", ", RemainingClaims.Select(c => c.Name))).Append(" (delete them with DeleteOptions.DeleteClaims)");
        return sb.ToString();
    }
}
