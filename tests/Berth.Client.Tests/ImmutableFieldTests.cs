using System;
using System.Linq;
using System.Threading.Tasks;
using Berth.Client.Tests.Support;
using Berth.Testing.Cluster;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit;

namespace Berth.Client.Tests;

/// <summary>Changes the API server cannot make to a live StatefulSet: refused before sending, or recreated on request.</summary>
[Collection(TestCluster.Collection)]
public sealed class ImmutableFieldTests
{
    private readonly TestCluster cluster;

    public ImmutableFieldTests(TestCluster cluster) => this.cluster = cluster;

    private static StatefulApp Changed(string ns, string image) =>
        StatefulApp.Named("web")
            .InNamespace(ns)
            .Replicas(2)
            .PodManagement(PodManagement.Parallel)
            .Container("web", image, c => c
                .Port("http", 8080)
                .Env("MODE", "test")
                .Requests(cpu: "10m", memory: "16Mi").Limits(memory: "32Mi")
                .Readiness(Probe.Tcp("http"))
                .Mount("data", "/data"))
            .VolumeClaim("data", "2Gi")
            .TerminationGracePeriod(1)
            .DisruptionBudget(maxUnavailable: 1);

    [Fact]
    public async Task Immutable_change_is_refused_before_anything_is_sent_then_recreate_keeps_the_pods_and_claims()
    {
        await using var ns = await cluster.CreateNamespaceAsync("immutable");
        var log = new LogCapture();
        using var client = Harness.Client(cluster, log);
        await client.For(TestApps.Web(ns, replicas: 2)).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
        var before = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns);
        var podsBefore = (await Harness.PodsAsync(cluster.Client, ns)).ToDictionary(p => p.Metadata.Name, p => p.Metadata.Uid);
        var claimsBefore = (await Harness.ClaimsAsync(cluster.Client, ns)).ToDictionary(c => c.Metadata.Name, c => c.Metadata.Uid);
        Assert.Equal(2, claimsBefore.Count);

        // refused: names each field with both values, what 1.20 allows, and the safe path; nothing was sent
        var refused = await Assert.ThrowsAsync<ImmutableFieldChangeException>(() => client.For(Changed(ns, TestApps.Image2)).ApplyAsync());
        Assert.Equal("BERTH027", refused.Violation.Id);
        Assert.Equal(new[] { "replicas", "template", "updateStrategy" }, refused.MutableFields);
        var fields = refused.Changes.ToDictionary(c => c.Field);
        Assert.Equal("\"OrderedReady\"", fields["spec.podManagementPolicy"].Current);
        Assert.Equal("\"Parallel\"", fields["spec.podManagementPolicy"].Desired);
        Assert.Equal("\"1Gi\"", fields["spec.volumeClaimTemplates[data].spec.resources.requests.storage"].Current);
        Assert.Equal("\"2Gi\"", fields["spec.volumeClaimTemplates[data].spec.resources.requests.storage"].Desired);
        Assert.Equal(2, refused.Changes.Count);
        Assert.Contains("'replicas', 'template', 'updateStrategy'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("cascade=orphan", refused.Message, StringComparison.Ordinal);
        Assert.Contains("RecreateOnImmutableChange", refused.Message, StringComparison.Ordinal);
        Assert.Contains("statefulset/web in namespace " + ns.Name, refused.Message, StringComparison.Ordinal);
        var untouched = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns);
        Assert.Equal(before.Metadata.Generation, untouched.Metadata.Generation);
        Assert.Equal(TestApps.Image1, untouched.Spec.Template.Spec.Containers.Single().Image);

        // diff shows the same fields as a recreate
        var diff = await client.For(Changed(ns, TestApps.Image1)).DiffAsync();
        Assert.Equal(DiffAction.Recreate, diff.StatefulSet!.Action);
        Assert.Equal(refused.Changes.Select(c => c.Field).OrderBy(f => f), diff.StatefulSet.ImmutableChanges.Select(c => c.Field).OrderBy(f => f));

        // opt-in recreate: orphan delete + create; the new set adopts the same pods and claims
        var result = await client.For(Changed(ns, TestApps.Image1)).ApplyAsync(new ApplyOptions { RecreateOnImmutableChange = true, Wait = true, Rollout = Harness.Fast });
        var app = result.Apps.Single();
        Assert.Equal(ApplyAction.Recreated, app.StatefulSet!.Action);
        Assert.Equal(2, app.RecreatedFor.Count);
        Assert.Equal(RolloutOutcome.Complete, app.Rollout!.Outcome);
        Assert.Contains(log.Lines, l => l.Contains("recreating (orphan cascade", StringComparison.Ordinal));

        var after = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns);
        Assert.NotEqual(before.Metadata.Uid, after.Metadata.Uid);
        Assert.Equal("Parallel", after.Spec.PodManagementPolicy);
        var podsAfter = await Harness.PodsAsync(cluster.Client, ns);
        Assert.Equal(podsBefore, podsAfter.ToDictionary(p => p.Metadata.Name, p => p.Metadata.Uid));
        Assert.All(podsAfter, p => Assert.Equal(after.Metadata.Uid, p.Metadata.OwnerReferences.Single(o => o.Controller == true).Uid));
        Assert.Equal(claimsBefore, (await Harness.ClaimsAsync(cluster.Client, ns)).ToDictionary(c => c.Metadata.Name, c => c.Metadata.Uid));
    }

    [Fact]
    public async Task Berths_mutable_field_list_for_1_20_is_what_the_server_itself_says()
    {
        await using var ns = await cluster.CreateNamespaceAsync("immutable-server");
        using var client = Harness.Client(cluster);
        await client.For(TestApps.Web(ns, replicas: 1)).ApplyAsync();
        var info = await client.GetServerInfoAsync();

        // ask the server directly (bypassing Berth's check) and read its own list from the refusal
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.AppsV1.PatchNamespacedStatefulSetAsync(
            new V1Patch("{\"spec\":{\"podManagementPolicy\":\"Parallel\"}}", V1Patch.PatchType.MergePatch), "web", ns));
        var fromServer = ServerInfo.ParseMutableFields(e.Response.Content);
        Assert.NotNull(fromServer);
        Assert.Equal(fromServer, info.MutableStatefulSetFields);
        Assert.Equal("v1.20.2", info.GitVersion);
        Assert.Equal("policy/v1beta1", info.DisruptionBudgetApiVersion);
    }
}
