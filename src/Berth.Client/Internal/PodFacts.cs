using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using k8s.Models;

namespace Berth.Client.Internal;

/// <summary>What a pod's status says, read the way the StatefulSet controller reads it.</summary>
internal static class PodFacts
{
    public const string RevisionLabel = "controller-revision-hash";

    /// <summary>Waiting reasons of containers that will not become ready without a change.</summary>
    private static readonly HashSet<string> FailingReasons = new(StringComparer.Ordinal)
    {
        "CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull", "ErrImageNeverPull", "InvalidImageName",
        "CreateContainerConfigError", "CreateContainerError", "RunContainerError", "PreStartHookError", "PostStartHookError",
    };

    public static int? Ordinal(string setName, string podName)
    {
        var prefix = setName + "-";
        return podName.StartsWith(prefix, StringComparison.Ordinal)
               && int.TryParse(podName.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal)
            ? ordinal
            : null;
    }

    public static bool IsReady(V1Pod pod) =>
        pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    public static bool IsRunningAndReady(V1Pod pod) => pod.Status?.Phase == "Running" && IsReady(pod);

    public static bool IsTerminating(V1Pod pod) => pod.Metadata.DeletionTimestamp is not null;

    public static string? Revision(V1Pod pod) =>
        pod.Metadata.Labels is { } labels && labels.TryGetValue(RevisionLabel, out var r) ? r : null;

    public static int Restarts(V1Pod pod) =>
        (pod.Status?.ContainerStatuses ?? new List<V1ContainerStatus>()).Sum(c => c.RestartCount)
        + (pod.Status?.InitContainerStatuses ?? new List<V1ContainerStatus>()).Sum(c => c.RestartCount);

    private static IEnumerable<V1ContainerStatus> Statuses(V1Pod pod) =>
        (pod.Status?.InitContainerStatuses ?? new List<V1ContainerStatus>()).Concat(pod.Status?.ContainerStatuses ?? new List<V1ContainerStatus>());

    /// <summary>Why the pod will not become ready without a change (crash loop, image pull, config error), or null.</summary>
    public static string? FailingReason(V1Pod pod)
    {
        if (pod.Status?.Phase == "Failed")
            return "Failed" + (pod.Status.Reason is { } r ? ": " + r : string.Empty) + (pod.Status.Message is { } m ? " (" + m + ")" : string.Empty);
        foreach (var c in Statuses(pod))
        {
            if (c.State?.Waiting?.Reason is { } reason && FailingReasons.Contains(reason))
                return ContainerReason(c);
        }

        return null;
    }

    /// <summary>A short description of why the pod is not Ready (empty when it is).</summary>
    public static string Reason(V1Pod pod)
    {
        if (IsTerminating(pod))
            return "terminating";
        if (FailingReason(pod) is { } failing)
            return failing;
        var phase = pod.Status?.Phase ?? "Pending";
        if (phase == "Pending")
        {
            var scheduled = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
            if (scheduled is { Status: "False" })
                return $"Pending: {scheduled.Reason ?? "not scheduled"}{(scheduled.Message is { } m ? ": " + m : string.Empty)}";
            if (string.IsNullOrEmpty(pod.Spec?.NodeName))
                return "Pending: not scheduled yet";
            var waiting = Statuses(pod).FirstOrDefault(c => c.State?.Waiting is not null);
            return waiting is null ? "Pending" : "Pending: " + ContainerReason(waiting);
        }

        if (IsReady(pod))
            return string.Empty;
        var notReady = Statuses(pod).Where(c => !c.Ready).Select(c => c.Name).ToList();
        var waitingContainer = Statuses(pod).FirstOrDefault(c => c.State?.Waiting is not null);
        if (waitingContainer is not null)
            return $"{phase}, not Ready: {ContainerReason(waitingContainer)}";
        return notReady.Count > 0
            ? $"{phase} but not Ready (containers not ready: {string.Join(", ", notReady)}; readiness probe failing?)"
            : $"{phase} but not Ready";
    }

    private static string ContainerReason(V1ContainerStatus c)
    {
        var waiting = c.State?.Waiting;
        var text = $"container {c.Name} {waiting?.Reason ?? "waiting"}";
        if (!string.IsNullOrEmpty(waiting?.Message))
            text += ": " + waiting.Message;
        if (c.RestartCount > 0)
            text += $" (restarts {c.RestartCount}" + (c.LastState?.Terminated is { } t ? $", last exit code {t.ExitCode}{(t.Reason is { } r ? " " + r : string.Empty)}" : string.Empty) + ")";
        return text;
    }

    /// <summary>The label selector query string (<c>a=b,c in (d,e)</c>) of a selector.</summary>
    public static string SelectorString(V1LabelSelector? selector)
    {
        if (selector is null)
            return string.Empty;
        var parts = new List<string>();
        foreach (var (key, value) in (selector.MatchLabels ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
            parts.Add($"{key}={value}");
        foreach (var e in selector.MatchExpressions ?? new List<V1LabelSelectorRequirement>())
        {
            var values = string.Join(",", e.Values ?? new List<string>());
            parts.Add(e.OperatorProperty switch
            {
                "In" => $"{e.Key} in ({values})",
                "NotIn" => $"{e.Key} notin ({values})",
                "Exists" => e.Key,
                "DoesNotExist" => "!" + e.Key,
                _ => throw new BerthClientException($"unknown label selector operator \"{e.OperatorProperty}\""),
            });
        }

        return string.Join(",", parts);
    }

    /// <summary>The pods of the set among those a selector found: named &lt;set&gt;-&lt;n&gt;, owned by the set or by no controller.</summary>
    public static List<(int Ordinal, V1Pod Pod)> PodsOf(V1StatefulSet set, IEnumerable<V1Pod> pods) =>
        pods.Select(p => (Ordinal: Ordinal(set.Metadata.Name, p.Metadata.Name), Pod: p))
            .Where(x => x.Ordinal is not null)
            .Where(x => x.Pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true) is not { } owner || owner.Uid == set.Metadata.Uid)
            .Select(x => (x.Ordinal!.Value, x.Pod))
            .OrderBy(x => x.Item1)
            .ToList();

    public static DateTimeOffset? Time(Corev1Event e)
    {
        var t = e.LastTimestamp ?? e.EventTime ?? e.FirstTimestamp ?? e.Metadata?.CreationTimestamp;
        return t is null ? null : new DateTimeOffset(DateTime.SpecifyKind(t.Value, DateTimeKind.Utc));
    }
}
