using System;
using System.Linq;
using System.Threading.Tasks;
using Berth.Client.Tests.Support;
using Berth.Planning;
using Berth.Testing.Cluster;
using k8s;
using Xunit;

namespace Berth.Client.Tests;

/// <summary>Apply sets (KEP-3659): renamed and moved apps are found, prune deletes them and keeps their claims.</summary>
[Collection(TestCluster.Collection)]
public sealed class ApplySetTests
{
    private readonly TestCluster cluster;

    public ApplySetTests(TestCluster cluster) => this.cluster = cluster;

    private static ApplyOptions InSet(string name, bool prune = false, params PlannedApp[] defined) => new()
    {
        ApplySet = new ApplySetOptions { Name = name, Prune = prune, Defined = defined.Length == 0 ? null : defined },
        Wait = true,
        Rollout = Harness.Fast,
    };

    [Fact]
    public async Task A_renamed_app_is_reported_then_pruned_with_its_service_and_budget_and_its_claim_is_kept()
    {
        await using var ns = await cluster.CreateNamespaceAsync("applyset-rename");
        using var client = Harness.Client(cluster);
        var scoped = new BerthClient(cluster.Client, ns);
        var old = PlannedApp.Of(TestApps.Web(ns, replicas: 1));
        var renamed = PlannedApp.Of(TestApps.Web(ns, replicas: 1, name: "web2"));

        var first = await scoped.ApplyAllAsync(new[] { old }, InSet("berth-shop"));
        Assert.Empty(first.NoLongerDefined);

        // The parent, labels and annotations of KEP-3659, as kubectl computes and reads them.
        var parent = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("berth-shop", ns);
        var id = parent.Metadata.Labels["applyset.kubernetes.io/id"];
        Assert.Matches("^applyset-[A-Za-z0-9_-]{43}-v1$", id);
        Assert.Equal("PodDisruptionBudget.policy,Service,StatefulSet.apps", parent.Metadata.Annotations["applyset.kubernetes.io/contains-group-kinds"]);
        Assert.StartsWith("berth/v", parent.Metadata.Annotations["applyset.kubernetes.io/tooling"], StringComparison.Ordinal);
        var members = await cluster.Client.AppsV1.ListNamespacedStatefulSetAsync(ns, labelSelector: "applyset.kubernetes.io/part-of=" + id);
        Assert.Equal("web", Assert.Single(members.Items).Metadata.Name);
        // kubectl recognises the set as an ApplySet of another tool (it reads the tooling annotation) and leaves it alone...
        Environment.SetEnvironmentVariable("KUBECTL_APPLYSET", "true");
        var kubectl = await Kubectl.RunAsync(cluster.KubeconfigPath, new[] { "apply", "--server-side", "--prune", "--applyset=configmaps/berth-shop", "-n", ns, "--dry-run=server", "-f", "-" },
            stdin: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: probe\n");
        Assert.NotEqual(0, kubectl.ExitCode);
        Assert.Contains("managed by tooling \"berth\" instead of \"kubectl\"", kubectl.StdErr, StringComparison.Ordinal);
        // ...and the id Berth computes for a parent is the one kubectl computes for the same parent.
        (await Kubectl.RunAsync(cluster.KubeconfigPath, new[] { "apply", "--server-side", "--prune", "--applyset=configmaps/kubectl-made", "-n", ns, "-f", "-" },
            stdin: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: probe\n")).EnsureSuccess();
        var kubectlParent = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("kubectl-made", ns);
        Assert.Equal(kubectlParent.Metadata.Labels["applyset.kubernetes.io/id"], ApplySet.IdOf("kubectl-made", ns));

        // Renamed: reported, nothing deleted.
        var second = await scoped.ApplyAllAsync(new[] { renamed }, InSet("berth-shop"));
        Assert.Equal(new[] { "statefulset/web (namespace " + ns + ")", "poddisruptionbudget/web (namespace " + ns + ")", "service/web (namespace " + ns + ")" },
            second.NoLongerDefined.Select(o => o.ToString()));
        Assert.All(second.NoLongerDefined, o => Assert.False(o.Deleted));
        Assert.NotNull(await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns));
        var diff = await scoped.FindNoLongerDefinedAsync(new ApplySetOptions { Name = "berth-shop", Defined = new[] { renamed } });
        Assert.Equal(second.NoLongerDefined.Select(o => o.ToString()), diff.Select(o => o.ToString()));

        // Pruned: the old set, its Service and budget go; its claim stays and is listed.
        var third = await scoped.ApplyAllAsync(new[] { renamed }, InSet("berth-shop", prune: true));
        Assert.All(third.NoLongerDefined, o => Assert.True(o.Deleted));
        var set = Assert.Single(third.NoLongerDefined, o => o.Kind == "StatefulSet");
        Assert.Equal(new[] { "data-web-0" }, set.RemainingClaims.Select(c => c.Name));
        Assert.DoesNotContain((await cluster.Client.AppsV1.ListNamespacedStatefulSetAsync(ns)).Items, s => s.Metadata.Name == "web");
        Assert.DoesNotContain((await cluster.Client.CoreV1.ListNamespacedServiceAsync(ns)).Items, s => s.Metadata.Name == "web");
        Assert.Contains((await cluster.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns)).Items, c => c.Metadata.Name == "data-web-0");
        Assert.Contains((await cluster.Client.AppsV1.ListNamespacedStatefulSetAsync(ns)).Items, s => s.Metadata.Name == "web2");
        Assert.Empty(await scoped.FindNoLongerDefinedAsync(new ApplySetOptions { Name = "berth-shop", Defined = new[] { renamed } }));
    }

    [Fact]
    public async Task An_app_moved_to_another_namespace_is_found_there_and_pruned_and_the_parent_follows()
    {
        await using var home = await cluster.CreateNamespaceAsync("applyset-home");
        await using var before = await cluster.CreateNamespaceAsync("applyset-a");
        await using var after = await cluster.CreateNamespaceAsync("applyset-b");
        var scoped = new BerthClient(cluster.Client, home);
        var inA = PlannedApp.Of(TestApps.Web(before, replicas: 1));
        var inB = PlannedApp.Of(TestApps.Web(after, replicas: 1));

        await scoped.ApplyAllAsync(new[] { inA }, InSet("berth-move"));
        var parent = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("berth-move", home);
        Assert.Equal(before.Name, parent.Metadata.Annotations["applyset.kubernetes.io/additional-namespaces"]);

        var moved = await scoped.ApplyAllAsync(new[] { inB }, InSet("berth-move"));
        Assert.Contains(moved.NoLongerDefined, o => o.ToString() == $"statefulset/web (namespace {before.Name})");
        Assert.DoesNotContain(moved.NoLongerDefined, o => o.Namespace == after.Name);

        var pruned = await scoped.ApplyAllAsync(new[] { inB }, InSet("berth-move", prune: true));
        Assert.Contains(pruned.NoLongerDefined, o => o.Kind == "StatefulSet" && o.Deleted && o.RemainingClaims.Any(c => c.Name == "data-web-0"));
        Assert.Empty((await cluster.Client.AppsV1.ListNamespacedStatefulSetAsync(before)).Items);
        Assert.Contains((await cluster.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(before)).Items, c => c.Metadata.Name == "data-web-0");
        Assert.Single((await cluster.Client.AppsV1.ListNamespacedStatefulSetAsync(after)).Items);
        parent = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("berth-move", home);
        Assert.Equal(after.Name, parent.Metadata.Annotations["applyset.kubernetes.io/additional-namespaces"]);
    }

    [Fact]
    public async Task Applying_some_apps_of_the_set_does_not_make_the_others_look_removed()
    {
        await using var ns = await cluster.CreateNamespaceAsync("applyset-some");
        var scoped = new BerthClient(cluster.Client, ns);
        var web = PlannedApp.Of(TestApps.Web(ns, replicas: 1));
        var other = PlannedApp.Of(TestApps.Web(ns, replicas: 1, name: "other"));
        await scoped.ApplyAllAsync(new[] { web, other }, InSet("berth-some"));

        var one = await scoped.ApplyAllAsync(new[] { web }, InSet("berth-some", prune: true, web, other));

        Assert.Empty(one.NoLongerDefined);
        Assert.Equal(2, (await cluster.Client.AppsV1.ListNamespacedStatefulSetAsync(ns)).Items.Count);
    }
}
