using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Berth;

/// <summary>
/// An object carried verbatim (see <see cref="StatefulApp.With(string)"/>): its fields as written, of any kind,
/// including kinds KubernetesClient has no model for (a CRD instance). A dictionary, so YAML and JSON write every
/// field; <c>metadata</c> is a real <see cref="V1ObjectMeta"/> so the namespace can be set like any object's.
/// </summary>
internal sealed class RawObject : Dictionary<string, object?>, IKubernetesObject<V1ObjectMeta>
{
    private RawObject()
        : base(StringComparer.Ordinal)
    {
    }

    /// <inheritdoc/>
    public string ApiVersion
    {
        get => this.GetValueOrDefault("apiVersion") as string ?? string.Empty;
        set => this["apiVersion"] = value;
    }

    /// <inheritdoc/>
    public string Kind
    {
        get => this.GetValueOrDefault("kind") as string ?? string.Empty;
        set => this["kind"] = value;
    }

    /// <inheritdoc/>
    public V1ObjectMeta Metadata
    {
        get => (V1ObjectMeta)this["metadata"]!;
        set => this["metadata"] = value;
    }

    /// <summary>A new object with the fields of <paramref name="json"/> (copied: edits to one build affect no other).</summary>
    public static RawObject From(JsonObject json)
    {
        var raw = new RawObject();
        foreach (var (key, value) in json)
            raw[key] = key == "metadata" ? KubernetesJson.Deserialize<V1ObjectMeta>(value?.ToJsonString() ?? "{}") : Value(value);
        return raw;
    }

    private static object? Value(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => Map(obj),
        JsonArray array => List(array),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) ? (object)whole : double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture),
            _ => null,
        },
        _ => null,
    };

    private static Dictionary<string, object?> Map(JsonObject obj)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in obj)
            map[key] = Value(value);
        return map;
    }

    private static List<object?> List(JsonArray array)
    {
        var list = new List<object?>();
        foreach (var item in array)
            list.Add(Value(item));
        return list;
    }
}
