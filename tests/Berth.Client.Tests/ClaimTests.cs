using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Berth.Client.Tests.Support;
using Berth.Testing.Cluster;
using k8s;
using k8s.Models;
using Xunit;

namespace Berth.Client.Tests;

/// <summary>Which claims scale, delete and prune delete: exactly those asked for, against the real cluster.</summary>
[Collection(TestCluster.Collection)]
public sealed class ClaimTests
{
    private readonly TestCluster cluster;

    public ClaimTests(TestCluster cluster) => this.cluster = cluster;

    [Fact]
    public async Task Scale_down_with_DeleteClaimsOfRemovedPods_deletes_only_the_claims_of_the_pods_it_removes_not_the_leftovers()
    {
        await using var ns = await cluster.CreateNamespaceAsync("claims-scale");
        using var client = Harness.Client(cluster);
        var app = client.For(TestApps.Web(ns, replicas: 6, name: "myapp"));
        await app.ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
        var earlier = await app.ScaleAsync(3, new ScaleOptions { Rollout = Harness.Fast });
        Assert.Equal(new[] { "data-myapp-3", "data-myapp-4", "data-myapp-5" }, earlier.RemainingClaims.Select(c => c.Name));
        Assert.Equal(Names(0, 1, 2, 3, 4, 5), await LiveClaimsAsync(ns));

        // Declined: nothing changes, not even the replica count.
        ClaimDeletionPlan? asked = null;
        var declined = await Assert.ThrowsAsync<BerthClientException>(() => app.ScaleAsync(2, new ScaleOptions
        {
            Rollout = Harness.Fast,
            DeleteClaimsOfRemovedPods = true,
            ConfirmClaimDeletion = (plan, _) => { asked = plan; return Task.FromResult(false); },
        }));
        Assert.Contains("not confirmed; nothing was changed", declined.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "data-myapp-2" }, asked!.Claims.Select(c => c.Name));
        Assert.Equal("1Gi", asked.Claims[0].Capacity);
        Assert.NotNull(asked.Claims[0].Created);
        Assert.Equal(new[] { "data-myapp-3", "data-myapp-4", "data-myapp-5" }, asked.Kept.Where(k => k.Reason.Contains("left over", StringComparison.Ordinal)).Select(k => k.Claim.Name));
        Assert.Equal(3, (await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("myapp", ns)).Spec.Replicas);
        Assert.Equal(Names(0, 1, 2, 3, 4, 5), await LiveClaimsAsync(ns));

        var down = await app.ScaleAsync(2, new ScaleOptions
        {
            Rollout = Harness.Fast,
            DeleteClaimsOfRemovedPods = true,
            ConfirmClaimDeletion = (plan, _) => Task.FromResult(plan.Claims.Select(c => c.Name).SequenceEqual(new[] { "data-myapp-2" })),
        });
        Assert.Equal(new[] { "myapp-2" }, down.RemovedPods);
        Assert.Equal(new[] { "data-myapp-2" }, down.DeletedClaims);
        Assert.Empty(down.RemainingClaims);
        Assert.Empty(down.ClaimsNotDeleted);
        Assert.Equal(new[] { "data-myapp-3", "data-myapp-4", "data-myapp-5" }, down.LeftoverClaims.Select(c => c.Name));
        Assert.Equal(Names(0, 1, 3, 4, 5), await LiveClaimsAsync(ns));

        // A scale-up gives myapp-3 its leftover claim back (myapp-2 gets a new one); the ones above stay leftovers.
        var up = await app.ScaleAsync(4, new ScaleOptions { Rollout = Harness.Fast, DeleteClaimsOfRemovedPods = true });
        Assert.Empty(up.DeletedClaims);
        Assert.Empty(up.RemainingClaims);
        Assert.Equal(new[] { "data-myapp-4", "data-myapp-5" }, up.LeftoverClaims.Select(c => c.Name));
        var list = await app.ListClaimsAsync();
        Assert.Equal(new[] { "data-myapp-0", "data-myapp-1", "data-myapp-2", "data-myapp-3" }, list.InUse.Select(c => c.Name));
        Assert.Equal(new[] { "data-myapp-4", "data-myapp-5" }, list.Leftover.Select(c => c.Name));
        Assert.Equal(new[] { "myapp-3" }, list.Claims.Single(c => c.Name == "data-myapp-3").MountedBy);
    }

    [Fact]
    public async Task Delete_with_DeleteClaims_deletes_exactly_the_claims_of_its_pods_not_those_of_a_similarly_named_set_nor_leftovers()
    {
        await using var ns = await cluster.CreateNamespaceAsync("claims-delete");
        using var client = Harness.Client(cluster);
        // "web" and "web-2": claim data-web-2 (ordinal 2 of web) and data-web-2-0 (ordinal 0 of web-2) share a prefix.
        var web = client.For(TestApps.Web(ns, replicas: 3, name: "web"));
        var web2 = client.For(TestApps.Web(ns, replicas: 2, name: "web-2"));
        await web.ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
        await web2.ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
        await web.ScaleAsync(2, new ScaleOptions { Rollout = Harness.Fast }); // data-web-2 is left over
        // A claim named like one of web's but not made for it (no selector labels): never web's.
        await CreateClaimAsync(ns, "data-web-7");

        var list = await web.ListClaimsAsync();
        Assert.Equal(new[] { "data-web-0", "data-web-1", "data-web-2" }, list.Claims.Select(c => c.Name));
        Assert.Equal(new[] { "data-web-2" }, list.Leftover.Select(c => c.Name));

        ClaimDeletionPlan? asked = null;
        var result = await web.DeleteAsync(new DeleteOptions
        {
            DeleteClaims = true,
            ConfirmClaimDeletion = (plan, _) => { asked = plan; return Task.FromResult(true); },
        });
        Assert.Equal(new[] { "data-web-0", "data-web-1" }, asked!.Claims.Select(c => c.Name));
        Assert.Equal(new[] { "data-web-2" }, asked.Kept.Select(k => k.Claim.Name));
        Assert.True(result.StatefulSetDeleted);
        Assert.Equal(new[] { "data-web-0", "data-web-1" }, result.DeletedClaims.OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(new[] { "data-web-2" }, result.RemainingClaims.Select(c => c.Name));
        Assert.Equal(new[] { "data-web-2" }, result.LeftoverClaims.Select(c => c.Name));
        Assert.Equal(new[] { "data-web-2", "data-web-2-0", "data-web-2-1", "data-web-7" }, await LiveClaimsAsync(ns));

        // The set is gone: a second delete deletes nothing, claims included.
        var again = await web.DeleteAsync(new DeleteOptions { DeleteClaims = true, ConfirmClaimDeletion = (_, _) => throw new InvalidOperationException("nothing to confirm") });
        Assert.False(again.StatefulSetDeleted);
        Assert.Empty(again.DeletedClaims);
        Assert.Equal(new[] { "data-web-2", "data-web-2-0", "data-web-2-1", "data-web-7" }, await LiveClaimsAsync(ns));
    }

    [Fact]
    public async Task Prune_deletes_only_leftover_claims_named_or_all_and_refuses_claims_in_use()
    {
        await using var ns = await cluster.CreateNamespaceAsync("claims-prune");
        using var client = Harness.Client(cluster);
        var app = client.For(TestApps.Web(ns, replicas: 5, name: "db"));
        var other = client.For(TestApps.Web(ns, replicas: 1, name: "db-1"));
        await app.ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
        await other.ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
        await app.ScaleAsync(2, new ScaleOptions { Rollout = Harness.Fast }); // leftovers data-db-2, -3, -4
        // A pod that is not the set's mounts a leftover claim.
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "backup" },
            Spec = new V1PodSpec
            {
                Containers = new List<V1Container> { new() { Name = "backup", Image = "registry.local/backup:1", VolumeMounts = new List<V1VolumeMount> { new() { Name = "d", MountPath = "/d" } } } },
                Volumes = new List<V1Volume> { new() { Name = "d", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = "data-db-4" } } },
            },
        }, ns);
        var before = await LiveClaimsAsync(ns);
        Assert.Equal(new[] { "data-db-0", "data-db-1", "data-db-1-0", "data-db-2", "data-db-3", "data-db-4" }, before);

        // Named claims: each must be a leftover of this app that no pod mounts, else nothing is deleted.
        foreach (var (names, expected) in new[]
                 {
                     (new[] { "data-db-2", "data-db-1" }, "data-db-1 belongs to pod db-1, which the set keeps (2 replicas)"),
                     (new[] { "data-db-2", "data-db-1-0" }, "\"data-db-1-0\" is not a claim of"),
                     (new[] { "data-db-4" }, "data-db-4 is in use: mounted by pod backup"),
                 })
        {
            var refused = await Assert.ThrowsAsync<BerthClientException>(() => app.PruneClaimsAsync(names, (_, _) => throw new InvalidOperationException("must not ask")));
            Assert.Contains("nothing deleted", refused.Message, StringComparison.Ordinal);
            Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
            Assert.Equal(before, await LiveClaimsAsync(ns));
        }

        var one = await app.PruneClaimsAsync(new[] { "data-db-3" });
        Assert.Equal(new[] { "data-db-3" }, one.Deleted.Select(c => c.Name));
        Assert.Contains(one.Kept, k => k.Claim.Name == "data-db-2" && k.Reason == "left over, not named");
        Assert.Equal(new[] { "data-db-0", "data-db-1", "data-db-1-0", "data-db-2", "data-db-4" }, await LiveClaimsAsync(ns));

        // All leftovers: the mounted one stays, and says why.
        ClaimDeletionPlan? asked = null;
        var all = await app.PruneClaimsAsync(null, (plan, _) => { asked = plan; return Task.FromResult(true); });
        Assert.Equal(new[] { "data-db-2" }, asked!.Claims.Select(c => c.Name));
        Assert.Equal(new[] { "data-db-2" }, all.Deleted.Select(c => c.Name));
        Assert.Contains(all.Kept, k => k.Claim.Name == "data-db-4" && k.Reason == "left over, but mounted by pod backup");
        Assert.Contains(all.Kept, k => k.Claim.Name == "data-db-0" && k.Reason == "belongs to pod db-0");
        Assert.Equal(new[] { "data-db-0", "data-db-1", "data-db-1-0", "data-db-4" }, await LiveClaimsAsync(ns));

        // Nothing left to prune: not asked.
        await cluster.Client.CoreV1.DeleteNamespacedPodAsync("backup", ns, new V1DeleteOptions { GracePeriodSeconds = 0 });
        await WaitForAsync(async () => (await cluster.Client.CoreV1.ListNamespacedPodAsync(ns)).Items.All(p => p.Metadata.Name != "backup"));
        var last = await app.PruneClaimsAsync();
        Assert.Equal(new[] { "data-db-4" }, last.Deleted.Select(c => c.Name));
        var none = await app.PruneClaimsAsync(null, (_, _) => throw new InvalidOperationException("must not ask"));
        Assert.Empty(none.Deleted);
        Assert.Equal(new[] { "data-db-0", "data-db-1", "data-db-1-0" }, await LiveClaimsAsync(ns));
    }

    private static string[] Names(params int[] ordinals) => ordinals.Select(o => $"data-myapp-{o}").ToArray();

    /// <summary>The claims of the namespace that are not being deleted, sorted.</summary>
    private async Task<string[]> LiveClaimsAsync(string ns) =>
        (await Harness.ClaimsAsync(cluster.Client, ns)).Where(c => c.Metadata.DeletionTimestamp is null).Select(c => c.Metadata.Name).ToArray();

    private Task CreateClaimAsync(string ns, string name) =>
        cluster.Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1PersistentVolumeClaimSpec
            {
                AccessModes = new List<string> { "ReadWriteOnce" },
                Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new ResourceQuantity("1Gi") } },
            },
        }, ns);

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("condition not met in 30 s");
            await Task.Delay(200);
        }
    }
}
