using System;
using System.Linq;
using System.Reflection;
using Xunit;

namespace Berth.Analyzers.Tests;

/// <summary>
/// The analyzer mirrors the DSL call by call. A DSL method it does not know makes the app unknown (never wrong, said
/// with BERTH080), so a new method must be taught to the analyzer (ChainReader) when it is added: this test says which.
/// </summary>
public sealed class DslCoverageTests
{
    [Theory]
    [InlineData(typeof(StatefulApp))]
    [InlineData(typeof(ContainerSpec))]
    [InlineData(typeof(Probe))]
    public void Every_fluent_method_of_the_DSL_is_read_by_the_analyzer(Type type)
    {
        var known = type == typeof(StatefulApp) ? ChainReader.AppMethods
            : type == typeof(ContainerSpec) ? ChainReader.ContainerMethods
            : ChainReader.ProbeMethods;
        var fluent = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => m.ReturnType == type && !m.IsSpecialName && m.Name != "<Clone>$" && !(m.IsStatic && type == typeof(StatefulApp)))
            .Select(m => m.Name)
            .Distinct()
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(fluent, known.OrderBy(n => n, StringComparer.Ordinal).ToList());
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
