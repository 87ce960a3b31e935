using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Berth.Rules;

namespace Berth.Cli.Definitions;

/// <summary>
/// Apps that are validated and written together, as the build does: per [Manifests] set, and for a set with variants
/// (when no --variant was chosen) once per variant, with the set's apps without variants in each.
/// </summary>
/// <param name="SetName">The [Manifests] type.</param>
/// <param name="Folder">The variant folder ("" for none).</param>
/// <param name="Apps">The apps.</param>
internal sealed record AppGroup(string SetName, string Folder, IReadOnlyList<DefinedApp> Apps)
{
    /// <summary>Groups <paramref name="selected"/>; <paramref name="variant"/> is the chosen variant, if any ("" for one group per set whatever its variants).</summary>
    public static IReadOnlyList<AppGroup> Of(AppCatalog catalog, IReadOnlyList<DefinedApp> selected, string? variant)
    {
        var groups = new List<AppGroup>();
        foreach (var set in selected.GroupBy(a => a.Entry?.SetName ?? string.Empty).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var variants = catalog.Entries.Where(e => e.SetName == set.Key).Select(e => e.Variant).OfType<string>().Distinct().OrderBy(v => v, StringComparer.Ordinal).ToList();
            if (variant is not null || variants.Count == 0)
            {
                groups.Add(new AppGroup(set.Key, string.Empty, set.ToList()));
                continue;
            }

            foreach (var v in variants)
            {
                var apps = set.Where(a => a.Variant is null || a.Variant == v).ToList();
                if (apps.Count > 0)
                    groups.Add(new AppGroup(set.Key, v, apps));
            }
        }

        return groups;
    }

    /// <summary>The rule violations of the group, each with the app it is about.</summary>
    public IReadOnlyList<(RuleViolation Violation, DefinedApp Owner)> Validate()
    {
        var built = Apps.Select(a => (App: a, Names: a.App.Build().Objects.Select(o => o.Metadata?.Name).OfType<string>().ToHashSet(StringComparer.Ordinal))).ToList();
        var violations = new ManifestSet(Apps.Select(a => a.App)).Validate();
        return violations.Select(v =>
        {
            var name = v.ObjectName[(v.ObjectName.LastIndexOf('/') + 1)..];
            var owner = built.FirstOrDefault(b => b.App.Name == name).App
                        ?? built.FirstOrDefault(b => b.Names.Contains(name)).App
                        ?? built.FirstOrDefault(b => name.StartsWith(b.App.Name + "-", StringComparison.Ordinal)).App
                        ?? Apps[0];
            return (v, owner);
        }).ToList();
    }

    /// <summary>File names in the build's layout: <c>[variant/]app.yaml</c>, or <c>[variant/]namespace.app.yaml</c> where two apps of a folder share a name.</summary>
    public static IReadOnlyList<(DefinedApp App, string File)> FileNames(IEnumerable<AppGroup> groups)
    {
        var files = new List<(DefinedApp App, string File)>();
        foreach (var folder in groups.SelectMany(g => g.Apps.Select(a => (g.Folder, App: a))).GroupBy(x => x.Folder))
        {
            foreach (var sameName in folder.GroupBy(x => x.App.Name))
            {
                var qualify = sameName.Count() > 1;
                foreach (var (_, app) in sameName)
                {
                    var name = qualify ? $"{app.App.Namespace ?? "default"}.{app.Name}" : app.Name;
                    files.Add((app, (folder.Key.Length > 0 ? folder.Key + "/" : string.Empty) + name + ".yaml"));
                }
            }
        }

        var clash = files.GroupBy(f => f.File).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new CliException($"{string.Join(" and ", clash.Select(c => c.App.Member))} are the same app \"{clash.First().App.Name}\" and would write {clash.Key}; give one of them another name");
        return files;
    }

    /// <summary>
    /// "Database.cs(12,1)": the registry's source path (relative to the project since the generator stopped recording
    /// machine paths) resolved against <paramref name="projectDirectory"/> when known, then shown relative to
    /// <paramref name="directory"/> when inside it; the member name when the source is unknown.
    /// </summary>
    public static string Location(DefinedApp app, string directory, string? projectDirectory)
    {
        if (app.Entry is not { SourceFile: { Length: > 0 } file } entry)
            return app.Member;
        var full = Path.IsPathRooted(file) ? file : projectDirectory is null ? null : Path.GetFullPath(file, projectDirectory);
        var shown = full is null ? file
            : full.StartsWith(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? Path.GetRelativePath(directory, full)
            : full;
        return entry.SourceLine > 0 ? $"{shown}({entry.SourceLine},1)" : shown;
    }
}
