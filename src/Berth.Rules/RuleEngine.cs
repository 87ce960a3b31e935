using System.Collections.Generic;
using Berth.Rules.Checks;
using Berth.Rules.Model;

namespace Berth.Rules;

/// <summary>
/// Runs every rule of <see cref="RuleCatalog"/> over the neutral model. Pure and deterministic: the same model gives
/// the same violations in the same order. Rules never fire on unknown values, and "missing" rules never fire when
/// the list they search is incomplete.
/// </summary>
public static class RuleEngine
{
    /// <summary>
    /// Checks a manifest set. Violations come in object order (the apps in order, then the Services, then the
    /// disruption budgets), then by rule ID, then by field.
    /// </summary>
    public static IReadOnlyList<RuleViolation> Check(ManifestSetModel set)
    {
        var findings = new Findings();
        int group = 0;
        var target = VersionChecks.Target(set);
        foreach (var app in set.Apps)
        {
            var scope = new Scope(findings, group++, AppName(app), app.Anchor);
            StatefulSetChecks.Run(scope, app, target);
            VersionChecks.Run(scope, app, set);
            LabelChecks.RunApp(scope, app);
            LabelChecks.RunAnnotations(scope, app);
            ContainerChecks.Run(scope, app);
            ClaimChecks.Run(scope, app);
            SchedulingChecks.Run(scope, app);
            SecurityChecks.Run(scope, app);
            ServiceChecks.Governing(scope, app, set);
            HygieneChecks.Run(scope, app, set);
            SecretChecks.Run(scope, app);
        }
        foreach (var svc in set.Services)
            ServiceChecks.Run(new Scope(findings, group++, "service/" + Name(svc.Name), svc.Anchor), svc, set);
        foreach (var budget in set.Budgets)
        {
            var scope = new Scope(findings, group++, "poddisruptionbudget/" + Name(budget.Name), budget.Anchor);
            BudgetChecks.Run(scope, budget, set);
            VersionChecks.RunBudget(scope, budget, set);
        }
        return findings.Sorted();
    }

    /// <summary>
    /// Only the cross-object rules (<see cref="RuleScope.CrossObject"/>: the governing Service, the ServiceAccount, a
    /// Service or budget that selects nothing) of a manifest set: the same violations, in the same order, as
    /// <see cref="Check(ManifestSetModel)"/> gives for those rules, without running the rules about each object alone.
    /// For a caller that checks each object alone once and then against many small sets of the objects it may refer
    /// to (the analyzer, app by app).
    /// </summary>
    public static IReadOnlyList<RuleViolation> CheckCrossObject(ManifestSetModel set)
    {
        var findings = new Findings();
        int group = 0;
        foreach (var app in set.Apps)
        {
            var scope = new Scope(findings, group++, AppName(app), app.Anchor);
            ServiceChecks.Governing(scope, app, set);
            HygieneChecks.ServiceAccount(scope, app, set);
        }
        foreach (var svc in set.Services)
            ServiceChecks.Dangling(new Scope(findings, group++, "service/" + Name(svc.Name), svc.Anchor), svc, set);
        foreach (var budget in set.Budgets)
            BudgetChecks.SelectsNoPods(new Scope(findings, group++, "poddisruptionbudget/" + Name(budget.Name), budget.Anchor), budget, set);
        return findings.Sorted();
    }

    /// <summary>
    /// Only the version rules (BERTH100–BERTH102) of <see cref="Check(ManifestSetModel)"/>, in the same order: what a set
    /// already checked with every rule needs of another target version (the client checks an app against the version of
    /// the server it applies to).
    /// </summary>
    public static IReadOnlyList<RuleViolation> CheckVersions(ManifestSetModel set)
    {
        var findings = new Findings();
        int group = 0;
        foreach (var app in set.Apps)
            VersionChecks.Run(new Scope(findings, group++, AppName(app), app.Anchor), app, set);
        group += set.Services.Count;
        foreach (var budget in set.Budgets)
            VersionChecks.RunBudget(new Scope(findings, group++, "poddisruptionbudget/" + Name(budget.Name), budget.Anchor), budget, set);
        return findings.Sorted();
    }

    /// <summary>
    /// Checks one app on its own. The Services, budgets and ServiceAccounts around it are treated as unknown, so the
    /// cross-object rules that look for a missing object (BERTH040, BERTH057) stay quiet.
    /// </summary>
    public static IReadOnlyList<RuleViolation> Check(AppModel app)
    {
        var set = new ManifestSetModel();
        set.Apps.Add(app);
        set.Apps.IsComplete = true;
        set.Services.IsComplete = false;
        set.Budgets.IsComplete = false;
        set.ServiceAccounts.IsComplete = false;
        return Check(set);
    }

    /// <summary>The name used for an app in messages: its name, or "statefulset" when it is unknown or empty.</summary>
    public static string AppName(AppModel app) => Name(app.Name, "statefulset");

    private static string Name(Val<string?> name, string fallback = "(unnamed)") =>
        name.IsKnown && !string.IsNullOrEmpty(name.Value) ? name.Value! : fallback;
}
