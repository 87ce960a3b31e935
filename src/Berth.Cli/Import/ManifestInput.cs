using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Cli.Import;

/// <summary>One Kubernetes object read from the input, with where it came from.</summary>
internal sealed record InputObject(JsonObject Json, string Source)
{
    public string ApiVersion => (string?)Json["apiVersion"] ?? string.Empty;
    public string Kind => (string?)Json["kind"] ?? string.Empty;
    public string Name => (string?)Json["metadata"]?["name"] ?? string.Empty;
    public string? Namespace => (string?)Json["metadata"]?["namespace"];

    /// <summary>"statefulset/web".</summary>
    public string Ref => Kind.ToLowerInvariant() + "/" + Name;
}

/// <summary>
/// Reads what <c>berth import</c> is given: a file, a folder (every *.yaml, *.yml and *.json in it, recursively, in
/// name order) or standard input; multi-document YAML or JSON, <c>kind: List</c> flattened, comments and anchors
/// resolved (see <see cref="YamlTree"/>). What the API server adds to a live object (<c>kubectl get -o yaml</c>) is
/// removed: status, uid, resourceVersion, generation, creationTimestamp, managedFields, the last-applied annotation.
/// </summary>
internal static class ManifestInput
{
    private static readonly string[] ServerFields = { "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink" };

    /// <summary>The objects of the input; in a folder, documents that are not Kubernetes objects (kustomization.yaml, a chart's values.yaml) are left out and named in <paramref name="skipped"/>.</summary>
    public static List<InputObject> Read(string input, string workingDirectory, TextReader stdin, List<string> skipped)
    {
        if (input == "-")
            return Parse(stdin.ReadToEnd(), "<stdin>");
        var path = Path.GetFullPath(input, workingDirectory);
        if (Directory.Exists(path))
        {
            var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList();
            if (files.Count == 0)
                throw new CliException($"{input}: the folder has no .yaml, .yml or .json files");
            return files.SelectMany(f => Parse(File.ReadAllText(f), Path.GetRelativePath(workingDirectory, f), skipped)).ToList();
        }

        if (!File.Exists(path))
            throw new CliException($"{input}: no such file or folder; give a YAML or JSON file, a folder of them, or - for standard input");
        return Parse(File.ReadAllText(path), input);
    }

    /// <summary>The objects of one text (YAML or JSON).</summary>
    public static List<InputObject> Parse(string text, string source, List<string>? skipped = null)
    {
        List<JsonNode> documents;
        try
        {
            documents = YamlTree.Documents(text);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new CliException($"{source}: not valid YAML or JSON at line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
        }

        var objects = new List<InputObject>();
        for (var i = 0; i < documents.Count; i++)
        {
            var where = $"{source}, document {i + 1}";
            if (skipped is not null && (documents[i] is not JsonObject candidate || candidate["apiVersion"] is null || candidate["kind"] is null || ((string?)candidate["kind"])?.StartsWith("Kustomization", StringComparison.Ordinal) == true))
            {
                skipped.Add($"{where}: not a Kubernetes object (no apiVersion and kind, or a Kustomization)");
                continue;
            }

            Add(objects, documents[i], where);
        }

        return objects;
    }

    private static void Add(List<InputObject> objects, JsonNode document, string where)
    {
        if (document is not JsonObject obj)
            throw new CliException($"{where}: expected a Kubernetes object (a mapping with apiVersion and kind), found a {document.GetValueKind().ToString().ToLowerInvariant()}");
        if (obj["kind"] is JsonValue kindValue && kindValue.GetValueKind() == JsonValueKind.String && ((string)kindValue!).EndsWith("List", StringComparison.Ordinal) && obj["items"] is JsonArray items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i] is { } item)
                    Add(objects, item.DeepClone(), $"{where}, item {i + 1}");
            }

            return;
        }

        foreach (var field in new[] { "apiVersion", "kind" })
        {
            if (obj[field] is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
                throw new CliException($"{where}: the object has no {field}; every Kubernetes object needs apiVersion and kind");
        }

        if (obj["metadata"]?["name"] is not JsonValue)
            throw new CliException($"{where}: {obj["kind"]} has no metadata.name (generateName is not supported: Berth objects have stable names); give it a name");
        Clean(obj);
        objects.Add(new InputObject(obj, where));
    }

    /// <summary>Removes what the server adds to live objects.</summary>
    private static void Clean(JsonObject obj)
    {
        obj.Remove("status");
        if (obj["metadata"] is JsonObject metadata)
        {
            foreach (var field in ServerFields)
                metadata.Remove(field);
            if (metadata["annotations"] is JsonObject annotations)
            {
                annotations.Remove("kubectl.kubernetes.io/last-applied-configuration");
                annotations.Remove("deprecated.daemonset.template.generation");
                if (annotations.Count == 0)
                    metadata.Remove("annotations");
            }
        }

        if (obj["spec"]?["template"]?["metadata"] is JsonObject templateMetadata)
            templateMetadata.Remove("creationTimestamp");
        if (obj["spec"]?["volumeClaimTemplates"] is JsonArray claims)
        {
            foreach (var claim in claims.OfType<JsonObject>())
            {
                claim.Remove("status");
                (claim["metadata"] as JsonObject)?.Remove("creationTimestamp");
            }
        }
    }
}
