using System.Collections.Generic;
using System.Linq;
using Berth.Rules;
using k8s.Models;
using Xunit;

namespace Berth.Tests;

/// <summary>
/// Selectors written with matchExpressions are evaluated at the build step at every site (anti-affinity and affinity terms,
/// spread constraints, the StatefulSet selector, budgets): both directions, from the built Kubernetes objects.
/// </summary>
public sealed class SelectorTests
{
    /// <summary>The ZooKeeper: pods labelled app.kubernetes.io/name=zk, three replicas.</summary>
    private static StatefulApp Zk() => StatefulApp.Named("zk").Replicas(3)
        .IdentityLabels(("app.kubernetes.io/name", "zk"))
        .Container("zk", "zookeeper:3.9.2", c => c.Port("client", 2181));

    private static V1Affinity AntiAffinity(string key, string op, params string[] values) => new()
    {
        PodAntiAffinity = new V1PodAntiAffinity
        {
            RequiredDuringSchedulingIgnoredDuringExecution = new List<V1PodAffinityTerm>
            {
                new() { TopologyKey = "kubernetes.io/hostname", LabelSelector = Selector(key, op, values) },
            },
        },
    };

    private static V1LabelSelector Selector(string key, string op, params string[] values) => new()
    {
        MatchExpressions = new List<V1LabelSelectorRequirement> { new() { Key = key, OperatorProperty = op, Values = values.Length == 0 ? null : values.ToList() } },
    };

    private static List<RuleViolation> Findings(StatefulApp app, string id) => app.Validate().Where(v => v.Id == id).ToList();

    [Fact]
    public void Anti_affinity_In_on_a_key_the_pods_do_not_have_is_reported_at_the_term()
    {
        var v = Assert.Single(Findings(Zk().Affinity(() => AntiAffinity("app", "In", "zk")), "BERTH055"));
        Assert.Equal("spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector", v.Field);
        Assert.Contains("selects app in (zk), which matches none of the app's own pods (labels app.kubernetes.io/name=zk)", v.Message);
    }

    [Fact]
    public void The_bad_term_is_reported_even_when_a_zone_spread_already_spreads_the_pods()
    {
        var app = Zk().SpreadAcrossZones().Affinity(() => AntiAffinity("app", "In", "zk"));
        Assert.Single(Findings(app, "BERTH055"));
    }

    [Theory]
    [InlineData("app.kubernetes.io/name", "In", "zk")]
    [InlineData("app.kubernetes.io/name", "Exists")]
    [InlineData("app.kubernetes.io/name", "NotIn", "kafka")]
    public void Anti_affinity_expressions_that_select_the_pods_spread_them(string key, string op, params string[] values)
    {
        Assert.Empty(Findings(Zk().Affinity(() => AntiAffinity(key, op, values)), "BERTH055"));
    }

    [Fact]
    public void Anti_affinity_against_another_app_is_not_a_mistake_but_does_not_spread_this_one()
    {
        var v = Assert.Single(Findings(Zk().Affinity(() => AntiAffinity("app.kubernetes.io/name", "In", "kafka")), "BERTH055"));
        Assert.Equal("spec.template.spec.affinity.podAntiAffinity", v.Field); // the app-level finding, not the term
    }

    [Fact]
    public void Pod_affinity_terms_are_validated()
    {
        var app = Zk().SpreadAcrossNodes().Affinity(() => new V1Affinity
        {
            PodAffinity = new V1PodAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new List<V1PodAffinityTerm>
                {
                    new() { TopologyKey = "kubernetes.io/hostname", LabelSelector = Selector("app", "Exists", "cache") },
                },
            },
        });
        var v = Assert.Single(Findings(app, "BERTH034"));
        Assert.Equal("spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].values", v.Field);
        Assert.Empty(Findings(Zk().SpreadAcrossNodes().Affinity(() => new V1Affinity
        {
            PodAffinity = new V1PodAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new List<V1PodAffinityTerm>
                {
                    new() { TopologyKey = "kubernetes.io/hostname", LabelSelector = Selector("app", "In", "cache") },
                },
            },
        }), "BERTH034"));
    }

    [Fact]
    public void A_spread_constraint_whose_expressions_miss_the_pods_is_reported()
    {
        var bad = Zk().SpreadAcrossNodes().SpreadAcrossZones()
            .Customize(m => m.StatefulSet.Spec.Template.Spec.TopologySpreadConstraints[0].LabelSelector = Selector("app", "In", "zk"));
        var v = Assert.Single(Findings(bad, "BERTH076"));
        Assert.Equal("spec.template.spec.topologySpreadConstraints[0].labelSelector", v.Field);

        var good = Zk().SpreadAcrossNodes().SpreadAcrossZones()
            .Customize(m => m.StatefulSet.Spec.Template.Spec.TopologySpreadConstraints[0].LabelSelector = Selector("app.kubernetes.io/name", "In", "zk"));
        Assert.Empty(Findings(good, "BERTH076"));
    }

    [Fact]
    public void A_statefulset_selector_with_expressions_is_checked_against_the_template()
    {
        var bad = Zk().Customize(m => m.StatefulSet.Spec.Selector.MatchExpressions = new List<V1LabelSelectorRequirement> { new() { Key = "tier", OperatorProperty = "Exists" } });
        Assert.Single(Findings(bad, "BERTH002"));
        var good = Zk().Customize(m => m.StatefulSet.Spec.Selector.MatchExpressions = new List<V1LabelSelectorRequirement> { new() { Key = "tier", OperatorProperty = "DoesNotExist" } });
        Assert.Empty(Findings(good, "BERTH002"));
    }

    [Fact]
    public void A_budget_selector_with_expressions_is_evaluated()
    {
        var bad = Zk().DisruptionBudget(maxUnavailable: 1).Customize(m => m.DisruptionBudget!.Spec.Selector = Selector("app", "In", "zk"));
        var v = Assert.Single(Findings(bad, "BERTH054"));
        Assert.Contains("app in (zk)", v.Message);
        var good = Zk().DisruptionBudget(maxUnavailable: 1).Customize(m => m.DisruptionBudget!.Spec.Selector = Selector("app.kubernetes.io/name", "In", "zk", "kafka"));
        Assert.Empty(Findings(good, "BERTH054"));
    }

    [Fact]
    public void A_malformed_budget_requirement_is_refused()
    {
        var bad = Zk().DisruptionBudget(maxUnavailable: 1).Customize(m => m.DisruptionBudget!.Spec.Selector = Selector("app.kubernetes.io/name", "In"));
        var v = Assert.Single(Findings(bad, "BERTH033"));
        Assert.Equal("spec.selector.matchExpressions[0].values", v.Field);
        Assert.Throws<BerthValidationException>(() => bad.ToYaml());
    }
}
