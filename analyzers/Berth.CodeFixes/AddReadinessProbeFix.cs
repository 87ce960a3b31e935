using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
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
/// BERTH051 (no readiness probe): when the container exposes exactly one port, the clear fix is a TCP readiness
/// probe on it, <c>.Readiness(Probe.Tcp("pg"))</c>. With no port, or several, there is no clear fix and none is offered.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddReadinessProbeFix)), Shared]
public sealed class AddReadinessProbeFix : BerthCodeFix
{
    /// <summary>The equivalence key of the fix.</summary>
    public const string EquivalenceKey = "Berth.AddReadinessProbe";

    /// <summary>Creates the fix.</summary>
    public AddReadinessProbeFix()
        : base(EquivalenceKey, RuleCatalog.MissingReadinessProbe)
    {
    }

    /// <inheritdoc/>
    private protected override Fix? Propose(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var container = node.AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault(i =>
            i.Expression is MemberAccessExpressionSyntax m && m.Name.Span == diagnostic.Location.SourceSpan
            && (m.Name.Identifier.ValueText == "Container" || m.Name.Identifier.ValueText == "InitContainer"));
        if (container is null) return null;
        var lambda = container.ArgumentList.Arguments.Select(a => a.Expression).OfType<LambdaExpressionSyntax>().FirstOrDefault();
        if (lambda?.ExpressionBody is not { } body) return null;
        var port = SinglePort(body, model, cancellationToken);
        if (port is null) return null;
        var probe = ProbeTypeName(model, body.SpanStart) + ".Tcp(" + port + ")";
        return new Fix("Add a TCP readiness probe on port " + port, body, () =>
        {
            var text = body.WithoutTrailingTrivia().ToFullString() + Separator(body) + ".Readiness(" + probe + ")";
            return SyntaxFactory.ParseExpression(text).WithTrailingTrivia(body.GetTrailingTrivia());
        });
    }

    /// <summary>The one port the container exposes, as C# (a string literal or a number); null when not exactly one.</summary>
    private static string? SinglePort(ExpressionSyntax body, SemanticModel model, CancellationToken cancellationToken)
    {
        var ports = new List<string>();
        foreach (var call in body.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>())
        {
            if (call.Expression is not MemberAccessExpressionSyntax m) continue;
            var name = m.Name.Identifier.ValueText;
            if (name != "Port" && name != "HostPort") continue;
            if (model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol { ContainingType: { Name: "ContainerSpec", ContainingNamespace.Name: "Berth" } } method) return null;
            var first = call.ArgumentList.Arguments.FirstOrDefault();
            if (first?.Expression is not LiteralExpressionSyntax literal || first.NameColon is not null) return null;
            ports.Add(method.Parameters[0].Name == "name" ? "\"" + literal.Token.ValueText + "\"" : literal.Token.ValueText);
        }

        return ports.Count == 1 ? ports[0] : null;
    }

    private static string ProbeTypeName(SemanticModel model, int position) =>
        model.LookupNamespacesAndTypes(position, name: "Probe").OfType<INamedTypeSymbol>().Any(t => t.ContainingNamespace.Name == "Berth")
            ? "Probe"
            : "Berth.Probe";

    /// <summary>Continues a chain written one call per line on a new line with the same indentation.</summary>
    private static string Separator(ExpressionSyntax body)
    {
        if (body is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax last }
            && last.OperatorToken.LeadingTrivia.Any(SyntaxKind.WhitespaceTrivia)
            && last.OperatorToken.GetPreviousToken().TrailingTrivia.Any(SyntaxKind.EndOfLineTrivia))
            return "\n" + last.OperatorToken.LeadingTrivia.ToFullString();
        return string.Empty;
    }
}
