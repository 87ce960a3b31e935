using System.Collections.Concurrent;
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
/// <see cref="RuleEngine"/> the runtime validator uses. Rules about the app itself are reported as the code is
/// typed; rules that need the other apps of the compilation (<see cref="BerthDescriptors.CrossObjectIds"/>) are
/// reported once, at the end of the compilation.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BerthAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => BerthDescriptors.All;

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var dsl = DslSymbols.Resolve(start.Compilation);
            if (dsl is null) return; // Berth is not referenced: nothing to do.
            var session = new Session(dsl, start.Compilation);
            start.RegisterOperationAction(session.AnalyzeInvocation, OperationKind.Invocation);
            start.RegisterCompilationEndAction(session.ReportCrossObject);
        });
    }

    /// <summary>The state of one compilation: the apps seen so far, for the cross-object rules.</summary>
    private sealed class Session
    {
        private readonly DslSymbols _dsl;
        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<ISymbol, IOperation?> _initializers = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentBag<AppResult> _apps = new();

        public Session(DslSymbols dsl, Compilation compilation)
        {
            _dsl = dsl;
            _compilation = compilation;
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;

            // Cheap rejection first: only StatefulApp.Named and the fluent steps of StatefulApp matter.
            if (!DslSymbols.IsStep(method, _dsl.StatefulApp)
                && !(method.IsStatic && method.Name == "Named" && DslSymbols.Is(method.ContainingType, _dsl.StatefulApp)))
                return;
            if (!ChainReader.IsOutermost(invocation, _dsl)) return;
            if (IsBuildingBlock(invocation, context.ContainingSymbol)) return;

            var reader = new ChainReader(_dsl, _compilation, _initializers, context.CancellationToken);
            var result = reader.ReadApp(invocation).Build();
            _apps.Add(result.Opaque ? AppState.Unknown(result.Anchor).Build() : result);
            if (result.Opaque) return;

            var inherited = InheritedFindings(reader, context);
            var tree = invocation.Syntax.SyntaxTree;
            var span = invocation.Syntax.Span;
            var fallback = reader.RootLocation ?? invocation.Syntax.GetLocation();
            foreach (var violation in RuleEngine.Check(result.ToSet()))
            {
                if (BerthDescriptors.IsCrossObject(violation.Id)) continue;
                var location = violation.Anchor as Location ?? fallback;
                if (location.SourceTree != tree || !span.Contains(location.SourceSpan))
                {
                    // Written in a base definition: reported there already, or (for a private building block) here.
                    if (inherited is not null && inherited.Contains((violation.Id, location))) continue;
                    location = fallback;
                }

                context.ReportDiagnostic(Diagnostic.Create(BerthDescriptors.Get(violation.Id), location, violation.Message));
            }
        }

        public void ReportCrossObject(CompilationAnalysisContext context)
        {
            var apps = _apps.OrderBy(a => a.Anchor?.SourceTree?.FilePath, System.StringComparer.Ordinal)
                .ThenBy(a => a.Anchor?.SourceSpan.Start ?? 0)
                .ToList();
            if (apps.Count == 0) return;

            var set = new ManifestSetModel();
            foreach (var app in apps)
            {
                set.Apps.Add(app.App);
                set.Services.AddRange(app.Services);
                set.Budgets.AddRange(app.Budgets);
                if (!app.ServicesKnown) set.Services.IsComplete = false;
                if (!app.BudgetsKnown) set.Budgets.IsComplete = false;
            }

            var reported = new HashSet<(string, Location, string)>();
            foreach (var violation in RuleEngine.Check(set))
            {
                if (!BerthDescriptors.IsCrossObject(violation.Id)) continue;
                if (violation.Anchor is not Location location) continue;
                if (!reported.Add((violation.Id, location, violation.Message))) continue;
                context.ReportDiagnostic(Diagnostic.Create(BerthDescriptors.Get(violation.Id), location, violation.Message));
            }
        }

        /// <summary>
        /// The findings of the public base definition a chain starts from (<c>Base</c> in <c>Base.Replicas(3)</c>): they
        /// are reported on the base itself and not repeated on every variant.
        /// </summary>
        private HashSet<(string, Location)>? InheritedFindings(ChainReader reader, OperationAnalysisContext context)
        {
            if (reader.BaseMember is not { } member || reader.BaseInitializer is not { } initializer || IsPrivateApp(member)) return null;
            var baseResult = new ChainReader(_dsl, _compilation, _initializers, context.CancellationToken).ReadApp(initializer).Build();
            if (baseResult.Opaque) return null;
            var set = new HashSet<(string, Location)>();
            foreach (var v in RuleEngine.Check(baseResult.ToSet()))
                if (v.Anchor is Location l) set.Add((v.Id, l));
            return set;
        }

        /// <summary>
        /// A chain that is the whole initializer of a non-public static StatefulApp member: a building block of other
        /// definitions, not an app the build writes. Its findings are reported through the apps built from it.
        /// </summary>
        private bool IsBuildingBlock(IInvocationOperation invocation, ISymbol containing)
        {
            IOperation current = invocation;
            var parent = current.Parent;
            while (parent is IConversionOperation { Conversion.IsUserDefined: false })
            {
                current = parent;
                parent = parent.Parent;
            }

            ISymbol? member = parent switch
            {
                IFieldInitializerOperation f when f.InitializedFields.Length == 1 => f.InitializedFields[0],
                IPropertyInitializerOperation p when p.InitializedProperties.Length == 1 => p.InitializedProperties[0],
                IReturnOperation when containing is IMethodSymbol { MethodKind: MethodKind.PropertyGet } getter => getter.AssociatedSymbol,
                _ => null,
            };
            return member is not null && IsPrivateApp(member);
        }

        private bool IsPrivateApp(ISymbol member)
        {
            var type = member switch
            {
                IFieldSymbol f => f.Type,
                IPropertySymbol p => p.Type,
                _ => null,
            };
            return member.IsStatic && member.DeclaredAccessibility != Accessibility.Public && DslSymbols.Is(type, _dsl.StatefulApp);
        }
    }
}
