using System;
using System.Linq;
using System.Reflection;
using Xunit;

namespace Berth.Analyzers.Tests;

/// <summary>
/// The analyzer runs the DSL's own steps call by call. A DSL method without a step makes the app unknown (never wrong, said
/// with BERTH080), so a new method must get its entry in the step table when it is added: these tests say which.
/// </summary>
public sealed class DslCoverageTests
{
    [Theory]
    [InlineData(typeof(StatefulApp))]
    [InlineData(typeof(ContainerSpec))]
    [InlineData(typeof(Probe))]
    [InlineData(typeof(VolumeSource))]
    public void Every_fluent_method_of_the_DSL_is_read_by_the_analyzer(Type type)
    {
        var known = type == typeof(StatefulApp) ? StepTable.App.Keys.Concat(StepTable.AppCode).ToArray()
            : type == typeof(ContainerSpec) ? StepTable.Container.Keys.ToArray()
            : type == typeof(VolumeSource) ? StepTable.VolumeFactories.Keys.Concat(StepTable.Volume.Keys).ToArray()
            : StepTable.ProbeFactories.Keys.Concat(StepTable.Probe.Keys).ToArray();
        var fluent = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => m.ReturnType == type && !m.IsSpecialName && m.Name != "<Clone>$" && !(m.IsStatic && type == typeof(StatefulApp)))
            .Select(m => m.Name)
            .Distinct()
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(fluent, known.OrderBy(n => n, StringComparer.Ordinal).ToList());
    }
}

/// <summary>Every public app-level method of <c>StatefulApp</c>, overloads included, resolves to a step of the table by its symbol.</summary>
public sealed class StepTableTests
{
    [Fact]
    public void Every_public_fluent_method_of_StatefulApp_has_a_step_by_symbol()
    {
        var compilation = Verify.Compile("""public static class Empty { }""");
        var dsl = DslSymbols.Resolve(compilation)!;
        var missing = dsl.StatefulApp.GetMembers().OfType<Microsoft.CodeAnalysis.IMethodSymbol>()
            .Where(m => m.DeclaredAccessibility == Microsoft.CodeAnalysis.Accessibility.Public && !m.IsStatic
                && m.MethodKind == Microsoft.CodeAnalysis.MethodKind.Ordinary && !m.IsImplicitlyDeclared && m.CanBeReferencedByName
                && Microsoft.CodeAnalysis.SymbolEqualityComparer.Default.Equals(m.ReturnType, dsl.StatefulApp))
            .Where(m => !dsl.AppSteps.ContainsKey(m) && !StepTable.AppCode.Contains(m.Name))
            .Select(m => m.ToDisplayString())
            .ToList();
        Assert.True(missing.Count == 0, "No step for:\n" + string.Join("\n", missing));
        Assert.Contains(dsl.StatefulApp.GetMembers("VolumeClaim").OfType<Microsoft.CodeAnalysis.IMethodSymbol>(), m => dsl.AppSteps.ContainsKey(m));
        Assert.Equal(2, dsl.StatefulApp.GetMembers("VolumeClaim").Count(m => dsl.AppSteps.ContainsKey((Microsoft.CodeAnalysis.IMethodSymbol)m)));
    }

    [Fact]
    public void Every_public_fluent_method_of_ContainerSpec_has_a_step_by_symbol()
    {
        var compilation = Verify.Compile("""public static class Empty { }""");
        var dsl = DslSymbols.Resolve(compilation)!;
        var methods = dsl.ContainerSpec!.GetMembers().OfType<Microsoft.CodeAnalysis.IMethodSymbol>()
            .Where(m => m.DeclaredAccessibility == Microsoft.CodeAnalysis.Accessibility.Public && !m.IsStatic
                && m.MethodKind == Microsoft.CodeAnalysis.MethodKind.Ordinary && !m.IsImplicitlyDeclared && m.CanBeReferencedByName
                && Microsoft.CodeAnalysis.SymbolEqualityComparer.Default.Equals(m.ReturnType, dsl.ContainerSpec))
            .ToList();
        var missing = methods.Where(m => !dsl.ContainerSteps.ContainsKey(m)).Select(m => m.ToDisplayString()).ToList();
        Assert.True(missing.Count == 0, "No step for:\n" + string.Join("\n", missing));
        Assert.Equal(3, methods.Count(m => m.Name is "Port" or "HostPort"));
        Assert.Empty(StepTable.Container.Keys.Where(n => !methods.Any(m => m.Name == n)));
    }

    [Fact]
    public void The_step_table_names_only_methods_of_StatefulApp()
    {
        var names = typeof(StatefulApp).GetMethods().Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(StepTable.App.Keys.Concat(StepTable.AppCode).Where(n => !names.Contains(n)));
    }
}

/// <summary>Every fluent method of the DSL is exercised by a parity case (analyzer and runtime on the same definition).</summary>
public sealed class DslParityCoverageTests
{
    [Fact]
    public void Every_fluent_method_of_the_DSL_has_a_parity_case()
    {
        var used = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
        Microsoft.CodeAnalysis.Compilation? any = null;
        foreach (var definition in ParityTests.Definitions())
        {
            var compilation = Verify.Compile((string)definition[1]);
            any ??= compilation;
            foreach (var tree in compilation.SyntaxTrees)
            {
                var model = compilation.GetSemanticModel(tree);
                foreach (var node in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>())
                {
                    if (Microsoft.CodeAnalysis.ModelExtensions.GetSymbolInfo(model, node).Symbol is Microsoft.CodeAnalysis.IMethodSymbol method)
                        used.Add((method.ReducedFrom ?? method).OriginalDefinition.ToDisplayString());
                }
            }
        }

        var missing = new System.Collections.Generic.List<string>();
        foreach (var typeName in new[] { "Berth.StatefulApp", "Berth.ContainerSpec", "Berth.Probe", "Berth.VolumeSource" })
        {
            var type = any!.GetTypeByMetadataName(typeName)!;
            foreach (var method in type.GetMembers().OfType<Microsoft.CodeAnalysis.IMethodSymbol>())
            {
                if (method.DeclaredAccessibility != Microsoft.CodeAnalysis.Accessibility.Public || method.MethodKind != Microsoft.CodeAnalysis.MethodKind.Ordinary
                    || !Microsoft.CodeAnalysis.SymbolEqualityComparer.Default.Equals(method.ReturnType, type) || method.IsImplicitlyDeclared || method.Name.StartsWith("<", StringComparison.Ordinal))
                    continue;
                var signature = method.ToDisplayString();
                if (!used.Contains(signature)) missing.Add(signature);
            }
        }

        Assert.True(missing.Count == 0, "No parity case calls:\n" + string.Join("\n", missing));
    }
}
