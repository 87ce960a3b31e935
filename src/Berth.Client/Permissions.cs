using System;
using System.Collections.Generic;
using System.Linq;
using Berth.Client.Internal;
using Berth.Planning;
using k8s;
using k8s.Models;

namespace Berth.Client;

/// <summary>One RBAC rule: the verbs Berth uses on one resource of one API group (<c>""</c> is the core group).</summary>
/// <param name="ApiGroup">The API group: <c>""</c> (core), <c>apps</c> or <c>policy</c>.</param>
/// <param name="Resource">The resource, e.g. <c>statefulsets</c> or the subresource <c>statefulsets/scale</c>.</param>
/// <param name="Verbs">The RBAC verbs, in <see cref="Permissions.VerbOrder"/>.</param>
public sealed record PermissionRule(string ApiGroup, string Resource, IReadOnlyList<string> Verbs)
{
    /// <summary>
    /// Whether the resource is cluster-scoped: Namespaces (a Role can grant them only for the Role's own namespace
    /// object), and the cluster-scoped kinds of extras (a StorageClass), which only a ClusterRole can grant.
    /// </summary>
    public bool ClusterScoped { get; init; } = ApiGroup.Length == 0 && Resource == "namespaces";
}

/// <summary>What the extras of a set of apps need (<see cref="BerthClient.ExtraPermissionsAsync"/>).</summary>
/// <param name="Rules">One rule per resource of the extras' kinds (<see cref="Permissions.ForExtras"/>).</param>
/// <param name="DiscoveryPaths">The discovery paths that find those resources (<c>/api/v1</c>, <c>/apis</c>, <c>/apis/&lt;group&gt;/&lt;version&gt;</c>).</param>
public sealed record ExtraPermissions(IReadOnlyList<PermissionRule> Rules, IReadOnlyList<string> DiscoveryPaths);

/// <summary>What one operation of the client (and of the <c>berth</c> command that runs it) asks the API server for.</summary>
/// <param name="Operation">The operation as the CLI names it, e.g. <c>rollout undo</c>.</param>
/// <param name="Rules">Every (group, resource, verbs) the operation uses, with all of its options.</param>
public sealed record OperationPermissions(string Operation, IReadOnlyList<PermissionRule> Rules);

/// <summary>
/// The permission table: per operation of <see cref="BerthClient"/> and <see cref="StatefulAppClient"/>, the API
/// group, resource and verbs of every request it makes (reads, server-side apply patches, watches, deletes). Each
/// change to the client's requests changes this table; <c>berth rbac</c> renders its Role from it, and a test runs
/// every operation on a real cluster with exactly that Role. Server-side apply (also with dry run) is the
/// <c>patch</c> verb, plus <c>create</c> when the object does not exist yet.
/// </summary>
public static class Permissions
{
    /// <summary>The order verbs are listed in.</summary>
    public static IReadOnlyList<string> VerbOrder { get; } = new[] { "get", "list", "watch", "create", "patch", "delete" };

    /// <summary>
    /// The discovery paths every operation reads first (<see cref="BerthClient.GetServerInfoAsync"/>): the server version
    /// and which <c>policy</c> versions serve PodDisruptionBudgets. The default <c>system:discovery</c> ClusterRole
    /// grants them to every authenticated user; only a ClusterRole can name them.
    /// </summary>
    public static IReadOnlyList<string> DiscoveryPaths { get; } = new[] { "/version", "/apis/policy", "/apis/policy/v1beta1" };

    private const string Core = "";
    private const string Apps = "apps";
    private const string Storage = "storage.k8s.io";
    private const string Policy = "policy"; // policy/v1 and policy/v1beta1 PodDisruptionBudgets: one group for RBAC

    private static PermissionRule Rule(string group, string resource, params string[] verbs) => new(group, resource, verbs);

    // watching a rollout (--wait, rollout status): the set and its pods are listed and watched, events explain a stuck
    // pod, --fix-stuck deletes a stuck pod
    private static readonly PermissionRule[] Rollout =
    {
        Rule(Apps, "statefulsets", "get", "list", "watch"),
        Rule(Core, "pods", "list", "watch", "delete"),
        Rule(Core, "events", "list"),
    };

    // the objects an app defines, written by server-side apply (dry run for diff)
    private static readonly PermissionRule[] Applied =
    {
        Rule(Apps, "statefulsets", "get", "create", "patch"),
        Rule(Core, "services", "get", "create", "patch"),
        Rule(Core, "configmaps", "get", "create", "patch"),
        Rule(Policy, "poddisruptionbudgets", "get", "create", "patch"),
        Rule(Core, "namespaces", "get", "create", "patch"),
    };

    // the members of an apply set, found by label (diff and apply list them, --prune deletes them)
    private static readonly PermissionRule[] ApplySetMembers =
    {
        Rule(Apps, "statefulsets", "list"),
        Rule(Core, "services", "list"),
        Rule(Core, "configmaps", "list"),
        Rule(Policy, "poddisruptionbudgets", "list"),
    };

    /// <summary>Every operation, with everything its options can make it do.</summary>
    public static IReadOnlyList<OperationPermissions> Operations { get; } = new[]
    {
        // the apply-set parent is a ConfigMap (get, apply); a changed immutable field recreates the set (delete with
        // orphan cascade, then list its pods); a scale reports the claims that stay
        Op("apply", Applied, ApplySetMembers, Rollout,
            Rule(Apps, "statefulsets", "delete"),
            Rule(Core, "persistentvolumeclaims", "list")),
        Op("apply --prune", ApplySetMembers,
            Rule(Apps, "statefulsets", "get", "delete"),
            Rule(Core, "pods", "list"),
            Rule(Core, "services", "delete"),
            Rule(Core, "configmaps", "delete"),
            Rule(Policy, "poddisruptionbudgets", "delete")),
        Op("diff", ApplySetMembers,
            Rule(Apps, "statefulsets", "get", "patch"),
            Rule(Core, "services", "get", "patch"),
            Rule(Core, "configmaps", "get", "patch"),
            Rule(Policy, "poddisruptionbudgets", "get", "patch"),
            Rule(Core, "namespaces", "get", "patch")),
        Op("status",
            Rule(Apps, "statefulsets", "get"),
            Rule(Core, "pods", "list"),
            Rule(Core, "persistentvolumeclaims", "list"),
            Rule(Core, "events", "list")),
        Op("scale", Rollout,
            Rule(Apps, "statefulsets/scale", "patch"),
            Rule(Core, "persistentvolumeclaims", "list", "delete")),
        Op("set image", Rollout, Rule(Apps, "statefulsets", "patch")),
        Op("rollout status", Rollout),
        Op("rollout history",
            Rule(Apps, "statefulsets", "get"),
            Rule(Apps, "controllerrevisions", "list"),
            Rule(Core, "pods", "list")),
        Op("rollout undo", Rollout,
            Rule(Apps, "statefulsets", "patch"),
            Rule(Apps, "controllerrevisions", "list")),
        Op("rollout restart", Rollout, Rule(Apps, "statefulsets", "patch")),
        // canary: applies the definition as apply does (or patches the images), lowers the partition step by step, reads
        // the revisions (the one an abort restores) and, on abort, deletes the new template's pods that are not Ready
        Op("rollout canary", Applied, Rollout,
            Rule(Apps, "statefulsets", "patch"),
            Rule(Apps, "controllerrevisions", "list"),
            Rule(Core, "persistentvolumeclaims", "list")),
        Op("delete", Rollout,
            Rule(Apps, "statefulsets", "delete"),
            Rule(Core, "services", "get", "delete"),
            Rule(Core, "configmaps", "get", "delete"),
            Rule(Policy, "poddisruptionbudgets", "get", "delete"),
            Rule(Core, "persistentvolumeclaims", "list", "delete")),
        Op("claims list",
            Rule(Apps, "statefulsets", "get"),
            Rule(Core, "pods", "list"),
            Rule(Core, "persistentvolumeclaims", "list")),
        // resize reads the StorageClass (cluster-scoped: only a ClusterRole grants it; without it the API server's own
        // admission check refuses a class without expansion), grows the claims (merge patch), recreates the set
        // (orphan delete, wait until gone, apply) and reads the claims and their events until they report the size
        Op("resize",
            Rule(Apps, "statefulsets", "get", "list", "watch", "create", "patch", "delete"),
            Rule(Core, "pods", "list"),
            Rule(Core, "persistentvolumeclaims", "list", "watch", "patch"),
            Rule(Core, "events", "list"),
            new PermissionRule(Storage, "storageclasses", new[] { "get" }) { ClusterScoped = true }),
        Op("claims prune",
            Rule(Apps, "statefulsets", "get"),
            Rule(Core, "pods", "list"),
            Rule(Core, "persistentvolumeclaims", "list", "delete")),
    };

    /// <summary>
    /// What the operations do with an object carried with <c>StatefulApp.With(yaml)</c> (an extra, of any kind: found
    /// by discovery): apply reads it and writes it by server-side apply (<c>get</c>, <c>create</c>, <c>patch</c>),
    /// diff reads it and dry-runs the apply (<c>get</c>, <c>patch</c>), apply <c>--prune</c> lists the apply set's
    /// members of its kind and deletes those no longer defined (<c>list</c>, <c>delete</c>), and delete with the app's
    /// other objects reads and deletes it (<c>get</c>, <c>delete</c>).
    /// </summary>
    public static IReadOnlyList<OperationPermissions> ExtraOperations { get; } = new[]
    {
        new OperationPermissions("apply", new[] { Rule(Extra, Extra, "get", "create", "patch") }),
        new OperationPermissions("apply --prune", new[] { Rule(Extra, Extra, "list", "delete") }),
        new OperationPermissions("diff", new[] { Rule(Extra, Extra, "get", "patch") }),
        new OperationPermissions("delete", new[] { Rule(Extra, Extra, "get", "delete") }),
    };

    /// <summary>
    /// The extras of <paramref name="apps"/>: the objects carried with <c>StatefulApp.With(yaml)</c> whose kinds are not
    /// Berth's own (Namespace, ConfigMap, Service, StatefulSet, PodDisruptionBudget), which apply finds by discovery.
    /// </summary>
    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> ExtrasOf(IEnumerable<PlannedApp> apps) =>
        apps.Where(a => a.Manifests is not null).SelectMany(a => a.Manifests!.Objects).Where(o => !KubeApi.IsModelled(o)).ToList();

    /// <summary>The placeholder group and resource of <see cref="ExtraOperations"/>' rules.</summary>
    private const string Extra = "<extra>";

    /// <summary>
    /// The rules for the extras' resources: <see cref="ExtraOperations"/> for each (group, plural resource, scope),
    /// as discovery names them (<see cref="BerthClient.ExtraPermissionsAsync"/>).
    /// </summary>
    public static IReadOnlyList<PermissionRule> ForExtras(IEnumerable<(string ApiGroup, string Resource, bool ClusterScoped)> resources)
    {
        var verbs = VerbOrder.Where(v => ExtraOperations.SelectMany(o => o.Rules).Any(r => r.Verbs.Contains(v))).ToArray();
        return resources.Distinct().Select(r => new PermissionRule(r.ApiGroup, r.Resource, verbs) { ClusterScoped = r.ClusterScoped }).ToList();
    }

    /// <summary>
    /// The union of the rules of <paramref name="operations"/> (default: all) and of <paramref name="extras"/> (from
    /// <see cref="ForExtras"/>), one rule per (group, resource), sorted by group then resource, verbs in
    /// <see cref="VerbOrder"/>.
    /// </summary>
    public static IReadOnlyList<PermissionRule> Merged(IEnumerable<OperationPermissions>? operations = null, IEnumerable<PermissionRule>? extras = null) =>
        (operations ?? Operations).SelectMany(o => o.Rules).Concat(extras ?? Enumerable.Empty<PermissionRule>())
            .GroupBy(r => (r.ApiGroup, r.Resource))
            .OrderBy(g => g.Key.ApiGroup, StringComparer.Ordinal).ThenBy(g => g.Key.Resource, StringComparer.Ordinal)
            .Select(g => new PermissionRule(g.Key.ApiGroup, g.Key.Resource,
                VerbOrder.Where(v => g.Any(r => r.Verbs.Contains(v))).ToArray()) { ClusterScoped = g.Any(r => r.ClusterScoped) })
            .ToList();

    private static OperationPermissions Op(string operation, params object[] parts) =>
        new(operation, parts.SelectMany(p => p switch
        {
            PermissionRule r => new[] { r },
            PermissionRule[] rs => rs,
            _ => throw new ArgumentException($"not a rule: {p}", nameof(parts)),
        }).ToList());
}
