using System;
using System.Threading.Tasks;
using Berth.Cli.Tests.Support;
using Berth.Testing.Cluster;
using Xunit;

namespace Berth.Cli.Tests;

/// <summary>Ctrl+C (SIGINT) to a running berth process: it stops promptly, exits 130 and says what was done and what was not.</summary>
[Collection(TestCluster.Collection)]
public sealed class InterruptTests
{
    private readonly TestCluster cluster;

    public InterruptTests(TestCluster cluster) => this.cluster = cluster;

    [Fact]
    public async Task Ctrl_C_during_apply_wait_exits_130_saying_what_was_applied_and_apply_again_finishes()
    {
        await using var ns = await cluster.CreateNamespaceAsync("cli-interrupt");
        var pending = cluster.Simulator.KeepPending(NodeSimulator.PodNamed(ns, "web-1"));
        try
        {
            var (result, exitAfter) = await Tool.InterruptProcessAsync(
                new[] { "apply", "web", "--wait", "--timeout", "90s", "--kubeconfig", cluster.KubeconfigPath, "-n", ns, "--assembly", Tool.FixtureAssembly },
                after: "web-0  Ready");

            Assert.True(exitAfter < TimeSpan.FromSeconds(5), $"exited {exitAfter} after SIGINT");
            Assert.Equal(130, result.ExitCode);
            // what was applied is printed before the wait; the cancellation says the rest
            Assert.Contains("  statefulset/web created", result.Out, StringComparison.Ordinal);
            Assert.Contains(
                $"error: wait for the rollout of statefulset/web in namespace {ns.Name} cancelled: what this command changed was done before the wait (see above); " +
                "the rollout goes on in the cluster ('berth rollout status web' follows it)", result.Err, StringComparison.Ordinal);
        }
        finally
        {
            pending.Dispose();
        }

        var again = (await cluster.BerthAsync(ns, "apply", "web", "--wait", "--timeout", "90s")).Expect(0);
        Assert.Contains("rollout complete", again.Out, StringComparison.OrdinalIgnoreCase);
    }
}
