using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Berth.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Berth.CodeFixes;

/// <summary>
/// BERTH002 caused by <c>.Selector(...)</c>: remove the override, so the selector follows the identity labels again
/// (as do the pod template, the Services, the budget and the spreading rules).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveSelectorOverrideFix)), Shared]
public sealed class RemoveSelectorOverrideFix : BerthCodeFix
{
    /// <summary>The equivalence key of the fix.</summary>
    public const string EquivalenceKey = "Berth.RemoveSelectorOverride";

    /// <summary>Creates the fix.</summary>
    public RemoveSelectorOverrideFix()
        : base(EquivalenceKey, RuleCatalog.SelectorDoesNotMatchTemplateLabels)
    {
    }

    /// <inheritdoc/>
    private protected override Fix? Propose(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var call = FixHelpers.EnclosingCall(node, "Selector");
        if (call?.Expression is not MemberAccessExpressionSyntax member) return null;
        if (model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol { ContainingType: { Name: "StatefulApp", ContainingNamespace.Name: "Berth" } })
            return null;
        return new Fix("Remove the selector override (select the pods by their labels)", call, () => member.Expression.WithTrailingTrivia(call.GetTrailingTrivia()));
    }
}
