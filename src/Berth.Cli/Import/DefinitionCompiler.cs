using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Berth.Cli.Import;

/// <summary>The apps of a compiled import, and the compiler's warnings.</summary>
internal sealed record CompiledDefinitions(IReadOnlyDictionary<string, StatefulApp> Apps, IReadOnlyList<string> Warnings);

/// <summary>
/// Compiles generated definitions in memory (C# latest, nullable enabled, all warnings) against the Berth and
/// KubernetesClient assemblies this tool runs with, and reads the <see cref="StatefulApp"/> properties of the class.
/// </summary>
internal static class DefinitionCompiler
{
    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        var paths = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(new[] { typeof(StatefulApp).Assembly.Location, typeof(k8s.Models.V1Pod).Assembly.Location, typeof(Rules.RuleViolation).Assembly.Location })
            .Where(p => p.Length > 0)
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First());
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
    });

    public static CompiledDefinitions Compile(string code, string className)
    {
        var tree = CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest), path: className + ".cs");
        var compilation = CSharpCompilation.Create(
            "BerthImport" + Guid.NewGuid().ToString("N"),
            new[] { tree },
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var shown = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning && !d.IsSuppressed).Select(d => d.ToString()).ToList();
        if (!result.Success)
            throw new CliException($"the imported code does not compile (this is a bug in berth import; please report it with the input):\n  {string.Join("\n  ", shown)}");

        image.Position = 0;
        var context = new AssemblyLoadContext("berth-import", isCollectible: true);
        var assembly = context.LoadFromStream(image);
        var type = assembly.GetType(className) ?? throw new CliException($"the imported code has no class {className}");
        var apps = type.GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Where(p => p.PropertyType == typeof(StatefulApp))
            .ToDictionary(p => p.Name, p => (StatefulApp)p.GetValue(null)!, StringComparer.Ordinal);
        return new CompiledDefinitions(apps, shown);
    }
}
