using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Client;

/// <summary>
/// The one field-by-field comparison of Kubernetes objects as JSON trees, used wherever Berth says what differs: the
/// client's diff and apply (live object against the applied one), <c>berth diff --against DIR</c> (a folder of YAML
/// against the rendered set) and <c>berth import --check</c> (the input against what the imported code renders).
/// </summary>
/// <remarks>
/// Maps compare key by key. Lists of objects are matched by their key where every element has a unique one
/// (<c>name</c>; <c>mountPath</c> for volume mounts; <c>containerPort</c>, <c>port</c> or <c>name</c> for ports;
/// <c>metadata.name</c> for claim templates), so a path names the element (<c>spec.template.spec.containers[web].image</c>)
/// and a reordering is one <c>(order)</c> change; other lists of objects compare by position; a list of scalars
/// (<c>args</c>, <c>accessModes</c>) is one value. Numbers compare by value (<c>1</c> equals <c>1.0</c>). A missing field
/// and a null one are the same; callers normalise defaults and empties first where they mean to ignore them.
/// </remarks>
public static class ManifestComparer
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The fields that differ between <paramref name="before"/> and <paramref name="after"/>, in path order.</summary>
    /// <param name="before">The object (or value) before; null when absent.</param>
    /// <param name="after">The object (or value) after; null when absent.</param>
    /// <param name="path">The path of the two values inside their objects (e.g. <c>spec.template</c>), prefixed to every change.</param>
    public static List<FieldChange> Compare(JsonNode? before, JsonNode? after, string path = "")
    {
        var changes = new List<FieldChange>();
        CompareInto(changes, before, after, path);
        return changes;
    }

    /// <summary>True when <see cref="Compare"/> finds no difference.</summary>
    public static bool AreEqual(JsonNode? before, JsonNode? after) => Compare(before, after).Count == 0;

    /// <summary>Compact JSON of a value (strings quoted), as <see cref="FieldChange"/> shows values.</summary>
    public static string Text(JsonNode? node) => node is null ? "null" : node.ToJsonString(Compact);

    private static void CompareInto(List<FieldChange> changes, JsonNode? before, JsonNode? after, string path)
    {
        if (before is null && after is null)
            return;
        if (before is JsonObject bo && after is JsonObject ao)
        {
            foreach (var key in bo.Select(p => p.Key).Union(ao.Select(p => p.Key)).OrderBy(k => k, StringComparer.Ordinal))
                CompareInto(changes, bo[key], ao[key], Join(path, key));
            return;
        }

        if (before is JsonArray ba && after is JsonArray aa)
        {
            var key = ListKey(path, ba, aa);
            if (key is not null)
            {
                var beforeByKey = ba.ToDictionary(e => KeyOf(e, key)!, e => e);
                var afterByKey = aa.ToDictionary(e => KeyOf(e, key)!, e => e);
                var order = ba.Select(e => KeyOf(e, key)!).Concat(aa.Select(e => KeyOf(e, key)!)).Distinct().ToList();
                foreach (var k in order)
                    CompareInto(changes, beforeByKey.GetValueOrDefault(k), afterByKey.GetValueOrDefault(k), $"{path}[{k}]");
                var beforeOrder = ba.Select(e => KeyOf(e, key)!).ToList();
                var afterOrder = aa.Select(e => KeyOf(e, key)!).ToList();
                var common = beforeOrder.Intersect(afterOrder).ToHashSet();
                if (!beforeOrder.Where(common.Contains).SequenceEqual(afterOrder.Where(common.Contains)))
                    changes.Add(new FieldChange(path + " (order)", string.Join(", ", beforeOrder), string.Join(", ", afterOrder)));

                return;
            }

            if (ba.All(e => e is not JsonObject and not JsonArray) && aa.All(e => e is not JsonObject and not JsonArray))
            {
                // a list of scalars (args, accessModes): one change for the whole list
                if (ba.Count != aa.Count || !ba.Zip(aa).All(p => ValueEquals(p.First, p.Second)))
                    changes.Add(new FieldChange(path, Text(ba), Text(aa)));
                return;
            }

            var count = Math.Max(ba.Count, aa.Count);
            for (var i = 0; i < count; i++)
                CompareInto(changes, i < ba.Count ? ba[i] : null, i < aa.Count ? aa[i] : null, $"{path}[{i}]");
            return;
        }

        if (!ValueEquals(before, after))
            changes.Add(new FieldChange(path.Length == 0 ? "(object)" : path, before is null ? null : Text(before), after is null ? null : Text(after)));
    }

    /// <summary>Deep equality with numbers compared by value.</summary>
    private static bool ValueEquals(JsonNode? left, JsonNode? right)
    {
        if (left is null || right is null)
            return left is null && right is null;
        if (left is JsonValue lv && right is JsonValue rv && lv.GetValueKind() == JsonValueKind.Number && rv.GetValueKind() == JsonValueKind.Number)
        {
            var l = lv.ToJsonString();
            var r = rv.ToJsonString();
            return l == r || (decimal.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out var ld)
                && decimal.TryParse(r, NumberStyles.Float, CultureInfo.InvariantCulture, out var rd) && ld == rd);
        }

        return JsonNode.DeepEquals(left, right);
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private static string? ListKey(string path, JsonArray before, JsonArray after)
    {
        var all = before.Concat(after).ToList();
        if (all.Count == 0 || !all.All(e => e is JsonObject))
            return null;
        var last = path;
        var dot = last.LastIndexOf('.');
        if (dot >= 0)
            last = last[(dot + 1)..];
        var candidates = last switch
        {
            "volumeMounts" => new[] { "mountPath" },
            "ports" => new[] { "containerPort", "port", "name" },
            "volumeClaimTemplates" => new[] { "metadata.name" },
            _ => new[] { "name" },
        };
        foreach (var candidate in candidates)
        {
            if (UniqueIn(before, candidate) && UniqueIn(after, candidate))
                return candidate;
        }

        return null;
    }

    private static bool UniqueIn(JsonArray array, string key)
    {
        var keys = array.Select(e => KeyOf(e, key)).ToList();
        return keys.All(k => k is not null) && keys.Distinct().Count() == keys.Count;
    }

    private static string? KeyOf(JsonNode? element, string key)
    {
        JsonNode? node = element;
        foreach (var part in key.Split('.'))
            node = node is JsonObject o ? o[part] : null;
        return node is JsonValue v ? v.ToString() : null;
    }
}
