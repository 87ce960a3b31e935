using System.Linq;
using Berth.Rules.Model;
using Xunit;

namespace Berth.Rules.Tests;

public sealed class RuleTests
{
    [Fact]
    public void The_valid_model_produces_no_violation_at_all()
    {
        var violations = RuleEngine.Check(TestModels.Valid());
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Theory]
    [MemberData(nameof(RuleCases.RuleIds), MemberType = typeof(RuleCases))]
    public void Every_rule_is_quiet_on_the_valid_model(string id)
    {
        Assert.DoesNotContain(RuleEngine.Check(TestModels.Valid()), v => v.Id == id);
    }

    [Theory]
    [MemberData(nameof(RuleCases.FireNames), MemberType = typeof(RuleCases))]
    public void Rule_fires(string name)
    {
        var c = RuleCases.Fire[name];
        var model = TestModels.Valid();
        c.Mutate(model);
        var violations = RuleEngine.Check(model);
        var hits = violations.Where(v => v.Id == c.Id).ToList();
        Assert.True(hits.Count > 0, $"{c.Id} did not fire; got:\n{string.Join("\n", violations)}");
        var hit = hits.FirstOrDefault(v => v.Field == c.Field);
        Assert.True(hit != null, $"{c.Id} fired on {string.Join(", ", hits.Select(h => h.Field))}, expected {c.Field}");
        Assert.Equal(c.Object, hit!.ObjectName);
        Assert.StartsWith(c.Object + ": ", hit.Message);
        Assert.Same(RuleCatalog.Find(c.Id), hit.Rule);
        Assert.EndsWith(".", hit.Message);
    }

    [Theory]
    [MemberData(nameof(RuleCases.FireNames), MemberType = typeof(RuleCases))]
    public void The_cross_object_run_gives_the_cross_object_violations_of_the_full_run(string name)
    {
        // CheckCrossObject (the analyzer's run against an app's Services, and its objects against their apps) must be the
        // full run's cross-object violations, in the same order, with the same messages, fields, objects and anchors.
        var model = TestModels.Valid();
        RuleCases.Fire[name].Mutate(model);
        var full = RuleEngine.Check(model).Where(v => v.Rule.Scope == RuleScope.CrossObject).ToList();
        var crossObject = RuleEngine.CheckCrossObject(model);
        Assert.Equal(full.Select(Describe), crossObject.Select(Describe));
        Assert.Equal(full.Select(v => v.Anchor), crossObject.Select(v => v.Anchor));
    }

    private static string Describe(RuleViolation v) => $"{v.Id} {v.ObjectName} {v.Field} {v.Message}";

    [Theory]
    [MemberData(nameof(RuleCases.QuietNames), MemberType = typeof(RuleCases))]
    public void Rule_stays_quiet_near_the_limit(string name)
    {
        var c = RuleCases.Quiet[name];
        var model = TestModels.Valid();
        c.Mutate(model);
        var violations = RuleEngine.Check(model);
        Assert.True(violations.All(v => v.Id != c.Id), string.Join("\n", violations.Where(v => v.Id == c.Id)));
    }

    [Theory]
    [MemberData(nameof(RuleCases.RuleIds), MemberType = typeof(RuleCases))]
    public void Every_rule_but_the_client_one_has_a_firing_case(string id)
    {
        // Not the rule engine's: BERTH027 is reported by the client against the live object (its tests are in
        // Berth.Client.Tests), BERTH095/096 by the analyzer on a type declaration (Berth.Analyzers.Tests/ManifestsTypeTests),
        // BERTH080 by the analyzers about their own reach (Berth.Analyzers.Tests/CustomizeTests), BERTH098/099 against the
        // lock file (LockFileTests), BERTH103 by the analyzers on what the code reads (Berth.Analyzers.Tests/BuildInputTests).
        if (RuleCatalog.Find(id)!.Scope is RuleScope.LiveObject or RuleScope.Declaration or RuleScope.AnalyzerReach or RuleScope.LockFile or RuleScope.BuildInputs) return;
        Assert.Contains(RuleCases.Fire.Values, c => c.Id == id);
    }

    [Theory]
    [MemberData(nameof(RuleCases.RuleIds), MemberType = typeof(RuleCases))]
    public void No_rule_fires_on_a_fully_unknown_model(string id)
    {
        var violations = RuleEngine.Check(TestModels.Unknown());
        Assert.True(violations.All(v => v.Id != id), string.Join("\n", violations.Where(v => v.Id == id)));
    }

    [Fact]
    public void A_fully_unknown_single_app_produces_nothing()
    {
        Assert.Empty(RuleEngine.Check(TestModels.UnknownApp()));
    }

    [Fact]
    public void Firing_cases_with_unknown_values_instead_stay_quiet()
    {
        // The values the firing cases set, made unknown: nothing about them may be reported.
        var model = TestModels.Valid();
        var app = model.App();
        app.Name = Val<string?>.Unknown();
        app.ServiceName = Val<string?>.Unknown();
        app.Replicas = Val<int?>.Unknown();
        app.Partition = Val<int?>.Unknown();
        var c = model.Container();
        c.Image = Val<string?>.Unknown();
        c.Mounts[0].Name = Val<string?>.Unknown();
        c.Requests[1].Quantity = Val<string?>.Unknown();
        c.Ports[0].Number = Val<int>.Unknown();
        model.Claim().Storage = Val<string?>.Unknown();
        model.Probe(ProbeKind.Readiness).Port = Val<string?>.Unknown();
        Assert.Empty(RuleEngine.Check(model));
    }
}
