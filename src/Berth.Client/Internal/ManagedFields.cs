using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Client.Internal;

/// <summary>One <c>metadata.managedFields</c> entry: a field manager, how it wrote (Apply or Update) and the fields it owns (fieldsV1).</summary>
internal sealed record ManagedFieldsEntry(string Manager, string Operation, string? ApiVersion, JsonObject Fields)
{
    public bool IsApply => Operation == "Apply";
}

/// <summary>One step of a field path: a field, a list element (by key, index or value).</summary>
internal abstract record PathStep;

/// <summary>A field of an object or a key of a map.</summary>
internal sealed record FieldStep(string Name) : PathStep;

/// <summary>The list element whose fields have these values (all of them; other fields of the element may be anything).</summary>
internal sealed record KeyStep(JsonObject Key) : PathStep;

/// <summary>The list element at this position.</summary>
internal sealed record IndexStep(int Index) : PathStep;

/// <summary>The element of a list of scalars (a set) with this value.</summary>
internal sealed record ValueStep(JsonNode? Value) : PathStep;

/// <summary>
/// Who owns which field of a live object, read from its <c>metadata.managedFields</c> (fieldsV1: <c>f:spec</c>,
/// <c>k:{"name":"web"}</c>, <c>v:"x"</c>, <c>i:0</c>, <c>.</c> for the node itself). Paths come in Berth's notation
/// (<see cref="FieldChange.Path"/>: <c>spec.template.spec.containers[web].image</c>) or the API server's
/// (conflict causes: <c>.spec.template.spec.containers[name="web"].image</c>); map keys may contain dots
/// (<c>metadata.labels.app.kubernetes.io/name</c>), so both are read against the live object.
/// </summary>
internal static class ManagedFields
{
    /// <summary>The entries of <c>metadata.managedFields</c> that carry fieldsV1.</summary>
    public static IReadOnlyList<ManagedFieldsEntry> Entries(JsonObject obj) =>
        (obj["metadata"]?["managedFields"] as JsonArray ?? new JsonArray())
            .OfType<JsonObject>()
            .Where(e => e["fieldsV1"] is JsonObject && e["manager"] is not null)
            .Select(e => new ManagedFieldsEntry(e["manager"]!.ToString(), e["operation"]?.ToString() ?? "Update", e["apiVersion"]?.ToString(), e["fieldsV1"]!.AsObject()))
            .ToList();

    /// <summary>The entries that own the field at <paramref name="path"/> of <paramref name="live"/> (or something inside it).</summary>
    public static IReadOnlyList<ManagedFieldsEntry> OwnersOf(JsonObject live, IReadOnlyList<PathStep> path) =>
        Entries(live).Where(e => Owns(e.Fields, live, path)).ToList();

    /// <summary>The value at <paramref name="path"/>, or null when absent.</summary>
    public static JsonNode? ValueAt(JsonNode? node, IReadOnlyList<PathStep> path)
    {
        foreach (var step in path)
        {
            node = Child(node, step);
            if (node is null)
                return null;
        }

        return node;
    }

    // ------------------------------------------------------------------ ownership

    private static bool Owns(JsonObject tree, JsonNode? node, IReadOnlyList<PathStep> path)
    {
        JsonObject current = tree;
        foreach (var step in path)
        {
            if (current.Count == 0)
                return true; // a leaf: the manager owns the whole value (a scalar, an atomic list or map)
            var element = Child(node, step);
            var next = TreeChild(current, node, step, element);
            if (next is null)
                return false;
            current = next;
            node = element;
        }

        return true;
    }

    /// <summary>The fieldsV1 node for <paramref name="step"/> under <paramref name="tree"/>, given the live parent and child.</summary>
    private static JsonObject? TreeChild(JsonObject tree, JsonNode? parent, PathStep step, JsonNode? child)
    {
        switch (step)
        {
            case FieldStep f:
                return tree["f:" + f.Name] as JsonObject;
            case ValueStep v:
                return tree.Where(p => p.Key.StartsWith("v:", StringComparison.Ordinal) && JsonNode.DeepEquals(ParseJson(p.Key[2..]), v.Value)).Select(p => p.Value).OfType<JsonObject>().FirstOrDefault();
            default:
                // a list element: by its key fields, else by its position
                if (child is JsonObject element)
                {
                    foreach (var (name, value) in tree)
                    {
                        if (name.StartsWith("k:", StringComparison.Ordinal) && ParseJson(name[2..]) is JsonObject key
                            && key.All(k => JsonNode.DeepEquals(k.Value, element[k.Key])))
                            return value as JsonObject;
                    }
                }

                var index = step is IndexStep i ? i.Index : parent is JsonArray list && child is not null ? list.IndexOf(child) : -1;
                return index >= 0 ? tree["i:" + index] as JsonObject : null;
        }
    }

    private static JsonNode? Child(JsonNode? node, PathStep step) => step switch
    {
        FieldStep f => node is JsonObject o ? o[f.Name] : null,
        IndexStep i => node is JsonArray a && i.Index >= 0 && i.Index < a.Count ? a[i.Index] : null,
        KeyStep k => node is JsonArray a ? a.OfType<JsonObject>().FirstOrDefault(e => k.Key.All(p => SameKeyValue(p.Value, e[p.Key]))) : null,
        ValueStep v => node is JsonArray a ? a.FirstOrDefault(e => JsonNode.DeepEquals(e, v.Value)) : null,
        _ => null,
    };

    /// <summary>Key values compared as JSON, or as text (Berth's paths carry <c>[8080]</c> for <c>containerPort: 8080</c>).</summary>
    private static bool SameKeyValue(JsonNode? key, JsonNode? value) =>
        JsonNode.DeepEquals(key, value) || (key is JsonValue && value is JsonValue && key.ToString() == value.ToString());

    private static JsonNode? ParseJson(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // ------------------------------------------------------------------ conflicts predicted without asking the server

    /// <summary>
    /// True when applying <paramref name="desired"/> may conflict: a field it sets has another value live and an
    /// owner other than <paramref name="fieldManager"/>'s own Apply entry. Only a hint that decides whether the
    /// server is asked (a dry run); the server's answer is what counts.
    /// </summary>
    public static bool MayConflict(JsonObject live, JsonObject desired, string fieldManager)
    {
        var desiredCopy = desired.DeepClone().AsObject();
        desiredCopy.Remove("apiVersion");
        desiredCopy.Remove("kind");
        if (desiredCopy["metadata"] is JsonObject meta)
        {
            meta.Remove("name");
            meta.Remove("namespace");
        }

        return Entries(live).Any(e => !(e.IsApply && e.Manager == fieldManager) && Differs(desiredCopy, live, e.Fields));
    }

    /// <summary>True when a field of <paramref name="desired"/> owned in <paramref name="tree"/> has another value in <paramref name="live"/>.</summary>
    private static bool Differs(JsonNode? desired, JsonNode? live, JsonObject tree)
    {
        if (tree.Count == 0)
            return !JsonNode.DeepEquals(desired, live); // owned as a whole: a scalar, an atomic list or map
        switch (desired)
        {
            case JsonObject d:
                return d.Any(p => tree["f:" + p.Key] is JsonObject child && Differs(p.Value, (live as JsonObject)?[p.Key], child));
            case JsonArray d:
                for (var i = 0; i < d.Count; i++)
                {
                    if (d[i] is not JsonObject element)
                        continue; // a set of scalars: values are merged, never taken from another manager
                    var (key, child) = tree.Where(p => p.Key.StartsWith("k:", StringComparison.Ordinal))
                        .Select(p => (Key: ParseJson(p.Key[2..]) as JsonObject, Tree: p.Value as JsonObject))
                        .FirstOrDefault(p => p.Key is not null && p.Key.All(k => JsonNode.DeepEquals(k.Value, element[k.Key])));
                    var liveElement = key is null ? null : Child(live, new KeyStep(key));
                    if (child is null && tree["i:" + i] is JsonObject byIndex)
                    {
                        child = byIndex;
                        liveElement = Child(live, new IndexStep(i));
                    }

                    if (child is not null && Differs(element, liveElement, child))
                        return true;
                }

                return false;
            default:
                return !JsonNode.DeepEquals(desired, live);
        }
    }

    // ------------------------------------------------------------------ parsing paths

    /// <summary>
    /// Reads a path in Berth's notation (<see cref="FieldChange.Path"/>) against <paramref name="live"/>:
    /// <c>[x]</c> is the element whose name, mountPath, containerPort, port or metadata.name is x, else element x.
    /// </summary>
    public static IReadOnlyList<PathStep> ParseBerthPath(string path, JsonNode? live)
    {
        if (path.EndsWith(" (order)", StringComparison.Ordinal))
            path = path[..^" (order)".Length];
        return ParsePath(path, live, static (p, open) => p.IndexOf(']', open) is var end and >= 0 ? end : p.Length, BerthElement);
    }

    /// <summary>
    /// The steps of <paramref name="path"/> read against <paramref name="live"/>: fields separated by dots, and
    /// <c>[...]</c> elements, which <paramref name="closingBracket"/> delimits and <paramref name="element"/> reads
    /// (given the list the element is in).
    /// </summary>
    private static IReadOnlyList<PathStep> ParsePath(string path, JsonNode? live, Func<string, int, int> closingBracket, Func<JsonNode?, string, PathStep> element)
    {
        var steps = new List<PathStep>();
        var node = live;
        var pos = 0;
        while (pos < path.Length)
        {
            PathStep step;
            if (path[pos] == '[')
            {
                var end = closingBracket(path, pos);
                var text = path[(pos + 1)..end];
                pos = Math.Min(path.Length, end + 1);
                step = element(node, text);
            }
            else
            {
                if (path[pos] == '.')
                    pos++;
                var name = FieldName(node, path, pos);
                pos += name.Length;
                step = new FieldStep(name);
            }

            steps.Add(step);
            node = Child(node, step);
        }

        return steps;
    }

    private static readonly string[] ElementKeys = { "name", "mountPath", "containerPort", "port" };

    private static PathStep BerthElement(JsonNode? list, string text)
    {
        if (list is JsonArray array)
        {
            foreach (var key in ElementKeys)
            {
                if (array.OfType<JsonObject>().FirstOrDefault(e => e[key] is JsonValue v && v.ToString() == text) is { } match)
                    return new KeyStep(new JsonObject { [key] = match[key]!.DeepClone() });
            }

            if (array.OfType<JsonObject>().FirstOrDefault(e => e["metadata"]?["name"] is JsonValue v && v.ToString() == text) is { } claim)
                return new IndexStep(array.IndexOf(claim));
        }

        return int.TryParse(text, out var index) ? new IndexStep(index) : new KeyStep(new JsonObject { ["name"] = text });
    }

    /// <summary>
    /// Reads a path in the API server's notation (<c>.spec.containers[name="web"].image</c>, <c>[containerPort=80,protocol="TCP"]</c>,
    /// <c>[=value]</c>, <c>[0]</c>) against <paramref name="live"/>.
    /// </summary>
    public static IReadOnlyList<PathStep> ParseServerPath(string path, JsonNode? live) =>
        ParsePath(path, live, ClosingBracket, static (_, text) =>
            text.StartsWith('=') ? new ValueStep(ParseJson(text[1..]) ?? JsonValue.Create(text[1..]))
            : int.TryParse(text, out var index) ? new IndexStep(index)
            : new KeyStep(ParseKey(text)));

    /// <summary>The end of <c>[...]</c>, skipping brackets inside quoted strings.</summary>
    private static int ClosingBracket(string path, int open)
    {
        var quoted = false;
        for (var i = open + 1; i < path.Length; i++)
        {
            var c = path[i];
            if (quoted && c == '\\')
                i++;
            else if (c == '"')
                quoted = !quoted;
            else if (c == ']' && !quoted)
                return i;
        }

        return path.Length;
    }

    /// <summary><c>name="web"</c> or <c>containerPort=80,protocol="TCP"</c> as a JSON object.</summary>
    private static JsonObject ParseKey(string text)
    {
        var key = new JsonObject();
        var pos = 0;
        while (pos < text.Length)
        {
            var eq = text.IndexOf('=', pos);
            if (eq < 0)
                break;
            var name = text[pos..eq];
            var end = eq + 1;
            if (end < text.Length && text[end] == '"')
            {
                end++;
                while (end < text.Length && text[end] != '"')
                    end += text[end] == '\\' ? 2 : 1;
                end = Math.Min(text.Length, end + 1);
            }
            else
            {
                while (end < text.Length && text[end] != ',')
                    end++;
            }

            var raw = text[(eq + 1)..end];
            key[name] = ParseJson(raw) ?? JsonValue.Create(raw);
            pos = end + 1;
        }

        return key;
    }

    /// <summary>The field name at <paramref name="pos"/>: the longest key of the live object that fits, else up to the next '.' or '['.</summary>
    private static string FieldName(JsonNode? node, string path, int pos)
    {
        if (node is JsonObject obj)
        {
            var best = obj.Select(p => p.Key)
                .Where(k => string.CompareOrdinal(path, pos, k, 0, k.Length) == 0 && (pos + k.Length == path.Length || path[pos + k.Length] is '.' or '['))
                .OrderByDescending(k => k.Length)
                .FirstOrDefault();
            if (best is not null)
                return best;
        }

        var end = path.IndexOfAny(new[] { '.', '[' }, pos);
        return end < 0 ? path[pos..] : path[pos..end];
    }

    /// <summary>A path in the API server's notation without the leading dot, as Berth prints it.</summary>
    public static string Display(string serverPath) => serverPath.StartsWith('.') ? serverPath[1..] : serverPath;
}
