using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Berth.Client.Tests.Support;
using Berth.Testing.Cluster;
using k8s;
using Xunit;

namespace Berth.Client.Tests;

/// <summary>
/// Data safety on the real cluster: the PersistentVolumeClaims of an app, compared by uid (a claim deleted and created again
/// under the same name would have a new uid), survive every operation that was not explicitly asked to delete that app's
/// claims; and a refused immutable change leaves the live objects exactly as they were (same resourceVersion).
/// </summary>
[Collection(TestCluster.Collection)]
public sealed class DataSafetyTests
{
    private readonly TestCluster cluster;

    public DataSafetyTests(TestCluster cluster) => this.cluster = cluster;

    [Fact]
    public async Task Scale_down_undo_a_refused_and_a_recreated_immutable_change_prune_and_delete_keep_every_claim_by_uid()
    {
        await using var ns = await cluster.CreateNamespaceAsync("data-safety");
        using var client = Harness.Client(cluster);
        var scoped = new BerthClient(cluster.Client, ns);
        var web = TestApps.Web(ns, replicas: 3);
        var cache = TestApps.Web(ns, replicas: 1, name: "cache");
        ApplyOptions InSet(bool prune = false, bool recreate = false) => new()
        {
            ApplySet = new ApplySetOptions { Name = "berth-data-safety", Prune = prune },
            RecreateOnImmutableChange = recreate,
            Wait = true,
            Rollout = Harness.Fast,
        };

        await scoped.ApplyAllAsync(new[] { web, cache }, InSet());
        var claims = await ClaimUidsAsync(ns);
        Assert.Equal(new[] { "data-cache-0", "data-web-0", "data-web-1", "data-web-2" }, claims.Keys);

        // scale-down without DeleteClaimsOfRemovedPods: the pods go, their claims stay
        var down = await client.For(web).ScaleAsync(1, new ScaleOptions { Rollout = Harness.Fast });
        Assert.Empty(down.DeletedClaims);
        Assert.Equal(new[] { "data-web-1", "data-web-2" }, down.RemainingClaims.Select(c => c.Name));
        Assert.Equal(claims, await ClaimUidsAsync(ns));

        // set image, then undo
        await client.For(web).SetImageAsync("web", TestApps.Image2, new ChangeOptions { Wait = true, Rollout = Harness.Fast });
        var undo = await client.For(web).UndoAsync(options: new ChangeOptions { Wait = true, Rollout = Harness.Fast });
        Assert.False(undo.Skipped);
        Assert.Equal(claims, await ClaimUidsAsync(ns));

        // an immutable change (podManagementPolicy) of web without the opt-in: refused, and web's live objects are untouched
        // (cache, applied in the same call, is applied)
        var changed = TestApps.Web(ns, replicas: 1).PodManagement(PodManagement.Parallel);
        var before = await ResourceVersionsAsync(ns, "web");
        var refused = await Assert.ThrowsAsync<ApplyFailedException>(() => scoped.ApplyAllAsync(new[] { changed, cache }, InSet()));
        Assert.IsType<ImmutableFieldChangeException>(refused.Result.Apps.Single(a => a.AppName == "web").Error);
        Assert.Equal(before, await ResourceVersionsAsync(ns, "web"));
        Assert.Equal(claims, await ClaimUidsAsync(ns));

        // with the opt-in: recreated with an orphan cascade, the claims are adopted as they are
        var recreated = await scoped.ApplyAllAsync(new[] { changed, cache }, InSet(recreate: true));
        Assert.Equal(ApplyAction.Recreated, recreated.Apps.Single(a => a.AppName == "web").StatefulSet!.Action);
        Assert.NotEqual(before["statefulset/web"].Uid, (await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns)).Metadata.Uid);
        Assert.Equal(claims, await ClaimUidsAsync(ns));

        // cache no longer defined and pruned: its set, Service and budget go, its claim stays
        var pruned = await scoped.ApplyAllAsync(new[] { changed }, InSet(prune: true));
        Assert.Contains(pruned.NoLongerDefined, o => o.Kind == "StatefulSet" && o.Name == "cache" && o.Deleted);
        Assert.DoesNotContain((await cluster.Client.AppsV1.ListNamespacedStatefulSetAsync(ns)).Items, s => s.Metadata.Name == "cache");
        Assert.Equal(claims, await ClaimUidsAsync(ns));

        // delete without DeleteClaims
        var deleted = await client.For(changed).DeleteAsync(new DeleteOptions { Timeout = TimeSpan.FromSeconds(90) });
        Assert.True(deleted.StatefulSetDeleted);
        Assert.Empty(deleted.DeletedClaims);
        Assert.Empty((await cluster.Client.AppsV1.ListNamespacedStatefulSetAsync(ns)).Items);
        Assert.Empty(await Harness.PodsAsync(cluster.Client, ns));
        Assert.Equal(claims, await ClaimUidsAsync(ns));

        // only an explicit claim deletion for one app deletes claims, and only that app's
        await client.For(web).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
        var asked = await client.For(web).DeleteAsync(new DeleteOptions { DeleteClaims = true, Timeout = TimeSpan.FromSeconds(90) });
        Assert.Equal(new[] { "data-web-0", "data-web-1", "data-web-2" }, asked.DeletedClaims.Order(StringComparer.Ordinal));
        Assert.Equal(new Dictionary<string, string> { ["data-cache-0"] = claims["data-cache-0"] }, await ClaimUidsAsync(ns));
    }

    // The claims not being deleted, by name (ordinal order) with their uids.
    private async Task<SortedDictionary<string, string>> ClaimUidsAsync(string ns) =>
        new((await Harness.ClaimsAsync(cluster.Client, ns)).Where(c => c.Metadata.DeletionTimestamp is null)
            .ToDictionary(c => c.Metadata.Name, c => c.Metadata.Uid), StringComparer.Ordinal);

    // The StatefulSet, Service and budget of an app, with their uids and resourceVersions.
    private async Task<Dictionary<string, (string Uid, string Version)>> ResourceVersionsAsync(string ns, string app)
    {
        var all = new Dictionary<string, (string, string)>();
        foreach (var s in (await cluster.Client.AppsV1.ListNamespacedStatefulSetAsync(ns)).Items) all["statefulset/" + s.Metadata.Name] = (s.Metadata.Uid, s.Metadata.ResourceVersion);
        foreach (var s in (await cluster.Client.CoreV1.ListNamespacedServiceAsync(ns)).Items) all["service/" + s.Metadata.Name] = (s.Metadata.Uid, s.Metadata.ResourceVersion);
        // 1.20 serves budgets as policy/v1beta1 only, which the client library no longer types: kubectl reads them
        var budgets = (await cluster.KubectlAsync("get", "pdb", "-n", ns, "-o", "jsonpath={range .items[*]}{.metadata.name} {.metadata.uid} {.metadata.resourceVersion}{\"\\n\"}{end}")).EnsureSuccess().StdOut;
        foreach (var line in budgets.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split(' ');
            all["pdb/" + f[0]] = (f[1], f[2]);
        }
        Assert.Contains("pdb/" + app, all.Keys);
        return all.Where(o => o.Key.EndsWith("/" + app, StringComparison.Ordinal)).ToDictionary(o => o.Key, o => o.Value);
    }
}
