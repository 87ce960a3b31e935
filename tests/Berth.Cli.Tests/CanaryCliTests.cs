using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Berth.Cli.Tests.Support;
using Berth.Testing.Cluster;
using k8s;
using Xunit;

namespace Berth.Cli.Tests;

/// <summary>berth rollout canary on the real test cluster: exit 0 when every step passes, 1 when it rolls back, 2 for usage errors.</summary>
[Collection(TestCluster.Collection)]
public sealed class CanaryCliTests
{
    private readonly TestCluster cluster;

    public CanaryCliTests(TestCluster cluster) => this.cluster = cluster;

    private async Task<string[]> ImagesAsync(string ns) =>
        (await cluster.Client.CoreV1.ListNamespacedPodAsync(ns)).Items.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal).Select(p => p.Spec.Containers.Single().Image).ToArray();

    private async Task<int?> PartitionAsync(string ns) =>
        (await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns)).Spec.UpdateStrategy.RollingUpdate?.Partition;

    [Fact]
    public async Task A_passing_command_check_exits_0_with_each_step_a_failing_one_rolls_back_and_exits_1_and_bad_usage_exits_2()
    {
        await using var ns = await cluster.CreateNamespaceAsync("cli-canary");
        (await cluster.BerthAsync(ns, "apply", "web", "--wait", "--timeout", "90s")).Expect(0);
        var log = Path.Combine(Tool.EmptyDirectory, $"canary-{ns}.log");

        // every step passes: the command sees each step's pods, highest ordinals first
        var ok = (await cluster.BerthAsync(ns, "rollout", "canary", "web", "--steps", "1,50%,100%", "--image", "web=nginx:1.28",
            "--check", $"echo \"$BERTH_CANARY_STEP/$BERTH_CANARY_STEPS $BERTH_CANARY_PODS\" >> {log}", "--timeout", "90s")).Expect(0);
        Assert.Equal(new[] { "1/3 web-2", "2/3 web-2 web-1", "3/3 web-2 web-1 web-0" }, File.ReadAllLines(log));
        Assert.Contains("step 2/3 (50%): partition 1: web-2, web-1 on the new template", ok.Out);
        Assert.Contains("  step 1 (1): partition 2, ordinals 2: Ready; check passed: command `echo", ok.Out);
        Assert.Contains("  step 3 (100%): partition 0, ordinals 2, 1, 0: Ready; check passed", ok.Out);
        Assert.Contains("canary complete: 3 pod(s) Ready on revision web-", ok.Out);
        Assert.Equal(new[] { "nginx:1.28", "nginx:1.28", "nginx:1.28" }, await ImagesAsync(ns));
        Assert.Equal(0, await PartitionAsync(ns));

        // the check fails at step 2: the old template and partition come back on every pod, exit 1
        var failed = (await cluster.BerthAsync(ns, "rollout", "canary", "web", "--steps", "1,50%,100%", "--image", "web=nginx:1.29",
            "--check", "echo step $BERTH_CANARY_STEP; test $BERTH_CANARY_STEP -lt 2", "--timeout", "90s")).Expect(1);
        Assert.Contains("canary aborted at step 2 of 3 (50%): check failed: command `echo step $BERTH_CANARY_STEP; test $BERTH_CANARY_STEP -lt 2` exited 1: step 2", failed.Err);
        Assert.Contains("ordinals 2, 1 ran the new template", failed.Err);
        Assert.Contains("  updated when it ended: web-2, web-1", failed.Err);
        Assert.Contains("  state reached: every pod Ready on revision web-", failed.Err);
        Assert.Contains("partition 0 (as before the canary)", failed.Err);
        Assert.StartsWith("error: ", failed.Err.Split('\n').Last(l => l.Length > 0), StringComparison.Ordinal);
        Assert.Equal(new[] { "nginx:1.28", "nginx:1.28", "nginx:1.28" }, await ImagesAsync(ns));
        Assert.Equal(0, await PartitionAsync(ns));
        Assert.Equal(new[] { "data-web-0", "data-web-1", "data-web-2" }, await cluster.ClaimsAsync(ns));

        // usage errors, nothing changed
        var steps = (await cluster.BerthAsync(ns, "rollout", "canary", "web", "--steps", "1,half", "--image", "web=nginx:1.29")).Expect(2);
        Assert.Contains("--steps: canary step 'half' is not a step", steps.Err);
        var two = (await cluster.BerthAsync(ns, "rollout", "canary", "web", "--steps", "1", "--check", "true", "--pause")).Expect(2);
        Assert.Contains("--check, --check-http and --pause are alternatives; pass one", two.Err);
        (await cluster.BerthAsync(ns, "rollout", "canary", "web", "--image", "web=nginx:1.29")).Expect(2); // --steps is required
        var tooMany = (await cluster.BerthAsync(ns, "rollout", "canary", "web", "--steps", "1,4", "--image", "web=nginx:1.29")).Expect(1);
        Assert.Contains("canary step 4 asks for 4 pods, but the set has 3 replica(s)", tooMany.Err);
        Assert.Equal(new[] { "nginx:1.28", "nginx:1.28", "nginx:1.28" }, await ImagesAsync(ns));
    }

    [Fact]
    public async Task Pause_asks_on_stdin_after_each_step_and_a_no_rolls_back()
    {
        await using var ns = await cluster.CreateNamespaceAsync("cli-canary-pause");
        (await cluster.BerthAsync(ns, "apply", "web", "--wait", "--timeout", "90s")).Expect(0);

        var paused = (await Tool.RunProcessAsync(
            new[] { "rollout", "canary", "web", "--steps", "1,2,3", "--image", "web=nginx:1.28", "--pause", "--timeout", "90s", "--kubeconfig", cluster.KubeconfigPath, "-n", ns },
            stdin: "yes\nno\n", timeout: TimeSpan.FromSeconds(150))).Expect(1);
        Assert.Contains("step 1/3 (1): web-2 Ready on the new template. Go on with step 2/3? Type 'yes' to go on with step 2/3, anything else rolls back:", paused.Err);
        Assert.Contains("step 2/3 (2): web-2, web-1 Ready on the new template.", paused.Err);
        Assert.Contains("check passed: confirmed ('yes')", paused.Out);
        Assert.Contains("canary aborted at step 2 of 3 (2): check failed: not confirmed (answered 'no')", paused.Err);
        Assert.Equal(new[] { "nginx:1.27", "nginx:1.27", "nginx:1.27" }, await ImagesAsync(ns));
        Assert.Equal(0, await PartitionAsync(ns));
    }
}
