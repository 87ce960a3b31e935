using System;
using System.Linq;
using System.Threading.Tasks;
using Berth.Client.Tests.Support;
using Berth.Planning;
using Berth.Rules;
using Berth.Testing.Cluster;
using k8s;
using k8s.Models;
using Xunit;

namespace Berth.Client.Tests;

/// <summary>Server-side apply of whole apps against the real API server and StatefulSet controller.</summary>
[Collection(TestCluster.Collection)]
public sealed class ApplyTests
{
    private readonly TestCluster cluster;

    public ApplyTests(TestCluster cluster) => this.cluster = cluster;

    [Fact]
    public async Task Apply_creates_every_object_in_order_and_the_pods_come_up_0_to_n_minus_1()
    {
        await using var ns = await cluster.CreateNamespaceAsync("apply-create");
        await using var pods = await PodWatch.StartAsync(cluster.Client, ns);
        using var client = Harness.Client(cluster);
        var app = TestApps.Web(ns, replicas: 3);

        var result = await client.For(app).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });

        var objects = result.Apps.Single().Objects;
        Assert.Equal(new[] { "Namespace", "Service", "PodDisruptionBudget", "StatefulSet" }, objects.Select(o => o.Kind));
        Assert.NotEqual(ApplyAction.Created, objects[0].Action); // the test namespace already existed
        Assert.All(objects.Skip(1), o => Assert.Equal(ApplyAction.Created, o.Action));
        // 1.20 serves PodDisruptionBudget only as policy/v1beta1: Berth asked the server and adapted
        Assert.Equal("policy/v1beta1", objects[2].ApiVersion);
        Assert.Contains(result.Apps.Single().Notes, n => n.Contains("policy/v1beta1", StringComparison.Ordinal));
        Assert.Equal(RolloutOutcome.Complete, result.Apps.Single().Rollout!.Outcome);
        Assert.Equal(new[] { "web-0", "web-1", "web-2" }, pods.CreationOrder);

        var svc = await cluster.Client.CoreV1.ReadNamespacedServiceAsync("web", ns);
        Assert.Equal("None", svc.Spec.ClusterIP);
        Assert.All(svc.Spec.Ports, p => Assert.Equal("TCP", p.Protocol));
        var set = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns);
        Assert.Contains(set.Metadata.ManagedFields, m => m.Manager == "berth" && m.Operation == "Apply");
        Assert.Equal(3, set.Status.ReadyReplicas);
    }

    [Fact]
    public async Task Applying_again_changes_nothing_and_dry_run_persists_nothing()
    {
        await using var ns = await cluster.CreateNamespaceAsync("apply-idem");
        using var client = Harness.Client(cluster);
        var apps = client.For(TestApps.Web(ns, replicas: 1));
        await apps.ApplyAsync();
        var before = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns);

        var again = await apps.ApplyAsync();
        Assert.All(again.Objects, o => Assert.Equal(ApplyAction.Unchanged, o.Action));

        var dry = await client.For(TestApps.Web(ns, replicas: 1, image: TestApps.Image2)).ApplyAsync(new ApplyOptions { DryRun = true });
        Assert.True(dry.DryRun);
        Assert.Equal(ApplyAction.Configured, dry.Apps.Single().StatefulSet!.Action);
        var after = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns);
        Assert.Equal(before.Metadata.Generation, after.Metadata.Generation);
        Assert.Equal(TestApps.Image1, after.Spec.Template.Spec.Containers.Single().Image);
    }

    [Fact]
    public async Task Fields_the_server_is_too_old_for_are_refused_before_sending()
    {
        await using var ns = await cluster.CreateNamespaceAsync("apply-too-new");
        using var client = Harness.Client(cluster);

        var e = await Assert.ThrowsAsync<BerthClientException>(() => client.For(TestApps.Web(ns).StartOrdinal(1).MinReadySeconds(5)).ApplyAsync());

        Assert.Contains("app web uses fields the server (v1.20.2) does not know and would drop silently: StatefulSet spec.minReadySeconds (MinReadySeconds(...); Kubernetes 1.22+), StatefulSet spec.ordinals.start (StartOrdinal(...); Kubernetes 1.26+); nothing was sent.", e.Message, StringComparison.Ordinal);
        Assert.Contains("apply to a cluster of Kubernetes 1.26 or later", e.Message, StringComparison.Ordinal);
        Assert.Empty((await cluster.Client.CoreV1.ListNamespacedServiceAsync(ns)).Items);
    }

    [Fact]
    public async Task A_field_set_by_Customize_is_refused_too_when_the_server_does_not_know_it()
    {
        await using var ns = await cluster.CreateNamespaceAsync("apply-too-new-customize");
        using var client = Harness.Client(cluster);
        var app = TestApps.Web(ns).DisruptionBudget(maxUnavailable: 1)
            .Customize(m => m.DisruptionBudget!.Spec.UnhealthyPodEvictionPolicy = "AlwaysAllow");

        var e = await Assert.ThrowsAsync<BerthClientException>(() => client.For(app).ApplyAsync());

        Assert.Contains("app web uses fields the server (v1.20.2) does not know and would drop silently: PodDisruptionBudget spec.unhealthyPodEvictionPolicy", e.Message, StringComparison.Ordinal);
        Assert.Empty((await cluster.Client.CoreV1.ListNamespacedServiceAsync(ns)).Items);
        Assert.Empty((await cluster.Client.AppsV1.ListNamespacedStatefulSetAsync(ns)).Items);
    }

    [Fact]
    public async Task Apply_of_a_validated_plan_takes_each_apps_findings_from_it_still_checks_the_servers_version_and_refuses_a_plan_with_errors()
    {
        await using var ns = await cluster.CreateNamespaceAsync("apply-plan");
        using var client = Harness.Client(cluster);
        var web = PlannedApp.Of(TestApps.Web(ns));
        var own = ManifestPlan.Create(new[] { web }).Diagnostics.Where(d => d.Violation is not null).Select(d => d.Id).ToList();
        Assert.NotEmpty(own); // the rules' own findings of the app (advice)

        // a plan made with severity settings that turn every finding off: apply reports the plan's findings (none), it
        // does not validate the app again
        var quiet = ManifestPlan.Create(new[] { web }, severity: _ => null);
        var applied = await client.ApplyAllAsync(quiet);
        Assert.Empty(applied.Apps.Single().Warnings);
        Assert.Equal(ApplyAction.Created, applied.Apps.Single().StatefulSet!.Action);
        // the same app without a plan is validated by apply: its own findings
        var alone = await client.ApplyAllAsync(new[] { web });
        Assert.Equal(own.Order(StringComparer.Ordinal), alone.Apps.Single().Warnings.Select(w => w.Id).Order(StringComparer.Ordinal));
        Assert.Equal(ApplyAction.Unchanged, alone.Apps.Single().StatefulSet!.Action);

        // a plan with errors (the settings raise the advice to errors) is refused before anything is sent
        await using var other = await cluster.CreateNamespaceAsync("apply-plan-errors");
        var failing = ManifestPlan.Create(new[] { PlannedApp.Of(TestApps.Web(other)) }, severity: d => d with { Severity = RuleSeverity.Error });
        var refused = await Assert.ThrowsAsync<BerthValidationException>(() => client.ApplyAllAsync(failing));
        Assert.Equal(own.Order(StringComparer.Ordinal), refused.Errors.Select(v => v.Id).Order(StringComparer.Ordinal));
        Assert.Empty((await cluster.Client.AppsV1.ListNamespacedStatefulSetAsync(other)).Items);

        // the server's version is still checked: a field it does not know is refused, nothing of that app sent
        await using var old = await cluster.CreateNamespaceAsync("apply-plan-version");
        var tooNew = ManifestPlan.Create(new[] { PlannedApp.Of(TestApps.Web(old).MinReadySeconds(5)) });
        var failed = await Assert.ThrowsAsync<ApplyFailedException>(() => client.ApplyAllAsync(tooNew));
        Assert.Contains("uses fields the server (v1.20.2) does not know and would drop silently: StatefulSet spec.minReadySeconds", failed.Result.Apps.Single().Error!.Message, StringComparison.Ordinal);
        Assert.Empty((await cluster.Client.CoreV1.ListNamespacedServiceAsync(old)).Items);
    }

    [Fact]
    public void On_a_newer_server_a_field_off_by_default_is_a_warning_named_by_the_servers_version()
    {
        using var client = Harness.Client(cluster);
        var server = new ServerInfo { GitVersion = "v1.30.4", Version = new Version(1, 30), DisruptionBudgetApiVersion = "policy/v1", MutableStatefulSetFields = ServerInfo.MutableFieldsFor(new Version(1, 30)) };

        var prepared = client.For(TestApps.Web("data").RollingUpdate(maxUnavailable: 2).StartOrdinal(1)).Prepare(server);

        var warning = Assert.Single(prepared.Warnings, w => w.Id == "BERTH101");
        Assert.Equal("spec.updateStrategy.rollingUpdate.maxUnavailable", warning.Field);
        Assert.Contains("is off by default in Kubernetes 1.30", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(prepared.Warnings, w => w.Id is "BERTH046" or "BERTH100");
    }
}
