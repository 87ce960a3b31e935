using System;
using System.Linq;
using System.Threading.Tasks;
using Berth.Client.Tests.Support;
using Berth.Testing.Cluster;
using k8s;
using Xunit;

namespace Berth.Client.Tests;

/// <summary>
/// Each Berth operation, done with kubectl on a twin app in a second namespace, ends in the same object state
/// (StatefulSet spec and template, normalised; remaining pods and claims for delete).
/// </summary>
[Collection(TestCluster.Collection)]
public sealed class KubectlParityTests
{
    private readonly TestCluster cluster;

    public KubectlParityTests(TestCluster cluster) => this.cluster = cluster;

    /// <summary>The app as kubectl applies it: Berth's own YAML, with the PDB version this server serves.</summary>
    private async Task KubectlApplyAsync(StatefulApp app)
    {
        var yaml = app.ToYaml().Replace("apiVersion: policy/v1\n", "apiVersion: policy/v1beta1\n", StringComparison.Ordinal);
        (await cluster.KubectlAsync(new[] { "apply", "--server-side", "--field-manager=kubectl-test", "-f", "-" }, stdin: yaml)).EnsureSuccess();
    }

    private async Task<(TestNamespace Berth, TestNamespace Kubectl, BerthClient Client)> TwinsAsync(string prefix, int replicas = 2)
    {
        var a = await cluster.CreateNamespaceAsync(prefix + "-berth");
        var b = await cluster.CreateNamespaceAsync(prefix + "-kubectl");
        var client = Harness.Client(cluster);
        await client.For(TestApps.Web(a, replicas)).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
        await KubectlApplyAsync(TestApps.Web(b, replicas));
        await client.For(TestApps.Web(b, replicas)).WaitForRolloutAsync(Harness.Fast);
        return (a, b, client);
    }

    private async Task SameSpecAsync(string a, string b, string what) =>
        Harness.SameJson(await Harness.SpecAsync(cluster.Client, a, "web"), await Harness.SpecAsync(cluster.Client, b, "web"), $"{what}: StatefulSet spec by Berth ({a}) and by kubectl ({b})");

    [Fact]
    public async Task Apply_ends_like_kubectl_server_side_apply()
    {
        var (a, b, client) = await TwinsAsync("parity-apply");
        await using (a)
        await using (b)
        using (client)
        {
            await SameSpecAsync(a, b, "apply");
            var svcA = await cluster.Client.CoreV1.ReadNamespacedServiceAsync("web", a);
            var svcB = await cluster.Client.CoreV1.ReadNamespacedServiceAsync("web", b);
            Harness.SameJson(Berth.Client.Internal.KubeApi.ToJson(svcB.Spec), Berth.Client.Internal.KubeApi.ToJson(svcA.Spec), "Service spec");
            var pdbs = await Task.WhenAll(new[] { a.Name, b.Name }.Select(n => cluster.KubectlAsync("get", "pdb", "web", "-n", n, "-o", "jsonpath={.apiVersion} {.spec}")));
            Assert.Equal(pdbs[1].EnsureSuccess().StdOut, pdbs[0].EnsureSuccess().StdOut);
        }
    }

    [Fact]
    public async Task Scale_ends_like_kubectl_scale()
    {
        var (a, b, client) = await TwinsAsync("parity-scale");
        await using (a)
        await using (b)
        using (client)
        {
            await client.For(TestApps.Web(a)).ScaleAsync(3, new ScaleOptions { Rollout = Harness.Fast });
            (await cluster.KubectlAsync("scale", "statefulset/web", "--replicas=3", "-n", b)).EnsureSuccess();
            await client.For(TestApps.Web(b)).WaitForRolloutAsync(Harness.Fast);
            await SameSpecAsync(a, b, "scale to 3");
            Assert.Equal((await Harness.PodsAsync(cluster.Client, b)).Select(p => p.Metadata.Name), (await Harness.PodsAsync(cluster.Client, a)).Select(p => p.Metadata.Name));
        }
    }

    [Fact]
    public async Task Set_image_ends_like_kubectl_set_image_and_undo_like_kubectl_rollout_undo()
    {
        var (a, b, client) = await TwinsAsync("parity-image");
        await using (a)
        await using (b)
        using (client)
        {
            await client.For(TestApps.Web(a)).SetImageAsync("web", TestApps.Image2, new ChangeOptions { Wait = true, Rollout = Harness.Fast });
            (await cluster.KubectlAsync("set", "image", "statefulset/web", $"web={TestApps.Image2}", "-n", b)).EnsureSuccess();
            await client.For(TestApps.Web(b)).WaitForRolloutAsync(Harness.Fast);
            await SameSpecAsync(a, b, "set image");

            await client.For(TestApps.Web(a)).UndoAsync(options: new ChangeOptions { Wait = true, Rollout = Harness.Fast });
            (await cluster.KubectlAsync("rollout", "undo", "statefulset/web", "-n", b)).EnsureSuccess();
            await client.For(TestApps.Web(b)).WaitForRolloutAsync(Harness.Fast);
            await SameSpecAsync(a, b, "undo");
            Assert.Equal(TestApps.Image1, (await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", a)).Spec.Template.Spec.Containers.Single().Image);
        }
    }

    [Fact]
    public async Task Delete_ends_like_kubectl_delete_for_orphan_and_background_cascades()
    {
        var (a, b, client) = await TwinsAsync("parity-delete");
        await using (a)
        await using (b)
        using (client)
        {
            // orphan: the set goes, pods keep running without an owner, claims stay
            var orphan = await client.For(TestApps.Web(a)).DeleteAsync(new DeleteOptions { Cascade = DeletionCascade.Orphan });
            (await cluster.KubectlAsync("delete", "statefulset", "web", "--cascade=orphan", "--wait=true", "-n", b)).EnsureSuccess();
            Assert.Equal(new[] { "web-0", "web-1" }, orphan.OrphanedPods);
            foreach (var ns in new[] { a.Name, b.Name })
            {
                Assert.Empty((await cluster.Client.AppsV1.ListNamespacedStatefulSetAsync(ns)).Items);
                var pods = await Harness.PodsAsync(cluster.Client, ns);
                Assert.Equal(new[] { "web-0", "web-1" }, pods.Select(p => p.Metadata.Name));
                Assert.All(pods, p => Assert.True(p.Metadata.OwnerReferences is null || p.Metadata.OwnerReferences.Count == 0, $"{ns}/{p.Metadata.Name} still owned"));
                Assert.Equal(new[] { "data-web-0", "data-web-1" }, (await Harness.ClaimsAsync(cluster.Client, ns)).Select(c => c.Metadata.Name));
            }

            // background (the default): re-apply (the set adopts the orphans), delete again: pods go, claims stay
            await client.For(TestApps.Web(a)).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
            await KubectlApplyAsync(TestApps.Web(b));
            await client.For(TestApps.Web(b)).WaitForRolloutAsync(Harness.Fast);
            var background = await client.For(TestApps.Web(a)).DeleteAsync();
            (await cluster.KubectlAsync("delete", "statefulset", "web", "-n", b)).EnsureSuccess();
            await using var podsB = await PodWatch.StartAsync(cluster.Client, b);
            await podsB.WaitUntilAsync(p => p.Count == 0, TimeSpan.FromSeconds(60), "kubectl's delete removed the pods");
            Assert.Empty(background.OrphanedPods);
            Assert.Equal(new[] { "data-web-0", "data-web-1" }, background.RemainingClaims.Select(c => c.Name));
            foreach (var ns in new[] { a.Name, b.Name })
            {
                Assert.Empty(await Harness.PodsAsync(cluster.Client, ns));
                Assert.Equal(new[] { "data-web-0", "data-web-1" }, (await Harness.ClaimsAsync(cluster.Client, ns)).Select(c => c.Metadata.Name));
            }
        }
    }
}
