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
    /// pods running) and says which PersistentVolumeClaims remain. Claims are deleted only with
    /// <see cref="DeleteOptions.DeleteClaims"/>, after the pods are gone. With
    /// <see cref="DeleteOptions.DeleteOtherObjects"/> it also deletes the definition's Services, PodDisruptionBudget
    /// and ConfigMaps that Berth wrote; never the namespace.
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
        if (set is not null)
        {
            podNames = PodFacts.PodsOf(set, await Api.ListPodsAsync(Namespace, PodFacts.SelectorString(set.Spec.Selector), ct).ConfigureAwait(false))
                .Select(p => p.Pod.Metadata.Name).ToList();
            var propagation = options.Cascade.ToString();
            deletedSet = await Api.DeleteStatefulSetAsync(Namespace, Name, propagation, set.Metadata.Uid, ct).ConfigureAwait(false);
            Logger.LogInformation("{Object}: deleted (cascade {Cascade})", SetRef, propagation);
            if (options.Wait || options.DeleteClaims)
            {
                await WaitUntilGoneAsync(set.Metadata.Uid, options.Timeout, ct).ConfigureAwait(false);
                if (options.Cascade != DeletionCascade.Orphan)
                    await WaitForPodsGoneAsync(podNames, options.Timeout, ct).ConfigureAwait(false);
            }
        }

        var deletedObjects = new List<string>();
        if (options.DeleteOtherObjects)
        {
            var server = await client.GetServerInfoAsync(ct).ConfigureAwait(false);
            foreach (var obj in Prepare(server).Objects.Where(o => o is not V1StatefulSet and not V1Namespace).Reverse())
            {
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

        var claims = await ClaimsOfAsync(set, ct).ConfigureAwait(false);
        var deletedClaims = new List<string>();
        if (options.DeleteClaims)
        {
            foreach (var claim in claims)
            {
                Logger.LogWarning("{Object}: deleting claim {Claim} (DeleteClaims)", SetRef, claim.Name);
                if (await Api.DeleteClaimAsync(Namespace, claim.Name, ct).ConfigureAwait(false))
                    deletedClaims.Add(claim.Name);
            }
        }

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
        };
    }

    private static bool ManagedBy(JsonObject live, string fieldManager) =>
        live["metadata"]?["managedFields"] is JsonArray entries && entries.Any(e => e?["manager"]?.ToString() == fieldManager);
}
