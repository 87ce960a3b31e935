using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Berth.Client.Internal;
using Berth.Planning;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Client;

/// <summary>
/// The entry point of the Berth client: connects to a cluster and hands out a <see cref="StatefulAppClient"/> per
/// app. Thread-safe; keep one per cluster. Every call retries transient failures (see <see cref="RetryPolicy"/>) and
/// turns other failures into a <see cref="BerthClientException"/> with the API server's message.
/// </summary>
public sealed class BerthClient : IDisposable
{
    private readonly bool ownsClient;
    private readonly object discoveryGate = new();
    private Task<ServerInfo>? discovery;

    /// <summary>
    /// Uses an existing Kubernetes client, with that client's own TLS settings: Berth's check of the server's name
    /// (see <see cref="FromKubeconfig"/>) applies only to the clients it creates itself, since KubernetesClient's own
    /// certificate callback accepts a CA-signed certificate issued for another name.
    /// </summary>
    /// <param name="kubernetes">The client; Berth does not dispose it.</param>
    /// <param name="defaultNamespace">Namespace for apps that name none (default <c>default</c>).</param>
    /// <param name="options">Field manager, logging and retries.</param>
    public BerthClient(IKubernetes kubernetes, string? defaultNamespace = null, BerthClientOptions? options = null)
        : this(kubernetes, defaultNamespace, options, ownsClient: false)
    {
    }

    private BerthClient(IKubernetes kubernetes, string? defaultNamespace, BerthClientOptions? options, bool ownsClient, IReadOnlyList<string>? warnings = null)
    {
        Kubernetes = kubernetes ?? throw new ArgumentNullException(nameof(kubernetes));
        DefaultNamespace = string.IsNullOrWhiteSpace(defaultNamespace) ? "default" : defaultNamespace;
        Options = options ?? new BerthClientOptions();
        if (string.IsNullOrWhiteSpace(Options.FieldManager))
            throw new ArgumentException("BerthClientOptions.FieldManager must not be empty", nameof(options));
        Api = new KubeApi(kubernetes, Options);
        this.ownsClient = ownsClient;
        ConnectionWarnings = warnings ?? Array.Empty<string>();
        foreach (var warning in ConnectionWarnings)
            Logger.LogWarning("{Warning}", warning);
    }

    /// <summary>
    /// Connects with a kubeconfig file. The file is <paramref name="path"/>, else the files listed in the
    /// <c>KUBECONFIG</c> environment variable (merged like kubectl: the first file that sets a value wins), else
    /// <c>~/.kube/config</c>. The server's certificate must chain to the cluster's <c>certificate-authority(-data)</c>
    /// (the only trust anchor when the kubeconfig gives one; the system store otherwise) and name the server's host, or
    /// its <c>tls-server-name</c>. A plain <c>http://</c> server is refused before anything is sent.
    /// <c>insecure-skip-tls-verify: true</c> in the kubeconfig turns the check off, as in kubectl, with a warning in
    /// the log and in <see cref="ConnectionWarnings"/>.
    /// </summary>
    /// <param name="path">The kubeconfig file.</param>
    /// <param name="context">The context to use; default the kubeconfig's current context.</param>
    /// <param name="namespace">Namespace for apps that name none; default the context's namespace, else <c>default</c>.</param>
    /// <param name="options">Field manager, logging and retries.</param>
    public static BerthClient FromKubeconfig(string? path = null, string? context = null, string? @namespace = null, BerthClientOptions? options = null)
    {
        var loaded = KubeconfigLoader.Load(path, context, @namespace, Environment.GetEnvironmentVariable);
        return new BerthClient(loaded.CreateClient(), loaded.Namespace, options, ownsClient: true, loaded.Warnings);
    }

    /// <summary>
    /// Connects from inside a pod with its service account (token, CA and namespace mounted by Kubernetes). The
    /// server's certificate must chain to the mounted <c>ca.crt</c> (the only trust anchor) and name the service host.
    /// </summary>
    /// <param name="namespace">Namespace for apps that name none; default the pod's namespace.</param>
    /// <param name="options">Field manager, logging and retries.</param>
    public static BerthClient FromInCluster(string? @namespace = null, BerthClientOptions? options = null)
    {
        if (!KubernetesClientConfiguration.IsInCluster())
            throw new BerthClientException("not running inside a Kubernetes pod: KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT or the service account token are missing; use FromKubeconfig instead");
        var config = KubernetesClientConfiguration.InClusterConfig();
        var trust = new ServerTrust(new Uri(config.Host), null, config.SslCaCerts, skipVerify: false, "the pod's service account (its ca.crt)");
        return new BerthClient(trust.CreateClient(config), @namespace ?? config.Namespace, options, ownsClient: true);
    }

    /// <summary>The underlying Kubernetes client.</summary>
    public IKubernetes Kubernetes { get; }

    /// <summary>The namespace of apps that name none.</summary>
    public string DefaultNamespace { get; }

    /// <summary>The settings.</summary>
    public BerthClientOptions Options { get; }

    /// <summary>
    /// What weakens this connection and must be shown to the user each run (also logged as warnings): today the
    /// kubeconfig's <c>insecure-skip-tls-verify</c>, which turns off the check of the server's certificate. Empty
    /// when the connection is verified.
    /// </summary>
    public IReadOnlyList<string> ConnectionWarnings { get; }

    internal KubeApi Api { get; }

    internal ILogger Logger => Options.Logger;

    /// <summary>Operations on one app.</summary>
    /// <exception cref="BerthValidationException">The app's namespace is empty (BERTH035): nothing is sent.</exception>
    public StatefulAppClient For(StatefulApp app) => new(this, app ?? throw new ArgumentNullException(nameof(app)));

    /// <summary>Operations on one app of a manifest plan: apply sends its rendered YAML (<see cref="PlannedApp.Yaml"/>), built once.</summary>
    public StatefulAppClient For(PlannedApp app) => For(app, applySet: null);

    /// <summary>
    /// <see cref="For(PlannedApp)"/>, its objects labelled as members of the apply set <paramref name="applySet"/> (the
    /// parent ConfigMap's name, see <see cref="ApplySetOptions"/>): what apply with that set sends, so diff compares the same.
    /// </summary>
    public StatefulAppClient For(PlannedApp app, string? applySet) =>
        new(this, (app ?? throw new ArgumentNullException(nameof(app))).Definition ?? throw new ArgumentException($"{app.Label} could not be created: {app.Error}", nameof(app)), app)
        {
            ApplySetId = applySet is null ? null : ApplySet.IdOf(applySet, DefaultNamespace),
        };

    /// <summary>
    /// The members of the apply set <paramref name="set"/> that no app of <see cref="ApplySetOptions.Defined"/> defines any
    /// more (what <c>berth diff</c> shows and apply with <see cref="ApplySetOptions.Prune"/> would delete); empty when the
    /// set has no parent yet. Nothing is changed.
    /// </summary>
    public async Task<IReadOnlyList<NoLongerDefined>> FindNoLongerDefinedAsync(ApplySetOptions set, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        var applySet = new ApplySet(Api, set.Name, DefaultNamespace);
        var (kinds, namespaces, exists) = await applySet.ReadParentAsync(cancellationToken).ConfigureAwait(false);
        if (!exists)
            return Array.Empty<NoLongerDefined>();
        var server = await GetServerInfoAsync(cancellationToken).ConfigureAwait(false);
        var defined = Members((set.Defined ?? Array.Empty<PlannedApp>()).Select(For).ToList());
        return ApplySet.Stale(await applySet.ListMembersAsync(kinds, namespaces, server, cancellationToken).ConfigureAwait(false), defined);
    }

    /// <summary>
    /// What the extras of <paramref name="apps"/> (objects carried with <c>StatefulApp.With(yaml)</c>, of kinds other
    /// than those in <see cref="Permissions.Operations"/>) need beside <see cref="Permissions.Operations"/>: the
    /// <see cref="Permissions.ExtraOperations"/> rules for each kind's resource, and the discovery paths that find it,
    /// both from the server's discovery (the same lookup apply, diff and prune make). A kind the server does not serve
    /// is refused as apply refuses it.
    /// </summary>
    public async Task<ExtraPermissions> ExtraPermissionsAsync(IEnumerable<PlannedApp> apps, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(apps);
        var resources = new List<(string ApiGroup, string Resource, bool ClusterScoped)>();
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var obj in Permissions.ExtrasOf(apps))
        {
            var r = await Api.FindResourceAsync(obj.ApiVersion, obj.Kind, cancellationToken).ConfigureAwait(false) ?? throw KubeApi.NotServed(obj);
            resources.Add((r.Group, r.Plural, !r.Namespaced));
            if (r.Group.Length == 0)
            {
                paths.Add("/api/v1");
            }
            else
            {
                paths.Add("/apis");
                paths.Add("/apis/" + r.Group + "/" + r.Version);
            }
        }

        return new ExtraPermissions(Permissions.ForExtras(resources), paths.ToList());
    }

    /// <summary>(kind, namespace, name) of every object the apps apply, Namespaces left out (never apply set members).</summary>
    private static HashSet<(string Kind, string Namespace, string Name)> Members(IEnumerable<StatefulAppClient> apps) =>
        apps.SelectMany(a => a.Planned.Manifests!.Objects.Where(o => ApplySet.GroupKindOf(o) is not null).Select(o => (o.Kind, a.Namespace, o.Metadata.Name))).ToHashSet();

    private static IEnumerable<string> GroupKinds(IEnumerable<StatefulAppClient> apps) =>
        apps.SelectMany(a => a.Planned.Manifests!.Objects.Select(ApplySet.GroupKindOf)).OfType<string>();

    /// <summary>
    /// What the server is and serves (version, PodDisruptionBudget apiVersion, mutable StatefulSet fields); asked
    /// once, then cached.
    /// </summary>
    public Task<ServerInfo> GetServerInfoAsync(CancellationToken cancellationToken = default)
    {
        Task<ServerInfo> task;
        lock (discoveryGate)
        {
            if (discovery is null || discovery.IsFaulted || discovery.IsCanceled)
                discovery = ServerInfo.DiscoverAsync(Api, CancellationToken.None);
            task = discovery;
        }

        return task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Applies several apps, up to <see cref="ApplyOptions.MaxParallelism"/> at once (each app's objects in
    /// dependency order). Every app is attempted; when any failed, <see cref="ApplyFailedException"/> is thrown
    /// after all finished, carrying the per-app results.
    /// </summary>
    /// <param name="apps">The apps.</param>
    /// <param name="options">How to apply.</param>
    /// <param name="cancellationToken">Cancels the remaining work.</param>
    public Task<ApplyResult> ApplyAllAsync(IEnumerable<StatefulApp> apps, ApplyOptions? options = null, CancellationToken cancellationToken = default) =>
        ApplyAllAsync((apps ?? throw new ArgumentNullException(nameof(apps))).Select(For).ToList(), options, cancellationToken);

    /// <inheritdoc cref="ApplyAllAsync(IEnumerable{StatefulApp}, ApplyOptions?, CancellationToken)"/>
    /// <param name="apps">The apps of a manifest plan: each sends its rendered YAML, built once.</param>
    /// <param name="options">How to apply.</param>
    /// <param name="cancellationToken">Cancels the remaining work.</param>
    public Task<ApplyResult> ApplyAllAsync(IEnumerable<PlannedApp> apps, ApplyOptions? options = null, CancellationToken cancellationToken = default) =>
        ApplyAllAsync((apps ?? throw new ArgumentNullException(nameof(apps))).Select(For).ToList(), options, cancellationToken);

    /// <inheritdoc cref="ApplyAllAsync(IEnumerable{StatefulApp}, ApplyOptions?, CancellationToken)"/>
    /// <param name="plan">
    /// The apps of a manifest plan the caller has validated (<c>berth apply</c> prints its findings first): every app of
    /// <see cref="ManifestPlan.Apps"/> is applied with the plan's findings, not validated again (one plan, one validation
    /// per app; only the version rules are run again, against the server's version). A plan with errors is refused
    /// with <see cref="BerthValidationException"/>, before anything is sent.
    /// </param>
    /// <param name="options">How to apply.</param>
    /// <param name="cancellationToken">Cancels the remaining work.</param>
    public Task<ApplyResult> ApplyAllAsync(ManifestPlan plan, ApplyOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        StatefulAppClient.RefuseErrors(plan.Diagnostics);
        var findings = plan.Diagnostics.Where(d => d.Violation is not null).ToLookup(d => d.App, d => d.Violation!);
        var list = plan.Apps.Select(a =>
        {
            var client = For(a);
            client.Findings = findings[a].ToList();
            return client;
        }).ToList();
        return ApplyAllAsync(list, options, cancellationToken);
    }

    private async Task<ApplyResult> ApplyAllAsync(IReadOnlyList<StatefulAppClient> list, ApplyOptions? options, CancellationToken cancellationToken)
    {
        options ??= new ApplyOptions();
        ApplySet? applySet = null;
        var previousKinds = new HashSet<string>(StringComparer.Ordinal);
        var previousNamespaces = new HashSet<string>(StringComparer.Ordinal);
        if (options.ApplySet is { } setOptions)
        {
            // KEP-3659: before any member is written, the parent lists every kind and namespace the set has or will have.
            applySet = new ApplySet(Api, setOptions.Name, DefaultNamespace);
            foreach (var app in list)
                await app.EnsureKindsServedAsync(cancellationToken).ConfigureAwait(false);
            (previousKinds, previousNamespaces, _) = await applySet.ReadParentAsync(cancellationToken).ConfigureAwait(false);
            await applySet.WriteParentAsync(previousKinds.Concat(GroupKinds(list)), previousNamespaces.Concat(list.Select(c => c.Namespace)),
                options.FieldManager ?? Options.FieldManager, options.DryRun, cancellationToken).ConfigureAwait(false);
            foreach (var app in list)
                app.ApplySetId = applySet.Id;
        }

        // The live objects of every app, one list per kind and namespace, before anything is applied.
        var live = await LiveObjects.ListAsync(Api, list.SelectMany(c => (c.Planned.Manifests?.Objects ?? Enumerable.Empty<IKubernetesObject<V1ObjectMeta>>()).Select(o => (o.Kind, c.Namespace))), cancellationToken).ConfigureAwait(false);
        foreach (var app in list)
            app.Live = live;

        var results = new AppApplyResult[list.Count];
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelism ?? Options.MaxParallelism),
            CancellationToken = cancellationToken,
        };
        var interrupted = new string?[list.Count];
        try
        {
        await Parallel.ForEachAsync(Enumerable.Range(0, list.Count), parallel, async (i, ct) =>
        {
            var client = list[i];
            try
            {
                results[i] = await client.ApplyAppAsync(options, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
            {
                interrupted[i] = e.Message;
                throw;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                Logger.LogWarning("apply of {App} in namespace {Namespace} failed: {Message}", client.Name, client.Namespace, e.Message);
                results[i] = new AppApplyResult { AppName = client.Name, Namespace = client.Namespace, DryRun = options.DryRun, Error = e };
            }
        }).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            // say, per app, what was applied before the cancellation
            var apps = list.Select((c, i) => interrupted[i] ?? (results[i] is { Error: null } ? $"apply of {c.Name} in namespace {c.Namespace} finished" : results[i] is { } failed ? $"apply of {c.Name} in namespace {c.Namespace} failed: {failed.Error!.Message}" : $"apply of {c.Name} in namespace {c.Namespace} not started")).ToList();
            throw new OperationCanceledException(apps.Count == 1 ? apps[0] : "apply cancelled:" + Environment.NewLine + string.Join(Environment.NewLine, apps.Select(a => "  " + a)), e, cancellationToken);
        }

        var result = new ApplyResult { Apps = results, DryRun = options.DryRun };
        if (applySet is not null)
            result = result with { NoLongerDefined = await NoLongerDefinedAfterApplyAsync(applySet, options, list, previousKinds, previousNamespaces, prune: results.All(r => r.Error is null), cancellationToken).ConfigureAwait(false) };
        if (results.Any(r => r.Error is not null))
            throw new ApplyFailedException(result);
        return result;
    }

    /// <summary>
    /// The members of the set no app defines any more; with <see cref="ApplySetOptions.Prune"/> (and every app applied,
    /// not a dry run) deleted — StatefulSets first (their claims kept and listed), then PodDisruptionBudgets, Services and
    /// ConfigMaps — and the parent narrowed to the kinds and namespaces of what is left.
    /// </summary>
    private async Task<IReadOnlyList<NoLongerDefined>> NoLongerDefinedAfterApplyAsync(ApplySet applySet, ApplyOptions options, IReadOnlyList<StatefulAppClient> applied,
        HashSet<string> previousKinds, HashSet<string> previousNamespaces, bool prune, CancellationToken ct)
    {
        var setOptions = options.ApplySet!;
        var server = await GetServerInfoAsync(ct).ConfigureAwait(false);
        var definedApps = setOptions.Defined is { } all ? all.Select(For).Concat(applied).ToList() : applied.ToList();
        var defined = Members(definedApps);
        var members = await applySet.ListMembersAsync(previousKinds.Concat(GroupKinds(applied)), previousNamespaces.Concat(applied.Select(a => a.Namespace)), server, ct).ConfigureAwait(false);
        var stale = ApplySet.Stale(members, defined);
        if (!setOptions.Prune || options.DryRun || !prune)
            return stale;

        var pruned = new List<NoLongerDefined>();
        foreach (var member in stale)
        {
            if (member.Kind == "StatefulSet")
            {
                // As berth delete: background cascade, the claims kept and listed.
                var deleted = await For(StatefulApp.Named(member.Name).InNamespace(member.Namespace)).DeleteAsync(new DeleteOptions(), ct).ConfigureAwait(false);
                pruned.Add(member with { Deleted = deleted.StatefulSetDeleted, Pods = deleted.Pods, RemainingClaims = deleted.RemainingClaims });
            }
            else
            {
                pruned.Add(member with { Deleted = await Api.DeleteObjectAsync(applySet.Reference(member.Kind, member.Namespace, member.Name, server), ct).ConfigureAwait(false) });
            }

            applySet.Log(Logger, "pruned", member);
        }

        await applySet.WriteParentAsync(GroupKinds(definedApps), definedApps.Select(a => a.Namespace), options.FieldManager ?? Options.FieldManager, dryRun: false, ct).ConfigureAwait(false);
        return pruned;
    }

    /// <summary>Disposes the Kubernetes client when this instance created it.</summary>
    public void Dispose()
    {
        if (ownsClient)
            Kubernetes.Dispose();
    }
}
