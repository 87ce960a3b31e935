using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Berth.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Berth.Analyzers.Tests;

/// <summary>
/// The analyzer and fix test harness. Test sources compile against the real Berth.dll (with Berth.Rules.dll and
/// KubernetesClient.dll) and the reference assemblies of the running .NET, so nothing is downloaded.
/// </summary>
internal static class Verify
{
    /// <summary>Usings every test source starts with.</summary>
    public const string Usings = "using System;\nusing Berth;\n";

    /// <summary>The references of a Berth user project: the running framework plus Berth and its dependencies.</summary>
    public static ImmutableArray<MetadataReference> References { get; } = BuildReferences();

    /// <summary>No reference package is resolved: the framework comes from <see cref="References"/>.</summary>
    public static ReferenceAssemblies NoPackages { get; } = new ReferenceAssemblies("net10.0");

    public static async Task Analyzer(string source, params DiagnosticResult[] expected)
    {
        var test = new AnalyzerTest { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    /// <summary>Checks one rule: every other Berth rule is turned off, so the markup names only this one.</summary>
    public static async Task Rule(string id, params string[] sources)
    {
        var test = new AnalyzerTest();
        foreach (var source in sources) test.TestState.Sources.Add(source);
        test.DisabledDiagnostics.AddRange(BerthDescriptors.All.Select(d => d.Id).Where(d => d != id));
        await test.RunAsync(CancellationToken.None);
    }

    /// <summary>A source file with the given members in a [Manifests] class.</summary>
    public static string Infra(params string[] members) =>
        Usings + "\n[Manifests]\npublic static partial class Infra\n{\n" + string.Join("\n\n", members.Select(m => "    " + m.Replace("\n", "\n    "))) + "\n}\n";

    /// <summary>A source file with one app, <c>public static StatefulApp App { get; } = chain;</c>.</summary>
    public static string App(string chain) => Infra("public static StatefulApp App { get; } = " + chain + ";");

    /// <summary>Checks rule <paramref name="id"/> (every other rule off) under an .editorconfig.</summary>
    public static async Task Analyzer(string id, string source, string editorConfig, params DiagnosticResult[] expected)
    {
        var test = new AnalyzerTest { TestCode = source };
        test.DisabledDiagnostics.AddRange(BerthDescriptors.All.Select(d => d.Id).Where(d => d != id));
        test.TestState.AnalyzerConfigFiles.Add((editorConfig.StartsWith("is_global", StringComparison.Ordinal) ? "/.globalconfig" : "/.editorconfig", editorConfig));
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    /// <summary>Checks a fix of rule <paramref name="id"/> (every other rule off): the markup in
    /// <paramref name="source"/> marks the diagnostics, <paramref name="fixedSource"/> is the result of fixing all.</summary>
    public static async Task Fix<TFix>(string id, string source, string fixedSource, string? equivalenceKey = null)
        where TFix : CodeFixProvider, new()
    {
        var test = new FixTest<TFix> { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = equivalenceKey };
        test.DisabledDiagnostics.AddRange(BerthDescriptors.All.Select(d => d.Id).Where(d => d != id));
        if (source == fixedSource) test.FixedState.MarkupHandling = MarkupMode.Allow;
        await test.RunAsync(CancellationToken.None);
    }

    /// <summary>Checks that the analyzer reports nothing of <paramref name="ids"/> for <paramref name="source"/>.</summary>
    public static async Task None(string source, IEnumerable<string> ids)
    {
        var test = new AnalyzerTest { TestCode = source };
        var set = new HashSet<string>(ids);
        test.DisabledDiagnostics.AddRange(BerthDescriptors.All.Select(d => d.Id).Where(d => !set.Contains(d)));
        await test.RunAsync(CancellationToken.None);
    }

    /// <summary>The diagnostic IDs the analyzer reports for a compilation of <paramref name="sources"/>.</summary>
    public static async Task<IReadOnlyList<Diagnostic>> Diagnostics(params string[] sources)
    {
        var compilation = Compile(sources);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0) throw new InvalidOperationException("The test source does not compile:\n" + string.Join("\n", errors));
        var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new BerthAnalyzer()));
        return await withAnalyzers.GetAnalyzerDiagnosticsAsync();
    }

    /// <summary>
    /// The diagnostics of <see cref="Diagnostics"/> for a project with <c>&lt;BerthKubernetesVersion&gt;</c> set to
    /// <paramref name="kubernetesVersion"/> (null: not set), as the package's props hand it to the analyzers.
    /// </summary>
    public static Task<IReadOnlyList<Diagnostic>> DiagnosticsFor(string? kubernetesVersion, params string[] sources) =>
        DiagnosticsWithInputs(kubernetesVersion, null, sources);

    /// <summary>
    /// The diagnostics of <see cref="DiagnosticsFor(string?, string[])"/> for a project that also declares the build inputs
    /// <paramref name="inputs"/> (<c>&lt;BerthInput&gt;</c> items as the package's targets hand them to the analyzers:
    /// <c>env:NAME</c> or full paths, separated by <c>|</c>; null: none).
    /// </summary>
    public static async Task<IReadOnlyList<Diagnostic>> DiagnosticsWithInputs(string? kubernetesVersion, string? inputs, params string[] sources)
    {
        if (kubernetesVersion is null && inputs is null)
            return await Diagnostics(sources);
        var compilation = Compile(sources);
        var properties = new Dictionary<string, string>();
        if (kubernetesVersion is not null) properties["build_property.BerthKubernetesVersion"] = kubernetesVersion;
        if (inputs is not null) properties["build_property._BerthInputs"] = inputs;
        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new ProjectProperty(properties));
        return await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new BerthAnalyzer()), options).GetAnalyzerDiagnosticsAsync();
    }

    /// <summary>Analyzer config options with global keys (project properties made visible to the compiler).</summary>
    private sealed class ProjectProperty : AnalyzerConfigOptionsProvider
    {
        private readonly Options _options;

        public ProjectProperty(IReadOnlyDictionary<string, string> properties) => _options = new Options(properties);

        public override AnalyzerConfigOptions GlobalOptions => _options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

        private sealed class Options : AnalyzerConfigOptions
        {
            public static readonly Options Empty = new(new Dictionary<string, string>());
            private readonly IReadOnlyDictionary<string, string> _properties;

            public Options(IReadOnlyDictionary<string, string> properties) => _properties = properties;

            public override bool TryGetValue(string key, out string value)
            {
                var found = _properties.TryGetValue(key, out var v);
                value = v ?? string.Empty;
                return found;
            }
        }
    }

    /// <summary>Compiles <paramref name="sources"/> as a class library against Berth.</summary>
    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create(
            "Test" + Guid.NewGuid().ToString("N"),
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: "Source" + i + ".cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private static ImmutableArray<MetadataReference> BuildReferences()
    {
        var tpa = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty).Split(Path.PathSeparator);
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var framework = tpa.Where(p => string.Equals(Path.GetDirectoryName(p), runtimeDir, StringComparison.Ordinal) && IsManaged(p));
        var berth = new[]
        {
            typeof(StatefulApp).Assembly.Location,
            typeof(Berth.Rules.RuleCatalog).Assembly.Location,
            typeof(k8s.Models.V1StatefulSet).Assembly.Location,
        };
        return framework.Concat(berth).Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }

    private static bool IsManaged(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    private sealed class AnalyzerTest : CSharpAnalyzerTest<BerthAnalyzer, DefaultVerifier>
    {
        public AnalyzerTest()
        {
            ReferenceAssemblies = NoPackages;
            TestState.AdditionalReferences.AddRange(References);
        }

        protected override ParseOptions CreateParseOptions() => new CSharpParseOptions(LanguageVersion.Latest);
    }

    private sealed class FixTest<TFix> : CSharpCodeFixTest<BerthAnalyzer, TFix, DefaultVerifier>
        where TFix : CodeFixProvider, new()
    {
        public FixTest()
        {
            ReferenceAssemblies = NoPackages;
            TestState.AdditionalReferences.AddRange(References);
        }

        protected override ParseOptions CreateParseOptions() => new CSharpParseOptions(LanguageVersion.Latest);
    }
}
