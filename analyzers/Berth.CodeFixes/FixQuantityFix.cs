using System.Collections.Immutable;
using System.Composition;
using System.Threading;
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
public sealed class FixQuantityFix : BerthCodeFix
{
    /// <summary>The equivalence key of the fix.</summary>
    public const string EquivalenceKey = "Berth.FixQuantity";

    /// <summary>Creates the fix.</summary>
    public FixQuantityFix()
        : base(EquivalenceKey, RuleCatalog.MalformedQuantity)
    {
    }

    /// <inheritdoc/>
    private protected override Fix? Propose(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var literal = FixHelpers.StringLiteralAt(root, diagnostic);
        if (literal is null) return null;
        var current = literal.Token.ValueText;
        var suggested = Quantity.SuggestFix(current);
        if (suggested is null || suggested == current) return null;
        return new Fix("Use \"" + suggested + "\"", literal, () => FixHelpers.StringLiteral(literal, suggested));
    }
}
