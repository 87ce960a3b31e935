using System;
using System.Linq;
using System.Threading.Tasks;
using Berth.Testing.Cluster;
using k8s;
using k8s.Models;
using Xunit;

namespace Berth.Client.Tests;

/// <summary>The node simulator's policies make StatefulSet rollouts stuck the way a kubelet would.</summary>
[Collection(TestCluster.Collection)]
public sealed class NodeSimulatorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private readonly TestCluster cluster;

    public NodeSimulatorTests(TestCluster cluster) => this.cluster = cluster;

    private static V1StatefulSet App(string image, int replicas) => new()
    {
        Metadata = new V1ObjectMeta { Name = "app" },
        Spec = new V1StatefulSetSpec
        {
            ServiceName = "app",
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new System.Collections.Generic.Dictionary<string, string> { ["app"] = "app" } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new System.Collections.Generic.Dictionary<string, string> { ["app"] = "app" } },
                Spec = new V1PodSpec { Containers = new[] { new V1Container { Name = "app", Image = image } } },
            },
        },
    };

    private static bool Has(System.Collections.Generic.IReadOnlyDictionary<string, V1Pod> pods, string name, Func<V1Pod, bool> test) =>
        pods.TryGetValue(name, out var p) && test(p);

    [Fact]
    public async Task KeepUnready_holds_an_ordered_rollout_until_the_policy_is_removed()
    {
        await using var ns = await cluster.CreateNamespaceAsync("sim-unready");
        await using var pods = await PodWatch.StartAsync(cluster.Client, ns);
        var hold = cluster.Simulator.KeepUnready(NodeSimulator.PodNamed(ns, "app-1"));

        await cluster.Client.AppsV1.CreateNamespacedStatefulSetAsync(App("app:v1", 3), ns);
        await pods.WaitUntilAsync(
            p => Has(p, "app-0", PodWatch.IsReady) && Has(p, "app-1", x => x.Status?.Phase == "Running" && !PodWatch.IsReady(x)),
            Timeout, "app-0 Ready and app-1 Running but unready");
        Assert.DoesNotContain("app-2", pods.CreationOrder);
        var container = pods.Pods["app-1"].Status.ContainerStatuses.Single();
        Assert.False(container.Ready);
        Assert.NotNull(container.State.Running);
        Assert.StartsWith("containerd://", container.ContainerID);
        Assert.Equal("app:v1", container.Image);

        hold.Dispose();
        await pods.WaitUntilAsync(
            p => new[] { "app-0", "app-1", "app-2" }.All(n => Has(p, n, PodWatch.IsReady)),
            Timeout, "all three Ready once the policy is gone");
        Assert.Equal(new[] { "app-0", "app-1", "app-2" }, pods.CreationOrder);
    }

    [Fact]
    public async Task Crash_by_image_makes_a_rolling_update_stop_at_the_first_updated_pod()
    {
        await using var ns = await cluster.CreateNamespaceAsync("sim-crash");
        await using var pods = await PodWatch.StartAsync(cluster.Client, ns);
        using var crash = cluster.Simulator.Crash(NodeSimulator.WithImage(ns, "app:broken"));

        await cluster.Client.AppsV1.CreateNamespacedStatefulSetAsync(App("app:v1", 3), ns);
        await pods.WaitUntilAsync(
            p => p.Count == 3 && p.Values.All(PodWatch.IsReady),
            Timeout, "three Ready pods on app:v1");

        var patch = new V1Patch(
            """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"app:broken"}]}}}}""",
            V1Patch.PatchType.StrategicMergePatch);
        await cluster.Client.AppsV1.PatchNamespacedStatefulSetAsync(patch, "app", ns);

        static bool CrashLooping(V1Pod p) =>
            p.Status?.ContainerStatuses?.SingleOrDefault() is { } c
            && c.Image == "app:broken"
            && c.State?.Waiting?.Reason == "CrashLoopBackOff"
            && c.RestartCount > 0
            && c.LastState?.Terminated?.ExitCode == 1;
        await pods.WaitUntilAsync(p => Has(p, "app-2", CrashLooping), Timeout, "app-2 on app:broken in CrashLoopBackOff");

        // The rollout goes in reverse ordinal order and waits for app-2: the others keep the old image.
        var now = pods.Pods;
        Assert.All(new[] { "app-0", "app-1" }, n =>
        {
            Assert.Equal("app:v1", now[n].Spec.Containers.Single().Image);
            Assert.True(PodWatch.IsReady(now[n]));
        });
        Assert.False(PodWatch.IsReady(now["app-2"]));
        var revisions = await cluster.Client.AppsV1.ListNamespacedControllerRevisionAsync(ns);
        Assert.Equal(2, revisions.Items.Count);
    }
}
