using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;

namespace Berth.Planning;

/// <summary>
/// Loads the user's built assembly and resolves its dependencies from the reference paths MSBuild knows
/// (<c>@(ReferenceCopyLocalPaths)</c>, <c>@(ReferencePath)</c>), never from guessed probe folders. Berth and
/// its own dependencies (everything beside the writer) come from the default context, so that the
/// <see cref="Registry.ManifestEntry"/> and <see cref="StatefulApp"/> types the user's code returns are the
/// ones the writer knows.
/// </summary>
internal sealed class ProjectLoadContext : AssemblyLoadContext
{
    private readonly Dictionary<string, string> _paths = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _shared = new(StringComparer.OrdinalIgnoreCase);

    public ProjectLoadContext(string assemblyPath, IEnumerable<string> referencePaths)
        : base("Berth project", isCollectible: false)
    {
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll"))
            _shared.Add(Path.GetFileNameWithoutExtension(file));
        var platform = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var file in platform)
            _shared.Add(Path.GetFileNameWithoutExtension(file));

        // First path wins; reference assemblies (…/ref/…, …/refint/…) cannot run and are skipped.
        foreach (var path in referencePaths)
        {
            if (!path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || IsReferenceAssemblyPath(path) || !File.Exists(path))
                continue;
            _paths.TryAdd(Path.GetFileNameWithoutExtension(path), path);
        }
        // Last resort: the folder of the built assembly (an exe's bin folder has every dependency).
        var directory = Path.GetDirectoryName(Path.GetFullPath(assemblyPath))!;
        foreach (var file in Directory.EnumerateFiles(directory, "*.dll"))
            _paths.TryAdd(Path.GetFileNameWithoutExtension(file), file);
    }

    internal static bool IsReferenceAssemblyPath(string path)
    {
        var segments = path.Replace('\\', '/').Split('/');
        return segments.Take(segments.Length - 1).Any(s => s is "ref" or "refint");
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var name = assemblyName.Name;
        if (name is null || _shared.Contains(name))
            return null; // the default context: Berth, its dependencies and the framework
        return _paths.TryGetValue(name, out var path) ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var candidates = new[] { unmanagedDllName, unmanagedDllName + ".so", "lib" + unmanagedDllName + ".so", unmanagedDllName + ".dylib", unmanagedDllName + ".dll" };
        foreach (var path in _paths.Values.Select(Path.GetDirectoryName).Distinct())
            foreach (var candidate in candidates)
                if (path is not null && File.Exists(Path.Combine(path, candidate)))
                    return LoadUnmanagedDllFromPath(Path.Combine(path, candidate));
        return IntPtr.Zero;
    }
}
