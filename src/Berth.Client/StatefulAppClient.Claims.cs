using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Berth.Client.Internal;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Client;

public sealed partial class StatefulAppClient
{
    /// <summary>
    /// Every PersistentVolumeClaim of the app: those named <c>&lt;template&gt;-&lt;set&gt;-&lt;ordinal&gt;</c> after a
    /// claim template of the set that carry the set's selector labels and are owned by no other set or pod. Says for
    /// each whether it belongs to one of the set's pods or is left over (its ordinal is at or above the replica
    /// count, or the set no longer exists), and which live pods mount it. Without a live set, the templates come from
    /// the definition.
    /// </summary>
    public async Task<ClaimList> ListClaimsAsync(CancellationToken cancellationToken = default)
    {
        var set = await Api.ReadStatefulSetAsync(Namespace, Name, cancellationToken).ConfigureAwait(false);
        return await ClaimListAsync(set, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes left-over claims of the app (see <see cref="ListClaimsAsync"/>): never a claim of one of the set's
    /// pods (ordinal below the replica count) and never a claim a live pod mounts. With <paramref name="names"/>,
    /// exactly those claims, each of which must be a left-over claim of this app that no live pod mounts; otherwise
    /// nothing is deleted and the exception names each wrong claim. Without names, every left-over claim no live pod
    /// mounts. <paramref name="confirm"/> is asked with exactly the claims to delete before any is deleted; just
    /// before deleting, the claims are checked again (same uid, still left over, not mounted), and any change
    /// deletes nothing.
    /// </summary>
    /// <param name="names">The claims to delete; null or empty for every left-over claim.</param>
    /// <param name="confirm">Asked before deleting; null deletes without asking.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<ClaimPruneResult> PruneClaimsAsync(IReadOnlyCollection<string>? names = null, ConfirmClaimDeletion? confirm = null, CancellationToken cancellationToken = default)
    {
        var ct = cancellationToken;
        var list = await ListClaimsAsync(ct).ConfigureAwait(false);
        var doomed = new List<ClaimInfo>();
        if (names is { Count: > 0 })
        {
            var errors = new List<string>();
            foreach (var name in names.Distinct(StringComparer.Ordinal))
            {
                var claim = list.Claims.FirstOrDefault(c => c.Name == name);
                if (claim is null)
                    errors.Add($"\"{name}\" is not a claim of {SetRef} (its claims: {(list.Claims.Count == 0 ? "none" : string.Join(", ", list.Claims.Select(c => c.Name)))})");
                else if (!list.IsLeftover(claim))
                    errors.Add($"{name} belongs to pod {Name}-{claim.Ordinal}, which the set keeps ({list.Replicas} replicas); only claims of ordinals {list.FirstOrdinal + list.Replicas} and up are left over");
                else if (claim.MountedBy.Count > 0)
                    errors.Add($"{name} is in use: mounted by pod {string.Join(", ", claim.MountedBy)}");
                else
                    doomed.Add(claim);
            }

            if (errors.Count > 0)
                throw new BerthClientException($"{SetRef}: nothing deleted: {string.Join("; ", errors)}", SetRef.ToString());
        }
        else
        {
            doomed.AddRange(list.Leftover.Where(c => c.MountedBy.Count == 0));
        }

        var kept = list.Claims.Where(c => !doomed.Contains(c)).Select(c => new KeptClaim(c, KeptReason(list, c, named: names is { Count: > 0 }))).ToList();
        if (doomed.Count == 0)
            return new ClaimPruneResult { Name = Name, Namespace = Namespace, Kept = kept };

        await ConfirmAsync(confirm, "prune", doomed, kept, ct).ConfigureAwait(false);

        // The set may have been scaled up or a pod started meanwhile (the confirmation can take a while).
        var again = await ListClaimsAsync(ct).ConfigureAwait(false);
        var changed = doomed
            .Select(d => (Claim: d, Now: again.Claims.FirstOrDefault(c => c.Name == d.Name)))
            .Where(x => x.Now is null || x.Now.Uid != x.Claim.Uid || !again.IsLeftover(x.Now) || x.Now.MountedBy.Count > 0)
            .Select(x => x.Now is null ? $"{x.Claim.Name} is gone" : x.Now.Uid != x.Claim.Uid ? $"{x.Claim.Name} was replaced" : KeptReason(again, x.Now, named: true))
            .ToList();
        if (changed.Count > 0)
            throw new BerthClientException($"{SetRef}: nothing deleted: the claims changed since they were listed: {string.Join("; ", changed)}; run the prune again", SetRef.ToString());

        var deleted = new List<ClaimInfo>();
        foreach (var claim in doomed)
        {
            Logger.LogWarning("{Object}: deleting left-over claim {Claim} (prune)", SetRef, claim.Name);
            if (await Api.DeleteClaimAsync(Namespace, claim.Name, claim.Uid, ct).ConfigureAwait(false))
                deleted.Add(claim);
        }

        return new ClaimPruneResult { Name = Name, Namespace = Namespace, Deleted = deleted, Kept = kept };
    }

    private async Task<ClaimList> ClaimListAsync(V1StatefulSet? set, CancellationToken ct)
    {
        var spec = set?.Spec ?? Planned.Manifests!.StatefulSet.Spec;
        return new ClaimList
        {
            Name = Name,
            Namespace = Namespace,
            StatefulSetExists = set is not null,
            Replicas = set is null ? 0 : set.Spec.Replicas ?? 1,
            FirstOrdinal = set?.Spec.Ordinals?.Start ?? 0,
            Templates = (spec.VolumeClaimTemplates ?? new List<V1PersistentVolumeClaim>()).Select(t => t.Metadata?.Name).OfType<string>().ToList(),
            Claims = await ClaimsOfAsync(set, ct).ConfigureAwait(false),
            LiveRetention = (set?.Spec.PersistentVolumeClaimRetentionPolicy?.WhenDeleted, set?.Spec.PersistentVolumeClaimRetentionPolicy?.WhenScaled),
            DefinedRetention = (Planned.Manifests?.StatefulSet.Spec.PersistentVolumeClaimRetentionPolicy?.WhenDeleted, Planned.Manifests?.StatefulSet.Spec.PersistentVolumeClaimRetentionPolicy?.WhenScaled),
        };
    }

    private string KeptReason(ClaimList list, ClaimInfo claim, bool named) =>
        !list.IsLeftover(claim) ? $"belongs to pod {Name}-{claim.Ordinal}"
        : claim.MountedBy.Count > 0 ? $"left over, but mounted by pod {string.Join(", ", claim.MountedBy)}"
        : named ? "left over, not named" : "left over";

    /// <summary>Asks <paramref name="confirm"/> about exactly <paramref name="claims"/>; throws when it says no.</summary>
    private async Task ConfirmAsync(ConfirmClaimDeletion? confirm, string operation, IReadOnlyList<ClaimInfo> claims, IReadOnlyList<KeptClaim> kept, CancellationToken ct)
    {
        if (confirm is null || claims.Count == 0)
            return;
        var plan = new ClaimDeletionPlan { Name = Name, Namespace = Namespace, Operation = operation, Claims = claims, Kept = kept };
        if (!await confirm(plan, ct).ConfigureAwait(false))
            throw new BerthClientException($"{SetRef}: {operation}: deleting the claims {string.Join(", ", claims.Select(c => c.Name))} was not confirmed; nothing was changed", SetRef.ToString());
    }

    /// <summary>
    /// Deletes the planned claims (the pods that used them are gone): each only while it is the same claim (uid) and
    /// no live pod mounts it; the others are returned with why they stay.
    /// </summary>
    private async Task<(List<string> Deleted, List<KeptClaim> NotDeleted)> DeletePlannedClaimsAsync(V1StatefulSet set, IReadOnlyList<ClaimInfo> planned, string operation, CancellationToken ct)
    {
        var deleted = new List<string>();
        var notDeleted = new List<KeptClaim>();
        if (planned.Count == 0)
            return (deleted, notDeleted);
        var now = (await ClaimsOfAsync(set, ct).ConfigureAwait(false)).ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var claim in planned)
        {
            if (!now.TryGetValue(claim.Name, out var live))
                continue; // deleted by someone else meanwhile
            if (live.Uid != claim.Uid)
            {
                notDeleted.Add(new KeptClaim(live, "replaced by another claim of the same name since it was listed"));
                continue;
            }

            if (live.MountedBy.Count > 0)
            {
                notDeleted.Add(new KeptClaim(live, $"mounted by pod {string.Join(", ", live.MountedBy)}"));
                continue;
            }

            Logger.LogWarning("{Object}: deleting claim {Claim} of pod {Pod} ({Operation})", SetRef, claim.Name, $"{Name}-{claim.Ordinal}", operation);
            try
            {
                if (await Api.DeleteClaimAsync(Namespace, claim.Name, claim.Uid, ct).ConfigureAwait(false))
                    deleted.Add(claim.Name);
            }
            catch (BerthClientException e) when (e.StatusCode == 409)
            {
                notDeleted.Add(new KeptClaim(live, "replaced by another claim of the same name since it was listed"));
            }
        }

        return (deleted, notDeleted);
    }
}
