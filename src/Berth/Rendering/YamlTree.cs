using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Berth;

/// <summary>
/// Reads YAML documents into JSON trees the way <c>kubectl</c> does (sigs.k8s.io/yaml over go-yaml v2, YAML 1.1
/// scalars): plain <c>true</c>/<c>yes</c>/<c>on</c> are booleans, <c>0644</c> is octal, <c>0x1F</c>, <c>0o17</c>,
/// <c>0b101</c>, <c>+1</c> and <c>1_000</c> are integers, <c>~</c> and <c>null</c> are null, <c>.nan</c>/<c>.inf</c>
/// are refused (JSON cannot carry them), timestamps stay strings, quoted scalars are strings; anchors, aliases and merge keys (<c>&lt;&lt;</c>) are resolved; comments are dropped.
/// JSON is YAML, so JSON input reads the same way.
/// </summary>
internal static class YamlTree
{
    private static readonly Regex Float = new(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant);
    private static readonly HashSet<string> True = new(StringComparer.Ordinal) { "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON" };
    private static readonly HashSet<string> FloatSpecials = new(StringComparer.Ordinal)
    {
        ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
    };

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
        if (!TryPlain(text, out var value))
        {
            throw new YamlException(scalar.Start, scalar.End,
                $"'{text}' is a YAML float (not a number or infinite) that JSON, and so the API server, cannot carry; quote it if it is meant as a string");
        }

        return value;
    }

    /// <summary>
    /// True when kubectl reads <paramref name="text"/>, written as a plain (unquoted) scalar, back as that same string;
    /// false when it would read a null, a boolean or a number (<c>yes</c>, <c>~</c>, <c>0x1F</c>, <c>+1</c>, <c>1_000</c>,
    /// <c>0o17</c>, <c>.nan</c>…), which the writer must then quote.
    /// </summary>
    internal static bool ReadsAsString(string text)
    {
        if (text.Length == 0)
            return false;
        if (text[0] is not ('+' or '-' or '.' or (>= '0' and <= '9') or 'y' or 'Y' or 'n' or 'N' or 't' or 'T' or 'f' or 'F' or 'o' or 'O' or '~'))
            return true;
        return TryPlain(text, out var value) && value is JsonValue v && v.GetValueKind() == JsonValueKind.String;
    }

    /// <summary>
    /// The value of a plain scalar as go-yaml v2 resolves it for sigs.k8s.io/yaml (kubectl): null and booleans by the YAML 1.1
    /// table; for text starting with a digit or a sign, underscores removed, an integer as Go's <c>strconv.ParseInt(s, 0, 64)</c>
    /// reads it (decimal, <c>0x</c>, <c>0o</c>, <c>0b</c>, a leading <c>0</c> for octal), then an unsigned one, then a
    /// YAML-style float, then <c>0b</c> binary; for text starting with '.', a float; timestamps stay strings. False for the
    /// float specials (<c>.nan</c>, <c>.inf</c>), which JSON cannot carry.
    /// </summary>
    private static bool TryPlain(string text, out JsonNode? value)
    {
        value = null;
        if (text is "" or "~" or "null" or "Null" or "NULL")
            return true;
        if (True.Contains(text))
        {
            value = JsonValue.Create(true);
            return true;
        }

        if (False.Contains(text))
        {
            value = JsonValue.Create(false);
            return true;
        }

        if (FloatSpecials.Contains(text))
            return false;
        var first = text[0];
        if (first == '.')
        {
            value = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var fraction) && !text.Contains('_', StringComparison.Ordinal)
                ? JsonValue.Create(fraction)
                : JsonValue.Create(text);
            return true;
        }

        if (first is '+' or '-' or (>= '0' and <= '9'))
        {
            var plain = text.Replace("_", string.Empty, StringComparison.Ordinal);
            if (GoParseInt(plain, out var integer))
                value = JsonValue.Create(integer);
            else if (GoParseUnsigned(plain, out var unsigned))
                value = JsonValue.Create(unsigned);
            else if (Float.IsMatch(plain) && double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                value = JsonValue.Create(number);
            else if (plain.StartsWith("0b", StringComparison.Ordinal) && Binary(plain[2..], out var bits))
                value = JsonValue.Create(bits);
            else if (plain.StartsWith("-0b", StringComparison.Ordinal) && Binary(plain[3..], out var negativeBits))
                value = JsonValue.Create(-negativeBits);
            else
                value = JsonValue.Create(text);
            return true;
        }

        value = JsonValue.Create(text);
        return true;
    }

    /// <summary>Go's <c>strconv.ParseInt(s, 0, 64)</c> (the underscores already removed).</summary>
    private static bool GoParseInt(string s, out long value)
    {
        value = 0;
        var negative = s.Length > 0 && s[0] == '-';
        var digits = s.Length > 0 && s[0] is '+' or '-' ? s[1..] : s;
        if (!GoParseUnsigned(digits, out var magnitude))
            return false;
        if (negative ? magnitude > (ulong)long.MaxValue + 1 : magnitude > long.MaxValue)
            return false;
        value = negative ? (long)(0UL - magnitude) : (long)magnitude;
        return true;
    }

    /// <summary>Go's <c>strconv.ParseUint(s, 0, 64)</c>: no sign; <c>0x</c>, <c>0o</c>, <c>0b</c> or a leading <c>0</c> choose the base.</summary>
    private static bool GoParseUnsigned(string s, out ulong value)
    {
        value = 0;
        if (s.Length == 0)
            return false;
        var radix = 10u;
        var i = 0;
        if (s[0] == '0' && s.Length > 1)
        {
            (radix, i) = s[1] switch
            {
                'x' or 'X' => (16u, 2),
                'o' or 'O' => (8u, 2),
                'b' or 'B' => (2u, 2),
                _ => (8u, 1),
            };
            if (i == s.Length)
                return false;
        }

        for (; i < s.Length; i++)
        {
            var c = s[i];
            var digit = c is >= '0' and <= '9' ? (uint)(c - '0') : c is >= 'a' and <= 'f' ? (uint)(c - 'a' + 10) : c is >= 'A' and <= 'F' ? (uint)(c - 'A' + 10) : uint.MaxValue;
            if (digit >= radix)
                return false;
            if (value > (ulong.MaxValue - digit) / radix)
                return false;
            value = value * radix + digit;
        }

        return true;
    }

    private static bool Binary(string digits, out long value)
    {
        value = 0;
        if (digits.Length == 0 || digits.Length > 63 || digits.Any(c => c is not ('0' or '1')))
            return false;
        value = Convert.ToInt64(digits, 2);
        return true;
    }
}
