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
    /// Rolls out a new pod template in steps, highest ordinals first (a canary). The new template (the definition's,
    /// applied as <see cref="ApplyAsync"/> applies it, or <see cref="CanaryOptions.Images"/> set on the live template)
    /// is written together with a RollingUpdate partition equal to the replicas, so no pod changes yet; then each step
    /// lowers the partition so that the step's pods update (see <see cref="CanaryStep"/>), waits until they run the
    /// new revision and are Ready (as <see cref="RolloutStatusAsync"/> waits), and runs <see cref="CanaryOptions.Check"/>.
    /// On success the partition ends at the definition's partition, when it declares one, else 0.
    /// A failed check, or a step whose pods do not become Ready in time (<see cref="CanaryOptions.Rollout"/>: timeout,
    /// progress deadline, crash-looping pods), aborts: the template of the revision every pod ran before (the set's
    /// current revision, as <see cref="UndoAsync"/> restores one) and the partition from before are restored in one
    /// patch, pods of the new template that are not Ready are deleted (an OrderedReady set would wait for them
    /// forever), the rollback is awaited, and <see cref="CanaryFailedException"/> says which ordinals were updated and
    /// the state reached. A template changed by someone else during the canary stops it with nothing restored.
    /// Refused, with nothing changed, for a set that does not exist, the OnDelete strategy (live or defined), steps
    /// that do not fit the set, and a set the controller has not caught up with. Never touches claims.
    /// </summary>
    /// <param name="options">The steps, the check and where the new template comes from.</param>
    /// <param name="progress">Per-pod progress of each wait, and each step as a <see cref="RolloutProgress.Notice"/> (default <see cref="RolloutOptions.Progress"/>).</param>
    /// <param name="cancellationToken">Cancels the canary where it is (nothing is restored; the message says the state).</param>
    /// <exception cref="CanaryFailedException">Aborted (rolled back) or stopped.</exception>
    public async Task<CanaryResult> CanaryAsync(CanaryOptions options, IProgress<RolloutProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ct = cancellationToken;
        var rollout = options.Rollout ?? new RolloutOptions();
        progress ??= rollout.Progress;
        var live = await Api.ReadStatefulSetAsync(Namespace, Name, ct).ConfigureAwait(false)
                   ?? throw new BerthClientException($"{SetRef} does not exist: a canary changes a running StatefulSet; apply it first", SetRef.ToString());
        if (live.Spec.UpdateStrategy?.Type == "OnDelete")
            throw OnDeleteRefusal("the live StatefulSet uses");

        // the new template's source, and the numbers the steps are planned with
        int replicas;
        var finalPartition = 0;
        if (options.Images is { } images)
        {
            CheckImages(live, images);
            replicas = live.Spec.Replicas ?? 1;
        }
        else
        {
            var desired = Prepare(await client.GetServerInfoAsync(ct).ConfigureAwait(false)).StatefulSet;
            if (desired.Spec.UpdateStrategy?.Type == "OnDelete")
                throw OnDeleteRefusal("the definition uses");
            replicas = desired.Spec.Replicas ?? 1;
            finalPartition = desired.Spec.UpdateStrategy?.RollingUpdate?.Partition ?? 0;
        }

        var start = live.Spec.Ordinals?.Start ?? 0;
        var plan = PlanCanary(options.Steps, replicas, start, finalPartition);
        if ((live.Status?.ObservedGeneration ?? 0) < (live.Metadata.Generation ?? 0) || live.Status?.CurrentRevision is not { } previousRevision)
            throw new BerthClientException($"{SetRef}: the StatefulSet controller has not caught up with the set yet (generation {live.Metadata.Generation}, observed {live.Status?.ObservedGeneration ?? 0}); wait for its rollout first (rollout status), then start the canary", SetRef.ToString());
        var previousPartition = live.Spec.UpdateStrategy?.RollingUpdate?.Partition ?? 0;
        var (revisions, raw) = await LoadRevisionsAsync(live, withPods: false, ct).ConfigureAwait(false);
        var previous = revisions.FirstOrDefault(r => r.Name == previousRevision)
                       ?? throw new BerthClientException($"{SetRef}: the current revision {previousRevision} has no ControllerRevision to restore on abort (revisions: {string.Join(", ", revisions.Select(r => r.Name))})", SetRef.ToString());
        var restore = RevisionData(raw[previous.Number]) ?? throw new BerthClientException($"{SetRef}: revision {previous.Number} ({previousRevision}) holds no pod template", SetRef.ToString());

        var run = new CanaryRun(this, rollout, progress, plan, previousRevision, previousPartition, restore);
        return await run.RunAsync(live, options, replicas, finalPartition, ct).ConfigureAwait(false);
    }

    private BerthClientException OnDeleteRefusal(string where) =>
        new($"{SetRef}: {where} the OnDelete strategy, where pods change only when deleted, so a canary cannot move a partition; " +
            "use RollingUpdate (a canary rolls the highest ordinals first by lowering its partition), or delete pods one at a time for an OnDelete rollout", SetRef.ToString());

    /// <summary>Refuses images for containers the live template does not have, or empty images.</summary>
    private void CheckImages(V1StatefulSet live, IReadOnlyDictionary<string, string> images)
    {
        if (images.Count == 0)
            throw new ArgumentException($"{SetRef}: CanaryOptions.Images names no container; name at least one, or leave it null to roll out the definition", nameof(images));
        var spec = live.Spec.Template.Spec;
        var names = (spec.Containers ?? new List<V1Container>()).Concat(spec.InitContainers ?? new List<V1Container>()).Select(c => c.Name).ToList();
        foreach (var (container, image) in images)
        {
            if (!names.Contains(container))
                throw new BerthClientException($"{SetRef} has no container named \"{container}\"; containers: {string.Join(", ", names.Select(n => $"\"{n}\""))}", SetRef.ToString());
            if (string.IsNullOrWhiteSpace(image))
                throw new ArgumentException($"{SetRef}: the image of container {container} must not be empty", nameof(images));
        }
    }

    /// <summary>One planned step: as written, how many pods it updates, the partition that does it.</summary>
    internal sealed record PlannedStep(string Spec, int Pods, int Partition);

    /// <summary>
    /// The steps as partitions: each step's pod count (strictly increasing), capped at the pods the final partition
    /// lets update, with a final <c>rest</c> step when the last does not reach them.
    /// </summary>
    internal List<PlannedStep> PlanCanary(IReadOnlyList<CanaryStep> steps, int replicas, int start, int finalPartition)
    {
        if (steps is null || steps.Count == 0)
            throw new ArgumentException($"{SetRef}: a canary needs at least one step, e.g. 1,50%,100%", nameof(steps));
        var most = replicas - finalPartition;
        if (most <= 0)
            throw new BerthClientException($"{SetRef}: the definition's partition {finalPartition} keeps all {replicas} pod(s) on the old template, so a canary has nothing to roll out; lower or remove the partition", SetRef.ToString());
        var planned = new List<PlannedStep>();
        var before = 0;
        for (var i = 0; i < steps.Count; i++)
        {
            int pods;
            try
            {
                pods = steps[i].PodsOf(replicas, start);
            }
            catch (ArgumentException e)
            {
                throw new BerthClientException($"{SetRef}: {e.Message}", SetRef.ToString());
            }

            if (pods <= before)
                throw new BerthClientException($"{SetRef}: each canary step must update more pods than the one before: step {i + 1} ({steps[i]}) updates {pods} of {replicas}, step {i} ({steps[i - 1]}) already {before}", SetRef.ToString());
            before = pods;
            var capped = Math.Min(pods, most);
            if (planned.Count == 0 || planned[^1].Pods < capped)
                planned.Add(new PlannedStep(steps[i].ToString(), capped, replicas - capped));
        }

        if (planned[^1].Pods < most)
            planned.Add(new PlannedStep("rest", most, finalPartition));
        return planned;
    }

    /// <summary>The partition patch (strategic merge), with the template data of a revision when given.</summary>
    private static string PartitionPatch(int partition, JsonObject? templateData = null)
    {
        var patch = templateData?.DeepClone().AsObject() ?? new JsonObject();
        var spec = patch["spec"] as JsonObject ?? new JsonObject();
        patch["spec"] = spec;
        spec["updateStrategy"] = new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["partition"] = partition } };
        return patch.ToJsonString();
    }

    /// <summary>A canary apply: RollingUpdate with a partition equal to the replicas (nothing updates yet), the rest of the definition's strategy kept.</summary>
    private static void HoldUpdates(V1StatefulSet desired)
    {
        var strategy = desired.Spec.UpdateStrategy ??= new V1StatefulSetUpdateStrategy();
        strategy.Type = "RollingUpdate";
        (strategy.RollingUpdate ??= new V1RollingUpdateStatefulSetStrategy()).Partition = desired.Spec.Replicas ?? 1;
    }

    /// <summary>One canary, from the write of the new template to success, abort or stop.</summary>
    private sealed class CanaryRun
    {
        private readonly StatefulAppClient app;
        private readonly RolloutOptions rollout;
        private readonly IProgress<RolloutProgress>? progress;
        private readonly List<PlannedStep> plan;
        private readonly string previousRevision;
        private readonly int previousPartition;
        private readonly JsonObject restore;
        private readonly List<CanaryStepResult> steps = new();
        private readonly List<string> notices = new();
        private string? revision;
        private string state = "nothing written yet";
        private bool restored;

        public CanaryRun(StatefulAppClient app, RolloutOptions rollout, IProgress<RolloutProgress>? progress, List<PlannedStep> plan, string previousRevision, int previousPartition, JsonObject restore)
        {
            this.app = app;
            this.rollout = rollout;
            this.progress = progress;
            this.plan = plan;
            this.previousRevision = previousRevision;
            this.previousPartition = previousPartition;
            this.restore = restore;
        }

        private string Set => app.SetRef.ToString();

        private KubeApi Api => app.Api;

        private void Notice(string text)
        {
            notices.Add(text);
            app.Logger.LogInformation("{Notice}", text);
            progress?.Report(new RolloutProgress { Name = app.Name, Namespace = app.Namespace, Message = text, Notice = text });
        }

        public async Task<CanaryResult> RunAsync(V1StatefulSet live, CanaryOptions options, int replicas, int finalPartition, CancellationToken ct)
        {
            // 1. the new template, with a partition that holds every pod where it is
            AppliedTemplate canary;
            if (options.Images is { } images)
            {
                var spec = live.Spec.Template.Spec;
                JsonArray List(IEnumerable<V1Container>? containers) => new(containers?.Where(c => images.ContainsKey(c.Name))
                    .Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["image"] = images[c.Name] }).ToArray() ?? Array.Empty<JsonNode>());
                var podSpec = new JsonObject();
                if (List(spec.Containers) is { Count: > 0 } main)
                    podSpec["containers"] = main;
                if (List(spec.InitContainers) is { Count: > 0 } init)
                    podSpec["initContainers"] = init;
                var patch = JsonNode.Parse(PartitionPatch(replicas))!.AsObject();
                patch["spec"]!["template"] = new JsonObject { ["spec"] = podSpec };
                var updated = await Api.PatchStatefulSetAsync(app.Namespace, app.Name, patch.ToJsonString(), V1Patch.PatchType.StrategicMergePatch, "canary (template, partition) of", ct).ConfigureAwait(false);
                canary = AppliedTemplate.Of(updated);
            }
            else
            {
                var applied = await app.ApplyAppAsync(new ApplyOptions { HoldUpdates = true, Rollout = rollout }, ct).ConfigureAwait(false);
                canary = applied.Applied ?? throw new BerthClientException($"{Set}: the canary's apply returned no StatefulSet", Set);
            }

            state = $"new template written with partition {replicas} (no pod updated yet); previous revision {previousRevision}, partition {previousPartition}";
            try
            {
                var unchanged = ManifestComparer.Compare(KubeApi.ToJson(live.Spec.Template), KubeApi.ToJson(canary.Template), "spec.template").Count == 0;
                if (unchanged && live.Status?.UpdateRevision == previousRevision)
                {
                    await SetPartitionAsync(finalPartition, ct).ConfigureAwait(false);
                    return Result(CanaryOutcome.Unchanged, $"{Set}: the template is unchanged, every pod already runs revision {previousRevision}; nothing to roll out (partition {finalPartition})",
                        finalPartition, Array.Empty<int>()) with { Revision = previousRevision };
                }

                Notice($"{Set}: canary in {plan.Count} step(s) ({string.Join(", ", plan.Select(s => s.Spec))}): {state}");
                for (var i = 0; i < plan.Count; i++)
                {
                    var step = plan[i];
                    var ordinals = Ordinals(live, step.Partition, replicas);
                    var pods = ordinals.Select(o => $"{app.Name}-{o}").ToList();
                    state = $"at step {i + 1} of {plan.Count} ({step.Spec}), partition {step.Partition}";
                    Notice($"{Set}: step {i + 1}/{plan.Count} ({step.Spec}): partition {step.Partition}: {string.Join(", ", pods)} on the new template");
                    await SetPartitionAsync(step.Partition, ct).ConfigureAwait(false);
                    var wait = await RolloutWatcher.RunAsync(app.client, app.Namespace, app.Name, rollout with { Applied = canary, FixStuckRollout = false }, progress, ct).ConfigureAwait(false);
                    revision = wait.Revision ?? revision;
                    var result = new CanaryStepResult { Number = i + 1, Spec = step.Spec, Partition = step.Partition, Ordinals = ordinals, Ready = wait.Succeeded, Rollout = wait };
                    if (wait.Outcome is RolloutOutcome.Superseded or RolloutOutcome.Replaced)
                    {
                        steps.Add(result);
                        throw new CanaryFailedException(Result(CanaryOutcome.Stopped,
                            $"{Set}: canary stopped at step {i + 1} of {plan.Count} ({step.Spec}), nothing restored: {wait.Message}", step.Partition, UpdatedOf(wait.Final)) with { FailedStep = i + 1, Reason = wait.Message });
                    }

                    if (!wait.Succeeded)
                    {
                        steps.Add(result);
                        return await AbortAsync(i, $"the pods of step {i + 1} did not become Ready on the new template: {Why(wait)}", ct).ConfigureAwait(false);
                    }

                    if (options.Check is { } check)
                    {
                        Notice($"{Set}: step {i + 1}/{plan.Count} ({step.Spec}): {string.Join(", ", pods)} Ready on revision {revision}; checking: {check.Description}");
                        var context = new CanaryCheckContext
                        {
                            Name = app.Name, Namespace = app.Namespace, Step = i + 1, Steps = plan.Count, Spec = step.Spec, Partition = step.Partition, UpdatedPods = pods, Revision = revision,
                        };
                        var verdict = await check.RunAsync(context, ct).ConfigureAwait(false);
                        steps.Add(result with { Check = verdict });
                        if (!verdict.Passed)
                            return await AbortAsync(i, $"check failed: {verdict.Message}", ct).ConfigureAwait(false);
                        Notice($"{Set}: step {i + 1}/{plan.Count} ({step.Spec}): check passed: {verdict.Message}");
                    }
                    else
                    {
                        steps.Add(result);
                        Notice($"{Set}: step {i + 1}/{plan.Count} ({step.Spec}): {string.Join(", ", pods)} Ready on revision {revision}");
                    }
                }

                var all = Ordinals(live, finalPartition, replicas);
                var below = finalPartition > 0 ? $"; ordinals below the definition's partition {finalPartition} stay on revision {previousRevision}" : string.Empty;
                return Result(CanaryOutcome.Completed, $"{Set}: canary complete: {all.Count} pod(s) Ready on revision {revision} after {plan.Count} step(s), partition {finalPartition}{below}", finalPartition, all);
            }
            catch (OperationCanceledException e) when (ct.IsCancellationRequested)
            {
                throw Interruption.Cancelled($"canary of {Set}", restored
                    ? $"{state}; the rollback goes on in the cluster (rollout status follows it)"
                    : $"{state}; nothing was restored: the set stays as it is (rollout status shows each pod's revision). " +
                      $"Run the canary again to go on from there, or roll back with undo and set the partition back to {previousPartition}", e, ct);
            }
        }

        /// <summary>Why a wait did not complete, without the advice of its message (the canary acts on it itself): "Stuck after 4s: web-3: Running, not Ready".</summary>
        private static string Why(RolloutResult wait) =>
            $"{wait.Outcome} after {RolloutResult.Seconds(wait.Elapsed)}: " + (wait.BlockingPod is { } pod ? $"{pod}: {wait.BlockingReason}" : wait.Final.Message);

        /// <summary>The ordinals at or above <paramref name="partition"/>, highest first.</summary>
        private static List<int> Ordinals(V1StatefulSet set, int partition, int replicas)
        {
            var start = set.Spec.Ordinals?.Start ?? 0;
            return Enumerable.Range(start + partition, Math.Max(0, replicas - partition)).Reverse().ToList();
        }

        private static List<int> UpdatedOf(RolloutProgress snapshot) =>
            snapshot.Pods.Where(p => p.Exists && p.Updated).Select(p => p.Ordinal).OrderByDescending(o => o).ToList();

        private async Task SetPartitionAsync(int partition, CancellationToken ct) =>
            await Api.PatchStatefulSetAsync(app.Namespace, app.Name, PartitionPatch(partition), V1Patch.PatchType.StrategicMergePatch, $"canary partition {partition.ToString(CultureInfo.InvariantCulture)} of", ct).ConfigureAwait(false);

        /// <summary>
        /// Restores the previous revision's template and the previous partition in one patch, deletes the new
        /// template's pods that are not Ready, waits for the rollback, and throws <see cref="CanaryFailedException"/>.
        /// </summary>
        private async Task<CanaryResult> AbortAsync(int index, string reason, CancellationToken ct)
        {
            var step = plan[index];
            var set = await Api.GetStatefulSetAsync(app.Namespace, app.Name, ct).ConfigureAwait(false);
            if ((set.Status?.ObservedGeneration ?? 0) >= (set.Metadata.Generation ?? 0) && set.Status?.UpdateRevision is { } update)
                revision = update;
            var selector = PodFacts.SelectorString(set.Spec.Selector);
            var before = PodFacts.PodsOf(set, await Api.ListPodsAsync(app.Namespace, selector, ct).ConfigureAwait(false));
            var updated = before.Where(p => revision is not null && PodFacts.Revision(p.Pod) == revision).OrderByDescending(p => p.Ordinal).ToList();
            var updatedOrdinals = updated.Select(p => p.Ordinal).ToList();
            Notice($"{Set}: canary aborted at step {index + 1}/{plan.Count} ({step.Spec}): {reason}; restoring revision {previousRevision} and partition {previousPartition}");

            var reverted = await Api.PatchStatefulSetAsync(app.Namespace, app.Name, PartitionPatch(previousPartition, restore), V1Patch.PatchType.StrategicMergePatch, $"canary abort (restore revision {previousRevision}, partition {previousPartition}) of", ct).ConfigureAwait(false);
            restored = true;
            state = $"aborted at step {index + 1} of {plan.Count} ({step.Spec}), revision {previousRevision} and partition {previousPartition} restored";
            var deleted = new List<string>();
            foreach (var (_, pod) in updated.Where(p => !PodFacts.IsRunningAndReady(p.Pod) && !PodFacts.IsTerminating(p.Pod)))
            {
                await Api.DeletePodAsync(app.Namespace, pod.Metadata.Name, pod.Metadata.Uid, ct).ConfigureAwait(false);
                deleted.Add(pod.Metadata.Name);
                Notice($"{Set}: deleted pod {pod.Metadata.Name} (new template, not Ready: {PodFacts.Reason(pod)}) so the controller recreates it from revision {previousRevision}");
            }

            var back = await RolloutWatcher.RunAsync(app.client, app.Namespace, app.Name, rollout with { Applied = AppliedTemplate.Of(reverted), FixStuckRollout = true }, progress, ct).ConfigureAwait(false);
            var was = updatedOrdinals.Count == 0 ? "no pod ran the new template yet" : $"ordinals {string.Join(", ", updatedOrdinals)} ran the new template{(revision is null ? string.Empty : $" (revision {revision})")}";
            var atAbort = $"{Set}: canary aborted at step {index + 1} of {plan.Count} ({step.Spec}): {reason}. When it aborted, {was}";
            var result = back.Succeeded
                ? Result(CanaryOutcome.RolledBack, $"{atAbort}. Rolled back: every pod Ready on revision {previousRevision}, partition {previousPartition} as before", previousPartition, updatedOrdinals)
                : Result(CanaryOutcome.RollbackIncomplete, $"{atAbort}. Template and partition restored (revision {previousRevision}, partition {previousPartition}), but the rollback is not complete: {Why(back)}; rollout status follows it", previousPartition, updatedOrdinals);
            throw new CanaryFailedException(result with { FailedStep = index + 1, Reason = reason, Rollback = back, DeletedPods = deleted });
        }

        private CanaryResult Result(CanaryOutcome outcome, string message, int partition, IReadOnlyList<int> updated) => new()
        {
            Name = app.Name,
            Namespace = app.Namespace,
            Outcome = outcome,
            Message = message,
            Steps = steps.ToList(),
            Plan = plan.Select(s => s.Spec).ToList(),
            Revision = revision,
            PreviousRevision = previousRevision,
            PreviousPartition = previousPartition,
            Partition = partition,
            UpdatedOrdinals = updated,
            Notices = notices.ToList(),
        };
    }
}
