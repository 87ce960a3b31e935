using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Berth.Client.Internal;
using Berth.Planning;
using Berth.Rules;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Client;

/// <summary>
/// The operations on one app: apply, diff, status, rollout status, scale, set image, history, undo, restart and
/// delete. Get one from <see cref="BerthClient.For(StatefulApp)"/> (which refuses an app whose namespace is empty,
/// BERTH035, with <see cref="BerthValidationException"/>). Every operation takes a cancellation token, retries
/// transient failures and reports other failures as <see cref="BerthClientException"/> naming the object.
/// </summary>
public sealed partial class StatefulAppClient
{
    private readonly BerthClient client;

    private PlannedApp? planned;

    internal StatefulAppClient(BerthClient client, StatefulApp app, PlannedApp? planned = null)
    {
        this.client = client;
        App = app;
        this.planned = planned;
        if (app.Namespace is "")
        {
            // refused before any request: "" names no namespace (the server answers "Namespace parameter required")
            var message = $"statefulset/{app.Name}: the namespace is empty (\"\" names no namespace); remove InNamespace(\"\") to use the namespace of the kubeconfig context, or name one, e.g. InNamespace(\"data\").";
            throw new BerthValidationException(new[] { new RuleViolation(RuleCatalog.InvalidNamespaceName, $"statefulset/{app.Name}", "metadata.namespace", message, null) });
        }

        Namespace = app.Namespace ?? client.DefaultNamespace;
    }

    /// <summary>The apply set id the objects are labelled with (<c>applyset.kubernetes.io/part-of</c>), or null.</summary>
    internal string? ApplySetId { get; set; }

    /// <summary>The live objects read for several apps at once (<see cref="BerthClient"/>'s apply of many apps), or null: each object is read alone.</summary>
    internal LiveObjects? Live { get; set; }

    /// <summary>
    /// The warnings and advice of the app's validation (<see cref="PlannedApp"/> by the manifest plan; no errors): given by
    /// a caller that validated the apps already (<see cref="BerthClient.ApplyAllAsync(ManifestPlan, ApplyOptions?, CancellationToken)"/>),
    /// else found by the first <see cref="Prepare"/>. Each app is validated once.
    /// </summary>
    internal IReadOnlyList<RuleViolation>? Findings { get; set; }

    /// <summary>The app as the manifest plan built and rendered it: what apply sends is its YAML, read back.</summary>
    internal PlannedApp Planned => planned ??= PlannedApp.Of(App);

    /// <summary>The app definition.</summary>
    public StatefulApp App { get; }

    /// <summary>The StatefulSet name.</summary>
    public string Name => App.Name;

    /// <summary>The namespace (the app's, else the client's default).</summary>
    public string Namespace { get; }

    private KubeApi Api => client.Api;

    private ILogger Logger => client.Logger;

    private ObjectRef SetRef => new("StatefulSet", Namespace, Name);

    /// <inheritdoc/>
    public override string ToString() => SetRef.ToString();

    // ------------------------------------------------------------------ apply

    /// <summary>
    /// Applies the app with server-side apply (field manager <see cref="BerthClientOptions.FieldManager"/>), in
    /// dependency order: Namespace, ConfigMaps, Services, PodDisruptionBudget, StatefulSet. Validates first and
    /// refuses definitions with errors (<see cref="BerthValidationException"/>). Before sending anything, compares the
    /// live StatefulSet: a change the server cannot make in place is refused with
    /// <see cref="ImmutableFieldChangeException"/> (BERTH027), unless
    /// <see cref="ApplyOptions.RecreateOnImmutableChange"/> allows recreating it with orphan cascade. Services always
    /// carry a port protocol; the PodDisruptionBudget is written as <c>policy/v1</c> or, on servers that only serve
    /// it, <c>policy/v1beta1</c>. With <see cref="ApplyOptions.Wait"/> it waits for the rollout and throws
    /// <see cref="RolloutFailedException"/> when the rollout does not complete.
    /// Fields another field manager owns are not overwritten: apply checks the app with a server dry run first and
    /// throws <see cref="ApplyConflictException"/> with nothing applied, unless <see cref="ApplyOptions.ForceConflicts"/>
    /// (<see cref="AppApplyResult.TakenOver"/> then lists them). A replica change is reported in
    /// <see cref="AppApplyResult.Scale"/>.
    /// </summary>
    public async Task<ApplyResult> ApplyAsync(ApplyOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ApplyOptions();
        var result = await ApplyAppAsync(options, cancellationToken).ConfigureAwait(false);
        return new ApplyResult { Apps = new[] { result }, DryRun = options.DryRun };
    }

    internal async Task<AppApplyResult> ApplyAppAsync(ApplyOptions options, CancellationToken ct)
    {
        // cancelled or failed half-way: say what was applied and what was not
        var journal = new ApplyJournal();
        try
        {
            return await ApplyAppAsync(options, journal, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (journal.Explain(e, $"{Name} in namespace {Namespace}", options.DryRun, ct) is { } explained)
        {
            throw explained;
        }
    }

    private async Task<AppApplyResult> ApplyAppAsync(ApplyOptions options, ApplyJournal journal, CancellationToken ct)
    {
        var server = await client.GetServerInfoAsync(ct).ConfigureAwait(false);
        var prepared = Prepare(server);
        journal.Planned = prepared.Objects;
        await EnsureKindsServedAsync(ct).ConfigureAwait(false);
        var fieldManager = options.FieldManager ?? client.Options.FieldManager;
        var desired = prepared.StatefulSet;
        if (options.HoldUpdates)
            HoldUpdates(desired); // before the objects are keys of the dictionary below: their hash follows their content

        // The live objects, read once and at the same time (one request each): the immutable-field plan, the conflict
        // check and the action of each object (created, configured, unchanged) all come from them.
        var reads = prepared.Objects.Select(obj => ReadLiveAsync(obj, ct)).ToArray();
        var lives = await Task.WhenAll(reads).ConfigureAwait(false);
        var live = new Dictionary<IKubernetesObject<V1ObjectMeta>, JsonObject?>();
        for (var i = 0; i < prepared.Objects.Count; i++)
            live[prepared.Objects[i]] = lives[i];

        // Immutable fields: checked against the live set before anything is sent.
        var liveSet = live[desired] is { } liveSetJson ? KubeApi.FromJson<V1StatefulSet>(liveSetJson) : null;
        var immutable = liveSet is null ? new List<ImmutableFieldChange>() : ImmutableFields.Compare(liveSet, desired, server.MutableStatefulSetFields);
        if (immutable.Count > 0 && !options.RecreateOnImmutableChange)
            throw Refusal(immutable, server.MutableStatefulSetFields, server.GitVersion);

        // Conflicts with other field managers: asked of the server (a dry run without force) before anything is
        // applied, so a refusal changes nothing.
        var conflicts = new List<FieldConflict>();
        var switchToOnDelete = OnDeleteSwitch(desired, live[desired]);
        foreach (var obj in prepared.Objects)
        {
            var toCheck = ReferenceEquals(obj, desired) && immutable.Count > 0 ? WithLiveImmutableFields(desired, live[obj]!, server.MutableStatefulSetFields) : obj;
            if (ReferenceEquals(obj, desired) && switchToOnDelete)
                toCheck = WithLiveUpdateStrategy((V1StatefulSet)toCheck, live[obj]!);
            conflicts.AddRange(await DryRunConflictsAsync(toCheck, live[obj], fieldManager, ct).ConfigureAwait(false));
        }

        var foreign = conflicts.Where(c => !c.ByBerth).ToList();
        if (foreign.Count > 0 && !options.ForceConflicts)
            throw new ApplyConflictException(SetRef.ToString(), foreign, Array.Empty<ObjectApplyResult>());
        var scale = liveSet is null ? null : await ScaleOfApplyAsync(liveSet, desired, ct).ConfigureAwait(false);

        var results = journal.Applied;
        var takenOver = options.ForceConflicts ? conflicts : new List<FieldConflict>();
        var notes = prepared.Notes.ToList();
        foreach (var obj in prepared.Objects)
        {
            if (obj is V1StatefulSet)
                continue;
            try
            {
                results.Add(await ApplyOneAsync(obj, live[obj], fieldManager, options, results, takenOver, ct).ConfigureAwait(false));
            }
            catch (BerthClientException e) when (obj is V1Namespace && e.StatusCode == 403)
            {
                // Namespace-scoped credentials may not write Namespaces; fine when it is already there.
                notes.Add($"namespace/{obj.Metadata.Name} not applied: {e.ServerMessage}; its objects are applied into it as it is");
                Logger.LogInformation("{Object}: not applied ({Message})", ObjectRef.Of(obj), e.ServerMessage);
            }
        }

        if (immutable.Count > 0)
        {
            results.Add(await RecreateAsync(liveSet!, desired, immutable, fieldManager, options, ct).ConfigureAwait(false));
        }
        else
        {
            try
            {
                if (switchToOnDelete)
                {
                    notes.Add($"{SetRef.Short}: updateStrategy switched to OnDelete first, with a patch that removes the live rollingUpdate (server-side apply keeps a server-defaulted rollingUpdate.partition, which the server refuses with OnDelete)");
                    if (!options.DryRun)
                        await ClearRollingUpdateAsync(desired, ct).ConfigureAwait(false);
                }

                if (switchToOnDelete && options.DryRun)
                {
                    // the dry run cannot see the patch: it sends the live strategy, the result shows the desired one
                    var one = await ApplyOneAsync(WithLiveUpdateStrategy(desired, live[desired]!), live[desired], fieldManager, options, results, takenOver, ct).ConfigureAwait(false);
                    results.Add(one with { Action = ApplyAction.Configured, Stored = one.Stored is null ? null : WithUpdateStrategyOf(one.Stored, desired) });
                }
                else
                {
                    results.Add(await ApplyOneAsync(desired, live[desired], fieldManager, options, results, takenOver, ct).ConfigureAwait(false));
                }
            }
            catch (BerthClientException e) when (liveSet is not null && e.StatusCode == 422 && ServerInfo.ParseMutableFields(e.ServerMessage) is { } mutable)
            {
                // The server knows better than Berth's version table: use its list.
                var changes = ImmutableFields.Compare(liveSet, desired, mutable);
                if (changes.Count == 0)
                    changes.Add(new ImmutableFieldChange("spec", "(live spec)", "(desired spec; the server refused: " + e.ServerMessage + ")"));
                if (!options.RecreateOnImmutableChange)
                    throw Refusal(changes, mutable, server.GitVersion);
                immutable = changes;
                results.Add(await RecreateAsync(liveSet, desired, changes, fieldManager, options, ct).ConfigureAwait(false));
            }
        }

        // the template this apply wrote: a wait succeeds only when it is live
        var applied = options.DryRun || results[^1].Stored is not { } stored ? null : AppliedTemplate.Of(KubeApi.FromJson<V1StatefulSet>(stored));
        RolloutResult? rollout = null;
        journal.Waiting = true;
        if (options.Wait && !options.DryRun)
            rollout = (await RolloutStatusAsync((options.Rollout ?? new RolloutOptions()) with { Applied = applied }, null, ct).ConfigureAwait(false)).EnsureSuccess();

        return new AppApplyResult
        {
            AppName = Name,
            Namespace = Namespace,
            DryRun = options.DryRun,
            Objects = results,
            RecreatedFor = immutable,
            Warnings = prepared.Warnings,
            Notes = notes,
            Rollout = rollout,
            Applied = applied,
            TakenOver = takenOver,
            Scale = scale,
        };
    }

    /// <summary>
    /// Refuses, before anything is sent, an extra (<see cref="StatefulApp.With(string)"/>) whose kind the server does
    /// not serve (a custom resource whose CRD is not installed), naming the object, its kind and apiVersion and the fix.
    /// The kinds are found by discovery, asked once per client.
    /// </summary>
    internal async Task EnsureKindsServedAsync(CancellationToken ct)
    {
        foreach (var obj in Planned.Manifests!.Objects.Where(o => !KubeApi.IsModelled(o)))
        {
            if (await Api.FindResourceAsync(obj.ApiVersion, obj.Kind, ct).ConfigureAwait(false) is null)
            {
                var named = new ObjectStub { ApiVersion = obj.ApiVersion, Kind = obj.Kind, Metadata = new V1ObjectMeta { Name = obj.Metadata.Name, NamespaceProperty = Namespace } };
                throw KubeApi.NotServed(named);
            }
        }
    }

    private ImmutableFieldChangeException Refusal(IReadOnlyList<ImmutableFieldChange> changes, IReadOnlyList<string> mutable, string serverVersion)
    {
        var message = ImmutableFields.Message(SetRef, Name, changes, mutable, serverVersion);
        return new ImmutableFieldChangeException(message, SetRef.ToString(), changes, ImmutableFields.Violation(SetRef, changes, message), mutable);
    }

    /// <summary>
    /// Applies one object without force (unless <see cref="ApplyOptions.ForceConflicts"/>). A conflict found only
    /// now (another manager wrote after the dry run) stops apply, naming what was applied before; a conflict only
    /// with Berth's own non-apply writes (scale, set image...) is taken back with force and reported.
    /// </summary>
    private async Task<ObjectApplyResult> ApplyOneAsync(
        IKubernetesObject<V1ObjectMeta> obj, JsonObject? live, string fieldManager, ApplyOptions options, IReadOnlyList<ObjectApplyResult> appliedBefore, List<FieldConflict> takenOver, CancellationToken ct)
    {
        JsonObject applied;
        try
        {
            applied = await Api.ApplyAsync(obj, fieldManager, options.ForceConflicts, options.DryRun, ct).ConfigureAwait(false);
        }
        catch (BerthClientException e) when (IsApplyConflict(e))
        {
            var found = ConflictsOf(obj, live ?? await Api.ReadJsonAsync(obj, ct).ConfigureAwait(false), e, fieldManager);
            if (found.Any(c => !c.ByBerth))
                throw new ApplyConflictException(ObjectRef.Of(obj).ToString(), found.Where(c => !c.ByBerth).ToList(), appliedBefore.ToList());
            Logger.LogInformation("{Object}: taking back fields last written by {Manager} without apply: {Fields}", ObjectRef.Of(obj), fieldManager, string.Join(", ", found.Select(c => c.Field)));
            applied = await Api.ApplyAsync(obj, fieldManager, force: true, options.DryRun, ct).ConfigureAwait(false);
            takenOver.AddRange(found);
        }

        ApplyAction action;
        if (live is null)
            action = ApplyAction.Created;
        else // compared without status and server noise: controllers keep changing the resourceVersion
            action = ManifestComparer.Compare(JsonTools.Normalize(live), JsonTools.Normalize(applied)).Count > 0 ? ApplyAction.Configured : ApplyAction.Unchanged;
        Logger.LogDebug("{Object}: {Action}{DryRun}", ObjectRef.Of(obj), action, options.DryRun ? " (dry run)" : string.Empty);
        return new ObjectApplyResult
        {
            Kind = obj.Kind,
            ApiVersion = obj.ApiVersion,
            Namespace = obj.Metadata.NamespaceProperty,
            Name = obj.Metadata.Name,
            Action = action,
            Stored = applied,
        };
    }

    /// <summary>The live object, or null when it does not exist (or is a Namespace the credentials may not read).</summary>
    private async Task<JsonObject?> ReadLiveAsync(IKubernetesObject<V1ObjectMeta> obj, CancellationToken ct)
    {
        if (Live is not null && Live.TryGet(obj, out var listed))
            return listed;
        try
        {
            return await Api.ReadJsonAsync(obj, ct).ConfigureAwait(false);
        }
        catch (BerthClientException e) when (obj is V1Namespace && e.StatusCode == 403)
        {
            return null;
        }
    }

    private static bool IsApplyConflict(BerthClientException e) => e.StatusCode == 409 && e.Causes.Any(c => c.Reason == "FieldManagerConflict");

    /// <summary>
    /// The conflicts applying <paramref name="obj"/> would meet: none when it does not exist or when its managed
    /// fields show no other owner of a field it changes; otherwise the server's answer to a dry run without force.
    /// </summary>
    private async Task<IReadOnlyList<FieldConflict>> DryRunConflictsAsync(IKubernetesObject<V1ObjectMeta> obj, JsonObject? live, string fieldManager, CancellationToken ct)
    {
        if (live is null || !ManagedFields.MayConflict(live, KubeApi.ToJson(obj), fieldManager))
            return Array.Empty<FieldConflict>();
        try
        {
            await Api.ApplyAsync(obj, fieldManager, force: false, dryRun: true, ct).ConfigureAwait(false);
            return Array.Empty<FieldConflict>();
        }
        catch (BerthClientException e) when (IsApplyConflict(e))
        {
            return ConflictsOf(obj, live, e, fieldManager);
        }
        catch (BerthClientException e) when (e.StatusCode is 403 or 422)
        {
            // refused for another reason: the apply itself reports it (or, for a Namespace, goes on without it)
            Logger.LogDebug("{Object}: conflict check refused ({Message})", ObjectRef.Of(obj), e.ServerMessage);
            return Array.Empty<FieldConflict>();
        }
    }

    /// <summary>The conflicts of a 409 answer (its Status causes), with the live and the definition's values.</summary>
    private static List<FieldConflict> ConflictsOf(IKubernetesObject<V1ObjectMeta> obj, JsonObject? live, BerthClientException e, string fieldManager)
    {
        var desired = KubeApi.ToJson(obj);
        var list = new List<FieldConflict>();
        foreach (var cause in e.Causes.Where(c => c.Reason == "FieldManagerConflict"))
        {
            var (manager, operation) = ConflictManager(cause.Message ?? string.Empty);
            var path = ManagedFields.ParseServerPath(cause.Field ?? string.Empty, live);
            var current = ManagedFields.ValueAt(live, path);
            var wanted = ManagedFields.ValueAt(desired, path);
            list.Add(new FieldConflict
            {
                Object = ObjectRef.Of(obj).Short,
                Field = ManagedFields.Display(cause.Field ?? string.Empty),
                Current = current is null ? null : ManifestComparer.Text(current),
                Desired = wanted is null ? null : ManifestComparer.Text(wanted),
                Manager = manager,
                Operation = operation,
                ByBerth = manager == fieldManager && operation == "Update",
            });
        }

        return list;
    }

    /// <summary>
    /// The manager of a conflict cause: <c>conflict with "kubectl-edit" using apps/v1</c> (an Update) or
    /// <c>conflict with "other"</c> (an Apply).
    /// </summary>
    internal static (string Manager, string Operation) ConflictManager(string message)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, "conflict with \"((?:[^\"\\\\]|\\\\.)*)\"( using )?");
        if (!match.Success)
            return (message, "Update");
        var manager = System.Text.RegularExpressions.Regex.Unescape(match.Groups[1].Value);
        return (manager, match.Groups[2].Success ? "Update" : "Apply");
    }

    /// <summary>What apply does to the pods and claims when it changes the replica count of the live set (null when it does not).</summary>
    private async Task<ScaleResult?> ScaleOfApplyAsync(V1StatefulSet live, V1StatefulSet desired, CancellationToken ct)
    {
        if (desired.Spec.Replicas is not { } replicas || replicas == (live.Spec.Replicas ?? 1))
            return null;
        var previous = live.Spec.Replicas ?? 1;
        var start = live.Spec.Ordinals?.Start ?? 0;
        var (removed, added) = PodsChangedByScale(start, previous, replicas);
        var claims = removed.Count == 0 ? new List<ClaimInfo>() : (await ClaimsOfAsync(live, ct).ConfigureAwait(false)).Where(c => c.Ordinal >= start + replicas).ToList();
        return new ScaleResult
        {
            Name = Name,
            Namespace = Namespace,
            PreviousReplicas = previous,
            Replicas = replicas,
            RemovedPods = removed,
            AddedPods = added,
            RemainingClaims = claims,
            ClaimsDeletedByRetentionPolicy = live.Spec.PersistentVolumeClaimRetentionPolicy?.WhenScaled == "Delete",
        };
    }

    /// <summary>The pods a change from <paramref name="previous"/> to <paramref name="replicas"/> removes (highest ordinal first) and adds (lowest first).</summary>
    private (List<string> Removed, List<string> Added) PodsChangedByScale(int start, int previous, int replicas) =>
        (Enumerable.Range(start + replicas, Math.Max(0, previous - replicas)).Reverse().Select(o => $"{Name}-{o}").ToList(),
         Enumerable.Range(start + previous, Math.Max(0, replicas - previous)).Select(o => $"{Name}-{o}").ToList());

    /// <summary>
    /// Deletes the live set with orphan cascade (pods and claims stay), waits until it is gone (at most
    /// <see cref="ApplyOptions.Rollout"/>'s timeout, else 2 minutes), creates the new one. When it cannot finish, the
    /// exception says exactly what is left (the old set, its pods, the claims) and how to finish; applying again
    /// finishes it.
    /// </summary>
    private async Task<ObjectApplyResult> RecreateAsync(V1StatefulSet live, V1StatefulSet desired, IReadOnlyList<ImmutableFieldChange> changes, string fieldManager, ApplyOptions options, CancellationToken ct)
    {
        var result = new ObjectApplyResult { Kind = "StatefulSet", ApiVersion = "apps/v1", Namespace = Namespace, Name = Name, Action = ApplyAction.Recreated };
        if (options.DryRun)
            return result;
        var timeout = options.Rollout?.Timeout ?? TimeSpan.FromMinutes(2);
        Logger.LogWarning("{Object}: recreating (orphan cascade, pods and claims kept) because immutable fields changed: {Fields}",
            SetRef, string.Join(", ", changes.Select(c => c.Field)));
        await Api.DeleteStatefulSetAsync(Namespace, Name, "Orphan", live.Metadata.Uid, ct).ConfigureAwait(false);
        if (!await WaitUntilGoneAsync(live.Metadata.Uid, timeout, ct).ConfigureAwait(false))
        {
            throw new BerthClientException(
                $"{SetRef}: recreate not finished: the old StatefulSet was not gone {RolloutResult.Seconds(timeout)} after its deletion (orphan cascade). " +
                await LeftStateAsync(live, ct).ConfigureAwait(false),
                SetRef.ToString());
        }

        JsonObject stored;
        try
        {
            stored = await Api.ApplyAsync(desired, fieldManager, options.ForceConflicts, dryRun: false, ct).ConfigureAwait(false);
        }
        catch (BerthClientException e)
        {
            throw new BerthClientException(
                $"{SetRef}: recreate not finished: the old StatefulSet was deleted, but creating the new one failed: {e.Message}. " + await LeftStateAsync(live, ct).ConfigureAwait(false),
                SetRef.ToString(), e.StatusCode, e.Reason, e.ServerMessage, e);
        }

        return result with { Stored = stored };
    }

    /// <summary>What a recreate that did not finish left: the set, its pods (owned or orphaned), the claims; and how to finish.</summary>
    private async Task<string> LeftStateAsync(V1StatefulSet old, CancellationToken ct)
    {
        try
        {
            var set = await Api.ReadStatefulSetAsync(Namespace, Name, ct).ConfigureAwait(false);
            var pods = PodFacts.PodsOf(old, await Api.ListPodsAsync(Namespace, PodFacts.SelectorString(old.Spec.Selector), ct).ConfigureAwait(false)).Select(p => p.Pod).ToList();
            string Names(IEnumerable<V1Pod> list) => string.Join(", ", list.Select(p => p.Metadata.Name));
            var owned = pods.Where(p => p.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Uid == old.Metadata.Uid) == true).ToList();
            var orphans = pods.Where(p => p.Metadata.OwnerReferences?.Any(o => o.Controller == true) != true).ToList();
            var state = new List<string>();
            if (set is null)
                state.Add("the StatefulSet is gone");
            else if (set.Metadata.Uid == old.Metadata.Uid)
                state.Add($"the old StatefulSet still exists, marked for deletion{(set.Metadata.DeletionTimestamp is { } at ? " at " + at.ToString("HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) : string.Empty)}" +
                          $" (finalizers: {string.Join(", ", set.Metadata.Finalizers ?? new List<string>())}): the garbage collector of kube-controller-manager releases its pods and removes it; is it running?");
            else
                state.Add($"a new StatefulSet exists (uid {set.Metadata.Uid})");
            if (owned.Count > 0)
                state.Add($"pods {Names(owned)} still belong to the old set (not orphaned yet)");
            if (orphans.Count > 0)
                state.Add($"pods {Names(orphans)} run without an owner (orphaned; a new set adopts them)");
            if (pods.Count == 0)
                state.Add("no pods of the set exist");
            state.Add("the claims are untouched");
            var finish = set is null || set.Metadata.Uid == old.Metadata.Uid
                ? "To finish, apply again with the recreate option (CLI --recreate-on-immutable-change, API ApplyOptions.RecreateOnImmutableChange)" + (set is null ? string.Empty : " once the old set is gone") + ": it creates the new StatefulSet, which adopts the pods. Do not delete the pods or claims."
                : "The new set adopts the orphaned pods; nothing else to do.";
            return "State left: " + string.Join("; ", state) + ". " + finish;
        }
        catch (BerthClientException e)
        {
            return $"The state left could not be read ({e.Message}); apply again with the recreate option (CLI --recreate-on-immutable-change, API ApplyOptions.RecreateOnImmutableChange) to finish, and check that the StatefulSet exists. The claims are untouched.";
        }
    }

    /// <summary>Waits (watching) until the StatefulSet with <paramref name="uid"/> no longer exists; false after <paramref name="timeout"/>.</summary>
    private async Task<bool> WaitUntilGoneAsync(string uid, TimeSpan timeout, CancellationToken ct)
    {
        var signal = new AsyncSignal();
        await using var sets = Watches.StatefulSet(Api, Namespace, Name, signal);
        await sets.StartAsync(ct).ConfigureAwait(false);
        var deadline = DateTime.UtcNow + timeout;
        while (sets.Items.Any(s => s.Metadata.Uid == uid))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                return false;
            await signal.WaitAsync(left, ct).ConfigureAwait(false);
        }

        return true;
    }

    // ------------------------------------------------------------------ preparing the objects

    internal sealed record PreparedApp(IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Objects, V1StatefulSet StatefulSet, IReadOnlyList<string> Notes, IReadOnlyList<RuleViolation> Warnings);

    /// <summary>
    /// The objects to send: exactly the rendered manifests (<see cref="PlannedApp.Yaml"/>, what the build writes and
    /// <c>berth render</c> prints, read back), validated by the manifest plan, with only these server adaptations, each
    /// said in a note (shown by apply and diff): the namespace of the client's context on objects whose definition names
    /// none; the PodDisruptionBudget written as the API version the server serves (policy/v1beta1 before 1.21);
    /// <c>protocol: TCP</c> on a port that has none (a <c>Customize</c> removed it; server-side
    /// apply on 1.20 refuses such ports).
    /// </summary>
    /// <remarks>Fields the server's version does not know are refused first (<see cref="CheckServerSupports"/>).</remarks>
    internal PreparedApp Prepare(ServerInfo server)
    {
        var findings = Findings ??= Validate(Planned);
        var notes = new List<string>();
        if (App.Namespace is null)
            notes.Add($"namespace {Namespace} from the client's context: the definition names none");
        if (ApplySetId is not null)
            notes.Add($"labelled {ApplySet.PartOfLabel}={ApplySetId} (the apply set; Namespaces are not members)");
        var objects = new List<IKubernetesObject<V1ObjectMeta>>();
        V1StatefulSet? statefulSet = null;
        foreach (var obj in Planned.ReadObjects())
        {
            if (obj is not V1Namespace)
            {
                obj.Metadata.NamespaceProperty = Namespace;
                if (ApplySetId is not null)
                    (obj.Metadata.Labels ??= new Dictionary<string, string>())[ApplySet.PartOfLabel] = ApplySetId;
            }

            switch (obj)
            {
                case V1Service service:
                    foreach (var port in service.Spec?.Ports ?? new List<V1ServicePort>())
                        DefaultProtocol(notes, $"service/{service.Metadata.Name}", port.Name ?? port.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), () => port.Protocol, p => port.Protocol = p);
                    break;
                case V1StatefulSet set:
                    statefulSet = set;
                    var podSpec = set.Spec.Template.Spec;
                    foreach (var c in (podSpec.Containers ?? new List<V1Container>()).Concat(podSpec.InitContainers ?? new List<V1Container>()))
                    {
                        foreach (var port in c.Ports ?? new List<V1ContainerPort>())
                            DefaultProtocol(notes, $"statefulset/{set.Metadata.Name} container {c.Name}", port.Name ?? port.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture), () => port.Protocol, p => port.Protocol = p);
                    }

                    break;
                case V1PodDisruptionBudget pdb:
                    if (server.DisruptionBudgetApiVersion is null)
                    {
                        notes.Add($"poddisruptionbudget/{pdb.Metadata.Name} skipped: the server ({server.GitVersion}) serves neither policy/v1 nor policy/v1beta1 PodDisruptionBudgets");
                        continue;
                    }

                    if (server.DisruptionBudgetApiVersion != pdb.ApiVersion)
                    {
                        notes.Add($"poddisruptionbudget/{pdb.Metadata.Name} written as {server.DisruptionBudgetApiVersion}: the server ({server.GitVersion}) does not serve {pdb.ApiVersion}");
                        // unhealthyPodEvictionPolicy (1.26+) never reaches a server this old: CheckServerSupports refuses it.
                        pdb.ApiVersion = server.DisruptionBudgetApiVersion;
                    }

                    break;
            }

            objects.Add(obj);
        }

        var warnings = findings.ToList();
        var versioned = CheckServerSupports(server);
        if (versioned.Count > 0) // the server's version says what BERTH046 can only guess
            warnings.RemoveAll(w => w.Rule == RuleCatalog.MaxUnavailableMayBeIgnored);
        warnings.AddRange(versioned);
        return new PreparedApp(objects, statefulSet!, notes, warnings);
    }

    /// <summary>
    /// The app validated alone by the manifest plan (once per client: <see cref="Findings"/> keeps the result): its
    /// warnings and advice; errors are refused with <see cref="BerthValidationException"/>.
    /// </summary>
    private static IReadOnlyList<RuleViolation> Validate(PlannedApp planned)
    {
        var diagnostics = ManifestPlan.Create(new[] { planned }).Diagnostics;
        RefuseErrors(diagnostics);
        return diagnostics.Where(d => d.Violation is not null).Select(d => d.Violation!).ToList();
    }

    /// <summary>Refuses a plan's errors: <see cref="BerthValidationException"/> (rule violations), else <see cref="InvalidOperationException"/> (a definition threw).</summary>
    internal static void RefuseErrors(IEnumerable<PlanDiagnostic> diagnostics)
    {
        var errors = diagnostics.Where(d => d.Severity == RuleSeverity.Error).ToList();
        if (errors.Count == 0)
            return;
        if (errors.All(e => e.Violation is not null))
            throw new BerthValidationException(errors.Select(e => e.Violation!).ToList());
        throw new InvalidOperationException(string.Join("; ", errors.Select(e => e.Message)));
    }

    private static void DefaultProtocol(List<string> notes, string where, string port, Func<string?> get, Action<string> set)
    {
        if (get() is not null)
            return;
        set("TCP");
        notes.Add($"{where} port {port}: protocol TCP added (server-side apply on Kubernetes 1.20 refuses a port without one)");
    }

    /// <summary>
    /// Checks the definition against the server's own version (from discovery), with the version rules and the table of
    /// <see cref="KubernetesVersions"/>: refuses, before anything is sent, fields the server does not know (it would drop them
    /// silently: BERTH100), naming the app, each field and the server's version; returns the fields the server has off by
    /// default (BERTH101: dropped unless its feature gate is on), which apply reports as warnings.
    /// </summary>
    private IReadOnlyList<RuleViolation> CheckServerSupports(ServerInfo server)
    {
        var version = server.Version < KubernetesVersions.Oldest ? KubernetesVersions.Oldest : server.Version;
        if (KubernetesVersions.Fields.All(f => f.In(version) == FieldAvailability.Available))
            return Array.Empty<RuleViolation>(); // every versioned field is on by default there: nothing to find
        // the version rules only, on the objects already built: the other rules' findings are the plan's
        var findings = new ManifestSet(new[] { App }) { KubernetesVersion = KubernetesVersions.Text(version) }.ValidateVersions(new[] { Planned.Manifests! })
            .Where(v => v.Rule == RuleCatalog.FieldNotInTargetVersion || v.Rule == RuleCatalog.FieldOffByDefaultInTargetVersion)
            .ToList();
        var absent = findings.Where(v => v.Rule == RuleCatalog.FieldNotInTargetVersion)
            .Select(v => KubernetesVersions.Fields.First(f => f.Path == v.Field))
            .Distinct()
            .ToList();
        if (absent.Count > 0)
        {
            var fields = string.Join(", ", absent.Select(f => $"{f.Kind} {f.Path} ({f.DslCall}; Kubernetes {KubernetesVersions.Text(f.Since)}+)"));
            var newest = KubernetesVersions.Text(absent.Max(f => f.Since)!);
            throw new BerthClientException(
                $"{SetRef}: app {App.Name} uses fields the server ({server.GitVersion}) does not know and would drop silently: {fields}; nothing was sent. " +
                $"Remove them from the definition, or apply to a cluster of Kubernetes {newest} or later (BERTH100; set BerthKubernetesVersion to {KubernetesVersions.Text(version)} to see this at build time)",
                SetRef.ToString());
        }

        return findings;
    }

    // ------------------------------------------------------------------ diff

    /// <summary>
    /// What <see cref="ApplyAsync"/> would change, per object and field: a server-side dry-run apply compared with
    /// the live object, both without status, managed fields and other server noise. A StatefulSet whose immutable
    /// fields differ is reported as <see cref="DiffAction.Recreate"/> with those fields, plus the other changes.
    /// Each change names the field managers that own the live value (<see cref="FieldChange.Managers"/>), and
    /// <see cref="ObjectDiff.Conflicts"/> lists the fields apply would refuse to take from another manager.
    /// </summary>
    public async Task<DiffResult> DiffAsync(CancellationToken cancellationToken = default)
    {
        var ct = cancellationToken;
        var server = await client.GetServerInfoAsync(ct).ConfigureAwait(false);
        var prepared = Prepare(server);
        await EnsureKindsServedAsync(ct).ConfigureAwait(false);
        var fieldManager = client.Options.FieldManager;
        var namespaceExists = await Api.ReadOrNullAsync(new ObjectRef("Namespace", null, Namespace),
            t => Api.Client.CoreV1.ReadNamespaceAsync(Namespace, cancellationToken: t), ct).ConfigureAwait(false) is not null;

        var diffs = new List<ObjectDiff>();
        foreach (var obj in prepared.Objects)
        {
            var namespaced = obj is not V1Namespace;
            var live = namespaced && !namespaceExists ? null : await Api.ReadJsonAsync(obj, ct).ConfigureAwait(false);
            var immutable = new List<ImmutableFieldChange>();
            var toSend = obj;
            var switchToOnDelete = false;
            var mutableFields = server.MutableStatefulSetFields;
            if (obj is V1StatefulSet desired && live is not null)
            {
                var liveSet = KubeApi.FromJson<V1StatefulSet>(live);
                immutable = ImmutableFields.Compare(liveSet, desired, server.MutableStatefulSetFields);
                if (immutable.Count > 0)
                    toSend = WithLiveImmutableFields(desired, live, server.MutableStatefulSetFields);
                switchToOnDelete = OnDeleteSwitch(desired, live);
                if (switchToOnDelete)
                    toSend = WithLiveUpdateStrategy((V1StatefulSet)toSend, live);
            }

            JsonObject after;
            if (namespaced && !namespaceExists)
            {
                after = JsonTools.Normalize(KubeApi.ToJson(obj));
            }
            else
            {
                JsonObject stored;
                try
                {
                    stored = await Api.ApplyAsync(toSend, fieldManager, force: true, dryRun: true, ct).ConfigureAwait(false);
                }
                catch (BerthClientException e) when (obj is V1StatefulSet set && live is not null && e.StatusCode == 422)
                {
                    // what apply does with the same answer: an immutable change (the server's own list, or the live
                    // selector no longer matching the new template) is shown as the BERTH027 plan, not as an error
                    var liveSet = KubeApi.FromJson<V1StatefulSet>(live);
                    var mutable = mutableFields = ServerInfo.ParseMutableFields(e.ServerMessage) ?? server.MutableStatefulSetFields;
                    if (immutable.Count == 0)
                        immutable = ImmutableFields.Compare(liveSet, set, mutable);
                    if (immutable.Count == 0)
                        throw;
                    stored = await Api.ApplyAsync(WithLiveTemplateLabels(WithLiveImmutableFields(set, live, mutable), live), fieldManager, force: true, dryRun: true, ct).ConfigureAwait(false);
                    stored["spec"]!["template"]!["metadata"]!["labels"] = KubeApi.ToJson(set)["spec"]!["template"]!["metadata"]!["labels"]?.DeepClone();
                }

                // the recreated set has the new selector: the unified diff shows it
                if (immutable.Any(c => c.Field == "spec.selector"))
                    stored = WithDesiredOf(stored, (V1StatefulSet)obj, "selector");

                if (switchToOnDelete)
                    stored = WithUpdateStrategyOf(stored, (V1StatefulSet)obj);
                after = JsonTools.Normalize(stored);
            }
            var before = live is null ? null : JsonTools.Normalize(live);
            if (SecretMask.IsSecret(obj.ApiVersion, obj.Kind))
                (before, after) = SecretMask.Mask(before, after);
            var changes = live is null ? ManifestComparer.Compare(null, after) : ManifestComparer.Compare(before, after).Select(c => WithOwners(c, live, fieldManager)).ToList();
            var conflicts = await DryRunConflictsAsync(toSend, live, fieldManager, ct).ConfigureAwait(false);
            var label = $"{obj.Kind.ToLowerInvariant()}/{obj.Metadata.Name}";
            diffs.Add(new ObjectDiff
            {
                Kind = obj.Kind,
                Namespace = namespaced ? Namespace : null,
                Name = obj.Metadata.Name,
                Action = live is null ? DiffAction.Create : immutable.Count > 0 ? DiffAction.Recreate : changes.Count > 0 ? DiffAction.Update : DiffAction.None,
                Changes = changes,
                ImmutableChanges = immutable,
                ImmutablePlan = immutable.Count == 0 ? null : ImmutableFields.Message(SetRef, Name, immutable, mutableFields, server.GitVersion),
                Conflicts = conflicts,
                UnifiedDiff = JsonTools.UnifiedDiff(JsonTools.ToYaml(before), JsonTools.ToYaml(after), "live/" + label, "berth/" + label),
            });
        }

        return new DiffResult { Objects = diffs, Adaptations = prepared.Notes };
    }

    /// <summary>The change with the field managers that own the live field (Berth's own non-apply writes named as such).</summary>
    private static FieldChange WithOwners(FieldChange change, JsonObject live, string fieldManager)
    {
        var owners = ManagedFields.OwnersOf(live, ManagedFields.ParseBerthPath(change.Path, live))
            .Select(e => e.Manager == fieldManager && !e.IsApply ? $"{e.Manager} (scale, set image, restart or undo)" : e.Manager)
            .Distinct()
            .ToList();
        return owners.Count == 0 ? change : change with { Managers = owners };
    }

    /// <summary>
    /// True when the desired set uses OnDelete and the live set has a <c>rollingUpdate</c> (the server defaults
    /// <c>partition: 0</c> there): server-side apply on 1.20 keeps that block, even when sent as null, and the server
    /// refuses it with OnDelete (422, "only allowed for updateStrategy 'RollingUpdate'").
    /// </summary>
    private static bool OnDeleteSwitch(V1StatefulSet desired, JsonObject? live) =>
        desired.Spec.UpdateStrategy?.Type == "OnDelete" && live?["spec"]?["updateStrategy"]?["rollingUpdate"] is JsonObject;

    /// <summary>Replaces the live updateStrategy with the desired OnDelete one in one JSON patch (the rollingUpdate block goes with it).</summary>
    private async Task ClearRollingUpdateAsync(V1StatefulSet desired, CancellationToken ct)
    {
        var patch = new JsonArray(new JsonObject
        {
            ["op"] = "replace",
            ["path"] = "/spec/updateStrategy",
            ["value"] = KubeApi.ToJson(desired.Spec.UpdateStrategy),
        });
        Logger.LogInformation("{Object}: switching updateStrategy to OnDelete (removing the live rollingUpdate)", SetRef);
        await Api.PatchStatefulSetAsync(Namespace, Name, patch.ToJsonString(), V1Patch.PatchType.JsonPatch, "switch to OnDelete of", ct).ConfigureAwait(false);
    }

    /// <summary>The desired set with the live updateStrategy, for a dry run that cannot see <see cref="ClearRollingUpdateAsync"/>.</summary>
    private static V1StatefulSet WithLiveUpdateStrategy(V1StatefulSet desired, JsonObject live)
    {
        var json = KubeApi.ToJson(desired);
        json["spec"]!["updateStrategy"] = live["spec"]?["updateStrategy"]?.DeepClone();
        return KubeApi.FromJson<V1StatefulSet>(json);
    }

    /// <summary>A dry run's result with the desired updateStrategy: what the object is after <see cref="ClearRollingUpdateAsync"/> and the apply.</summary>
    private static JsonObject WithUpdateStrategyOf(JsonObject stored, V1StatefulSet desired) => WithDesiredOf(stored, desired, "updateStrategy");

    /// <summary>A copy of a dry run's result with the given spec fields as the definition has them.</summary>
    private static JsonObject WithDesiredOf(JsonObject stored, V1StatefulSet desired, params string[] fields)
    {
        var copy = stored.DeepClone().AsObject();
        var spec = KubeApi.ToJson(desired)["spec"]!.AsObject();
        foreach (var field in fields)
            copy["spec"]![field] = spec[field]?.DeepClone();
        return copy;
    }

    /// <summary>The set with the live pod template labels, so that the live selector (kept for a dry run) still matches.</summary>
    private static V1StatefulSet WithLiveTemplateLabels(V1StatefulSet set, JsonObject live)
    {
        var json = KubeApi.ToJson(set);
        json["spec"]!["template"]!["metadata"] ??= new JsonObject();
        json["spec"]!["template"]!["metadata"]!["labels"] = live["spec"]?["template"]?["metadata"]?["labels"]?.DeepClone();
        return KubeApi.FromJson<V1StatefulSet>(json);
    }

    /// <summary>The desired set with the fields the server cannot change taken from the live set, for a dry run that the server accepts.</summary>
    private static V1StatefulSet WithLiveImmutableFields(V1StatefulSet desired, JsonObject live, IReadOnlyCollection<string> mutable)
    {
        var json = KubeApi.ToJson(desired);
        var spec = json["spec"]!.AsObject();
        var liveSpec = live["spec"] as JsonObject ?? new JsonObject();
        foreach (var field in new[] { "selector", "serviceName", "podManagementPolicy", "volumeClaimTemplates", "revisionHistoryLimit", "minReadySeconds", "ordinals", "persistentVolumeClaimRetentionPolicy" })
        {
            if (mutable.Contains(field))
                continue;
            if (liveSpec[field] is { } value)
            {
                var copy = value.DeepClone();
                if (copy is JsonArray claims)
                {
                    foreach (var claim in claims.OfType<JsonObject>())
                        claim.Remove("status");
                }

                spec[field] = copy;
            }
            else
            {
                spec.Remove(field);
            }
        }

        return KubeApi.FromJson<V1StatefulSet>(json);
    }
}
