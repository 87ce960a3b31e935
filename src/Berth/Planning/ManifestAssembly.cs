using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Berth.Registry;
using Berth.Rules;

namespace Berth.Planning;

/// <summary>
/// Loads a built assembly the way the build step does (dependencies resolved from MSBuild's reference paths;
/// Berth and its dependencies shared with this process) and reads the entries of its generated registries.
/// The build step, the <c>berth</c> CLI and <see cref="ManifestPlan"/> load definitions through this one class.
/// </summary>
public static class ManifestAssembly
{
    /// <summary>
    /// The registry entries of <paramref name="assemblyPath"/>, registries in name order; empty when the assembly
    /// has no <see cref="ManifestsAttribute"/> type.
    /// </summary>
    /// <param name="assemblyPath">The built assembly.</param>
    /// <param name="referencePaths">Every reference path of the project, most specific first.</param>
    /// <exception cref="ManifestLoadException">The assembly is missing or cannot be loaded, was compiled against
    /// another Berth, or a registry fails.</exception>
    public static IReadOnlyList<ManifestEntry> Load(string assemblyPath, IEnumerable<string> referencePaths) => Load(assemblyPath, referencePaths, null);

    /// <summary><see cref="Load(string, IEnumerable{string})"/>, calling <paramref name="loaded"/> with the assembly before any registry runs.</summary>
    /// <param name="assemblyPath">The built assembly.</param>
    /// <param name="referencePaths">Every reference path of the project, most specific first.</param>
    /// <param name="loaded">Called with the loaded assembly when it has registries (the writer starts its precompiler there).</param>
    public static IReadOnlyList<ManifestEntry> Load(string assemblyPath, IEnumerable<string> referencePaths, Action<Assembly>? loaded)
    {
        var fullPath = Path.GetFullPath(assemblyPath);
        if (!File.Exists(fullPath))
            throw new ManifestLoadException(WriterCodes.CannotRun, $"the built assembly '{fullPath}' does not exist; build the project before writing its manifests.");

        Assembly assembly;
        ManifestRegistryAttribute[] registries;
        try
        {
            assembly = new ProjectLoadContext(fullPath, referencePaths).LoadFromAssemblyPath(fullPath);
            registries = assembly.GetCustomAttributes<ManifestRegistryAttribute>().ToArray();
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException or TypeLoadException)
        {
            throw new ManifestLoadException(WriterCodes.CannotRun, $"cannot load '{fullPath}' to write its manifests: {e.Message}");
        }

        if (registries.Length > 0)
            loaded?.Invoke(assembly);

        if (registries.Length == 0 && RegistryOfAnotherBerth(assembly) is { } otherBerth)
        {
            throw new ManifestLoadException(WriterCodes.VersionMismatch,
                $"'{Path.GetFileName(fullPath)}' was compiled against {otherBerth}, but this process runs {typeof(ManifestEntry).Assembly.GetName()}; use the writer and the berth tool of the same Berth package version.");
        }

        var entries = new List<ManifestEntry>();
        foreach (var registry in registries.OrderBy(r => r.RegistryType.FullName, StringComparer.Ordinal))
        {
            IReadOnlyList<ManifestEntry>? list;
            try
            {
                list = registry.RegistryType.GetProperty("Entries", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as IReadOnlyList<ManifestEntry>;
            }
            catch (TargetInvocationException e)
            {
                throw new ManifestLoadException(WriterCodes.CannotRun, $"the registry {registry.RegistryType.FullName} failed: {Describe(e)}");
            }

            if (list is null)
                throw new ManifestLoadException(WriterCodes.CannotRun, $"the registry {registry.RegistryType.FullName} has no public static Entries list; rebuild with the matching Berth generator.");
            entries.AddRange(list);
        }

        return entries;
    }

    /// <summary>"InvalidOperationException: message" of the exception the user's code threw, without wrappers or stack.</summary>
    public static string Describe(Exception exception)
    {
        while (exception is TargetInvocationException or TypeInitializationException && exception.InnerException is not null)
            exception = exception.InnerException;
        return $"{exception.GetType().Name}: {exception.Message}";
    }

    private static string? RegistryOfAnotherBerth(Assembly assembly)
    {
        foreach (var data in assembly.GetCustomAttributesData())
        {
            if (data.AttributeType.FullName == typeof(ManifestRegistryAttribute).FullName && data.AttributeType != typeof(ManifestRegistryAttribute))
                return data.AttributeType.Assembly.GetName().ToString();
        }

        return null;
    }
}

/// <summary>Definitions could not be loaded from a built assembly.</summary>
public sealed class ManifestLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ManifestLoadException(string code, string message)
        : base(message) => Code = code;

    /// <summary>The build-step code: BERTH900 (cannot run) or BERTH903 (another Berth version).</summary>
    public string Code { get; }
}
