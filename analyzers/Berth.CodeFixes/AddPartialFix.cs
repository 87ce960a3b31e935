using System.Composition;
using System.Linq;
using System.Threading;
using Berth.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Berth.CodeFixes;

/// <summary>BERTH095: a [Manifests] type, or a type around it, is not partial: add <c>partial</c> to its declaration.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddPartialFix)), Shared]
public sealed class AddPartialFix : BerthCodeFix
{
    /// <summary>The equivalence key of the fix.</summary>
    public const string EquivalenceKey = "Berth.AddPartial";

    /// <summary>Creates the fix.</summary>
    public AddPartialFix()
        : base(EquivalenceKey, RuleCatalog.ManifestsTypeNotPartial)
    {
    }

    /// <inheritdoc/>
    private protected override Fix? Propose(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        // The diagnostic is on the type's name.
        var token = root.FindToken(diagnostic.Location.SourceSpan.Start);
        if (token.Parent is not TypeDeclarationSyntax declaration || declaration.Identifier != token) return null;
        if (declaration.Modifiers.Any(SyntaxKind.PartialKeyword)) return null;
        return new Fix("Make \"" + declaration.Identifier.ValueText + "\" partial", declaration, () => AddPartial(declaration));
    }

    /// <summary>Adds <c>partial</c> as the last modifier, right before the keyword, as C# requires.</summary>
    private static TypeDeclarationSyntax AddPartial(TypeDeclarationSyntax declaration)
    {
        if (declaration.Modifiers.Count > 0)
            return declaration.AddModifiers(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space));

        // No modifiers: the keyword carries the leading trivia (indentation after the attributes); partial takes it over.
        var keyword = declaration.Keyword;
        var partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
        return declaration.WithKeyword(keyword.WithLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(partial));
    }
}
