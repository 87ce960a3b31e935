using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;

namespace Berth.Client.Internal;

/// <summary>Normalising and printing Kubernetes objects as JSON trees (comparing them is <see cref="ManifestComparer"/>).</summary>
internal static class JsonTools
{
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
