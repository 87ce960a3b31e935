using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Client;
using k8s.Models;

namespace Berth.Cli.Import;

/// <summary>
/// Semantic equality of Kubernetes objects, as <c>berth import --check</c> proves it and the tests use it: two sets
/// of objects are equal when, matched by kind, namespace and name, their fields are equal after the documented
/// Kubernetes defaulting rules (docs/guides/moving-in.md): a missing field equals its default (protocol TCP, Service
/// type ClusterIP, a Service port's targetPort equal to its port or to the number of the container port it names,
/// podManagementPolicy OrderedReady, revisionHistoryLimit 10, probe timings 1/10/1/3, volume defaultMode 0644…),
/// null and empty lists or maps equal absence, quantities compare by value (<c>0.5</c> = <c>500m</c>), and
/// <c>policy/v1beta1</c> PodDisruptionBudgets equal <c>policy/v1</c> ones. The fields are then compared by
/// <see cref="ManifestComparer"/>, as <c>berth diff</c> compares them (list elements by their key, numbers by value).
/// </summary>
internal static class ManifestEquality
{
    /// <summary>The differences, one line each ("statefulset/web: spec.replicas: input 3, rendered 2"); empty when equal.</summary>
    public static List<string> Differences(IReadOnlyList<JsonObject> input, IReadOnlyList<JsonObject> rendered)
    {
        var left = Normalize(input).ToDictionary(Key);
        var right = Normalize(rendered).ToDictionary(Key);
        var differences = new List<string>();
        foreach (var (key, obj) in left)
        {
            if (!right.TryGetValue(key, out var other))
                differences.Add($"{Show(key)}: in the input, not rendered");
            else
                differences.AddRange(ManifestComparer.Compare(obj, other).Select(c => $"{Show(key)}: {c.Path}: input {c.Before ?? "(none)"}, rendered {c.After ?? "(none)"}"));
        }

        foreach (var key in right.Keys.Where(k => !left.ContainsKey(k)))
            differences.Add($"{Show(key)}: rendered, not in the input");
        return differences;
    }

    /// <summary>The objects with defaults filled in and empties removed (copies; the arguments are not changed).</summary>
    public static List<JsonObject> Normalize(IReadOnlyList<JsonObject> objects)
    {
        var copies = objects.Select(o => (JsonObject)o.DeepClone()).ToList();
        var sets = copies.Where(o => (string?)o["kind"] == "StatefulSet").ToList();
        foreach (var obj in copies)
        {
            switch ((string?)obj["kind"])
            {
                case "StatefulSet":
                    StatefulSet(obj);
                    break;
                case "Service":
                    Service(obj, sets);
                    break;
                case "PodDisruptionBudget":
                    if ((string?)obj["apiVersion"] == "policy/v1beta1")
                        obj["apiVersion"] = "policy/v1";
                    break;
            }
        }

        foreach (var obj in copies)
            Prune(obj);
        return copies;
    }

    /// <summary>kind, namespace and name.</summary>
    public static (string Kind, string Namespace, string Name) Key(JsonObject obj) =>
        ((string?)obj["kind"] ?? string.Empty, (string?)obj["metadata"]?["namespace"] ?? string.Empty, (string?)obj["metadata"]?["name"] ?? string.Empty);

    private static string Show((string Kind, string Namespace, string Name) key) =>
        key.Kind.ToLowerInvariant() + "/" + key.Name + (key.Namespace.Length == 0 ? string.Empty : " (namespace " + key.Namespace + ")");

    // ------------------------------------------------------------------ defaulting rules

    private static void StatefulSet(JsonObject set)
    {
        if (set["spec"] is not JsonObject spec)
            return;
        Default(spec, "replicas", 1);
        Default(spec, "podManagementPolicy", "OrderedReady");
        Default(spec, "revisionHistoryLimit", 10);
        Default(spec, "minReadySeconds", 0);
        if (spec["updateStrategy"] is not JsonObject strategy)
            spec["updateStrategy"] = strategy = new JsonObject();
        Default(strategy, "type", "RollingUpdate");
        if ((string?)strategy["type"] == "RollingUpdate")
        {
            if (strategy["rollingUpdate"] is not JsonObject rolling)
                strategy["rollingUpdate"] = rolling = new JsonObject();
            Default(rolling, "partition", 0);
        }

        if (spec["persistentVolumeClaimRetentionPolicy"] is not JsonObject retention)
            spec["persistentVolumeClaimRetentionPolicy"] = retention = new JsonObject();
        Default(retention, "whenDeleted", "Retain");
        Default(retention, "whenScaled", "Retain");
        if (spec["ordinals"] is JsonObject ordinals)
            Default(ordinals, "start", 0);

        if (spec["template"]?["spec"] is JsonObject pod)
            PodSpec(pod);
        foreach (var claim in (spec["volumeClaimTemplates"] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>())
        {
            Default(claim, "apiVersion", "v1");
            Default(claim, "kind", "PersistentVolumeClaim");
            if (claim["spec"] is JsonObject claimSpec)
            {
                Default(claimSpec, "volumeMode", "Filesystem");
                Quantities(claimSpec["resources"]?["requests"]);
                Quantities(claimSpec["resources"]?["limits"]);
            }
        }
    }

    private static void PodSpec(JsonObject pod)
    {
        Default(pod, "restartPolicy", "Always");
        Default(pod, "dnsPolicy", "ClusterFirst");
        Default(pod, "schedulerName", "default-scheduler");
        Default(pod, "terminationGracePeriodSeconds", 30);
        if ((string?)pod["serviceAccount"] == (string?)pod["serviceAccountName"])
            pod.Remove("serviceAccount");
        foreach (var container in Containers(pod, "containers").Concat(Containers(pod, "initContainers")))
        {
            Default(container, "terminationMessagePath", "/dev/termination-log");
            Default(container, "terminationMessagePolicy", "File");
            Default(container, "imagePullPolicy", DefaultPullPolicy((string?)container["image"]));
            foreach (var port in (container["ports"] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>())
                Default(port, "protocol", "TCP");
            foreach (var probe in new[] { "readinessProbe", "livenessProbe", "startupProbe" })
            {
                if (container[probe] is JsonObject p)
                {
                    Default(p, "timeoutSeconds", 1);
                    Default(p, "periodSeconds", 10);
                    Default(p, "successThreshold", 1);
                    Default(p, "failureThreshold", 3);
                    Default(p, "initialDelaySeconds", 0);
                    if (p["httpGet"] is JsonObject http)
                    {
                        Default(http, "scheme", "HTTP");
                        Default(http, "path", "/");
                    }
                }
            }

            if (container["resources"] is JsonObject resources)
            {
                Quantities(resources["requests"]);
                Quantities(resources["limits"]);
            }
        }

        foreach (var volume in (pod["volumes"] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>())
        {
            if (volume["configMap"] is JsonObject configMap) Default(configMap, "defaultMode", 420);
            if (volume["secret"] is JsonObject secret) Default(secret, "defaultMode", 420);
            if (volume["projected"] is JsonObject projected) Default(projected, "defaultMode", 420);
            if (volume["emptyDir"] is JsonObject emptyDir && emptyDir["sizeLimit"] is JsonValue size) emptyDir["sizeLimit"] = Quantity(size);
        }
    }

    private static IEnumerable<JsonObject> Containers(JsonObject pod, string field) =>
        (pod[field] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>();

    /// <summary>Always for <c>:latest</c> or no tag, else IfNotPresent (as the API server defaults it).</summary>
    private static string DefaultPullPolicy(string? image)
    {
        if (image is null || image.Contains('@', StringComparison.Ordinal))
            return "IfNotPresent";
        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        return colon < 0 || image[(colon + 1)..] == "latest" ? "Always" : "IfNotPresent";
    }

    private static void Service(JsonObject service, List<JsonObject> sets)
    {
        if (service["spec"] is not JsonObject spec)
            return;
        Default(spec, "type", "ClusterIP");
        Default(spec, "sessionAffinity", "None");
        if ((string?)spec["type"] == "ClusterIP")
        {
            Default(spec, "internalTrafficPolicy", "Cluster");
        }

        if ((string?)spec["clusterIP"] != "None")
            spec.Remove("clusterIP"); // assigned by the server
        spec.Remove("clusterIPs");
        spec.Remove("ipFamilies");
        spec.Remove("ipFamilyPolicy");
        var ports = ContainerPorts(service, sets);
        foreach (var port in (spec["ports"] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>())
        {
            Default(port, "protocol", "TCP");
            if (port["targetPort"] is null)
                port["targetPort"] = port["port"]?.DeepClone();
            else if (port["targetPort"] is JsonValue target && target.GetValueKind() == JsonValueKind.String && ports.TryGetValue((string)target!, out var number))
                port["targetPort"] = number;
        }
    }

    /// <summary>The named container ports of the StatefulSets whose pods the Service selects.</summary>
    private static Dictionary<string, long> ContainerPorts(JsonObject service, List<JsonObject> sets)
    {
        var ports = new Dictionary<string, long>(StringComparer.Ordinal);
        if (service["spec"]?["selector"] is not JsonObject selector || selector.Count == 0)
            return ports;
        var ns = (string?)service["metadata"]?["namespace"];
        foreach (var set in sets.Where(s => (string?)s["metadata"]?["namespace"] == ns))
        {
            var labels = set["spec"]?["template"]?["metadata"]?["labels"] as JsonObject;
            if (labels is null || !selector.All(p => p.Key == "statefulset.kubernetes.io/pod-name" || JsonNode.DeepEquals(labels[p.Key], p.Value)))
                continue;
            foreach (var container in Containers((set["spec"]?["template"]?["spec"] as JsonObject) ?? new JsonObject(), "containers"))
            {
                foreach (var port in (container["ports"] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>())
                {
                    if ((string?)port["name"] is { } name && CodeText.Long(port["containerPort"]) is { } number)
                        ports.TryAdd(name, number);
                }
            }
        }

        return ports;
    }

    private static void Quantities(JsonNode? map)
    {
        if (map is not JsonObject values)
            return;
        foreach (var key in values.Select(p => p.Key).ToList())
        {
            if (values[key] is JsonValue value)
                values[key] = Quantity(value);
        }
    }

    /// <summary>A quantity as its decimal value, so "0.5" and "500m", "1Gi" and "1024Mi" compare equal.</summary>
    private static JsonNode Quantity(JsonValue value)
    {
        var text = value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
        return Berth.Rules.Quantity.ExactValue(text) is { } exact ? JsonValue.Create("=" + exact) : value.DeepClone();
    }

    private static void Default(JsonObject obj, string field, JsonNode value)
    {
        if (obj[field] is null)
            obj[field] = value;
    }

    /// <summary>Removes nulls and empty maps and lists, bottom up.</summary>
    private static bool Prune(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return true;
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (Prune(obj[key]))
                        obj.Remove(key);
                }

                return obj.Count == 0;
            case JsonArray array:
                foreach (var item in array)
                    Prune(item);
                return array.Count == 0;
            default:
                return false;
        }
    }
}
