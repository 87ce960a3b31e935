using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Berth.Client.Tests.Support;
using Berth.Testing.Cluster;
using k8s;
using Xunit;
using Xunit.Abstractions;

namespace Berth.Client.Tests;

/// <summary>
/// Every operation through a <see cref="FaultProxy"/> in front of the real API server that injects 5xx, 429 with
/// Retry-After, connection resets (before and after the server acted), slow answers and cut watches into 20% of the
/// requests. Each operation must end with the right live state; the counts are printed.
/// </summary>
[Collection(TestCluster.Collection)]
public sealed class FaultInjectionTests
{
    private readonly TestCluster cluster;
    private readonly ITestOutputHelper output;

    public FaultInjectionTests(TestCluster cluster, ITestOutputHelper output)
    {
        this.cluster = cluster;
        this.output = output;
    }

    private static BerthClient Client(FaultProxy proxy, LogCapture? log = null) =>
        BerthClient.FromKubeconfig(proxy.KubeconfigPath, options: new BerthClientOptions
        {
            Logger = (Microsoft.Extensions.Logging.ILogger?)log ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
            Retry = new RetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromSeconds(1), MaxRetries = 6 },
        });

    [Fact]
    public async Task Apply_scale_set_image_undo_restart_and_delete_end_in_the_right_state_at_20_percent_faults_for_three_seeds()
    {
        // the seeds run side by side, each with its own proxy and namespace
        var runs = await Task.WhenAll(new[] { 1, 2, 3 }.Select(seed => RunLifecycleAsync(seed, new FaultProxyOptions { Rate = 0.2, Seed = seed })));

        foreach (var (seed, proxy, retries) in runs)
            output.WriteLine($"seed {seed}: {proxy.Summary}; {retries} retries logged; all operations ended in the expected state");
        var total = runs.Sum(r => r.Proxy.TotalInjected);
        output.WriteLine($"faults injected: {total}, survived: {total} (3 seeds, rate 20%)");
        // cut watches are a few per seed (about one in ten requests is a watch): the watch test below proves those
        foreach (var kind in Enum.GetValues<InjectedFault>().Where(k => k != InjectedFault.WatchDisconnect))
            Assert.True(runs.Sum(r => r.Proxy.Counts.GetValueOrDefault(kind)) > 0, $"no {kind} was injected over the three seeds");
        foreach (var run in runs)
            await run.Proxy.DisposeAsync();
    }

    [Fact]
    public async Task Every_write_whose_answer_is_lost_after_the_server_acted_is_retried_safely()
    {
        // every other PATCH and DELETE (the first attempt of each write) reaches the server, which acts on it, and then the connection is
        // reset: the client cannot know it took effect, retries it, and must still end in the right state and report
        // it right (a delete is reported as done, a restart makes one new revision, not two)
        var (_, proxy, retries) = await RunLifecycleAsync(0, new FaultProxyOptions
        {
            Rate = 1,
            Kinds = new[] { InjectedFault.ResetAfter },
            Only = r => r.Occurrence % 2 == 1 && r.Method is "PATCH" or "DELETE",
        });
        await using (proxy)
        {
            output.WriteLine($"lost answers: {proxy.Summary}; {retries} retries logged");
            Assert.Contains(proxy.Injected, i => i.StartsWith("ResetAfter DELETE /apis/apps/v1/namespaces/", StringComparison.Ordinal));
            Assert.Contains(proxy.Injected, i => i.StartsWith("ResetAfter PATCH /apis/apps/v1/namespaces/", StringComparison.Ordinal) && i.Contains("/statefulsets/web/scale", StringComparison.Ordinal));
            Assert.True(proxy.Counts[InjectedFault.ResetAfter] >= 5, proxy.Summary);
        }
    }

    private async Task<(int Seed, FaultProxy Proxy, int Retries)> RunLifecycleAsync(int seed, FaultProxyOptions options)
    {
        await using var ns = await cluster.CreateNamespaceAsync($"faults-{seed}");
        var proxy = await FaultProxy.StartAsync(cluster.KubeconfigPath, options);
        var log = new LogCapture();
        using var client = Client(proxy, log);
        var app = client.For(TestApps.Web(ns, replicas: 2));
        var k8s = cluster.Client;

        var applied = (await app.ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast })).Apps.Single();
        Assert.Equal(RolloutOutcome.Complete, applied.Rollout!.Outcome);
        await AssertPodsAsync(k8s, ns, 2, TestApps.Image1);

        var scaled = await app.ScaleAsync(3, new ScaleOptions { Rollout = Harness.Fast });
        Assert.Equal((2, 3), (scaled.PreviousReplicas, scaled.Replicas));
        await AssertPodsAsync(k8s, ns, 3, TestApps.Image1);
        // the claims, by uid: no step below may delete (or recreate) one
        var claims = (await Harness.ClaimsAsync(k8s, ns)).ToDictionary(c => c.Metadata.Name, c => c.Metadata.Uid);

        var image = await app.SetImageAsync("web", TestApps.Image2, new ChangeOptions { Wait = true, Rollout = Harness.Fast });
        Assert.Equal(RolloutOutcome.Complete, image.Rollout!.Outcome);
        await AssertPodsAsync(k8s, ns, 3, TestApps.Image2);

        var undo = await app.UndoAsync(options: new ChangeOptions { Wait = true, Rollout = Harness.Fast });
        Assert.False(undo.Skipped);
        Assert.Equal(RolloutOutcome.Complete, undo.Rollout!.Outcome);
        await AssertPodsAsync(k8s, ns, 3, TestApps.Image1);

        var restart = await app.RestartAsync(new ChangeOptions { Wait = true, Rollout = Harness.Fast });
        Assert.Equal(RolloutOutcome.Complete, restart.Rollout!.Outcome);
        var set = await k8s.AppsV1.ReadNamespacedStatefulSetAsync("web", ns);
        var restartedAt = set.Spec.Template.Metadata.Annotations["kubectl.kubernetes.io/restartedAt"];
        Assert.All(await Harness.PodsAsync(k8s, ns), p => Assert.Equal(restartedAt, p.Metadata.Annotations["kubectl.kubernetes.io/restartedAt"]));
        Assert.Equal(set.Status.UpdateRevision, set.Status.CurrentRevision);
        // templates 1.0, 2.0 (undo reuses the revision of 1.0) and the restarted one: a restart sent twice would add a fourth
        Assert.Equal(3, (await k8s.AppsV1.ListNamespacedControllerRevisionAsync(ns)).Items.Count);

        var deleted = await app.DeleteAsync(new DeleteOptions { Timeout = TimeSpan.FromSeconds(90) });
        Assert.True(deleted.StatefulSetDeleted);
        Assert.Equal(new[] { "web-0", "web-1", "web-2" }, deleted.Pods);
        Assert.Empty((await k8s.AppsV1.ListNamespacedStatefulSetAsync(ns)).Items);
        Assert.Empty(await Harness.PodsAsync(k8s, ns));
        Assert.Equal(claims, (await Harness.ClaimsAsync(k8s, ns)).ToDictionary(c => c.Metadata.Name, c => c.Metadata.Uid));
        Assert.Equal(new[] { "data-web-0", "data-web-1", "data-web-2" }, claims.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "data-web-0", "data-web-1", "data-web-2" }, deleted.RemainingClaims.Select(c => c.Name));
        Assert.True(proxy.TotalInjected > 0, proxy.Summary);
        return (seed, proxy, log.Lines.Count(l => l.Contains("retrying", StringComparison.Ordinal)));
    }

    private static async Task AssertPodsAsync(IKubernetes k8s, string ns, int count, string image)
    {
        var pods = await Harness.PodsAsync(k8s, ns);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"web-{i}"), pods.Select(p => p.Metadata.Name));
        Assert.All(pods, p => Assert.Equal(image, p.Spec.Containers.Single().Image));
        Assert.All(pods, p => Assert.Contains(p.Status.Conditions, c => c.Type == "Ready" && c.Status == "True"));
    }

    [Fact]
    public async Task A_wait_whose_watches_are_cut_again_and_again_sees_the_readiness_change()
    {
        await using var ns = await cluster.CreateNamespaceAsync("faults-watch");
        await using var proxy = await FaultProxy.StartAsync(cluster.KubeconfigPath, new FaultProxyOptions { Rate = 1, Seed = 7, Kinds = new[] { InjectedFault.WatchDisconnect } });
        using var client = Client(proxy);
        var hold = cluster.Simulator.KeepUnready(NodeSimulator.PodNamed(ns, "web-0"));
        var app = client.For(TestApps.Web(ns, replicas: 1));
        var applied = (await app.ApplyAsync()).Apps.Single().Applied;

        var wait = app.RolloutStatusAsync(Harness.Fast with { Applied = applied });
        // every watch is cut within 0.3-3 s: let several be cut before the pod becomes Ready
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (proxy.Counts.GetValueOrDefault(InjectedFault.WatchDisconnect) < 4 && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.False(wait.IsCompleted);
        hold.Dispose();
        var result = await wait;

        output.WriteLine($"watch test: {proxy.Summary}");
        Assert.Equal(RolloutOutcome.Complete, result.Outcome);
        Assert.True(proxy.Counts[InjectedFault.WatchDisconnect] >= 4, proxy.Summary);
        var pod = await cluster.Client.CoreV1.ReadNamespacedPodAsync("web-0", ns);
        Assert.Contains(pod.Status.Conditions, c => c.Type == "Ready" && c.Status == "True");
    }
}
