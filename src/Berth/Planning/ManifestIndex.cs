using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace Berth.Planning;

/// <summary>One object written to a file.</summary>
internal sealed record IndexObject(string Kind, string? Namespace, string Name);

/// <summary>One file written for one app.</summary>
internal sealed record IndexFile(string Set, string Member, string? Variant, string File, string? Source, IReadOnlyList<IndexObject> Objects);

/// <summary>What index.json says: the project that owns the folder, whether the last run succeeded, and its files.</summary>
/// <param name="Owner">The project file that wrote the folder, or null (an index of an older writer, or none).</param>
/// <param name="Failed">The sets whose definitions had errors in the last run (their files were removed).</param>
/// <param name="Files">The files written.</param>
internal sealed record IndexContent(string? Owner, IReadOnlyList<string> Failed, IReadOnlyList<IndexFile> Files)
{
    public static readonly IndexContent Empty = new(null, Array.Empty<string>(), Array.Empty<IndexFile>());
}

/// <summary>
/// <c>index.json</c> in the output folder: the project that owns the folder, the status of the last run
/// (<c>"ok"</c>, or <c>"failed"</c> with the sets that had errors: their files are removed, so a deploy step never
/// takes a stale file for a current one), and every file the writer wrote, with the app that produced it. It is
/// also how the next run knows which files it may delete when an app is removed or renamed.
/// </summary>
internal static class ManifestIndex
{
    public const string FileName = "index.json";

    public static IndexContent Read(string outputDirectory)
    {
        var path = Path.Combine(outputDirectory, FileName);
        if (!File.Exists(path))
            return IndexContent.Empty;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            var owner = root.TryGetProperty("owner", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
            var failed = root.TryGetProperty("failed", out var f) && f.ValueKind == JsonValueKind.Array
                ? f.EnumerateArray().Select(s => s.GetString() ?? string.Empty).ToArray()
                : Array.Empty<string>();
            var files = new List<IndexFile>();
            foreach (var item in root.GetProperty("files").EnumerateArray())
            {
                var file = item.GetProperty("file").GetString();
                if (file is null || !IsSafeRelativePath(file))
                    continue;
                files.Add(new IndexFile(
                    item.GetProperty("set").GetString() ?? string.Empty,
                    item.GetProperty("member").GetString() ?? string.Empty,
                    item.TryGetProperty("variant", out var variant) ? variant.GetString() : null,
                    file,
                    item.TryGetProperty("source", out var source) ? source.GetString() : null,
                    item.TryGetProperty("objects", out var objects)
                        ? objects.EnumerateArray().Select(o => new IndexObject(
                            o.GetProperty("kind").GetString() ?? string.Empty,
                            o.TryGetProperty("namespace", out var ns) ? ns.GetString() : null,
                            o.GetProperty("name").GetString() ?? string.Empty)).ToArray()
                        : Array.Empty<IndexObject>()));
            }
            return new IndexContent(owner, failed, files);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return IndexContent.Empty; // not ours, or damaged: delete nothing
        }
    }

    /// <summary>A relative path with forward slashes that stays inside the output folder.</summary>
    public static bool IsSafeRelativePath(string file) =>
        file.Length > 0 && !Path.IsPathRooted(file) && !file.Contains('\\') && file.Split('/').All(s => s.Length > 0 && s != "." && s != "..");

    public static byte[] Serialize(IEnumerable<IndexFile> files, string? owner, IReadOnlyCollection<string> failed)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("writer", "Berth.Writer");
            if (owner is not null)
                json.WriteString("owner", owner);
            json.WriteString("status", failed.Count == 0 ? "ok" : "failed");
            json.WriteStartArray("failed");
            foreach (var set in failed.OrderBy(s => s, StringComparer.Ordinal))
                json.WriteStringValue(set);
            json.WriteEndArray();
            json.WriteStartArray("files");
            foreach (var file in files.OrderBy(f => f.File, StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("set", file.Set);
                json.WriteString("member", file.Member);
                if (file.Variant is null) json.WriteNull("variant"); else json.WriteString("variant", file.Variant);
                json.WriteString("file", file.File);
                if (file.Source is null) json.WriteNull("source"); else json.WriteString("source", file.Source);
                json.WriteStartArray("objects");
                foreach (var o in file.Objects)
                {
                    json.WriteStartObject();
                    json.WriteString("kind", o.Kind);
                    if (o.Namespace is null) json.WriteNull("namespace"); else json.WriteString("namespace", o.Namespace);
                    json.WriteString("name", o.Name);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }
}
