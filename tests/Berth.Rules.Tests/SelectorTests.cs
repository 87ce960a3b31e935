using Berth.Rules.Model;
using Xunit;

namespace Berth.Rules.Tests;

/// <summary>The one evaluation of a label selector (<see cref="LabelMap.Selects"/>), as the API machinery evaluates it.</summary>
public sealed class SelectorTests
{
    private static readonly LabelMap Pods = new LabelMap().Add("app.kubernetes.io/name", "zk").Add("tier", "coord");

    [Theory]
    [InlineData("app.kubernetes.io/name", "In", "zk", true)]
    [InlineData("app.kubernetes.io/name", "In", "kafka,zk", true)]
    [InlineData("app.kubernetes.io/name", "In", "kafka", false)]
    [InlineData("app", "In", "zk", false)] // the key the issue found: pods are labelled app.kubernetes.io/name, not app
    [InlineData("app.kubernetes.io/name", "NotIn", "kafka", true)]
    [InlineData("app.kubernetes.io/name", "NotIn", "zk", false)]
    [InlineData("app", "NotIn", "zk", true)] // NotIn holds when the key is absent
    [InlineData("tier", "Exists", "", true)]
    [InlineData("canary", "Exists", "", false)]
    [InlineData("canary", "DoesNotExist", "", true)]
    [InlineData("tier", "DoesNotExist", "", false)]
    public void A_requirement_is_evaluated_as_the_server_does(string key, string op, string values, bool expected)
    {
        var selector = new LabelMap().Expression(key, op, values.Length == 0 ? new string[0] : values.Split(','));
        Assert.Equal(expected, selector.Selects(Pods));
    }

    [Fact]
    public void MatchLabels_and_every_requirement_must_hold()
    {
        Assert.Equal(true, new LabelMap().Add("tier", "coord").Expression("app.kubernetes.io/name", "In", "zk").Selects(Pods));
        Assert.Equal(false, new LabelMap().Add("tier", "db").Expression("app.kubernetes.io/name", "In", "zk").Selects(Pods));
        Assert.Equal(false, new LabelMap().Add("tier", "coord").Expression("canary", "Exists").Selects(Pods));
    }

    [Fact]
    public void An_empty_selector_selects_everything() => Assert.Equal(true, new LabelMap().Selects(Pods));

    [Fact]
    public void Unknown_or_malformed_requirements_give_no_answer()
    {
        Assert.Null(new LabelMap().Expression("app.kubernetes.io/name", "Equals", "zk").Selects(Pods));
        Assert.Null(new LabelMap().Expression("app.kubernetes.io/name", "In").Selects(Pods));
        var unknownValue = new LabelMap();
        var r = new SelectorRequirement { Key = "app.kubernetes.io/name", Operator = "In" };
        r.Values.Add(Val<string>.Unknown());
        unknownValue.Expressions.Add(r);
        Assert.Null(unknownValue.Selects(Pods));
        Assert.Null(new LabelMap { HasExpressions = true }.Selects(Pods));
    }

    [Fact]
    public void A_false_requirement_decides_even_beside_an_unreadable_one()
    {
        var selector = new LabelMap().Expression("app.kubernetes.io/name", "In", "zk").Expression("canary", "Exists").Expression("x", "Bogus", "y");
        Assert.Equal(false, selector.Selects(Pods));
    }

    [Fact]
    public void Expressions_print_as_the_api_machinery_prints_them()
    {
        var selector = new LabelMap().Expression("b", "In", "x", "y").Expression("c", "NotIn", "z").Expression("d", "Exists").Expression("e", "DoesNotExist");
        Assert.Equal(new[] { "b in (x,y)", "c notin (z)", "d", "!e" }, selector.Expressions.ConvertAll(r => r.ToString()));
        var set = TestModels.Valid();
        set.Budgets[0].Selector = new LabelMap().Add("tier", "db").Expression("app.kubernetes.io/name", "In", "mysql");
        var v = Assert.Single(RuleEngine.Check(set), x => x.Id == "BERTH054");
        Assert.Contains("selects tier=db,app.kubernetes.io/name in (mysql), which matches no StatefulSet pod template", v.Message);
    }
}
