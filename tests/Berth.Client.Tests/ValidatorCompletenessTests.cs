using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Berth.Client.Tests.Support;
using Berth.Planning;
using Berth.Rules;
using Berth.Testing.Cluster;
using k8s;
using Xunit;
using Xunit.Abstractions;

namespace Berth.Client.Tests;

/// <summary>
/// Validator completeness (issue 13 item 2): thousands of generated definitions, valid and broken, each judged by
/// Berth's validator (the build step's plan: <see cref="ManifestPlan"/>) and by the real API server's server-side dry
/// run of the rendered objects. The 1.20 server does not validate a StatefulSet's pod template or claim templates, so
/// the Pod and the claims the controller would create from them are dry-run too: that is the server's verdict on the
/// template. Target: no definition that Berth passes and the server rejects; a definition Berth rejects while the
/// server accepts only through a rule that a newer server enforces, listed with its version on the rule's page.
/// <c>BERTH_VALIDATOR_DEFINITIONS</c> (default 1500) and <c>BERTH_VALIDATOR_SEED</c> (default 20261204) are the knobs.
/// </summary>
[Collection(TestCluster.Collection)]
public sealed class ValidatorCompletenessTests
{
    private const int DefaultSeed = 20261204;
    private const int DefaultCount = 1500;
    private const int Concurrency = 12;
    private const int MaxShownPerFamily = 8;

    /// <summary>
    /// Rules that newer servers enforce and the 1.20 test server does not: a Berth error on what 1.20 accepts is
    /// expected for these, and the rule's page must list the version (the test reads it).
    /// </summary>
    private static readonly (string Id, string MessagePart, string Version)[] NewerServerRules =
    {
        ("BERTH024", "terminationGracePeriodSeconds", "1.21"),
    };

    private readonly TestCluster cluster;
    private readonly ITestOutputHelper output;

    public ValidatorCompletenessTests(TestCluster cluster, ITestOutputHelper output)
    {
        this.cluster = cluster;
        this.output = output;
    }

    [Fact]
    public async Task Berth_validator_agrees_with_the_API_server_on_generated_definitions()
    {
        var seed = Knob("BERTH_VALIDATOR_SEED", DefaultSeed);
        var count = Knob("BERTH_VALIDATOR_DEFINITIONS", DefaultCount);
        output.WriteLine($"validator completeness: seed {seed} (BERTH_VALIDATOR_SEED), {count} definitions (BERTH_VALIDATOR_DEFINITIONS)");

        await using var ns = await cluster.CreateNamespaceAsync("validator");
        using var server = new DryRunServer(cluster.KubeconfigPath, ns.Name);
        var outcomes = new Outcome[count];
        using var gate = new SemaphoreSlim(Concurrency);
        var started = DateTime.UtcNow;
        var tasks = Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                outcomes[i] = await JudgeAsync(DefinitionGenerator.Generate(seed, i), server);
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(tasks);
        var elapsed = DateTime.UtcNow - started;

        // The figures, per field family.
        output.WriteLine($"{"family",-12} {"generated",9} {"agreed",7} {"both-ok",7} {"both-bad",8} {"berth-only",10} {"newer-srv",9} {"server-only",11} {"warned",6}");
        foreach (var group in outcomes.GroupBy(o => o.Definition.Family).OrderBy(g => Array.IndexOf(DefinitionGenerator.Families, g.Key)).Append(outcomes.GroupBy(_ => "total").Single()))
        {
            var list = group.ToList();
            output.WriteLine($"{group.Key,-12} {list.Count,9} {list.Count(o => o.Agreed),7} {list.Count(o => !o.BerthRejects && !o.ServerRejects),7} " +
                             $"{list.Count(o => o.BerthRejects && o.ServerRejects),8} {list.Count(o => o.BerthOnly && !o.NewerServerOnly),10} " +
                             $"{list.Count(o => o.NewerServerOnly),9} {list.Count(o => o.ServerOnly),11} {list.Count(o => !o.BerthRejects && o.Warnings.Count > 0),6}");
        }

        output.WriteLine($"{server.Requests} dry-run requests in {elapsed.TotalSeconds:0.0} s");
        var serverOnly = outcomes.Where(o => o.ServerOnly).ToList();
        var berthOnly = outcomes.Where(o => o.BerthOnly && !o.NewerServerOnly).ToList();
        foreach (var o in serverOnly.GroupBy(o => o.Definition.Family).SelectMany(g => g.Take(MaxShownPerFamily)))
            output.WriteLine($"SERVER-ONLY #{o.Definition.Index} [{o.Definition.Family}] {o.Definition.Description}: {o.ServerMessage}");
        foreach (var o in berthOnly.GroupBy(o => o.Definition.Family).SelectMany(g => g.Take(MaxShownPerFamily)))
            output.WriteLine($"BERTH-ONLY #{o.Definition.Index} [{o.Definition.Family}] {o.Definition.Description}: {string.Join(" | ", o.Errors)}");

        // The rules only newer servers enforce are on their pages, with the version.
        foreach (var (id, part, version) in NewerServerRules.Where(r => outcomes.Any(o => o.NewerServerOnly && o.Errors.Any(e => e.StartsWith(r.Id, StringComparison.Ordinal)))))
        {
            var page = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "diagnostics", id + ".md"));
            Assert.True(page.Contains(part, StringComparison.Ordinal) && page.Contains("Kubernetes " + version, StringComparison.Ordinal),
                $"docs/diagnostics/{id}.md must list the newer-server rule on {part} with 'Kubernetes {version}'");
        }

        Assert.True(outcomes.Count(o => o.BerthRejects) > count / 5 && outcomes.Count(o => !o.BerthRejects) > count / 5,
            $"the generator must make both valid and invalid definitions (seed {seed})");
        Assert.True(serverOnly.Count == 0,
            $"{serverOnly.Count} definition(s) pass Berth's validator but the API server rejects them (seed {seed}); first: " +
            string.Join("; ", serverOnly.Take(5).Select(o => $"#{o.Definition.Index} [{o.Definition.Family}] {o.Definition.Description}: {o.ServerMessage}")));
        Assert.True(berthOnly.Count == 0,
            $"{berthOnly.Count} definition(s) get a Berth error the API server accepts (seed {seed}); first: " +
            string.Join("; ", berthOnly.Take(5).Select(o => $"#{o.Definition.Index} [{o.Definition.Family}] {o.Definition.Description}: {string.Join(" | ", o.Errors)}")));
    }

    private static async Task<Outcome> JudgeAsync(DefinitionGenerator.Definition definition, DryRunServer server)
    {
        // Berth's verdict: the build step's plan (the app built, validated with the rule catalog).
        var errors = new List<string>();
        var warnings = new List<string>();
        AppManifests? manifests = null;
        try
        {
            var planned = PlannedApp.Of(definition.App);
            manifests = planned.Manifests;
            foreach (var d in ManifestPlan.Create(new[] { planned }).Diagnostics)
                (d.Severity == RuleSeverity.Error ? errors : warnings).Add($"{d.Id} {d.Message}");
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            errors.Add($"DSL threw {e.GetType().Name}: {e.Message}");
        }

        // The server's verdict: each object dry-run; the first refusal is the verdict.
        string? refusal = null;
        if (manifests is not null)
        {
            foreach (var (path, body) in ServerObjects(manifests, definition, server.Namespace))
            {
                refusal = await server.DryRunAsync(path, body);
                if (refusal is not null) break;
            }
        }
        else
        {
            refusal = "(not built)";
        }

        var newerOnly = errors.Count > 0 && errors.All(e => NewerServerRules.Any(r => e.StartsWith(r.Id, StringComparison.Ordinal) && e.Contains(r.MessagePart, StringComparison.Ordinal)));
        return new Outcome(definition, errors, warnings, refusal, newerOnly);
    }

    /// <summary>
    /// The objects the server judges, as JSON for the dry-run namespace: the Namespace (its name), the app's objects,
    /// and the Pod and claims the StatefulSet controller makes for ordinal 0.
    /// </summary>
    private static IEnumerable<(string Path, JsonObject Body)> ServerObjects(AppManifests manifests, DefinitionGenerator.Definition definition, string ns)
    {
        JsonObject Json(object o) => (JsonObject)JsonNode.Parse(KubernetesJson.Serialize(o))!;
        JsonObject Placed(object o)
        {
            var json = Json(o);
            json["metadata"]!["namespace"] = ns;
            return json;
        }

        if (definition.App.Namespace is { } appNamespace)
            yield return ("/api/v1/namespaces", new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = appNamespace } });
        foreach (var configMap in manifests.ConfigMaps)
            yield return ($"/api/v1/namespaces/{ns}/configmaps", Placed(configMap));
        if (manifests.GoverningService is { } governing)
            yield return ($"/api/v1/namespaces/{ns}/services", Placed(governing));
        if (manifests.ClientService is { } client)
            yield return ($"/api/v1/namespaces/{ns}/services", Placed(client));
        if (manifests.DisruptionBudget is { } budget)
        {
            // The 1.20 server serves policy/v1beta1 only; the client writes that version there.
            var json = Placed(budget);
            json["apiVersion"] = "policy/v1beta1";
            yield return ($"/apis/policy/v1beta1/namespaces/{ns}/poddisruptionbudgets", json);
        }

        var set = Placed(manifests.StatefulSet);
        InsertRawQuantities(set, definition.Quantities);
        yield return ($"/apis/apps/v1/namespaces/{ns}/statefulsets", set);

        // The controller's pod for ordinal 0 (newStatefulSetPod in Kubernetes 1.20): the template's metadata and spec,
        // name <set>-0, hostname and subdomain, the pod-name and controller-revision-hash labels, an owner reference,
        // and each claim template as a persistentVolumeClaim volume (replacing a template volume of that name).
        var setName = manifests.StatefulSet.Metadata?.Name ?? string.Empty;
        var podName = setName + "-0";
        var template = set["spec"]?["template"]?.DeepClone() as JsonObject ?? new JsonObject();
        var metadata = Obj(template, "metadata");
        var labels = Obj(metadata, "labels");
        labels["controller-revision-hash"] = setName + "-5d8b9f7c6d";
        labels["statefulset.kubernetes.io/pod-name"] = podName;
        metadata["name"] = podName;
        metadata["namespace"] = ns;
        metadata["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = "apps/v1", ["kind"] = "StatefulSet", ["name"] = setName,
            ["uid"] = "00000000-0000-0000-0000-000000000001", ["controller"] = true, ["blockOwnerDeletion"] = true,
        });
        var podSpec = Obj(template, "spec");
        podSpec["hostname"] = podName;
        if (set["spec"]?["serviceName"] is { } serviceName) podSpec["subdomain"] = serviceName.DeepClone();
        var claims = set["spec"]?["volumeClaimTemplates"] as JsonArray ?? new JsonArray();
        var volumes = podSpec["volumes"] as JsonArray ?? new JsonArray();
        podSpec.Remove("volumes");
        foreach (var claim in claims.OfType<JsonObject>())
        {
            var claimName = (string?)claim["metadata"]?["name"] ?? string.Empty;
            var volume = new JsonObject { ["name"] = claimName, ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = $"{claimName}-{podName}" } };
            var existing = volumes.OfType<JsonObject>().FirstOrDefault(v => (string?)v["name"] == claimName);
            if (existing is not null) volumes[volumes.IndexOf(existing)] = volume;
            else volumes.Add(volume);
        }

        if (volumes.Count > 0) podSpec["volumes"] = volumes;
        template.Remove("metadata");
        template.Remove("spec");
        yield return ($"/api/v1/namespaces/{ns}/pods", new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = metadata, ["spec"] = podSpec });

        // The controller's claims: <template>-<set>-<ordinal>, labelled with the selector's matchLabels.
        foreach (var claim in claims.OfType<JsonObject>())
        {
            var pvc = (JsonObject)claim.DeepClone();
            var claimMeta = Obj(pvc, "metadata");
            claimMeta["name"] = $"{(string?)claim["metadata"]?["name"]}-{podName}";
            claimMeta["namespace"] = ns;
            var claimLabels = Obj(claimMeta, "labels");
            foreach (var (key, value) in set["spec"]?["selector"]?["matchLabels"] as JsonObject ?? new JsonObject())
                claimLabels[key] = value?.DeepClone();
            if (claimLabels.Count == 0) claimMeta.Remove("labels");
            pvc["apiVersion"] = "v1";
            pvc["kind"] = "PersistentVolumeClaim";
            pvc.Remove("status");
            yield return ($"/api/v1/namespaces/{ns}/persistentvolumeclaims", pvc);
        }
    }

    /// <summary>
    /// Puts the quantities Berth could not parse into the StatefulSet as the definition wrote them: the typed objects leave
    /// them out (Berth reports them, BERTH021). The others are sent as Berth renders them (canonical, e.g. "+1" as "1").
    /// </summary>
    private static void InsertRawQuantities(JsonObject set, IReadOnlyList<DefinitionGenerator.RawQuantity> quantities)
    {
        // A later call sets the same quantity again (Requests(cpu: ...) twice): the last one is the definition's.
        var last = quantities.GroupBy(q => (q.Container, q.Section, q.Resource)).Select(g => g.Last());
        foreach (var q in last)
        {
            if (q.Container is null)
            {
                var claim = (set["spec"]?["volumeClaimTemplates"] as JsonArray)?.OfType<JsonObject>().LastOrDefault(c => (string?)c["metadata"]?["name"] == q.Resource);
                if (claim is null) continue;
                var requests = Obj(Obj(Obj(claim, "spec"), "resources"), "requests");
                if (requests["storage"] is null) requests["storage"] = q.Text;
                continue;
            }

            var container = (set["spec"]?["template"]?["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["name"] == q.Container);
            if (container is null) continue;
            var section = Obj(Obj(container, "resources"), q.Section);
            if (section[q.Resource] is null) section[q.Resource] = q.Text;
        }
    }

    /// <summary>The object under <paramref name="key"/>, added when missing.</summary>
    private static JsonObject Obj(JsonObject parent, string key)
    {
        if (parent[key] is JsonObject existing) return existing;
        var created = new JsonObject();
        parent[key] = created;
        return created;
    }

    private static int Knob(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dsl.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root (Dsl.sln) not found above " + AppContext.BaseDirectory);
    }

    private sealed record Outcome(DefinitionGenerator.Definition Definition, List<string> Errors, List<string> Warnings, string? ServerMessage, bool NewerServerOnly)
    {
        public bool BerthRejects => Errors.Count > 0;

        public bool ServerRejects => ServerMessage is not null;

        public bool Agreed => BerthRejects == ServerRejects;

        public bool BerthOnly => BerthRejects && !ServerRejects;

        public bool ServerOnly => !BerthRejects && ServerRejects;
    }

    /// <summary>Server-side dry runs of raw JSON objects (raw, so that a quantity the typed model cannot hold is sent as written).</summary>
    private sealed class DryRunServer : IDisposable
    {
        private readonly Kubernetes client;
        private readonly string? token;
        private int requests;

        public DryRunServer(string kubeconfig, string ns)
        {
            var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);
            client = new Kubernetes(config);
            token = config.AccessToken;
            Namespace = ns;
        }

        public string Namespace { get; }

        public int Requests => requests;

        /// <summary>Null when the server accepts the object (or it exists already), else the server's message.</summary>
        public async Task<string?> DryRunAsync(string path, JsonObject body)
        {
            Interlocked.Increment(ref requests);
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(client.BaseUri, path.TrimStart('/') + "?dryRun=All"))
            {
                Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.HttpClient.SendAsync(request);
            if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Conflict) return null;
            var text = await response.Content.ReadAsStringAsync();
            var message = (JsonNode.Parse(text) as JsonObject)?["message"]?.GetValue<string>() ?? text;
            var kind = (string?)body["kind"];
            if ((int)response.StatusCode >= 500)
                throw new InvalidOperationException($"dry run of a {kind} failed with {(int)response.StatusCode}: {message}");
            return $"{kind} {(int)response.StatusCode}: {message}";
        }

        public void Dispose() => client.Dispose();
    }
}
