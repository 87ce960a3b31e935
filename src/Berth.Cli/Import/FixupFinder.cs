using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Berth.Client;
using k8s;
using k8s.Models;
using static Berth.Cli.Import.CodeText;

namespace Berth.Cli.Import;

/// <summary>
/// Compares what the draft DSL code renders with the input, object by object and field by field (after the
/// defaulting rules of <see cref="ManifestEquality"/>), and turns each difference into the smallest assignment that
/// restores the input's value: into a field of an object where both sides have it, else the whole field.
/// </summary>
internal static class FixupFinder
{
    private const int Indent = 12;

    public static AppFixups Find(AppPlan app, AppManifests built)
    {
        var fixups = new AppFixups();
        var expected = app.Objects.Where(o => !app.Extras.Any(e => ReferenceEquals(e.Object, o))).Select(o => o.Json).ToList();
        var rendered = Slots(built).ToList();
        var expectedByKey = expected.ToDictionary(ManifestEquality.Key);
        var renderedKeys = new HashSet<(string, string, string)>();
        var setJson = app.Set.Json;
        var renderedSet = Json(built.StatefulSet);
        foreach (var (obj, accessor, remove) in rendered)
        {
            var json = Json(obj);
            var key = ManifestEquality.Key(json);
            renderedKeys.Add(key);
            if (!expectedByKey.TryGetValue(key, out var input))
            {
                fixups.Statements.Add(remove);
                continue;
            }

            var left = ManifestEquality.Normalize(new[] { input, setJson })[0];
            var right = ManifestEquality.Normalize(new[] { json, renderedSet })[0];
            Walk(accessor, obj.GetType(), left, right, input, fixups.Statements);
        }

        fixups.Verbatim.AddRange(expected.Where(e => !renderedKeys.Contains(ManifestEquality.Key(e))));
        return fixups;
    }

    /// <summary>The app's own objects (not the verbatim extras), with the C# that reaches each and removes it.</summary>
    private static IEnumerable<(IKubernetesObject<V1ObjectMeta> Object, string Accessor, string Remove)> Slots(AppManifests m)
    {
        if (m.Namespace is not null) yield return (m.Namespace, "m.Namespace!", "m.Namespace = null;");
        foreach (var configMap in m.ConfigMaps)
        {
            var name = String(configMap.Metadata.Name, 0);
            yield return (configMap, $"m.ConfigMaps.Single(c => c.Metadata.Name == {name})", $"m.ConfigMaps.RemoveAll(c => c.Metadata.Name == {name});");
        }

        if (m.GoverningService is not null) yield return (m.GoverningService, "m.GoverningService!", "m.GoverningService = null;");
        if (m.ClientService is not null) yield return (m.ClientService, "m.ClientService!", "m.ClientService = null;");
        if (m.DisruptionBudget is not null) yield return (m.DisruptionBudget, "m.DisruptionBudget!", "m.DisruptionBudget = null;");
        yield return (m.StatefulSet, "m.StatefulSet", "/* the StatefulSet is always written */");
    }

    public static JsonObject Json(object obj) => (JsonObject)JsonNode.Parse(KubernetesJson.Serialize(obj))!;

    private static void Walk(string expr, Type type, JsonObject expected, JsonObject actual, JsonNode? raw, List<string> statements)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name))
            .Where(p => p.Name is not null)
            .ToList();
        var keys = properties.Select(p => p.Name!).Concat(expected.Select(p => p.Key)).Concat(actual.Select(p => p.Key)).Distinct().ToList();
        foreach (var key in keys)
        {
            var left = expected[key];
            var right = actual[key];
            if (ManifestComparer.AreEqual(left, right))
                continue;
            var property = properties.FirstOrDefault(p => p.Name == key).Property;
            if (property is null)
            {
                statements.Add($"// {key}: not in the KubernetesClient model of {type.Name}; it cannot be set here (add it after rendering).");
                continue;
            }

            var child = expr + "." + property.Name;
            var rawChild = (raw as JsonObject)?[key];
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (left is JsonObject l && right is JsonObject r && IsModel(propertyType))
            {
                Walk(child, propertyType, l, r, rawChild, statements);
            }
            else if (key is "containers" or "initContainers" && left is JsonArray la && right is JsonArray ra && la.Count == ra.Count
                && la.Select(c => (string?)c?["name"]).SequenceEqual(ra.Select(c => (string?)c?["name"])))
            {
                for (var i = 0; i < la.Count; i++)
                {
                    if (!ManifestComparer.AreEqual(la[i], ra[i]))
                        Walk($"{child}[{i}]", typeof(V1Container), (JsonObject)la[i]!, (JsonObject)ra[i]!, (rawChild as JsonArray)?[i], statements);
                }
            }
            else
            {
                statements.Add($"{child} = {Value(rawChild, property.PropertyType)};");
            }
        }
    }

    private static bool IsModel(Type type) => type.IsClass && type.Namespace == "k8s.Models" && type != typeof(IntOrString) && type != typeof(ResourceQuantity);

    /// <summary>A C# expression of <paramref name="type"/> with the value of <paramref name="node"/>.</summary>
    private static string Value(JsonNode? node, Type type)
    {
        if (node is null)
            return "null";
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        if (plain == typeof(string)) return String(Scalar(node), Indent + 4);
        if (plain == typeof(bool)) return Bool(node) == true ? "true" : "false";
        if (plain == typeof(int) || plain == typeof(long)) return Scalar(node) ?? "null";
        if (plain == typeof(double)) return (Scalar(node) ?? "null") + "d";
        if (plain == typeof(IntOrString)) return Long(node) is { } n ? $"(IntOrString){Int(n)}" : $"(IntOrString){String(Scalar(node), 0)}";
        if (plain == typeof(ResourceQuantity)) return $"new ResourceQuantity({String(Scalar(node), 0)})";
        if (plain == typeof(IDictionary<string, string>) && node is JsonObject map)
            return "new Dictionary<string, string> { " + string.Join(", ", map.Select(p => $"[{String(p.Key, 0)}] = {String(Scalar(p.Value), Indent + 4)}")) + " }";
        if (plain == typeof(IList<string>) && node is JsonArray list)
            return "new List<string> { " + string.Join(", ", list.Select(i => String(Scalar(i), Indent + 4))) + " }";
        return $"Yaml<{TypeName(plain)}>({Raw(Yaml(node), Indent + 4)})";
    }

    /// <summary>A C# type name, interfaces of collections as their concrete classes.</summary>
    private static string TypeName(Type type)
    {
        if (!type.IsGenericType)
            return type == typeof(string) ? "string" : type == typeof(int) ? "int" : type == typeof(long) ? "long" : type == typeof(bool) ? "bool" : type == typeof(object) ? "object" : type.Name;
        var definition = type.GetGenericTypeDefinition();
        var name = definition == typeof(IList<>) || definition == typeof(ICollection<>) || definition == typeof(IEnumerable<>) ? "List"
            : definition == typeof(IDictionary<,>) ? "Dictionary"
            : definition.Name[..definition.Name.IndexOf('`', StringComparison.Ordinal)];
        return name + "<" + string.Join(", ", type.GetGenericArguments().Select(TypeName)) + ">";
    }
}
