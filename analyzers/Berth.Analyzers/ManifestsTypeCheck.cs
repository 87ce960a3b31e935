using System.Linq;
using Berth.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Berth.Analyzers;

/// <summary>
/// BERTH095 and BERTH096: a <c>[Manifests]</c> type the source generator cannot extend. The generator itself reports nothing;
/// without these it would quietly produce no identities (a type that is not partial) or no registry and no client (a generic
/// type, or one nested in a private or protected type), and the build step would write none of the type's manifests.
/// </summary>
internal static class ManifestsTypeCheck
{
    /// <summary>
    /// Checks one named type: a [Manifests] type itself (BERTH096, else BERTH095), or a type around one (BERTH095). Each
    /// diagnostic is reported on the type being analyzed, so it is local to it and fixable from the light bulb.
    /// </summary>
    public static void Analyze(SymbolAnalysisContext context, DslSymbols dsl)
    {
        if (dsl.Manifests is null) return;
        var type = (INamedTypeSymbol)context.Symbol;
        var location = type.Locations.FirstOrDefault(l => l.IsInSource);
        if (location is null) return;

        if (IsManifests(type, dsl))
        {
            if (Unusable(type) is { } reason)
            {
                Report(context, RuleCatalog.ManifestsTypeNotUsable, location, Display(type), reason);
                return;
            }

            if (!IsPartial(type, context))
                Report(context, RuleCatalog.ManifestsTypeNotPartial, location, Display(type),
                    $"the [Manifests] type is not partial, so the generator cannot add the apps' typed identities (such as {Display(type)}.<App>.Pod(0).Host) to it; declare {Quote(Display(type))} partial.");
            return;
        }

        // A type around a usable [Manifests] type must be partial too.
        if (IsPartial(type, context) || NestedManifests(type, dsl) is not { } inner) return;
        Report(context, RuleCatalog.ManifestsTypeNotPartial, location, Display(type),
            $"the type around the [Manifests] type {Quote(Display(inner))} is not partial, so the generator cannot add the apps' typed identities (such as {Display(inner)}.<App>.Pod(0).Host) to it; declare {Quote(Display(type))} partial.");
    }

    private static bool IsManifests(INamedTypeSymbol type, DslSymbols dsl) =>
        type.GetAttributes().Any(a => DslSymbols.Is(a.AttributeClass, dsl.Manifests));

    /// <summary>Why the generator writes no registry for the [Manifests] type, or null when it does.</summary>
    private static string? Unusable(INamedTypeSymbol type)
    {
        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (t.TypeParameters.Length > 0)
            {
                var what = ReferenceEquals(t, type) ? "is generic" : "is nested in the generic type " + Quote(Display(t));
                return $"the [Manifests] type {what}, so it has no single set of apps: the generator writes no registry for it, the build step writes none of its manifests and no typed client is generated; declare the apps in a non-generic static partial class (a generic helper can still build them).";
            }
        }

        for (var t = type.ContainingType; t is not null; t = t.ContainingType)
        {
            if (t.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
                return $"the [Manifests] type is nested in the {AccessText(t)} type {Quote(Display(t))}, which the generated registry cannot name, so the build step writes none of its manifests and no typed client is generated; make {Quote(Display(t))} internal or public, or move the [Manifests] type out of it.";
        }

        return null;
    }

    /// <summary>The first usable [Manifests] type nested (at any depth) in <paramref name="type"/>.</summary>
    private static INamedTypeSymbol? NestedManifests(INamedTypeSymbol type, DslSymbols dsl)
    {
        foreach (var member in type.GetTypeMembers())
        {
            if (IsManifests(member, dsl) && Unusable(member) is null) return member;
            if (NestedManifests(member, dsl) is { } deeper) return deeper;
        }

        return null;
    }

    private static bool IsPartial(INamedTypeSymbol type, SymbolAnalysisContext context) =>
        type.DeclaringSyntaxReferences.Any(r => r.GetSyntax(context.CancellationToken) is TypeDeclarationSyntax d && d.Modifiers.Any(SyntaxKind.PartialKeyword));

    private static void Report(SymbolAnalysisContext context, Rule rule, Location location, string name, string message) =>
        context.ReportDiagnostic(Diagnostic.Create(BerthDescriptors.Get(rule.Id), location, name + ": " + message));

    private static string Display(INamedTypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

    private static string AccessText(INamedTypeSymbol type) => type.DeclaredAccessibility switch
    {
        Microsoft.CodeAnalysis.Accessibility.Private => "private",
        Microsoft.CodeAnalysis.Accessibility.Protected => "protected",
        _ => "private protected",
    };

    private static string Quote(string s) => "\"" + s + "\"";
}
