using System;
using System.Linq;
using System.Threading.Tasks;
using Berth.Client.Tests.Support;
using Berth.Testing.Cluster;
using k8s;
using k8s.Models;
using Xunit;

namespace Berth.Client.Tests;

/// <summary>
/// persistentVolumeClaimRetentionPolicy: Delete makes the StatefulSet controller delete claims; scale and delete say so
/// before they act. The test cluster (1.20) predates the field: the server drops it, so there the claims are kept and
/// the client says that the definition asks for Delete but the live set does not have it.
/// </summary>
[Collection(TestCluster.Collection)]
public sealed class RetentionPolicyTests
{
    private readonly TestCluster cluster;

    public RetentionPolicyTests(TestCluster cluster) => this.cluster = cluster;

    [Fact]
    public async Task On_a_server_without_the_field_scale_and_delete_say_the_definitions_Delete_is_not_live_and_the_claims_stay()
    {
        await using var ns = await cluster.CreateNamespaceAsync("retention");
        using var client = Harness.Client(cluster);
        await client.For(TestApps.Web(ns, replicas: 3, name: "keep")).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
        var app = client.For(TestApps.Web(ns, replicas: 3, name: "keep").ClaimRetention(ClaimRetention.Delete, ClaimRetention.Delete));

        // Berth refuses to apply the field to a server that would drop it.
        var refused = await Assert.ThrowsAsync<BerthClientException>(() => app.ApplyAsync(new ApplyOptions { Rollout = Harness.Fast }));
        Assert.Contains("app keep uses fields the server (v1.20.2) does not know and would drop silently: StatefulSet spec.persistentVolumeClaimRetentionPolicy (ClaimRetention(...); Kubernetes 1.23+); nothing was sent.", refused.Message, StringComparison.Ordinal);
        Assert.Null((await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("keep", ns)).Spec.PersistentVolumeClaimRetentionPolicy);

        // Written by another client, the 1.20 server drops it.
        var live = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("keep", ns);
        live.Spec.PersistentVolumeClaimRetentionPolicy = new V1StatefulSetPersistentVolumeClaimRetentionPolicy { WhenDeleted = "Delete", WhenScaled = "Delete" };
        var written = await cluster.Client.AppsV1.ReplaceNamespacedStatefulSetAsync(live, "keep", ns);
        Assert.Null(written.Spec.PersistentVolumeClaimRetentionPolicy);

        var list = await app.ListClaimsAsync();
        Assert.Equal((null, null), list.LiveRetention);
        Assert.Equal(("Delete", "Delete"), list.DefinedRetention);

        var down = await app.ScaleAsync(1, new ScaleOptions { Rollout = Harness.Fast });
        Assert.Equal("statefulset/keep: the definition sets persistentVolumeClaimRetentionPolicy.whenScaled: Delete, but the live set does not have it (a server before 1.23, or without the StatefulSetAutoDeletePVC feature, drops the field), so the claims are kept of the removed pods on the scale-down 3 -> 1", down.RetentionNotice);
        Assert.False(down.ClaimsDeletedByRetentionPolicy);
        Assert.Equal(new[] { "data-keep-1", "data-keep-2" }, down.RemainingClaims.Select(c => c.Name));

        var deleted = await app.DeleteAsync(new DeleteOptions { Wait = true });
        Assert.True(deleted.StatefulSetDeleted);
        Assert.Contains("persistentVolumeClaimRetentionPolicy.whenDeleted: Delete, but the live set does not have it", deleted.RetentionNotice, StringComparison.Ordinal);
        Assert.Contains("so the claims are kept when the set is deleted", deleted.RetentionNotice, StringComparison.Ordinal);
        var claims = await cluster.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns);
        Assert.Equal(new[] { "data-keep-0", "data-keep-1", "data-keep-2" }, claims.Items.Select(c => c.Metadata.Name).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void A_live_Delete_policy_names_the_claims_the_controller_will_delete()
    {
        static ClaimInfo Claim(int ordinal) => new() { Name = $"data-pg-{ordinal}", Template = "data", Ordinal = ordinal };
        var list = new ClaimList
        {
            Name = "pg",
            Namespace = "data",
            StatefulSetExists = true,
            Replicas = 3,
            Templates = new[] { "data" },
            Claims = new[] { Claim(0), Claim(1), Claim(2), Claim(3) },
            LiveRetention = ("Delete", "Delete"),
        };

        Assert.Equal("statefulset/pg: its persistentVolumeClaimRetentionPolicy.whenScaled is Delete: the StatefulSet controller will DELETE the claims data-pg-1, data-pg-2 of the removed pods on the scale-down 3 -> 1, with their data", list.RetentionNotice(1));
        Assert.Equal("statefulset/pg: its persistentVolumeClaimRetentionPolicy.whenDeleted is Delete: the StatefulSet controller will DELETE the claims data-pg-0, data-pg-1, data-pg-2 when the set is deleted, with their data", list.RetentionNotice(null));
        Assert.Null(list.RetentionNotice(3));
        Assert.Null(list.RetentionNotice(5));
        Assert.Null((list with { LiveRetention = ("Retain", null) }).RetentionNotice(null));
        Assert.Null((list with { LiveRetention = ("Retain", null) }).RetentionNotice(1));
    }
}
