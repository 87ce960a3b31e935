using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
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

    private static readonly System.Reflection.MethodInfo DeserializeMethod = typeof(KubernetesJson).GetMethods()
        .Single(m => m.Name == nameof(KubernetesJson.Deserialize) && m.IsGenericMethodDefinition && m.GetParameters() is [{ ParameterType: var first }, _] && first == typeof(string));

    /// <summary>KubernetesClient's model types by "apiVersion/kind".</summary>
    private static readonly Lazy<Dictionary<string, Type>> Models = new(() =>
    {
        var models = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var type in typeof(V1Pod).Assembly.GetTypes())
        {
            if (type.GetCustomAttributes(typeof(KubernetesEntityAttribute), false) is [KubernetesEntityAttribute entity, ..] && typeof(IKubernetesObject<V1ObjectMeta>).IsAssignableFrom(type))
                models.TryAdd((string.IsNullOrEmpty(entity.Group) ? entity.ApiVersion : entity.Group + "/" + entity.ApiVersion) + "/" + entity.Kind, type);
        }

        return models;
    });

    /// <summary>
    /// A new object with the fields of <paramref name="json"/> (copied: edits to one build affect no other): the
    /// KubernetesClient model of its kind (a V1Service, a V1NetworkPolicy…) when it holds every field exactly, so the
    /// client and the fast YAML path treat it like the app's own objects; else a <see cref="RawObject"/>.
    /// </summary>
    public static IKubernetesObject<V1ObjectMeta> Create(JsonObject json)
    {
        var key = (string?)json["apiVersion"] + "/" + (string?)json["kind"];
        if (Models.Value.TryGetValue(key, out var type))
        {
            try
            {
                var text = json.ToJsonString();
                var typed = (IKubernetesObject<V1ObjectMeta>)DeserializeMethod.MakeGenericMethod(type).Invoke(null, new object?[] { text, null })!;
                if (HeldExactly(WithoutNulls(json.DeepClone()), JsonNode.Parse(KubernetesJson.Serialize(typed))))
                    return typed;
            }
            catch (System.Reflection.TargetInvocationException)
            {
                // Not exactly representable by the model: carried as it is.
            }
        }

        return From(json);
    }

    /// <summary>
    /// True when the model wrote back every field of the input with the same meaning: equal trees, except that a
    /// quantity written as a YAML number (<c>cpu: 1</c>, <c>cpu: 0.5</c>, as the writer and kubectl write it) comes back from
    /// the model as the string of the same quantity.
    /// </summary>
    private static bool HeldExactly(JsonNode? input, JsonNode? model)
    {
        switch (input)
        {
            case JsonObject i when model is JsonObject m:
                return i.Count == m.Count && i.All(p => m.TryGetPropertyValue(p.Key, out var value) && HeldExactly(p.Value, value));
            case JsonArray i when model is JsonArray m:
                return i.Count == m.Count && i.Zip(m).All(p => HeldExactly(p.First, p.Second));
            case JsonValue i when model is JsonValue m && i.GetValueKind() == JsonValueKind.Number && m.GetValueKind() == JsonValueKind.String:
                return SameQuantity(i.ToJsonString(), m.GetValue<string>());
            default:
                return JsonNode.DeepEquals(input, model);
        }
    }

    private static bool SameQuantity(string number, string text) =>
        number == text || (Berth.Rules.Quantity.ExactValue(number) is { } value && value == Berth.Rules.Quantity.ExactValue(text));

    private static JsonNode? WithoutNulls(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            foreach (var key in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
                obj.Remove(key);
            foreach (var (_, value) in obj)
                WithoutNulls(value);
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array)
                WithoutNulls(item);
        }

        return node;
    }

    /// <summary>A new raw object with the fields of <paramref name="json"/>.</summary>
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
