using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Berth.Client.Tests.Support;
using Berth.Testing.Cluster;
using k8s;
using k8s.Models;
using Xunit;

namespace Berth.Client.Tests;

/// <summary>
/// Volume resize on the real API server and controller manager, the node simulator playing the storage provider
/// (bound volumes, StorageClasses with and without expansion, the resize controller).
/// </summary>
[Collection(TestCluster.Collection)]
public sealed class ResizeTests
{
    private readonly TestCluster cluster;

    public ResizeTests(TestCluster cluster) => this.cluster = cluster;

    private static StatefulApp Db(string ns, string storageClass, int replicas = 2) =>
        StatefulApp.Named("db")
            .InNamespace(ns)
            .Replicas(replicas)
            .Container("db", TestApps.Image1, c => c
                .Port("pg", 5432)
                .Requests(cpu: "10m", memory: "16Mi").Limits(memory: "32Mi")
                .Readiness(Probe.Tcp("pg"))
                .Mount("data", "/data"))
            .VolumeClaim("data", "1Gi", storageClass: storageClass)
            .TerminationGracePeriod(1);

    private async Task<Dictionary<string, V1PersistentVolumeClaim>> ClaimsAsync(string ns) =>
        (await cluster.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns)).Items.ToDictionary(c => c.Metadata.Name);

    private async Task<Dictionary<string, string>> PodUidsAsync(string ns) =>
        (await cluster.Client.CoreV1.ListNamespacedPodAsync(ns)).Items.ToDictionary(p => p.Metadata.Name, p => p.Metadata.Uid);

    [Fact]
    public async Task Every_claim_grows_the_set_is_recreated_with_the_new_template_and_the_pods_keep_running()
    {
        await using var ns = await cluster.CreateNamespaceAsync("resize");
        using var client = Harness.Client(cluster);
        var app = client.For(Db(ns, NodeSimulator.ExpandableClass));
        await app.ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
        var setBefore = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("db", ns);
        var podsBefore = await PodUidsAsync(ns);

        var result = await app.ResizeClaimsAsync("data", "2Gi", new ResizeOptions { Timeout = TimeSpan.FromSeconds(90) });

        Assert.True(result.Done);
        Assert.True(result.Recreated);
        Assert.Equal(NodeSimulator.ExpandableClass, result.StorageClass);
        Assert.Equal(new[] { "data-db-0: 1Gi -> 2Gi (Resized)", "data-db-1: 1Gi -> 2Gi (Resized)" }, result.Claims.Select(c => c.ToString()));
        var claims = await ClaimsAsync(ns);
        Assert.Equal(2, claims.Count);
        Assert.All(claims.Values, c =>
        {
            Assert.Equal("2Gi", c.Spec.Resources.Requests["storage"].ToString());
            Assert.Equal("2Gi", c.Status.Capacity["storage"].ToString());
        });
        var set = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("db", ns);
        Assert.NotEqual(setBefore.Metadata.Uid, set.Metadata.Uid);
        Assert.Equal("2Gi", set.Spec.VolumeClaimTemplates.Single().Spec.Resources.Requests["storage"].ToString());
        Assert.Equal(podsBefore, await PodUidsAsync(ns)); // the same pods, adopted by the new set
        Assert.All((await cluster.Client.CoreV1.ListNamespacedPodAsync(ns)).Items,
            p => Assert.Equal(set.Metadata.Uid, p.Metadata.OwnerReferences.Single(o => o.Controller == true).Uid));

        // a new ordinal gets the new size from the new template
        await app.ScaleAsync(3, new ScaleOptions { Rollout = Harness.Fast });
        Assert.Equal("2Gi", (await ClaimsAsync(ns))["data-db-2"].Spec.Resources.Requests["storage"].ToString());
    }

    [Fact]
    public async Task A_file_system_that_grows_on_the_next_mount_is_reported_as_FileSystemResizePending()
    {
        await using var ns = await cluster.CreateNamespaceAsync("resize-pending");
        using var client = Harness.Client(cluster);
        var app = client.For(Db(ns, NodeSimulator.OfflineExpansionClass, replicas: 1));
        await app.ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });

        var result = await app.ResizeClaimsAsync("data", "3Gi", new ResizeOptions { Timeout = TimeSpan.FromSeconds(90) });

        Assert.True(result.Done);
        var claim = Assert.Single(result.Claims);
        Assert.Equal(ClaimResizeState.FileSystemResizePending, claim.State);
        Assert.Equal("1Gi", claim.Capacity);
        Assert.Contains("re-)start a pod", claim.Message, StringComparison.Ordinal);
        Assert.Equal("3Gi", (await ClaimsAsync(ns))["data-db-0"].Spec.Resources.Requests["storage"].ToString());
    }

    [Fact]
    public async Task A_class_without_expansion_a_shrink_and_an_unknown_claim_are_refused_with_nothing_changed()
    {
        await using var ns = await cluster.CreateNamespaceAsync("resize-refused");
        using var client = Harness.Client(cluster);
        var fixedApp = client.For(Db(ns, NodeSimulator.FixedClass, replicas: 1));
        await fixedApp.ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
        var setBefore = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("db", ns);

        var noExpansion = await Assert.ThrowsAsync<BerthClientException>(() => fixedApp.ResizeClaimsAsync("data", "2Gi"));
        Assert.Contains($"statefulset/db in namespace {ns.Name}: resize of data to 2Gi refused, nothing changed: StorageClass {NodeSimulator.FixedClass} does not allow volume expansion", noExpansion.Message, StringComparison.Ordinal);

        var shrink = await Assert.ThrowsAsync<BerthClientException>(() => fixedApp.ResizeClaimsAsync("data", "500Mi"));
        Assert.Contains("the claim template data asks for 1Gi: claims cannot shrink", shrink.Message, StringComparison.Ordinal);
        Assert.Contains("data-db-0 has 1Gi: claims cannot shrink", shrink.Message, StringComparison.Ordinal);

        var unknown = await Assert.ThrowsAsync<BerthClientException>(() => fixedApp.ResizeClaimsAsync("logs", "2Gi"));
        Assert.Contains("has no claim template \"logs\" (its claim templates: data)", unknown.Message, StringComparison.Ordinal);

        var bad = await Assert.ThrowsAsync<BerthClientException>(() => fixedApp.ResizeClaimsAsync("data", "two gigs"));
        Assert.Contains("\"two gigs\" is not a storage size", bad.Message, StringComparison.Ordinal);

        var claim = (await ClaimsAsync(ns))["data-db-0"];
        Assert.Equal("1Gi", claim.Spec.Resources.Requests["storage"].ToString());
        Assert.Equal(setBefore.Metadata.Uid, (await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("db", ns)).Metadata.Uid);

        // the API server's own admission check agrees with the refusal
        var server = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => cluster.Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(
            new V1Patch("{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"2Gi\"}}}}", V1Patch.PatchType.MergePatch), "data-db-0", ns));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, server.Response.StatusCode);
    }
}
