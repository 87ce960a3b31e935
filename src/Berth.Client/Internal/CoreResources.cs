using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using k8s;
using k8s.Autorest;

namespace Berth.Client.Internal;

/// <summary>
/// Requests for the extras of <see cref="StatefulApp.With(string)"/> in the core group (apiVersion <c>v1</c>: a Secret,
/// a ServiceAccount, a LimitRange…), found by discovery of <c>/api/v1</c>. KubernetesClient's custom-object operations
/// build <c>/apis/&lt;group&gt;/&lt;version&gt;</c> paths only, so these go to <c>/api/v1/…</c> through the client's own
/// HTTP pipeline (the same handler, server identity check and credentials as every other request), and fail with the
/// same <see cref="HttpOperationException"/> the generated operations throw, so retries and messages are the same.
/// </summary>
internal sealed partial class KubeApi
{
    private static string CorePath(ApiResource r, string? ns, string? name) =>
        "api/" + r.Version + "/" + (r.Namespaced ? "namespaces/" + Uri.EscapeDataString(ns ?? string.Empty) + "/" : string.Empty) +
        r.Plural + (name is null ? string.Empty : "/" + Uri.EscapeDataString(name));

    /// <summary>Server-side apply of a core object.</summary>
    private Task<JsonObject> CoreApplyAsync(ApiResource r, JsonObject json, string? ns, string name, string? dryRun, string fieldManager, bool force, CancellationToken ct)
    {
        var query = "?fieldManager=" + Uri.EscapeDataString(fieldManager) + (force ? "&force=true" : string.Empty) + (dryRun is null ? string.Empty : "&dryRun=" + dryRun);
        var body = new StringContent(json.ToJsonString(), Encoding.UTF8);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/apply-patch+yaml");
        return SendCoreAsync(HttpMethod.Patch, CorePath(r, ns, name) + query, body, ct);
    }

    private Task<JsonObject> CoreReadAsync(ApiResource r, string? ns, string name, CancellationToken ct) =>
        SendCoreAsync(HttpMethod.Get, CorePath(r, ns, name), null, ct);

    private Task<JsonObject> CoreDeleteAsync(ApiResource r, string? ns, string name, CancellationToken ct) =>
        SendCoreAsync(HttpMethod.Delete, CorePath(r, ns, name), null, ct);

    /// <summary>The names of the objects of a namespaced resource in <paramref name="ns"/> with the label selector (apply set members).</summary>
    public async Task<IReadOnlyList<string>> ListNamesAsync(ApiResource r, string ns, string labelSelector, CancellationToken ct)
    {
        var list = await CallAsync(new ObjectRef(r.Kind, ns, "(apply set members)"), "list", t => r.Group.Length == 0
            ? SendCoreAsync(HttpMethod.Get, CorePath(r, ns, null) + "?labelSelector=" + Uri.EscapeDataString(labelSelector), null, t)
            : ListCustomAsync(r, ns, labelSelector, t), ct).ConfigureAwait(false);
        return list["items"] is JsonArray items
            ? items.Select(i => i?["metadata"]?["name"]?.GetValue<string>() ?? string.Empty).ToList()
            : Array.Empty<string>();
    }

    private async Task<JsonObject> ListCustomAsync(ApiResource r, string ns, string labelSelector, CancellationToken ct) =>
        ToJson(await Client.CustomObjects.ListNamespacedCustomObjectAsync(r.Group, r.Version, ns, r.Plural, labelSelector: labelSelector, cancellationToken: ct).ConfigureAwait(false));

    private async Task<JsonObject> SendCoreAsync(HttpMethod method, string pathAndQuery, HttpContent? body, CancellationToken ct)
    {
        if (Client is not Kubernetes kube)
            throw new InvalidOperationException($"core (apiVersion v1) extras need a k8s.Kubernetes client; this client is a {Client.GetType().Name}");
        using var request = new HttpRequestMessage(method, new Uri(kube.BaseUri.AbsoluteUri.TrimEnd('/') + "/" + pathAndQuery)) { Content = body };
        if (kube.Credentials is { } credentials)
            await credentials.ProcessHttpRequestAsync(request, ct).ConfigureAwait(false);
        using var response = await kube.HttpClient.SendAsync(request, ct).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            // the request is named by method and address only: its headers carry the credentials
            using var named = new HttpRequestMessage(method, request.RequestUri);
            throw new HttpOperationException($"Operation returned an invalid status code '{response.StatusCode}'")
            {
                Request = new HttpRequestMessageWrapper(named, null),
                Response = new HttpResponseMessageWrapper(response, text),
            };
        }

        return JsonNode.Parse(text) as JsonObject ?? new JsonObject();
    }
}
