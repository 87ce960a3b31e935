using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Berth.Rules;
using Berth.Rules.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Berth.Analyzers;

/// <summary>
/// Checks Berth definitions (<c>StatefulApp.Named(...)...</c>) at compile time against the shared rule catalog.
/// Each outermost fluent chain is read into the neutral model of Berth.Rules and checked by the same
/// <see cref="RuleEngine"/> the runtime validator uses.
/// </summary>
/// <remarks>
/// Every diagnostic is reported from the operation action of the chain it belongs to, on a location inside that
/// chain, so it is a local diagnostic: squiggled as the code is typed and fixable from the light bulb. Rules
/// about the app itself are checked on the app with its own Services and budget. The cross-object rules
/// (<see cref="BerthDescriptors.IsCrossObject"/>: a governing Service declared by another app, a budget or
/// Service that selects nothing) are checked against every app of the compilation, which is read once per
/// compilation, the first time a DSL chain is analyzed (<see cref="AppIndex"/>).
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BerthAnalyzer : DiagnosticAnalyzer
{
    private readonly Action<AppIndex>? _indexCreated;

    /// <summary>The analyzer as the compiler loads it.</summary>
    public BerthAnalyzer()
    {
    }

    /// <summary>For tests: <paramref name="indexCreated"/> sees the <see cref="AppIndex"/> of each compilation.</summary>
    internal BerthAnalyzer(Action<AppIndex> indexCreated) => _indexCreated = indexCreated;

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => BerthDescriptors.All;

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        var indexCreated = _indexCreated;
        context.RegisterCompilationStartAction(start =>
        {
            var dsl = DslSymbols.Resolve(start.Compilation);
            if (dsl is null) return; // Berth is not referenced: nothing to do.
            // The target Kubernetes version of the project (<BerthKubernetesVersion>, made visible by the package's props).
            start.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("build_property.BerthKubernetesVersion", out var version);
            var index = new AppIndex(dsl, start.Compilation, string.IsNullOrWhiteSpace(version) ? null : version);
            indexCreated?.Invoke(index);
            var lockFile = LockFileCheck.Create(start.Options, start.CancellationToken);
            start.RegisterAdditionalFileAction(lockFile.AnalyzeFile);
            start.RegisterOperationAction(context => Analyze(context, dsl, index, lockFile), OperationKind.Invocation);
            start.RegisterSymbolAction(context => ManifestsTypeCheck.Analyze(context, dsl), SymbolKind.NamedType);
            // Environment variables and files the definitions read without declaring them (BERTH103), at the end of the compilation.
            BuildInputCheck.Register(start, dsl);
        });
    }

    private static void Analyze(OperationAnalysisContext context, DslSymbols dsl, AppIndex index, LockFileCheck lockFile)
    {
        var invocation = (IInvocationOperation)context.Operation;

        // Cheap rejection first: only StatefulApp.Named and the fluent steps of StatefulApp matter.
        if (!AppIndex.IsChainCall(invocation.TargetMethod, dsl)) return;
        if (!ChainReader.IsOutermost(invocation, dsl)) return;
        if (index.IsBuildingBlock(invocation, context.ContainingSymbol)) return;

        var entry = index.Get(invocation, context.CancellationToken);
        var tree = invocation.Syntax.SyntaxTree;
        var span = invocation.Syntax.Span;
        var fallback = entry.RootLocation ?? invocation.Syntax.GetLocation();
        bool Inside(Location l) => l.SourceTree == tree && span.Contains(l.SourceSpan);

        // Where the analyzer stops following the definition, said once: at the call, or, for a call in a private building
        // block (not analyzed on its own), where this chain uses it; one in a public base definition is said there.
        var inherited = entry.Result.Opaque ? null : index.InheritedFindings(entry, context.CancellationToken);
        var privateBase = entry.BaseMember is not null && index.IsPrivateBase(entry);
        var noted = new HashSet<string>();
        foreach (var (location, message) in entry.Result.Notes)
        {
            var at = Inside(location) ? location : privateBase ? fallback : null;
            if (at is not null && noted.Add(message))
                context.ReportDiagnostic(Diagnostic.Create(BerthDescriptors.Get(RuleCatalog.CheckedOnlyAtBuild.Id), at, message));
        }

        if (entry.Result.Opaque) return;

        var serviceName = entry.Result.App.ServiceName.Anchor as Location;
        var reported = new HashSet<(string, Location)>();
        foreach (var violation in index.Check(entry, context.CancellationToken))
        {
            var location = violation.Anchor as Location ?? fallback;
            if (!Inside(location))
            {
                // Written in a base definition: reported there already, or (for a private building block) here.
                if (inherited is not null && inherited.Contains((violation.Id, location))) continue;

                // The governing Service of another app is wrong for this one: point at this app's serviceName.
                location = BerthDescriptors.IsCrossObject(violation.Id) && serviceName is not null && Inside(serviceName) ? serviceName : fallback;
            }

            // One diagnostic per rule and place (a label is checked on the StatefulSet and on its pod template).
            if (!reported.Add((violation.Id, location))) continue;
            context.ReportDiagnostic(Diagnostic.Create(BerthDescriptors.Get(violation.Id), location, violation.Message));
        }

        // Locked fields changed against the project's lock file (BERTH098), at the value where it is written in this chain.
        foreach (var violation in lockFile.Check(entry, context.ContainingSymbol, dsl))
        {
            var location = violation.Anchor as Location is { } at && Inside(at) ? at : fallback;
            context.ReportDiagnostic(Diagnostic.Create(BerthDescriptors.Get(violation.Id), location, violation.Message));
        }
    }
}
