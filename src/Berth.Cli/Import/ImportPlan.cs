using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace Berth.Cli.Import;

/// <summary>One StatefulSet and the objects imported with it.</summary>
internal sealed class AppPlan
{
    public AppPlan(InputObject set, string property)
    {
        Set = set;
        Property = property;
    }

    public InputObject Set { get; }

    /// <summary>The C# property name.</summary>
    public string Property { get; }

    public string? Namespace => Set.Namespace;

    /// <summary>The Namespace object, written by this app (<c>InNamespace(ns)</c>).</summary>
    public InputObject? NamespaceObject { get; set; }

    /// <summary>The Service named by spec.serviceName.</summary>
    public InputObject? Governing { get; set; }

    /// <summary>The first other Service that selects the pods (the DSL's client Service).</summary>
    public InputObject? Client { get; set; }

    public InputObject? Budget { get; set; }

    public List<InputObject> ConfigMaps { get; } = new();

    /// <summary>Objects carried verbatim, each with why.</summary>
    public List<(InputObject Object, string Reason)> Extras { get; } = new();

    /// <summary>Every input object of this app.</summary>
    public IEnumerable<InputObject> Objects =>
        new[] { NamespaceObject, Governing, Client, Budget }.OfType<InputObject>().Concat(ConfigMaps).Concat(Extras.Select(e => e.Object)).Append(Set);

    public JsonObject Spec => (JsonObject?)Set.Json["spec"] ?? new JsonObject();

    public JsonObject PodLabels => (Spec["template"]?["metadata"]?["labels"] as JsonObject) ?? new JsonObject();
}

/// <summary>What <c>berth import</c> makes of its input: one app per StatefulSet, and what it skipped.</summary>
internal sealed class ImportPlan
{
    /// <summary>Kinds that live outside namespaces: never given the default namespace.</summary>
    private static readonly HashSet<string> ClusterScoped = new(StringComparer.Ordinal)
    {
        "Namespace", "StorageClass", "PersistentVolume", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PriorityClass",
        "IngressClass", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "APIService", "CSIDriver", "RuntimeClass", "VolumeSnapshotClass",
    };

    public List<AppPlan> Apps { get; } = new();

    public List<(InputObject Object, string Reason)> Skipped { get; } = new();

    /// <summary>Findings of the grouping itself (a serviceName that names no Service…).</summary>
    public List<string> Notes { get; } = new();

    public static ImportPlan Of(IReadOnlyList<InputObject> objects, string? defaultNamespace, bool onlyStatefulSets, string className)
    {
        if (defaultNamespace is not null)
        {
            foreach (var obj in objects.Where(o => o.Namespace is null && !ClusterScoped.Contains(o.Kind)))
                ((JsonObject)obj.Json["metadata"]!)["namespace"] = defaultNamespace;
        }

        var plan = new ImportPlan();
        var sets = objects.Where(o => o.Kind == "StatefulSet" && o.ApiVersion == "apps/v1").ToList();
        if (sets.Count == 0)
            throw new CliException($"the input has no StatefulSet (apps/v1) among its {objects.Count} object(s) ({string.Join(", ", objects.Select(o => o.Kind).Distinct())}); berth import writes one StatefulApp per StatefulSet");

        var duplicate = objects.GroupBy(o => (o.Kind, o.Namespace, o.Name)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new CliException($"{duplicate.First().Ref} appears {duplicate.Count()} times in the input ({string.Join("; ", duplicate.Select(d => d.Source))}); import one of them");

        var claimed = new HashSet<InputObject>(ReferenceEqualityComparer.Instance);
        var names = new HashSet<string>(StringComparer.Ordinal) { className, "Yaml" };
        foreach (var set in sets)
        {
            var app = new AppPlan(set, PropertyName(set, names));
            plan.Apps.Add(app);
            claimed.Add(set);
        }

        foreach (var app in plan.Apps)
        {
            bool Free(InputObject o) => !claimed.Contains(o) && o.Namespace == app.Namespace;
            var serviceName = (string?)app.Spec["serviceName"];
            app.Governing = objects.FirstOrDefault(o => o.Kind == "Service" && o.Name == serviceName && Free(o));
            if (app.Governing is not null)
                claimed.Add(app.Governing);
            else if (!string.IsNullOrEmpty(serviceName) && !objects.Any(o => o.Kind == "Service" && o.Name == serviceName && o.Namespace == app.Namespace))
                plan.Notes.Add($"{app.Set.Ref}: spec.serviceName \"{serviceName}\" names no Service in the input; imported as UseExistingService(\"{serviceName}\") — create that headless Service or let Berth write it (remove UseExistingService)");

            foreach (var service in objects.Where(o => o.Kind == "Service" && Free(o) && Selects(o, app)).ToList())
            {
                if (app.Client is null && (string?)service.Json["spec"]?["clusterIP"] != "None")
                    app.Client = service;
                else
                    app.Extras.Add((service, "a further Service over the pods: the DSL writes one governing and one client Service"));
                claimed.Add(service);
            }

            app.Budget = objects.FirstOrDefault(o => o.Kind == "PodDisruptionBudget" && Free(o) && SelectorMatches(o.Json["spec"]?["selector"], app.PodLabels));
            if (app.Budget is not null)
                claimed.Add(app.Budget);

            foreach (var name in References(app.Spec, "configMap"))
            {
                var configMap = objects.FirstOrDefault(o => o.Kind == "ConfigMap" && o.Name == name && Free(o));
                if (configMap is null)
                    continue;
                claimed.Add(configMap);
                if (configMap.Json["binaryData"] is not null || configMap.Json["immutable"] is not null)
                    app.Extras.Add((configMap, "a ConfigMap with binaryData or immutable: the DSL writes text data only"));
                else
                    app.ConfigMaps.Add(configMap);
            }

            foreach (var (kind, name) in References(app.Spec, "secret").Select(n => ("Secret", n)).Append(("ServiceAccount", (string?)app.Spec["template"]?["spec"]?["serviceAccountName"] ?? string.Empty)))
            {
                var referenced = objects.FirstOrDefault(o => o.Kind == kind && o.Name == name && Free(o));
                if (referenced is null)
                    continue;
                claimed.Add(referenced);
                app.Extras.Add((referenced, kind == "Secret"
                    ? "a Secret the pods read: the DSL writes no Secrets (keep secret values out of source control: create it with kubectl or a secret manager and remove this)"
                    : "the pods' ServiceAccount: the DSL has no method for this kind"));
            }

            if (app.Namespace is not null && !plan.Apps.TakeWhile(a => a != app).Any(a => a.Namespace == app.Namespace))
            {
                app.NamespaceObject = objects.FirstOrDefault(o => o.Kind == "Namespace" && o.Name == app.Namespace && !claimed.Contains(o));
                if (app.NamespaceObject is not null)
                    claimed.Add(app.NamespaceObject);
            }
        }

        // The rest: objects that select one of the sets' pods go with it; others with the first set of their namespace.
        foreach (var obj in objects.Where(o => !claimed.Contains(o)))
        {
            if (onlyStatefulSets)
            {
                plan.Skipped.Add((obj, "it belongs to no StatefulSet (--only-statefulsets)"));
                continue;
            }

            var owner = plan.Apps.FirstOrDefault(a => a.Namespace == obj.Namespace && SelectorMatches(obj.Json["spec"]?["podSelector"] ?? obj.Json["spec"]?["selector"], a.PodLabels))
                ?? plan.Apps.FirstOrDefault(a => a.Namespace == (obj.Namespace ?? a.Namespace))
                ?? plan.Apps[0];
            owner.Extras.Add((obj, obj.Kind switch
            {
                "Service" or "PodDisruptionBudget" or "ConfigMap" => $"a {obj.Kind} that belongs to no StatefulSet of the input",
                "Secret" => "a Secret: the DSL writes no Secrets (keep secret values out of source control: create it with kubectl or a secret manager and remove this)",
                _ => $"the DSL has no method for {obj.Kind} ({obj.ApiVersion})",
            }));
        }

        return plan;
    }

    /// <summary>A Service whose selector picks pods of the set (also by the pod-name label, as rw/ro Services of a primary do).</summary>
    private static bool Selects(InputObject service, AppPlan app)
    {
        if (service.Json["spec"]?["selector"] is not JsonObject selector || selector.Count == 0)
            return false;
        var labels = app.PodLabels;
        return selector.All(p => JsonNode.DeepEquals(labels[p.Key], p.Value)
            || (p.Key == "statefulset.kubernetes.io/pod-name" && ((string?)p.Value ?? string.Empty).StartsWith(app.Set.Name + "-", StringComparison.Ordinal)));
    }

    /// <summary>A label selector (matchLabels, matchExpressions) or a plain map that matches <paramref name="labels"/>.</summary>
    internal static bool SelectorMatches(JsonNode? selector, JsonObject labels)
    {
        if (selector is not JsonObject s)
            return false;
        if (s["matchLabels"] is null && s["matchExpressions"] is null)
            return s.Count > 0 && s.All(p => JsonNode.DeepEquals(labels[p.Key], p.Value));
        var matchLabels = s["matchLabels"] as JsonObject ?? new JsonObject();
        var expressions = (s["matchExpressions"] as JsonArray)?.OfType<JsonObject>().ToList() ?? new List<JsonObject>();
        if (matchLabels.Count == 0 && expressions.Count == 0)
            return false;
        return matchLabels.All(p => JsonNode.DeepEquals(labels[p.Key], p.Value)) && expressions.All(e =>
        {
            var key = (string?)e["key"] ?? string.Empty;
            var values = (e["values"] as JsonArray)?.Select(v => (string?)v).ToList() ?? new List<string?>();
            var value = (string?)labels[key];
            return (string?)e["operator"] switch
            {
                "In" => value is not null && values.Contains(value),
                "NotIn" => value is null || !values.Contains(value),
                "Exists" => value is not null,
                "DoesNotExist" => value is null,
                _ => false,
            };
        });
    }

    /// <summary>Names of the ConfigMaps or Secrets the pod template reads (volumes, projections, env, envFrom).</summary>
    private static IEnumerable<string> References(JsonObject spec, string what)
    {
        var pod = spec["template"]?["spec"];
        var names = new List<string?>();
        foreach (var volume in (pod?["volumes"] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>())
        {
            names.Add(what == "secret" ? (string?)volume["secret"]?["secretName"] : (string?)volume["configMap"]?["name"]);
            foreach (var source in (volume["projected"]?["sources"] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>())
                names.Add((string?)source[what]?["name"]);
        }

        foreach (var field in new[] { "containers", "initContainers" })
        {
            foreach (var container in (pod?[field] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>())
            {
                foreach (var env in (container["env"] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>())
                    names.Add((string?)env["valueFrom"]?[what + "KeyRef"]?["name"]);
                foreach (var from in (container["envFrom"] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>())
                    names.Add((string?)from[what + "Ref"]?["name"]);
            }
        }

        if (what == "secret")
        {
            foreach (var pull in (pod?["imagePullSecrets"] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>())
                names.Add((string?)pull["name"]);
        }

        return names.OfType<string>().Distinct(StringComparer.Ordinal);
    }

    /// <summary>"web-db" → "WebDb"; unique within the class.</summary>
    private static string PropertyName(InputObject set, HashSet<string> taken)
    {
        static string Pascal(string text) => string.Concat(text.Split('-', '.', '_').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
        var name = Pascal(set.Name);
        if (name.Length == 0 || !char.IsLetter(name[0]))
            name = "App" + name;
        if (taken.Add(name))
            return name;
        if (set.Namespace is not null && taken.Add(name + Pascal(set.Namespace)))
            return name + Pascal(set.Namespace);
        for (var i = 2; ; i++)
        {
            if (taken.Add(name + i))
                return name + i;
        }
    }
}
