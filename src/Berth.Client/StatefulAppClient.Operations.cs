using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Berth.Client.Internal;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Client;

public sealed partial class StatefulAppClient
{
    /// <summary>
    /// Sets the replica count (through the scale subresource, as <c>kubectl scale</c> does) and, by default, waits
    /// until the pods are there and Ready (created 0..n-1) or removed (highest ordinal first). Says which claims of
    /// removed pods remain and which were left over from earlier scale-downs. With
    /// <see cref="ScaleOptions.DeleteClaimsOfRemovedPods"/> it deletes exactly the claims of the pods this scale
    /// removes, after those pods are gone (asking <see cref="ScaleOptions.ConfirmClaimDeletion"/> first, before
    /// scaling); left-over claims are never deleted here (see <see cref="PruneClaimsAsync"/>).
    /// </summary>
    public async Task<ScaleResult> ScaleAsync(int replicas, ScaleOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (replicas < 0)
            throw new ArgumentOutOfRangeException(nameof(replicas), replicas, $"{SetRef}: replicas must be 0 or more");
        options ??= new ScaleOptions();
        var ct = cancellationToken;
        var set = await Api.GetStatefulSetAsync(Namespace, Name, ct).ConfigureAwait(false);
        var previous = set.Spec.Replicas ?? 1;
        var start = set.Spec.Ordinals?.Start ?? 0;
        var (removed, added) = PodsChangedByScale(start, previous, replicas);
        var byPolicy = set.Spec.PersistentVolumeClaimRetentionPolicy?.WhenScaled == "Delete";

        // The claims of the removed pods: ordinals [start + replicas, start + previous) of each template, as they are now.
        bool OfRemovedPod(ClaimInfo c) => c.Ordinal >= start + replicas && c.Ordinal < start + previous;
        var before = await ClaimListAsync(set, ct).ConfigureAwait(false);
        var notice = before.RetentionNotice(replicas);
        if (notice is not null)
            Logger.LogWarning("{Notice}", notice);
        var planned = options.DeleteClaimsOfRemovedPods ? before.Claims.Where(OfRemovedPod).ToList() : new List<ClaimInfo>();
        var leftover = before.Claims.Where(c => c.Ordinal >= start + Math.Max(replicas, previous)).ToList();
        if (planned.Count > 0)
            await ConfirmAsync(options.ConfirmClaimDeletion, $"scale {previous} -> {replicas}", planned,
                before.Claims.Except(planned).Select(c => new KeptClaim(c, c.Ordinal < start + replicas ? $"belongs to pod {Name}-{c.Ordinal}" : "left over from an earlier scale-down")).ToList(), ct).ConfigureAwait(false);

        await Api.ScaleStatefulSetAsync(Namespace, Name, replicas, ct).ConfigureAwait(false);
        Logger.LogInformation("{Object}: scaled {Previous} -> {Replicas}", SetRef, previous, replicas);

        RolloutResult? rollout = null;
        var deleted = new List<string>();
        var notDeleted = new List<KeptClaim>();
        try
        {
            if (options.Wait)
                rollout = (await RolloutStatusAsync(options.Rollout, null, ct).ConfigureAwait(false)).EnsureSuccess();

            if (planned.Count > 0)
            {
                if (!options.Wait)
                    await WaitForPodsGoneAsync(removed, options.Rollout?.Timeout ?? TimeSpan.FromMinutes(5), ct).ConfigureAwait(false);
                (deleted, notDeleted) = await DeletePlannedClaimsAsync(set, planned, "DeleteClaimsOfRemovedPods", ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException e) when (ct.IsCancellationRequested)
        {
            var pods = added.Count > 0 ? $"creating {string.Join(", ", added)}" : removed.Count > 0 ? $"removing {string.Join(", ", removed)}" : "with the pods";
            var claims = planned.Count > 0 ? $"; claims not deleted (asked for, after the pods are gone): {string.Join(", ", planned.Where(c => !deleted.Contains(c.Name)).Select(c => c.Name))}" : string.Empty;
            throw Interruption.Cancelled($"scale of {SetRef}", $"replicas set {previous} -> {replicas}; the StatefulSet controller goes on {pods} in the cluster{claims}", e, ct);
        }

        var after = removed.Count == 0 && leftover.Count == 0 ? new List<ClaimInfo>() : await ClaimsOfAsync(set, ct).ConfigureAwait(false);
        return new ScaleResult
        {
            Name = Name,
            Namespace = Namespace,
            PreviousReplicas = previous,
            Replicas = replicas,
            RemovedPods = removed,
            AddedPods = added,
            RemainingClaims = after.Where(c => OfRemovedPod(c) && !deleted.Contains(c.Name)).ToList(),
            LeftoverClaims = after.Where(c => leftover.Any(l => l.Uid == c.Uid)).ToList(),
            DeletedClaims = deleted,
            ClaimsNotDeleted = notDeleted,
            ClaimsDeletedByRetentionPolicy = byPolicy,
            RetentionNotice = notice,
            Rollout = rollout,
        };
    }

    /// <summary>Waits (watching) until none of the named pods exists.</summary>
    private async Task WaitForPodsGoneAsync(IReadOnlyCollection<string> names, TimeSpan timeout, CancellationToken ct)
    {
        var set = await Api.ReadStatefulSetAsync(Namespace, Name, ct).ConfigureAwait(false);
        var selector = set is null ? PodFacts.SelectorString(Planned.Manifests!.StatefulSet.Spec.Selector) : PodFacts.SelectorString(set.Spec.Selector);
        var signal = new AsyncSignal();
        await using var pods = Watches.Pods(Api, Namespace, selector, signal);
        await pods.StartAsync(ct).ConfigureAwait(false);
        var deadline = DateTime.UtcNow + timeout;
        while (pods.Items.Where(p => names.Contains(p.Metadata.Name)).Select(p => p.Metadata.Name).ToList() is { Count: > 0 } left)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
                throw new BerthClientException($"{SetRef}: pods {string.Join(", ", left)} still exist after {RolloutResult.Seconds(timeout)}", SetRef.ToString());
            await signal.WaitAsync(remaining, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sets the image of one container (or init container) of the pod template, as <c>kubectl set image</c> does.
    /// An unknown container is refused with the list of containers.
    /// </summary>
    public async Task<ChangeResult> SetImageAsync(string container, string image, ChangeOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(image))
            throw new ArgumentException($"{SetRef}: the image must not be empty", nameof(image));
        var ct = cancellationToken;
        var set = await Api.GetStatefulSetAsync(Namespace, Name, ct).ConfigureAwait(false);
        var spec = set.Spec.Template.Spec;
        var main = spec.Containers ?? new List<V1Container>();
        var init = spec.InitContainers ?? new List<V1Container>();
        var target = main.FirstOrDefault(c => c.Name == container);
        var list = "containers";
        if (target is null && init.FirstOrDefault(c => c.Name == container) is { } initTarget)
        {
            target = initTarget;
            list = "initContainers";
        }

        if (target is null)
        {
            var known = string.Join(", ", main.Select(c => $"\"{c.Name}\"")) + (init.Count > 0 ? "; init containers: " + string.Join(", ", init.Select(c => $"\"{c.Name}\"")) : string.Empty);
            throw new BerthClientException($"{SetRef} has no container named \"{container}\"; containers: {known}", SetRef.ToString());
        }

        if (target.Image == image)
            return new ChangeResult { Name = Name, Namespace = Namespace, Changed = false, Generation = set.Metadata.Generation ?? 0, Message = $"{SetRef}: container {container} already runs {image}" };

        var patch = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["template"] = new JsonObject
                {
                    ["spec"] = new JsonObject { [list] = new JsonArray(new JsonObject { ["name"] = container, ["image"] = image }) },
                },
            },
        };
        var updated = await Api.PatchStatefulSetAsync(Namespace, Name, patch.ToJsonString(), V1Patch.PatchType.StrategicMergePatch, "set image of", ct).ConfigureAwait(false);
        Logger.LogInformation("{Object}: container {Container} image {Old} -> {New}", SetRef, container, target.Image, image);
        return new ChangeResult
        {
            Name = Name,
            Namespace = Namespace,
            Generation = updated.Metadata.Generation ?? 0,
            Message = $"{SetRef}: container {container} image {target.Image} -> {image}",
            Applied = AppliedTemplate.Of(updated),
            Rollout = await MaybeWaitAsync(options, AppliedTemplate.Of(updated), ct).ConfigureAwait(false),
        };
    }

    /// <summary>
    /// Restarts every pod through a rolling update, as <c>kubectl rollout restart</c> does: sets the
    /// <c>kubectl.kubernetes.io/restartedAt</c> annotation of the pod template to now. With the OnDelete strategy the
    /// pods are replaced only when deleted.
    /// </summary>
    public async Task<ChangeResult> RestartAsync(ChangeOptions? options = null, CancellationToken cancellationToken = default)
    {
        var ct = cancellationToken;
        var set = await Api.GetStatefulSetAsync(Namespace, Name, ct).ConfigureAwait(false);
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var patch = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["kubectl.kubernetes.io/restartedAt"] = now } },
                },
            },
        };
        var updated = await Api.PatchStatefulSetAsync(Namespace, Name, patch.ToJsonString(), V1Patch.PatchType.StrategicMergePatch, "restart", ct).ConfigureAwait(false);
        var onDelete = (set.Spec.UpdateStrategy?.Type ?? "RollingUpdate") == "OnDelete";
        return new ChangeResult
        {
            Name = Name,
            Namespace = Namespace,
            Generation = updated.Metadata.Generation ?? 0,
            Message = $"{SetRef}: restart requested (restartedAt {now})" + (onDelete ? "; the set uses OnDelete, so each pod restarts only when deleted" : string.Empty),
            Applied = AppliedTemplate.Of(updated),
            Rollout = await MaybeWaitAsync(options, AppliedTemplate.Of(updated), ct).ConfigureAwait(false),
        };
    }

    /// <summary>Waits for the rollout of <paramref name="applied"/> (the template the change wrote; null: the live one) when asked to.</summary>
    private async Task<RolloutResult?> MaybeWaitAsync(ChangeOptions? options, AppliedTemplate? applied, CancellationToken ct)
    {
        try
        {
            return options?.Wait == true ? (await RolloutStatusAsync((options.Rollout ?? new RolloutOptions()) with { Applied = applied }, null, ct).ConfigureAwait(false)).EnsureSuccess() : null;
        }
        catch (OperationCanceledException e) when (ct.IsCancellationRequested)
        {
            throw Interruption.Cancelled($"wait for the rollout of {SetRef}", "the change was written (generation " + (applied?.Generation.ToString(CultureInfo.InvariantCulture) ?? "?") + "); its rollout goes on in the cluster", e, ct);
        }
    }
}
