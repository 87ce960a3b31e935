using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Berth.Analyzers;

/// <summary>The DSL types of Berth, resolved once per compilation.</summary>
internal sealed class DslSymbols
{
    private DslSymbols(INamedTypeSymbol statefulApp, INamedTypeSymbol? containerSpec, INamedTypeSymbol? probe,
        INamedTypeSymbol? volumeSource, INamedTypeSymbol? manifests, INamedTypeSymbol? intOrPercent)
    {
        StatefulApp = statefulApp;
        ContainerSpec = containerSpec;
        Probe = probe;
        VolumeSource = volumeSource;
        Manifests = manifests;
        IntOrPercent = intOrPercent;
        var steps = new Dictionary<IMethodSymbol, StepTable.AppStep>(SymbolEqualityComparer.Default);
        foreach (var member in statefulApp.GetMembers())
        {
            if (member is IMethodSymbol { IsStatic: false, MethodKind: MethodKind.Ordinary } method && StepTable.App.TryGetValue(method.Name, out var step))
                steps[method] = step;
        }

        AppSteps = steps;
        var containerSteps = new Dictionary<IMethodSymbol, StepTable.ContainerStep>(SymbolEqualityComparer.Default);
        foreach (var member in containerSpec?.GetMembers() ?? ImmutableArray<ISymbol>.Empty)
        {
            if (member is IMethodSymbol { IsStatic: false, MethodKind: MethodKind.Ordinary } method && StepTable.Container.TryGetValue(method.Name, out var step))
                containerSteps[method] = step;
        }

        ContainerSteps = containerSteps;
    }

    /// <summary>The step of each method of <c>ContainerSpec</c> (<see cref="StepTable.Container"/>), by method symbol.</summary>
    public IReadOnlyDictionary<IMethodSymbol, StepTable.ContainerStep> ContainerSteps { get; }

    /// <summary>The step of each app-level method of <c>StatefulApp</c> (<see cref="StepTable"/>), by method symbol.</summary>
    public IReadOnlyDictionary<IMethodSymbol, StepTable.AppStep> AppSteps { get; }

    /// <summary><c>Berth.StatefulApp</c>.</summary>
    public INamedTypeSymbol StatefulApp { get; }

    /// <summary><c>Berth.ContainerSpec</c>.</summary>
    public INamedTypeSymbol? ContainerSpec { get; }

    /// <summary><c>Berth.Probe</c>.</summary>
    public INamedTypeSymbol? Probe { get; }

    /// <summary><c>Berth.VolumeSource</c>.</summary>
    public INamedTypeSymbol? VolumeSource { get; }

    /// <summary><c>Berth.ManifestsAttribute</c>.</summary>
    public INamedTypeSymbol? Manifests { get; }

    /// <summary><c>Berth.IntOrPercent</c>.</summary>
    public INamedTypeSymbol? IntOrPercent { get; }

    /// <summary>Resolves the DSL types; null when the compilation does not reference Berth.</summary>
    public static DslSymbols? Resolve(Compilation compilation)
    {
        var app = compilation.GetTypeByMetadataName("Berth.StatefulApp");
        if (app is null) return null;
        return new DslSymbols(
            app,
            compilation.GetTypeByMetadataName("Berth.ContainerSpec"),
            compilation.GetTypeByMetadataName("Berth.Probe"),
            compilation.GetTypeByMetadataName("Berth.VolumeSource"),
            compilation.GetTypeByMetadataName("Berth.ManifestsAttribute"),
            compilation.GetTypeByMetadataName("Berth.IntOrPercent"));
    }

    /// <summary>True for <paramref name="type"/> equal to <paramref name="dslType"/>.</summary>
    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? dslType) =>
        dslType is not null && SymbolEqualityComparer.Default.Equals(type, dslType);

    /// <summary>
    /// A step of a fluent chain over <paramref name="type"/>: an instance method of the
    /// type, or an extension method over it, that returns the type.
    /// </summary>
    public static bool IsStep(IMethodSymbol method, INamedTypeSymbol? type)
    {
        if (type is null || !Is(method.ReturnType, type)) return false;
        if (!method.IsStatic) return Is(method.ContainingType, type);
        return method.IsExtensionMethod && method.Parameters.Length > 0 && Is(method.Parameters[0].Type, type);
    }
}
