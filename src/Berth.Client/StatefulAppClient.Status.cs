using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Berth.Client.Internal;
using k8s.Models;

namespace Berth.Client;

public sealed partial class StatefulAppClient
{
    /// <summary>
    /// The state of the StatefulSet: per pod ordinal its phase, readiness, revision (current or update), node and
    /// restarts; the claims of its claim templates; and the recent events of the set and its pods.
    /// </summary>
    public async Task<AppStatus> StatusAsync(CancellationToken cancellationToken = default)
    {
        var ct = cancellationToken;
        var set = await Api.ReadStatefulSetAsync(Namespace, Name, ct).ConfigureAwait(false);
        if (set is null)
            return new AppStatus { Name = Name, Namespace = Namespace, Exists = false };
        var pods = PodFacts.PodsOf(set, await Api.ListPodsAsync(Namespace, PodFacts.SelectorString(set.Spec.Selector), ct).ConfigureAwait(false));
        var claims = await ClaimsOfAsync(set, ct).ConfigureAwait(false);
        var events = await EventsOfAsync(set, pods.Select(p => p.Pod.Metadata.Name), ct).ConfigureAwait(false);
        return StatusReader.Build(set, pods, claims, events);
    }

    /// <summary>
    /// Waits for the rollout of the StatefulSet and says how it ended (it does not throw for a rollout that fails:
    /// see <see cref="RolloutResult.Outcome"/>, or use <see cref="WaitForRolloutAsync"/>). Watches the set and its pods
    /// (no polling) and reports progress per ordinal. Understands RollingUpdate with partition (done when the pods at
    /// or above the partition run the update revision) and maxUnavailable, OnDelete (returns
    /// <see cref="RolloutOutcome.OnDeletePending"/> naming the pods still on an old revision instead of hanging),
    /// OrderedReady and Parallel. Fails fast on crash-looping pods and after the progress deadline, naming the
    /// blocking pod and its reason, and detects the OrderedReady stuck-rollout trap (kubernetes issue 67250) with its
    /// fix; <see cref="RolloutOptions.FixStuckRollout"/> applies that fix once the template was reverted or fixed.
    /// </summary>
    public Task<RolloutResult> RolloutStatusAsync(RolloutOptions? options = null, IProgress<RolloutProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RolloutWatcher.RunAsync(client, Namespace, Name, options, progress, cancellationToken);

    /// <summary>Like <see cref="RolloutStatusAsync"/>, but throws <see cref="RolloutFailedException"/> unless the rollout completed (or waits for OnDelete deletions).</summary>
    public async Task<RolloutResult> WaitForRolloutAsync(RolloutOptions? options = null, IProgress<RolloutProgress>? progress = null, CancellationToken cancellationToken = default) =>
        (await RolloutStatusAsync(options, progress, cancellationToken).ConfigureAwait(false)).EnsureSuccess();

    /// <summary>
    /// The claims made from the set's claim templates (any ordinal), by ordinal: named
    /// <c>&lt;template&gt;-&lt;set&gt;-&lt;ordinal&gt;</c>, labelled with the set's selector labels (as the StatefulSet
    /// controller makes them) and owned by no other set or pod; claims already being deleted are left out. Without a
    /// live set, the definition's templates and selector are used.
    /// </summary>
    private async Task<List<ClaimInfo>> ClaimsOfAsync(V1StatefulSet? set, CancellationToken ct)
    {
        var spec = set?.Spec ?? Planned.Manifests!.StatefulSet.Spec;
        var templates = (spec.VolumeClaimTemplates ?? new List<V1PersistentVolumeClaim>()).Select(t => t.Metadata?.Name).OfType<string>().ToList();
        if (templates.Count == 0)
            return new List<ClaimInfo>();
        var claims = await Api.ListClaimsAsync(Namespace, ct).ConfigureAwait(false);
        var pods = await Api.ListPodsAsync(Namespace, string.Empty, ct).ConfigureAwait(false);
        return StatusReader.ClaimsOf(Name, templates, spec.Selector?.MatchLabels, claims, pods);
    }

    private async Task<List<EventInfo>> EventsOfAsync(V1StatefulSet set, IEnumerable<string> podNames, CancellationToken ct)
    {
        var names = podNames.ToHashSet(StringComparer.Ordinal);
        var events = await Api.ListEventsAsync(Namespace, ct).ConfigureAwait(false);
        return events
            .Where(e => (e.InvolvedObject?.Kind == "StatefulSet" && e.InvolvedObject.Name == Name)
                        || (e.InvolvedObject?.Kind == "Pod" && (names.Contains(e.InvolvedObject.Name ?? string.Empty) || PodFacts.Ordinal(Name, e.InvolvedObject.Name ?? string.Empty) is not null)))
            .OrderBy(PodFacts.Time)
            .TakeLast(20)
            .Select(StatusReader.ToInfo)
            .ToList();
    }
}

/// <summary>Turns API objects into the status records.</summary>
internal static class StatusReader
{
    public static AppStatus Build(V1StatefulSet set, List<(int Ordinal, V1Pod Pod)> pods, List<ClaimInfo> claims, List<EventInfo> events)
    {
        var status = set.Status ?? new V1StatefulSetStatus();
        var replicas = set.Spec.Replicas ?? 1;
        var start = set.Spec.Ordinals?.Start ?? 0;
        var byOrdinal = pods.ToDictionary(p => p.Ordinal, p => p.Pod);
        var ordinals = Enumerable.Range(start, replicas).Union(byOrdinal.Keys).OrderBy(o => o);
        var infos = ordinals.Select(o => byOrdinal.TryGetValue(o, out var pod)
            ? Pod(o, pod, status)
            : new PodStatusInfo { Ordinal = o, Name = $"{set.Metadata.Name}-{o}", Exists = false, Reason = "not created yet" }).ToList();
        return new AppStatus
        {
            Name = set.Metadata.Name,
            Namespace = set.Metadata.NamespaceProperty,
            DesiredReplicas = replicas,
            Replicas = status.Replicas,
            ReadyReplicas = status.ReadyReplicas ?? 0,
            CurrentReplicas = status.CurrentReplicas ?? 0,
            UpdatedReplicas = status.UpdatedReplicas ?? 0,
            CurrentRevision = status.CurrentRevision,
            UpdateRevision = status.UpdateRevision,
            Generation = set.Metadata.Generation ?? 0,
            ObservedGeneration = status.ObservedGeneration ?? 0,
            UpdateStrategy = set.Spec.UpdateStrategy?.Type ?? "RollingUpdate",
            Partition = set.Spec.UpdateStrategy?.RollingUpdate?.Partition,
            PodManagementPolicy = set.Spec.PodManagementPolicy ?? "OrderedReady",
            Pods = infos,
            Claims = claims,
            Events = events,
        };
    }

    private static PodStatusInfo Pod(int ordinal, V1Pod pod, V1StatefulSetStatus status)
    {
        var revision = PodFacts.Revision(pod);
        return new PodStatusInfo
        {
            Ordinal = ordinal,
            Name = pod.Metadata.Name,
            Uid = pod.Metadata.Uid,
            Phase = pod.Status?.Phase,
            Ready = PodFacts.IsReady(pod),
            Revision = revision,
            OnUpdateRevision = revision is not null && revision == status.UpdateRevision,
            OnCurrentRevision = revision is not null && revision == status.CurrentRevision,
            Node = pod.Spec?.NodeName,
            Restarts = PodFacts.Restarts(pod),
            Reason = PodFacts.Reason(pod),
            Terminating = PodFacts.IsTerminating(pod),
            Created = pod.Metadata.CreationTimestamp is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null,
        };
    }

    public static List<ClaimInfo> ClaimsOf(string setName, IReadOnlyCollection<string> templates, IDictionary<string, string>? selectorLabels, IEnumerable<V1PersistentVolumeClaim> claims, IEnumerable<V1Pod> pods)
    {
        var mounts = pods
            .Where(p => p.Status?.Phase is not ("Succeeded" or "Failed"))
            .SelectMany(p => (p.Spec?.Volumes ?? new List<V1Volume>()).Select(v => (Claim: v.PersistentVolumeClaim?.ClaimName, Pod: p.Metadata.Name)))
            .Where(m => m.Claim is not null)
            .ToLookup(m => m.Claim!, m => m.Pod, StringComparer.Ordinal);
        var result = new List<ClaimInfo>();
        foreach (var claim in claims.Where(c => c.Metadata.DeletionTimestamp is null)) // being deleted: no longer anyone's data
        {
            foreach (var template in templates)
            {
                var match = Regex.Match(claim.Metadata.Name, "^" + Regex.Escape(template + "-" + setName + "-") + "([0-9]+)$");
                if (!match.Success)
                    continue;
                var ordinal = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (!BelongsTo(claim, setName, ordinal, selectorLabels))
                    break;
                result.Add(new ClaimInfo
                {
                    Name = claim.Metadata.Name,
                    Template = template,
                    Ordinal = ordinal,
                    Uid = claim.Metadata.Uid,
                    Phase = claim.Status?.Phase,
                    Capacity = claim.Status?.Capacity is { } capacity && capacity.TryGetValue("storage", out var q) ? q.ToString() : null,
                    Requested = claim.Spec?.Resources?.Requests is { } requests && requests.TryGetValue("storage", out var r) ? r.ToString() : null,
                    Created = claim.Metadata.CreationTimestamp is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null,
                    MountedBy = mounts[claim.Metadata.Name].OrderBy(n => n, StringComparer.Ordinal).ToList(),
                });
                break;
            }
        }

        return result.OrderBy(c => c.Ordinal).ThenBy(c => c.Template, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// True when a claim with the name of the set's ordinal is the set's: it carries the set's selector labels (the
    /// controller copies them onto the claims it makes) and no owner reference names another StatefulSet or pod.
    /// </summary>
    private static bool BelongsTo(V1PersistentVolumeClaim claim, string setName, int ordinal, IDictionary<string, string>? selectorLabels)
    {
        var labels = claim.Metadata.Labels ?? new Dictionary<string, string>();
        if (selectorLabels is not null && selectorLabels.Any(l => !labels.TryGetValue(l.Key, out var value) || value != l.Value))
            return false;
        return (claim.Metadata.OwnerReferences ?? new List<V1OwnerReference>()).All(o => o.Kind switch
        {
            "StatefulSet" => o.Name == setName,
            "Pod" => o.Name == $"{setName}-{ordinal}",
            _ => true,
        });
    }

    public static EventInfo ToInfo(Corev1Event e) => new()
    {
        Time = PodFacts.Time(e),
        Type = e.Type ?? "Normal",
        Reason = e.Reason ?? string.Empty,
        Object = $"{e.InvolvedObject?.Kind?.ToLowerInvariant()}/{e.InvolvedObject?.Name}",
        Message = e.Message ?? string.Empty,
        Count = e.Count ?? 1,
    };
}
