using System.Collections.Generic;
using System.Linq;
using k8s.Models;
using Xunit;

namespace Berth.Tests;

/// <summary>The typed methods that let real-world manifests be written without Customize (issue 9 item 4).</summary>
public sealed class TypedManifestTests
{
    private static readonly StatefulApp Kafka = StatefulApp.Named("kafka").Replicas(3)
        .Container("kafka", "apache/kafka:3.8.0", c => c.Port("broker", 9092).Port("controller", 9093).Port("metrics", 9404));

    [Fact]
    public void Each_Service_exposes_the_ports_named_for_it_in_that_order()
    {
        var built = Kafka
            .GoverningService(publishNotReadyAddresses: true, ports: new[] { "controller", "broker" })
            .ClientService(ports: new[] { "broker" })
            .Build();

        Assert.Equal("kafka", built.GoverningService!.Metadata.Name);
        Assert.Equal(new[] { ("controller", 9093), ("broker", 9092) }, built.GoverningService.Spec.Ports.Select(p => (p.Name, p.Port)));
        Assert.All(built.GoverningService.Spec.Ports, p => Assert.Equal(p.Name, p.TargetPort.Value));
        Assert.True(built.GoverningService.Spec.PublishNotReadyAddresses);
        var client = built.ClientService!;
        Assert.Equal("kafka-client", client.Metadata.Name);
        Assert.Equal(new[] { ("broker", 9092, "TCP") }, client.Spec.Ports.Select(p => (p.Name, p.Port, p.Protocol)));
    }

    [Fact]
    public void Without_a_port_list_a_Service_exposes_every_container_port()
    {
        var built = Kafka.ClientService().Build();
        Assert.Equal(new[] { "broker", "controller", "metrics" }, built.GoverningService!.Spec.Ports.Select(p => p.Name));
        Assert.Equal(new[] { "broker", "controller", "metrics" }, built.ClientService!.Spec.Ports.Select(p => p.Name));
    }

    [Fact]
    public void A_port_name_no_container_has_is_BERTH105_and_the_Service_gets_no_port_for_it()
    {
        var app = Kafka.ClientService("kafka-bootstrap", ports: new[] { "broker", "brokr" });
        Assert.Equal(new[] { "broker" }, app.Build().ClientService!.Spec.Ports.Select(p => p.Name));
        var finding = Assert.Single(app.Validate(), v => v.Id == "BERTH105");
        Assert.Equal(
            "service/kafka-bootstrap: is asked to expose the port \"brokr\", but no container port has that name (the app's named ports: \"broker\", \"controller\", \"metrics\"), so the Service would have no port for it; use one of those names, or name the container port with Port(\"brokr\", number).",
            finding.Message);
        var error = Assert.Throws<BerthValidationException>(() => app.ToYaml());
        Assert.Contains("BERTH105", error.Message);
    }

    [Fact]
    public void A_budget_takes_the_name_given_and_the_app_name_otherwise()
    {
        Assert.Equal("kafka-quorum", Kafka.QuorumBudget(name: "kafka-quorum").Build().DisruptionBudget!.Metadata.Name);
        Assert.Equal("2", Kafka.QuorumBudget(name: "kafka-quorum").Build().DisruptionBudget!.Spec.MinAvailable!.Value);
        Assert.Equal("kafka-pdb", Kafka.DisruptionBudget(maxUnavailable: 1, name: "kafka-pdb").Build().DisruptionBudget!.Metadata.Name);
        Assert.Equal("kafka", Kafka.DisruptionBudget(maxUnavailable: 1).Build().DisruptionBudget!.Metadata.Name);
    }
}

/// <summary><c>With(obj)</c>: typed extra objects, carried in apply order.</summary>
public sealed class TypedExtraObjectTests
{
    [Fact]
    public void A_typed_object_is_written_after_the_namespace_and_before_the_apps_own_objects_in_the_order_added()
    {
        var storage = new k8s.Models.V1StorageClass { Metadata = new k8s.Models.V1ObjectMeta { Name = "fast" }, Provisioner = "kubernetes.io/no-provisioner" };
        var app = StatefulApp.Named("db").InNamespace("data").Container("db", "postgres:16.4", c => c.Port("pg", 5432))
            .With(storage)
            .With("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: db\n")
            .With(new k8s.Models.V1NetworkPolicy { Metadata = new k8s.Models.V1ObjectMeta { Name = "db-only" }, Spec = new k8s.Models.V1NetworkPolicySpec { PodSelector = new k8s.Models.V1LabelSelector() } });
        storage.Provisioner = "changed later";

        var objects = app.Build().Objects.Select(o => o.Kind + "/" + o.Metadata.Name).ToList();
        Assert.Equal(new[] { "Namespace/data", "StorageClass/fast", "ServiceAccount/db", "NetworkPolicy/db-only", "Service/db", "StatefulSet/db" }, objects);
        var written = app.Build().Extras[0];
        Assert.Equal("storage.k8s.io/v1", written.ApiVersion);
        Assert.Equal("kubernetes.io/no-provisioner", Assert.IsType<k8s.Models.V1StorageClass>(written).Provisioner);
        Assert.Contains("kind: StorageClass", app.ToYaml());
    }

    [Fact]
    public void Each_build_gets_its_own_copy()
    {
        var app = StatefulApp.Named("db").Container("db", "postgres:16.4").With(new k8s.Models.V1ServiceAccount { Metadata = new k8s.Models.V1ObjectMeta { Name = "db" } });
        app.Build().Extras[0].Metadata.Name = "edited";
        Assert.Equal("db", app.Build().Extras[0].Metadata.Name);
    }

    [Fact]
    public void An_object_without_a_name_is_refused_naming_the_app_and_the_fix()
    {
        var error = Assert.Throws<System.ArgumentException>(() => StatefulApp.Named("db").With(new k8s.Models.V1ServiceAccount()));
        Assert.StartsWith("db: the object given to With(V1ServiceAccount) has no metadata.name; set it on the object.", error.Message);
    }
}

/// <summary>The typed pod security context: one step per field, checked by BERTH106 while typing.</summary>
public sealed class TypedPodSecurityTests
{
    private static readonly StatefulApp Db = StatefulApp.Named("db").Container("db", "postgres:16.4");

    [Fact]
    public void Each_typed_setting_writes_its_field()
    {
        var context = Db.RunAsUser(999, 999).RunAsNonRoot().FsGroup(999).FsGroupChangePolicy(FsGroupChange.OnRootMismatch)
            .SupplementalGroups(5, 6).SeccompProfile(SeccompProfileType.Localhost, "profiles/db.json")
            .Build().StatefulSet.Spec.Template.Spec.SecurityContext;
        Assert.Equal(999, context.RunAsUser);
        Assert.Equal(999, context.RunAsGroup);
        Assert.True(context.RunAsNonRoot);
        Assert.Equal(999, context.FsGroup);
        Assert.Equal("OnRootMismatch", context.FsGroupChangePolicy);
        Assert.Equal(new long?[] { 5, 6 }, context.SupplementalGroups);
        Assert.Equal(("Localhost", "profiles/db.json"), (context.SeccompProfile.Type, context.SeccompProfile.LocalhostProfile));
        Assert.Null(Db.Build().StatefulSet.Spec.Template.Spec.SecurityContext);
    }

    [Fact]
    public void A_security_object_replaces_earlier_typed_settings_and_later_ones_apply_on_top()
    {
        var context = Db.RunAsUser(1).FsGroup(1)
            .PodSecurity(() => new k8s.Models.V1PodSecurityContext { RunAsUser = 1000, Sysctls = new System.Collections.Generic.List<k8s.Models.V1Sysctl> { new() { Name = "net.core.somaxconn", Value = "1024" } } })
            .FsGroup(2000)
            .Build().StatefulSet.Spec.Template.Spec.SecurityContext;
        Assert.Equal(1000, context.RunAsUser);
        Assert.Equal(2000, context.FsGroup);
        Assert.Equal("net.core.somaxconn", Assert.Single(context.Sysctls).Name);
    }

    [Fact]
    public void Out_of_range_IDs_and_a_Localhost_profile_without_a_file_are_BERTH106()
    {
        var fields = Db.RunAsUser(-1).SupplementalGroups(3000000000).SeccompProfile(SeccompProfileType.Localhost).Validate()
            .Where(v => v.Id == "BERTH106").Select(v => v.Field).OrderBy(f => f, System.StringComparer.Ordinal).ToArray();
        Assert.Equal(new[]
        {
            "spec.template.spec.securityContext.runAsUser",
            "spec.template.spec.securityContext.seccompProfile.localhostProfile",
            "spec.template.spec.securityContext.supplementalGroups[0]",
        }, fields);
    }
}

/// <summary>Labels and annotations aimed at one object of the app.</summary>
public sealed class AimedLabelTests
{
    [Fact]
    public void A_label_or_annotation_with_a_part_goes_to_that_object_only()
    {
        var built = StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Port("pg", 5432)).ClientService().DisruptionBudget(maxUnavailable: 1)
            .Label("team", "data")
            .Label("monitoring", "on", on: AppPart.ClientService)
            .Label("tier", "db", on: AppPart.Pods)
            .Label("owner", "platform", on: AppPart.StatefulSet)
            .Annotation("service.beta.kubernetes.io/aws-load-balancer-type", "nlb", on: AppPart.ClientService)
            .Annotation("example.com/budget", "b", on: AppPart.DisruptionBudget)
            .Annotation("example.com/pods", "p", on: AppPart.Pods)
            .Annotation("example.com/set", "s")
            .Build();

        Assert.Equal(new[] { "app", "monitoring", "team" }, built.ClientService!.Metadata.Labels.Keys.OrderBy(k => k));
        Assert.Equal(new[] { "app", "team" }, built.GoverningService!.Metadata.Labels.Keys.OrderBy(k => k));
        Assert.Equal(new[] { "app", "team", "tier" }, built.StatefulSet.Spec.Template.Metadata.Labels.Keys.OrderBy(k => k));
        Assert.Equal(new[] { "app" }, built.StatefulSet.Spec.Selector.MatchLabels.Keys);
        Assert.Equal(new[] { "app", "owner", "team" }, built.StatefulSet.Metadata.Labels.Keys.OrderBy(k => k));
        Assert.Equal("nlb", Assert.Single(built.ClientService.Metadata.Annotations).Value);
        Assert.Null(built.GoverningService.Metadata.Annotations);
        Assert.Equal("b", Assert.Single(built.DisruptionBudget!.Metadata.Annotations).Value);
        Assert.Equal("p", Assert.Single(built.StatefulSet.Spec.Template.Metadata.Annotations).Value);
        Assert.Equal("s", Assert.Single(built.StatefulSet.Metadata.Annotations).Value);
    }
}

/// <summary>Typed pod affinity and anti-affinity terms with selector requirements.</summary>
public sealed class TypedAffinityRenderingTests
{
    [Fact]
    public void Terms_are_rendered_with_their_requirements_after_the_spreading_term_and_default_to_the_own_pods()
    {
        var affinity = StatefulApp.Named("cache").Replicas(3).Container("c", "redis:7.2.5")
            .SpreadAcrossNodes()
            .AntiAffinity("topology.kubernetes.io/zone", weight: 50)
            .PodAffinity("kubernetes.io/hostname", selector: new[] { LabelExpr.In("app", "db", "pg"), LabelExpr.Exists("primary") })
            .IdentityLabels(("app.kubernetes.io/name", "cache"))
            .Build().StatefulSet.Spec.Template.Spec.Affinity;

        var preferred = affinity.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution;
        Assert.Equal(new[] { ("kubernetes.io/hostname", 100), ("topology.kubernetes.io/zone", 50) }, preferred.Select(t => (t.PodAffinityTerm.TopologyKey, t.Weight)));
        Assert.Equal("cache", preferred[1].PodAffinityTerm.LabelSelector.MatchLabels["app.kubernetes.io/name"]);
        var term = Assert.Single(affinity.PodAffinity.RequiredDuringSchedulingIgnoredDuringExecution);
        Assert.Null(term.LabelSelector.MatchLabels);
        Assert.Equal(new[] { "app In db,pg", "primary Exists " }, term.LabelSelector.MatchExpressions.Select(e => $"{e.Key} {e.OperatorProperty} {string.Join(",", e.Values ?? new System.Collections.Generic.List<string>())}"));
    }
}

/// <summary>Typed node affinity: the required requirements in one term (or added to each term of Affinity(...)), the preferred terms after.</summary>
public sealed class TypedNodeAffinityRenderingTests
{
    private static string Text(V1NodeSelectorRequirement r) => $"{r.Key} {r.OperatorProperty} {string.Join(",", r.Values ?? new System.Collections.Generic.List<string>())}";

    [Fact]
    public void Requirements_are_rendered_in_one_required_term_and_preferred_terms_with_their_weight()
    {
        var node = StatefulApp.Named("db").Container("db", "postgres:16.4")
            .NodeAffinity("kubernetes.io/os", NodeOperator.In, "linux")
            .PreferNodeAffinity(50, "disktype", NodeOperator.In, "ssd", "nvme")
            .NodeAffinity("spot", NodeOperator.DoesNotExist)
            .PreferNodeAffinity(10, "cpu-count", NodeOperator.Gt, "4")
            .Build().StatefulSet.Spec.Template.Spec.Affinity.NodeAffinity;

        var term = Assert.Single(node.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms);
        Assert.Equal(new[] { "kubernetes.io/os In linux", "spot DoesNotExist " }, term.MatchExpressions.Select(Text));
        Assert.Null(term.MatchFields);
        Assert.Equal(new[] { (50, "disktype In ssd,nvme"), (10, "cpu-count Gt 4") },
            node.PreferredDuringSchedulingIgnoredDuringExecution.Select(p => (p.Weight, Text(Assert.Single(p.Preference.MatchExpressions)))));
    }

    [Fact]
    public void Requirements_are_added_to_each_required_term_of_the_affinity_object_and_kept_beside_its_pod_terms()
    {
        var affinity = StatefulApp.Named("db").Container("db", "postgres:16.4")
            .Affinity(() => new V1Affinity
            {
                NodeAffinity = new V1NodeAffinity
                {
                    RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                    {
                        NodeSelectorTerms = new List<V1NodeSelectorTerm>
                        {
                            new() { MatchExpressions = new List<V1NodeSelectorRequirement> { new() { Key = "zone", OperatorProperty = "In", Values = new List<string> { "a" } } } },
                            new() { MatchFields = new List<V1NodeSelectorRequirement> { new() { Key = "metadata.name", OperatorProperty = "In", Values = new List<string> { "node-1" } } } },
                        },
                    },
                },
            })
            .SpreadAcrossNodes()
            .NodeAffinity("kubernetes.io/os", NodeOperator.In, "linux")
            .Build().StatefulSet.Spec.Template.Spec.Affinity;

        var terms = affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms;
        Assert.Equal(new[] { "zone In a", "kubernetes.io/os In linux" }, terms[0].MatchExpressions.Select(Text));
        Assert.Equal(new[] { "kubernetes.io/os In linux" }, terms[1].MatchExpressions.Select(Text));
        Assert.Single(affinity.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution);
    }

    [Fact]
    public void A_malformed_requirement_is_reported_by_the_build_step()
    {
        var finding = Assert.Single(StatefulApp.Named("db").Container("db", "postgres:16.4").NodeAffinity("disktype", NodeOperator.In, "ssd")
            .PreferNodeAffinity(500, "disktype", NodeOperator.In, "ssd").Validate(), f => f.Id == "BERTH034");
        Assert.Equal("spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight", finding.Field);
        Assert.Equal("StatefulApp.PreferNodeAffinity #1", finding.Anchor?.ToString());
    }
}

/// <summary>The StatefulSet's own metadata carries the identity labels, like every other object of the app.</summary>
public sealed class StatefulSetIdentityLabelTests
{
    [Fact]
    public void The_statefulset_is_labelled_with_the_identity_labels_and_its_selector_is_unchanged()
    {
        var set = StatefulApp.Named("zk").Container("zk", "zookeeper:3.9.2")
            .IdentityLabels(("app.kubernetes.io/name", "zookeeper"), ("app.kubernetes.io/instance", "zk"))
            .Label("team", "coord")
            .Build().StatefulSet;

        Assert.Equal(new[] { ("app.kubernetes.io/instance", "zk"), ("app.kubernetes.io/name", "zookeeper"), ("team", "coord") },
            set.Metadata.Labels.OrderBy(l => l.Key).Select(l => (l.Key, l.Value)));
        Assert.Equal(new[] { "app.kubernetes.io/instance", "app.kubernetes.io/name" }, set.Spec.Selector.MatchLabels.Keys.OrderBy(k => k));
    }
}
