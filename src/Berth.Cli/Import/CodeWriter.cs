using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Berth.Cli.Import.CodeText;

namespace Berth.Cli.Import;

/// <summary>What the DSL could not express for one app, found by rendering the draft: assignments for Customize.</summary>
internal sealed class AppFixups
{
    /// <summary>C# statements run in <c>Customize(m => { … })</c>, with <c>m</c> the app's objects.</summary>
    public List<string> Statements { get; } = new();

    /// <summary>Input objects the draft did not render (carried verbatim with With).</summary>
    public List<JsonObject> Verbatim { get; } = new();
}

/// <summary>
/// Writes the <c>[Manifests]</c> class of an import: one <see cref="StatefulApp"/> property per StatefulSet, in the
/// DSL's own methods where they express the input, verbatim objects (<c>With</c>) for kinds the DSL has no method
/// for, and the found <see cref="AppFixups"/> in one <c>Customize</c> per app.
/// </summary>
internal static class CodeWriter
{
    private const int ChainIndent = 8;

    public static string Write(ImportPlan plan, string className, string source, IReadOnlyDictionary<AppPlan, AppFixups>? fixups)
    {
        var code = new StringBuilder();
        code.Append("// Imported by `berth import` from ").Append(source.Replace('\n', ' ')).Append(". Edit freely: this is now the source of these objects.\n");
        code.Append("// What the DSL cannot express is kept as it was: extra objects in With(...) and field assignments in Customize(...).\n");
        code.Append("using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing Berth;\nusing k8s;\nusing k8s.Models;\n\n");
        code.Append("[Manifests]\npublic static partial class ").Append(className).Append("\n{\n");
        foreach (var app in plan.Apps)
        {
            AppFixups? found = null;
            fixups?.TryGetValue(app, out found);
            App(code, app, found);
            code.Append('\n');
        }

        code.Append("    /// <summary>A Kubernetes object (or list) from YAML, for what the DSL has no method for.</summary>\n");
        code.Append("    private static T Yaml<T>(string yaml) => KubernetesYaml.Deserialize<T>(yaml);\n}\n");
        return code.ToString();
    }

    private static void App(StringBuilder code, AppPlan app, AppFixups? fixups)
    {
        var set = app.Set;
        var spec = app.Spec;
        var pod = spec["template"]?["spec"] as JsonObject ?? new JsonObject();
        var lines = new List<string>();
        void Call(string text) => lines.Add("." + text);

        code.Append("    /// <summary>").Append(set.Ref).Append(app.Namespace is null ? string.Empty : " in namespace " + app.Namespace).Append(", imported from ").Append(Escape(set.Source)).Append(".</summary>\n");
        code.Append("    public static StatefulApp ").Append(app.Property).Append(" { get; } = StatefulApp.Named(").Append(String(set.Name, 0)).Append(')');

        if (app.Namespace is not null)
            Call(app.NamespaceObject is null ? $"InNamespace({String(app.Namespace, 0)}, create: false)" : $"InNamespace({String(app.Namespace, 0)})");

        // Labels, declared once: the selector's labels are the identity; the pods' other labels go everywhere.
        var identity = spec["selector"]?["matchLabels"] as JsonObject;
        var identityPairs = identity?.Select(p => (p.Key, Scalar(p.Value) ?? string.Empty)).ToList() ?? new List<(string, string)>();
        if (identityPairs.Count == 0)
            identityPairs.Add(("app", set.Name));
        if (!(identityPairs.Count == 1 && identityPairs[0] == ("app", set.Name)))
            Call($"IdentityLabels({string.Join(", ", identityPairs.Select(p => $"({String(p.Item1, 0)}, {String(p.Item2, 0)})"))})");
        foreach (var (key, value) in app.PodLabels.Where(p => !identityPairs.Any(i => i.Item1 == p.Key)))
            Call($"Label({String(key, 0)}, {String(Scalar(value), 0)})");
        foreach (var (key, value) in (set.Json["metadata"]?["annotations"] as JsonObject) ?? new JsonObject())
            Call($"Annotation({String(key, 0)}, {String(Scalar(value), ChainIndent + 4)})");
        foreach (var (key, value) in (spec["template"]?["metadata"]?["annotations"] as JsonObject) ?? new JsonObject())
            Call($"PodAnnotation({String(key, 0)}, {String(Scalar(value), ChainIndent + 4)})");

        if (Long(spec["replicas"]) is { } replicas)
            Call($"Replicas({Int(replicas)})");

        // The governing Service: derived by the DSL (same name, selector from the identity, ports from the containers).
        var serviceName = (string?)spec["serviceName"] ?? string.Empty;
        if (app.Governing is null)
            Call($"UseExistingService({String(serviceName, 0)})");
        else
        {
            var publish = Bool(app.Governing.Json["spec"]?["publishNotReadyAddresses"]) == true;
            if (serviceName != set.Name)
                Call($"GoverningService({String(serviceName, 0)}{(publish ? ", publishNotReadyAddresses: true" : string.Empty)})");
            else if (publish)
                Call("PublishNotReadyAddresses()");
        }

        if (app.Client is not null)
        {
            var type = (string?)app.Client.Json["spec"]?["type"] ?? "ClusterIP";
            Call(type is "NodePort" or "LoadBalancer"
                ? $"ClientService({String(app.Client.Name, 0)}, ServiceType.{type})"
                : $"ClientService({String(app.Client.Name, 0)})");
        }

        if ((string?)spec["podManagementPolicy"] == "Parallel")
            Call("PodManagement(PodManagement.Parallel)");
        var strategy = spec["updateStrategy"] as JsonObject;
        if ((string?)strategy?["type"] == "OnDelete")
            Call("OnDelete()");
        else if (strategy?["rollingUpdate"] is JsonObject rolling)
        {
            var args = new List<string>();
            if (Long(rolling["partition"]) is { } partition) args.Add($"partition: {Int(partition)}");
            if (IntOrPercent(rolling["maxUnavailable"]) is { } max) args.Add($"maxUnavailable: {max}");
            if (args.Count > 0) Call($"RollingUpdate({string.Join(", ", args)})");
        }

        if (Long(spec["revisionHistoryLimit"]) is { } history) Call($"RevisionHistoryLimit({Int(history)})");
        if (Long(spec["minReadySeconds"]) is { } minReady) Call($"MinReadySeconds({Int(minReady)})");
        if (spec["persistentVolumeClaimRetentionPolicy"] is JsonObject retention)
            Call($"ClaimRetention(whenDeleted: ClaimRetention.{(string?)retention["whenDeleted"] ?? "Retain"}, whenScaled: ClaimRetention.{(string?)retention["whenScaled"] ?? "Retain"})");
        if (Long(spec["ordinals"]?["start"]) is { } start) Call($"StartOrdinal({Int(start)})");

        foreach (var container in (pod["initContainers"] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>())
            Call(Container(container, init: true));
        foreach (var container in (pod["containers"] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>())
            Call(Container(container, init: false));

        var volumes = (pod["volumes"] as JsonArray)?.OfType<JsonObject>().Select(v => (Name: (string?)v["name"] ?? string.Empty, Source: VolumeSource(v))).ToList();
        if (volumes is not null && volumes.All(v => v.Source is not null))
        {
            foreach (var (name, source) in volumes)
                Call($"Volume({String(name, 0)}, {source})");
        }

        var claims = (spec["volumeClaimTemplates"] as JsonArray)?.OfType<JsonObject>().Select(Claim).ToList();
        if (claims is not null && claims.All(c => c is not null))
        {
            foreach (var claim in claims)
                Call(claim!);
        }

        if ((string?)pod["serviceAccountName"] is { } account) Call($"ServiceAccount({String(account, 0)})");
        if (Long(pod["terminationGracePeriodSeconds"]) is { } grace) Call($"TerminationGracePeriod({Int(grace)})");
        foreach (var (key, value) in (pod["nodeSelector"] as JsonObject) ?? new JsonObject())
            Call($"NodeSelector({String(key, 0)}, {String(Scalar(value), 0)})");
        var tolerations = (pod["tolerations"] as JsonArray)?.OfType<JsonObject>().Select(Toleration).ToList();
        if (tolerations is not null && tolerations.All(t => t is not null))
        {
            foreach (var toleration in tolerations)
                Call(toleration!);
        }

        Affinity(pod, identityPairs, Call);
        if ((string?)pod["priorityClassName"] is { } priority) Call($"PriorityClass({String(priority, 0)})");
        if (pod["securityContext"] is JsonObject security && security.Count > 0)
        {
            Call(security.Count == 1 && Long(security["fsGroup"]) is { } fsGroup
                ? $"FsGroup({Int(fsGroup)})"
                : $"PodSecurity(() => Yaml<V1PodSecurityContext>({Raw(Yaml(security), ChainIndent + 4)}))");
        }

        foreach (var pull in (pod["imagePullSecrets"] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>())
            Call($"ImagePullSecret({String((string?)pull["name"], 0)})");

        foreach (var configMap in app.ConfigMaps)
        {
            var data = (configMap.Json["data"] as JsonObject) ?? new JsonObject();
            var entries = data.Select(p => $"{Pad(ChainIndent + 4)}[{String(p.Key, 0)}] = {String(Scalar(p.Value) ?? string.Empty, ChainIndent + 4)},\n");
            Call($"ConfigMap({String(configMap.Name, 0)}, new Dictionary<string, string>\n{Pad(ChainIndent)}{{\n{string.Concat(entries)}{Pad(ChainIndent)}}})");
        }

        if (app.Budget?.Json["spec"] is JsonObject budget)
        {
            var args = new List<string>();
            if (IntOrPercent(budget["maxUnavailable"]) is { } max) args.Add($"maxUnavailable: {max}");
            if (IntOrPercent(budget["minAvailable"]) is { } min) args.Add($"minAvailable: {min}");
            Call($"DisruptionBudget({string.Join(", ", args)})");
        }

        foreach (var (extra, reason) in app.Extras)
        {
            lines.Add($"// {extra.Ref}: {reason}; carried verbatim.");
            Call($"With({Raw(Yaml(extra.Json), ChainIndent)})");
        }

        foreach (var verbatim in fixups?.Verbatim ?? new List<JsonObject>())
        {
            lines.Add($"// {((string?)verbatim["kind"] ?? string.Empty).ToLowerInvariant()}/{(string?)verbatim["metadata"]?["name"]}: not expressed by the DSL calls above; carried verbatim.");
            Call($"With({Raw(Yaml(verbatim), ChainIndent)})");
        }

        if (fixups is { Statements.Count: > 0 })
        {
            lines.Add("// As in the input, where the DSL has no method for it (or derives something else):");
            Call("Customize(m =>\n" + Pad(ChainIndent) + "{\n" + string.Concat(fixups.Statements.Select(s => Pad(ChainIndent + 4) + s + "\n")) + Pad(ChainIndent) + "})");
        }

        foreach (var line in lines)
            code.Append('\n').Append(Pad(ChainIndent)).Append(line);
        code.Append(";\n");
    }

    private static string Pad(int n) => new(' ', n);

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>"1", "IntOrPercent.Percent(25)", or null.</summary>
    private static string? IntOrPercent(JsonNode? node)
    {
        if (Long(node) is { } n)
            return Int(n);
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String && ((string)v!).EndsWith('%') && long.TryParse(((string)v!)[..^1], out var percent))
            return $"IntOrPercent.Percent({Int(percent)})";
        return null;
    }

    // ------------------------------------------------------------------ containers

    private static string Container(JsonObject c, bool init)
    {
        var name = (string?)c["name"] ?? string.Empty;
        var image = (string?)c["image"] ?? string.Empty;
        var calls = new List<string>();
        if ((string?)c["imagePullPolicy"] is { } pull and ("Always" or "IfNotPresent" or "Never")) calls.Add($"PullPolicy(PullPolicy.{pull})");
        if (Strings(c["command"]) is { } command) calls.Add($"Command({command})");
        if (Strings(c["args"]) is { } args) calls.Add($"Args({args})");
        if ((string?)c["workingDir"] is { } dir) calls.Add($"WorkingDir({String(dir, 0)})");
        foreach (var port in (c["ports"] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>())
        {
            var number = Long(port["containerPort"]) ?? 0;
            var protocol = (string?)port["protocol"] switch { "UDP" => ", Protocol.Udp", "SCTP" => ", Protocol.Sctp", _ => string.Empty };
            var portName = (string?)port["name"];
            if (Long(port["hostPort"]) is { } hostPort && portName is not null)
                calls.Add($"HostPort({String(portName, 0)}, {Int(number)}, {Int(hostPort)}{protocol})");
            else
                calls.Add(portName is null ? $"Port({Int(number)}{protocol})" : $"Port({String(portName, 0)}, {Int(number)}{protocol})");
        }

        var env = (c["env"] as JsonArray)?.OfType<JsonObject>().Select(Env).ToList();
        if (env is not null && env.All(e => e is not null))
            calls.AddRange(env!);
        var envFrom = (c["envFrom"] as JsonArray)?.OfType<JsonObject>().Select(EnvFrom).ToList();
        if (envFrom is not null && envFrom.All(e => e is not null))
            calls.AddRange(envFrom!);

        if (c["resources"] is JsonObject resources)
        {
            var requests = resources["requests"] as JsonObject ?? new JsonObject();
            var limits = resources["limits"] as JsonObject ?? new JsonObject();
            string? Standard(JsonObject values)
            {
                var args = new[] { ("cpu", "cpu"), ("memory", "memory"), ("ephemeral-storage", "ephemeralStorage") }
                    .Where(r => values[r.Item1] is not null)
                    .Select(r => $"{r.Item2}: {String(Scalar(values[r.Item1]), 0)}").ToList();
                return args.Count == 0 ? null : string.Join(", ", args);
            }

            if (Standard(requests) is { } r) calls.Add($"Requests({r})");
            if (Standard(limits) is { } l) calls.Add($"Limits({l})");
            foreach (var other in requests.Select(p => p.Key).Union(limits.Select(p => p.Key)).Where(k => k is not "cpu" and not "memory" and not "ephemeral-storage"))
            {
                var resource = new List<string> { String(other, 0) };
                if (requests[other] is { } request) resource.Add($"request: {String(Scalar(request), 0)}");
                if (limits[other] is { } limit) resource.Add($"limit: {String(Scalar(limit), 0)}");
                calls.Add($"Resource({string.Join(", ", resource)})");
            }
        }

        foreach (var (field, probeMethod) in new[] { ("readinessProbe", "Readiness"), ("livenessProbe", "Liveness"), ("startupProbe", "Startup") })
        {
            if (c[field] is JsonObject probe && Probe(probe) is { } expression)
                calls.Add($"{probeMethod}({expression})");
        }

        if (c["lifecycle"] is JsonObject lifecycle && Only(lifecycle, "preStop") && lifecycle["preStop"] is JsonObject preStop)
        {
            if (Only(preStop, "exec") && Strings(preStop["exec"]?["command"]) is { } stop)
                calls.Add($"PreStop({stop})");
            else if (Only(preStop, "httpGet") && preStop["httpGet"] is JsonObject http && Only(http, "path", "port") && http["port"] is JsonValue p && p.GetValueKind() == JsonValueKind.String)
                calls.Add($"PreStopHttp({String((string?)http["path"] ?? "/", 0)}, {String((string?)p, 0)})");
        }

        var mounts = (c["volumeMounts"] as JsonArray)?.OfType<JsonObject>().Select(Mount).ToList();
        if (mounts is not null && mounts.All(m => m is not null))
            calls.AddRange(mounts!);
        if (c["securityContext"] is JsonObject security && security.Count > 0)
            calls.Add($"SecurityContext(Yaml<V1SecurityContext>({Raw(Yaml(security), ChainIndent + 8)}))");
        if (init && (string?)c["restartPolicy"] == "Always")
            calls.Add("AsSidecar()");

        var method = init ? "InitContainer" : "Container";
        if (calls.Count == 0)
            return $"{method}({String(name, 0)}, {String(image, 0)})";
        return $"{method}({String(name, 0)}, {String(image, 0)}, c => c" + string.Concat(calls.Select(call => "\n" + Pad(ChainIndent + 4) + "." + call)) + ")";
    }

    /// <summary>"\"a\", \"b\"" for a list of strings, else null.</summary>
    private static string? Strings(JsonNode? node)
    {
        if (node is not JsonArray array || array.Any(i => i is not JsonValue v || v.GetValueKind() != JsonValueKind.String))
            return null;
        return array.Count == 0 ? null : string.Join(", ", array.Select(i => String((string?)i, ChainIndent + 8)));
    }

    private static string? Env(JsonObject env)
    {
        var name = String((string?)env["name"], 0);
        if (env["valueFrom"] is not JsonObject from)
            return Only(env, "name", "value") ? $"Env({name}, {String(Scalar(env["value"]) ?? string.Empty, ChainIndent + 8)})" : null;
        if (!Only(env, "name", "valueFrom") || from.Count != 1)
            return null;
        if (from["secretKeyRef"] is JsonObject secret && Only(secret, "name", "key", "optional"))
            return $"EnvFromSecret({name}, secret: {String((string?)secret["name"], 0)}, key: {String((string?)secret["key"], 0)}{(Bool(secret["optional"]) == true ? ", optional: true" : string.Empty)})";
        if (from["configMapKeyRef"] is JsonObject configMap && Only(configMap, "name", "key", "optional"))
            return $"EnvFromConfigMap({name}, configMap: {String((string?)configMap["name"], 0)}, key: {String((string?)configMap["key"], 0)}{(Bool(configMap["optional"]) == true ? ", optional: true" : string.Empty)})";
        if (from["fieldRef"] is JsonObject field && Only(field, "fieldPath", "apiVersion") && ((string?)field["apiVersion"] ?? "v1") == "v1")
        {
            var podField = (string?)field["fieldPath"] switch
            {
                "metadata.name" => "Name",
                "metadata.namespace" => "Namespace",
                "status.podIP" => "PodIP",
                "spec.nodeName" => "NodeName",
                "spec.serviceAccountName" => "ServiceAccountName",
                "status.hostIP" => "HostIP",
                _ => null,
            };
            return podField is null || field["apiVersion"] is not null ? null : $"EnvFromPod({name}, PodField.{podField})";
        }

        return null;
    }

    private static string? EnvFrom(JsonObject from)
    {
        var prefix = (string?)from["prefix"] is { } p ? $", prefix: {String(p, 0)}" : string.Empty;
        if (from["secretRef"] is JsonObject secret && Only(secret, "name") && Only(from, "secretRef", "prefix"))
            return $"EnvFromAllOfSecret({String((string?)secret["name"], 0)}{prefix})";
        if (from["configMapRef"] is JsonObject configMap && Only(configMap, "name") && Only(from, "configMapRef", "prefix"))
            return $"EnvFromAllOfConfigMap({String((string?)configMap["name"], 0)}{prefix})";
        return null;
    }

    private static string? Mount(JsonObject mount)
    {
        if (!Only(mount, "name", "mountPath", "subPath", "readOnly"))
            return null;
        var args = new List<string> { String((string?)mount["name"], 0), String((string?)mount["mountPath"], 0) };
        if ((string?)mount["subPath"] is { } subPath) args.Add($"subPath: {String(subPath, 0)}");
        if (Bool(mount["readOnly"]) == true) args.Add("readOnly: true");
        return $"Mount({string.Join(", ", args)})";
    }

    private static string? Probe(JsonObject probe)
    {
        string? handler = null;
        if (probe["tcpSocket"] is JsonObject tcp && Only(tcp, "port"))
            handler = $"Probe.Tcp({Port(tcp["port"])})";
        else if (probe["httpGet"] is JsonObject http && Only(http, "path", "port", "scheme") && (string?)http["scheme"] is null or "HTTP" or "HTTPS")
            handler = $"Probe.Http({String((string?)http["path"] ?? "/", 0)}, {Port(http["port"])}{((string?)http["scheme"] == "HTTPS" ? ", https: true" : string.Empty)})";
        else if (probe["exec"] is JsonObject exec && Only(exec, "command") && Strings(exec["command"]) is { } command)
            handler = $"Probe.Exec({command})";
        else if (probe["grpc"] is JsonObject grpc && Only(grpc, "port", "service") && Long(grpc["port"]) is { } grpcPort)
            handler = $"Probe.Grpc({Int(grpcPort)}{((string?)grpc["service"] is { } service ? $", {String(service, 0)}" : string.Empty)})";
        if (handler is null)
            return null;
        foreach (var (field, method) in new[] { ("initialDelaySeconds", "InitialDelay"), ("periodSeconds", "Every"), ("timeoutSeconds", "Timeout"), ("failureThreshold", "FailureThreshold"), ("successThreshold", "SuccessThreshold"), ("terminationGracePeriodSeconds", "TerminationGracePeriod") })
        {
            if (Long(probe[field]) is { } value)
                handler += $".{method}({Int(value)})";
        }

        return handler;
    }

    private static string Port(JsonNode? port) => Long(port) is { } n ? Int(n) : String(Scalar(port) ?? string.Empty, 0);

    // ------------------------------------------------------------------ volumes, claims, scheduling

    private static string? VolumeSource(JsonObject volume)
    {
        if (volume["configMap"] is JsonObject configMap && Only(volume, "name", "configMap"))
            return KeyedSource("ConfigMap", configMap, "name");
        if (volume["secret"] is JsonObject secret && Only(volume, "name", "secret"))
            return KeyedSource("Secret", secret, "secretName");
        if (volume["emptyDir"] is JsonObject emptyDir && Only(volume, "name", "emptyDir") && Only(emptyDir, "sizeLimit", "medium") && (string?)emptyDir["medium"] is null or "" or "Memory")
        {
            var args = new List<string>();
            if (Scalar(emptyDir["sizeLimit"]) is { } size) args.Add($"sizeLimit: {String(size, 0)}");
            if ((string?)emptyDir["medium"] == "Memory") args.Add("inMemory: true");
            return $"VolumeSource.EmptyDir({string.Join(", ", args)})";
        }

        if (volume["projected"] is JsonObject projected && Only(volume, "name", "projected") && Only(projected, "sources"))
        {
            var sources = (projected["sources"] as JsonArray)?.OfType<JsonObject>().Select(s =>
                s["configMap"] is JsonObject c && Only(s, "configMap") ? KeyedSource("ConfigMap", c, "name", projection: true)
                : s["secret"] is JsonObject x && Only(s, "secret") ? KeyedSource("Secret", x, "name", projection: true)
                : null).ToList();
            if (sources is not null && sources.Count > 0 && sources.All(s => s is not null))
                return $"VolumeSource.Projected({string.Join(", ", sources)})";
        }

        return null;
    }

    private static string? KeyedSource(string method, JsonObject source, string nameField, bool projection = false)
    {
        if (!Only(source, nameField, "items", "optional", projection ? nameField : "defaultMode"))
            return null;
        var items = (source["items"] as JsonArray)?.OfType<JsonObject>().ToList() ?? new List<JsonObject>();
        if (items.Any(i => !Only(i, "key", "path")))
            return null;
        var args = new List<string> { String((string?)source[nameField], 0) };
        if (Long(source["defaultMode"]) is { } mode) args.Add($"defaultMode: Convert.ToInt32(\"{Convert.ToString(mode, 8)}\", 8)");
        if (Bool(source["optional"]) == true) args.Add("optional: true");
        return $"VolumeSource.{method}({string.Join(", ", args)})" + string.Concat(items.Select(i => $".Item({String((string?)i["key"], 0)}, {String((string?)i["path"], 0)})"));
    }

    private static string? Claim(JsonObject claim)
    {
        var meta = claim["metadata"] as JsonObject;
        var spec = claim["spec"] as JsonObject;
        if (meta is null || spec is null || !Only(meta, "name", "labels") || !Only(spec, "accessModes", "storageClassName", "volumeMode", "resources")
            || !Only(spec["resources"] as JsonObject, "requests") || !Only(spec["resources"]?["requests"] as JsonObject, "storage")
            || Scalar(spec["resources"]?["requests"]?["storage"]) is not { } size)
            return null;
        var modes = (spec["accessModes"] as JsonArray)?.Select(m => (string?)m).ToList() ?? new List<string?>();
        if (modes.Any(m => m is not ("ReadWriteOnce" or "ReadOnlyMany" or "ReadWriteMany" or "ReadWriteOncePod")) || modes.Count == 0)
            return null;
        var labels = meta["labels"] as JsonObject;
        var args = new List<string> { String((string?)meta["name"], 0), String(size, 0) };
        if (modes.Count == 1 && labels is null)
        {
            if (modes[0] != "ReadWriteOnce") args.Add($"AccessMode.{modes[0]}");
        }
        else
        {
            args.Add($"new[] {{ {string.Join(", ", modes.Select(m => "AccessMode." + m))} }}");
        }

        if ((string?)spec["storageClassName"] is { } storageClass) args.Add($"storageClass: {String(storageClass, 0)}");
        if ((string?)spec["volumeMode"] is { } volumeMode and ("Filesystem" or "Block")) args.Add($"volumeMode: VolumeMode.{volumeMode}");
        if (labels is not null) args.Add($"labels: new Dictionary<string, string> {{ {string.Join(", ", labels.Select(p => $"[{String(p.Key, 0)}] = {String(Scalar(p.Value), 0)}"))} }}");
        return $"VolumeClaim({string.Join(", ", args)})";
    }

    private static string? Toleration(JsonObject toleration)
    {
        if (!Only(toleration, "key", "operator", "value", "effect", "tolerationSeconds") || (string?)toleration["key"] is not { } key)
            return null;
        var op = (string?)toleration["operator"] ?? "Equal";
        var value = (string?)toleration["value"];
        if ((op == "Exists") != (value is null))
            return null;
        var args = new List<string> { String(key, 0) };
        if (value is not null) args.Add($"value: {String(value, 0)}");
        if ((string?)toleration["effect"] is { } effect)
        {
            if (effect is not ("NoSchedule" or "PreferNoSchedule" or "NoExecute")) return null;
            args.Add($"effect: TaintEffect.{effect}");
        }

        if (Long(toleration["tolerationSeconds"]) is { } seconds) args.Add($"tolerationSeconds: {Int(seconds)}");
        return $"Toleration({string.Join(", ", args)})";
    }

    /// <summary>SpreadAcrossNodes/SpreadAcrossZones when the rules are exactly what they write, else Affinity as it is.</summary>
    private static void Affinity(JsonObject pod, List<(string Key, string Value)> identity, Action<string> call)
    {
        var identitySelector = new JsonObject { ["matchLabels"] = new JsonObject(identity.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value))) };
        JsonObject Term(string key) => new() { ["labelSelector"] = identitySelector.DeepClone(), ["topologyKey"] = key };
        if (pod["affinity"] is JsonObject affinity && affinity.Count > 0)
        {
            var preferred = new JsonObject { ["podAntiAffinity"] = new JsonObject { ["preferredDuringSchedulingIgnoredDuringExecution"] = new JsonArray(new JsonObject { ["weight"] = 100, ["podAffinityTerm"] = Term("kubernetes.io/hostname") }) } };
            var required = new JsonObject { ["podAntiAffinity"] = new JsonObject { ["requiredDuringSchedulingIgnoredDuringExecution"] = new JsonArray(Term("kubernetes.io/hostname")) } };
            if (JsonNode.DeepEquals(affinity, preferred))
                call("SpreadAcrossNodes()");
            else if (JsonNode.DeepEquals(affinity, required))
                call("SpreadAcrossNodes(required: true)");
            else
                call($"Affinity(() => Yaml<V1Affinity>({Raw(Yaml(affinity), ChainIndent + 4)}))");
        }

        if (pod["topologySpreadConstraints"] is JsonArray { Count: 1 } constraints && constraints[0] is JsonObject constraint)
        {
            foreach (var (mode, args) in new[] { ("ScheduleAnyway", string.Empty), ("DoNotSchedule", "required: true") })
            {
                var expected = new JsonObject { ["maxSkew"] = 1, ["topologyKey"] = "topology.kubernetes.io/zone", ["whenUnsatisfiable"] = mode, ["labelSelector"] = identitySelector.DeepClone() };
                if (JsonNode.DeepEquals(constraint, expected))
                    call($"SpreadAcrossZones({args})");
            }
        }
    }
}
