using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Berth.Client.Tests.Support;
using Berth.Testing.Cluster;
using k8s;
using Xunit;

namespace Berth.Client.Tests;

/// <summary>Canary rollouts against the real StatefulSet controller: staged partitions, checks, aborts that roll back.</summary>
[Collection(TestCluster.Collection)]
public sealed class CanaryTests
{
    private readonly TestCluster cluster;

    public CanaryTests(TestCluster cluster) => this.cluster = cluster;

    /// <summary>Each pod's image and controller-revision-hash label, by pod name.</summary>
    private async Task<Dictionary<string, (string Image, string Revision)>> PodsAsync(string ns) =>
        (await Harness.PodsAsync(cluster.Client, ns)).ToDictionary(
            p => p.Metadata.Name,
            p => (p.Spec.Containers.Single().Image, p.Metadata.Labels["controller-revision-hash"]));

    private async Task<int?> PartitionAsync(string ns) =>
        (await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns)).Spec.UpdateStrategy.RollingUpdate?.Partition;

    [Fact]
    public async Task Steps_1_50_100_update_the_highest_ordinals_first_and_each_check_sees_exactly_its_pods_on_the_new_revision()
    {
        await using var ns = await cluster.CreateNamespaceAsync("canary-ok");
        using var client = Harness.Client(cluster);
        await client.For(TestApps.Web(ns, replicas: 4)).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
        var old = (await client.For(TestApps.Web(ns, replicas: 4)).StatusAsync()).UpdateRevision!;
        var claims = (await Harness.ClaimsAsync(cluster.Client, ns)).Select(c => c.Metadata.Uid).ToList();

        var seen = new ConcurrentQueue<(CanaryCheckContext Context, Dictionary<string, (string Image, string Revision)> Pods, int? Partition)>();
        var check = CanaryCheck.Of("record the pods", async (c, _) =>
        {
            seen.Enqueue((c, await PodsAsync(ns), await PartitionAsync(ns)));
            return CanaryCheckResult.Pass($"step {c.Step} looked fine");
        });
        var progress = new Harness.ProgressLog();
        var result = await client.For(TestApps.Web(ns, replicas: 4, image: TestApps.Image2))
            .CanaryAsync(new CanaryOptions { Steps = CanaryStep.Parse("1,50%,100%"), Check = check, Rollout = Harness.Fast }, progress);

        Assert.Equal(CanaryOutcome.Completed, result.Outcome);
        Assert.True(result.Succeeded);
        Assert.Equal(new[] { "1", "50%", "100%" }, result.Plan);
        Assert.Equal(new[] { 3, 2, 0 }, result.Steps.Select(s => s.Partition));
        Assert.Equal(new[] { "3", "3,2", "3,2,1,0" }, result.Steps.Select(s => string.Join(",", s.Ordinals)));
        Assert.All(result.Steps, s => Assert.True(s.Passed && s.Check!.Passed, s.ToString()));
        Assert.Equal(old, result.PreviousRevision);
        Assert.NotNull(result.Revision);
        Assert.NotEqual(old, result.Revision);

        // at each check, exactly the step's ordinals ran the new revision (and image), the others the old one
        var steps = seen.ToList();
        Assert.Equal(3, steps.Count);
        var expectedNew = new[] { new[] { "web-3" }, new[] { "web-3", "web-2" }, new[] { "web-3", "web-2", "web-1", "web-0" } };
        for (var i = 0; i < 3; i++)
        {
            var (context, pods, partition) = steps[i];
            Assert.Equal(i + 1, context.Step);
            Assert.Equal(3, context.Steps);
            Assert.Equal(expectedNew[i], context.UpdatedPods);
            Assert.Equal(result.Revision, context.Revision);
            Assert.Equal(new[] { 3, 2, 0 }[i], partition);
            foreach (var (name, (image, revision)) in pods)
            {
                var updated = expectedNew[i].Contains(name);
                Assert.True(updated ? revision == result.Revision : revision == old, $"step {i + 1}: {name} runs {revision}");
                Assert.Equal(updated ? TestApps.Image2 : TestApps.Image1, image);
            }
        }

        // the end: partition 0, every pod on the new revision, the controller agrees, the claims untouched
        Assert.Equal(0, await PartitionAsync(ns));
        Assert.Equal(0, result.Partition);
        var status = await client.For(TestApps.Web(ns, replicas: 4)).StatusAsync();
        Assert.Equal(result.Revision, status.CurrentRevision);
        Assert.All(status.Pods, p => Assert.True(p.Ready && p.Revision == result.Revision, p.Name));
        Assert.Equal(claims, (await Harness.ClaimsAsync(cluster.Client, ns)).Select(c => c.Metadata.Uid).ToList());

        // each step was announced, and per-pod progress came in between
        Assert.Contains(progress.Items, p => p.Notice?.Contains("step 2/3 (50%): partition 2: web-3, web-2 on the new template", StringComparison.Ordinal) == true);
        Assert.Contains(progress.Items, p => p.Notice is null && p.Pods.Count == 4);
        Assert.Equal(result.Notices, progress.Items.Where(p => p.Notice is not null).Select(p => p.Notice!));

        // the same definition again: nothing to roll out
        var again = await client.For(TestApps.Web(ns, replicas: 4, image: TestApps.Image2)).CanaryAsync(new CanaryOptions { Steps = CanaryStep.Parse("1"), Rollout = Harness.Fast });
        Assert.Equal(CanaryOutcome.Unchanged, again.Outcome);
        Assert.Empty(again.Steps);
        Assert.Equal(0, await PartitionAsync(ns));
    }

    [Fact]
    public async Task A_failing_check_at_step_2_restores_the_old_revision_on_every_pod_and_the_partition()
    {
        await using var ns = await cluster.CreateNamespaceAsync("canary-check");
        using var client = Harness.Client(cluster);
        await client.For(TestApps.Web(ns, replicas: 4)).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
        var before = await PodsAsync(ns);
        var old = before["web-0"].Revision;
        var claims = (await Harness.ClaimsAsync(cluster.Client, ns)).Select(c => c.Metadata.Uid).ToList();

        var check = CanaryCheck.Of("error rate", (c, _) => Task.FromResult(c.Step == 2 ? CanaryCheckResult.Fail("error rate 7% > 1%") : CanaryCheckResult.Pass("error rate 0%")));
        var e = await Assert.ThrowsAsync<CanaryFailedException>(() => client.For(TestApps.Web(ns, replicas: 4, image: TestApps.Image2))
            .CanaryAsync(new CanaryOptions { Steps = CanaryStep.Parse("1,50%,100%"), Check = check, Rollout = Harness.Fast }));

        var result = e.Result;
        Assert.Equal(CanaryOutcome.RolledBack, result.Outcome);
        Assert.False(result.Succeeded);
        Assert.Equal(2, result.FailedStep);
        Assert.Equal(new[] { 3, 2 }, result.UpdatedOrdinals);
        Assert.Equal(2, result.Steps.Count);
        Assert.True(result.Steps[0].Passed);
        Assert.False(result.Steps[1].Passed);
        Assert.Equal("error rate 7% > 1%", result.Steps[1].Check!.Message);
        Assert.Equal(RolloutOutcome.Complete, result.Rollback!.Outcome);
        Assert.Empty(result.DeletedPods);
        Assert.Contains("aborted at step 2 of 3 (50%): check failed: error rate 7% > 1%", e.Message, StringComparison.Ordinal);
        Assert.Contains("ordinals 3, 2 ran the new template", e.Message, StringComparison.Ordinal);
        Assert.Contains($"every pod Ready on revision {old}, partition 0 as before", e.Message, StringComparison.Ordinal);

        // every pod back on the old revision and image, Ready; the partition as before; the claims untouched
        var after = await PodsAsync(ns);
        Assert.Equal(before.Keys.OrderBy(k => k), after.Keys.OrderBy(k => k));
        Assert.All(after, p => Assert.Equal((TestApps.Image1, old), p.Value));
        Assert.Equal(0, await PartitionAsync(ns));
        var status = await client.For(TestApps.Web(ns, replicas: 4)).StatusAsync();
        Assert.Equal(old, status.UpdateRevision);
        Assert.Equal(old, status.CurrentRevision);
        Assert.All(status.Pods, p => Assert.True(p.Ready, p.Name));
        Assert.Equal(claims, (await Harness.ClaimsAsync(cluster.Client, ns)).Select(c => c.Metadata.Uid).ToList());
    }

    [Fact]
    public async Task A_pod_that_never_becomes_ready_ends_the_step_at_the_progress_deadline_and_the_abort_deletes_it_and_rolls_back()
    {
        await using var ns = await cluster.CreateNamespaceAsync("canary-unready");
        using var unready = cluster.Simulator.KeepUnready(NodeSimulator.WithImage(ns, TestApps.Image2));
        using var client = Harness.Client(cluster);
        await client.For(TestApps.Web(ns, replicas: 4)).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
        var old = (await PodsAsync(ns))["web-0"].Revision;
        var checks = 0;
        var check = CanaryCheck.Of("counted", (_, _) => Task.FromResult(++checks > 0));

        var e = await Assert.ThrowsAsync<CanaryFailedException>(() => client.For(TestApps.Web(ns, replicas: 4, image: TestApps.Image2)).CanaryAsync(new CanaryOptions
        {
            Steps = CanaryStep.Parse("1,100%"),
            Check = check,
            Rollout = Harness.Fast with { ProgressDeadline = TimeSpan.FromSeconds(3) },
        }));

        var result = e.Result;
        Assert.Equal(CanaryOutcome.RolledBack, result.Outcome);
        Assert.Equal(1, result.FailedStep);
        Assert.Equal(0, checks); // the check runs only once the step's pods are Ready
        var step = Assert.Single(result.Steps);
        Assert.False(step.Ready);
        Assert.Null(step.Check);
        Assert.Contains(step.Rollout!.Outcome, new[] { RolloutOutcome.Stuck, RolloutOutcome.ProgressDeadlineExceeded });
        Assert.Equal("web-3", step.Rollout.BlockingPod);
        Assert.Equal(new[] { 3 }, result.UpdatedOrdinals);
        Assert.Equal(new[] { "web-3" }, result.DeletedPods);
        Assert.Contains("the pods of step 1 did not become Ready on the new template", e.Message, StringComparison.Ordinal);
        Assert.Contains(result.Notices, n => n.Contains("deleted pod web-3 (new template, not Ready", StringComparison.Ordinal));

        Assert.All(await PodsAsync(ns), p => Assert.Equal((TestApps.Image1, old), p.Value));
        Assert.Equal(0, await PartitionAsync(ns));
        var status = await client.For(TestApps.Web(ns, replicas: 4)).StatusAsync();
        Assert.Equal(old, status.UpdateRevision);
        Assert.All(status.Pods, p => Assert.True(p.Ready, p.Name));
    }

    [Fact]
    public async Task Images_mode_ends_at_partition_0_the_definition_s_partition_caps_the_steps_and_refusals_change_nothing()
    {
        await using var ns = await cluster.CreateNamespaceAsync("canary-modes");
        using var client = Harness.Client(cluster);
        var app = client.For(TestApps.Web(ns, replicas: 3));
        await app.ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
        var generation = (await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns)).Metadata.Generation;

        // refused before anything changes: steps that do not fit, an unknown container, an OnDelete definition
        var down = await Assert.ThrowsAsync<BerthClientException>(() => app.CanaryAsync(new CanaryOptions { Steps = CanaryStep.Parse("2,1") }));
        Assert.Contains("each canary step must update more pods than the one before: step 2 (1) updates 1 of 3, step 1 (2) already 2", down.Message, StringComparison.Ordinal);
        var many = await Assert.ThrowsAsync<BerthClientException>(() => app.CanaryAsync(new CanaryOptions { Steps = CanaryStep.Parse("5") }));
        Assert.Contains("canary step 5 asks for 5 pods, but the set has 3 replica(s)", many.Message, StringComparison.Ordinal);
        var ordinal = await Assert.ThrowsAsync<BerthClientException>(() => app.CanaryAsync(new CanaryOptions { Steps = CanaryStep.Parse("@7") }));
        Assert.Contains("names ordinal 7, but the set's ordinals are 0 to 2", ordinal.Message, StringComparison.Ordinal);
        var container = await Assert.ThrowsAsync<BerthClientException>(() => app.CanaryAsync(new CanaryOptions { Steps = CanaryStep.Parse("1"), Images = new Dictionary<string, string> { ["sidecar"] = "x:1" } }));
        Assert.Contains("has no container named \"sidecar\"; containers: \"web\"", container.Message, StringComparison.Ordinal);
        var onDelete = await Assert.ThrowsAsync<BerthClientException>(() => client.For(TestApps.Web(ns, replicas: 3, image: TestApps.Image2).OnDelete()).CanaryAsync(new CanaryOptions { Steps = CanaryStep.Parse("1") }));
        Assert.Contains("the definition uses the OnDelete strategy", onDelete.Message, StringComparison.Ordinal);
        var live = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns);
        Assert.Equal(generation, live.Metadata.Generation);
        Assert.All(await PodsAsync(ns), p => Assert.Equal(TestApps.Image1, p.Value.Image));

        // images on the live template, ordinal thresholds: @2 then the rest
        var images = await app.CanaryAsync(new CanaryOptions
        {
            Steps = CanaryStep.Parse("@2"),
            Images = new Dictionary<string, string> { ["web"] = TestApps.Image2 },
            Rollout = Harness.Fast,
        });
        Assert.Equal(CanaryOutcome.Completed, images.Outcome);
        Assert.Equal(new[] { "@2", "rest" }, images.Plan);
        Assert.Equal(new[] { 2, 0 }, images.Steps.Select(s => s.Partition));
        Assert.Equal(0, await PartitionAsync(ns));
        Assert.All(await PodsAsync(ns), p => Assert.Equal((TestApps.Image2, images.Revision!), p.Value));

        // a definition with a partition: the canary ends there, 100% is capped at it
        var partitioned = client.For(TestApps.Web(ns, replicas: 3, image: TestApps.Image1).RollingUpdate(partition: 1));
        var capped = await partitioned.CanaryAsync(new CanaryOptions { Steps = CanaryStep.Parse("1,100%"), Rollout = Harness.Fast });
        Assert.Equal(CanaryOutcome.Completed, capped.Outcome);
        Assert.Equal(new[] { "1", "100%" }, capped.Plan);
        Assert.Equal(new[] { 2, 1 }, capped.Steps.Select(s => s.Partition));
        Assert.Equal(1, await PartitionAsync(ns));
        Assert.Equal(1, capped.Partition);
        var pods = await PodsAsync(ns);
        Assert.Equal(TestApps.Image2, pods["web-0"].Image);
        Assert.Equal(TestApps.Image1, pods["web-1"].Image);
        Assert.Equal(TestApps.Image1, pods["web-2"].Image);
        Assert.Contains("ordinals below the definition's partition 1 stay on revision", capped.Message, StringComparison.Ordinal);
    }
}

/// <summary>How canary steps are read and counted (no cluster).</summary>
public sealed class CanaryStepTests
{
    [Theory]
    [InlineData("1,50%,100%", 4, 0, "1,2,4")]
    [InlineData("10%,50%,100%", 3, 0, "1,2,3")]
    [InlineData("@3,@1,@0", 4, 0, "1,3,4")]
    [InlineData("@12, 2", 3, 10, "1,2")]
    public void Steps_count_pods_from_the_highest_ordinal_and_round_percentages_up(string text, int replicas, int start, string pods)
    {
        var steps = CanaryStep.Parse(text);

        Assert.Equal(pods, string.Join(",", steps.Select(s => s.PodsOf(replicas, start))));
        Assert.Equal(text.Replace(" ", string.Empty, StringComparison.Ordinal), string.Join(",", steps));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("150%")]
    [InlineData("0%")]
    [InlineData("-1")]
    [InlineData("half")]
    [InlineData("1,,2")]
    [InlineData("@x")]
    public void A_malformed_step_is_refused_naming_it_and_the_three_forms(string text)
    {
        var e = Assert.Throws<FormatException>(() => CanaryStep.Parse(text));

        Assert.Contains("is not a step: write a pod count (1), a percentage of the replicas from 1% to 100% (50%) or an ordinal threshold (@2", e.Message, StringComparison.Ordinal);
    }
}

/// <summary>The built-in checks: a command's exit code and an HTTP GET's status (no cluster).</summary>
public sealed class CanaryCheckTests
{
    private static readonly CanaryCheckContext Step2 = new()
    {
        Name = "web", Namespace = "shop", Step = 2, Steps = 3, Spec = "50%", Partition = 2, UpdatedPods = new[] { "web-3", "web-2" }, Revision = "web-abc",
    };

    [Fact]
    public async Task A_command_passes_on_exit_0_sees_the_step_and_fails_with_its_output_or_when_it_takes_too_long()
    {
        var env = await CanaryCheck.Command("echo \"$BERTH_CANARY_APP $BERTH_CANARY_NAMESPACE $BERTH_CANARY_STEP/$BERTH_CANARY_STEPS $BERTH_CANARY_PARTITION $BERTH_CANARY_PODS $BERTH_CANARY_REVISION\"").RunAsync(Step2, CancellationToken.None);
        Assert.True(env.Passed, env.Message);
        Assert.Equal("command `echo \"$BERTH_CANARY_APP $BERTH_CANARY_NAMESPACE $BERTH_CANARY_STEP/$BERTH_CANARY_STEPS $BERTH_CANARY_PARTITION $BERTH_CANARY_PODS $BERTH_CANARY_REVISION\"` exited 0: web shop 2/3 2 web-3 web-2 web-abc", env.Message);

        var failed = await CanaryCheck.Command("echo 7 errors >&2; exit 3").RunAsync(Step2, CancellationToken.None);
        Assert.False(failed.Passed);
        Assert.Equal("command `echo 7 errors >&2; exit 3` exited 3: 7 errors", failed.Message);

        var slow = await CanaryCheck.Command("sleep 30", TimeSpan.FromMilliseconds(300)).RunAsync(Step2, CancellationToken.None);
        Assert.False(slow.Passed);
        Assert.Equal("command `sleep 30` did not finish within 0.3s (killed)", slow.Message);

        var thrown = await CanaryCheck.Of("throws", (CanaryCheckContext _, CancellationToken _) => Task.FromException<bool>(new InvalidOperationException("boom"))).RunAsync(Step2, CancellationToken.None);
        Assert.False(thrown.Passed);
        Assert.Equal("throws threw InvalidOperationException: boom", thrown.Message);
    }

    [Fact]
    public async Task An_http_get_passes_on_2xx_and_fails_on_another_status_or_no_answer()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serving = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                var context = await listener.GetContextAsync();
                context.Response.StatusCode = context.Request.Url!.AbsolutePath == "/healthz" ? 200 : 503;
                context.Response.Close();
            }
        });

        var ok = await CanaryCheck.HttpGet(new Uri($"http://127.0.0.1:{port}/healthz")).RunAsync(Step2, CancellationToken.None);
        Assert.True(ok.Passed, ok.Message);
        Assert.Equal($"GET http://127.0.0.1:{port}/healthz answered 200 OK", ok.Message);
        var down = await CanaryCheck.HttpGet(new Uri($"http://127.0.0.1:{port}/broken")).RunAsync(Step2, CancellationToken.None);
        Assert.False(down.Passed);
        Assert.Equal($"GET http://127.0.0.1:{port}/broken answered 503 Service Unavailable (not 2xx)", down.Message);
        await serving;
        listener.Stop();

        var refused = await CanaryCheck.HttpGet(new Uri($"http://127.0.0.1:{port}/healthz"), TimeSpan.FromSeconds(5)).RunAsync(Step2, CancellationToken.None);
        Assert.False(refused.Passed);
        Assert.StartsWith($"GET http://127.0.0.1:{port}/healthz failed: ", refused.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => CanaryCheck.HttpGet(new Uri("ftp://example.com/")));
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
