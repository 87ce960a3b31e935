using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Client.Internal;

/// <summary>
/// The live objects of several apps, read before any of them is applied with one list per kind and namespace instead
/// of one read per object (<see cref="BerthClient.ApplyAllAsync(System.Collections.Generic.IEnumerable{StatefulApp}, ApplyOptions?, CancellationToken)"/>:
/// 100 apps of a Service and a StatefulSet each cost 2 lists instead of 200 reads). Only kinds and namespaces with
/// at least <see cref="MinObjects"/> objects to read are listed; a list the credentials may not make (403) leaves its
/// objects to be read one by one, as before. Each object's answer is taken once (a copy).
/// </summary>
internal sealed class LiveObjects
{
    /// <summary>Fewer objects of a kind in a namespace are read one by one: a list returns every object of the namespace.</summary>
    public const int MinObjects = 4;

    private readonly Dictionary<(string Kind, string Namespace), Dictionary<string, JsonObject>> listed = new();

    /// <summary>The live object when its kind and namespace were listed (null: it does not exist); false when they were not.</summary>
    public bool TryGet(IKubernetesObject<V1ObjectMeta> obj, out JsonObject? live)
    {
        live = null;
        if (!listed.TryGetValue((obj.Kind, obj.Metadata.NamespaceProperty ?? string.Empty), out var byName))
            return false;
        live = byName.TryGetValue(obj.Metadata.Name, out var found) ? found.DeepClone().AsObject() : null;
        return true;
    }

    /// <summary>Lists the StatefulSets, Services and ConfigMaps of <paramref name="objects"/>' namespaces (kind, namespace, name) that have enough of them.</summary>
    public static async Task<LiveObjects> ListAsync(KubeApi api, IEnumerable<(string Kind, string Namespace)> objects, CancellationToken ct)
    {
        var live = new LiveObjects();
        var groups = objects.Where(o => o.Kind is "StatefulSet" or "Service" or "ConfigMap")
            .GroupBy(o => o)
            .Where(g => g.Count() >= MinObjects)
            .Select(g => g.Key)
            .ToList();
        var lists = await Task.WhenAll(groups.Select(g => ListOrNullAsync(api, g.Kind, g.Namespace, ct))).ConfigureAwait(false);
        for (var i = 0; i < groups.Count; i++)
        {
            if (lists[i] is { } items)
                live.listed[groups[i]] = items;
        }

        return live;
    }

    private static async Task<Dictionary<string, JsonObject>?> ListOrNullAsync(KubeApi api, string kind, string ns, CancellationToken ct)
    {
        var target = new ObjectRef(kind, ns, "*");
        try
        {
            // items come without apiVersion and kind: set as a read of one object returns them
            IEnumerable<IKubernetesObject<V1ObjectMeta>> items = kind switch
            {
                "StatefulSet" => (await api.CallAsync(target, "list", t => api.Client.AppsV1.ListNamespacedStatefulSetAsync(ns, cancellationToken: t), ct).ConfigureAwait(false)).Items
                    .Select(s => { s.ApiVersion = "apps/v1"; s.Kind = kind; return (IKubernetesObject<V1ObjectMeta>)s; }),
                "Service" => (await api.CallAsync(target, "list", t => api.Client.CoreV1.ListNamespacedServiceAsync(ns, cancellationToken: t), ct).ConfigureAwait(false)).Items
                    .Select(s => { s.ApiVersion = "v1"; s.Kind = kind; return (IKubernetesObject<V1ObjectMeta>)s; }),
                _ => (await api.CallAsync(target, "list", t => api.Client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: t), ct).ConfigureAwait(false)).Items
                    .Select(c => { c.ApiVersion = "v1"; c.Kind = kind; return (IKubernetesObject<V1ObjectMeta>)c; }),
            };
            var byName = items.ToDictionary(o => o.Metadata.Name, o => KubeApi.ToJson(o), StringComparer.Ordinal);
            api.Logger.LogDebug("{Kind} objects of namespace {Namespace}: read with one list ({Count} live)", kind, ns, byName.Count);
            return byName;
        }
        catch (BerthClientException e) when (e.StatusCode == 403)
        {
            api.Logger.LogDebug("{Kind} objects in namespace {Namespace} not listed ({Message}): read one by one", kind, ns, e.ServerMessage);
            return null;
        }
    }
}
