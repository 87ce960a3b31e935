using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Berth.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Berth.CodeFixes;

/// <summary>
/// The shape every Berth fix shares: for each diagnostic, at most one code action that replaces one syntax node,
/// with Fix All by batch. A fix only says which node to replace and with what.
/// </summary>
public abstract class BerthCodeFix : CodeFixProvider
{
    private readonly string _equivalenceKey;

    private protected BerthCodeFix(string equivalenceKey, params Rule[] rules)
    {
        _equivalenceKey = equivalenceKey;
        FixableDiagnosticIds = rules.Select(r => r.Id).ToImmutableArray();
    }

    /// <inheritdoc/>
    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

    /// <inheritdoc/>
    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (Propose(root, model, diagnostic, context.CancellationToken) is not { } fix) continue;
            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(fix.Title, _ => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(fix.Node, fix.Replacement()))), _equivalenceKey),
                diagnostic);
        }
    }

    /// <summary>The fix for one diagnostic, or null when there is no clear one.</summary>
    private protected abstract Fix? Propose(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken);

    /// <summary>A proposed fix: its title, the node to replace and how to make the replacement.</summary>
    private protected sealed class Fix
    {
        public Fix(string title, SyntaxNode node, Func<SyntaxNode> replacement)
        {
            Title = title;
            Node = node;
            Replacement = replacement;
        }

        public string Title { get; }

        public SyntaxNode Node { get; }

        public Func<SyntaxNode> Replacement { get; }
    }
}
