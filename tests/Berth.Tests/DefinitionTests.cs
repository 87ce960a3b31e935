using System.Linq;
using Xunit;

namespace Berth.Tests;

public sealed class DefinitionTests
{
    [Fact]
    public void Variants_of_one_base_do_not_share_app_level_state()
    {
        var baseApp = StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Port("pg", 5432)).Label("team", "data").Toleration("spot");
        var a = baseApp.Label("tier", "a").NodeSelector("disk", "ssd").Toleration("gpu").VolumeClaim("data", "1Gi");
        var b = baseApp.Label("tier", "b").ImagePullSecret("regcred");

        var built = baseApp.Build();
        Assert.Equal(new[] { "app", "team" }, built.StatefulSet.Metadata.Labels.Keys.OrderBy(k => k));
        Assert.Single(built.StatefulSet.Spec.Template.Spec.Tolerations);
        Assert.Null(built.StatefulSet.Spec.Template.Spec.NodeSelector);
        Assert.Null(built.StatefulSet.Spec.VolumeClaimTemplates);
        Assert.Null(built.StatefulSet.Spec.Template.Spec.ImagePullSecrets);
        Assert.Equal("a", a.Build().StatefulSet.Metadata.Labels["tier"]);
        Assert.Equal(2, a.Build().StatefulSet.Spec.Template.Spec.Tolerations.Count);
        Assert.Equal("b", b.Build().GoverningService!.Metadata.Labels["tier"]);
        Assert.Equal("regcred", b.Build().StatefulSet.Spec.Template.Spec.ImagePullSecrets.Single().Name);
    }

    [Fact]
    public void Fluent_calls_return_new_values_and_leave_the_base_unchanged()
    {
        var baseApp = StatefulApp.Named("db").Replicas(1).Container("db", "postgres:16.4", c => c.Port("pg", 5432));
        var prod = baseApp.Replicas(5).WithContainer("db", c => c.Image("postgres:16.5"));

        Assert.Equal(1, baseApp.ReplicaCount);
        Assert.Equal(5, prod.ReplicaCount);
        Assert.Equal("postgres:16.4", baseApp.Build().StatefulSet.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal("postgres:16.5", prod.Build().StatefulSet.Spec.Template.Spec.Containers[0].Image);
    }

    [Fact]
    public void Each_build_returns_fresh_objects_so_customizing_one_does_not_leak()
    {
        var app = StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Env("A", "1").Mount("data", "/data")).VolumeClaim("data", "1Gi");
        var first = app.Build();
        first.StatefulSet.Spec.Template.Spec.Containers[0].Env[0].Value = "changed";
        first.StatefulSet.Spec.Template.Spec.Containers[0].VolumeMounts[0].MountPath = "/elsewhere";

        var second = app.Build();
        Assert.Equal("1", second.StatefulSet.Spec.Template.Spec.Containers[0].Env[0].Value);
        Assert.Equal("/data", second.StatefulSet.Spec.Template.Spec.Containers[0].VolumeMounts[0].MountPath);
    }

    [Fact]
    public void Labels_are_declared_once_and_feed_selector_template_service_budget_and_anti_affinity()
    {
        var built = StatefulApp.Named("kafka").IdentityLabels(("app.kubernetes.io/name", "kafka"), ("app.kubernetes.io/instance", "main"))
            .Label("team", "data")
            .Container("kafka", "apache/kafka:3.8.0", c => c.Port("broker", 9092))
            .SpreadAcrossNodes().SpreadAcrossZones().DisruptionBudget(maxUnavailable: 1).ClientService()
            .Build();

        var identity = new[] { "app.kubernetes.io/instance=main", "app.kubernetes.io/name=kafka" };
        static string[] Flat(System.Collections.Generic.IDictionary<string, string> d) => d.Select(kv => kv.Key + "=" + kv.Value).OrderBy(s => s).ToArray();
        Assert.Equal(identity, Flat(built.StatefulSet.Spec.Selector.MatchLabels));
        Assert.Equal(identity, Flat(built.GoverningService!.Spec.Selector));
        Assert.Equal(identity, Flat(built.ClientService!.Spec.Selector));
        Assert.Equal(identity, Flat(built.DisruptionBudget!.Spec.Selector.MatchLabels));
        Assert.Equal(identity, Flat(built.StatefulSet.Spec.Template.Spec.Affinity.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution[0].PodAffinityTerm.LabelSelector.MatchLabels));
        Assert.Equal(identity, Flat(built.StatefulSet.Spec.Template.Spec.TopologySpreadConstraints[0].LabelSelector.MatchLabels));
        Assert.Equal(identity.Append("team=data").OrderBy(s => s), Flat(built.StatefulSet.Spec.Template.Metadata.Labels));
    }

    [Fact]
    public void Governing_service_is_headless_with_ports_from_the_containers_and_protocol_always_set()
    {
        var svc = StatefulApp.Named("dns").Container("dns", "coredns/coredns:1.11.3", c => c.Port("dns", 53, Protocol.Udp).Port("dns-tcp", 53).Port("metrics", 9153))
            .Build().GoverningService!;

        Assert.Equal("None", svc.Spec.ClusterIP);
        Assert.Equal("dns", svc.Metadata.Name);
        Assert.Equal(new[] { "dns:53/UDP", "dns-tcp:53/TCP", "metrics:9153/TCP" }, svc.Spec.Ports.Select(p => $"{p.Name}:{p.Port}/{p.Protocol}"));
    }

    [Fact]
    public void Existing_service_is_referenced_and_not_written()
    {
        var built = StatefulApp.Named("db").UseExistingService("db-peers").Container("db", "postgres:16.4").Build();
        Assert.Null(built.GoverningService);
        Assert.Equal("db-peers", built.StatefulSet.Spec.ServiceName);
        Assert.DoesNotContain(built.Objects, o => o.Kind == "Service");
    }

    [Fact]
    public void Quorum_budget_keeps_a_majority()
    {
        Assert.Equal("3", StatefulApp.Named("zk").Replicas(5).Container("zk", "zookeeper:3.9.2").QuorumBudget().Build().DisruptionBudget!.Spec.MinAvailable.Value);
        Assert.Equal("2", StatefulApp.Named("zk").Replicas(3).Container("zk", "zookeeper:3.9.2").QuorumBudget().Build().DisruptionBudget!.Spec.MinAvailable.Value);
    }

    [Fact]
    public void Objects_come_in_apply_order()
    {
        var kinds = SampleApps.Postgres.Build().Objects.Select(o => o.Kind).ToArray();
        Assert.Equal(new[] { "Namespace", "ConfigMap", "Service", "Service", "PodDisruptionBudget", "StatefulSet" }, kinds);
    }

    [Fact]
    public void Referenced_secrets_are_listed()
    {
        var built = StatefulApp.Named("db")
            .Container("db", "postgres:16.4", c => c.EnvFromSecret("PASSWORD", "pg-auth", "password").EnvFromAllOfSecret("pg-extra"))
            .Volume("tls", VolumeSource.Projected(VolumeSource.Secret("pg-tls"), VolumeSource.ConfigMap("pg-ca")))
            .ImagePullSecret("registry-cred")
            .Build();
        Assert.Equal(new[] { "pg-auth", "pg-extra", "pg-tls", "registry-cred" }, built.ReferencedSecrets);
    }

    [Fact]
    public void Customize_edits_the_built_objects_before_validation()
    {
        var app = StatefulApp.Named("db").Container("db", "postgres:16.4")
            .Customize(m => m.StatefulSet.Spec.Template.Spec.HostNetwork = true)
            .Customize(m => m.StatefulSet.Spec.Template.Spec.RestartPolicy = "Never");
        Assert.True(app.Build().StatefulSet.Spec.Template.Spec.HostNetwork);
        Assert.Contains(app.Validate(), v => v.Id == "BERTH005");
    }
}
