using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Berth.Rules;
using k8s;
using k8s.Models;
using Xunit;

namespace Berth.Tests;

/// <summary>
/// Hostile strings in every free-text field of the DSL and in the YAML Berth reads: control characters, NUL, very long
/// values, YAML-special strings and Unicode either come back exactly (read the way kubectl reads YAML, and the way
/// KubernetesClient does) or are refused with a clear error; never a different value in the YAML than in the definition.
/// </summary>
public sealed class HostileInputTests
{
    /// <summary>Strings that YAML 1.1 or 1.2 would read as something else when written plain, and bytes that need escapes.</summary>
    public static readonly string[] Hostile =
    {
        "yes", "No", "on", "OFF", "y", "n", "true", "False", "null", "Null", "~", "", " ", "0755", "0o17", "0x1F", "1e3", "-.inf", ".NaN",
        "1_000", "12:30:00", "2026-12-04", "+1", "-", "- item", "? key", ": value", "a: b", "a #b", "#comment", "---", "...", "&anchor",
        "*alias", "!tag", "!!str x", "%YAML 1.2", "@handle", "`tick", "|", ">", "{a: 1}", "[1, 2]", "'single'", "\"double\"",
        "back\\slash", "tab\there", "  padded  ", "line1\nline2\n", "trailing\n\n", "\r\nwindows", "bell\a", "esc\u001b[31m", "nul\0byte",
        "\u0001\u001f", "del\u007f", "nel\u0085", "ls\u2028ps\u2029", "bom\ufeff", "ünïcødé 😀 漢字", "\ud83d\ude00 surrogate pair", "zwj\u200d",
        new string('x', 100_000), string.Concat(Enumerable.Repeat("a b ", 5_000)), string.Concat(Enumerable.Repeat("line\n", 2_000)),
    };

    public static TheoryData<int> Indexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Hostile.Length; i++)
            data.Add(i);
        return data;
    }

    /// <summary>Each free-text field the DSL writes, with where the value lands in the rendered objects.</summary>
    private static readonly (string Field, Func<StatefulApp, string, StatefulApp> Set, string Kind, string Path)[] Fields =
    {
        ("env value", (a, v) => a.WithContainer("db", c => c.Env("VALUE", v)), "StatefulSet", "spec.template.spec.containers[0].env[0].value"),
        ("argument", (a, v) => a.WithContainer("db", c => c.Args("--flag", v)), "StatefulSet", "spec.template.spec.containers[0].args[1]"),
        ("command", (a, v) => a.WithContainer("db", c => c.Command("/bin/sh", "-c", v)), "StatefulSet", "spec.template.spec.containers[0].command[2]"),
        ("annotation value", (a, v) => a.Annotation("example.com/note", v), "StatefulSet", "metadata.annotations.example.com/note"),
        ("pod annotation value", (a, v) => a.PodAnnotation("example.com/note", v), "StatefulSet", "spec.template.metadata.annotations.example.com/note"),
        ("config map value", (a, v) => a.ConfigMap("db-config", new Dictionary<string, string> { ["value"] = v }), "ConfigMap", "data.value"),
    };

    private static StatefulApp Valid() => StatefulApp.Named("db").InNamespace("data")
        .Container("db", "postgres:16.4", c => c.Port("pg", 5432).Mount("data", "/data"))
        .VolumeClaim("data", "1Gi");

    [Theory]
    [MemberData(nameof(Indexes))]
    public void A_free_text_value_comes_back_exactly_or_is_refused_clearly(int index)
    {
        var value = Hostile[index];
        foreach (var (field, set, kind, path) in Fields)
        {
            var app = set(Valid(), value);
            var errors = app.Validate().Where(v => v.Severity == RuleSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                // Refused: the error names the app and the field, and nothing is written.
                Assert.All(errors, e => Assert.Contains("db", e.Message, StringComparison.Ordinal));
                Assert.Throws<BerthValidationException>(() => app.ToYaml());
                continue;
            }

            var yaml = app.ToYaml();
            Assert.Equal(value, ReadAsKubectl(yaml, kind, path));
            Assert.Equal(value, ReadAsKubernetesClient(yaml, kind, path));
        }
    }

    [Theory]
    [MemberData(nameof(Indexes))]
    public void An_object_carried_as_yaml_keeps_the_value(int index)
    {
        var value = Hostile[index];
        // The YAML a user writes: the value as a JSON string (JSON is YAML), so every character is spelled out exactly.
        var input = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\ndata:\n  note: " + JsonValue.Create(value)!.ToJsonString() + "\n";
        var yaml = Valid().With(input).ToYaml();
        Assert.Equal(value, ReadAsKubectl(yaml, "ConfigMap", "data.note"));
    }

    [Fact]
    public void Names_and_keys_with_hostile_text_are_refused_naming_the_field()
    {
        foreach (var value in new[] { "yes\n", "a: b", "nul\0", "ünï", "-", "", new string('a', 300) })
        {
            var cases = new (StatefulApp App, string Field)[]
            {
                (Valid().Label("example.com/tier", value), "labels"),
                (Valid().Annotation(value, "x"), "annotations"),
                (StatefulApp.Named(value).Container("db", "postgres:16.4"), "name"),
                (Valid().WithContainer("db", c => c.Port(value, 8080)), "ports"),
            };
            foreach (var (app, field) in cases)
            {
                if (field == "labels" && value.Length == 0)
                    continue; // an empty label value is valid

                var errors = app.Validate().Where(v => v.Severity == RuleSeverity.Error).ToList();
                Assert.True(errors.Count > 0, $"{field} = {JsonValue.Create(value)!.ToJsonString()} was not refused");
                Assert.Contains(errors, e => (e.Field + " " + e.Message).Contains(field, StringComparison.Ordinal));
                Assert.Throws<BerthValidationException>(() => app.ToYaml());
            }
        }
    }

    /// <summary>The value at a dotted path (list indexes in brackets; annotation keys may contain dots after the map name).</summary>
    private static string? ReadAsKubectl(string yaml, string kind, string path)
    {
        var obj = YamlTree.Documents(yaml).OfType<JsonObject>().Single(o => (string?)o["kind"] == kind);
        return At(obj, path) is JsonValue v ? v.GetValue<string>() : null;
    }

    private static string? ReadAsKubernetesClient(string yaml, string kind, string path)
    {
        var obj = KubernetesYaml.LoadAllFromString(yaml).Single(o => ((IKubernetesObject)o).Kind == kind);
        var json = JsonNode.Parse(KubernetesJson.Serialize(obj))!;
        return At(json, path) is JsonValue v ? v.GetValue<string>() : null;
    }

    private static JsonNode? At(JsonNode node, string path)
    {
        JsonNode? current = node;
        var parts = path.Split('.');
        for (var i = 0; i < parts.Length && current is not null; i++)
        {
            var part = parts[i];
            if (current is JsonObject map && map.ContainsKey(string.Join('.', parts[i..])))
                return map[string.Join('.', parts[i..])];
            if (part == "annotations" && current is JsonObject owner && owner["annotations"] is JsonObject annotations)
                return annotations[string.Join('.', parts[(i + 1)..])];
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            if (bracket >= 0)
            {
                current = current[part[..bracket]];
                foreach (var index in part[(bracket + 1)..].TrimEnd(']').Split("]["))
                    current = current?[int.Parse(index, System.Globalization.CultureInfo.InvariantCulture)];
            }
            else
            {
                current = current[part];
            }
        }

        return current;
    }
}
