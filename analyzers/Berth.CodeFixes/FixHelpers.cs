using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Berth.CodeFixes;

/// <summary>Small syntax helpers shared by the fixes.</summary>
internal static class FixHelpers
{
    /// <summary>The string literal a diagnostic is reported on, if it is exactly one.</summary>
    public static LiteralExpressionSyntax? StringLiteralAt(SyntaxNode root, Diagnostic diagnostic)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (node is ArgumentSyntax argument) node = argument.Expression;
        return node is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression)
            && literal.Span == diagnostic.Location.SourceSpan
            ? literal
            : null;
    }

    /// <summary>The call <c>x.Name(...)</c> around <paramref name="node"/> (the nearest one with that method name).</summary>
    public static InvocationExpressionSyntax? EnclosingCall(SyntaxNode node, string methodName) =>
        node.AncestorsAndSelf().OfType<InvocationExpressionSyntax>()
            .FirstOrDefault(i => i.Expression is MemberAccessExpressionSyntax m && m.Name.Identifier.ValueText == methodName);

    /// <summary>A string literal token with the same quoting style as <paramref name="original"/> where possible.</summary>
    public static LiteralExpressionSyntax StringLiteral(LiteralExpressionSyntax original, string value) =>
        SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(value))
            .WithTriviaFrom(original);
}
