using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Polly;

namespace Berth.Client.Internal;

/// <summary>An object named in messages: <c>statefulset/web in namespace shop</c>.</summary>
internal readonly record struct ObjectRef(string Kind, string? Namespace, string Name)
{
    public string Short => Kind.ToLowerInvariant() + "/" + Name;

    public override string ToString() => Namespace is null ? Short : $"{Short} in namespace {Namespace}";

    public static ObjectRef Of(IKubernetesObject<V1ObjectMeta> obj) => new(obj.Kind, obj.Metadata.NamespaceProperty, obj.Metadata.Name);
}

/// <summary>A served resource: its group, version, kind, plural name and scope, from discovery.</summary>
internal sealed record ApiResource(string Group, string Version, string Kind, string Plural, bool Namespaced)
{
    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;
}

/// <summary>Names an object of any kind (to read or delete it): apiVersion, kind and metadata only.</summary>
internal sealed class ObjectStub : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public V1ObjectMeta Metadata { get; set; } = new();
}

/// <summary>
/// The API calls the client makes: each one goes through the retry pipeline and turns failures into a
/// <see cref="BerthClientException"/> that names the object and carries the server's message.
/// </summary>
internal sealed partial class KubeApi
{
    public const string DryRunAll = "All";

    private readonly ResiliencePipeline pipeline;

    public KubeApi(IKubernetes client, BerthClientOptions options)
    {
        Client = client;
        Options = options;
        Logger = options.Logger;
        pipeline = Transient.BuildPipeline(options.Retry, options.Logger);
    }

    public IKubernetes Client { get; }

    public BerthClientOptions Options { get; }

    public ILogger Logger { get; }

    // ------------------------------------------------------------------ plumbing

    /// <summary>Runs one API call through the retry pipeline and translates its failure.</summary>
    /// <param name="target">The object the call is about, for messages.</param>
    /// <param name="action">What the call does, for messages and logs.</param>
    /// <param name="call">The call itself, run once per attempt.</param>
    /// <param name="ct">Cancels the call and its retries.</param>
    /// <param name="serverSideApply">
    /// The call is a server-side apply, which is safe to repeat after a lost create race (see
    /// <see cref="Transient.IsTransient"/>); only <see cref="ApplyAsync"/> sets it.
    /// </param>
    public async Task<T> CallAsync<T>(ObjectRef target, string action, Func<CancellationToken, Task<T>> call, CancellationToken ct, bool serverSideApply = false)
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(Transient.WhatKey, $"{action} {target}");
        context.Properties.Set(Transient.ServerSideApplyKey, serverSideApply);
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        return Outcome.FromResult(await state(ctx.CancellationToken).ConfigureAwait(false));
                    }
                    catch (Exception e)
                    {
                        return Outcome.FromException<T>(e);
                    }
                },
                context,
                call).ConfigureAwait(false);
            if (outcome.Exception is { } e)
                throw Translate(e, target, action, ct);
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public Task CallAsync(ObjectRef target, string action, Func<CancellationToken, Task> call, CancellationToken ct) =>
        CallAsync<bool>(target, action, async t =>
        {
            await call(t).ConfigureAwait(false);
            return true;
        }, ct);

    /// <summary>Like <see cref="CallAsync{T}"/>, but 404 Not Found gives null.</summary>
    public async Task<T?> ReadOrNullAsync<T>(ObjectRef target, Func<CancellationToken, Task<T>> call, CancellationToken ct)
        where T : class
    {
        try
        {
            return await CallAsync(target, "read", call, ct).ConfigureAwait(false);
        }
        catch (BerthClientException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Like <see cref="CallAsync(ObjectRef, string, Func{CancellationToken, Task}, CancellationToken)"/>; 404 Not Found
    /// gives false. A 404 to a retry counts as deleted: the earlier attempt may have reached the server and deleted the
    /// object before its answer was lost (every delete Berth sends names the uid it read, or the object of the
    /// definition, so a repeat can only delete what the first attempt meant; see docs/guarantees.md).
    /// </summary>
    public async Task<bool> DeleteIfExistsAsync(ObjectRef target, Func<CancellationToken, Task> call, CancellationToken ct)
    {
        var attempts = 0;
        try
        {
            await CallAsync(target, "delete", t =>
            {
                attempts++;
                return call(t);
            }, ct).ConfigureAwait(false);
            return true;
        }
        catch (BerthClientException e) when (e.IsNotFound)
        {
            if (attempts > 1)
                Logger.LogInformation("{Object}: gone when its delete was retried (the earlier attempt deleted it; its answer was lost)", target);
            return attempts > 1;
        }
    }

    public static Exception Translate(Exception e, ObjectRef target, string action, CancellationToken ct)
    {
        switch (e)
        {
            case OperationCanceledException when ct.IsCancellationRequested:
                return e;
            case BerthClientException:
                return e;
            case ServerIdentityException:
                return new BerthClientException($"{action} {target} failed: {e.Message}", target.ToString());
            case HttpOperationException http when NotAnApiServer(http) is { } notApi:
                return new BerthClientException($"{action} {target} failed: {notApi}", target.ToString());
            case HttpOperationException http:
                var status = Transient.ParseStatus(http.Response.Content);
                var code = (int)http.Response.StatusCode;
                var serverMessage = status?.Message ?? http.Response.ReasonPhrase ?? "no message";
                var reason = status?.Reason ?? http.Response.StatusCode.ToString();
                var causes = status?.Details?.Causes is { Count: > 0 } list && !list.All(c => serverMessage.Contains(c.Message ?? "", StringComparison.Ordinal))
                    ? Environment.NewLine + string.Join(Environment.NewLine, list.Select(c => $"  {c.Field}: {c.Message}"))
                    : string.Empty;
                return new BerthClientException(
                    $"{action} {target} failed: {serverMessage} ({code} {reason}){causes}",
                    target.ToString(), code, reason, serverMessage) { Causes = status?.Details?.Causes?.ToList() ?? new List<V1StatusCause>() };
            case HttpRequestException or IOException:
                return new BerthClientException(
                    $"{action} {target} failed: the API server could not be reached: {e.Message}",
                    target.ToString(), innerException: Sanitized(e));
            case OperationCanceledException:
                return new BerthClientException($"{action} {target} failed: the request timed out", target.ToString(), innerException: Sanitized(e));
            default:
                return new BerthClientException($"{action} {target} failed: {e.GetType().Name}: {e.Message}", target.ToString(), innerException: Sanitized(e));
        }
    }

    /// <summary>
    /// A 404 without a Kubernetes Status in the body: the kube-apiserver answers every 404 of the paths Berth asks for
    /// (<c>/version</c>, <c>/api/...</c>, <c>/apis/...</c>) with a Status, so this is some other server (a web server,
    /// a proxy, a wrong port), not "the object does not exist". Null for a real API server's answer.
    /// </summary>
    private static string? NotAnApiServer(HttpOperationException http)
    {
        if (http.Response.StatusCode != HttpStatusCode.NotFound || Transient.ParseStatus(http.Response.Content)?.Kind == "Status")
            return null;
        var uri = http.Request?.RequestUri;
        var server = uri is null ? "the server" : $"the server at {uri.GetLeftPart(UriPartial.Authority)}";
        var path = uri?.AbsolutePath ?? "the request";
        // the kube-apiserver itself answers a path of an API group it does not serve with Go's plain "404 page not found"
        var unservedGroup = path.StartsWith("/apis/", StringComparison.Ordinal) && http.Response.Content?.StartsWith("404 page not found", StringComparison.Ordinal) == true
            ? ", or it does not serve this API group"
            : string.Empty;
        return $"{server} does not look like a Kubernetes API server{unservedGroup} (HTTP 404 for {path}, without a Kubernetes Status in the answer); " +
               "check the server address (and port) of the kubeconfig's cluster entry";
    }

    /// <summary>A credential-free copy of a cause: type and message only.</summary>
    private static Exception Sanitized(Exception e) => new TransportException($"{e.GetType().FullName}: {e.Message}" +
        (e.InnerException is { } inner ? $" ({inner.GetType().Name}: {inner.Message})" : string.Empty));

    // ------------------------------------------------------------------ JSON

    public static JsonObject ToJson(object typed) =>
        typed switch
        {
            JsonObject o => o,
            JsonElement e => JsonNode.Parse(e.GetRawText())!.AsObject(),
            string s => JsonNode.Parse(s)!.AsObject(),
            _ => JsonNode.Parse(KubernetesJson.Serialize(typed))!.AsObject(),
        };

    public static T FromJson<T>(JsonNode node) => KubernetesJson.Deserialize<T>(node.ToJsonString());

    // ------------------------------------------------------------------ generic objects (apply / read / delete)

    /// <summary>Server-side apply of one object; returns the object as the server stored (or would store) it.</summary>
    public Task<JsonObject> ApplyAsync(IKubernetesObject<V1ObjectMeta> obj, string fieldManager, bool force, bool dryRun, CancellationToken ct)
    {
        var target = ObjectRef.Of(obj);
        var dry = dryRun ? DryRunAll : null;
        var ns = obj.Metadata.NamespaceProperty;
        var name = obj.Metadata.Name;
        return CallAsync(target, dryRun ? "dry-run apply of" : "apply", async t =>
        {
            switch (obj)
            {
                case V1Namespace n:
                    return ToJson(await Client.CoreV1.PatchNamespaceAsync(Patch(n), name, dry, fieldManager, force: force, cancellationToken: t).ConfigureAwait(false));
                case V1ConfigMap c:
                    return ToJson(await Client.CoreV1.PatchNamespacedConfigMapAsync(Patch(c), name, ns, dry, fieldManager, force: force, cancellationToken: t).ConfigureAwait(false));
                case V1Service s:
                    return ToJson(await Client.CoreV1.PatchNamespacedServiceAsync(Patch(s), name, ns, dry, fieldManager, force: force, cancellationToken: t).ConfigureAwait(false));
                case V1StatefulSet s:
                    return ToJson(await Client.AppsV1.PatchNamespacedStatefulSetAsync(Patch(s), name, ns, dry, fieldManager, force: force, cancellationToken: t).ConfigureAwait(false));
                case V1PodDisruptionBudget p when p.ApiVersion == "policy/v1":
                    return ToJson(await Client.PolicyV1.PatchNamespacedPodDisruptionBudgetAsync(Patch(p), name, ns, dry, fieldManager, force: force, cancellationToken: t).ConfigureAwait(false));
                case V1PodDisruptionBudget p:
                    var (group, version) = SplitApiVersion(p.ApiVersion);
                    var body = new V1Patch(KubernetesJson.Serialize(p), V1Patch.PatchType.ApplyPatch);
                    return ToJson(await Client.CustomObjects.PatchNamespacedCustomObjectAsync(body, group, version, ns, "poddisruptionbudgets", name, dry, fieldManager, force: force, cancellationToken: t).ConfigureAwait(false));
                default:
                    var r = await ResourceOfAsync(obj, t).ConfigureAwait(false);
                    var json = ToJson(obj);
                    if (!r.Namespaced)
                        (json["metadata"] as JsonObject)?.Remove("namespace");
                    if (r.Group.Length == 0)
                        return await CoreApplyAsync(r, json, ns, name, dry, fieldManager, force, t).ConfigureAwait(false);
                    var generic = new V1Patch(json.ToJsonString(), V1Patch.PatchType.ApplyPatch);
                    return ToJson(r.Namespaced
                        ? await Client.CustomObjects.PatchNamespacedCustomObjectAsync(generic, r.Group, r.Version, ns, r.Plural, name, dry, fieldManager, force: force, cancellationToken: t).ConfigureAwait(false)
                        : await Client.CustomObjects.PatchClusterCustomObjectAsync(generic, r.Group, r.Version, r.Plural, name, dry, fieldManager, force: force, cancellationToken: t).ConfigureAwait(false));
            }
        }, ct, serverSideApply: true);
    }

    /// <summary>Reads one object as JSON; null when it does not exist.</summary>
    public Task<JsonObject?> ReadJsonAsync(IKubernetesObject<V1ObjectMeta> obj, CancellationToken ct)
    {
        var ns = obj.Metadata.NamespaceProperty;
        var name = obj.Metadata.Name;
        return ReadOrNullAsync<JsonObject>(ObjectRef.Of(obj), async t => obj switch
        {
            V1Namespace => ToJson(await Client.CoreV1.ReadNamespaceAsync(name, cancellationToken: t).ConfigureAwait(false)),
            V1ConfigMap => ToJson(await Client.CoreV1.ReadNamespacedConfigMapAsync(name, ns, cancellationToken: t).ConfigureAwait(false)),
            V1Service => ToJson(await Client.CoreV1.ReadNamespacedServiceAsync(name, ns, cancellationToken: t).ConfigureAwait(false)),
            V1StatefulSet => ToJson(await Client.AppsV1.ReadNamespacedStatefulSetAsync(name, ns, cancellationToken: t).ConfigureAwait(false)),
            V1PodDisruptionBudget p when p.ApiVersion == "policy/v1" => ToJson(await Client.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync(name, ns, cancellationToken: t).ConfigureAwait(false)),
            V1PodDisruptionBudget p => ToJson(await Client.CustomObjects.GetNamespacedCustomObjectAsync(SplitApiVersion(p.ApiVersion).Group, SplitApiVersion(p.ApiVersion).Version, ns, "poddisruptionbudgets", name, t).ConfigureAwait(false)),
            _ => await ReadGenericAsync(obj, t).ConfigureAwait(false),
        }, ct);
    }

    private async Task<JsonObject> ReadGenericAsync(IKubernetesObject<V1ObjectMeta> obj, CancellationToken ct)
    {
        var r = await ResourceOfAsync(obj, ct).ConfigureAwait(false);
        if (r.Group.Length == 0)
            return await CoreReadAsync(r, obj.Metadata.NamespaceProperty, obj.Metadata.Name, ct).ConfigureAwait(false);
        return ToJson(r.Namespaced
            ? await Client.CustomObjects.GetNamespacedCustomObjectAsync(r.Group, r.Version, obj.Metadata.NamespaceProperty, r.Plural, obj.Metadata.Name, ct).ConfigureAwait(false)
            : await Client.CustomObjects.GetClusterCustomObjectAsync(r.Group, r.Version, r.Plural, obj.Metadata.Name, ct).ConfigureAwait(false));
    }

    /// <summary>Deletes one object of the definition; false when it did not exist.</summary>
    public Task<bool> DeleteObjectAsync(IKubernetesObject<V1ObjectMeta> obj, CancellationToken ct)
    {
        var ns = obj.Metadata.NamespaceProperty;
        var name = obj.Metadata.Name;
        return DeleteIfExistsAsync(ObjectRef.Of(obj), async t =>
        {
            switch (obj)
            {
                case V1ConfigMap:
                    await Client.CoreV1.DeleteNamespacedConfigMapAsync(name, ns, cancellationToken: t).ConfigureAwait(false);
                    break;
                case V1Service:
                    try
                    {
                        await Client.CoreV1.DeleteNamespacedServiceAsync(name, ns, cancellationToken: t).ConfigureAwait(false);
                    }
                    catch (JsonException)
                    {
                        // deleted: older servers (1.20 here) answer with a Status where the client's model expects the Service
                    }

                    break;
                case V1PodDisruptionBudget p when p.ApiVersion == "policy/v1":
                    await Client.PolicyV1.DeleteNamespacedPodDisruptionBudgetAsync(name, ns, cancellationToken: t).ConfigureAwait(false);
                    break;
                case V1PodDisruptionBudget p:
                    var (group, version) = SplitApiVersion(p.ApiVersion);
                    await Client.CustomObjects.DeleteNamespacedCustomObjectAsync(group, version, ns, "poddisruptionbudgets", name, cancellationToken: t).ConfigureAwait(false);
                    break;
                case V1PersistentVolumeClaim or V1Namespace:
                    throw new InvalidOperationException($"Berth does not delete {ObjectRef.Of(obj)} here: claims and Namespaces are deleted only by name, by the claims commands");
                default:
                    var r = await ResourceOfAsync(obj, t).ConfigureAwait(false);
                    if (r.Group.Length == 0)
                        await CoreDeleteAsync(r, ns, name, t).ConfigureAwait(false);
                    else if (r.Namespaced)
                        await Client.CustomObjects.DeleteNamespacedCustomObjectAsync(r.Group, r.Version, ns, r.Plural, name, cancellationToken: t).ConfigureAwait(false);
                    else
                        await Client.CustomObjects.DeleteClusterCustomObjectAsync(r.Group, r.Version, r.Plural, name, cancellationToken: t).ConfigureAwait(false);
                    break;
            }
        }, ct);
    }

    // ------------------------------------------------------------------ discovery (any kind: the extras of StatefulApp.With)

    private readonly object discoveryGate = new();
    private Task<V1APIGroupList>? groups;
    private readonly Dictionary<string, Task<V1APIResourceList?>> resourceLists = new(StringComparer.Ordinal);

    /// <summary>
    /// The resource (plural name, scope) of <paramref name="obj"/>'s apiVersion and kind, from the server's discovery
    /// (asked once per group version and client). A kind the server does not serve is refused with a
    /// <see cref="BerthClientException"/> naming the object and the fix.
    /// </summary>
    public async Task<ApiResource> ResourceOfAsync(IKubernetesObject<V1ObjectMeta> obj, CancellationToken ct) =>
        await FindResourceAsync(obj.ApiVersion, obj.Kind, ct).ConfigureAwait(false) ?? throw NotServed(obj);

    /// <summary>True for the kinds Berth applies through their typed API (its own objects); every other kind goes through discovery.</summary>
    public static bool IsModelled(IKubernetesObject<V1ObjectMeta> obj) => obj is V1Namespace or V1ConfigMap or V1Service or V1StatefulSet or V1PodDisruptionBudget;

    /// <summary>The refusal of an object whose kind the server does not serve.</summary>
    public static BerthClientException NotServed(IKubernetesObject<V1ObjectMeta> obj)
    {
        var target = ObjectRef.Of(obj);
        var (group, _) = SplitApiVersion(obj.ApiVersion);
        if (group.Length == 0)
        {
            return new BerthClientException(
                $"{target}: the server does not serve kind {obj.Kind} in apiVersion {obj.ApiVersion} (the core group, /api/v1). Fix: correct apiVersion and kind " +
                "in the YAML given to With() (kubectl api-resources --api-group='' lists the core kinds)",
                target.ToString());
        }

        return new BerthClientException(
            $"{target}: the server does not serve kind {obj.Kind} in apiVersion {obj.ApiVersion}. Fix: install the CustomResourceDefinition (or the API) " +
            $"that serves it first (kubectl get crd; kubectl api-resources --api-group={group}), or correct apiVersion and kind in the YAML given to With()",
            target.ToString());
    }

    /// <summary>The resource of <paramref name="apiVersion"/> and <paramref name="kind"/>, or null when the server does not serve it.</summary>
    public async Task<ApiResource?> FindResourceAsync(string apiVersion, string kind, CancellationToken ct)
    {
        var (group, version) = SplitApiVersion(apiVersion);
        var list = await ResourceListAsync(group, version, ct).ConfigureAwait(false);
        var found = list?.Resources?.FirstOrDefault(r => r.Kind == kind && !r.Name.Contains('/', StringComparison.Ordinal));
        return found is null ? null : new ApiResource(group, version, kind, found.Name, found.Namespaced);
    }

    /// <summary>The resource of a group and kind in the group's preferred version (for listing apply set members), or null.</summary>
    public async Task<ApiResource?> FindPreferredResourceAsync(string group, string kind, CancellationToken ct)
    {
        var preferred = group.Length == 0 ? "v1" : (await GroupsAsync(ct).ConfigureAwait(false)).Groups?.FirstOrDefault(g => g.Name == group)?.PreferredVersion?.Version;
        return preferred is null ? null : await FindResourceAsync(group + "/" + preferred, kind, ct).ConfigureAwait(false);
    }

    private Task<V1APIGroupList> GroupsAsync(CancellationToken ct)
    {
        lock (discoveryGate)
        {
            if (groups is null || groups.IsFaulted || groups.IsCanceled)
                groups = CallAsync(new ObjectRef("APIGroupList", null, "/apis"), "discover", t => Client.Apis.GetAPIVersionsAsync(t), CancellationToken.None);
            return groups.WaitAsync(ct);
        }
    }

    private async Task<V1APIResourceList?> ResourceListAsync(string group, string version, CancellationToken ct)
    {
        // the core group has one version, v1 (/api/v1); the others are listed by /apis
        var served = group.Length == 0
            ? version == "v1"
            : (await GroupsAsync(ct).ConfigureAwait(false)).Groups?.Any(g => g.Name == group && g.Versions.Any(v => v.Version == version)) == true;
        if (!served)
            return null;
        Task<V1APIResourceList?> task;
        lock (discoveryGate)
        {
            var key = group.Length == 0 ? "/api/v1" : group + "/" + version;
            if (!resourceLists.TryGetValue(key, out task!) || task.IsFaulted || task.IsCanceled)
            {
                resourceLists[key] = task = ReadOrNullAsync(new ObjectRef("APIResourceList", null, key),
                    t => group.Length == 0 ? Client.CoreV1.GetAPIResourcesAsync(t) : Client.CustomObjects.GetAPIResourcesAsync(group, version, t), CancellationToken.None);
            }
        }

        return await task.WaitAsync(ct).ConfigureAwait(false);
    }

    private static V1Patch Patch(object body) => new(body, V1Patch.PatchType.ApplyPatch);

    public static (string Group, string Version) SplitApiVersion(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/');
        return slash < 0 ? (string.Empty, apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
    }

    // ------------------------------------------------------------------ StatefulSets

    public Task<V1StatefulSet?> ReadStatefulSetAsync(string ns, string name, CancellationToken ct) =>
        ReadOrNullAsync(new ObjectRef("StatefulSet", ns, name), t => Client.AppsV1.ReadNamespacedStatefulSetAsync(name, ns, cancellationToken: t), ct);

    public async Task<V1StatefulSet> GetStatefulSetAsync(string ns, string name, CancellationToken ct) =>
        await ReadStatefulSetAsync(ns, name, ct).ConfigureAwait(false)
        ?? throw new BerthClientException($"statefulset/{name} in namespace {ns} does not exist (apply the app first)", $"statefulset/{name} in namespace {ns}", 404, "NotFound");

    public Task<V1StatefulSet> PatchStatefulSetAsync(string ns, string name, string patchJson, V1Patch.PatchType type, string action, CancellationToken ct) =>
        CallAsync(new ObjectRef("StatefulSet", ns, name), action,
            t => Client.AppsV1.PatchNamespacedStatefulSetAsync(new V1Patch(patchJson, type), name, ns, fieldManager: Options.FieldManager, cancellationToken: t), ct);

    public Task<V1Scale> ScaleStatefulSetAsync(string ns, string name, int replicas, CancellationToken ct) =>
        CallAsync(new ObjectRef("StatefulSet", ns, name), $"scale to {replicas}",
            t => Client.AppsV1.PatchNamespacedStatefulSetScaleAsync(
                new V1Patch($"{{\"spec\":{{\"replicas\":{replicas}}}}}", V1Patch.PatchType.MergePatch), name, ns, fieldManager: Options.FieldManager, cancellationToken: t), ct);

    public Task<bool> DeleteStatefulSetAsync(string ns, string name, string propagation, string? uid, CancellationToken ct) =>
        DeleteIfExistsAsync(new ObjectRef("StatefulSet", ns, name), t => Client.AppsV1.DeleteNamespacedStatefulSetAsync(name, ns, new V1DeleteOptions
        {
            PropagationPolicy = propagation,
            Preconditions = uid is null ? null : new V1Preconditions { Uid = uid },
        }, cancellationToken: t), ct);

    // ------------------------------------------------------------------ pods, claims, revisions, events

    public async Task<IList<V1Pod>> ListPodsAsync(string ns, string labelSelector, CancellationToken ct) =>
        (await CallAsync(new ObjectRef("Pod", ns, "*"), "list", t => Client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: labelSelector, cancellationToken: t), ct).ConfigureAwait(false)).Items;

    public Task<bool> DeletePodAsync(string ns, string name, string? uid, CancellationToken ct) =>
        DeleteIfExistsAsync(new ObjectRef("Pod", ns, name), t => Client.CoreV1.DeleteNamespacedPodAsync(name, ns, new V1DeleteOptions
        {
            Preconditions = uid is null ? null : new V1Preconditions { Uid = uid },
        }, cancellationToken: t), ct);

    public async Task<IList<V1PersistentVolumeClaim>> ListClaimsAsync(string ns, CancellationToken ct) =>
        (await CallAsync(new ObjectRef("PersistentVolumeClaim", ns, "*"), "list", t => Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns, cancellationToken: t), ct).ConfigureAwait(false)).Items;

    /// <summary>Deletes the claim only while it is the one with <paramref name="uid"/> (a 409 Precondition failed otherwise).</summary>
    public Task<bool> DeleteClaimAsync(string ns, string name, string? uid, CancellationToken ct) =>
        DeleteIfExistsAsync(new ObjectRef("PersistentVolumeClaim", ns, name), t => Client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync(name, ns, new V1DeleteOptions
        {
            Preconditions = uid is null ? null : new V1Preconditions { Uid = uid },
        }, cancellationToken: t), ct);

    public async Task<IList<V1ControllerRevision>> ListRevisionsAsync(string ns, string labelSelector, CancellationToken ct) =>
        (await CallAsync(new ObjectRef("ControllerRevision", ns, "*"), "list", t => Client.AppsV1.ListNamespacedControllerRevisionAsync(ns, labelSelector: labelSelector, cancellationToken: t), ct).ConfigureAwait(false)).Items;

    public async Task<IList<Corev1Event>> ListEventsAsync(string ns, CancellationToken ct) =>
        (await CallAsync(new ObjectRef("Event", ns, "*"), "list", t => Client.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: t), ct).ConfigureAwait(false)).Items;
}
