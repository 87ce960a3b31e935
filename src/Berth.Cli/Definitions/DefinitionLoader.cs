using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Berth.Registry;
using Berth.Writer;

namespace Berth.Cli.Definitions;

/// <summary>
/// Loads a built assembly the way the build step does, through Berth.Writer's <see cref="ManifestAssembly"/>
/// (dependencies resolved from MSBuild's reference paths; Berth and its dependencies shared with this process, so
/// the <see cref="StatefulApp"/> values the user's code returns are the ones the client takes).
/// </summary>
internal static class DefinitionLoader
{
    /// <summary>The registry entries of <paramref name="assemblyPath"/>, sorted by set and member.</summary>
    /// <exception cref="CliException">The assembly cannot be loaded, has no registry, or was compiled against another Berth.</exception>
    public static IReadOnlyList<ManifestEntry> Load(string assemblyPath, IReadOnlyList<string> referencePaths)
    {
        var full = Path.GetFullPath(assemblyPath);
        if (!File.Exists(full))
            throw new CliException($"the assembly {full} does not exist; build the project first, or pass --project");

        IReadOnlyList<ManifestEntry> entries;
        try
        {
            entries = ManifestAssembly.Load(full, referencePaths);
        }
        catch (ManifestLoadException e)
        {
            throw new CliException(e.Message.TrimEnd('.'));
        }

        if (entries.Count == 0)
            throw new CliException($"{Path.GetFileName(full)} has no [Manifests] definitions (no generated registry); mark a static class with [Manifests] and reference the Berth package");

        return entries
            .OrderBy(e => e.SetName, StringComparer.Ordinal)
            .ThenBy(e => e.MemberName, StringComparer.Ordinal)
            .ThenBy(e => e.Variant, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>"InvalidOperationException: message" of what the user's code threw, without reflection wrappers.</summary>
    public static string Describe(Exception exception) => ManifestAssembly.Describe(exception);
}
