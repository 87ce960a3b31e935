using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
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
public sealed class AddReadinessProbeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix.</summary>
    public const string EquivalenceKey = "Berth.AddReadinessProbe";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("BERTH051");

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
            var container = node.AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault(i =>
                i.Expression is MemberAccessExpressionSyntax m && m.Name.Span == diagnostic.Location.SourceSpan
                && (m.Name.Identifier.ValueText == "Container" || m.Name.Identifier.ValueText == "InitContainer"));
            if (container is null) continue;
            var lambda = container.ArgumentList.Arguments.Select(a => a.Expression).OfType<LambdaExpressionSyntax>().FirstOrDefault();
            if (lambda?.ExpressionBody is not { } body) continue;
            var port = SinglePort(body, model, context.CancellationToken);
            if (port is null) continue;
            var probeType = ProbeTypeName(model, body.SpanStart);
            var probe = probeType + ".Tcp(" + port + ")";
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Add a TCP readiness probe on port " + port,
                    _ =>
                    {
                        var text = body.WithoutTrailingTrivia().ToFullString() + Separator(body) + ".Readiness(" + probe + ")";
                        var replacement = SyntaxFactory.ParseExpression(text).WithTrailingTrivia(body.GetTrailingTrivia());
                        return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(body, replacement)));
                    },
                    EquivalenceKey),
                diagnostic);
        }
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
