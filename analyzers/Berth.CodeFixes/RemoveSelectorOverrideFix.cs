using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
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
public sealed class RemoveSelectorOverrideFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix.</summary>
    public const string EquivalenceKey = "Berth.RemoveSelectorOverride";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("BERTH002");

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var call = FixHelpers.EnclosingCall(node, "Selector");
            if (call?.Expression is not MemberAccessExpressionSyntax member) continue;
            if (model.GetSymbolInfo(call, context.CancellationToken).Symbol is not IMethodSymbol { ContainingType: { Name: "StatefulApp", ContainingNamespace.Name: "Berth" } })
                continue;
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Remove the selector override (select the pods by their labels)",
                    _ =>
                    {
                        var receiver = member.Expression.WithTrailingTrivia(call.GetTrailingTrivia());
                        return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(call, receiver)));
                    },
                    EquivalenceKey),
                diagnostic);
        }
    }
}
