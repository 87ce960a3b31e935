using System.Collections.Immutable;
using System.Composition;
using System.Text;
using System.Threading.Tasks;
using Berth.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Berth.CodeFixes;

/// <summary>
/// Invalid names (StatefulSet, serviceName, claim template, container, Service): lower-case the literal and turn
/// every other character into '-', when that gives a valid name.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FixNameFix)), Shared]
public sealed class FixNameFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix.</summary>
    public const string EquivalenceKey = "Berth.FixName";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create("BERTH003", "BERTH010", "BERTH015", "BERTH016", "BERTH029");

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
            var serviceName = diagnostic.Id == "BERTH029";
            var suggested = Suggest(current, diagnostic.Id == "BERTH003" ? 52 : 63);
            var valid = serviceName ? KubeNames.IsDns1035Label(suggested) : KubeNames.IsDns1123Label(suggested);
            if (!valid || suggested == current) continue;
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Use \"" + suggested + "\"",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(literal, FixHelpers.StringLiteral(literal, suggested)))),
                    EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>A DNS-1123 label close to <paramref name="name"/>: lower case, other characters as single '-', trimmed.</summary>
    public static string Suggest(string name, int max)
    {
        var sb = new StringBuilder();
        foreach (var ch in name.ToLowerInvariant())
        {
            if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) sb.Append(ch);
            else if (sb.Length > 0 && sb[sb.Length - 1] != '-') sb.Append('-');
        }

        var result = sb.ToString();
        if (result.Length > max) result = result.Substring(0, max);
        return result.Trim('-');
    }
}
