using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Berth.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Berth.Analyzers;

/// <summary>
/// BERTH103: a definition reads an environment variable or a file that the project does not declare as a build input
/// (<c>&lt;BerthInput Include="env:NAME" /&gt;</c> or a file). The build step is skipped when nothing it knows about changed,
/// so such a read would leave the manifests of the last run.
/// </summary>
/// <remarks>
/// .NET has no hook on <c>Environment.GetEnvironmentVariable</c>, so this is decided from the code, once per compilation: every
/// member of the compilation records the members of the same compilation it uses (calls, object creations, property and field
/// references, method groups) and the reads it makes with a constant name or path; at the end of the compilation the members
/// reachable from a <c>[Manifests]</c> type's members are walked once (linear in the members and uses), and each read they make
/// that is not declared is reported at the call. Using a member of a type also reaches that type's static initialization (its
/// static constructor and static field and property initializers), and creating an instance its instance initializers. A read
/// with a name or path that is not a constant, and code outside the compilation, are not seen.
/// The declared inputs come from the package's targets as <c>build_property._BerthInputs</c>: <c>env:NAME</c> entries and full
/// file paths, separated by <c>|</c>.
/// </remarks>
internal sealed class BuildInputCheck
{
    /// <summary>The environment variable every build step run declares by itself (the targets always hash it).</summary>
    private const string AlwaysDeclared = "BERTH_CLUSTER_DOMAIN";

    private static readonly HashSet<string> FileReads = new(StringComparer.Ordinal)
    {
        "ReadAllText", "ReadAllTextAsync", "ReadAllLines", "ReadAllLinesAsync", "ReadAllBytes", "ReadAllBytesAsync",
        "ReadLines", "ReadLinesAsync", "OpenRead", "OpenText", "Open", "Exists",
    };

    private readonly INamedTypeSymbol? _environment;
    private readonly INamedTypeSymbol? _file;
    private readonly INamedTypeSymbol? _streamReader;
    private readonly INamedTypeSymbol? _manifests;
    private readonly IAssemblySymbol _assembly;
    private readonly ConcurrentBag<(ISymbol From, ISymbol To)> _uses = new();
    private readonly ConcurrentBag<Read> _reads = new();
    private readonly ConcurrentBag<INamedTypeSymbol> _manifestsTypes = new();

    private BuildInputCheck(Compilation compilation, INamedTypeSymbol? manifests)
    {
        _environment = compilation.GetTypeByMetadataName("System.Environment");
        _file = compilation.GetTypeByMetadataName("System.IO.File");
        _streamReader = compilation.GetTypeByMetadataName("System.IO.StreamReader");
        _manifests = manifests;
        _assembly = compilation.Assembly;
    }

    /// <summary>Registers the check on a compilation that references Berth.</summary>
    public static void Register(CompilationStartAnalysisContext start, DslSymbols dsl)
    {
        if (dsl.Manifests is null) return;
        var check = new BuildInputCheck(start.Compilation, dsl.Manifests);
        start.RegisterOperationAction(check.AnalyzeOperation,
            OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.PropertyReference, OperationKind.FieldReference, OperationKind.MethodReference);
        start.RegisterSymbolAction(check.AnalyzeType, SymbolKind.NamedType);
        start.RegisterCompilationEndAction(check.Report);
    }

    private void AnalyzeType(SymbolAnalysisContext context)
    {
        if (context.Symbol.GetAttributes().Any(a => DslSymbols.Is(a.AttributeClass, _manifests)))
            _manifestsTypes.Add((INamedTypeSymbol)context.Symbol);
    }

    private void AnalyzeOperation(OperationAnalysisContext context)
    {
        var from = context.ContainingSymbol;
        while (from is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } && from.ContainingSymbol is { } outer) from = outer;
        switch (context.Operation)
        {
            case IInvocationOperation invocation:
                if (ReadOf(invocation.TargetMethod, invocation.Arguments) is { } read)
                    _reads.Add(new Read(from, read.Kind, read.Name, invocation.Syntax.GetLocation()));
                Use(from, invocation.TargetMethod);
                break;
            case IObjectCreationOperation creation when creation.Constructor is { } constructor:
                if (DslSymbols.Is(constructor.ContainingType, _streamReader) && Constant(creation.Arguments) is { } path)
                    _reads.Add(new Read(from, ReadKind.File, path, creation.Syntax.GetLocation()));
                Use(from, constructor);
                break;
            case IPropertyReferenceOperation property:
                Use(from, property.Property);
                if (property.Property.GetMethod is { } getter) Use(from, getter);
                if (property.Property.SetMethod is { } setter) Use(from, setter);
                break;
            case IFieldReferenceOperation field:
                Use(from, field.Field);
                break;
            case IMethodReferenceOperation method:
                Use(from, method.Method);
                break;
        }
    }

    /// <summary>A use of a member of this compilation (the others cannot be followed).</summary>
    private void Use(ISymbol from, ISymbol to)
    {
        to = to.OriginalDefinition;
        if (to is IMethodSymbol { PartialImplementationPart: { } implementation }) to = implementation;
        if (!SymbolEqualityComparer.Default.Equals(to.ContainingAssembly, _assembly) || SymbolEqualityComparer.Default.Equals(from, to)) return;
        _uses.Add((from, to));
    }

    private (ReadKind Kind, string Name)? ReadOf(IMethodSymbol method, IReadOnlyList<IArgumentOperation> arguments)
    {
        if (!method.IsStatic) return null;
        if (DslSymbols.Is(method.ContainingType, _environment) && method.Name == "GetEnvironmentVariable")
            return Constant(arguments) is { } name ? (ReadKind.Environment, name) : null;
        if (DslSymbols.Is(method.ContainingType, _file) && FileReads.Contains(method.Name))
            return Constant(arguments) is { } path ? (ReadKind.File, path) : null;
        return null;
    }

    /// <summary>The constant string given for the first parameter (the name or the path), or null.</summary>
    private static string? Constant(IEnumerable<IArgumentOperation> arguments)
    {
        var first = arguments.FirstOrDefault(a => a.Parameter is { Ordinal: 0, Type.SpecialType: SpecialType.System_String });
        return first?.Value.ConstantValue is { HasValue: true, Value: string value } && value.Length > 0 ? value : null;
    }

    private void Report(CompilationAnalysisContext context)
    {
        if (_reads.IsEmpty || _manifestsTypes.IsEmpty) return;
        var options = context.Options.AnalyzerConfigOptionsProvider.GlobalOptions;
        options.TryGetValue("build_property._BerthInputs", out var declaredText);
        options.TryGetValue("build_property.MSBuildProjectDirectory", out var projectDirectory);
        var declared = DeclaredInputs.Parse(declaredText, projectDirectory);

        var reached = Reach(context);
        foreach (var read in _reads.Distinct().OrderBy(r => r.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(r => r.Location.SourceSpan.Start))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (!reached.TryGetValue(read.At, out var root)) continue;
            string what, include;
            if (read.Kind == ReadKind.Environment)
            {
                if (read.Name == AlwaysDeclared || declared.HasVariable(read.Name)) continue;
                what = "the environment variable " + read.Name;
                include = "env:" + read.Name;
            }
            else
            {
                if (declared.HasFile(read.Name)) continue;
                include = declared.Include(read.Name);
                what = "the file " + include;
            }

            var message = $"{Display(root)} reads {what}, which is not declared: add <BerthInput Include=\"{include}\" /> to the project so that the build step reruns when it changes";
            context.ReportDiagnostic(Diagnostic.Create(BerthDescriptors.Get(RuleCatalog.UndeclaredBuildInput.Id), read.Location, message));
        }
    }

    /// <summary>Every member reachable from a member of a [Manifests] type, with the first such member (in name order) that reaches it.</summary>
    private Dictionary<ISymbol, ISymbol> Reach(CompilationAnalysisContext context)
    {
        var uses = new Dictionary<ISymbol, List<ISymbol>>(SymbolEqualityComparer.Default);
        foreach (var (from, to) in _uses)
        {
            if (!uses.TryGetValue(from, out var list)) uses[from] = list = new List<ISymbol>();
            list.Add(to);
        }

        // Each member of a [Manifests] type is its own root (a read in its initializer or body is named after it); what they
        // use is named after the first of them (in name order) that reaches it.
        var reached = new Dictionary<ISymbol, ISymbol>(SymbolEqualityComparer.Default);
        var roots = _manifestsTypes.Distinct<INamedTypeSymbol>(SymbolEqualityComparer.Default)
            .SelectMany(t => t.GetMembers().Where(m => m is not INamedTypeSymbol && !m.IsImplicitlyDeclared))
            .OrderBy(m => Display(m), StringComparer.Ordinal)
            .ToList();
        foreach (var root in roots) reached[root] = root;

        var initialized = new HashSet<(INamedTypeSymbol, bool)>();
        var pending = new Stack<ISymbol>();
        foreach (var root in roots)
        {
            Expand(root);
            while (pending.Count > 0)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                var member = pending.Pop();
                if (reached.ContainsKey(member)) continue;
                reached.Add(member, root);
                Expand(member);
            }
        }

        return reached;

        void Expand(ISymbol member)
        {
            if (uses.TryGetValue(member, out var used))
                foreach (var next in used) pending.Push(next);

            // Using a type runs its initialization: its static initializers (and static constructor) on any static member,
            // its instance initializers on a constructor.
            var type = member.ContainingType;
            if (type is null || !SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, _assembly)) return;
            var instance = member is IMethodSymbol { MethodKind: MethodKind.Constructor };
            if (!(member.IsStatic || instance) || !initialized.Add((type, instance))) return;
            foreach (var m in type.GetMembers())
            {
                if (m.IsStatic == !instance && m is IFieldSymbol or IPropertySymbol or IMethodSymbol { MethodKind: MethodKind.StaticConstructor })
                    pending.Push(m);
            }
        }
    }

    /// <summary>How the build step names a member: <c>Infra.Postgres</c>.</summary>
    private static string Display(ISymbol member)
    {
        if (member is IMethodSymbol { AssociatedSymbol: { } property }) member = property;
        var type = member.ContainingType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        return member is IMethodSymbol { MethodKind: MethodKind.StaticConstructor or MethodKind.Constructor } ? type + " (constructor)" : type + "." + member.Name;
    }

    private enum ReadKind
    {
        Environment,
        File,
    }

    private sealed record Read(ISymbol At, ReadKind Kind, string Name, Location Location)
    {
        public bool Equals(Read? other) => other is not null && Location.Equals(other.Location);

        public override int GetHashCode() => Location.GetHashCode();
    }

    /// <summary>
    /// The inputs the project declares: environment variable names, and files by full path (a relative path is relative to the
    /// project directory, as the targets resolve an item).
    /// </summary>
    private sealed class DeclaredInputs
    {
        private static readonly StringComparison PathComparison =
            System.IO.Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

        private readonly HashSet<string> _variables = new(StringComparer.Ordinal);
        private readonly List<string> _files = new();
        private readonly string? _projectDirectory;

        private DeclaredInputs(string? projectDirectory) =>
            _projectDirectory = string.IsNullOrWhiteSpace(projectDirectory) ? null : projectDirectory!.TrimEnd('/', '\\');

        public static DeclaredInputs Parse(string? text, string? projectDirectory)
        {
            var inputs = new DeclaredInputs(projectDirectory);
            foreach (var entry in (text ?? string.Empty).Split('|'))
            {
                var item = entry.Trim();
                if (item.Length == 0) continue;
                if (item.StartsWith("env:", StringComparison.Ordinal)) inputs._variables.Add(item.Substring(4));
                else inputs._files.Add(inputs.FullPath(item));
            }

            return inputs;
        }

        public bool HasVariable(string name) => _variables.Contains(name);

        public bool HasFile(string path)
        {
            var full = FullPath(path);
            return _files.Any(f => string.Equals(f, full, PathComparison));
        }

        /// <summary>The path as an item of the project names it: relative to the project directory when inside it.</summary>
        public string Include(string path)
        {
            var full = FullPath(path);
            if (_projectDirectory is null || !System.IO.Path.IsPathRooted(path)) return path;
            var prefix = Normalize(_projectDirectory) + "/";
            return full.StartsWith(prefix, PathComparison) ? full.Substring(prefix.Length) : path;
        }

        private string FullPath(string path)
        {
            if (_projectDirectory is not null && !System.IO.Path.IsPathRooted(path)) path = _projectDirectory + "/" + path;
            try
            {
                return Normalize(System.IO.Path.GetFullPath(path));
            }
            catch (ArgumentException)
            {
                return Normalize(path);
            }
            catch (NotSupportedException)
            {
                return Normalize(path);
            }
        }

        private static string Normalize(string path) => path.Replace('\\', '/');
    }
}
