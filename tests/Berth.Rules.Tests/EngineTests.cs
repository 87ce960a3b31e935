using System.Linq;
using Berth.Rules.Model;
using Xunit;

namespace Berth.Rules.Tests;

public sealed class EngineTests
{
    [Fact]
    public void Violations_come_in_app_order_then_rule_id_then_field()
    {
        var model = new ManifestSetModel();
        var b = TestModels.App("zeta");
        b.Pod.RestartPolicy = "Never";                  // BERTH005
        b.Replicas = -1;                                // BERTH007 spec.replicas
        b.MinReadySeconds = -1;                         // BERTH007 spec.minReadySeconds
        var a = TestModels.App("alpha");
        a.Selector = null;                              // BERTH001
        model.Apps.Add(b);
        model.Apps.Add(a);
        model.Services.Add(TestModels.Service("zeta"));
        model.Services.Add(TestModels.Service("alpha"));
        model.Services[1].Type = "NodePort";             // BERTH031 + BERTH077 on the second Service
        model.ServiceAccounts.IsComplete = true;

        var got = RuleEngine.Check(model).Select(v => (v.ObjectName, v.Id, v.Field)).ToList();
        var expected = new[]
        {
            ("zeta", "BERTH005", "spec.template.spec.restartPolicy"),
            ("zeta", "BERTH007", "spec.minReadySeconds"),
            ("zeta", "BERTH007", "spec.replicas"),
            ("alpha", "BERTH001", "spec.selector"),
            ("service/alpha", "BERTH031", "spec.clusterIP"),
            ("service/alpha", "BERTH077", "spec.type"),
        };
        Assert.Equal(expected, got);
    }

    [Fact]
    public void The_same_model_gives_the_same_result()
    {
        var model = TestModels.Valid();
        model.Container().Image = "postgres";
        model.Container().Mounts[0].Name = "x";
        var first = RuleEngine.Check(model).Select(v => v.ToString()).ToList();
        var second = RuleEngine.Check(model).Select(v => v.ToString()).ToList();
        Assert.Equal(first, second);
    }

    [Fact]
    public void The_anchor_is_the_value_anchor_first()
    {
        var model = TestModels.Valid();
        model.Container().Mounts[0].Name = Val<string?>.Of("pgdata", "the-mount-name");
        var v = Assert.Single(RuleEngine.Check(model), x => x.Id == "BERTH011");
        Assert.Equal("the-mount-name", v.Anchor);
    }

    [Fact]
    public void The_anchor_falls_back_to_the_item_then_the_app()
    {
        var model = TestModels.Valid();
        model.Container().Mounts[0].Name = "pgdata"; // no value anchor
        Assert.Equal("mount:data", Assert.Single(RuleEngine.Check(model), x => x.Id == "BERTH011").Anchor);

        model = TestModels.Valid();
        model.App().Replicas = -1; // no value anchor, no item: the app
        Assert.Equal("app:postgres", Assert.Single(RuleEngine.Check(model), x => x.Id == "BERTH007").Anchor);
    }

    [Fact]
    public void A_Service_violation_falls_back_to_the_Service_anchor()
    {
        var model = TestModels.Valid();
        model.Service().Name = "1postgres";
        Assert.Equal("service:postgres", Assert.Single(RuleEngine.Check(model), x => x.Id == "BERTH029").Anchor);
    }

    [Fact]
    public void The_example_message_names_the_object_field_and_fix()
    {
        var model = TestModels.Valid();
        model.Container().Name = "db";
        model.Container().Mounts[0].Name = "data2";
        var v = Assert.Single(RuleEngine.Check(model), x => x.Id == "BERTH011");
        Assert.Equal(
            "postgres: container \"db\" mounts \"data2\", but no volume or claim template named \"data2\" exists; add a volume or a claim template named \"data2\", or fix the mount name.",
            v.Message);
        Assert.Equal("spec.template.spec.containers[db].volumeMounts[0].name", v.Field);
        Assert.Equal(RuleSeverity.Error, v.Severity);
    }

    [Theory]
    [InlineData("data", "data", false)]
    [InlineData(null, null, false)]
    [InlineData("", null, false)]
    [InlineData("data", null, true)]
    [InlineData(null, "data", true)]
    [InlineData("data", "other", true)]
    public void Cross_object_rules_match_by_name_and_namespace(string? appNs, string? serviceNs, bool fires)
    {
        var model = TestModels.Valid();
        model.App().Namespace = appNs;
        model.Service().Namespace = serviceNs;
        model.Budget().Namespace = appNs;
        Assert.Equal(fires, RuleEngine.Check(model).Any(v => v.Id == "BERTH040"));
    }

    [Fact]
    public void Unknown_namespace_never_decides()
    {
        var model = TestModels.Valid();
        model.Service().Namespace = Val<string?>.Unknown();
        Assert.DoesNotContain(RuleEngine.Check(model), v => v.Id == "BERTH040");
        model = TestModels.Valid();
        model.App().Namespace = Val<string?>.Unknown();
        Assert.DoesNotContain(RuleEngine.Check(model), v => v.Id is "BERTH040" or "BERTH054" or "BERTH056");
    }

    [Fact]
    public void A_governing_Service_of_another_app_is_not_reused()
    {
        var model = TestModels.Valid();
        var other = TestModels.App("mysql");
        other.ServiceName = "postgres"; // names postgres's Service, which selects postgres pods
        model.Apps.Add(other);
        var v = Assert.Single(RuleEngine.Check(model), x => x.Id == "BERTH042");
        Assert.Equal("mysql", v.ObjectName);
    }

    [Fact]
    public void Checking_one_app_treats_the_surroundings_as_unknown()
    {
        var app = TestModels.Valid().App();
        app.Pod.ServiceAccountName = "pg-sa";
        Assert.Empty(RuleEngine.Check(app));
    }

    [Fact]
    public void Checking_one_app_still_reports_its_own_errors()
    {
        var app = TestModels.Valid().App();
        app.Containers().Clear();
        Assert.Contains(RuleEngine.Check(app), v => v.Id == "BERTH016" && v.Field == "spec.template.spec.containers");
    }

    [Fact]
    public void An_unnamed_app_is_called_statefulset()
    {
        var model = TestModels.Valid();
        model.App().Name = Val<string?>.Unknown();
        model.App().Replicas = -1;
        var v = Assert.Single(RuleEngine.Check(model), x => x.Id == "BERTH007");
        Assert.Equal("statefulset", v.ObjectName);
        Assert.StartsWith("statefulset: ", v.Message);
    }

    [Fact]
    public void Quantity_messages_suggest_the_fix()
    {
        var model = TestModels.Valid();
        model.Claim().Storage = "20GB";
        var v = Assert.Single(RuleEngine.Check(model), x => x.Id == "BERTH021");
        Assert.Contains("use \"20Gi\"", v.Message);
        Assert.Contains(Quantity.FormatError, v.Message);
    }
}

internal static class AppModelExtensions
{
    public static ItemList<ContainerModel> Containers(this AppModel app) => app.Pod.Containers;
}

public sealed class LabelDedupTests
{
    [Fact]
    public void A_bad_label_that_flows_everywhere_is_reported_once_per_object()
    {
        var model = TestModels.Valid();
        foreach (var map in new[] { model.App().Labels, model.App().Selector!, model.App().TemplateLabels, model.Pod().AntiAffinity[0].Selector!, model.Service().Selector! })
            map.Add("team", "data platform");
        var hits = RuleEngine.Check(model).Where(v => v.Id == "BERTH078").ToList();
        Assert.Equal(new[] { ("postgres", "metadata.labels"), ("service/postgres", "spec.selector") }, hits.Select(h => (h.ObjectName, h.Field)));
    }
}
