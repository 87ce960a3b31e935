using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Berth.Registry;
using Berth.Planning;

namespace Berth.Cli.Definitions;

/// <summary>
/// Loads a built assembly the way the build step does, through the manifest plan's <see cref="ManifestAssembly"/>
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
        {
            var sets = ManifestsTypes(full);
            if (sets.Count == 0)
                throw new CliException($"{Path.GetFileName(full)} has no [Manifests] class; mark a static class with [Manifests] and reference the Berth package");
            var which = sets.Count == 1 ? $"the [Manifests] class {sets[0]} has" : $"the [Manifests] classes {string.Join(", ", sets)} have";
            throw new CliException($"{Path.GetFileName(full)}: {which} no apps; declare each app as a public static StatefulApp property or method (a method may take one enum parameter for variants), e.g. public static StatefulApp Postgres => StatefulApp.Named(\"postgres\")...");
        }

        return entries
            .OrderBy(e => e.SetName, StringComparer.Ordinal)
            .ThenBy(e => e.MemberName, StringComparer.Ordinal)
            .ThenBy(e => e.Variant, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The full names of the types marked [Manifests] in <paramref name="assemblyPath"/>, read from its metadata (nothing is run).</summary>
    internal static IReadOnlyList<string> ManifestsTypes(string assemblyPath)
    {
        try
        {
            using var stream = File.OpenRead(assemblyPath);
            using var pe = new PEReader(stream);
            var metadata = pe.GetMetadataReader();
            var names = new List<string>();
            foreach (var handle in metadata.TypeDefinitions)
            {
                var type = metadata.GetTypeDefinition(handle);
                if (type.GetCustomAttributes().Any(a => IsManifestsAttribute(metadata, metadata.GetCustomAttribute(a))))
                    names.Add(FullName(metadata, type));
            }

            names.Sort(StringComparer.Ordinal);
            return names;
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or InvalidOperationException)
        {
            return Array.Empty<string>();
        }
    }

    private static bool IsManifestsAttribute(MetadataReader metadata, CustomAttribute attribute)
    {
        if (attribute.Constructor.Kind != HandleKind.MemberReference)
            return false;
        var parent = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
        if (parent.Kind != HandleKind.TypeReference)
            return false;
        var type = metadata.GetTypeReference((TypeReferenceHandle)parent);
        return metadata.GetString(type.Namespace) == "Berth" && metadata.GetString(type.Name) == nameof(ManifestsAttribute);
    }

    /// <summary>"Shop.Infra" or, for a nested type, "Shop.Outer.Infra" (the C# spelling).</summary>
    private static string FullName(MetadataReader metadata, TypeDefinition type)
    {
        var name = metadata.GetString(type.Name);
        var declaring = type.GetDeclaringType();
        if (!declaring.IsNil)
            return FullName(metadata, metadata.GetTypeDefinition(declaring)) + "." + name;
        var ns = metadata.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }
}
