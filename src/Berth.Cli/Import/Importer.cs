using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.Json.Nodes;
using Berth.Rules;

namespace Berth.Cli.Import;

/// <summary>What one import produced.</summary>
internal sealed record ImportResult(
    string Code,
    ImportPlan Plan,
    IReadOnlyList<string> CompilerWarnings,
    IReadOnlyList<string> Differences,
    IReadOnlyList<RuleViolation> Findings);

/// <summary>
/// <c>berth import</c>: input objects → grouped apps → draft DSL code → compiled and rendered → the differences
/// from the input as assignments → final code, compiled and rendered again to prove the round trip, then validated
/// (the BERTH findings of the input).
/// </summary>
internal static class Importer
{
    public static ImportResult Run(IReadOnlyList<InputObject> objects, string source, string className, string? defaultNamespace, bool onlyStatefulSets)
    {
        if (!SyntaxFacts(className))
            throw new UsageException($"--class \"{className}\" is not a C# identifier; use a name such as Infra or ImportedApps");
        var plan = ImportPlan.Of(objects, defaultNamespace, onlyStatefulSets, className);
        var draft = DefinitionCompiler.Compile(CodeWriter.Write(plan, className, source, null), className);
        var fixups = plan.Apps.ToDictionary(a => a, a => FixupFinder.Find(a, Build(draft.Apps[a.Property], a)));
        var code = CodeWriter.Write(plan, className, source, fixups);
        var final = DefinitionCompiler.Compile(code, className);

        var differences = new List<string>();
        foreach (var app in plan.Apps)
        {
            var built = Build(final.Apps[app.Property], app);
            var rendered = built.Objects.Select(FixupFinder.Json).ToList();
            differences.AddRange(ManifestEquality.Differences(app.Objects.Select(o => o.Json).ToList(), rendered));
        }

        var findings = new ManifestSet(plan.Apps.Select(a => final.Apps[a.Property])).Validate();
        return new ImportResult(code, plan, final.Warnings, differences, findings);
    }

    private static AppManifests Build(StatefulApp app, AppPlan plan)
    {
        try
        {
            return app.Build();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            throw new CliException($"{plan.Set.Ref}: the imported definition does not build: {e.Message}");
        }
    }

    private static bool SyntaxFacts(string name) =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(name) && Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) == Microsoft.CodeAnalysis.CSharp.SyntaxKind.None;
}
