using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Berth.Client.Internal;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Client;

public sealed partial class StatefulAppClient
{
    /// <summary>
    /// Deletes the StatefulSet with the chosen cascade (Background by default, Foreground, or Orphan to keep the
    /// pods running) and says which PersistentVolumeClaims remain. With <see cref="DeleteOptions.DeleteClaims"/> it
    /// deletes exactly the claims of the set's pods (ordinals below the replica count), after the pods are gone,
    /// asking <see cref="DeleteOptions.ConfirmClaimDeletion"/> first, before anything is deleted; claims left over
    /// from earlier scale-downs stay (see <see cref="PruneClaimsAsync"/>), and nothing is deleted when the set does
    /// not exist. With <see cref="DeleteOptions.DeleteOtherObjects"/> it also deletes the definition's Services,
    /// PodDisruptionBudget and ConfigMaps that Berth wrote; never the namespace.
    /// </summary>
    public async Task<DeleteResult> DeleteAsync(DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DeleteOptions();
        var ct = cancellationToken;
        if (options.DeleteClaims && options.Cascade == DeletionCascade.Orphan)
            throw new BerthClientException($"{SetRef}: DeleteClaims with the Orphan cascade would pull the claims from under the pods left running; delete the pods first, or use another cascade", SetRef.ToString());

        var set = await Api.ReadStatefulSetAsync(Namespace, Name, ct).ConfigureAwait(false);
        var podNames = new List<string>();
        var deletedSet = false;
        var planned = new List<ClaimInfo>();
        var leftover = new List<ClaimInfo>();
        string? notice = null;
        if (set is not null)
        {
            var before = await ClaimListAsync(set, ct).ConfigureAwait(false);
            leftover = before.Leftover.ToList();
            notice = before.RetentionNotice(null);
            if (notice is not null)
                Logger.LogWarning("{Notice}", notice);
            if (options.DeleteClaims)
            {
                planned = before.InUse.ToList();
                await ConfirmAsync(options.ConfirmClaimDeletion, "delete", planned, leftover.Select(c => new KeptClaim(c, "left over from an earlier scale-down")).ToList(), ct).ConfigureAwait(false);
            }

            podNames = PodFacts.PodsOf(set, await Api.ListPodsAsync(Namespace, PodFacts.SelectorString(set.Spec.Selector), ct).ConfigureAwait(false))
                .Select(p => p.Pod.Metadata.Name).ToList();
            var propagation = options.Cascade.ToString();
            deletedSet = await Api.DeleteStatefulSetAsync(Namespace, Name, propagation, set.Metadata.Uid, ct).ConfigureAwait(false);
            Logger.LogInformation("{Object}: deleted (cascade {Cascade})", SetRef, propagation);
            if (options.Wait || options.DeleteClaims)
            {
                try
                {
                    await WaitUntilGoneAsync(set.Metadata.Uid, options.Timeout, ct).ConfigureAwait(false);
                    if (options.Cascade != DeletionCascade.Orphan)
                        await WaitForPodsGoneAsync(podNames, options.Timeout, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException e) when (ct.IsCancellationRequested)
                {
                    throw Interruption.Cancelled($"delete of {SetRef}", $"the StatefulSet was deleted (cascade {propagation}); the garbage collector goes on removing its pods in the cluster; " +
                        (planned.Count > 0 ? "no claim was deleted (their deletion waits for the pods to be gone)" : "the claims are untouched") +
                        (options.DeleteOtherObjects ? "; the other objects were not deleted" : string.Empty), e, ct);
                }
            }
        }

        var deletedObjects = new List<string>();
        if (options.DeleteOtherObjects)
        {
            var server = await client.GetServerInfoAsync(ct).ConfigureAwait(false);
            foreach (var obj in Prepare(server).Objects.Where(o => o is not V1StatefulSet and not V1Namespace).Reverse())
            {
                if (obj.Kind == "PersistentVolumeClaim")
                {
                    Logger.LogInformation("{Object}: kept, a claim is deleted only when named (berth claims)", ObjectRef.Of(obj));
                    continue;
                }

                var live = await Api.ReadJsonAsync(obj, ct).ConfigureAwait(false);
                if (live is null)
                    continue;
                if (!ManagedBy(live, client.Options.FieldManager))
                {
                    Logger.LogInformation("{Object}: kept, Berth ({Manager}) did not write it", ObjectRef.Of(obj), client.Options.FieldManager);
                    continue;
                }

                if (await Api.DeleteObjectAsync(obj, ct).ConfigureAwait(false))
                    deletedObjects.Add(ObjectRef.Of(obj).Short);
            }
        }

        var (deletedClaims, notDeleted) = set is null
            ? (new List<string>(), new List<KeptClaim>())
            : await DeletePlannedClaimsAsync(set, planned, "DeleteClaims", ct).ConfigureAwait(false);
        var claims = await ClaimsOfAsync(set, ct).ConfigureAwait(false);
        return new DeleteResult
        {
            Name = Name,
            Namespace = Namespace,
            Cascade = options.Cascade,
            StatefulSetDeleted = deletedSet,
            Pods = podNames,
            OrphanedPods = options.Cascade == DeletionCascade.Orphan ? podNames : new List<string>(),
            DeletedObjects = deletedObjects,
            RemainingClaims = claims.Where(c => !deletedClaims.Contains(c.Name)).ToList(),
            DeletedClaims = deletedClaims,
            LeftoverClaims = claims.Where(c => leftover.Any(l => l.Uid == c.Uid)).ToList(),
            ClaimsNotDeleted = notDeleted,
            RetentionNotice = notice,
        };
    }

    private static bool ManagedBy(JsonObject live, string fieldManager) =>
        live["metadata"]?["managedFields"] is JsonArray entries && entries.Any(e => e?["manager"]?.ToString() == fieldManager);
}
