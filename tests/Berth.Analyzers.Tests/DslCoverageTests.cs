using System;
using System.Linq;
using System.Reflection;
using Xunit;

namespace Berth.Analyzers.Tests;

/// <summary>
/// The analyzer mirrors the DSL call by call. A DSL method it does not know makes the app unknown (quiet, never
/// wrong), so a new method must be taught to the analyzer (ChainReader) when it is added: this test says which.
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
