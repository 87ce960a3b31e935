using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Berth.Registry;

namespace Berth.Cli.Definitions;

/// <summary>
/// Loads a built assembly the way the build step does and lists the entries of its <c>[assembly: ManifestRegistry]</c>
/// registries. The loading itself is Berth.Writer's <c>ProjectLoadContext</c> (dependencies resolved from MSBuild's
/// reference paths; Berth and its dependencies shared with this process, so the <see cref="StatefulApp"/> values the
/// user's code returns are the ones the client takes).
/// </summary>
/// <remarks>
/// Berth.Writer does not expose its loader publicly yet, so it is reached by reflection here, in this one place
/// (the writer ships beside the CLI). When Berth.Writer offers a public entry point, this class calls it instead.
/// </remarks>
internal static class DefinitionLoader
{
    private const string LoadContextType = "Berth.Writer.ProjectLoadContext, Berth.Writer";

    /// <summary>The registry entries of <paramref name="assemblyPath"/>, sorted by set and member.</summary>
    /// <exception cref="CliException">The assembly cannot be loaded, has no registry, or was compiled against another Berth.</exception>
    public static IReadOnlyList<ManifestEntry> Load(string assemblyPath, IReadOnlyList<string> referencePaths)
    {
        var full = Path.GetFullPath(assemblyPath);
        if (!File.Exists(full))
            throw new CliException($"the assembly {full} does not exist; build the project first, or pass --project");

        Assembly assembly;
        ManifestRegistryAttribute[] registries;
        try
        {
            var context = CreateLoadContext(full, referencePaths);
            assembly = context.LoadFromAssemblyPath(full);
            registries = assembly.GetCustomAttributes<ManifestRegistryAttribute>().ToArray();
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException or TypeLoadException)
        {
            throw new CliException($"cannot load {full}: {e.Message}");
        }

        if (registries.Length == 0)
        {
            var other = assembly.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == typeof(ManifestRegistryAttribute).FullName);
            if (other is not null)
                throw new CliException($"{Path.GetFileName(full)} was compiled against {other.AttributeType.Assembly.GetName()}, but this berth runs {typeof(ManifestRegistryAttribute).Assembly.GetName()}; use the berth tool of the same Berth version");
            throw new CliException($"{Path.GetFileName(full)} has no [Manifests] definitions (no generated registry); mark a static class with [Manifests] and reference the Berth package");
        }

        var entries = new List<ManifestEntry>();
        foreach (var registry in registries)
        {
            object? value;
            try
            {
                value = registry.RegistryType.GetProperty("Entries", BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
            }
            catch (TargetInvocationException e)
            {
                throw new CliException($"the registry {registry.RegistryType.FullName} failed: {Describe(e)}");
            }

            if (value is not IReadOnlyList<ManifestEntry> list)
                throw new CliException($"the registry {registry.RegistryType.FullName} has no public static Entries list; rebuild it with the matching Berth generator");
            entries.AddRange(list);
        }

        return entries
            .OrderBy(e => e.SetName, StringComparer.Ordinal)
            .ThenBy(e => e.MemberName, StringComparer.Ordinal)
            .ThenBy(e => e.Variant, StringComparer.Ordinal)
            .ToList();
    }

    private static AssemblyLoadContext CreateLoadContext(string assemblyPath, IReadOnlyList<string> referencePaths)
    {
        var type = Type.GetType(LoadContextType, throwOnError: false)
                   ?? throw new CliException("Berth.Writer.dll (the project loader) is missing beside berth; reinstall the tool");
        try
        {
            return (AssemblyLoadContext)Activator.CreateInstance(type, assemblyPath, (IEnumerable<string>)referencePaths)!;
        }
        catch (Exception e) when (e is MissingMethodException or InvalidCastException)
        {
            throw new CliException($"this Berth.Writer.dll has no loader berth can use ({e.Message}); reinstall the tool");
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new CliException($"cannot prepare loading {Path.GetFileName(assemblyPath)}: {e.InnerException.Message}");
        }
    }

    /// <summary>"InvalidOperationException: message" of what the user's code threw, without reflection wrappers.</summary>
    public static string Describe(Exception exception)
    {
        while (exception is TargetInvocationException or TypeInitializationException && exception.InnerException is not null)
            exception = exception.InnerException;
        return $"{exception.GetType().Name}: {exception.Message}";
    }
}
