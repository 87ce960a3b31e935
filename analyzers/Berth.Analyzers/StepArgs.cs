using System;
using System.Linq;
using Berth.Rules.Dsl;
using Berth.Rules.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Berth.Analyzers;

/// <summary>
/// The arguments of one DSL call as values of the neutral model, by parameter name: a constant is known, anchored at the
/// argument; anything else is unknown. This is the only conversion the analyzer adds to a DSL step (see <see cref="StepTable"/>).
/// </summary>
internal sealed class StepArgs
{
    private readonly IInvocationOperation _call;
    private readonly DslSymbols _dsl;
    private readonly Func<IOperation, ProbeModel?>? _readProbe;

    /// <param name="call">The DSL call.</param>
    /// <param name="dsl">The DSL's symbols.</param>
    /// <param name="readProbe">Reads a <c>Probe</c> argument (null when it cannot be read); given by the reader for container steps.</param>
    public StepArgs(IInvocationOperation call, DslSymbols dsl, Func<IOperation, ProbeModel?>? readProbe = null)
    {
        _call = call;
        _dsl = dsl;
        _readProbe = readProbe;
        At = Constants.NameLocation(call);
    }

    /// <summary>Where the call is written (the method name).</summary>
    public Location At { get; }

    /// <summary>The whole call (a probe factory is anchored there).</summary>
    public Location Call => _call.Syntax.GetLocation();

    /// <summary>True when the method has a parameter of that name (tells overloads apart).</summary>
    public bool Has(string parameter) => _call.TargetMethod.Parameters.Any(p => p.Name == parameter);

    /// <summary>Where the argument is written; null when the parameter's default applies.</summary>
    public Location? Location(string parameter)
    {
        Arg(parameter, out var location);
        return location;
    }

    /// <summary>A <c>Probe</c> argument as the probe steps build it; every value unknown when it cannot be read.</summary>
    public ProbeModel Probe(string parameter)
    {
        var op = Arg(parameter, out var location);
        return (op is null ? null : _readProbe?.Invoke(op)) ?? ProbeSteps.Unknown(location ?? At);
    }

    /// <summary>
    /// A <c>VolumeSource</c> argument written as a chain of its factory and modifiers, as <see cref="VolumeSteps"/> build it;
    /// anything else (a variable, a call of other code) is a source of which nothing is known.
    /// </summary>
    public VolumeModel VolumeSource(string parameter)
    {
        var op = Arg(parameter, out var location);
        var modifiers = new System.Collections.Generic.List<IInvocationOperation>();
        var current = op is null ? null : Constants.Strip(op);
        while (current is IInvocationOperation { TargetMethod.IsStatic: false } call && DslSymbols.Is(call.TargetMethod.ContainingType, _dsl.VolumeSource)
            && call.Instance is { } receiver)
        {
            modifiers.Insert(0, call);
            current = Constants.Strip(receiver);
        }

        if (current is not IInvocationOperation { TargetMethod.IsStatic: true } factory || !DslSymbols.Is(factory.TargetMethod.ContainingType, _dsl.VolumeSource)
            || !StepTable.VolumeFactories.TryGetValue(factory.TargetMethod.Name, out var make))
            return VolumeSteps.Unknown(location ?? At);
        var source = make(new StepArgs(factory, _dsl));
        foreach (var modifier in modifiers)
        {
            if (!StepTable.Volume.TryGetValue(modifier.TargetMethod.Name, out var change)) return VolumeSteps.Unknown(location ?? At);
            change(source, new StepArgs(modifier, _dsl));
        }

        return source;
    }

    /// <summary>The argument's operation, for steps that read code (a lambda).</summary>
    public IOperation? Operation(string parameter) => Arg(parameter, out _);

    public Val<string?> String(string parameter) => Constants.String(Arg(parameter, out var loc), loc);

    public Val<string> NonNullString(string parameter) => Constants.NonNullString(Arg(parameter, out var loc), loc);

    public Val<int> Int(string parameter) => Constants.Int(Arg(parameter, out var loc), loc);

    public Val<int?> NullableInt(string parameter) => Constants.NullableInt(Arg(parameter, out var loc), loc);

    public Val<long?> NullableLong(string parameter) => Constants.NullableLong(Arg(parameter, out var loc), loc);

    /// <summary>A bool, anchored at the argument, or at the call when the default applies.</summary>
    public Val<bool> Bool(string parameter) => Constants.Bool(Arg(parameter, out var loc), loc ?? At);

    /// <summary>An enum argument as its member name.</summary>
    public Val<string?> Enum(string parameter) => Constants.EnumName(Arg(parameter, out var loc), loc);

    /// <summary>An <c>IntOrPercent?</c> argument as text: "2", "50%"; known null when not given.</summary>
    public Val<string?> IntOrPercent(string parameter)
    {
        var op = Arg(parameter, out var anchor);
        if (op is null) return Val<string?>.Of(null, anchor);
        if (Constants.TryGet(op, out var constant) && constant is null) return Val<string?>.Of(null, anchor);
        var stripped = Constants.Strip(op);
        if (stripped is IConversionOperation { Conversion.IsUserDefined: true } conversion)
        {
            var n = Constants.Int(conversion.Operand, anchor);
            return n.IsKnown ? Val<string?>.Of(AppSteps.IntOrPercentText(n.Value, percent: false), anchor) : Val<string?>.Unknown(anchor);
        }

        if (stripped is IInvocationOperation { TargetMethod: { IsStatic: true } factory } call && DslSymbols.Is(factory.ContainingType, _dsl.IntOrPercent)
            && (factory.Name == "Count" || factory.Name == "Percent"))
        {
            var value = call.Arguments.FirstOrDefault(a => a.Parameter?.Name == "value")?.Value;
            var n = Constants.Int(value, anchor);
            return n.IsKnown ? Val<string?>.Of(AppSteps.IntOrPercentText(n.Value, percent: factory.Name == "Percent"), anchor) : Val<string?>.Unknown(anchor);
        }

        return Val<string?>.Unknown(anchor);
    }

    /// <summary>An enum argument as a one-item list of member names.</summary>
    public ItemList<Val<string?>> EnumItem(string parameter) => new() { Enum(parameter) };

    /// <summary>An array of enum values written out (<c>new[] { ... }</c>) as member names; incomplete otherwise.</summary>
    public ItemList<Val<string?>> EnumArray(string parameter)
    {
        var list = new ItemList<Val<string?>>();
        var modes = Arg(parameter, out _) is { } op ? Constants.Strip(op) : null;
        if (modes is IArrayCreationOperation { Initializer: { } init })
        {
            foreach (var element in init.ElementValues)
                list.Add(Constants.EnumName(element, Constants.LocationOf(element)));
        }
        else if (modes is IArrayCreationOperation { Initializer: null, DimensionSizes.Length: 1 } empty
            && Constants.TryGet(empty.DimensionSizes[0], out var size) && size is int n && n == 0)
        {
            // new AccessMode[0]: no items at all.
        }
        else
        {
            list.IsComplete = false;
        }

        return list;
    }

    /// <summary>A <c>params (string Key, string Value)[]</c> argument as a label set; unknown unless written out as tuples.</summary>
    public LabelSet Labels(string parameter)
    {
        var argument = _call.Arguments.FirstOrDefault(a => a.Parameter?.Name == parameter);
        if (argument is null) return LabelSet.Unknown(At);
        var anchor = argument.ArgumentKind == ArgumentKind.ParamArray ? At : Constants.LocationOf(argument.Value) ?? At;
        if (Constants.Strip(argument.Value) is not IArrayCreationOperation { Initializer: { } init })
            return LabelSet.Unknown(anchor);

        var set = new LabelSet { Anchor = init.ElementValues.Length > 0 ? Constants.LocationOf(init.ElementValues[0]) ?? anchor : anchor };
        foreach (var element in init.ElementValues)
        {
            if (Constants.Strip(element) is ITupleOperation { Elements.Length: 2 } tuple)
            {
                var key = tuple.Elements[0];
                var value = tuple.Elements[1];
                set.Set(Constants.NonNullString(key, Constants.LocationOf(key)), Constants.NonNullString(value, Constants.LocationOf(value)));
            }
            else
            {
                set.MarkIncomplete();
            }
        }

        return set;
    }

    /// <summary>A probe's port: the <c>portName</c> or <c>port</c> argument, a number as digits.</summary>
    public Val<string?> ProbePort()
    {
        var op = Arg(Has("portName") ? "portName" : "port", out var loc);
        if (!Constants.TryGet(op, out var v)) return Val<string?>.Unknown(loc);
        return v switch
        {
            int n => Val<string?>.Of(Rules.DslConventions.ProbePort(n), loc),
            string text => Val<string?>.Of(text, loc),
            _ => Val<string?>.Unknown(loc),
        };
    }

    /// <summary>A <c>params string[]</c> argument as items; incomplete when they are not written out.</summary>
    public ItemList<Val<string?>> Strings(string parameter)
    {
        var list = new ItemList<Val<string?>>();
        if (Arg(parameter, out _) is { } op && Constants.Strip(op) is IArrayCreationOperation { Initializer: { } init })
        {
            foreach (var e in init.ElementValues) list.Add(Constants.String(e, Constants.LocationOf(e)));
        }
        else
        {
            list.IsComplete = false;
        }

        return list;
    }

    /// <summary>
    /// The Kubernetes kind of a KubernetesClient model argument, from its static type's <c>[KubernetesEntity(Kind = ...)]</c>; null when
    /// the type does not say (an interface, a type of the user's own).
    /// </summary>
    public string? EntityKind(string parameter)
    {
        var op = Arg(parameter, out _);
        while (op is IConversionOperation { Conversion.IsImplicit: true } conversion) op = conversion.Operand;
        if (op?.Type is INamedTypeSymbol type)
        {
            foreach (var attribute in type.GetAttributes())
            {
                if (attribute.AttributeClass?.Name != "KubernetesEntityAttribute") continue;
                foreach (var named in attribute.NamedArguments)
                    if (named.Key == "Kind" && named.Value.Value is string kind) return kind;
            }
        }

        return null;
    }

    /// <summary>An optional <c>string[]?</c> argument: null when absent or null, else its items (incomplete when not written out).</summary>
    public ItemList<Val<string?>>? OptionalStrings(string parameter)
    {
        var op = Arg(parameter, out var loc);
        if (op is null || Constants.TryGet(op, out var v) && v is null) return null;
        var list = Strings(parameter);
        list.Anchor = loc ?? At;
        return list;
    }

    /// <summary>
    /// A <c>params LabelExpr[]</c> argument as a selector's requirements, each read from its factory call (<c>LabelExpr.In(key, values)</c>);
    /// null when none are given (the identity labels then), incomplete when one cannot be read.
    /// </summary>
    public LabelMap? LabelExprs(string parameter)
    {
        var argument = _call.Arguments.FirstOrDefault(a => a.Parameter?.Name == parameter);
        var map = new LabelMap { Anchor = At };
        if (argument is null || Constants.Strip(argument.Value) is not IArrayCreationOperation { Initializer: { } init })
        {
            map.Expressions.IsComplete = false;
            return map;
        }

        if (init.ElementValues.Length == 0) return null;
        foreach (var element in init.ElementValues)
        {
            var at = Constants.LocationOf(element);
            if (Constants.Strip(element) is not IInvocationOperation { TargetMethod: { IsStatic: true, ContainingType.Name: "LabelExpr" } factory } call)
            {
                map.Expressions.IsComplete = false;
                continue;
            }

            var requirement = new SelectorRequirement { Anchor = at, Operator = Val<string?>.Of(factory.Name, at) };
            foreach (var arg in call.Arguments)
            {
                if (arg.Parameter?.Name == "key") requirement.Key = Constants.NonNullString(arg.Value, Constants.LocationOf(arg.Value) ?? at);
                else if (arg.Parameter?.Name == "values")
                {
                    if (Constants.Strip(arg.Value) is IArrayCreationOperation { Initializer: { } values })
                        foreach (var v in values.ElementValues) requirement.Values.Add(Constants.NonNullString(v, Constants.LocationOf(v)));
                    else requirement.Values.IsComplete = false;
                }
            }

            map.Expressions.Add(requirement);
        }

        return map;
    }

    /// <summary>A <c>params long[]</c> argument as items; incomplete when they are not written out.</summary>
    public ItemList<Val<long?>> Longs(string parameter)
    {
        var list = new ItemList<Val<long?>>();
        if (Arg(parameter, out _) is { } op && Constants.Strip(op) is IArrayCreationOperation { Initializer: { } init })
        {
            foreach (var e in init.ElementValues) list.Add(Constants.NullableLong(e, Constants.LocationOf(e)));
        }
        else
        {
            list.IsComplete = false;
        }

        return list;
    }

    /// <summary>An <c>IReadOnlyDictionary&lt;string, string&gt;?</c> argument: empty when null or absent, else unknown.</summary>
    public LabelSet Dictionary(string parameter)
    {
        var op = Arg(parameter, out var loc);
        return op is null || Constants.TryGet(op, out var v) && v is null ? new LabelSet() : LabelSet.Unknown(loc ?? At);
    }

    private IOperation? Arg(string parameter, out Location? location)
    {
        foreach (var argument in _call.Arguments)
        {
            if (argument.Parameter?.Name != parameter) continue;
            location = argument.ArgumentKind == ArgumentKind.Explicit ? Constants.LocationOf(argument.Value) : null;
            return argument.Value;
        }

        location = null;
        return null;
    }
}
