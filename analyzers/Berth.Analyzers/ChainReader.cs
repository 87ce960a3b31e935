using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Berth.Rules.Dsl;
using Berth.Rules.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Berth.Analyzers;

/// <summary>
/// Walks a fluent chain of the DSL through IOperation and fills an <see cref="AppState"/>: each call of
/// <c>StatefulApp</c>, <c>ContainerSpec</c> (inside the lambdas passed to <c>Container</c>) and <c>Probe</c> is applied
/// as the runtime applies it. Constant arguments become known values anchored at the argument; anything else
/// is unknown. A call the reader does not know (an extension method, a new DSL method) may change anything, so
/// the value becomes unknown from there on.
/// </summary>
internal sealed class ChainReader
{
    private readonly DslSymbols _dsl;
    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<ISymbol, IOperation?> _initializers;
    private readonly CancellationToken _cancellationToken;
    private readonly HashSet<ISymbol> _visiting = new(SymbolEqualityComparer.Default);

    public ChainReader(DslSymbols dsl, Compilation compilation, ConcurrentDictionary<ISymbol, IOperation?> initializers, CancellationToken cancellationToken)
    {
        _dsl = dsl;
        _compilation = compilation;
        _initializers = initializers;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The static member the outermost chain started from (<c>Base</c> in <c>Base.Replicas(3)</c>), if any.</summary>
    public ISymbol? BaseMember { get; private set; }

    /// <summary>The initializer of <see cref="BaseMember"/>, when it is in source.</summary>
    public IOperation? BaseInitializer { get; private set; }

    /// <summary>Where the root of the outermost chain is written.</summary>
    public Location? RootLocation { get; private set; }

    /// <summary>True for an invocation that belongs to a StatefulApp chain and has no StatefulApp call around it.</summary>
    public static bool IsOutermost(IInvocationOperation invocation, DslSymbols dsl)
    {
        IOperation current = invocation;
        var parent = current.Parent;
        while (parent is IConversionOperation { Conversion.IsUserDefined: false })
        {
            current = parent;
            parent = parent.Parent;
        }

        if (parent is IInvocationOperation outer && ReferenceEquals(outer.Instance, current) && DslSymbols.IsStep(outer.TargetMethod, dsl.StatefulApp))
            return false;
        if (parent is IArgumentOperation { Parameter.Ordinal: 0 } argument && argument.Parent is IInvocationOperation ext
            && ext.TargetMethod.IsExtensionMethod && DslSymbols.IsStep(ext.TargetMethod, dsl.StatefulApp))
            return false;
        return true;
    }

    /// <summary>Reads the app that <paramref name="chain"/> (an expression of type StatefulApp) builds.</summary>
    public AppState ReadApp(IOperation chain) => ReadApp(chain, outermost: true);

    private AppState ReadApp(IOperation chain, bool outermost)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        var steps = new List<IInvocationOperation>();
        var root = Unwind(chain, _dsl.StatefulApp, steps);
        var state = ReadAppRoot(root, outermost);
        foreach (var step in steps)
            state = ApplyAppStep(state, step);
        return state;
    }

    private AppState ReadAppRoot(IOperation root, bool outermost)
    {
        var location = root is IInvocationOperation inv ? Constants.NameLocation(inv) : root.Syntax.GetLocation();
        if (outermost) RootLocation = location;
        if (root is IInvocationOperation { TargetMethod: { IsStatic: true, Name: "Named" } named } call && DslSymbols.Is(named.ContainingType, _dsl.StatefulApp))
        {
            return AppState.Named(new StepArgs(call, _dsl).String("name"), location);
        }

        if (MemberOf(root) is { } member && InitializerOf(member) is { } initializer && _visiting.Add(member))
        {
            if (outermost)
            {
                BaseMember = member;
                BaseInitializer = initializer;
            }

            try
            {
                return ReadApp(initializer, outermost: false);
            }
            finally
            {
                _visiting.Remove(member);
            }
        }

        return AppState.Unknown(location);
    }

    private AppState ApplyAppStep(AppState s, IInvocationOperation call)
    {
        var m = call.TargetMethod;
        var at = Constants.NameLocation(call);
        if (m.IsStatic || !DslSymbols.Is(m.ContainingType, _dsl.StatefulApp))
            return Unfollowed(s, m, at);

        if (_dsl.AppSteps.TryGetValue(m, out var step))
        {
            step(s.Spec, new StepArgs(call, _dsl));
            return s;
        }

        // The methods whose arguments are code (StepTable.AppCode): followed here.
        switch (m.Name)
        {
            case "Container":
                s.Containers.Add(ReadContainer(s, call));
                break;
            case "InitContainer":
                s.InitContainers.Add(ReadContainer(s, call));
                break;
            case "WithContainer":
                WithContainer(s, call, at);
                break;
            case "Customize":
                s.Customizations.Add(CustomizeReader.Read(call, Arg(call, "edit", out _)));
                break;
            default:
                return Unfollowed(s, m, at);
        }

        return s;
    }

    /// <summary>A call the analyzer cannot follow: nothing about the app is known after it, and BERTH080 says so.</summary>
    private static AppState Unfollowed(AppState s, IMethodSymbol method, Location at)
    {
        var unknown = AppState.Unknown(at);
        unknown.Notes.AddRange(s.Notes);
        unknown.Notes.Add((at, AnalysisLimits.Call(s.Name, method)));
        return unknown;
    }

    private void WithContainer(AppState s, IInvocationOperation call, Location at)
    {
        var name = Str(call, "name");
        var index = -1;
        if (name.IsKnown && s.ContainersComplete && s.Containers.All(c => c.Name.IsKnown))
            index = s.Containers.FindIndex(c => string.Equals(c.Name.Value, name.Value, StringComparison.Ordinal));
        if (index < 0)
        {
            // Unknown which container changes (or the runtime throws): nothing about the containers is known.
            s.Containers = new List<ContainerModel>();
            s.ContainersComplete = false;
            return;
        }

        s.Containers[index] = ApplyConfigure(s, ContainerSteps.Copy(s.Containers[index]), Arg(call, "change", out _), at);
    }

    private ContainerModel ReadContainer(AppState s, IInvocationOperation call)
    {
        var at = Constants.NameLocation(call);
        var container = ContainerSteps.Named(Str(call, "name"), Str(call, "image"), at);
        return ApplyConfigure(s, container, Arg(call, "configure", out _), at);
    }

    private ContainerModel ApplyConfigure(AppState s, ContainerModel container, IOperation? configure, Location at)
    {
        if (configure is null || Constants.TryGet(configure, out var v) && v is null) return container;
        if (Constants.Strip(configure) is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }
            || lambda.Symbol.Parameters.Length != 1
            || lambda.Body.Operations.Length != 1
            || lambda.Body.Operations[0] is not IReturnOperation { ReturnedValue: { } returned })
        {
            s.Notes.Add((Constants.LocationOf(configure) ?? at, AnalysisLimits.Configure(s.Name, container.Name)));
            return ContainerSteps.Unknown(at);
        }

        var steps = new List<IInvocationOperation>();
        var root = Unwind(returned, _dsl.ContainerSpec, steps);
        var current = root is IParameterReferenceOperation p && SymbolEqualityComparer.Default.Equals(p.Parameter, lambda.Symbol.Parameters[0])
            ? container
            : ContainerSteps.Unknown(at);
        foreach (var step in steps)
            current = ApplyContainerStep(s, current, step);
        return current;
    }

    /// <summary>One call in a container's lambda: the container step of its method (<see cref="StepTable.Container"/>).</summary>
    private ContainerModel ApplyContainerStep(AppState s, ContainerModel c, IInvocationOperation call)
    {
        var m = call.TargetMethod;
        if (!_dsl.ContainerSteps.TryGetValue(m, out var step))
            return UnfollowedContainer(s, c, m, Constants.NameLocation(call));
        step(c, new StepArgs(call, _dsl, probe => ReadProbeState(s, probe)));
        return c;
    }

    /// <summary>A call in a container's lambda that is not a DSL method: nothing about the container is known after it (BERTH080).</summary>
    private static ContainerModel UnfollowedContainer(AppState s, ContainerModel c, IMethodSymbol method, Location at)
    {
        s.Notes.Add((at, AnalysisLimits.ContainerCall(s.Name, c.Name, method)));
        return ContainerSteps.Unknown(at);
    }

    private ProbeModel? ReadProbeState(AppState s, IOperation probe)
    {
        var steps = new List<IInvocationOperation>();
        var root = Unwind(probe, _dsl.Probe, steps);
        ProbeModel? state = null;
        if (root is IInvocationOperation { TargetMethod.IsStatic: true } factory && DslSymbols.Is(factory.TargetMethod.ContainingType, _dsl.Probe)
            && StepTable.ProbeFactories.TryGetValue(factory.TargetMethod.Name, out var make))
            state = make(new StepArgs(factory, _dsl));
        else if (MemberOf(root) is { } member && InitializerOf(member) is { } initializer && _visiting.Add(member))
        {
            try
            {
                state = ReadProbeState(s, initializer) is { } read ? ProbeSteps.Copy(read) : null;
            }
            finally
            {
                _visiting.Remove(member);
            }
        }

        if (state is null) return null;
        foreach (var step in steps)
        {
            if (step.TargetMethod.IsStatic || !DslSymbols.Is(step.TargetMethod.ContainingType, _dsl.Probe))
            {
                s.Notes.Add((Constants.NameLocation(step), AnalysisLimits.ProbeCall(s.Name, step.TargetMethod)));
                return null;
            }

            if (!StepTable.Probe.TryGetValue(step.TargetMethod.Name, out var change)) return null;
            change(state, new StepArgs(step, _dsl));
        }

        return state;
    }

    private static IOperation Unwind(IOperation expression, INamedTypeSymbol? type, List<IInvocationOperation> steps)
    {
        var op = Constants.Strip(expression);
        while (op is IInvocationOperation invocation && DslSymbols.IsStep(invocation.TargetMethod, type))
        {
            steps.Add(invocation);
            var receiver = invocation.Instance
                ?? invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value;
            if (receiver is null) break;
            op = Constants.Strip(receiver);
        }

        steps.Reverse();
        return op;
    }

    private static ISymbol? MemberOf(IOperation root) => root switch
    {
        IFieldReferenceOperation { Field.IsStatic: true } f => f.Field,
        IPropertyReferenceOperation { Property.IsStatic: true, Arguments.Length: 0 } p => p.Property,
        _ => null,
    };

    /// <summary>
    /// The initializer of a static readonly field or get-only property (or the expression of an expression-bodied
    /// property) declared in source: the value every use of the member sees.
    /// </summary>
    private IOperation? InitializerOf(ISymbol member) => _initializers.GetOrAdd(member, FindInitializer);

    private IOperation? FindInitializer(ISymbol member)
    {
        ExpressionSyntax? expression = null;
        switch (member)
        {
            case IFieldSymbol { IsReadOnly: true } field when field.DeclaringSyntaxReferences.Length == 1:
                if (field.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) is VariableDeclaratorSyntax declarator)
                    expression = declarator.Initializer?.Value;
                break;
            case IPropertySymbol { SetMethod: null } property when property.DeclaringSyntaxReferences.Length == 1:
                if (property.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) is PropertyDeclarationSyntax declaration)
                {
                    expression = declaration.Initializer?.Value ?? declaration.ExpressionBody?.Expression;
                    if (expression is null && declaration.AccessorList?.Accessors is { Count: 1 } accessors && accessors[0].Keyword.Text == "get")
                    {
                        expression = accessors[0].ExpressionBody?.Expression
                            ?? (accessors[0].Body?.Statements is { Count: 1 } statements && statements[0] is ReturnStatementSyntax ret ? ret.Expression : null);
                    }
                }

                break;
        }

        if (expression is null || !_compilation.ContainsSyntaxTree(expression.SyntaxTree)) return null;
#pragma warning disable RS1030 // The initializer of a base definition may live in another file; its semantic model is needed to read it.
        var model = _compilation.GetSemanticModel(expression.SyntaxTree);
#pragma warning restore RS1030
        return model.GetOperation(expression, _cancellationToken);
    }

    private static IOperation? Arg(IInvocationOperation call, string parameter, out Location? location)
    {
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter?.Name != parameter) continue;
            location = argument.ArgumentKind == ArgumentKind.Explicit ? Constants.LocationOf(argument.Value) : null;
            return argument.Value;
        }

        location = null;
        return null;
    }

    private static Val<string?> Str(IInvocationOperation call, string parameter) => Constants.String(Arg(call, parameter, out var loc), loc);

}
