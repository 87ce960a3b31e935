using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Berth.Generator.Tests;

/// <summary>Runs the generator with a <see cref="CSharpGeneratorDriver"/> that tracks incremental steps.</summary>
internal static class Harness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is var f && (f.StartsWith("System.", StringComparison.Ordinal) || f is "mscorlib.dll" or "netstandard.dll"))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray());

    /// <summary>A compilation of the given files plus the Berth stubs (and the Berth.Client stubs when asked).</summary>
    public static CSharpCompilation Compile(bool withClient, params (string Path, string Text)[] files)
    {
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions, f.Path))
            .Append(CSharpSyntaxTree.ParseText(BerthStubs.Dsl, ParseOptions, "/stubs/Berth.cs"));
        if (withClient)
            trees = trees.Append(CSharpSyntaxTree.ParseText(BerthStubs.Client, ParseOptions, "/stubs/Berth.Client.cs"));
        return CSharpCompilation.Create("UserProject", trees, References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    public static GeneratorDriver CreateDriver(string? projectDirectory = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new ManifestsGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            optionsProvider: projectDirectory is null ? null : new BuildProperties(("build_property.MSBuildProjectDirectory", projectDirectory)),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>MSBuild properties as the compiler hands them to generators (build_property.*).</summary>
    private sealed class BuildProperties : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
    {
        private readonly Options _options;

        public BuildProperties(params (string Key, string Value)[] values) => _options = new Options(values.ToDictionary(v => v.Key, v => v.Value));

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GlobalOptions => _options;

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

        private sealed class Options : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
        {
            public static readonly Options Empty = new(new Dictionary<string, string>());
            private readonly Dictionary<string, string> _values;

            public Options(Dictionary<string, string> values) => _values = values;

            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
        }
    }

    /// <summary>Runs the generator; asserts that it reports nothing and that the generated code compiles cleanly.</summary>
    public static (GeneratorDriver Driver, GeneratorRunResult Result) Run(Compilation compilation, GeneratorDriver? driver = null)
    {
        driver = (driver ?? CreateDriver()).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
        Assert.True(problems.Length == 0, "The generated code does not compile cleanly:\n" + string.Join("\n", problems.Select(p => p.ToString())));
        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        return (driver, result);
    }

    /// <summary>Every generated file, ordered by hint name, each under a header line naming it.</summary>
    public static string GeneratedText(GeneratorRunResult result)
    {
        var builder = new StringBuilder();
        foreach (var source in result.GeneratedSources.OrderBy(s => s.HintName, StringComparer.Ordinal))
        {
            builder.Append("//// ").Append(source.HintName).Append('\n');
            builder.Append(source.SourceText.ToString());
            builder.Append('\n');
        }
        return builder.ToString();
    }
}
