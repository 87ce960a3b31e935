using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Berth.Client;

/// <summary>One pod of a StatefulSet, by ordinal.</summary>
public sealed record PodStatusInfo
{
    /// <summary>The ordinal.</summary>
    public required int Ordinal { get; init; }

    /// <summary>The pod name, <c>&lt;set&gt;-&lt;ordinal&gt;</c>.</summary>
    public required string Name { get; init; }

    /// <summary>False for an ordinal the set wants but whose pod does not exist (yet).</summary>
    public bool Exists { get; init; } = true;

    /// <summary>The pod's uid.</summary>
    public string? Uid { get; init; }

    /// <summary>Pending, Running, Succeeded, Failed or Unknown.</summary>
    public string? Phase { get; init; }

    /// <summary>True when the pod's Ready condition is True.</summary>
    public bool Ready { get; init; }

    /// <summary>The ControllerRevision the pod was made from (its <c>controller-revision-hash</c> label).</summary>
    public string? Revision { get; init; }

    /// <summary>True when the pod runs the set's update revision (the current template).</summary>
    public bool OnUpdateRevision { get; init; }

    /// <summary>True when the pod runs the set's current revision.</summary>
    public bool OnCurrentRevision { get; init; }

    /// <summary>The node the pod is bound to.</summary>
    public string? Node { get; init; }

    /// <summary>Container restarts, summed.</summary>
    public int Restarts { get; init; }

    /// <summary>Why the pod is not Ready (empty when it is).</summary>
    public string Reason { get; init; } = string.Empty;

    /// <summary>True while the pod is being deleted.</summary>
    public bool Terminating { get; init; }

    /// <summary>When the pod was created.</summary>
    public DateTimeOffset? Created { get; init; }
}

/// <summary>A PersistentVolumeClaim made from a claim template of the set.</summary>
public sealed record ClaimInfo
{
    /// <summary>The claim name, <c>&lt;template&gt;-&lt;set&gt;-&lt;ordinal&gt;</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The claim template it comes from.</summary>
    public required string Template { get; init; }

    /// <summary>The ordinal of the pod it belongs to.</summary>
    public required int Ordinal { get; init; }

    /// <summary>The claim's uid.</summary>
    public string? Uid { get; init; }

    /// <summary>Pending, Bound or Lost.</summary>
    public string? Phase { get; init; }

    /// <summary>The bound capacity, e.g. 1Gi.</summary>
    public string? Capacity { get; init; }

    /// <summary>The requested size (spec.resources.requests.storage), e.g. 1Gi.</summary>
    public string? Requested { get; init; }

    /// <summary>When the claim was created.</summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>The pods of the namespace (any owner, not Succeeded or Failed) that mount the claim.</summary>
    public IReadOnlyList<string> MountedBy { get; init; } = Array.Empty<string>();

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>A Kubernetes event about the set or one of its pods.</summary>
public sealed record EventInfo
{
    /// <summary>When it last happened.</summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary>Normal or Warning.</summary>
    public required string Type { get; init; }

    /// <summary>The reason, e.g. SuccessfulCreate, FailedCreate, BackOff.</summary>
    public required string Reason { get; init; }

    /// <summary>The object, e.g. pod/web-1.</summary>
    public required string Object { get; init; }

    /// <summary>The message.</summary>
    public required string Message { get; init; }

    /// <summary>How often it happened.</summary>
    public int Count { get; init; } = 1;

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Time?.ToString("HH:mm:ss", CultureInfo.InvariantCulture) ?? "--:--:--"} {Type} {Reason} {Object}: {Message}{(Count > 1 ? $" (x{Count})" : string.Empty)}";
}

/// <summary>The state of a StatefulSet: counts and revisions, each pod by ordinal, its claims and recent events.</summary>
public sealed record AppStatus
{
    /// <summary>The StatefulSet name.</summary>
    public required string Name { get; init; }

    /// <summary>The namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>False when the StatefulSet does not exist.</summary>
    public bool Exists { get; init; } = true;

    /// <summary>spec.replicas.</summary>
    public int DesiredReplicas { get; init; }

    /// <summary>status.replicas: pods that exist.</summary>
    public int Replicas { get; init; }

    /// <summary>status.readyReplicas.</summary>
    public int ReadyReplicas { get; init; }

    /// <summary>status.currentReplicas: pods on the current revision.</summary>
    public int CurrentReplicas { get; init; }

    /// <summary>status.updatedReplicas: pods on the update revision.</summary>
    public int UpdatedReplicas { get; init; }

    /// <summary>status.currentRevision.</summary>
    public string? CurrentRevision { get; init; }

    /// <summary>status.updateRevision: the revision of the current template.</summary>
    public string? UpdateRevision { get; init; }

    /// <summary>metadata.generation.</summary>
    public long Generation { get; init; }

    /// <summary>status.observedGeneration: the generation the controller has seen.</summary>
    public long ObservedGeneration { get; init; }

    /// <summary>RollingUpdate or OnDelete.</summary>
    public string UpdateStrategy { get; init; } = "RollingUpdate";

    /// <summary>The rolling-update partition, when set.</summary>
    public int? Partition { get; init; }

    /// <summary>OrderedReady or Parallel.</summary>
    public string PodManagementPolicy { get; init; } = "OrderedReady";

    /// <summary>The pods by ordinal, including wanted ordinals that have no pod yet.</summary>
    public IReadOnlyList<PodStatusInfo> Pods { get; init; } = Array.Empty<PodStatusInfo>();

    /// <summary>The claims made from the set's claim templates, by ordinal.</summary>
    public IReadOnlyList<ClaimInfo> Claims { get; init; } = Array.Empty<ClaimInfo>();

    /// <summary>Recent events of the set and its pods, oldest first.</summary>
    public IReadOnlyList<EventInfo> Events { get; init; } = Array.Empty<EventInfo>();

    /// <inheritdoc/>
    public override string ToString()
    {
        if (!Exists)
            return $"statefulset/{Name} (namespace {Namespace}) does not exist";
        var sb = new StringBuilder();
        sb.AppendLine($"statefulset/{Name} (namespace {Namespace}): {ReadyReplicas}/{DesiredReplicas} ready, {UpdatedReplicas} updated, {CurrentReplicas} current; {PodManagementPolicy}, {UpdateStrategy}{(Partition is { } p ? $" partition {p}" : string.Empty)}");
        sb.AppendLine($"  revisions: current {CurrentRevision ?? "-"}, update {UpdateRevision ?? "-"}; generation {Generation} (observed {ObservedGeneration})");
        sb.AppendLine("  ORDINAL  POD                       PHASE      READY  REVISION                    NODE               RESTARTS  REASON");
        foreach (var pod in Pods)
        {
            var revision = pod.Revision is null ? "-" : pod.Revision + (pod.OnUpdateRevision ? " (update)" : pod.OnCurrentRevision ? " (current)" : string.Empty);
            sb.AppendLine(string.Format(CultureInfo.InvariantCulture, "  {0,-8} {1,-25} {2,-10} {3,-6} {4,-27} {5,-18} {6,-9} {7}",
                pod.Ordinal, pod.Name, pod.Exists ? pod.Phase + (pod.Terminating ? "*" : string.Empty) : "(missing)", pod.Ready ? "yes" : "no", revision, pod.Node ?? "-", pod.Restarts, pod.Reason));
        }

        if (Claims.Count > 0)
            sb.AppendLine("  claims: " + string.Join(", ", Claims.Select(c => $"{c.Name} {c.Phase} {c.Capacity}".TrimEnd())));
        if (Events.Count > 0)
        {
            sb.AppendLine("  events:");
            foreach (var e in Events)
                sb.Append("    ").AppendLine(e.ToString());
        }

        return sb.ToString().TrimEnd();
    }
}
