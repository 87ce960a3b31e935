using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Berth.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Berth.CodeFixes;

/// <summary>
/// BERTH040 on <c>.UseExistingService("x")</c> when no Service "x" exists: let Berth write the headless Service
/// instead, <c>.GoverningService("x")</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseGoverningServiceFix)), Shared]
public sealed class UseGoverningServiceFix : BerthCodeFix
{
    /// <summary>The equivalence key of the fix.</summary>
    public const string EquivalenceKey = "Berth.UseGoverningService";

    /// <summary>Creates the fix.</summary>
    public UseGoverningServiceFix()
        : base(EquivalenceKey, RuleCatalog.GoverningServiceNotFound)
    {
    }

    /// <inheritdoc/>
    private protected override Fix? Propose(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var call = FixHelpers.EnclosingCall(node, "UseExistingService");
        if (call is null || call.ArgumentList.Arguments.Count != 1 || call.Expression is not MemberAccessExpressionSyntax member) return null;
        if (!call.ArgumentList.Arguments[0].Span.Contains(diagnostic.Location.SourceSpan)) return null;
        var name = call.ArgumentList.Arguments[0].Expression is LiteralExpressionSyntax literal ? " \"" + literal.Token.ValueText + "\"" : string.Empty;
        return new Fix(
            "Let Berth create the headless Service" + name + " (GoverningService)",
            member,
            () => member.WithName(SyntaxFactory.IdentifierName("GoverningService").WithTriviaFrom(member.Name)));
    }
}
