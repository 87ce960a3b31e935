using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using Berth.Rules;
using k8s.Models;

namespace Berth.Client.Internal;

/// <summary>
/// Finds changes a StatefulSet update cannot make: the always-immutable selector, serviceName,
/// podManagementPolicy and volumeClaimTemplates, plus every other spec field outside the server's mutable list.
/// </summary>
internal static class ImmutableFields
{
    private const string None = "(none)";

    /// <summary>Spec fields checked beyond the always-immutable four, with their server default.</summary>
    private static readonly (string Field, JsonNode? Default)[] Others =
    {
        ("revisionHistoryLimit", JsonValue.Create(10)),
        ("minReadySeconds", JsonValue.Create(0)),
        ("ordinals", null),
        ("persistentVolumeClaimRetentionPolicy", null),
    };

    public static List<ImmutableFieldChange> Compare(V1StatefulSet live, V1StatefulSet desired, IReadOnlyCollection<string> mutable)
    {
        var changes = new List<ImmutableFieldChange>();
        var liveSpec = KubeApi.ToJson(live.Spec);
        var desiredSpec = KubeApi.ToJson(desired.Spec);

        // selector: compared as a whole (matchLabels and matchExpressions)
        if (!mutable.Contains("selector") && !JsonNode.DeepEquals(Selector(liveSpec["selector"]), Selector(desiredSpec["selector"])))
            changes.Add(new ImmutableFieldChange("spec.selector", Show(liveSpec["selector"]), Show(desiredSpec["selector"])));

        if (!mutable.Contains("serviceName") && (live.Spec.ServiceName ?? string.Empty) != (desired.Spec.ServiceName ?? string.Empty))
            changes.Add(new ImmutableFieldChange("spec.serviceName", Show(liveSpec["serviceName"]), Show(desiredSpec["serviceName"])));

        var livePolicy = live.Spec.PodManagementPolicy ?? "OrderedReady";
        var desiredPolicy = desired.Spec.PodManagementPolicy ?? "OrderedReady";
        if (!mutable.Contains("podManagementPolicy") && livePolicy != desiredPolicy)
            changes.Add(new ImmutableFieldChange("spec.podManagementPolicy", Quote(livePolicy), Quote(desiredPolicy)));

        if (!mutable.Contains("volumeClaimTemplates"))
            CompareClaimTemplates(changes, live.Spec.VolumeClaimTemplates, desired.Spec.VolumeClaimTemplates);

        foreach (var (field, fallback) in Others)
        {
            if (mutable.Contains(field) || desiredSpec[field] is not { } wanted)
                continue; // not set by the definition: server-side apply leaves it alone
            var current = liveSpec[field] ?? fallback;
            if (!JsonNode.DeepEquals(current, wanted) && !(current is null && IsDefault(field, wanted)))
                changes.Add(new ImmutableFieldChange("spec." + field, Show(current), Show(wanted)));
        }

        return changes;
    }

    private static bool IsDefault(string field, JsonNode wanted) => field switch
    {
        "ordinals" => wanted["start"]?.GetValue<int>() is null or 0,
        "persistentVolumeClaimRetentionPolicy" => (wanted["whenDeleted"]?.GetValue<string>() ?? "Retain") == "Retain" && (wanted["whenScaled"]?.GetValue<string>() ?? "Retain") == "Retain",
        _ => false,
    };

    private static JsonNode? Selector(JsonNode? selector)
    {
        if (selector is not JsonObject o)
            return null;
        var copy = o.DeepClone().AsObject();
        if (copy["matchExpressions"] is JsonArray { Count: 0 })
            copy.Remove("matchExpressions");
        if (copy["matchLabels"] is JsonObject { Count: 0 })
            copy.Remove("matchLabels");
        return copy;
    }

    private static void CompareClaimTemplates(List<ImmutableFieldChange> changes, IList<V1PersistentVolumeClaim>? live, IList<V1PersistentVolumeClaim>? desired)
    {
        var liveByName = ByName(live);
        var desiredByName = ByName(desired);
        foreach (var name in liveByName.Keys.Union(desiredByName.Keys).OrderBy(n => n, StringComparer.Ordinal))
        {
            var path = $"spec.volumeClaimTemplates[{name}]";
            if (!liveByName.TryGetValue(name, out var l))
            {
                changes.Add(new ImmutableFieldChange(path, None, "(new claim template)"));
                continue;
            }

            if (!desiredByName.TryGetValue(name, out var d))
            {
                changes.Add(new ImmutableFieldChange(path, "(claim template)", "(removed)"));
                continue;
            }

            foreach (var change in ManifestComparer.Compare(l, d, path))
                changes.Add(new ImmutableFieldChange(change.Path, change.Before ?? None, change.After ?? None));
        }
    }

    /// <summary>
    /// The claim templates by name. A name declared twice (BERTH045) is kept apart as <c>name#2</c>, <c>name#3</c>... so the
    /// comparison reports it instead of failing on the duplicate key.
    /// </summary>
    private static Dictionary<string, JsonObject> ByName(IList<V1PersistentVolumeClaim>? claims)
    {
        var result = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var claim in claims ?? new List<V1PersistentVolumeClaim>())
        {
            var name = claim.Metadata?.Name ?? string.Empty;
            var key = name;
            for (var n = 2; result.ContainsKey(key); n++)
                key = name + "#" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            result[key] = Claim(claim);
        }

        return result;
    }

    /// <summary>The parts of a claim template the user decides, with the server's defaults filled in.</summary>
    private static JsonObject Claim(V1PersistentVolumeClaim claim)
    {
        var json = KubeApi.ToJson(claim);
        var result = new JsonObject();
        if (json["metadata"] is JsonObject meta)
        {
            var m = new JsonObject();
            if (meta["labels"] is JsonObject { Count: > 0 } labels) m["labels"] = labels.DeepClone();
            if (meta["annotations"] is JsonObject { Count: > 0 } annotations) m["annotations"] = annotations.DeepClone();
            if (m.Count > 0) result["metadata"] = m;
        }

        var spec = json["spec"] as JsonObject ?? new JsonObject();
        var s = new JsonObject();
        foreach (var key in new[] { "accessModes", "resources", "storageClassName", "selector", "dataSource", "dataSourceRef", "volumeAttributesClassName" })
        {
            if (spec[key] is { } value)
                s[key] = Canonical(value.DeepClone());
        }

        s["volumeMode"] = spec["volumeMode"]?.DeepClone() ?? JsonValue.Create("Filesystem");
        result["spec"] = s;
        return result;
    }

    /// <summary>Quantities in canonical form, so "1024Mi" and "1Gi" compare equal.</summary>
    private static JsonNode Canonical(JsonNode node)
    {
        if (node is JsonObject o)
        {
            foreach (var key in o.Select(p => p.Key).ToList())
            {
                if (o[key] is JsonObject or JsonArray)
                    o[key] = Canonical(o[key]!.DeepClone());
                else if ((key == "storage" || key == "cpu" || key == "memory") && o[key] is JsonValue v && v.TryGetValue<string>(out var q))
                    o[key] = JsonValue.Create(CanonicalQuantity(q));
            }
        }

        return node;
    }

    private static string CanonicalQuantity(string quantity)
    {
        try
        {
            return new ResourceQuantity(quantity).CanonicalizeString();
        }
        catch (Exception)
        {
            return quantity;
        }
    }

    private static string Show(JsonNode? node) => node is null ? None : ManifestComparer.Text(node);

    private static string Quote(string s) => ManifestComparer.Text(JsonValue.Create(s));

    /// <summary>The BERTH027 message: fields, values, what the server allows and the safe path.</summary>
    public static string Message(ObjectRef target, string appName, IReadOnlyList<ImmutableFieldChange> changes, IReadOnlyList<string> mutable, string serverVersion)
    {
        var sb = new StringBuilder();
        sb.Append(target).Append(": apply refused (").Append(RuleCatalog.ImmutableFieldChanged.Id).Append("): ")
          .Append(changes.Count == 1 ? "a field" : $"{changes.Count} fields").Append(" cannot change on a live StatefulSet; the server (")
          .Append(serverVersion).Append(") lets an update change only ").Append(string.Join(", ", mutable.Select(m => "'" + m + "'"))).AppendLine(":");
        foreach (var change in changes)
            sb.Append("  ").Append(change.Field).Append(": current ").Append(change.Current).Append(", desired ").AppendLine(change.Desired);
        sb.Append("Safe path: recreate the StatefulSet without touching its pods or claims: delete it with cascade=orphan, then apply again; ")
          .Append("the new StatefulSet adopts the running pods and their PersistentVolumeClaims. ")
          .Append("Berth does this with ApplyOptions.RecreateOnImmutableChange = true ")
          .Append($"(kubectl: kubectl delete statefulset {target.Name} -n {target.Namespace} --cascade=orphan, then apply).");
        if (changes.Any(c => c.Field.StartsWith("spec.selector", StringComparison.Ordinal)))
            sb.Append(" The new selector must still match the labels of the running pods, or they are not adopted and keep running unmanaged.");
        if (changes.Any(c => c.Field.StartsWith("spec.volumeClaimTemplates", StringComparison.Ordinal)))
            sb.Append(" Existing claims keep their old spec: a claim template change only affects claims created later (resize existing claims by patching them, when their StorageClass allows expansion).");
        return sb.ToString();
    }

    public static RuleViolation Violation(ObjectRef target, IReadOnlyList<ImmutableFieldChange> changes, string message) =>
        new(RuleCatalog.ImmutableFieldChanged, target.Short, string.Join(", ", changes.Select(c => c.Field)), message, null);
}
