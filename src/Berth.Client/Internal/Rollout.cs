using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Client.Internal;

/// <summary>The verdict on one snapshot of a StatefulSet and its pods.</summary>
internal sealed record RolloutEvaluation
{
    public required RolloutProgress Progress { get; init; }

    public required string Signature { get; init; }

    public RolloutOutcome? Outcome { get; init; }

    public string? OutcomeMessage { get; init; }

    public StuckPod? Stuck { get; init; }

    public string? BlockingPod { get; init; }

    public string? BlockingReason { get; init; }

    public IReadOnlyList<string> PodsOnOldRevision { get; init; } = Array.Empty<string>();

    /// <summary>Stuck pods on a revision other than the update revision: what <see cref="RolloutOptions.FixStuckRollout"/> deletes.</summary>
    public IReadOnlyList<(string Name, string Uid, string Reason)> Fixable { get; init; } = Array.Empty<(string, string, string)>();
}

/// <summary>
/// Decides, from a StatefulSet and its pods, whether a rollout is complete, still moving, or blocked — the way the
/// StatefulSet controller would proceed: OrderedReady waits for every pod to be Running and Ready; rolling updates go
/// from the highest ordinal down to the partition; OnDelete replaces pods only when they are deleted.
/// </summary>
internal static class RolloutEvaluator
{
    private const string Undo = RolloutWords.UndoToken;
    private const string FixStuck = RolloutWords.FixStuckToken;

    public static RolloutEvaluation Evaluate(V1StatefulSet set, IEnumerable<V1Pod> allPods, RolloutOptions options, TimeSpan sinceProgress, TimeSpan elapsed)
    {
        var spec = set.Spec;
        var status = set.Status ?? new V1StatefulSetStatus();
        var name = set.Metadata.Name;
        var replicas = spec.Replicas ?? 1;
        var start = spec.Ordinals?.Start ?? 0;
        var strategy = spec.UpdateStrategy?.Type ?? "RollingUpdate";
        var rolling = strategy == "RollingUpdate";
        var partition = rolling ? spec.UpdateStrategy?.RollingUpdate?.Partition ?? 0 : 0;
        var maxUnavailable = rolling ? spec.UpdateStrategy?.RollingUpdate?.MaxUnavailable?.Value : null;
        var policy = spec.PodManagementPolicy ?? "OrderedReady";
        var ordered = policy == "OrderedReady";
        var observed = (status.ObservedGeneration ?? 0) >= (set.Metadata.Generation ?? 0) && status.UpdateRevision is not null;
        var update = status.UpdateRevision;

        var pods = PodFacts.PodsOf(set, allPods).ToDictionary(p => p.Ordinal, p => p.Pod);
        var progress = new List<PodProgress>();
        for (var index = 0; index < replicas; index++)
        {
            var ordinal = start + index;
            pods.TryGetValue(ordinal, out var pod);
            progress.Add(Describe(set, ordinal, pod, wanted: true, shouldUpdate: rolling && index >= partition, update));
        }

        foreach (var (ordinal, pod) in pods.Where(p => p.Key < start || p.Key >= start + replicas).OrderByDescending(p => p.Key))
            progress.Add(Describe(set, ordinal, pod, wanted: false, shouldUpdate: false, update));

        var wanted = progress.Where(p => p.Wanted).ToList();
        var ready = wanted.Count(p => p.Exists && p.Ready && !p.Terminating);
        var updated = wanted.Count(p => p.Exists && p.Updated);
        var oldRevision = wanted.Where(p => p.Exists && !p.Updated).Select(p => p.Name).ToList();
        var trap = ordered && rolling;

        // ---- the pod the controller waits for, and why
        (PodProgress Pod, string Reason)? blocking = null;
        var failing = wanted.Where(p => p.Exists && !p.Ready && !p.Terminating && pods.TryGetValue(p.Ordinal, out var pod) && PodFacts.FailingReason(pod) is not null).ToList();
        if (failing.Count > 0)
            blocking = (failing[0], failing[0].Reason);
        else if (ordered && wanted.FirstOrDefault(p => !p.Exists || !p.Owned || !p.Ready || p.Terminating) is { } first)
            blocking = (first, first.Exists ? first.Reason : "not created yet");
        else if (progress.FirstOrDefault(p => !p.Wanted) is { } condemned)
            blocking = (condemned, "to be removed (scale-down)" + (condemned.Reason.Length > 0 ? ": " + condemned.Reason : string.Empty));
        else if (wanted.LastOrDefault(p => !p.Done) is { } notDone)
            blocking = (notDone, !notDone.Exists ? "not created yet" : notDone.Reason.Length > 0 ? notDone.Reason : $"on old revision {notDone.Revision}, waiting to be replaced");

        var summary = new StringBuilder();
        summary.Append($"{ready}/{replicas} ready, {updated}/{replicas} updated");
        if (partition > 0)
            summary.Append($" (partition {partition}: ordinals >= {start + partition} update)");
        if (maxUnavailable is not null)
            summary.Append($", maxUnavailable {maxUnavailable}");
        if (!observed)
            summary.Append($"; waiting for the controller to observe generation {set.Metadata.Generation}");
        else if (blocking is { } b)
            summary.Append($"; waiting for {b.Pod.Name}: {b.Reason}");

        var snapshot = new RolloutProgress
        {
            Name = name,
            Namespace = set.Metadata.NamespaceProperty,
            Message = summary.ToString(),
            DesiredReplicas = replicas,
            ReadyReplicas = ready,
            UpdatedReplicas = updated,
            Partition = partition,
            Strategy = strategy,
            PodManagementPolicy = policy,
            MaxUnavailable = maxUnavailable,
            UpdateRevision = update,
            CurrentRevision = status.CurrentRevision,
            Pods = progress,
            Elapsed = elapsed,
        };
        var signature = string.Join("|", new[] { $"{status.ObservedGeneration}/{set.Metadata.Generation}/{update}/{status.CurrentRevision}/{replicas}/{status.ReadyReplicas}/{status.Replicas}" }
            .Concat(pods.Values.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal).Select(p =>
                $"{p.Metadata.Name}:{p.Metadata.Uid}:{PodFacts.Revision(p)}:{p.Status?.Phase}:{PodFacts.IsReady(p)}:{PodFacts.IsTerminating(p)}:{p.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true)?.Uid}")));
        var result = new RolloutEvaluation { Progress = snapshot, Signature = signature, PodsOnOldRevision = oldRevision };
        if (blocking is { } bl)
            result = result with { BlockingPod = bl.Pod.Name, BlockingReason = bl.Reason };

        if (!observed)
            return DeadlineCheck(result, options, sinceProgress, trap: false, pods);

        // ---- done?
        var condemnedLeft = progress.Any(p => !p.Wanted);
        var allThere = wanted.All(p => p.Exists && p.Owned && p.Ready && !p.Terminating);
        // the controller's own status must agree (kubectl waits for it too): Ready count, and for a full rolling
        // update the current revision moved to the update revision
        var statusAgrees = (status.ReadyReplicas ?? 0) >= replicas && status.Replicas == replicas
                           && (!rolling || partition > 0 || status.CurrentRevision == update);
        if (rolling && allThere && !condemnedLeft && statusAgrees && wanted.All(p => !p.ShouldUpdate || p.Updated))
        {
            var below = partition > 0 && oldRevision.Count > 0 ? $"; {string.Join(", ", oldRevision)} below the partition stay on revision {status.CurrentRevision}" : string.Empty;
            return result with
            {
                Outcome = RolloutOutcome.Complete,
                OutcomeMessage = $"statefulset/{name}: rollout complete: {replicas} pod(s) Ready, {updated} on revision {update}{below}",
            };
        }

        if (!rolling && allThere && !condemnedLeft && statusAgrees)
        {
            return oldRevision.Count == 0
                ? result with { Outcome = RolloutOutcome.Complete, OutcomeMessage = $"statefulset/{name}: all {replicas} pod(s) Ready on revision {update}" }
                : result with
                {
                    Outcome = RolloutOutcome.OnDeletePending,
                    OutcomeMessage = $"statefulset/{name} uses the OnDelete strategy: {string.Join(", ", oldRevision)} still run an old revision and are replaced with revision {update} only when deleted " +
                                     $"(delete them one at a time, e.g. kubectl delete pod {oldRevision.Last()} -n {set.Metadata.NamespaceProperty})",
                };
        }

        // ---- failing pods
        var fixable = new List<(string, string, string)>();
        foreach (var f in failing)
        {
            var pod = pods[f.Ordinal];
            var index = f.Ordinal - start;
            if (!f.Updated)
            {
                // The template no longer matches the pod. With Parallel rolling updates the controller replaces it
                // itself (when at or above the partition); otherwise the pod blocks until someone deletes it.
                if (!ordered && rolling && index >= partition)
                    continue;
                fixable.Add((f.Name, pod.Metadata.Uid, f.Reason));
                if (options.FixStuckRollout)
                    continue;
                if (!options.FailFast)
                    continue;
                var fix = $"the template was already changed (the pod runs revision {f.Revision}, the set wants {update}); delete pod {f.Name} so the controller recreates it from the current template " +
                          $"(kubectl delete pod {f.Name} -n {set.Metadata.NamespaceProperty}, or wait again with {FixStuck})";
                return result with
                {
                    Outcome = RolloutOutcome.Stuck,
                    BlockingPod = f.Name,
                    BlockingReason = f.Reason,
                    Stuck = new StuckPod { Pod = f.Name, Ordinal = f.Ordinal, Revision = f.Revision, OnUpdateRevision = false, Reason = f.Reason, FixText = fix },
                    OutcomeMessage = StuckMessage(name, f, fix, ordered),
                    Fixable = fixable,
                };
            }

            if (!options.FailFast)
                continue;
            if (trap)
            {
                var fix = $"revert the template ({Undo}, or apply a fixed definition), then delete pod {f.Name} so the controller recreates it from the reverted template " +
                          $"(wait with {FixStuck} and Berth deletes it once the template changed); reverting alone does not help";
                return result with
                {
                    Outcome = RolloutOutcome.Stuck,
                    BlockingPod = f.Name,
                    BlockingReason = f.Reason,
                    Stuck = new StuckPod { Pod = f.Name, Ordinal = f.Ordinal, Revision = f.Revision, OnUpdateRevision = true, Reason = f.Reason, FixText = fix },
                    OutcomeMessage = StuckMessage(name, f, fix, ordered),
                };
            }

            return result with
            {
                Outcome = RolloutOutcome.Failed,
                BlockingPod = f.Name,
                BlockingReason = f.Reason,
                OutcomeMessage = $"statefulset/{name}: rollout failed: pod {f.Name} on revision {f.Revision} will not become Ready: {f.Reason}. " +
                                 (rolling
                                     ? $"Fix or revert the template ({Undo}); the controller then replaces the pod."
                                     : $"Fix or revert the template ({Undo}), then delete pod {f.Name} (OnDelete strategy)."),
            };
        }

        result = result with { Fixable = fixable };
        return DeadlineCheck(result, options, sinceProgress, trap, pods);
    }

    private static string StuckMessage(string name, PodProgress pod, string fix, bool ordered) =>
        $"statefulset/{name}: rollout stuck: pod {pod.Name} (revision {pod.Revision}) will not become Ready: {pod.Reason}. " +
        (ordered ? "With podManagementPolicy OrderedReady the controller waits for it forever and never replaces it (kubernetes issue 67250). " : string.Empty) +
        "Fix: " + fix + ".";

    private static RolloutEvaluation DeadlineCheck(RolloutEvaluation result, RolloutOptions options, TimeSpan sinceProgress, bool trap, Dictionary<int, V1Pod> pods)
    {
        if (sinceProgress < options.ProgressDeadline)
            return result;
        var name = result.Progress.Name;
        var waited = RolloutResult.Seconds(sinceProgress);
        var blocking = result.Progress.Pods.FirstOrDefault(p => p.Name == result.BlockingPod);
        if (trap && blocking is { Exists: true, Wanted: true, Ready: false, Terminating: false })
        {
            var onUpdate = blocking.Updated;
            if (!onUpdate && options.FixStuckRollout && pods.TryGetValue(blocking.Ordinal, out var pod))
                return result with { Fixable = result.Fixable.Append((blocking.Name, pod.Metadata.Uid, blocking.Reason)).Distinct().ToList() };
            var fix = onUpdate
                ? $"if the new template is broken, revert it ({Undo}, or apply a fixed definition), then delete pod {blocking.Name} (or wait with {FixStuck}); reverting alone does not help (kubernetes issue 67250)"
                : $"the template was already changed; delete pod {blocking.Name} so the controller recreates it from the current template (or wait with {FixStuck})";
            return result with
            {
                Outcome = RolloutOutcome.Stuck,
                Stuck = new StuckPod { Pod = blocking.Name, Ordinal = blocking.Ordinal, Revision = blocking.Revision, OnUpdateRevision = onUpdate, Reason = blocking.Reason, FixText = fix },
                OutcomeMessage = $"statefulset/{name}: rollout stuck: no progress for {waited}; pod {blocking.Name} (revision {blocking.Revision}) is not Ready: {blocking.Reason}. " +
                                 "With podManagementPolicy OrderedReady the controller waits for it and never replaces it (kubernetes issue 67250). Fix: " + fix + ".",
            };
        }

        return result with
        {
            Outcome = RolloutOutcome.ProgressDeadlineExceeded,
            OutcomeMessage = $"statefulset/{name}: no progress for {waited} (progress deadline {RolloutResult.Seconds(options.ProgressDeadline)}): " +
                             (result.BlockingPod is null ? result.Progress.Message : $"waiting for {result.BlockingPod}: {result.BlockingReason}"),
        };
    }

    private static PodProgress Describe(V1StatefulSet set, int ordinal, V1Pod? pod, bool wanted, bool shouldUpdate, string? update)
    {
        var name = $"{set.Metadata.Name}-{ordinal}";
        if (pod is null)
            return new PodProgress { Ordinal = ordinal, Name = name, Exists = false, Wanted = wanted, ShouldUpdate = shouldUpdate, Reason = wanted ? "not created yet" : string.Empty };
        var revision = PodFacts.Revision(pod);
        var owned = pod.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Uid == set.Metadata.Uid) == true;
        var reason = PodFacts.Reason(pod);
        if (reason.Length == 0 && !owned)
            reason = "not adopted by the StatefulSet yet (no owner)";
        return new PodProgress
        {
            Ordinal = ordinal,
            Name = name,
            Exists = true,
            Wanted = wanted,
            Revision = revision,
            Updated = update is not null && revision == update,
            ShouldUpdate = shouldUpdate,
            Ready = PodFacts.IsRunningAndReady(pod),
            Phase = pod.Status?.Phase,
            Terminating = PodFacts.IsTerminating(pod),
            Owned = owned,
            Reason = reason,
        };
    }
}

/// <summary>
/// Waits for a rollout with watches on the StatefulSet and its pods, re-evaluating on every change. Follows one pod
/// template (<see cref="RolloutOptions.Applied"/>, else the one live at the start) on one StatefulSet (its uid): a
/// template changed by someone else ends the wait as <see cref="RolloutOutcome.Superseded"/>, a set deleted or
/// replaced (or a wiped cluster) as <see cref="RolloutOutcome.Replaced"/>. Says when the API server stops answering
/// and when it is back, and re-lists then.
/// </summary>
internal static class RolloutWatcher
{
    public static async Task<RolloutResult> RunAsync(BerthClient client, string ns, string name, RolloutOptions? options, IProgress<RolloutProgress>? progress, CancellationToken ct)
    {
        options ??= new RolloutOptions();
        progress ??= options.Progress;
        var api = client.Api;
        var target = $"statefulset/{name} in namespace {ns}";
        var clock = Stopwatch.StartNew();
        var current = await api.GetStatefulSetAsync(ns, name, ct).ConfigureAwait(false);
        var applied = options.Applied ?? AppliedTemplate.Of(current);
        var appliedTemplate = KubeApi.ToJson(applied.Template);
        var selector = PodFacts.SelectorString(current.Spec.Selector);
        var signal = new AsyncSignal();
        var connection = new ServerConnection(signal);
        await using var sets = Watches.StatefulSet(api, ns, name, signal, connection);
        await using var pods = Watches.Pods(api, ns, selector, signal, connection);
        await sets.StartAsync(ct).ConfigureAwait(false);
        await pods.StartAsync(ct).ConfigureAwait(false);

        string? lastSignature = null;
        string? lastReported = null;
        var lastProgress = clock.Elapsed;
        var deleted = new List<string>();
        var deletedUids = new HashSet<string>(StringComparer.Ordinal);
        var notices = new List<string>();
        string? revision = null;
        DateTime? reportedLost = null;
        var hadOutage = false;
        RolloutEvaluation? evaluation = null;

        RolloutProgress Snapshot() => (evaluation?.Progress ?? new RolloutProgress { Name = name, Namespace = ns, Message = "waiting for the StatefulSet" }) with { Elapsed = clock.Elapsed };

        void Notice(string text)
        {
            notices.Add(text);
            api.Logger.LogWarning("{Notice}", text);
            progress?.Report(Snapshot() with { Notice = text });
        }

        RolloutResult End(RolloutOutcome outcome, string message, TemplateChange? change = null) => new()
        {
            Outcome = outcome,
            Name = name,
            Namespace = ns,
            MessageText = message,
            Revision = revision,
            SupersededBy = change,
            DeletedStuckPods = deleted,
            Notices = notices,
            Final = Snapshot(),
            Elapsed = clock.Elapsed,
        };

        while (true)
        {
            ct.ThrowIfCancellationRequested();

            // ---- the API server: lost, back, or another one
            var (lostSince, lostReason) = connection.Lost;
            if (lostSince is { } since && reportedLost is null)
            {
                reportedLost = since;
                hadOutage = true;
                Notice($"{target}: the API server does not answer ({lostReason}) since {Clock(since)}; still waiting, and re-listing once it answers again");
            }
            else if (lostSince is null && reportedLost is { } was)
            {
                reportedLost = null;
                lastProgress = clock.Elapsed; // an outage is no lack of progress of the rollout
                Notice($"{target}: the API server answers again after {RolloutResult.Seconds(DateTime.UtcNow - was)}; re-listed the StatefulSet and its pods");
            }

            if (connection.WentBack is { } back)
                return End(RolloutOutcome.Replaced, $"{target}: the cluster was wiped or replaced while waiting ({back}); the StatefulSet whose rollout this wait followed is not there any more. Apply the app again.");

            // ---- the set and the template followed (only trusted while the server answers)
            if (lostSince is null)
            {
                var live = sets.Items.FirstOrDefault(s => s.Metadata.Name == name);
                if (live is null)
                {
                    return End(RolloutOutcome.Replaced, $"{target} (uid {applied.SetUid}) was deleted while waiting for its rollout" +
                                                        (hadOutage ? " (it was gone when the API server answered again: the cluster may have been wiped or replaced)" : string.Empty));
                }

                if (live.Metadata.Uid != applied.SetUid)
                {
                    return End(RolloutOutcome.Replaced, $"{target} was deleted and created again while waiting (uid {applied.SetUid} before, {live.Metadata.Uid} now)" +
                                                        (hadOutage ? " or the cluster was replaced during the API server outage" : string.Empty) +
                                                        "; the rollout this wait followed is gone. Wait again to follow the new set.");
                }

                current = live;
                var changes = ManifestComparer.Compare(appliedTemplate, KubeApi.ToJson(live.Spec.Template), "spec.template");
                if (changes.Count > 0)
                {
                    var change = ChangeOf(live, changes, client.Options.FieldManager);
                    var same = change.Manager == client.Options.FieldManager ? $" (the field manager {change.Manager} is this client's too: another apply or process)" : string.Empty;
                    return End(RolloutOutcome.Superseded,
                        $"{target}: the pod template was {change}{same}. The template this wait followed (generation {applied.Generation}" +
                        (revision is null ? string.Empty : $", revision {revision}") +
                        ") is no longer the target, so its rollout is not complete and will not be; look at the change (rollout history, diff) and apply again if it should not stay.",
                        change);
                }

                if ((current.Status?.ObservedGeneration ?? 0) >= (current.Metadata.Generation ?? 0) && current.Status?.UpdateRevision is { } update)
                    revision = update;
            }

            // ---- the rollout
            var now = clock.Elapsed;
            evaluation = RolloutEvaluator.Evaluate(current, pods.Items, options, now - lastProgress, now);
            if (evaluation.Signature != lastSignature)
            {
                lastSignature = evaluation.Signature;
                lastProgress = now;
                evaluation = RolloutEvaluator.Evaluate(current, pods.Items, options, TimeSpan.Zero, now);
                var visible = evaluation.Progress.Message + "|" + string.Join("|", evaluation.Progress.Pods);
                if (visible != lastReported)
                {
                    lastReported = visible;
                    api.Logger.LogDebug("{Message}", evaluation.Progress.Message);
                    progress?.Report(evaluation.Progress);
                }
            }

            if (lostSince is null && evaluation.Outcome is { } outcome)
                return await FinishAsync(api, ns, name, outcome, evaluation, End(outcome, string.Empty), ct).ConfigureAwait(false);

            if (options.FixStuckRollout && lostSince is null)
            {
                foreach (var (podName, uid, reason) in evaluation.Fixable.Where(f => !deletedUids.Contains(f.Uid)))
                {
                    var podRevision = evaluation.Progress.Pods.FirstOrDefault(p => p.Name == podName)?.Revision;
                    await api.DeletePodAsync(ns, podName, uid, ct).ConfigureAwait(false);
                    deletedUids.Add(uid);
                    deleted.Add(podName);
                    lastProgress = clock.Elapsed;
                    Notice($"{target}: deleted pod {podName} (stuck on revision {podRevision ?? "?"}, not Ready: {reason}) so the controller recreates it from the current template");
                }
            }

            if (clock.Elapsed >= options.Timeout)
            {
                var waited = RolloutResult.Seconds(options.Timeout);
                if (connection.Lost is { Since: { } down, Reason: var why })
                {
                    return End(RolloutOutcome.TimedOut,
                        $"{target}: rollout not complete after {waited}: the API server has not answered since {Clock(down)} ({why}); last seen before that: {evaluation.Progress.Message}");
                }

                // the stuck-rollout diagnosis does not depend on the progress deadline having passed
                var diagnosis = RolloutEvaluator.Evaluate(current, pods.Items, options with { ProgressDeadline = TimeSpan.Zero, FixStuckRollout = false }, now - lastProgress, now);
                var prefix = $"statefulset/{name}: ";
                var timedOut = evaluation with
                {
                    Outcome = RolloutOutcome.TimedOut,
                    Stuck = diagnosis.Stuck,
                    OutcomeMessage = $"statefulset/{name}: rollout not complete after {waited}: " +
                                     (diagnosis.Stuck is not null && diagnosis.OutcomeMessage is { } stuck ? (stuck.StartsWith(prefix, StringComparison.Ordinal) ? stuck[prefix.Length..] : stuck)
                                         : evaluation.BlockingPod is null ? evaluation.Progress.Message
                                         : $"waiting for {evaluation.BlockingPod}: {evaluation.BlockingReason}"),
                };
                return await FinishAsync(api, ns, name, RolloutOutcome.TimedOut, timedOut, End(RolloutOutcome.TimedOut, string.Empty), ct).ConfigureAwait(false);
            }

            var untilDeadline = options.ProgressDeadline - (clock.Elapsed - lastProgress);
            var untilTimeout = options.Timeout - clock.Elapsed;
            var wait = untilDeadline < untilTimeout ? untilDeadline : untilTimeout;
            await signal.WaitAsync(wait + TimeSpan.FromMilliseconds(10), ct).ConfigureAwait(false);
        }
    }

    private static string Clock(DateTime utc) => utc.ToString("HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Who changed spec.template last, from the managed fields: the newest entry that owns fields under it.</summary>
    internal static TemplateChange ChangeOf(V1StatefulSet set, IReadOnlyList<FieldChange> changes, string ownManager)
    {
        V1ManagedFieldsEntry? last = null;
        foreach (var entry in set.Metadata.ManagedFields ?? new List<V1ManagedFieldsEntry>())
        {
            if (entry.FieldsV1 is null || KubeApi.ToJson(entry.FieldsV1)["f:spec"]?["f:template"] is null)
                continue;
            var newer = last is null || (entry.Time ?? DateTime.MinValue) > (last.Time ?? DateTime.MinValue)
                        || ((entry.Time ?? DateTime.MinValue) == (last.Time ?? DateTime.MinValue) && last.Manager == ownManager);
            if (newer)
                last = entry;
        }

        return new TemplateChange
        {
            Manager = last?.Manager,
            Operation = last?.Operation,
            Time = last?.Time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null,
            Generation = set.Metadata.Generation ?? 0,
            Changes = changes,
            Summary = StatefulAppClient.Summarize(changes),
        };
    }

    private static async Task<RolloutResult> FinishAsync(KubeApi api, string ns, string name, RolloutOutcome outcome, RolloutEvaluation evaluation, RolloutResult basis, CancellationToken ct)
    {
        IReadOnlyList<EventInfo> events = Array.Empty<EventInfo>();
        var blockingReason = evaluation.BlockingReason;
        var message = evaluation.OutcomeMessage ?? evaluation.Progress.Message;
        if (outcome is not (RolloutOutcome.Complete or RolloutOutcome.OnDeletePending))
        {
            try
            {
                var podNames = evaluation.Progress.Pods.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                events = (await api.ListEventsAsync(ns, ct).ConfigureAwait(false))
                    .Where(e => e.Type == "Warning" && ((e.InvolvedObject?.Kind == "StatefulSet" && e.InvolvedObject.Name == name) || (e.InvolvedObject?.Kind == "Pod" && podNames.Contains(e.InvolvedObject.Name ?? string.Empty))))
                    .OrderBy(PodFacts.Time)
                    .TakeLast(10)
                    .Select(StatusReader.ToInfo)
                    .ToList();
                // a pod that does not exist: the set's last FailedCreate says why
                if (evaluation.BlockingPod is { } blocking && evaluation.Progress.Pods.FirstOrDefault(p => p.Name == blocking) is { Exists: false }
                    && events.LastOrDefault(e => e.Object == "statefulset/" + name && e.Reason == "FailedCreate" && e.Message.Contains(blocking, StringComparison.Ordinal)) is { } failed)
                {
                    blockingReason = "FailedCreate: " + failed.Message;
                    message += $" (last FailedCreate: {failed.Message})";
                }
            }
            catch (BerthClientException e)
            {
                api.Logger.LogDebug("could not list events: {Message}", e.Message);
            }
        }

        var done = outcome is RolloutOutcome.Complete or RolloutOutcome.OnDeletePending;
        return basis with
        {
            MessageText = message,
            BlockingPod = done ? null : evaluation.BlockingPod,
            BlockingReason = done ? null : blockingReason,
            Stuck = evaluation.Stuck,
            PodsOnOldRevision = evaluation.PodsOnOldRevision,
            Events = events,
            Final = evaluation.Progress,
        };
    }
}
