using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Berth.Rules;
using Microsoft.CodeAnalysis;

namespace Berth.Analyzers;

/// <summary>
/// One <see cref="DiagnosticDescriptor"/> per rule of <see cref="RuleCatalog"/>, derived from it: ID, title, category,
/// severity, description, scope and help link all come from the catalog, and the message is the text the rule engine writes
/// (it names the object, the field and the fix). Nothing is restated here, so descriptors and catalog cannot drift.
/// </summary>
/// <remarks>
/// The IDs are not compile-time constants here, so Microsoft.CodeAnalysis.Analyzers' release tracking (RS2000–RS2008) cannot
/// read them from this file; <c>AnalyzerReleases.Unshipped.md</c> is kept equal to the catalog by a test instead
/// (ConfigurationTests.Release_tracking_lists_every_rule_with_its_category_severity_and_title).
/// </remarks>
public static class BerthDescriptors
{
    /// <summary>Every descriptor, in catalog order.</summary>
    public static ImmutableArray<DiagnosticDescriptor> All { get; } = RuleCatalog.All.Select(Create).ToImmutableArray();

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = All.ToDictionary(d => d.Id);

    /// <summary>The descriptor of a rule ID.</summary>
    public static DiagnosticDescriptor Get(string id) => ById[id];

    /// <summary>
    /// True when the rule's outcome depends on other objects of the compilation (<see cref="RuleScope.CrossObject"/>: a Service or
    /// app declared elsewhere), so it is checked against every app of the compilation. Every other rule is checked on the app
    /// with its own objects only.
    /// </summary>
    public static bool IsCrossObject(string id) => RuleCatalog.Find(id)?.Scope == RuleScope.CrossObject;

#pragma warning disable RS1017 // The ID comes from the rule catalog, the one place rules are declared (see the remarks above).
    private static DiagnosticDescriptor Create(Rule rule) => new(
        rule.Id, rule.Title, "{0}", rule.Category, Severity(rule.Severity), isEnabledByDefault: true,
        description: rule.Description, helpLinkUri: rule.HelpLink, customTags: Tags(rule));
#pragma warning restore RS1017

    private static DiagnosticSeverity Severity(RuleSeverity severity) => severity switch
    {
        RuleSeverity.Error => DiagnosticSeverity.Error,
        RuleSeverity.Warning => DiagnosticSeverity.Warning,
        _ => DiagnosticSeverity.Info,
    };

    /// <summary>
    /// The rule's scope as a custom tag ("Berth.CrossObject"), so tools can tell what the rule needs to see; a rule decided at the end
    /// of a compilation (<see cref="RuleScope.BuildInputs"/>) also carries <see cref="WellKnownDiagnosticTags.CompilationEnd"/>.
    /// </summary>
    private static string[] Tags(Rule rule) => rule.Scope == RuleScope.BuildInputs
        ? new[] { "Berth." + rule.Scope, WellKnownDiagnosticTags.CompilationEnd }
        : new[] { "Berth." + rule.Scope };
}
