using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Berth;

/// <summary>
/// Reads YAML documents into JSON trees the way <c>kubectl</c> does (sigs.k8s.io/yaml, YAML 1.1 scalars): plain
/// <c>true</c>/<c>yes</c>/<c>on</c> are booleans, <c>0644</c> is octal, <c>~</c> and <c>null</c> are null, quoted
/// scalars are strings; anchors, aliases and merge keys (<c>&lt;&lt;</c>) are resolved; comments are dropped.
/// JSON is YAML, so JSON input reads the same way.
/// </summary>
internal static class YamlTree
{
    private static readonly Regex Decimal = new("^[-+]?(0|[1-9][0-9]*)$", RegexOptions.CultureInvariant);
    private static readonly Regex Octal = new("^[-+]?0[0-7]+$", RegexOptions.CultureInvariant);
    private static readonly Regex Hex = new("^[-+]?0x[0-9a-fA-F]+$", RegexOptions.CultureInvariant);
    private static readonly Regex Float = new(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant);
    private static readonly HashSet<string> True = new(StringComparer.Ordinal) { "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON" };
    private static readonly HashSet<string> False = new(StringComparer.Ordinal) { "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF" };

    /// <summary>Every document of <paramref name="text"/>, empty documents left out.</summary>
    /// <exception cref="YamlException">When the text is not YAML; the message has the line and column.</exception>
    public static List<JsonNode> Documents(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var documents = new List<JsonNode>();
        foreach (var document in stream.Documents)
        {
            if (ToJson(document.RootNode) is { } node)
                documents.Add(node);
        }

        return documents;
    }

    private static JsonNode? ToJson(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                var merged = new List<YamlNode>();
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is not YamlScalarNode scalarKey)
                        throw new YamlException(key.Start, key.End, "a mapping key must be a scalar");
                    if (scalarKey.Value == "<<" && scalarKey.Style is ScalarStyle.Plain or ScalarStyle.Any)
                        merged.AddRange(value is YamlSequenceNode several ? several.Children : new[] { value });
                    else
                        obj[scalarKey.Value ?? string.Empty] = ToJson(value);
                }

                // Merge keys (<<: *anchor): the mapping's own keys win, then earlier merged mappings over later ones.
                foreach (var source in merged)
                {
                    if (ToJson(source) is not JsonObject mergedMapping)
                        throw new YamlException(source.Start, source.End, "a merge key (<<) takes a mapping or a list of mappings");
                    foreach (var key in mergedMapping.Select(p => p.Key).ToList())
                    {
                        if (!obj.ContainsKey(key))
                        {
                            var value = mergedMapping[key];
                            mergedMapping.Remove(key);
                            obj[key] = value;
                        }
                    }
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                    array.Add(ToJson(item));
                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new YamlException(node.Start, node.End, "unsupported YAML node");
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        if (tag is "tag:yaml.org,2002:str" || (tag is null or "?" && scalar.Style is not ScalarStyle.Plain and not ScalarStyle.Any) || tag == "!")
            return JsonValue.Create(text);
        if (text is "" or "~" or "null" or "Null" or "NULL")
            return null;
        if (True.Contains(text)) return JsonValue.Create(true);
        if (False.Contains(text)) return JsonValue.Create(false);
        var negative = text.StartsWith('-');
        var digits = text.TrimStart('-', '+');
        try
        {
            if (Decimal.IsMatch(text))
                return JsonValue.Create(long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
            if (Octal.IsMatch(text))
                return JsonValue.Create((negative ? -1 : 1) * Convert.ToInt64(digits, 8));
            if (Hex.IsMatch(text))
                return JsonValue.Create((negative ? -1 : 1) * Convert.ToInt64(digits[2..], 16));
        }
        catch (OverflowException)
        {
            return JsonValue.Create(text);
        }

        if (Float.IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            return JsonValue.Create(number);
        return JsonValue.Create(text);
    }
}
