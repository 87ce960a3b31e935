using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Berth.Client.Tests.Support;
using Berth.Testing.Cluster;
using k8s;
using Xunit;

namespace Berth.Client.Tests;

/// <summary>Rollout waits against the real StatefulSet controller: rolling updates, partitions, OnDelete, stuck rollouts.</summary>
[Collection(TestCluster.Collection)]
public sealed class RolloutTests
{
    private readonly TestCluster cluster;

    public RolloutTests(TestCluster cluster) => this.cluster = cluster;

    [Fact]
    public async Task Rolling_update_ends_with_every_pod_on_the_new_revision_replaced_from_the_highest_ordinal_down()
    {
        await using var ns = await cluster.CreateNamespaceAsync("roll-update");
        using var client = Harness.Client(cluster);
        await client.For(TestApps.Web(ns, replicas: 3)).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
        await using var pods = await PodWatch.StartAsync(cluster.Client, ns);
        var progress = new Harness.ProgressLog();
        var app = client.For(TestApps.Web(ns, replicas: 3, image: TestApps.Image2));

        await app.ApplyAsync();
        var result = await app.RolloutStatusAsync(Harness.Fast, progress);

        Assert.Equal(RolloutOutcome.Complete, result.Outcome);
        Assert.Equal(new[] { "web-2", "web-1", "web-0" }, pods.DeletionOrder);
        var status = await app.StatusAsync();
        Assert.Equal(3, status.Pods.Count);
        Assert.All(status.Pods, p =>
        {
            Assert.True(p.Ready, p.Name);
            Assert.True(p.OnUpdateRevision, p.Name);
            Assert.Equal(status.UpdateRevision, p.Revision);
        });
        Assert.All(pods.Pods.Values, p => Assert.Equal(TestApps.Image2, p.Spec.Containers.Single().Image));

        // progress came per ordinal, and the last report shows every ordinal done on the update revision
        Assert.True(progress.Items.Count >= 3, string.Join("\n", progress.Items.Select(p => p.Message)));
        var last = progress.Items[^1];
        Assert.Equal(new[] { 0, 1, 2 }, last.Pods.Select(p => p.Ordinal));
        Assert.All(last.Pods, p => Assert.True(p.Done && p.Updated, p.ToString()));
        Assert.Contains(progress.Items, p => p.Pods.Any(x => !x.Done));
    }

    [Fact]
    public async Task Partitioned_rollout_stops_at_the_partition()
    {
        await using var ns = await cluster.CreateNamespaceAsync("roll-partition");
        using var client = Harness.Client(cluster);
        await client.For(TestApps.Web(ns, replicas: 3).RollingUpdate(partition: 2)).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });

        var canary = client.For(TestApps.Web(ns, replicas: 3, image: TestApps.Image2).RollingUpdate(partition: 2));
        var result = (await canary.ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast })).Apps.Single().Rollout!;

        Assert.Equal(RolloutOutcome.Complete, result.Outcome);
        Assert.Equal(2, result.Final.Partition);
        Assert.Equal(new[] { "web-0", "web-1" }, result.PodsOnOldRevision);
        Assert.Contains("below the partition", result.Message, StringComparison.Ordinal);
        var pods = (await Harness.PodsAsync(cluster.Client, ns)).ToDictionary(p => p.Metadata.Name, p => p.Spec.Containers.Single().Image);
        Assert.Equal(TestApps.Image1, pods["web-0"]);
        Assert.Equal(TestApps.Image1, pods["web-1"]);
        Assert.Equal(TestApps.Image2, pods["web-2"]);
        var status = await canary.StatusAsync();
        Assert.Equal(new[] { false, false, true }, status.Pods.Select(p => p.OnUpdateRevision));
    }

    [Fact]
    public async Task OnDelete_rollout_returns_the_pods_still_on_the_old_revision_instead_of_hanging()
    {
        await using var ns = await cluster.CreateNamespaceAsync("roll-ondelete");
        using var client = Harness.Client(cluster);
        await client.For(TestApps.Web(ns, replicas: 2).OnDelete()).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });

        var app = client.For(TestApps.Web(ns, replicas: 2, image: TestApps.Image2).OnDelete());
        var watch = Stopwatch.StartNew();
        var result = (await app.ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast })).Apps.Single().Rollout!;

        Assert.Equal(RolloutOutcome.OnDeletePending, result.Outcome);
        Assert.Equal(new[] { "web-0", "web-1" }, result.PodsOnOldRevision);
        Assert.Contains("OnDelete", result.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");

        // deleting a pod is how OnDelete updates it: the recreated pod runs the new revision
        await cluster.Client.CoreV1.DeleteNamespacedPodAsync("web-1", ns);
        await using var pods = await PodWatch.StartAsync(cluster.Client, ns);
        await pods.WaitUntilAsync(p => p.TryGetValue("web-1", out var pod) && pod.Spec.Containers.Single().Image == TestApps.Image2 && PodWatch.IsReady(pod),
            TimeSpan.FromSeconds(60), "web-1 recreated on the new image");
        var again = await app.RolloutStatusAsync(Harness.Fast);
        Assert.Equal(RolloutOutcome.OnDeletePending, again.Outcome);
        Assert.Equal(new[] { "web-0" }, again.PodsOnOldRevision);
    }

    [Fact]
    public async Task Stuck_rollout_is_detected_with_its_fix_and_the_opt_in_fix_deletes_the_pod_only_after_the_revert()
    {
        await using var ns = await cluster.CreateNamespaceAsync("roll-stuck");
        using var crash = cluster.Simulator.Crash(NodeSimulator.WithImage(ns, TestApps.Broken));
        var log = new LogCapture();
        using var client = Harness.Client(cluster, log);
        var app = client.For(TestApps.Web(ns, replicas: 3));
        await app.ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });

        // 1. a broken image: the first updated pod (web-2) crash-loops; fail fast with the trap explained
        var failed = await Assert.ThrowsAsync<RolloutFailedException>(() =>
            app.SetImageAsync("web", TestApps.Broken, new ChangeOptions { Wait = true, Rollout = Harness.Fast }));
        var stuck = failed.Result;
        Assert.Equal(RolloutOutcome.Stuck, stuck.Outcome);
        Assert.Equal("web-2", stuck.Stuck!.Pod);
        Assert.True(stuck.Stuck.OnUpdateRevision);
        Assert.Contains("CrashLoopBackOff", stuck.Stuck.Reason, StringComparison.Ordinal);
        Assert.Contains("67250", failed.Message, StringComparison.Ordinal);
        Assert.Contains("revert the template", stuck.Stuck.Fix, StringComparison.Ordinal);
        Assert.Equal("web-2", failed.Result.BlockingPod);
        var brokenUid = (await cluster.Client.CoreV1.ReadNamespacedPodAsync("web-2", ns)).Metadata.Uid;

        // 2. the opt-in fix does nothing while the template is still broken (the pod would come back broken)
        var notYet = await app.RolloutStatusAsync(Harness.Fast with { FixStuckRollout = true });
        Assert.Equal(RolloutOutcome.Stuck, notYet.Outcome);
        Assert.Empty(notYet.DeletedStuckPods);

        // 3. revert the template: the controller still waits for the broken pod forever (the trap)
        var undo = await app.UndoAsync();
        Assert.False(undo.Skipped);
        var trapped = await app.RolloutStatusAsync(Harness.Fast);
        Assert.Equal(RolloutOutcome.Stuck, trapped.Outcome);
        Assert.False(trapped.Stuck!.OnUpdateRevision);
        Assert.Contains("delete pod web-2", trapped.Stuck.Fix, StringComparison.Ordinal);
        Assert.Equal(brokenUid, (await cluster.Client.CoreV1.ReadNamespacedPodAsync("web-2", ns)).Metadata.Uid);

        // 4. with the opt-in fix Berth deletes the stuck pod and the rollback converges
        var progress = new Harness.ProgressLog();
        var fixedResult = await app.RolloutStatusAsync(Harness.Fast with { FixStuckRollout = true }, progress);
        Assert.Equal(RolloutOutcome.Complete, fixedResult.Outcome);
        Assert.Equal(new[] { "web-2" }, fixedResult.DeletedStuckPods);
        // the deletion is said: in the log, as a progress notice and in the result
        var said = Assert.Single(fixedResult.Notices);
        Assert.Contains($"deleted pod web-2 (stuck on revision {stuck.Stuck.Revision}, not Ready: container web CrashLoopBackOff", said, StringComparison.Ordinal);
        Assert.Contains(progress.Items, p => p.Notice == said);
        Assert.Contains(log.Lines, l => l.Contains(said, StringComparison.Ordinal));
        var pods = await Harness.PodsAsync(cluster.Client, ns);
        Assert.All(pods, p => Assert.Equal(TestApps.Image1, p.Spec.Containers.Single().Image));
        Assert.NotEqual(brokenUid, pods.Single(p => p.Metadata.Name == "web-2").Metadata.Uid);
    }

    [Fact]
    public async Task Unready_pod_is_reported_as_stuck_when_the_progress_deadline_passes()
    {
        await using var ns = await cluster.CreateNamespaceAsync("roll-unready");
        using var unready = cluster.Simulator.KeepUnready(NodeSimulator.WithImage(ns, TestApps.Image2));
        using var client = Harness.Client(cluster);
        await client.For(TestApps.Web(ns, replicas: 2)).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });

        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<RolloutFailedException>(() => client.For(TestApps.Web(ns, replicas: 2, image: TestApps.Image2))
            .ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast with { ProgressDeadline = TimeSpan.FromSeconds(3) } }));

        Assert.Equal(RolloutOutcome.Stuck, e.Result.Outcome);
        Assert.Equal("web-1", e.Result.BlockingPod);
        Assert.Contains("not Ready", e.Result.BlockingReason, StringComparison.Ordinal);
        Assert.Contains("no progress for", e.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Parallel_rollout_with_a_crashing_pod_fails_fast_naming_the_pod_and_its_reason()
    {
        await using var ns = await cluster.CreateNamespaceAsync("roll-parallel");
        using var crash = cluster.Simulator.Crash(NodeSimulator.WithImage(ns, TestApps.Broken));
        using var client = Harness.Client(cluster);
        var definition = TestApps.Web(ns, replicas: 2).PodManagement(PodManagement.Parallel);
        await client.For(definition).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });

        var e = await Assert.ThrowsAsync<RolloutFailedException>(() => client.For(definition)
            .SetImageAsync("web", TestApps.Broken, new ChangeOptions { Wait = true, Rollout = Harness.Fast }));

        Assert.Equal(RolloutOutcome.Failed, e.Result.Outcome);
        Assert.Equal("web-1", e.Result.BlockingPod);
        Assert.Contains("CrashLoopBackOff", e.Result.BlockingReason, StringComparison.Ordinal);
        Assert.Equal("Parallel", e.Result.Final.PodManagementPolicy);

        // with Parallel the controller replaces the broken pod itself once the template is reverted
        var undo = await client.For(definition).UndoAsync(options: new ChangeOptions { Wait = true, Rollout = Harness.Fast });
        Assert.Equal(RolloutOutcome.Complete, undo.Rollout!.Outcome);
        Assert.Empty(undo.Rollout.DeletedStuckPods);
    }

    [Fact]
    public async Task Two_concurrent_applies_of_different_images_only_the_one_whose_template_is_live_reports_success()
    {
        await using var ns = await cluster.CreateNamespaceAsync("roll-race");
        using var client = Harness.Client(cluster);
        using var other = Harness.Client(cluster);
        await client.For(TestApps.Web(ns, replicas: 2)).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });

        async Task<(string Image, AppApplyResult? Result, RolloutFailedException? Error)> ApplyAsync(BerthClient c, string image)
        {
            try
            {
                return (image, (await c.For(TestApps.Web(ns, replicas: 2, image: image)).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast })).Apps.Single(), null);
            }
            catch (RolloutFailedException e)
            {
                return (image, null, e);
            }
        }

        var both = await Task.WhenAll(ApplyAsync(client, TestApps.Image2), ApplyAsync(other, Image3));

        var live = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns);
        var liveImage = live.Spec.Template.Spec.Containers.Single().Image;
        var winner = Assert.Single(both, b => b.Error is null);
        var loser = Assert.Single(both, b => b.Error is not null);
        Assert.Equal(liveImage, winner.Image);
        Assert.Equal(RolloutOutcome.Complete, winner.Result!.Rollout!.Outcome);
        Assert.Equal(live.Status.UpdateRevision, winner.Result.Rollout.Revision);
        Assert.Contains(live.Status.UpdateRevision, winner.Result.Rollout.Message, StringComparison.Ordinal);

        // the loser does not claim the other's rollout: it says the template changed, by whom and to what
        var lost = loser.Error!.Result;
        Assert.Equal(RolloutOutcome.Superseded, lost.Outcome);
        Assert.False(lost.Succeeded);
        Assert.DoesNotContain("rollout complete", lost.Message, StringComparison.Ordinal);
        Assert.Equal("berth", lost.SupersededBy!.Manager);
        Assert.Contains($"image web: {loser.Image} -> {winner.Image}", lost.SupersededBy.Summary, StringComparison.Ordinal);
        Assert.Contains("changed by berth", lost.Message, StringComparison.Ordinal);
        Assert.All(await Harness.PodsAsync(cluster.Client, ns), p => Assert.Equal(winner.Image, p.Spec.Containers.Single().Image));
    }

    [Fact]
    public async Task A_kubectl_edit_during_the_wait_ends_it_as_superseded_naming_the_manager_and_the_change()
    {
        await using var ns = await cluster.CreateNamespaceAsync("roll-edit");
        using var unready = cluster.Simulator.KeepUnready(NodeSimulator.WithImage(ns, TestApps.Image2));
        using var client = Harness.Client(cluster);
        await client.For(TestApps.Web(ns, replicas: 2)).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
        var app = client.For(TestApps.Web(ns, replicas: 2, image: TestApps.Image2));
        var applied = (await app.ApplyAsync()).Apps.Single().Applied;
        Assert.NotNull(applied);

        var progress = new Harness.ProgressLog();
        var watch = Stopwatch.StartNew();
        var wait = app.RolloutStatusAsync(Harness.Fast with { Applied = applied }, progress);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(wait.IsCompleted);
        (await Kubectl.RunAsync(cluster.KubeconfigPath, new[] { "-n", ns, "set", "image", "statefulset/web", "web=" + Image3 })).EnsureSuccess();
        var result = await wait;

        Assert.Equal(RolloutOutcome.Superseded, result.Outcome);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
        var change = result.SupersededBy!;
        Assert.StartsWith("kubectl", change.Manager, StringComparison.Ordinal);
        Assert.Equal("Update", change.Operation);
        Assert.NotNull(change.Time);
        Assert.Contains($"image web: {TestApps.Image2} -> {Image3}", change.Summary, StringComparison.Ordinal);
        Assert.Contains($"changed by {change.Manager}", result.Message, StringComparison.Ordinal);
        Assert.Throws<RolloutFailedException>(() => result.EnsureSuccess());
    }

    [Fact]
    public async Task Undo_with_a_short_progress_deadline_deletes_the_stuck_pod_says_so_and_converges()
    {
        await using var ns = await cluster.CreateNamespaceAsync("roll-undo-fix");
        using var unready = cluster.Simulator.KeepUnready(NodeSimulator.WithImage(ns, TestApps.Image2));
        using var client = Harness.Client(cluster);
        await client.For(TestApps.Web(ns, replicas: 3)).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
        var broken = client.For(TestApps.Web(ns, replicas: 3, image: TestApps.Image2));
        var stuck = await Assert.ThrowsAsync<RolloutFailedException>(() =>
            broken.ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast with { ProgressDeadline = TimeSpan.FromSeconds(3) } }));
        Assert.Equal(RolloutOutcome.Stuck, stuck.Result.Outcome);
        var brokenRevision = stuck.Result.Stuck!.Revision;

        // web-2 is not Ready (no crash): only the progress deadline tells it is stuck; undo takes it
        var progress = new Harness.ProgressLog();
        var watch = Stopwatch.StartNew();
        var undo = await broken.UndoAsync(options: new ChangeOptions
        {
            Wait = true,
            Rollout = Harness.Fast with { ProgressDeadline = TimeSpan.FromSeconds(3), FixStuckRollout = true, Progress = progress },
        });

        Assert.Equal(RolloutOutcome.Complete, undo.Rollout!.Outcome);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(45), $"took {watch.Elapsed}");
        Assert.Equal(new[] { "web-2" }, undo.Rollout.DeletedStuckPods);
        var said = Assert.Single(undo.Rollout.Notices);
        Assert.Contains($"deleted pod web-2 (stuck on revision {brokenRevision}, not Ready: ", said, StringComparison.Ordinal);
        Assert.Contains(progress.Items, p => p.Notice == said);
        Assert.All(await Harness.PodsAsync(cluster.Client, ns), p => Assert.Equal(TestApps.Image1, p.Spec.Containers.Single().Image));
    }

    [Fact]
    public async Task A_timeout_shorter_than_the_progress_deadline_still_gives_the_stuck_diagnosis()
    {
        await using var ns = await cluster.CreateNamespaceAsync("roll-timeout-stuck");
        using var unready = cluster.Simulator.KeepUnready(NodeSimulator.WithImage(ns, TestApps.Image2));
        using var client = Harness.Client(cluster);
        await client.For(TestApps.Web(ns, replicas: 2)).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });

        var e = await Assert.ThrowsAsync<RolloutFailedException>(() => client.For(TestApps.Web(ns, replicas: 2, image: TestApps.Image2))
            .ApplyAsync(new ApplyOptions { Wait = true, Rollout = new RolloutOptions { Timeout = TimeSpan.FromSeconds(8), ProgressDeadline = TimeSpan.FromMinutes(5) } }));

        Assert.Equal(RolloutOutcome.TimedOut, e.Result.Outcome);
        Assert.Equal("web-1", e.Result.BlockingPod);
        Assert.Equal("web-1", e.Result.Stuck!.Pod);
        Assert.True(e.Result.Stuck.OnUpdateRevision);
        Assert.Contains("rollout not complete after 8s", e.Message, StringComparison.Ordinal);
        Assert.Contains("67250", e.Message, StringComparison.Ordinal);
        Assert.Contains("revert it (UndoAsync", e.Result.Stuck.Fix, StringComparison.Ordinal);

        // the same diagnosis in another front end's words
        var words = new RolloutWords { Undo = "berth rollout undo web", FixStuck = "--fix-stuck" };
        Assert.Contains("revert it (berth rollout undo web", e.Result.Stuck.FixIn(words), StringComparison.Ordinal);
        Assert.Contains("--fix-stuck", e.Result.MessageIn(words), StringComparison.Ordinal);
        Assert.DoesNotContain("RolloutOptions", e.Result.MessageIn(words), StringComparison.Ordinal);
        Assert.DoesNotContain("UndoAsync", e.Result.MessageIn(words), StringComparison.Ordinal);
    }

    private const string Image3 = "registry.local/web:3.0";
}
