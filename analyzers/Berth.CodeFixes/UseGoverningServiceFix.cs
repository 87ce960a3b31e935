using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
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
public sealed class UseGoverningServiceFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix.</summary>
    public const string EquivalenceKey = "Berth.UseGoverningService";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("BERTH040");

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var call = FixHelpers.EnclosingCall(node, "UseExistingService");
            if (call is null || call.ArgumentList.Arguments.Count != 1 || call.Expression is not MemberAccessExpressionSyntax member) continue;
            if (!call.ArgumentList.Arguments[0].Span.Contains(diagnostic.Location.SourceSpan)) continue;
            var name = call.ArgumentList.Arguments[0].Expression is LiteralExpressionSyntax literal ? " \"" + literal.Token.ValueText + "\"" : string.Empty;
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Let Berth create the headless Service" + name + " (GoverningService)",
                    _ =>
                    {
                        var renamed = member.WithName(SyntaxFactory.IdentifierName("GoverningService").WithTriviaFrom(member.Name));
                        return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(member, renamed)));
                    },
                    EquivalenceKey),
                diagnostic);
        }
    }
}
