using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Berth.Client.Tests.Support;
using Berth.Testing.Cluster;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit;

namespace Berth.Client.Tests;

/// <summary>
/// Waits and recreates when the cluster misbehaves: the API server killed and restarted mid-wait, the StatefulSet
/// replaced under a wait, the garbage collector (kube-controller-manager) down during a recreate. These tests stop
/// components of the real test cluster (eng/cluster/component.sh) and always start them again.
/// </summary>
[Collection(TestCluster.Collection)]
public sealed class OutageTests
{
    private readonly TestCluster cluster;

    public OutageTests(TestCluster cluster) => this.cluster = cluster;

    [Fact]
    public async Task A_wait_says_when_the_API_server_is_lost_and_back_re_lists_and_ends_on_the_real_state()
    {
        await using var ns = await cluster.CreateNamespaceAsync("outage-wait");
        using var client = Harness.Client(cluster);
        await client.For(TestApps.Web(ns, replicas: 2)).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
        var pending = cluster.Simulator.KeepPending(NodeSimulator.WithImage(ns, TestApps.Image2));
        var app = client.For(TestApps.Web(ns, replicas: 2, image: TestApps.Image2));
        var applied = (await app.ApplyAsync()).Apps.Single().Applied;

        var progress = new Harness.ProgressLog();
        var wait = app.RolloutStatusAsync(new RolloutOptions { Timeout = TimeSpan.FromMinutes(3), ProgressDeadline = TimeSpan.FromSeconds(20), Applied = applied }, progress);
        await WaitForAsync(() => progress.Items.Any(p => p.Message.Contains("waiting for web-1", StringComparison.Ordinal)), "the wait to see web-1 Pending");
        try
        {
            await ClusterComponents.StopAsync(ClusterComponents.ApiServer);
            await WaitForAsync(() => progress.Items.Any(p => p.Notice?.Contains("does not answer", StringComparison.Ordinal) == true), "the notice of the lost API server");
            // longer than the progress deadline: an outage is no reason to give up on the rollout
            await Task.Delay(TimeSpan.FromSeconds(25));
            Assert.False(wait.IsCompleted, wait.IsCompleted ? (await wait).ToString() : string.Empty);
        }
        finally
        {
            await ClusterComponents.StartAllAsync();
        }

        await WaitForAsync(() => progress.Items.Any(p => p.Notice?.Contains("answers again", StringComparison.Ordinal) == true), "the notice of the API server back");
        pending.Dispose(); // web-1 becomes Ready: the rollout can finish, and the wait must see it after the outage
        var result = await wait;

        Assert.Equal(RolloutOutcome.Complete, result.Outcome);
        Assert.Equal(2, result.Notices.Count);
        Assert.Contains("does not answer", result.Notices[0], StringComparison.Ordinal);
        Assert.Contains("answers again after", result.Notices[1], StringComparison.Ordinal);
        var live = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns);
        Assert.Equal(live.Status.UpdateRevision, result.Revision);
        Assert.All(await Harness.PodsAsync(cluster.Client, ns), p => Assert.Equal(TestApps.Image2, p.Spec.Containers.Single().Image));
    }

    [Fact]
    public async Task A_set_deleted_and_created_again_under_a_wait_ends_it_as_replaced_instead_of_waiting_out_the_timeout()
    {
        await using var ns = await cluster.CreateNamespaceAsync("outage-replaced");
        using var pending = cluster.Simulator.KeepPending(NodeSimulator.WithImage(ns, TestApps.Image2));
        using var client = Harness.Client(cluster);
        await client.For(TestApps.Web(ns, replicas: 2)).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
        var app = client.For(TestApps.Web(ns, replicas: 2, image: TestApps.Image2));
        var applied = (await app.ApplyAsync()).Apps.Single().Applied!;

        var watch = Stopwatch.StartNew();
        var wait = app.RolloutStatusAsync(Harness.Fast with { Applied = applied });
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(wait.IsCompleted);
        (await Kubectl.RunAsync(cluster.KubeconfigPath, new[] { "-n", ns, "delete", "statefulset", "web", "--cascade=orphan", "--wait=true" })).EnsureSuccess();
        await app.ApplyAsync();
        var result = await wait;

        Assert.Equal(RolloutOutcome.Replaced, result.Outcome);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
        Assert.Contains("was deleted", result.Message, StringComparison.Ordinal);
        Assert.Contains(applied.SetUid, result.Message, StringComparison.Ordinal);
        Assert.Null(result.BlockingPod);
    }

    [Fact]
    public async Task Recreate_with_the_garbage_collector_down_fails_within_its_timeout_naming_the_state_and_applying_again_finishes()
    {
        await using var ns = await cluster.CreateNamespaceAsync("outage-recreate");
        using var client = Harness.Client(cluster);
        await client.For(TestApps.Web(ns, replicas: 2)).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
        var before = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns);
        var claimsBefore = (await Harness.ClaimsAsync(cluster.Client, ns)).ToDictionary(c => c.Metadata.Name, c => c.Metadata.Uid);
        var changed = client.For(TestApps.Web(ns, replicas: 2).PodManagement(PodManagement.Parallel));

        BerthClientException failure;
        await ClusterComponents.StopAsync(ClusterComponents.ControllerManager);
        try
        {
            var watch = Stopwatch.StartNew();
            failure = await Assert.ThrowsAsync<BerthClientException>(() =>
                changed.ApplyAsync(new ApplyOptions { RecreateOnImmutableChange = true, Rollout = new RolloutOptions { Timeout = TimeSpan.FromSeconds(8) } }));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(25), $"took {watch.Elapsed}");

            // what the message says is what is there: the set marked for deletion, its pods still its own, the claims
            var left = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns);
            Assert.Equal(before.Metadata.Uid, left.Metadata.Uid);
            Assert.NotNull(left.Metadata.DeletionTimestamp);
            Assert.All(await Harness.PodsAsync(cluster.Client, ns), p => Assert.Equal(before.Metadata.Uid, p.Metadata.OwnerReferences.Single(o => o.Controller == true).Uid));
        }
        finally
        {
            await ClusterComponents.StartAsync(ClusterComponents.ControllerManager);
        }

        Assert.Contains("recreate not finished", failure.Message, StringComparison.Ordinal);
        Assert.Contains("not gone 8s after its deletion", failure.Message, StringComparison.Ordinal);
        Assert.Contains("the old StatefulSet still exists, marked for deletion", failure.Message, StringComparison.Ordinal);
        Assert.Contains("finalizers: orphan", failure.Message, StringComparison.Ordinal);
        Assert.Contains("pods web-0, web-1 still belong to the old set (not orphaned yet)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("the claims are untouched", failure.Message, StringComparison.Ordinal);
        Assert.Contains("apply again with the recreate option (CLI --recreate-on-immutable-change, API ApplyOptions.RecreateOnImmutableChange)", failure.Message, StringComparison.Ordinal);

        // with the garbage collector back, the same apply finishes the job: the new set adopts the pods
        var result = (await changed.ApplyAsync(new ApplyOptions { RecreateOnImmutableChange = true, Wait = true, Rollout = Harness.Fast })).Apps.Single();
        Assert.Equal(RolloutOutcome.Complete, result.Rollout!.Outcome);
        var after = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns);
        Assert.NotEqual(before.Metadata.Uid, after.Metadata.Uid);
        Assert.Equal("Parallel", after.Spec.PodManagementPolicy);
        Assert.All(await Harness.PodsAsync(cluster.Client, ns), p => Assert.Equal(after.Metadata.Uid, p.Metadata.OwnerReferences.Single(o => o.Controller == true).Uid));
        Assert.Equal(claimsBefore, (await Harness.ClaimsAsync(cluster.Client, ns)).ToDictionary(c => c.Metadata.Name, c => c.Metadata.Uid));
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"timed out after 60s waiting for {what}");
            await Task.Delay(100);
        }
    }
}
