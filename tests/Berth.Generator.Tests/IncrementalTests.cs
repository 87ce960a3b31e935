using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Berth.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Berth.Generator.Tests;

/// <summary>
/// The incremental pipeline caches: unrelated edits leave every tracked step Cached or Unchanged, a changed app
/// gives Modified, and the model never holds symbols, syntax, compilations or locations.
/// </summary>
public sealed class IncrementalTests
{
    private const string InfraPath = "/src/Infra.cs";

    private const string Infra = """
        using Berth;

        namespace Shop;

        [Manifests]
        public static partial class Infra
        {
            public static StatefulApp Postgres { get; } = StatefulApp.Named("postgres")
                .Container("postgres", "postgres:16.4", c => c.Port("pg", 5432))
                .VolumeClaim("data", "20Gi");

            public static StatefulApp Redis => StatefulApp.Named("redis").Container("redis", "redis:7.4");

            public static int Helper() { return 1; }
        }
        """;

    private const string Unrelated = """
        namespace Shop;

        public static class Unrelated
        {
            public static int Answer() => 42;
        }
        """;

    private static readonly string[] AllSteps =
    {
        TrackingNames.ManifestsTypes, TrackingNames.Registries, TrackingNames.Identities,
        TrackingNames.Clients, TrackingNames.BerthClientInfo, TrackingNames.ClientsWithBerthClient,
        TrackingNames.ProjectDirectory, TrackingNames.RegistriesWithProjectPaths,
    };

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun()
    {
        var compilation = Harness.Compile(true, (InfraPath, Infra), ("/src/Unrelated.cs", Unrelated));
        var (driver, result) = Harness.Run(compilation, Harness.CreateDriver(projectDirectory: "/src"));
        Assert.All(AllSteps, step => Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} was not tracked"));
        return (driver, compilation);
    }

    private static GeneratorRunResult Rerun(GeneratorDriver driver, CSharpCompilation compilation) => Harness.Run(compilation, driver).Result;

    private static CSharpCompilation Edit(CSharpCompilation compilation, string path, Func<string, string> edit)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        var text = edit(tree.ToString());
        return compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(text, Harness.ParseOptions, path));
    }

    private static IEnumerable<(string Step, IncrementalStepRunReason Reason)> Reasons(GeneratorRunResult result, params string[] steps) =>
        steps.SelectMany(step => result.TrackedSteps.TryGetValue(step, out var runs)
            ? runs.SelectMany(run => run.Outputs.Select(o => (step, o.Reason)))
            : Enumerable.Empty<(string, IncrementalStepRunReason)>());

    private static void AssertAllCachedOrUnchanged(GeneratorRunResult result)
    {
        var reasons = Reasons(result, AllSteps).ToArray();
        Assert.NotEmpty(reasons);
        Assert.All(reasons, r => Assert.True(r.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
            $"step {r.Step} was {r.Reason}, expected Cached or Unchanged"));
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(run => run.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Running_twice_on_the_same_compilation_caches_every_step()
    {
        var (driver, compilation) = FirstRun();
        AssertAllCachedOrUnchanged(Rerun(driver, compilation));
    }

    [Fact]
    public void Adding_an_unrelated_file_caches_every_step()
    {
        var (driver, compilation) = FirstRun();
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Shop; public sealed class Other { }", Harness.ParseOptions, "/src/Other.cs"));
        AssertAllCachedOrUnchanged(Rerun(driver, edited));
    }

    [Fact]
    public void Editing_an_unrelated_file_caches_every_step()
    {
        var (driver, compilation) = FirstRun();
        AssertAllCachedOrUnchanged(Rerun(driver, Edit(compilation, "/src/Unrelated.cs", t => t.Replace("42", "43"))));
    }

    [Fact]
    public void Editing_a_method_body_in_the_manifests_class_leaves_every_step_unchanged()
    {
        var (driver, compilation) = FirstRun();
        AssertAllCachedOrUnchanged(Rerun(driver, Edit(compilation, InfraPath, t => t.Replace("return 1;", "return 2 + 3;"))));
    }

    [Fact]
    public void Adding_a_comment_in_the_manifests_class_leaves_every_step_unchanged()
    {
        var (driver, compilation) = FirstRun();
        AssertAllCachedOrUnchanged(Rerun(driver, Edit(compilation, InfraPath, t => t.Replace(".VolumeClaim(\"data\", \"20Gi\");", ".VolumeClaim(\"data\", \"20Gi\"); // primary database"))));
    }

    [Fact]
    public void Changing_a_container_name_modifies_the_type_and_the_identities_but_not_the_registry()
    {
        var (driver, compilation) = FirstRun();
        var result = Rerun(driver, Edit(compilation, InfraPath, t => t.Replace("Container(\"redis\"", "Container(\"cache\"")));

        Assert.Contains(Reasons(result, TrackingNames.ManifestsTypes), r => r.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(Reasons(result, TrackingNames.Identities), r => r.Reason == IncrementalStepRunReason.Modified);
        Assert.All(Reasons(result, TrackingNames.Registries, TrackingNames.Clients), r => Assert.Equal(IncrementalStepRunReason.Unchanged, r.Reason));
    }

    [Fact]
    public void Adding_an_app_modifies_the_registry_and_the_client()
    {
        var (driver, compilation) = FirstRun();
        var result = Rerun(driver, Edit(compilation, InfraPath, t => t.Replace(
            "public static int Helper()",
            "public static StatefulApp Kafka => StatefulApp.Named(\"kafka\"); public static int Helper()")));

        Assert.Contains(Reasons(result, TrackingNames.Registries), r => r.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(Reasons(result, TrackingNames.Clients), r => r.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("Kafka", string.Concat(result.GeneratedSources.Select(s => s.SourceText.ToString())));
    }

    [Fact]
    public void Moving_an_app_to_another_line_updates_the_registry_but_leaves_identities_and_client_unchanged()
    {
        var (driver, compilation) = FirstRun();
        var result = Rerun(driver, Edit(compilation, InfraPath, t => t.Replace("[Manifests]", "// The platform's stateful apps.\n[Manifests]")));

        Assert.Contains(Reasons(result, TrackingNames.Registries), r => r.Reason == IncrementalStepRunReason.Modified);
        Assert.All(Reasons(result, TrackingNames.Identities, TrackingNames.Clients), r => Assert.Equal(IncrementalStepRunReason.Unchanged, r.Reason));
    }

    [Fact]
    public void The_pipeline_model_holds_no_symbols_syntax_compilations_or_locations()
    {
        var forbidden = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(SemanticModel), typeof(Compilation), typeof(Location), typeof(SyntaxToken) };
        var modelTypes = typeof(ManifestsTypeSpec).Assembly.GetTypes().Where(t => t.Namespace == typeof(ManifestsTypeSpec).Namespace).ToArray();
        Assert.Contains(typeof(RegistrySpec), modelTypes);

        var visited = new HashSet<Type>();
        var pending = new Stack<(Type Type, string Path)>(modelTypes.Select(t => (t, t.Name)));
        while (pending.Count > 0)
        {
            var (type, path) = pending.Pop();
            if (!visited.Add(type))
                continue;
            Assert.False(forbidden.Any(f => f.IsAssignableFrom(type)), $"{path} is a {type.Name}: the model must hold values only");
            if (type.IsGenericType)
                foreach (var argument in type.GetGenericArguments())
                    pending.Push((argument, $"{path}<{argument.Name}>"));
            if (type.IsArray)
                pending.Push((type.GetElementType()!, path + "[]"));
            if (type.IsPrimitive || type == typeof(string) || type.IsEnum)
                continue;
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
                pending.Push((field.FieldType, $"{path}.{field.Name}"));
        }

        // And the values the pipeline actually produced.
        var (_, result) = Harness.Run(Harness.Compile(true, (InfraPath, Infra)));
        var values = AllSteps.SelectMany(step => result.TrackedSteps[step]).SelectMany(run => run.Outputs).Select(o => o.Value).ToArray();
        Assert.NotEmpty(values);
        Assert.All(values, value => AssertValuesOnly(value, forbidden, new HashSet<object>(ReferenceEqualityComparer.Instance)));
    }

    private static void AssertValuesOnly(object? value, Type[] forbidden, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
            return;
        Assert.False(forbidden.Any(f => f.IsInstanceOfType(value)), $"the pipeline produced a {value.GetType().Name}");
        if (value is System.Collections.IEnumerable items)
        {
            foreach (var item in items)
                AssertValuesOnly(item, forbidden, seen);
            return;
        }
        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            AssertValuesOnly(field.GetValue(value), forbidden, seen);
    }
}
