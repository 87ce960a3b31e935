using System.Collections.Immutable;
using System.Composition;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Berth.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Berth.CodeFixes;

/// <summary>
/// Invalid names (StatefulSet, serviceName, claim template, container, Service, namespace): lower-case the literal and turn
/// every other character into '-', when that gives a valid name.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FixNameFix)), Shared]
public sealed class FixNameFix : BerthCodeFix
{
    /// <summary>The equivalence key of the fix.</summary>
    public const string EquivalenceKey = "Berth.FixName";

    /// <summary>Creates the fix.</summary>
    public FixNameFix()
        : base(EquivalenceKey, RuleCatalog.InvalidStatefulSetName, RuleCatalog.InvalidGoverningServiceName, RuleCatalog.InvalidClaimTemplateName,
            RuleCatalog.InvalidContainers, RuleCatalog.InvalidServiceName, RuleCatalog.InvalidNamespaceName)
    {
    }

    /// <inheritdoc/>
    private protected override Fix? Propose(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var literal = FixHelpers.StringLiteralAt(root, diagnostic);
        if (literal is null) return null;
        var current = literal.Token.ValueText;
        var serviceName = diagnostic.Id == RuleCatalog.InvalidServiceName.Id;
        var suggested = Suggest(current, diagnostic.Id == RuleCatalog.InvalidStatefulSetName.Id ? 52 : 63);
        var valid = serviceName ? KubeNames.IsDns1035Label(suggested) : KubeNames.IsDns1123Label(suggested);
        if (!valid || suggested == current) return null;
        return new Fix("Use \"" + suggested + "\"", literal, () => FixHelpers.StringLiteral(literal, suggested));
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
