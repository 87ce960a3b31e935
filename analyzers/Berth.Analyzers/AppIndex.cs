using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Berth.Rules;
using Berth.Rules.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Berth.Analyzers;

/// <summary>One app of the compilation: an outermost chain, read.</summary>
internal sealed class AppEntry
{
    public AppEntry(SyntaxNode chain, AppResult result, ISymbol? baseMember, SyntaxNode? baseChain, Location? rootLocation)
    {
        Chain = chain;
        Result = result;
        BaseMember = baseMember;
        BaseChain = baseChain;
        RootLocation = rootLocation;
    }

    /// <summary>The outermost invocation of the chain.</summary>
    public SyntaxNode Chain { get; }

    public AppResult Result { get; }

    /// <summary>The static member the chain starts from (<c>Base</c> in <c>Base.Replicas(3)</c>), if any.</summary>
    public ISymbol? BaseMember { get; }

    /// <summary>The initializer of <see cref="BaseMember"/>.</summary>
    public SyntaxNode? BaseChain { get; }

    /// <summary>The root of the chain: <c>Named</c>, or the base member reference.</summary>
    public Location? RootLocation { get; }
}

/// <summary>
/// The apps of one compilation. The cross-object rules need all of them, so the first chain analyzed reads every
/// syntax tree that mentions <c>StatefulApp</c> (once per compilation); the other chains reuse the result.
/// </summary>
internal sealed class AppIndex
{
    private readonly DslSymbols _dsl;
    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<ISymbol, IOperation?> _initializers = new(SymbolEqualityComparer.Default);
    private readonly object _gate = new();
    private Dictionary<SyntaxNode, AppEntry>? _entries;
    private ManifestSetModel? _all;
    private CrossObjectLookups? _lookups;
    private long _chainsRead;
    private long _engineObjects;

    private readonly string? _kubernetesVersion;

    /// <param name="dsl">The DSL's symbols.</param>
    /// <param name="compilation">The compilation.</param>
    /// <param name="kubernetesVersion">The target Kubernetes version (BerthKubernetesVersion), or null for none.</param>
    public AppIndex(DslSymbols dsl, Compilation compilation, string? kubernetesVersion = null)
    {
        _dsl = dsl;
        _compilation = compilation;
        _kubernetesVersion = kubernetesVersion;
    }

    /// <summary><c>StatefulApp.Named</c> or a fluent step of StatefulApp.</summary>
    public static bool IsChainCall(IMethodSymbol method, DslSymbols dsl) =>
        DslSymbols.IsStep(method, dsl.StatefulApp)
        || (method.IsStatic && method.Name == "Named" && DslSymbols.Is(method.ContainingType, dsl.StatefulApp));

    /// <summary>The app of an outermost chain.</summary>
    public AppEntry Get(IInvocationOperation chain, CancellationToken cancellationToken)
    {
        EnsureBuilt(cancellationToken);
        return _entries!.TryGetValue(chain.Syntax, out var entry) ? entry : Read(chain, cancellationToken);
    }

    /// <summary>
    /// The violations of one app: the per-app rules on the app with its own Services and budget (the whole rule engine,
    /// once), and the cross-object rules alone (<see cref="RuleEngine.CheckCrossObject"/>) against the objects of the
    /// compilation that can match it (<see cref="CrossObjectLookups"/>).
    /// </summary>
    public IEnumerable<RuleViolation> Check(AppEntry entry, CancellationToken cancellationToken)
    {
        EnsureBuilt(cancellationToken);
        var own = entry.Result;
        var ownSet = own.ToSet();
        ownSet.KubernetesVersion = _kubernetesVersion;
        CountEngineObjects(ownSet);
        foreach (var v in RuleEngine.Check(ownSet))
            if (!BerthDescriptors.IsCrossObject(v.Id)) yield return v;

        // App-level cross-object rules (the governing Service, the ServiceAccount): this app against the Services it may name.
        var appSet = new ManifestSetModel { Services = _lookups!.ServicesFor(own.App), ServiceAccounts = _all!.ServiceAccounts };
        appSet.Budgets.IsComplete = _all.Budgets.IsComplete;
        appSet.Apps.Add(own.App);
        CountEngineObjects(appSet);
        foreach (var v in RuleEngine.CheckCrossObject(appSet))
            if (!IsServiceOrBudgetRule(v.Id)) yield return v;

        // Service- and budget-level cross-object rules: this app's Services and budget against the apps they may select.
        if (own.Services.Count + own.Budgets.Count == 0) yield break;
        var objectSet = new ManifestSetModel { Apps = _lookups.AppsFor(own.Services, own.Budgets), ServiceAccounts = _all.ServiceAccounts };
        objectSet.Services.AddRange(own.Services);
        objectSet.Services.IsComplete = _all.Services.IsComplete;
        objectSet.Budgets.AddRange(own.Budgets);
        var ownObjects = new HashSet<string>(own.Services.Select(s => "service/" + Name(s.Name)).Concat(own.Budgets.Select(b => "poddisruptionbudget/" + Name(b.Name))));
        CountEngineObjects(objectSet);
        foreach (var v in RuleEngine.CheckCrossObject(objectSet))
            if (IsServiceOrBudgetRule(v.Id) && ownObjects.Contains(v.ObjectName)) yield return v;
    }

    /// <summary>The cross-object work of the compilation so far (<see cref="CrossObjectLookups.Work"/>), for tests.</summary>
    internal long CrossObjectWork => _lookups?.Work ?? 0;

    /// <summary>The chains read so far (each app once), for tests.</summary>
    internal long ChainsRead => Interlocked.Read(ref _chainsRead);

    /// <summary>The objects (apps, Services, budgets) handed to the rule engine so far, over all its runs, for tests.</summary>
    internal long RuleEngineObjects => Interlocked.Read(ref _engineObjects);

    private void CountEngineObjects(ManifestSetModel set) =>
        Interlocked.Add(ref _engineObjects, set.Apps.Count + set.Services.Count + set.Budgets.Count);

    /// <summary>
    /// The findings of the public base definition a chain starts from (<c>Base</c> in <c>Base.Replicas(3)</c>):
    /// they are reported on the base itself and not repeated on every variant.
    /// </summary>
    public HashSet<(string, Location)>? InheritedFindings(AppEntry entry, CancellationToken cancellationToken)
    {
        if (entry.BaseMember is not { } member || entry.BaseChain is not { } chain || IsPrivateApp(member)) return null;
        if (!_entries!.TryGetValue(chain, out var baseEntry) || baseEntry.Result.Opaque) return null;
        var set = new HashSet<(string, Location)>();
        foreach (var v in Check(baseEntry, cancellationToken))
            if (v.Anchor is Location l) set.Add((v.Id, l));
        return set;
    }

    /// <summary>
    /// A chain that is the whole initializer of a non-public static StatefulApp member: a building block of other
    /// definitions, not an app the build writes. Its findings are reported through the apps built from it.
    /// </summary>
    public bool IsBuildingBlock(IInvocationOperation invocation, ISymbol? containing)
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

    /// <summary>True when the chain starts from a non-public static member: a building block not analyzed on its own.</summary>
    public bool IsPrivateBase(AppEntry entry) => entry.BaseMember is { } member && IsPrivateApp(member);

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

    private static bool IsServiceOrBudgetRule(string id) =>
        id == RuleCatalog.BudgetSelectsNoPods.Id || id == RuleCatalog.ServiceSelectsNoPods.Id;

    private static string Name(Val<string?> name) => name.IsKnown && !string.IsNullOrEmpty(name.Value) ? name.Value! : "(unnamed)";

    private AppEntry Read(IInvocationOperation chain, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _chainsRead);
        var reader = new ChainReader(_dsl, _compilation, _initializers, cancellationToken);
        var result = reader.ReadApp(chain).Build();
        return new AppEntry(chain.Syntax, result, reader.BaseMember, reader.BaseInitializer?.Syntax, reader.RootLocation);
    }

    private void EnsureBuilt(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _entries) is not null) return;
        lock (_gate)
        {
            if (_entries is not null) return;
            var entries = new Dictionary<SyntaxNode, AppEntry>();
            var ordered = new List<AppEntry>();
            foreach (var tree in _compilation.SyntaxTrees)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (IsGenerated(tree, cancellationToken) || !tree.GetText(cancellationToken).ToString().Contains("StatefulApp")) continue;
#pragma warning disable RS1030 // Cross-object rules need the apps of every file; their semantic models are needed to read them.
                var model = _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    if (model.GetOperation(node, cancellationToken) is not IInvocationOperation invocation) continue;
                    if (!IsChainCall(invocation.TargetMethod, _dsl) || !ChainReader.IsOutermost(invocation, _dsl)) continue;
                    if (IsBuildingBlock(invocation, model.GetEnclosingSymbol(node.SpanStart, cancellationToken))) continue;
                    var entry = Read(invocation, cancellationToken);
                    entries[node] = entry;
                    ordered.Add(entry);
                }
            }

            var all = new ManifestSetModel();
            foreach (var entry in ordered)
            {
                // An app edited by code the analyzer cannot follow: nothing about it is known.
                var result = entry.Result.Opaque ? AppState.Unknown(entry.Result.Anchor).Build() : entry.Result;
                all.Apps.Add(result.App);
                all.Services.AddRange(result.Services);
                all.Budgets.AddRange(result.Budgets);
                if (!result.ServicesKnown) all.Services.IsComplete = false;
                if (!result.BudgetsKnown) all.Budgets.IsComplete = false;
            }

            _all = all;
            _lookups = new CrossObjectLookups(all);
            Volatile.Write(ref _entries, entries);
        }
    }

    /// <summary>Generated files are not analyzed (as the analyzer is configured), so their apps are not read either.</summary>
    private static bool IsGenerated(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var path = tree.FilePath ?? string.Empty;
        if (path.EndsWith(".g.cs", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".generated.cs", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".designer.cs", StringComparison.OrdinalIgnoreCase))
            return true;
        foreach (var trivia in tree.GetRoot(cancellationToken).GetLeadingTrivia())
            if (trivia.ToString().IndexOf("<auto-generated", StringComparison.OrdinalIgnoreCase) >= 0) return true;
        return false;
    }
}
