using System;
using System.Linq;
using System.Threading.Tasks;
using Berth.Client.Tests.Support;
using Berth.Testing.Cluster;
using k8s;
using Xunit;

namespace Berth.Client.Tests;

/// <summary>
/// What an operator met on the real cluster: diff of an immutable change, switching between RollingUpdate and
/// OnDelete, an empty namespace.
/// </summary>
[Collection(TestCluster.Collection)]
public sealed class SeenInUseTests
{
    private readonly TestCluster cluster;

    public SeenInUseTests(TestCluster cluster) => this.cluster = cluster;

    [Fact]
    public async Task Diff_of_a_selector_change_shows_the_immutable_plan_that_apply_refuses_with()
    {
        await using var ns = await cluster.CreateNamespaceAsync("diffsel");
        using var client = Harness.Client(cluster);
        await client.For(TestApps.Web(ns)).ApplyAsync();
        var changed = TestApps.Web(ns).Label("tier", "db").Selector(("tier", "db"));

        var refused = await Assert.ThrowsAsync<ImmutableFieldChangeException>(() => client.For(changed).ApplyAsync());
        var diff = await client.For(changed).DiffAsync();

        var set = diff.StatefulSet!;
        Assert.Equal(DiffAction.Recreate, set.Action);
        Assert.Equal(refused.Changes, set.ImmutableChanges);
        Assert.Contains(set.ImmutableChanges, c => c.Field == "spec.selector" && c.Desired == "{\"matchLabels\":{\"tier\":\"db\"}}");
        Assert.Equal(refused.Message, set.ImmutablePlan); // the fields, what the server allows, the safe path
        Assert.Contains("cascade=orphan", set.ToString(), StringComparison.Ordinal);
        Assert.Contains("-      app: web\n+      tier: db", set.UnifiedDiff, StringComparison.Ordinal); // spec.selector.matchLabels
        var live = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns);
        Assert.DoesNotContain("tier", live.Spec.Selector.MatchLabels.Keys);
    }

    [Fact]
    public async Task Diff_of_a_relabelled_app_whose_live_selector_no_longer_matches_shows_the_immutable_plan_not_the_servers_422()
    {
        await using var ns = await cluster.CreateNamespaceAsync("diffrelabel");
        using var client = Harness.Client(cluster);
        await client.For(TestApps.Web(ns)).ApplyAsync();
        // the template loses app=web: a dry run with the live selector is refused ("selector does not match template labels")
        var changed = StatefulApp.Named("web").InNamespace(ns).Replicas(2)
            .Container("web", TestApps.Image1, c => c.Port("http", 8080).Mount("data", "/data"))
            .VolumeClaim("data", "3Gi")
            .Label("app", "ledger").Selector(("app", "ledger"));

        var refused = await Assert.ThrowsAsync<ImmutableFieldChangeException>(() => client.For(changed).ApplyAsync());
        var diff = await client.For(changed).DiffAsync();

        var set = diff.StatefulSet!;
        Assert.Equal(DiffAction.Recreate, set.Action);
        Assert.Equal(refused.Changes, set.ImmutableChanges);
        Assert.Contains(set.ImmutableChanges, c => c.Field == "spec.selector" && c.Desired == "{\"matchLabels\":{\"app\":\"ledger\"}}");
        Assert.Contains(set.ImmutableChanges, c => c.Field == "spec.volumeClaimTemplates[data].spec.resources.requests.storage" && c.Desired == "\"3Gi\"");
        Assert.Contains(set.Changes, c => c.Path == "spec.template.metadata.labels.app" && c.After == "\"ledger\"");
        Assert.Equal(refused.Message, set.ImmutablePlan);
        var live = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns);
        Assert.Equal("web", live.Spec.Selector.MatchLabels["app"]);
    }

    [Fact]
    public async Task A_live_set_switches_from_RollingUpdate_to_OnDelete_and_back_to_a_partition()
    {
        await using var ns = await cluster.CreateNamespaceAsync("strategy");
        using var client = Harness.Client(cluster);
        await client.For(TestApps.Web(ns)).ApplyAsync();
        var live = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns);
        Assert.Equal(0, live.Spec.UpdateStrategy.RollingUpdate.Partition); // defaulted by the server, owned by no one

        var onDelete = TestApps.Web(ns).OnDelete();
        var diff = await client.For(onDelete).DiffAsync();
        Assert.Equal(DiffAction.Update, diff.StatefulSet!.Action);
        Assert.Contains(diff.StatefulSet.Changes, c => c.Path == "spec.updateStrategy.type" && c.After == "\"OnDelete\"");
        var dry = await client.For(onDelete).ApplyAsync(new ApplyOptions { DryRun = true });
        Assert.Equal(ApplyAction.Configured, dry.Apps.Single().StatefulSet!.Action);
        Assert.Equal(0, (await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns)).Spec.UpdateStrategy.RollingUpdate.Partition);

        var applied = await client.For(onDelete).ApplyAsync();
        Assert.Contains(applied.Apps.Single().Notes, n => n.Contains("OnDelete", StringComparison.Ordinal));
        live = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns);
        Assert.Equal("OnDelete", live.Spec.UpdateStrategy.Type);
        Assert.Null(live.Spec.UpdateStrategy.RollingUpdate);
        Assert.False((await client.For(onDelete).DiffAsync()).HasChanges);

        var partitioned = TestApps.Web(ns).RollingUpdate(partition: 1);
        await client.For(partitioned).ApplyAsync();
        live = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns);
        Assert.Equal("RollingUpdate", live.Spec.UpdateStrategy.Type);
        Assert.Equal(1, live.Spec.UpdateStrategy.RollingUpdate.Partition);
        Assert.False((await client.For(partitioned).DiffAsync()).HasChanges);

        // and back again, from a partition Berth set itself
        await client.For(onDelete).ApplyAsync();
        live = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns);
        Assert.Equal("OnDelete", live.Spec.UpdateStrategy.Type);
        Assert.Null(live.Spec.UpdateStrategy.RollingUpdate);
    }

    [Fact]
    public async Task An_empty_namespace_is_refused_before_any_request_naming_the_app_the_field_and_the_fix()
    {
        var log = new LogCapture();
        using var client = Harness.Client(cluster, log);
        var app = TestApps.Web("x", name: "ledger").InNamespace("");

        var refused = Assert.Throws<BerthValidationException>(() => client.For(app));

        var error = Assert.Single(refused.Errors);
        Assert.Equal("BERTH035", error.Id);
        Assert.Equal("metadata.namespace", error.Field);
        Assert.Contains("statefulset/ledger", refused.Message, StringComparison.Ordinal);
        Assert.Contains("remove InNamespace(\"\")", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Namespace parameter required", refused.Message, StringComparison.Ordinal);
        Assert.Throws<BerthValidationException>(() => client.For(Berth.Planning.PlannedApp.Of(app)));
        await Task.CompletedTask;
    }
}
