using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Berth.Rules;
using Berth.Rules.Lock;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Berth.Analyzers;

/// <summary>
/// The project's lock file (<c>berth.lock.json</c>), handed to the compiler as an additional file by the package's targets:
/// read once per compilation; a definition whose constant values change a locked field is reported at the value
/// (<see cref="RuleCatalog.ImmutableFieldChangedAgainstLock"/>, through <see cref="LockCheck"/>, the build step's comparison), and a
/// lock that cannot be read at its line (<see cref="RuleCatalog.LockFileUnreadable"/>).
/// </summary>
internal sealed class LockFileCheck
{
    private readonly AdditionalText? _file;
    private readonly Lazy<(LockFile? Lock, LockFileException? Error)> _read;

    private LockFileCheck(AdditionalText? file, CancellationToken cancellationToken)
    {
        _file = file;
        _read = new Lazy<(LockFile?, LockFileException?)>(() => Read(file, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// The lock of a compilation: the additional file the build names (<c>build_property.BerthLockFile</c>), else one named
    /// berth.lock.json; none when the project has no lock.
    /// </summary>
    public static LockFileCheck Create(AnalyzerOptions options, CancellationToken cancellationToken)
    {
        options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("build_property.BerthLockFile", out var configured);
        AdditionalText? file = null;
        foreach (var text in options.AdditionalFiles)
        {
            var matches = string.IsNullOrEmpty(configured)
                ? string.Equals(Path.GetFileName(text.Path), LockFile.DefaultFileName, StringComparison.OrdinalIgnoreCase)
                : string.Equals(Path.GetFullPath(text.Path), Path.GetFullPath(configured), StringComparison.Ordinal);
            if (matches)
            {
                file = text;
                break;
            }
        }

        return new LockFileCheck(file, cancellationToken);
    }

    /// <summary>BERTH099 on the lock file itself, at the line that cannot be read.</summary>
    public void AnalyzeFile(AdditionalFileAnalysisContext context)
    {
        if (_file is null || context.AdditionalFile.Path != _file.Path || _read.Value.Error is not { } error) return;
        var text = context.AdditionalFile.GetText(context.CancellationToken);
        var span = new TextSpan(0, 0);
        var lines = new LinePositionSpan(new LinePosition(0, 0), new LinePosition(0, 0));
        if (text is not null && error.Line - 1 < text.Lines.Count)
        {
            var line = text.Lines[Math.Max(0, error.Line - 1)];
            span = line.Span;
            lines = text.Lines.GetLinePositionSpan(line.Span);
        }

        var message = LockCheck.UnreadableMessage(Path.GetFileName(_file.Path), error);
        context.ReportDiagnostic(Diagnostic.Create(BerthDescriptors.Get(RuleCatalog.LockFileUnreadable.Id), Location.Create(_file.Path, span, lines), message));
    }

    /// <summary>
    /// The BERTH098 findings of one app: the chain that is the whole initializer or expression body of a member of a
    /// [Manifests] type, against the lock's entries of that member (one per variant).
    /// </summary>
    public IEnumerable<Rules.RuleViolation> Check(AppEntry entry, ISymbol? containing, DslSymbols dsl)
    {
        if (_file is null || _read.Value.Lock is not { } lockFile || entry.Result.Opaque) yield break;
        var member = MemberOf(entry.Chain, containing, dsl);
        if (member is null) yield break;
        var definition = member.ContainingType.ToDisplayString() + "." + member.Name;
        var fileName = Path.GetFileName(_file.Path);
        foreach (var locked in lockFile.OfDefinition(definition))
            foreach (var v in LockCheck.Compare(entry.Result.App, locked, fileName))
                yield return v;
    }

    /// <summary>The static member of a [Manifests] type whose initializer or expression body is the chain, or null.</summary>
    private static ISymbol? MemberOf(SyntaxNode chain, ISymbol? containing, DslSymbols dsl)
    {
        var parent = chain.Parent;
        while (parent is ParenthesizedExpressionSyntax) parent = parent.Parent;
        if (parent is not (EqualsValueClauseSyntax or ArrowExpressionClauseSyntax)) return null;
        var member = containing is IMethodSymbol { MethodKind: MethodKind.PropertyGet } getter ? getter.AssociatedSymbol : containing;
        if (member is null || !member.IsStatic || member is not (IPropertySymbol or IFieldSymbol or IMethodSymbol { MethodKind: MethodKind.Ordinary })) return null;
        var manifests = dsl.Manifests;
        return member.ContainingType.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, manifests)) ? member : null;
    }

    private static (LockFile?, LockFileException?) Read(AdditionalText? file, CancellationToken cancellationToken)
    {
        if (file?.GetText(cancellationToken) is not { } text) return (null, null);
        try
        {
            return (LockFile.Parse(text.ToString()), null);
        }
        catch (LockFileException e)
        {
            return (null, e);
        }
    }
}
