using System;
using System.Linq;
using System.Threading.Tasks;
using Berth.Client.Tests.Support;
using Berth.Testing.Cluster;
using System.Collections.Generic;
using k8s;
using k8s.Models;
using Xunit;

namespace Berth.Client.Tests;

/// <summary>Scale, set image, history, undo, restart, status, diff and delete against the real cluster.</summary>
[Collection(TestCluster.Collection)]
public sealed class OperationTests
{
    private readonly TestCluster cluster;

    public OperationTests(TestCluster cluster) => this.cluster = cluster;

    [Fact]
    public async Task Scale_creates_pods_in_order_removes_them_in_reverse_and_keeps_claims_unless_asked()
    {
        await using var ns = await cluster.CreateNamespaceAsync("scale");
        using var client = Harness.Client(cluster);
        var app = client.For(TestApps.Web(ns, replicas: 1));
        await app.ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
        await using var pods = await PodWatch.StartAsync(cluster.Client, ns);

        var progress = new ProgressLog();
        var up = await app.ScaleAsync(4, new ScaleOptions { Rollout = Harness.Fast with { Progress = progress } });
        Assert.Equal(new[] { "web-1", "web-2", "web-3" }, up.AddedPods);
        Assert.Equal(RolloutOutcome.Complete, up.Rollout!.Outcome);
        Assert.Equal(new[] { "web-0", "web-1", "web-2", "web-3" }, pods.CreationOrder);
        // The wait inside scale reports per ordinal through RolloutOptions.Progress.
        Assert.Contains(progress.Reports, r => r.Pods.Count == 4 && r.Pods.All(p => p.Ready));
        Assert.Contains(progress.Reports, r => r.Pods.Any(p => !p.Ready));

        var down = await app.ScaleAsync(2, new ScaleOptions { Rollout = Harness.Fast });
        Assert.Equal(new[] { "web-3", "web-2" }, down.RemovedPods);
        Assert.Equal(new[] { "web-3", "web-2" }, pods.DeletionOrder);
        Assert.Equal(new[] { "data-web-2", "data-web-3" }, down.RemainingClaims.Select(c => c.Name));
        Assert.Empty(down.DeletedClaims);
        Assert.Contains("claims kept: data-web-2, data-web-3", down.ToString(), StringComparison.Ordinal);
        Assert.Equal(4, (await Harness.ClaimsAsync(cluster.Client, ns)).Count);

        // Only the claim of the pod this scale removes; data-web-2 and data-web-3 are left over from the scale above.
        var downAgain = await app.ScaleAsync(1, new ScaleOptions { Rollout = Harness.Fast, DeleteClaimsOfRemovedPods = true });
        Assert.Equal(new[] { "web-1" }, downAgain.RemovedPods);
        Assert.Equal(new[] { "data-web-1" }, downAgain.DeletedClaims);
        Assert.Empty(downAgain.RemainingClaims);
        Assert.Equal(new[] { "data-web-2", "data-web-3" }, downAgain.LeftoverClaims.Select(c => c.Name));
        Assert.Equal(new[] { "data-web-0", "data-web-2", "data-web-3" }, (await Harness.ClaimsAsync(cluster.Client, ns)).Where(c => c.Metadata.DeletionTimestamp is null).Select(c => c.Metadata.Name));
        Assert.Equal(new[] { "web-3", "web-2", "web-1" }, pods.DeletionOrder);
    }

    [Fact]
    public async Task Set_image_of_an_unknown_container_lists_the_containers()
    {
        await using var ns = await cluster.CreateNamespaceAsync("setimage");
        using var client = Harness.Client(cluster);
        var app = client.For(TestApps.Web(ns, replicas: 1));
        await app.ApplyAsync();

        var e = await Assert.ThrowsAsync<BerthClientException>(() => app.SetImageAsync("db", TestApps.Image2));
        Assert.Contains("no container named \"db\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("containers: \"web\"", e.Message, StringComparison.Ordinal);
        Assert.Contains($"statefulset/web in namespace {ns.Name}", e.Message, StringComparison.Ordinal);

        var same = await app.SetImageAsync("web", TestApps.Image1);
        Assert.False(same.Changed);
        var changed = await app.SetImageAsync("web", TestApps.Image2, new ChangeOptions { Wait = true, Rollout = Harness.Fast });
        Assert.True(changed.Changed);
        Assert.Equal(RolloutOutcome.Complete, changed.Rollout!.Outcome);
        Assert.Equal(TestApps.Image2, (await cluster.Client.CoreV1.ReadNamespacedPodAsync("web-0", ns)).Spec.Containers.Single().Image);
    }

    [Fact]
    public async Task History_lists_owned_revisions_with_their_changes_and_undo_brings_back_the_previous_image()
    {
        await using var ns = await cluster.CreateNamespaceAsync("history");
        using var client = Harness.Client(cluster);
        var app = client.For(TestApps.Web(ns, replicas: 2));
        await app.ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
        await app.SetImageAsync("web", TestApps.Image2, new ChangeOptions { Wait = true, Rollout = Harness.Fast });
        await client.For(TestApps.Web(ns, replicas: 2, image: TestApps.Image2).WithContainer("web", c => c.Env("LEVEL", "debug")))
            .ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });

        // a revision with the same labels controlled by something else is not listed (ownership is by uid)
        var other = await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "other-owner" } }, ns);
        await cluster.Client.AppsV1.CreateNamespacedControllerRevisionAsync(new V1ControllerRevision
        {
            Metadata = new V1ObjectMeta
            {
                Name = "web-impostor",
                Labels = new Dictionary<string, string> { ["app"] = "web" },
                OwnerReferences = new List<V1OwnerReference> { new() { ApiVersion = "v1", Kind = "ConfigMap", Name = "other-owner", Uid = other.Metadata.Uid, Controller = true } },
            },
            Revision = 9,
            Data = new Dictionary<string, object>(),
        }, ns);
        var history = await app.HistoryAsync();
        Assert.DoesNotContain(history.Revisions, r => r.Name == "web-impostor");
        Assert.Equal(new long[] { 1, 2, 3 }, history.Revisions.Select(r => r.Number));
        Assert.Equal(TestApps.Image1, history.Revisions[0].Images["web"]);
        Assert.Contains($"image web: {TestApps.Image1} -> {TestApps.Image2}", history.Revisions[1].ChangeSummary, StringComparison.Ordinal);
        Assert.Contains("env web.LEVEL added", history.Revisions[2].ChangeSummary, StringComparison.Ordinal);
        Assert.True(history.Revisions[2].IsUpdate);
        Assert.Equal(new[] { "web-0", "web-1" }, history.Revisions[2].Pods);
        Assert.Contains(history.Revisions[1].Changes, c => c.Path == "spec.template.spec.containers[web].image");

        // undo: back to revision 2 (image 2, no LEVEL), then to revision 1 explicitly
        var undo = await app.UndoAsync(options: new ChangeOptions { Wait = true, Rollout = Harness.Fast });
        Assert.Equal(2, undo.ToRevision);
        Assert.Contains(undo.Changes, c => c.Path.Contains("env[LEVEL]", StringComparison.Ordinal));
        var set = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns);
        Assert.DoesNotContain(set.Spec.Template.Spec.Containers.Single().Env, e => e.Name == "LEVEL");

        var toFirst = await app.UndoAsync(1, new ChangeOptions { Wait = true, Rollout = Harness.Fast });
        Assert.Equal(1, toFirst.ToRevision);
        Assert.All(await Harness.PodsAsync(cluster.Client, ns), p => Assert.Equal(TestApps.Image1, p.Spec.Containers.Single().Image));
        // restoring a revision renumbers it, as the controller does (1 is now the newest)
        var newest = (await app.HistoryAsync()).Update!;
        Assert.Equal(new long[] { 3, 4, 5 }, (await app.HistoryAsync()).Revisions.Select(r => r.Number));
        Assert.Equal(TestApps.Image1, newest.Images["web"]);
        var skipped = await app.UndoAsync(newest.Number);
        Assert.True(skipped.Skipped);
        var missing = await Assert.ThrowsAsync<BerthClientException>(() => app.UndoAsync(42));
        Assert.Contains("has no revision 42", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_sets_restartedAt_and_replaces_every_pod()
    {
        await using var ns = await cluster.CreateNamespaceAsync("restart");
        using var client = Harness.Client(cluster);
        var app = client.For(TestApps.Web(ns, replicas: 2));
        await app.ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
        var before = (await Harness.PodsAsync(cluster.Client, ns)).Select(p => p.Metadata.Uid).ToList();

        var result = await app.RestartAsync(new ChangeOptions { Wait = true, Rollout = Harness.Fast });

        Assert.Equal(RolloutOutcome.Complete, result.Rollout!.Outcome);
        var set = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns);
        Assert.True(DateTimeOffset.TryParse(set.Spec.Template.Metadata.Annotations["kubectl.kubernetes.io/restartedAt"], out _));
        var after = (await Harness.PodsAsync(cluster.Client, ns)).Select(p => p.Metadata.Uid).ToList();
        Assert.Empty(before.Intersect(after));

        // applying the definition again keeps the restart annotation (another field manager owns it)
        await app.ApplyAsync();
        set = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns);
        Assert.True(set.Spec.Template.Metadata.Annotations.ContainsKey("kubectl.kubernetes.io/restartedAt"));
    }

    [Fact]
    public async Task Status_shows_each_ordinal_with_revision_node_restarts_and_the_recent_events()
    {
        await using var ns = await cluster.CreateNamespaceAsync("status");
        using var crash = cluster.Simulator.Crash(NodeSimulator.PodNamed(ns, "web-1"));
        using var client = Harness.Client(cluster);
        var app = client.For(TestApps.Web(ns, replicas: 3));
        Assert.False((await app.StatusAsync()).Exists);
        await app.ApplyAsync();
        await using var pods = await PodWatch.StartAsync(cluster.Client, ns);
        await pods.WaitUntilAsync(p => p.TryGetValue("web-1", out var pod) && pod.Status?.ContainerStatuses?.Any(c => c.RestartCount > 0) == true,
            TimeSpan.FromSeconds(60), "web-1 crash-looping");
        // The controller manager posts events asynchronously, one at a time; after a test that stopped the API
        // server its recorder may still be retrying old ones. Status reports the events there are: wait for one.
        await WaitForEventAsync(cluster.Client, ns, "SuccessfulCreate", "web-0", TimeSpan.FromSeconds(120));

        var status = await app.StatusAsync();

        Assert.Equal(3, status.DesiredReplicas);
        Assert.Equal(new[] { 0, 1, 2 }, status.Pods.Select(p => p.Ordinal));
        var (zero, one, two) = (status.Pods[0], status.Pods[1], status.Pods[2]);
        Assert.True(zero.Ready);
        Assert.Equal("Running", zero.Phase);
        Assert.Equal(NodeSimulator.DefaultNodeName, zero.Node);
        Assert.True(zero.OnUpdateRevision);
        Assert.Equal(status.UpdateRevision, zero.Revision);
        Assert.False(one.Ready);
        Assert.True(one.Restarts > 0);
        Assert.Contains("CrashLoopBackOff", one.Reason, StringComparison.Ordinal);
        Assert.False(two.Exists); // OrderedReady: web-2 waits for web-1
        Assert.Equal(new[] { "data-web-0", "data-web-1" }, status.Claims.Select(c => c.Name));
        Assert.Contains(status.Events, e => e.Object == "statefulset/web" && e.Reason == "SuccessfulCreate" && e.Message.Contains("web-0", StringComparison.Ordinal));
        var text = status.ToString();
        Assert.Contains("web-2", text, StringComparison.Ordinal);
        Assert.Contains("(missing)", text, StringComparison.Ordinal);
    }

    private static async Task WaitForEventAsync(k8s.IKubernetes client, string ns, string reason, string messagePart, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var events = await client.CoreV1.ListNamespacedEventAsync(ns);
            if (events.Items.Any(e => e.Reason == reason && e.Message?.Contains(messagePart, StringComparison.Ordinal) == true))
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"no {reason} event mentioning {messagePart} in namespace {ns} after {timeout.TotalSeconds:F0} s");
            await Task.Delay(500);
        }
    }

    [Fact]
    public async Task Diff_reports_per_object_and_field_what_apply_would_change()
    {
        await using var ns = await cluster.CreateNamespaceAsync("diff");
        using var client = Harness.Client(cluster);
        var created = await client.For(TestApps.Web(ns, replicas: 2)).DiffAsync();
        Assert.Equal(DiffAction.Create, created.StatefulSet!.Action);

        await client.For(TestApps.Web(ns, replicas: 2)).ApplyAsync();
        var none = await client.For(TestApps.Web(ns, replicas: 2)).DiffAsync();
        Assert.False(none.HasChanges, none.ToString());
        Assert.Equal("no changes", none.ToString());

        var diff = await client.For(TestApps.Web(ns, replicas: 3, image: TestApps.Image2)).DiffAsync();
        Assert.True(diff.HasChanges);
        var sts = diff.StatefulSet!;
        Assert.Equal(DiffAction.Update, sts.Action);
        Assert.Equal(
            new[] { ("spec.replicas", "2", "3"), ("spec.template.spec.containers[web].image", $"\"{TestApps.Image1}\"", $"\"{TestApps.Image2}\"") },
            sts.Changes.Select(c => (c.Path, c.Before!, c.After!)));
        Assert.All(diff.Objects.Where(o => o.Kind != "StatefulSet"), o => Assert.Equal(DiffAction.None, o.Action));
        var text = diff.ToString();
        Assert.Contains("--- live/statefulset/web", text, StringComparison.Ordinal);
        Assert.Contains("-  replicas: 2", text, StringComparison.Ordinal);
        Assert.Contains("+  replicas: 3", text, StringComparison.Ordinal);
        Assert.Contains($"+        image: {TestApps.Image2}", text, StringComparison.Ordinal);
        // the dry run changed nothing
        Assert.Equal(2, (await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns)).Spec.Replicas);
    }

    [Fact]
    public async Task Delete_leaves_claims_unless_asked_and_removes_the_objects_Berth_wrote_on_request()
    {
        await using var ns = await cluster.CreateNamespaceAsync("delete");
        using var client = Harness.Client(cluster);
        var app = client.For(TestApps.Web(ns, replicas: 2));
        await app.ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });

        var kept = await app.DeleteAsync();
        Assert.True(kept.StatefulSetDeleted);
        Assert.Equal(new[] { "web-0", "web-1" }, kept.Pods);
        Assert.Equal(new[] { "data-web-0", "data-web-1" }, kept.RemainingClaims.Select(c => c.Name));
        Assert.Empty(kept.DeletedClaims);
        Assert.Empty(await Harness.PodsAsync(cluster.Client, ns));
        Assert.Equal(2, (await Harness.ClaimsAsync(cluster.Client, ns)).Count);
        Assert.NotNull(await cluster.Client.CoreV1.ReadNamespacedServiceAsync("web", ns));

        // the claims come back to the pods of a new set of the same name
        var claimUids = (await Harness.ClaimsAsync(cluster.Client, ns)).Select(c => c.Metadata.Uid).ToList();
        await app.ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
        Assert.Equal(claimUids, (await Harness.ClaimsAsync(cluster.Client, ns)).Select(c => c.Metadata.Uid));

        var orphanWithClaims = await Assert.ThrowsAsync<BerthClientException>(() => app.DeleteAsync(new DeleteOptions { Cascade = DeletionCascade.Orphan, DeleteClaims = true }));
        Assert.Contains("Orphan", orphanWithClaims.Message, StringComparison.Ordinal);

        var all = await app.DeleteAsync(new DeleteOptions { Cascade = DeletionCascade.Foreground, DeleteClaims = true, DeleteOtherObjects = true });
        Assert.Equal(new[] { "data-web-0", "data-web-1" }, all.DeletedClaims.OrderBy(c => c));
        Assert.Empty(all.RemainingClaims);
        Assert.Equal(new[] { "poddisruptionbudget/web", "service/web" }, all.DeletedObjects.OrderBy(o => o));
        Assert.Empty((await cluster.Client.CoreV1.ListNamespacedServiceAsync(ns)).Items);
        Assert.NotNull(await cluster.Client.CoreV1.ReadNamespaceAsync(ns)); // never the namespace
        Assert.False((await app.DeleteAsync()).StatefulSetDeleted);
    }
}

/// <summary>Collects progress reports synchronously, in order.</summary>
internal sealed class ProgressLog : IProgress<RolloutProgress>
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<RolloutProgress> reports = new();

    public IReadOnlyList<RolloutProgress> Reports => reports.ToArray();

    public void Report(RolloutProgress value) => reports.Enqueue(value);
}
