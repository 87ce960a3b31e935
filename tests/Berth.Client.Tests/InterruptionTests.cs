using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Berth.Client.Tests.Support;
using Berth.Testing.Cluster;
using k8s;
using k8s.Autorest;
using Xunit;
using Xunit.Abstractions;

namespace Berth.Client.Tests;

/// <summary>
/// Operations cut short: cancelled through their token, or the API server killed and restarted under them. Each says
/// what was done and what was not, and running the same operation again finishes the job.
/// </summary>
[Collection(TestCluster.Collection)]
public sealed class InterruptionTests
{
    private readonly TestCluster cluster;
    private readonly ITestOutputHelper output;

    public InterruptionTests(TestCluster cluster, ITestOutputHelper output)
    {
        this.cluster = cluster;
        this.output = output;
    }

    /// <summary>Holds the first (non dry-run) apply of statefulset/web back for <paramref name="delay"/> before it reaches the server.</summary>
    private Task<FaultProxy> HoldSetApplyAsync(TimeSpan delay)
    {
        var matched = 0;
        return FaultProxy.StartAsync(cluster.KubeconfigPath, new FaultProxyOptions
        {
            Rate = 1,
            Kinds = new[] { InjectedFault.Slow },
            SlowDelay = delay,
            Only = r => r.Method == "PATCH" && r.Path.EndsWith("/statefulsets/web", StringComparison.Ordinal) && !r.Query.Contains("dryRun", StringComparison.Ordinal)
                        && Interlocked.Increment(ref matched) == 1,
        });
    }

    private static BerthClient Client(string kubeconfig) =>
        BerthClient.FromKubeconfig(kubeconfig, options: new BerthClientOptions { Retry = new RetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromSeconds(1) } });

    [Fact]
    public async Task Apply_cancelled_before_the_StatefulSet_is_written_says_what_was_applied_and_applying_again_finishes()
    {
        await using var ns = await cluster.CreateNamespaceAsync("cancel-apply");
        await using var proxy = await HoldSetApplyAsync(TimeSpan.FromSeconds(60));
        using var client = Client(proxy.KubeconfigPath);
        using var cts = new CancellationTokenSource();
        var apply = client.For(TestApps.Web(ns, replicas: 1)).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast }, cts.Token);
        await WaitForAsync(() => proxy.TotalInjected > 0, "the StatefulSet's apply to be under way");

        var watch = Stopwatch.StartNew();
        cts.Cancel();
        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => apply);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Equal(
            $"apply of web in namespace {ns.Name} cancelled: applied namespace/{ns.Name}, service/web, poddisruptionbudget/web; not applied: statefulset/web; " +
            "applying again finishes the job (server-side apply: repeating it is safe)", e.Message);
        // what it says is what is there
        await Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns));
        Assert.NotNull(await cluster.Client.CoreV1.ReadNamespacedServiceAsync("web", ns));

        using var direct = Harness.Client(cluster);
        var again = (await direct.For(TestApps.Web(ns, replicas: 1)).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast })).Apps.Single();
        Assert.Equal(ApplyAction.Created, again.StatefulSet!.Action);
        Assert.Equal(ApplyAction.Unchanged, again.Objects.Single(o => o.Kind == "Service").Action);
        Assert.Equal(RolloutOutcome.Complete, again.Rollout!.Outcome);
    }

    [Fact]
    public async Task Scale_and_set_image_cancelled_while_waiting_say_the_change_is_made_and_goes_on()
    {
        await using var ns = await cluster.CreateNamespaceAsync("cancel-scale");
        using var client = Harness.Client(cluster);
        var app = client.For(TestApps.Web(ns, replicas: 1));
        await app.ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
        using (cluster.Simulator.KeepPending(NodeSimulator.PodNamed(ns, "web-1")))
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            var watch = Stopwatch.StartNew();
            var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => app.ScaleAsync(2, new ScaleOptions { Rollout = Harness.Fast }, cts.Token));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(7), $"took {watch.Elapsed}");
            Assert.Equal($"scale of statefulset/web in namespace {ns.Name} cancelled: replicas set 1 -> 2; the StatefulSet controller goes on creating web-1 in the cluster", e.Message);
            Assert.Equal(2, (await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns)).Spec.Replicas);
        }

        using (cluster.Simulator.KeepPending(NodeSimulator.WithImage(ns, TestApps.Image2)))
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => app.SetImageAsync("web", TestApps.Image2, new ChangeOptions { Wait = true, Rollout = Harness.Fast }, cts.Token));
            Assert.StartsWith($"wait for the rollout of statefulset/web in namespace {ns.Name} cancelled: the change was written (generation ", e.Message, StringComparison.Ordinal);
            Assert.EndsWith("); its rollout goes on in the cluster", e.Message, StringComparison.Ordinal);
        }

        Assert.Equal(RolloutOutcome.Complete, (await app.RolloutStatusAsync(Harness.Fast)).Outcome);
    }

    [Fact]
    public async Task Apply_wait_and_scale_live_through_an_API_server_restart_and_a_write_it_misses_is_named_and_done_by_the_next_apply()
    {
        await using var a = await cluster.CreateNamespaceAsync("restart-apply");
        await using var b = await cluster.CreateNamespaceAsync("restart-scale");
        using var client = Harness.Client(cluster);
        await Task.WhenAll(
            client.For(TestApps.Web(a, replicas: 2)).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast }),
            client.For(TestApps.Web(b, replicas: 1)).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast }));

        // 1. the API server goes away while apply --wait (a) and scale (b) wait, and comes back: both finish
        var pendingA = cluster.Simulator.KeepPending(NodeSimulator.WithImage(a, TestApps.Image2));
        var pendingB = cluster.Simulator.KeepPending(NodeSimulator.PodNamed(b, "web-1"));
        var slow = Harness.Fast with { Timeout = TimeSpan.FromMinutes(2) };
        var apply = client.For(TestApps.Web(a, replicas: 2, image: TestApps.Image2)).ApplyAsync(new ApplyOptions { Wait = true, Rollout = slow });
        var scale = client.For(TestApps.Web(b, replicas: 1)).ScaleAsync(2, new ScaleOptions { Rollout = slow });
        await WaitForAsync(async () => (await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", a)).Spec.Template.Spec.Containers[0].Image == TestApps.Image2
                                       && (await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", b)).Spec.Replicas == 2, "apply and scale to be waiting");
        var watch = Stopwatch.StartNew();
        try
        {
            await ClusterComponents.StopAsync(ClusterComponents.ApiServer);
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.False(apply.IsCompleted || scale.IsCompleted);
        }
        finally
        {
            await ClusterComponents.StartAllAsync();
        }

        output.WriteLine($"API server down and back in {watch.Elapsed.TotalSeconds:F1}s");
        pendingA.Dispose();
        pendingB.Dispose();
        var applied = (await apply).Apps.Single();
        var scaled = await scale;
        Assert.Equal(RolloutOutcome.Complete, applied.Rollout!.Outcome);
        Assert.Contains(applied.Rollout.Notices, n => n.Contains("does not answer", StringComparison.Ordinal));
        Assert.Equal(RolloutOutcome.Complete, scaled.Rollout!.Outcome);
        Assert.All(await Harness.PodsAsync(cluster.Client, a), p => Assert.Equal(TestApps.Image2, p.Spec.Containers.Single().Image));
        Assert.Equal(new[] { "web-0", "web-1" }, (await Harness.PodsAsync(cluster.Client, b)).Select(p => p.Metadata.Name));

        // 2. the API server goes away while apply's write of the StatefulSet is on its way, longer than the retries
        //    last: apply fails saying what it applied and what not; once the server is back, the same apply finishes
        // held long enough that the API server is surely stopped when the write goes on (stopping it took over 6 s once)
        await using var proxy = await HoldSetApplyAsync(TimeSpan.FromSeconds(20));
        using var held = Client(proxy.KubeconfigPath);
        var image3 = "registry.local/web:3.0";
        var failing = held.For(TestApps.Web(a, replicas: 2, image: image3)).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
        BerthClientException failure;
        try
        {
            await WaitForAsync(() => Task.FromResult(proxy.TotalInjected > 0), "the StatefulSet's apply to be under way");
            await ClusterComponents.StopAsync(ClusterComponents.ApiServer);
            failure = await Assert.ThrowsAsync<BerthClientException>(() => failing);
        }
        finally
        {
            await ClusterComponents.StartAllAsync();
        }

        output.WriteLine(failure.Message);
        Assert.StartsWith($"apply statefulset/web in namespace {a.Name} failed: the API server could not be reached", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"state reached: applied namespace/{a.Name}, service/web, poddisruptionbudget/web; not applied: statefulset/web; applying again finishes the job", failure.Message, StringComparison.Ordinal);
        Assert.Equal(TestApps.Image2, (await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", a)).Spec.Template.Spec.Containers[0].Image);

        var again = (await client.For(TestApps.Web(a, replicas: 2, image: image3)).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast })).Apps.Single();
        Assert.Equal(RolloutOutcome.Complete, again.Rollout!.Outcome);
        Assert.All(await Harness.PodsAsync(cluster.Client, a), p => Assert.Equal(image3, p.Spec.Containers.Single().Image));
    }

    private static Task WaitForAsync(Func<bool> condition, string what) => WaitForAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"timed out after 60s waiting for {what}");
            await Task.Delay(100);
        }
    }
}
