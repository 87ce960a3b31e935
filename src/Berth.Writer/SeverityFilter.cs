using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Berth.Planning;
using Berth.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Berth.Writer;

/// <summary>
/// The severity settings MSBuild hands the compiler for a project (the Csc task's <c>AnalyzerConfigFiles</c>,
/// <c>DisabledWarnings</c>, <c>WarningsAsErrors</c>, <c>WarningsNotAsErrors</c>, <c>TreatWarningsAsErrors</c> and the
/// <c>@(Compile)</c> files, whose <c>#pragma warning</c> directives count), read from the file Berth.targets writes
/// (<c>obj/…/berth/diagnostics.txt</c>: one <c>key=value</c> per line).
/// </summary>
/// <remarks>Shared by the writer and <c>berth validate</c> (linked into Berth.Cli): one reading of the settings.</remarks>
internal sealed record SeveritySettings(
    string ProjectDirectory,
    IReadOnlyList<string> ConfigFiles,
    IReadOnlyList<string> SourceFiles,
    IReadOnlyList<string> NoWarn,
    IReadOnlyList<string> WarningsAsErrors,
    IReadOnlyList<string> WarningsNotAsErrors,
    bool TreatWarningsAsErrors)
{
    /// <summary>The settings in <paramref name="path"/>, or null when there is no such file.</summary>
    public static SeveritySettings? Read(string? path)
    {
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
            return null;
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var configs = new List<string>();
        var sources = new List<string>();
        var noWarn = new List<string>();
        var asErrors = new List<string>();
        var notAsErrors = new List<string>();
        var treatAsErrors = false;
        static IEnumerable<string> Codes(string value) =>
            value.Split(new[] { ';', ',', ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
        foreach (var line in File.ReadAllLines(path))
        {
            var equals = line.IndexOf('=');
            if (equals <= 0)
                continue;
            var value = line[(equals + 1)..].Trim();
            switch (line[..equals].Trim())
            {
                case "project": directory = value; break;
                case "config": configs.Add(value); break;
                case "source": sources.Add(value); break;
                case "nowarn": noWarn.AddRange(Codes(value)); break;
                case "warnaserror": asErrors.AddRange(Codes(value)); break;
                case "warnnotaserror": notAsErrors.AddRange(Codes(value)); break;
                case "treatwarningsaserrors": treatAsErrors = string.Equals(value, "true", StringComparison.OrdinalIgnoreCase); break;
            }
        }
        return new SeveritySettings(directory, configs, sources, noWarn, asErrors, notAsErrors, treatAsErrors);
    }
}

/// <summary>
/// Applies a project's severity settings to the build step's diagnostics exactly as the compiler applies them to the
/// analyzers' (the same IDs): <c>.editorconfig</c> and <c>.globalconfig</c> (<c>dotnet_diagnostic.BERTHnnn.severity</c>),
/// <c>NoWarn</c>, <c>WarningsAsErrors</c>, <c>WarningsNotAsErrors</c>, <c>TreatWarningsAsErrors</c> and
/// <c>#pragma warning disable</c> around the location. Nothing here interprets a setting: the switches go through the
/// compiler's command-line parser, the config files through its <see cref="AnalyzerConfigSet"/>, and each diagnostic
/// through <see cref="CompilationWithAnalyzers.GetEffectiveDiagnostics(IEnumerable{Diagnostic}, Compilation)"/> over
/// the parsed source file (pragmas, per-file and global options, general and specific options).
/// </summary>
/// <remarks>
/// Not applied: bulk settings by category (<c>dotnet_analyzer_diagnostic.category-…</c>, <c>dotnet_analyzer_diagnostic.severity</c>),
/// which the compiler applies in its analyzer driver rather than its diagnostic filter, and <c>[SuppressMessage]</c> attributes
/// (the sources are parsed, not bound). The build step's own codes (BERTH900 and up) are never changed. When nothing in the
/// settings can change a severity (no BERTH code in the lists, no <c>dotnet_diagnostic.BERTH…</c> entry in a config file (the SDK's
/// own analysis-level config files name only CA/IDE rules), no pragma in
/// the file of the diagnostic, warnings not treated as errors) the compiler is not even loaded.
/// </remarks>
internal sealed class SeverityFilter
{
    private readonly SeveritySettings _settings;
    private readonly Func<PlanDiagnostic, (string File, int Line, int Column)?> _location;
    private readonly bool _settingsMayChange;
    private readonly Dictionary<string, string?> _sources = new(StringComparer.Ordinal);
    private Compiler? _compiler;

    private SeverityFilter(SeveritySettings settings, Func<PlanDiagnostic, (string File, int Line, int Column)?> location)
    {
        _settings = settings;
        _location = location;
        static bool Berth(string code) => code.StartsWith("BERTH", StringComparison.OrdinalIgnoreCase);
        _settingsMayChange = settings.TreatWarningsAsErrors
            || settings.NoWarn.Any(Berth) || settings.WarningsAsErrors.Any(Berth) || settings.WarningsNotAsErrors.Any(Berth)
            || settings.ConfigFiles.Any(f => File.Exists(f) && File.ReadAllText(f).IndexOf("dotnet_diagnostic.BERTH", StringComparison.OrdinalIgnoreCase) >= 0);
    }

    /// <summary>
    /// The filter of a project's settings (<see cref="ManifestPlanOptions.Severity"/>), or null when there are none.
    /// <paramref name="location"/> gives a diagnostic's source file (relative to the project or full), 1-based line and
    /// column; by default <see cref="SourceLocation"/>.
    /// </summary>
    public static Func<PlanDiagnostic, PlanDiagnostic?>? For(SeveritySettings? settings, Func<PlanDiagnostic, (string File, int Line, int Column)?>? location = null) =>
        settings is null ? null : new SeverityFilter(settings, location ?? SourceLocation).Apply;

    /// <summary>Where a diagnostic is reported (<see cref="PlanDiagnostic.Location"/>): the call that set the value, else the member.</summary>
    public static (string File, int Line, int Column)? SourceLocation(PlanDiagnostic diagnostic) =>
        diagnostic.Location is { } at ? (at.File, at.Line, at.Column) : null;

    /// <summary>The diagnostic with the severity the settings give it, or null when they turn it off.</summary>
    public PlanDiagnostic? Apply(PlanDiagnostic diagnostic)
    {
        if (RuleCatalog.Find(diagnostic.Id) is not { } rule)
            return diagnostic;
        var at = _location(diagnostic);
        var path = at is { File.Length: > 0 } ? Path.GetFullPath(at.Value.File, _settings.ProjectDirectory) : null;
        var source = path is null ? null : Source(path);
        if (!_settingsMayChange && (source is null || !source.Contains("#pragma", StringComparison.Ordinal)))
            return diagnostic;

        _compiler ??= new Compiler(_settings);
        var severity = _compiler.Severity(rule, diagnostic.Message, path, source, at?.Line ?? 0, at?.Column ?? 0);
        return severity is null ? null : severity == diagnostic.Severity ? diagnostic : diagnostic with { Severity = severity.Value };
    }

    private string? Source(string path)
    {
        if (!_sources.TryGetValue(path, out var text))
            _sources[path] = text = File.Exists(path) ? File.ReadAllText(path) : null;
        return text;
    }

    /// <summary>The compiler's side: loaded only when a setting may change a severity.</summary>
    private sealed class Compiler
    {
        private readonly CSharpParseOptions _parseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview);
        private readonly AnalyzerConfigSet _configs;
        private readonly Dictionary<string, SyntaxTree> _trees = new(StringComparer.Ordinal);
        private readonly CSharpCompilationOptions _options;
        private CSharpCompilation? _compilation;

        public Compiler(SeveritySettings settings)
        {
            // The switches the Csc task passes, parsed by the compiler itself.
            var arguments = new List<string>();
            if (settings.TreatWarningsAsErrors)
                arguments.Add("/warnaserror+");
            if (settings.WarningsAsErrors.Count > 0)
                arguments.Add("/warnaserror+:" + string.Join(",", settings.WarningsAsErrors));
            if (settings.WarningsNotAsErrors.Count > 0)
                arguments.Add("/warnaserror-:" + string.Join(",", settings.WarningsNotAsErrors));
            if (settings.NoWarn.Count > 0)
                arguments.Add("/nowarn:" + string.Join(",", settings.NoWarn));
            _options = CSharpCommandLineParser.Default.Parse(arguments, settings.ProjectDirectory, sdkDirectory: null).CompilationOptions;
            _configs = AnalyzerConfigSet.Create(settings.ConfigFiles.Where(File.Exists).Select(f => AnalyzerConfig.Parse(File.ReadAllText(f), f)).ToImmutableArray());
        }

        public RuleSeverity? Severity(Rule rule, string message, string? path, string? source, int line, int column)
        {
            var where = Location.None;
            if (path is not null && source is not null)
            {
                if (!_trees.TryGetValue(path, out var tree))
                {
                    _trees[path] = tree = CSharpSyntaxTree.ParseText(SourceText.From(source), _parseOptions, path);
                    _compilation = null;
                }
                var lines = tree.GetText().Lines;
                if (line > 0 && line <= lines.Count)
                {
                    var text = lines[line - 1];
                    where = Location.Create(tree, new TextSpan(Math.Min(text.Start + Math.Max(column - 1, 0), text.End), 0));
                }
            }
            _compilation ??= CSharpCompilation.Create("Berth.Severity", _trees.Values, references: null,
                _options.WithSyntaxTreeOptionsProvider(new TreeOptions(_configs, _trees.Values)));

            var descriptor = new DiagnosticDescriptor(rule.Id, rule.Title, "{0}", rule.Category, ToCompiler(rule.Severity), isEnabledByDefault: true);
            var effective = CompilationWithAnalyzers.GetEffectiveDiagnostics(new[] { Diagnostic.Create(descriptor, where, message) }, _compilation).SingleOrDefault();
            if (effective is null || effective.IsSuppressed)
                return null;
            return effective.Severity switch
            {
                DiagnosticSeverity.Error => RuleSeverity.Error,
                DiagnosticSeverity.Warning => RuleSeverity.Warning,
                DiagnosticSeverity.Info => RuleSeverity.Info,
                _ => null, // silent
            };
        }

        private static DiagnosticSeverity ToCompiler(RuleSeverity severity) => severity switch
        {
            RuleSeverity.Error => DiagnosticSeverity.Error,
            RuleSeverity.Warning => DiagnosticSeverity.Warning,
            _ => DiagnosticSeverity.Info,
        };
    }

    /// <summary>The per-file and global severities of the config files, as the compiler gives them to a compilation.</summary>
    private sealed class TreeOptions : SyntaxTreeOptionsProvider
    {
        private readonly Dictionary<SyntaxTree, AnalyzerConfigOptionsResult> _trees = new();
        private readonly AnalyzerConfigOptionsResult _global;

        public TreeOptions(AnalyzerConfigSet configs, IEnumerable<SyntaxTree> trees)
        {
            _global = configs.GlobalConfigOptions;
            foreach (var tree in trees)
                _trees[tree] = configs.GetOptionsForSourcePath(tree.FilePath);
        }

        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.Unknown;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            if (_trees.TryGetValue(tree, out var options) && options.TreeOptions.TryGetValue(diagnosticId, out severity))
                return true;
            severity = ReportDiagnostic.Default;
            return false;
        }

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            if (_global.TreeOptions.TryGetValue(diagnosticId, out severity))
                return true;
            severity = ReportDiagnostic.Default;
            return false;
        }
    }
}
