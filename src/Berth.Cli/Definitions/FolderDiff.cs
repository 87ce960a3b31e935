using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Client;
using Berth.Planning;
using YamlDotNet.Core;

namespace Berth.Cli.Definitions;

/// <summary>One file of <c>berth diff --against DIR</c>: what differs between the rendered set and the folder.</summary>
/// <param name="File">The path relative to the folder.</param>
/// <param name="Summary">"would be created", "differs", "no app renders it any more".</param>
/// <param name="Lines">The objects and fields that differ.</param>
internal sealed record FileDifference(string File, string Summary, IReadOnlyList<string> Lines);

/// <summary>
/// Compares a manifest plan with a folder of YAML offline (what is committed for GitOps, or an earlier build's output):
/// each file the plan would write against the file of the same path, object by object (kind, namespace, name) and field
/// by field with <see cref="ManifestComparer"/> (as <c>berth diff</c> compares live objects); a file that differs only in
/// formatting (quotes, key order, comments, flow or block style) is the same. Files the folder's
/// index.json lists, or without an index every *.yaml / *.yml file, that the plan would not write are reported too.
/// </summary>
internal static class FolderDiff
{
    public static IReadOnlyList<FileDifference> Compare(ManifestPlan plan, string directory)
    {
        if (!Directory.Exists(directory))
            throw new CliException($"--against {directory}: no such folder");
        var differences = new List<FileDifference>();
        var planned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in plan.Files)
        {
            planned.Add(file.File);
            var path = Path.Combine(directory, file.File);
            var rendered = file.App.Yaml;
            if (!File.Exists(path))
            {
                differences.Add(new FileDifference(file.File, "would be created", Objects(Encoding.UTF8.GetString(rendered), file.File).Keys.Select(k => "  + " + k).ToList()));
                continue;
            }

            var existing = File.ReadAllBytes(path);
            if (existing.AsSpan().SequenceEqual(rendered))
                continue;
            var lines = CompareObjects(Objects(Encoding.UTF8.GetString(existing), path), Objects(Encoding.UTF8.GetString(rendered), file.File));
            if (lines.Count > 0)
                differences.Add(new FileDifference(file.File, "differs", lines));
        }

        foreach (var stale in FilesOf(directory).Where(f => !planned.Contains(f)))
            differences.Add(new FileDifference(stale, "no app renders it any more", Array.Empty<string>()));
        return differences;
    }

    /// <summary>The Berth files of the folder: those its index.json lists, else every YAML file in it (relative, '/').</summary>
    private static IEnumerable<string> FilesOf(string directory)
    {
        var index = Path.Combine(directory, ManifestOutput.IndexFileName);
        if (File.Exists(index))
        {
            try
            {
                using var json = JsonDocument.Parse(File.ReadAllBytes(index));
                return json.RootElement.GetProperty("files").EnumerateArray()
                    .Select(f => f.GetProperty("file").GetString())
                    .OfType<string>()
                    .Where(f => File.Exists(Path.Combine(directory, f)))
                    .OrderBy(f => f, StringComparer.Ordinal)
                    .ToList();
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new CliException($"--against {directory}: its {ManifestOutput.IndexFileName} cannot be read ({e.Message}); delete it to compare every YAML file of the folder");
            }
        }

        return Directory.EnumerateFiles(directory, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/'))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The objects of a YAML stream (read as kubectl reads it), keyed "kind/name (namespace ns)".</summary>
    private static Dictionary<string, JsonObject> Objects(string yaml, string where)
    {
        List<JsonNode> documents;
        try
        {
            documents = YamlTree.Documents(yaml);
        }
        catch (YamlException e)
        {
            throw new CliException($"{where}: not valid YAML ({e.Message})");
        }

        var objects = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var obj in documents.OfType<JsonObject>().Where(o => o.Count > 0))
        {
            var kind = (obj["kind"] as JsonValue)?.ToString();
            var name = (obj["metadata"]?["name"] as JsonValue)?.ToString();
            var ns = (obj["metadata"]?["namespace"] as JsonValue)?.ToString();
            objects[$"{(kind ?? "?").ToLowerInvariant()}/{name ?? "?"}{(ns is null ? string.Empty : $" (namespace {ns})")}"] = obj;
        }

        return objects;
    }

    private static List<string> CompareObjects(Dictionary<string, JsonObject> folder, Dictionary<string, JsonObject> rendered)
    {
        var lines = new List<string>();
        foreach (var key in folder.Keys.Union(rendered.Keys).OrderBy(k => k, StringComparer.Ordinal))
        {
            if (!folder.TryGetValue(key, out var before))
            {
                lines.Add($"  + {key}: not in the folder");
                continue;
            }

            if (!rendered.TryGetValue(key, out var after))
            {
                lines.Add($"  - {key}: only in the folder");
                continue;
            }

            var changes = ManifestComparer.Compare(before, after);
            if (changes.Count == 0)
                continue;
            lines.Add($"  {key}:");
            lines.AddRange(changes.Select(c => c.Kind switch
            {
                FieldChangeKind.Added => $"    + {c.Path}: {c.After}",
                FieldChangeKind.Removed => $"    - {c.Path}: {c.Before}",
                _ => $"    ~ {c.Path}: {c.Before} -> {c.After}",
            }));
        }

        return lines;
    }
}
