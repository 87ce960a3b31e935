using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Berth.Planning;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Berth.Cli.Definitions;

/// <summary>One file of <c>berth diff --against DIR</c>: what differs between the rendered set and the folder.</summary>
/// <param name="File">The path relative to the folder.</param>
/// <param name="Summary">"would be created", "differs", "no app renders it any more".</param>
/// <param name="Lines">The objects and fields that differ.</param>
internal sealed record FileDifference(string File, string Summary, IReadOnlyList<string> Lines);

/// <summary>
/// Compares a manifest plan with a folder of YAML offline (what is committed for GitOps, or an earlier build's output):
/// each file the plan would write against the file of the same path, object by object (kind, namespace, name) and field
/// by field; a file that differs only in formatting (quotes, key order, comments) is the same. Files the folder's
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

    /// <summary>The objects of a YAML stream, keyed "kind/name (namespace ns)", each as field path → scalar text.</summary>
    private static Dictionary<string, SortedDictionary<string, string>> Objects(string yaml, string where)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new CliException($"{where}: not valid YAML ({e.Message})");
        }

        var objects = new Dictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var document in stream.Documents)
        {
            var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
            Flatten(document.RootNode, string.Empty, fields);
            if (fields.Count == 0)
                continue;
            fields.TryGetValue("kind", out var kind);
            fields.TryGetValue("metadata.name", out var name);
            fields.TryGetValue("metadata.namespace", out var ns);
            var key = $"{(kind ?? "?").ToLowerInvariant()}/{name ?? "?"}{(ns is null ? string.Empty : $" (namespace {ns})")}";
            objects[key] = fields;
        }

        return objects;
    }

    private static void Flatten(YamlNode node, string path, SortedDictionary<string, string> fields)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    var name = (key as YamlScalarNode)?.Value ?? key.ToString();
                    Flatten(value, path.Length == 0 ? name : path + "." + name, fields);
                }

                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                    Flatten(sequence.Children[i], $"{path}[{i}]", fields);
                break;
            case YamlScalarNode scalar:
                fields[path] = scalar.Value ?? string.Empty;
                break;
        }
    }

    private static List<string> CompareObjects(Dictionary<string, SortedDictionary<string, string>> folder, Dictionary<string, SortedDictionary<string, string>> rendered)
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

            var fields = new List<string>();
            foreach (var path in before.Keys.Union(after.Keys).OrderBy(p => p, StringComparer.Ordinal))
            {
                var had = before.TryGetValue(path, out var old);
                var has = after.TryGetValue(path, out var value);
                if (had && has && old == value)
                    continue;
                fields.Add(!had ? $"    + {path}: {Quote(value!)}" : !has ? $"    - {path}: {Quote(old!)}" : $"    ~ {path}: {Quote(old!)} -> {Quote(value!)}");
            }

            if (fields.Count > 0)
            {
                lines.Add($"  {key}:");
                lines.AddRange(fields);
            }
        }

        return lines;
    }

    private static string Quote(string value) => JsonSerializer.Serialize(value);
}
