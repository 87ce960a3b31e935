using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;

namespace Berth.Cli.Import;

/// <summary>C# literals and YAML text for the generated code.</summary>
internal static class CodeText
{
    /// <summary>A C# string literal: a raw multi-line literal for text with line breaks, else a quoted one.</summary>
    public static string String(string? text, int indent)
    {
        if (text is null)
            return "null";
        if (text.Contains('\n', StringComparison.Ordinal) && !text.Contains('\r', StringComparison.Ordinal) && !text.Split('\n').Any(l => l.Length > 0 && l.Trim().Length == 0))
            return Raw(text, indent);
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    /// <summary>A raw string literal whose lines are indented by <paramref name="indent"/> spaces.</summary>
    public static string Raw(string text, int indent)
    {
        var longest = 0;
        var run = 0;
        foreach (var c in text)
        {
            run = c == '"' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        var quotes = new string('"', Math.Max(3, longest + 1));
        var pad = new string(' ', indent);
        var builder = new StringBuilder(quotes).Append('\n');
        foreach (var line in text.Split('\n'))
            builder.Append(line.Length == 0 ? string.Empty : pad).Append(line).Append('\n');
        return builder.Append(pad).Append(quotes).ToString();
    }

    /// <summary>The YAML of a JSON tree, written by KubernetesClient's serializer.</summary>
    public static string Yaml(JsonNode node) => KubernetesYaml.Serialize(Plain(node)).TrimEnd('\n');

    /// <summary>A JSON tree as dictionaries, lists and scalars (what the YAML serializer writes as they are).</summary>
    public static object? Plain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(p => p.Key, p => Plain(p.Value), StringComparer.Ordinal),
        JsonArray array => array.Select(Plain).ToList(),
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

    /// <summary>A scalar as text ("1" for the number 1), or null when it is not a scalar.</summary>
    public static string? Scalar(JsonNode? node) => node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        }
        : null;

    public static long? Long(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;

    public static bool? Bool(JsonNode? node) => node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? value.GetValue<bool>() : null;

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Only these keys (and no others) are present.</summary>
    public static bool Only(JsonObject? obj, params string[] keys) => obj is null || obj.All(p => keys.Contains(p.Key) || p.Value is null);
}
