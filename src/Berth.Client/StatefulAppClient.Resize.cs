using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Berth.Client.Internal;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Client;

/// <summary>How <see cref="StatefulAppClient.ResizeClaimsAsync"/> waits.</summary>
public sealed record ResizeOptions
{
    /// <summary>How long to wait for the old StatefulSet to go and for the claims to report the new size (default 5 minutes).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Wait until the recreated StatefulSet has rolled out (it has adopted the running pods) and every claim reports the
    /// new size or <c>FileSystemResizePending</c> (default true).
    /// </summary>
    public bool Wait { get; init; } = true;
}

/// <summary>Where one claim's resize stands.</summary>
public enum ClaimResizeState
{
    /// <summary>The claim reports the new capacity.</summary>
    Resized,

    /// <summary>The volume grew; the file system grows when a pod next mounts it (condition <c>FileSystemResizePending</c>).</summary>
    FileSystemResizePending,

    /// <summary>Requested, not reported yet (not waited for, or the wait timed out).</summary>
    Requested,
}

/// <summary>One claim of a resize.</summary>
public sealed record ClaimResize
{
    /// <summary>The claim, <c>&lt;template&gt;-&lt;app&gt;-&lt;ordinal&gt;</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The capacity before.</summary>
    public string? Before { get; init; }

    /// <summary>The capacity the claim reports now.</summary>
    public string? Capacity { get; init; }

    /// <summary>Where it stands.</summary>
    public ClaimResizeState State { get; init; }

    /// <summary>Why it is not resized yet, when the server says (a condition or a warning event); null otherwise.</summary>
    public string? Message { get; init; }

    /// <summary>"data-db-0: 1Gi -> 2Gi (Resized)".</summary>
    public override string ToString() => $"{Name}: {Before ?? "?"} -> {Capacity ?? "?"} ({State})";
}

/// <summary>What a resize did.</summary>
public sealed record ResizeResult
{
    /// <summary>The app.</summary>
    public required string Name { get; init; }

    /// <summary>The namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The claim template.</summary>
    public required string Template { get; init; }

    /// <summary>The new size.</summary>
    public required string Size { get; init; }

    /// <summary>The StorageClass of the claims (null when none is named).</summary>
    public string? StorageClass { get; init; }

    /// <summary>True when the StatefulSet was recreated (orphan cascade) with the new claim template.</summary>
    public bool Recreated { get; init; }

    /// <summary>Every claim of the template, in ordinal order.</summary>
    public IReadOnlyList<ClaimResize> Claims { get; init; } = Array.Empty<ClaimResize>();

    /// <summary>True when every claim is resized or waits only for its file system to grow.</summary>
    public bool Done => Claims.All(c => c.State != ClaimResizeState.Requested);
}

public sealed partial class StatefulAppClient
{
    /// <summary>
    /// Grows the claims of the claim template <paramref name="template"/> to <paramref name="size"/>, the safe way:
    /// checks that the StorageClass of the claims allows expansion (<c>allowVolumeExpansion</c>) and that the size
    /// grows every claim; patches every claim <c>&lt;template&gt;-&lt;app&gt;-&lt;ordinal&gt;</c>; recreates the
    /// StatefulSet with orphan cascade and the new claim template (the pods keep running, the new set adopts them, the
    /// claims of new ordinals get the new size); then waits until every claim reports the new capacity, or the
    /// condition <c>FileSystemResizePending</c> (the file system grows when a pod next mounts the volume). Refused,
    /// with nothing changed, for an unknown template, a class without expansion, a shrink or an unbound claim.
    /// Never deletes a claim. Update the definition's claim size too (else the next apply reports the template as an
    /// immutable change).
    /// </summary>
    /// <param name="template">The claim template (e.g. <c>data</c>).</param>
    /// <param name="size">The new size, a Kubernetes quantity (e.g. <c>20Gi</c>).</param>
    /// <param name="options">How to wait.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="BerthClientException">Refused, or the server failed; the message says what was changed.</exception>
    public async Task<ResizeResult> ResizeClaimsAsync(string template, string size, ResizeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(template);
        ArgumentException.ThrowIfNullOrEmpty(size);
        options ??= new ResizeOptions();
        var ct = cancellationToken;
        ResourceQuantity wanted;
        try
        {
            wanted = new ResourceQuantity(size);
            _ = wanted.ToDecimal();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw new BerthClientException($"{SetRef}: \"{size}\" is not a storage size; write a Kubernetes quantity such as 20Gi or 500Mi", SetRef.ToString());
        }

        if (wanted.ToDecimal() <= 0)
            throw new BerthClientException($"{SetRef}: the new size must be above zero, not \"{size}\"", SetRef.ToString());

        var set = await Api.GetStatefulSetAsync(Namespace, Name, ct).ConfigureAwait(false);
        var templates = set.Spec.VolumeClaimTemplates ?? new List<V1PersistentVolumeClaim>();
        var claimTemplate = templates.FirstOrDefault(t => t.Metadata?.Name == template)
            ?? throw new BerthClientException(
                $"{SetRef} has no claim template \"{template}\" (its claim templates: {(templates.Count == 0 ? "none" : string.Join(", ", templates.Select(t => t.Metadata?.Name)))}); name one of them",
                SetRef.ToString());

        var list = await ClaimListAsync(set, ct).ConfigureAwait(false);
        var names = list.Claims.Where(c => c.Template == template).OrderBy(c => c.Ordinal).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var claims = (await Api.ListClaimsAsync(Namespace, ct).ConfigureAwait(false)).Where(c => names.Contains(c.Metadata.Name))
            .OrderBy(c => OrdinalOf(c.Metadata.Name)).ToList();

        // refusals, before anything changes
        var templateSize = StorageOf(claimTemplate.Spec?.Resources?.Requests);
        var problems = new List<string>();
        if (templateSize is not null && wanted.ToDecimal() < templateSize.ToDecimal())
            problems.Add($"the claim template {template} asks for {templateSize}: claims cannot shrink (a smaller volume means a new claim and a copy of the data)");
        foreach (var c in claims)
        {
            var current = StorageOf(c.Status?.Capacity) ?? StorageOf(c.Spec.Resources?.Requests);
            if (current is not null && wanted.ToDecimal() < current.ToDecimal())
                problems.Add($"{c.Metadata.Name} has {current}: claims cannot shrink");
            if (c.Status?.Phase != "Bound")
                problems.Add($"{c.Metadata.Name} is {c.Status?.Phase ?? "not bound"}: only a bound claim can be resized; wait until it is Bound");
        }

        var className = claims.Select(c => c.Spec.StorageClassName).FirstOrDefault(n => !string.IsNullOrEmpty(n)) ?? claimTemplate.Spec?.StorageClassName;
        if (claims.Select(c => c.Spec.StorageClassName ?? string.Empty).Distinct().Count() > 1)
            problems.Add($"the claims of {template} use several StorageClasses ({string.Join(", ", claims.Select(c => c.Spec.StorageClassName ?? "(none)").Distinct())}); resize them one class at a time with kubectl");
        if (string.IsNullOrEmpty(className))
        {
            problems.Add($"the claims of {template} name no StorageClass: only claims provisioned by a class with allowVolumeExpansion: true can grow");
        }
        else
        {
            var storageClass = await ReadStorageClassAsync(className, ct).ConfigureAwait(false);
            if (storageClass is { Found: false })
                problems.Add($"StorageClass {className} of the claims does not exist");
            else if (storageClass is { Found: true, AllowsExpansion: false })
                problems.Add($"StorageClass {className} does not allow volume expansion (allowVolumeExpansion is not true): ask the cluster's administrator to set it, if its provisioner supports expansion");
        }

        if (problems.Count > 0)
            throw new BerthClientException($"{SetRef}: resize of {template} to {size} refused, nothing changed: {string.Join("; ", problems)}", SetRef.ToString());

        var before = claims.ToDictionary(c => c.Metadata.Name, c => StorageOf(c.Status?.Capacity)?.ToString(), StringComparer.Ordinal);
        var patch = new JsonObject { ["spec"] = new JsonObject { ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = size } } } }.ToJsonString();
        var patched = new List<string>();
        foreach (var c in claims)
        {
            try
            {
                await Api.CallAsync(new ObjectRef("PersistentVolumeClaim", Namespace, c.Metadata.Name), $"resize to {size}",
                    t => Api.Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), c.Metadata.Name, Namespace, fieldManager: client.Options.FieldManager, cancellationToken: t), ct).ConfigureAwait(false);
            }
            catch (BerthClientException e)
            {
                throw new BerthClientException(
                    $"{e.Message}. {(patched.Count == 0 ? "Nothing was changed" : $"Already resized: {string.Join(", ", patched)} (growing them cannot be undone); fix the cause and run the resize again")}",
                    e.ObjectName, e.StatusCode, e.Reason, e.ServerMessage, e);
            }

            patched.Add(c.Metadata.Name);
            Logger.LogInformation("{Claim}: requested {Size}", c.Metadata.Name, size);
        }

        // the set's claim template cannot change in place: recreate the set (orphan cascade) with the new size
        var recreated = false;
        if (templateSize is null || templateSize.ToDecimal() != wanted.ToDecimal())
        {
            var desired = WithClaimSize(set, template, size);
            var change = new ImmutableFieldChange($"spec.volumeClaimTemplates[{template}].spec.resources.requests.storage", templateSize?.ToString() ?? "(none)", size);
            await RecreateAsync(set, desired, new[] { change }, client.Options.FieldManager,
                new ApplyOptions { ForceConflicts = true, Rollout = new RolloutOptions { Timeout = options.Timeout } }, ct).ConfigureAwait(false);
            recreated = true;
            if (options.Wait)
            {
                // live means the new set has adopted the running pods and reports them: its rollout is complete
                var rollout = await WaitForRolloutAsync(new RolloutOptions { Timeout = options.Timeout }, null, ct).ConfigureAwait(false);
                if (rollout.Outcome != RolloutOutcome.Complete)
                {
                    throw new BerthClientException(
                        $"{SetRef}: recreated with the {size} claim template and every claim patched, but the new StatefulSet has not rolled out: {rollout.Message} " +
                        "Nothing was deleted; `berth rollout status` follows it, and running the resize again finishes the wait.",
                        SetRef.ToString());
                }
            }
        }

        // followed with a watch of the namespace's claims until each reports the size (or the file system is pending)
        var claimNames = claims.Select(c => c.Metadata.Name).ToList();
        var signal = new AsyncSignal();
        await using var watch = new Reflector<V1PersistentVolumeClaim>(
            $"persistentvolumeclaims in namespace {Namespace}",
            async t =>
            {
                var l = await Api.CallAsync(new ObjectRef("PersistentVolumeClaim", Namespace, "*"), "list", u => Api.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(Namespace, cancellationToken: u), t).ConfigureAwait(false);
                return (l.Items, l.Metadata.ResourceVersion);
            },
            (rv, onError, t) => Api.Client.CoreV1.WatchListNamespacedPersistentVolumeClaimAsync(Namespace, allowWatchBookmarks: true, resourceVersion: rv,
                timeoutSeconds: Reflector<V1PersistentVolumeClaim>.TimeoutSeconds, onError: onError, cancellationToken: t),
            signal,
            Api.Logger,
            null);
        await watch.StartAsync(ct).ConfigureAwait(false);
        var results = await ClaimStatesAsync(watch.Items, claimNames, wanted, before, ct).ConfigureAwait(false);
        var deadline = DateTime.UtcNow + options.Timeout;
        while (options.Wait && results.Any(r => r.State == ClaimResizeState.Requested) && deadline - DateTime.UtcNow is { Ticks: > 0 } left)
        {
            await signal.WaitAsync(left, ct).ConfigureAwait(false);
            results = await ClaimStatesAsync(watch.Items, claimNames, wanted, before, ct).ConfigureAwait(false);
        }

        var result = new ResizeResult
        {
            Name = Name, Namespace = Namespace, Template = template, Size = size, StorageClass = className, Recreated = recreated, Claims = results,
        };
        if (options.Wait && !result.Done)
        {
            throw new ResizeNotFinishedException(
                $"{SetRef}: resize of {template} to {size} not finished within {RolloutResult.Seconds(options.Timeout)}: " +
                string.Join("; ", results.Where(r => r.State == ClaimResizeState.Requested).Select(r => $"{r.Name} still reports {r.Capacity ?? "no capacity"}{(r.Message is null ? string.Empty : ": " + r.Message)}")) +
                ". The claims keep the request; the storage provider finishes it (kubectl describe pvc shows its events)",
                SetRef.ToString(), result);
        }

        return result;
    }

    private static int OrdinalOf(string claim) =>
        int.TryParse(claim[(claim.LastIndexOf('-') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;

    private static ResourceQuantity? StorageOf(IDictionary<string, ResourceQuantity>? resources) =>
        resources is not null && resources.TryGetValue("storage", out var q) ? q : null;

    /// <summary>The live set as a new object (no server fields) with the claim template's storage request set to <paramref name="size"/>.</summary>
    private static V1StatefulSet WithClaimSize(V1StatefulSet live, string template, string size)
    {
        var json = KubeApi.ToJson(live);
        json.Remove("status");
        var metadata = json["metadata"]!.AsObject();
        foreach (var field in new[] { "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds", "finalizers", "ownerReferences" })
            metadata.Remove(field);
        json["apiVersion"] = "apps/v1";
        json["kind"] = "StatefulSet";
        foreach (var t in json["spec"]!["volumeClaimTemplates"]!.AsArray())
        {
            t!.AsObject().Remove("status");
            if (t["metadata"]?["name"]?.GetValue<string>() == template)
            {
                var spec = t["spec"]!.AsObject();
                var resources = spec["resources"] as JsonObject ?? new JsonObject();
                spec["resources"] = resources;
                var requests = resources["requests"] as JsonObject ?? new JsonObject();
                resources["requests"] = requests;
                requests["storage"] = size;
            }
        }

        return KubeApi.FromJson<V1StatefulSet>(json);
    }

    /// <summary>Whether the StorageClass exists and allows expansion; null when the credentials may not read StorageClasses (the API server's own admission check then refuses a class without expansion).</summary>
    private async Task<(bool Found, bool AllowsExpansion)?> ReadStorageClassAsync(string name, CancellationToken ct)
    {
        try
        {
            var storageClass = await Api.ReadOrNullAsync(new ObjectRef("StorageClass", null, name),
                t => Api.Client.StorageV1.ReadStorageClassAsync(name, cancellationToken: t), ct).ConfigureAwait(false);
            return storageClass is null ? (false, false) : (true, storageClass.AllowVolumeExpansion == true);
        }
        catch (BerthClientException e) when (e.StatusCode == 403)
        {
            Logger.LogWarning("storageclass/{Class}: not readable with these credentials ({Message}); the API server checks allowVolumeExpansion itself", name, e.ServerMessage);
            return null;
        }
    }

    /// <summary>Each claim's state now: resized, file system pending, or requested (with the reason the server gives).</summary>
    private async Task<IReadOnlyList<ClaimResize>> ClaimStatesAsync(IEnumerable<V1PersistentVolumeClaim> claims, IReadOnlyList<string> names, ResourceQuantity wanted, IReadOnlyDictionary<string, string?> before, CancellationToken ct)
    {
        var live = claims.GroupBy(c => c.Metadata.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        IList<Corev1Event>? events = null;
        var results = new List<ClaimResize>();
        foreach (var name in names)
        {
            live.TryGetValue(name, out var claim);
            var capacity = StorageOf(claim?.Status?.Capacity);
            var conditions = claim?.Status?.Conditions ?? new List<V1PersistentVolumeClaimCondition>();
            var pending = conditions.FirstOrDefault(c => c.Type == "FileSystemResizePending" && c.Status == "True");
            var state = capacity is not null && capacity.ToDecimal() >= wanted.ToDecimal() ? ClaimResizeState.Resized
                : pending is not null ? ClaimResizeState.FileSystemResizePending
                : ClaimResizeState.Requested;
            string? message = pending?.Message;
            if (state == ClaimResizeState.Requested)
            {
                events ??= await Api.ListEventsAsync(Namespace, ct).ConfigureAwait(false);
                message = conditions.FirstOrDefault(c => c.Status == "True" && !string.IsNullOrEmpty(c.Message))?.Message
                    ?? events.Where(e => e.InvolvedObject?.Kind == "PersistentVolumeClaim" && e.InvolvedObject.Name == name && e.Type == "Warning")
                        .OrderByDescending(e => e.LastTimestamp ?? e.EventTime ?? e.Metadata.CreationTimestamp).Select(e => $"{e.Reason}: {e.Message}").FirstOrDefault();
            }

            results.Add(new ClaimResize { Name = name, Before = before.GetValueOrDefault(name), Capacity = capacity?.ToString(), State = state, Message = message });
        }

        return results;
    }
}

/// <summary>The claims were patched (and the set recreated) but did not all report the new size in time; <see cref="Result"/> says where each stands.</summary>
public sealed class ResizeNotFinishedException : BerthClientException
{
    /// <summary>Creates the exception.</summary>
    public ResizeNotFinishedException(string message, string target, ResizeResult result)
        : base(message, target) => Result = result;

    /// <summary>Where each claim stands.</summary>
    public ResizeResult Result { get; }
}
