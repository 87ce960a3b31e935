using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Berth.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Berth.CodeFixes;

/// <summary>
/// BERTH021: a malformed quantity such as "10GB" is replaced by the one most likely meant ("10Gi"), as an offer:
/// the fix is never applied on its own.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FixQuantityFix)), Shared]
public sealed class FixQuantityFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix.</summary>
    public const string EquivalenceKey = "Berth.FixQuantity";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("BERTH021");

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            var literal = FixHelpers.StringLiteralAt(root, diagnostic);
            if (literal is null) continue;
            var current = literal.Token.ValueText;
            var suggested = Quantity.SuggestFix(current);
            if (suggested is null || suggested == current) continue;
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Use \"" + suggested + "\"",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(literal, FixHelpers.StringLiteral(literal, suggested)))),
                    EquivalenceKey),
                diagnostic);
        }
    }
}
