using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Berth.Client.Internal;
using Berth.Planning;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Client;

/// <summary>
/// The apply set of an apply (the Kubernetes ApplySet convention, KEP-3659, as <c>kubectl apply --applyset</c> uses
/// it): a parent ConfigMap named <see cref="Name"/> in the client's namespace, labelled
/// <c>applyset.kubernetes.io/id</c>, whose annotations say which kinds (<c>applyset.kubernetes.io/contains-group-kinds</c>)
/// and namespaces (<c>applyset.kubernetes.io/additional-namespaces</c>) its members may be in; every object applied
/// (except Namespaces) carries the label <c>applyset.kubernetes.io/part-of: &lt;id&gt;</c>. A member that no app of
/// <see cref="Defined"/> defines any more (a renamed app, an app moved to another namespace) is reported, and with
/// <see cref="Prune"/> deleted: StatefulSets (their claims are kept and listed), Services, PodDisruptionBudgets and
/// ConfigMaps Berth wrote; never a PersistentVolumeClaim or a Namespace.
/// </summary>
public sealed record ApplySetOptions
{
    /// <summary>The parent ConfigMap's name (in the client's namespace), e.g. <c>berth-shop</c> or <c>berth-shop-prod</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Every app of the set, when only some of them are applied now (default: the apps applied).</summary>
    public IReadOnlyList<PlannedApp>? Defined { get; init; }

    /// <summary>Delete the members no app defines any more (after the apply succeeded).</summary>
    public bool Prune { get; init; }
}

/// <summary>A member of an apply set that no app defines any more.</summary>
public sealed record NoLongerDefined
{
    /// <summary>The kind.</summary>
    public required string Kind { get; init; }

    /// <summary>The namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The name.</summary>
    public required string Name { get; init; }

    /// <summary>True when prune deleted it.</summary>
    public bool Deleted { get; init; }

    /// <summary>For a pruned StatefulSet: its pods removed.</summary>
    public IReadOnlyList<string> Pods { get; init; } = Array.Empty<string>();

    /// <summary>For a StatefulSet: the claims of its pods, kept (prune never deletes a claim).</summary>
    public IReadOnlyList<ClaimInfo> RemainingClaims { get; init; } = Array.Empty<ClaimInfo>();

    /// <summary>"statefulset/web (namespace a)".</summary>
    public override string ToString() => $"{Kind.ToLowerInvariant()}/{Name} (namespace {Namespace})";
}

/// <summary>The ApplySet labels, annotations and parent of KEP-3659.</summary>
internal sealed class ApplySet
{
    public const string IdLabel = "applyset.kubernetes.io/id";
    public const string PartOfLabel = "applyset.kubernetes.io/part-of";
    public const string ToolingAnnotation = "applyset.kubernetes.io/tooling";
    public const string GroupKindsAnnotation = "applyset.kubernetes.io/contains-group-kinds";
    public const string NamespacesAnnotation = "applyset.kubernetes.io/additional-namespaces";

    /// <summary>The kinds Berth applies and may prune, with their API group ("" for core).</summary>
    private static readonly (string Kind, string Group)[] PrunableKinds =
    {
        ("StatefulSet", "apps"), ("Service", string.Empty), ("PodDisruptionBudget", "policy"), ("ConfigMap", string.Empty),
    };

    private readonly KubeApi api;

    /// <summary>The resources of the extras' kinds listed by <see cref="ListMembersAsync"/>, by kind.</summary>
    private readonly Dictionary<string, ApiResource> extraResources = new(StringComparer.Ordinal);

    public ApplySet(KubeApi api, string name, string @namespace)
    {
        this.api = api;
        Name = name;
        Namespace = @namespace;
        Id = IdOf(name, @namespace);
    }

    public string Name { get; }

    public string Namespace { get; }

    /// <summary><c>applyset-&lt;base64url(sha256("name.namespace.ConfigMap."))&gt;-v1</c>, as kubectl computes it for a ConfigMap parent.</summary>
    public string Id { get; }

    public static string IdOf(string name, string @namespace)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(".", name, @namespace, "ConfigMap", string.Empty)));
        return "applyset-" + Convert.ToBase64String(hash).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "-v1";
    }

    /// <summary>"StatefulSet.apps" or "Service".</summary>
    public static string GroupKind(string kind, string group) => group.Length == 0 ? kind : kind + "." + group;

    /// <summary>
    /// The group-kind of an object Berth applies (its own kinds and the extras of <c>With(yaml)</c>, of any API group); null
    /// for a Namespace or a PersistentVolumeClaim (never members: pruning them would delete data).
    /// </summary>
    public static string? GroupKindOf(IKubernetesObject<V1ObjectMeta> obj) =>
        obj is V1Namespace || obj.Kind is "Namespace" or "PersistentVolumeClaim" ? null
        : PrunableKinds.Where(k => k.Kind == obj.Kind).Select(k => GroupKind(k.Kind, k.Group)).FirstOrDefault() ?? GroupKind(obj.Kind, KubeApi.SplitApiVersion(obj.ApiVersion).Group);

    /// <summary>The group-kinds and namespaces the parent lists now (empty when there is no parent).</summary>
    public async Task<(HashSet<string> GroupKinds, HashSet<string> Namespaces, bool Exists)> ReadParentAsync(CancellationToken ct)
    {
        var parent = await api.ReadOrNullAsync(new ObjectRef("ConfigMap", Namespace, Name),
            t => api.Client.CoreV1.ReadNamespacedConfigMapAsync(Name, Namespace, cancellationToken: t), ct).ConfigureAwait(false);
        var kinds = new HashSet<string>(StringComparer.Ordinal);
        var namespaces = new HashSet<string>(StringComparer.Ordinal) { Namespace };
        if (parent is null)
            return (kinds, namespaces, false);
        if (parent.Metadata.Labels?.TryGetValue(IdLabel, out var id) != true || id != Id)
        {
            throw new BerthClientException(
                $"configmap/{Name} in namespace {Namespace} exists but is not the parent of apply set {Name} (no label {IdLabel}={Id}); choose another apply set name, or delete that ConfigMap if nothing uses it",
                $"configmap/{Name}");
        }

        var annotations = parent.Metadata.Annotations ?? new Dictionary<string, string>();
        if (annotations.TryGetValue(GroupKindsAnnotation, out var k))
            kinds.UnionWith(k.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (annotations.TryGetValue(NamespacesAnnotation, out var n))
            namespaces.UnionWith(n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return (kinds, namespaces, true);
    }

    /// <summary>Writes the parent (server-side apply) listing exactly these group-kinds and namespaces.</summary>
    public Task WriteParentAsync(IEnumerable<string> groupKinds, IEnumerable<string> namespaces, string fieldManager, bool dryRun, CancellationToken ct)
    {
        var parent = new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta
            {
                Name = Name,
                NamespaceProperty = Namespace,
                Labels = new Dictionary<string, string> { [IdLabel] = Id },
                Annotations = new Dictionary<string, string>
                {
                    [ToolingAnnotation] = "berth/v" + (typeof(ApplySet).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"),
                    [GroupKindsAnnotation] = string.Join(",", groupKinds.Distinct().OrderBy(g => g, StringComparer.Ordinal)),
                    [NamespacesAnnotation] = string.Join(",", namespaces.Where(n => n != Namespace).Distinct().OrderBy(n => n, StringComparer.Ordinal)),
                },
            },
        };
        return api.ApplyAsync(parent, fieldManager, force: true, dryRun, ct);
    }

    /// <summary>Every member of the set the parent's kinds and namespaces lead to, as (kind, namespace, name).</summary>
    public async Task<List<(string Kind, string Namespace, string Name)>> ListMembersAsync(IEnumerable<string> groupKinds, IEnumerable<string> namespaces, ServerInfo server, CancellationToken ct)
    {
        var selector = $"{PartOfLabel}={Id}";
        var members = new List<(string Kind, string Namespace, string Name)>();
        var kinds = new HashSet<string>(groupKinds, StringComparer.Ordinal);
        foreach (var ns in namespaces.Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal))
        {
            foreach (var (kind, group) in PrunableKinds.Where(k => kinds.Contains(GroupKind(k.Kind, k.Group))))
            {
                var target = new ObjectRef(kind, ns, "(apply set members)");
                IEnumerable<string> names = kind switch
                {
                    "StatefulSet" => (await api.CallAsync(target, "list", t => api.Client.AppsV1.ListNamespacedStatefulSetAsync(ns, labelSelector: selector, cancellationToken: t), ct).ConfigureAwait(false)).Items.Select(i => i.Metadata.Name),
                    "Service" => (await api.CallAsync(target, "list", t => api.Client.CoreV1.ListNamespacedServiceAsync(ns, labelSelector: selector, cancellationToken: t), ct).ConfigureAwait(false)).Items.Select(i => i.Metadata.Name),
                    "ConfigMap" => (await api.CallAsync(target, "list", t => api.Client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: selector, cancellationToken: t), ct).ConfigureAwait(false)).Items.Select(i => i.Metadata.Name),
                    _ => server.DisruptionBudgetApiVersion is not { } version ? Array.Empty<string>() : Names(await api.CallAsync(target, "list",
                        t => api.Client.CustomObjects.ListNamespacedCustomObjectAsync(group, version.Split('/')[1], ns, "poddisruptionbudgets", labelSelector: selector, cancellationToken: t), ct).ConfigureAwait(false)),
                };
                members.AddRange(names.Select(n => (kind, ns, n)));
            }

            // the extras' kinds (With(yaml)), found by discovery in their group's preferred version (v1 for the core
            // group: "Secret" has no group); cluster-scoped ones are not listed (an app's members are in its namespace),
            // PersistentVolumeClaims and Namespaces never are members
            foreach (var groupKind in kinds.Where(k => !PrunableKinds.Any(p => GroupKind(p.Kind, p.Group) == k)).OrderBy(k => k, StringComparer.Ordinal))
            {
                var dot = groupKind.IndexOf('.', StringComparison.Ordinal);
                var (kind, group) = dot < 0 ? (groupKind, string.Empty) : (groupKind[..dot], groupKind[(dot + 1)..]);
                if (kind is "PersistentVolumeClaim" or "Namespace" || await api.FindPreferredResourceAsync(group, kind, ct).ConfigureAwait(false) is not { Namespaced: true } resource)
                    continue;
                extraResources[kind] = resource;
                var names = await api.ListNamesAsync(resource, ns, selector, ct).ConfigureAwait(false);
                members.AddRange(names.Select(n => (kind, ns, n)));
            }
        }

        return members;
    }

    /// <summary>The members not defined, in prune order: StatefulSets (their pods go first), PodDisruptionBudgets, Services, ConfigMaps and extras.</summary>
    public static List<NoLongerDefined> Stale(IEnumerable<(string Kind, string Namespace, string Name)> members, HashSet<(string Kind, string Namespace, string Name)> defined) =>
        members.Where(m => !defined.Contains(m))
            .OrderBy(m => m.Kind switch { "StatefulSet" => 0, "PodDisruptionBudget" => 1, "Service" => 2, _ => 3 })
            .ThenBy(m => m.Namespace, StringComparer.Ordinal).ThenBy(m => m.Name, StringComparer.Ordinal)
            .Select(m => new NoLongerDefined { Kind = m.Kind, Namespace = m.Namespace, Name = m.Name })
            .ToList();

    private static IEnumerable<string> Names(object list)
    {
        var json = JsonSerializer.SerializeToElement(list);
        return json.TryGetProperty("items", out var items)
            ? items.EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString() ?? string.Empty).ToList()
            : Enumerable.Empty<string>();
    }

    /// <summary>The object to delete for a member (Services, PodDisruptionBudgets, ConfigMaps and extras; StatefulSets go through delete).</summary>
    public IKubernetesObject<V1ObjectMeta> Reference(string kind, string ns, string name, ServerInfo server) => kind switch
    {
        "Service" => new V1Service { Kind = kind, ApiVersion = "v1", Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns } },
        "ConfigMap" => new V1ConfigMap { Kind = kind, ApiVersion = "v1", Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns } },
        _ when extraResources.TryGetValue(kind, out var r) => new ObjectStub { Kind = kind, ApiVersion = r.ApiVersion, Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns } },
        _ => new V1PodDisruptionBudget { Kind = kind, ApiVersion = server.DisruptionBudgetApiVersion ?? "policy/v1", Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns } },
    };

    public void Log(ILogger logger, string message, NoLongerDefined member) => logger.LogInformation("apply set {Set}: {Member} {Message}", Name, member, message);
}
