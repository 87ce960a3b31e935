using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;

namespace Berth.Client.Internal;

/// <summary>Normalising, comparing and printing Kubernetes objects as JSON trees.</summary>
internal static class JsonTools
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] NoisyMetadata =
    {
        "managedFields", "resourceVersion", "uid", "generation", "creationTimestamp", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds",
    };

    private static readonly string[] NoisyAnnotations =
    {
        "kubectl.kubernetes.io/last-applied-configuration", "deprecated.daemonset.template.generation",
    };

    /// <summary>
    /// A copy without what changes on every write or belongs to the server: status, managed fields, resource
    /// version, uid, generation, timestamps, kubectl's last-applied annotation; nested template metadata too.
    /// </summary>
    public static JsonObject Normalize(JsonObject obj)
    {
        var copy = obj.DeepClone().AsObject();
        copy.Remove("status");
        if (copy["metadata"] is JsonObject meta)
            CleanMetadata(meta);
        if (copy["spec"] is JsonObject spec)
        {
            if (spec["template"]?["metadata"] is JsonObject templateMeta)
                CleanMetadata(templateMeta);
            if (spec["volumeClaimTemplates"] is JsonArray claims)
            {
                foreach (var claim in claims.OfType<JsonObject>())
                {
                    claim.Remove("status");
                    claim.Remove("apiVersion");
                    claim.Remove("kind");
                    if (claim["metadata"] is JsonObject claimMeta)
                        CleanMetadata(claimMeta);
                }
            }
        }

        return copy;
    }

    private static void CleanMetadata(JsonObject meta)
    {
        foreach (var key in NoisyMetadata)
            meta.Remove(key);
        if (meta["annotations"] is JsonObject annotations)
        {
            foreach (var key in NoisyAnnotations)
                annotations.Remove(key);
            if (annotations.Count == 0)
                meta.Remove("annotations");
        }

        if (meta["labels"] is JsonObject { Count: 0 })
            meta.Remove("labels");
    }

    /// <summary>Field-level differences, list elements matched by their key (name, mountPath, port...).</summary>
    public static List<FieldChange> Compare(JsonNode? before, JsonNode? after, string path = "")
    {
        var changes = new List<FieldChange>();
        CompareInto(changes, before, after, path);
        return changes;
    }

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
                if (!JsonNode.DeepEquals(ba, aa))
                    changes.Add(new FieldChange(path, Text(ba), Text(aa)));
                return;
            }

            var count = Math.Max(ba.Count, aa.Count);
            for (var i = 0; i < count; i++)
                CompareInto(changes, i < ba.Count ? ba[i] : null, i < aa.Count ? aa[i] : null, $"{path}[{i}]");
            return;
        }

        if (!JsonNode.DeepEquals(before, after))
            changes.Add(new FieldChange(path.Length == 0 ? "(object)" : path, before is null ? null : Text(before), after is null ? null : Text(after)));
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private static string? ListKey(string path, JsonArray before, JsonArray after)
    {
        var all = before.Concat(after).ToList();
        if (all.Count == 0 || !all.All(e => e is JsonObject))
            return null;
        var last = path;
        var bracket = last.LastIndexOf('.');
        if (bracket >= 0)
            last = last[(bracket + 1)..];
        var candidates = last switch
        {
            "volumeMounts" => new[] { "mountPath" },
            "ports" => new[] { "containerPort", "port", "name" },
            "volumeClaimTemplates" => new[] { "metadata.name" },
            "env" => new[] { "name" },
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

    /// <summary>Compact JSON of a value, strings quoted.</summary>
    public static string Text(JsonNode? node) => node is null ? "null" : node.ToJsonString(Compact);

    // ------------------------------------------------------------------ printing

    /// <summary>Prints an object as YAML (keys sorted), for unified diffs.</summary>
    public static string ToYaml(JsonNode? node) => node is null ? string.Empty : KubernetesYaml.Serialize(ToPlain(node));

    private static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => new SortedDictionary<string, object?>(o.ToDictionary(p => p.Key, p => ToPlain(p.Value)), StringComparer.Ordinal),
        JsonArray a => a.Select(ToPlain).ToList(),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        JsonValue v => v.ToString(),
        _ => node.ToJsonString(),
    };

    /// <summary>A unified diff of two texts (like <c>diff -u</c>) with <paramref name="context"/> lines around changes.</summary>
    public static string UnifiedDiff(string before, string after, string beforeLabel, string afterLabel, int context = 3)
    {
        var a = SplitLines(before);
        var b = SplitLines(after);
        var ops = LineOps(a, b);
        if (ops.All(o => o.Kind == ' '))
            return string.Empty;

        var sb = new StringBuilder();
        sb.Append("--- ").AppendLine(beforeLabel);
        sb.Append("+++ ").AppendLine(afterLabel);
        var i = 0;
        while (i < ops.Count)
        {
            if (ops[i].Kind == ' ')
            {
                i++;
                continue;
            }

            var start = Math.Max(0, i - context);
            var end = i;
            // extend the hunk while changes are within 2*context lines of each other
            var lastChange = i;
            while (end < ops.Count)
            {
                if (ops[end].Kind != ' ')
                    lastChange = end;
                else if (end - lastChange > 2 * context)
                    break;
                end++;
            }

            end = Math.Min(ops.Count, lastChange + context + 1);
            var aStart = ops.Take(start).Count(o => o.Kind != '+');
            var bStart = ops.Take(start).Count(o => o.Kind != '-');
            var hunk = ops.Skip(start).Take(end - start).ToList();
            sb.Append("@@ -").Append(aStart + 1).Append(',').Append(hunk.Count(o => o.Kind != '+'))
              .Append(" +").Append(bStart + 1).Append(',').Append(hunk.Count(o => o.Kind != '-')).AppendLine(" @@");
            foreach (var op in hunk)
                sb.Append(op.Kind).AppendLine(op.Line);
            i = end;
        }

        return sb.ToString();
    }

    private static string[] SplitLines(string text) =>
        text.Length == 0 ? Array.Empty<string>() : text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');

    private static List<(char Kind, string Line)> LineOps(string[] a, string[] b)
    {
        // longest common subsequence table, then walk it
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        }

        var ops = new List<(char, string)>();
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (a[x] == b[y])
            {
                ops.Add((' ', a[x]));
                x++;
                y++;
            }
            else if (lcs[x + 1, y] >= lcs[x, y + 1])
            {
                ops.Add(('-', a[x++]));
            }
            else
            {
                ops.Add(('+', b[y++]));
            }
        }

        while (x < a.Length)
            ops.Add(('-', a[x++]));
        while (y < b.Length)
            ops.Add(('+', b[y++]));
        return ops;
    }
}
