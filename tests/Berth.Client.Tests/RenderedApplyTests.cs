using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Berth.Client.Tests.Support;
using Berth.Planning;
using Berth.Testing.Cluster;
using k8s;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace Berth.Client.Tests;

/// <summary>
/// What apply sends is what render and the build write: the apply requests, captured on their way to the real API
/// server, compared field for field with the rendered YAML (read independently, as plain YAML), with only the
/// documented server adaptations (namespace of the context, PodDisruptionBudget API version by discovery).
/// </summary>
[Collection(TestCluster.Collection)]
public sealed class RenderedApplyTests
{
    private readonly TestCluster cluster;

    public RenderedApplyTests(TestCluster cluster) => this.cluster = cluster;

    /// <summary>Records the body of every server-side apply request that is not a dry run.</summary>
    private sealed class ApplyCapture : DelegatingHandler
    {
        public ConcurrentQueue<(string Path, string Body)> Applied { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var query = request.RequestUri!.Query;
            if (request.Method == HttpMethod.Patch && request.Content is not null && !query.Contains("dryRun", StringComparison.Ordinal)
                && request.Content.Headers.ContentType?.MediaType == "application/apply-patch+yaml")
                Applied.Enqueue((request.RequestUri.AbsolutePath, await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)));
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }

    [Fact]
    public async Task Apply_sends_the_rendered_manifests_field_for_field_plus_the_documented_adaptations_which_diff_shows()
    {
        await using var ns = await cluster.CreateNamespaceAsync("rendered");
        var capture = new ApplyCapture();
        using var k8s = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(cluster.KubeconfigPath), capture);
        using var client = new BerthClient(k8s, ns); // the context's namespace: the definition names none
        var app = StatefulApp.Named("web")
            .Replicas(1)
            .Container("web", TestApps.Image1, c => c
                .Port("http", 8080)
                .Env("MODE", "0755")
                .Requests(cpu: "10m", memory: "16Mi").Limits(memory: "32Mi")
                .Readiness(Probe.Tcp("http"))
                .Mount("data", "/data"))
            .VolumeClaim("data", "1Gi")
            .DisruptionBudget(maxUnavailable: 1);
        var rendered = Encoding.UTF8.GetString(PlannedApp.Of(app).Yaml);
        Assert.Equal(ManifestYaml.Serialize(app.Build()), rendered); // what the build writes

        var diff = await client.For(app).DiffAsync();
        Assert.Contains(diff.Adaptations, a => a == $"namespace {(string)ns} from the client's context: the definition names none");
        Assert.Contains(diff.Adaptations, a => a.StartsWith("poddisruptionbudget/web written as policy/v1beta1: the server (v1.20.2) does not serve policy/v1", StringComparison.Ordinal));
        await client.For(app).ApplyAsync();

        var documents = Documents(rendered);
        var sent = capture.Applied.ToList();
        Assert.Equal(new[] { "Service", "PodDisruptionBudget", "StatefulSet" }, documents.Select(d => d["kind"]));
        Assert.Equal(documents.Count, sent.Count);
        for (var i = 0; i < documents.Count; i++)
        {
            var expected = new SortedDictionary<string, string>(documents[i], StringComparer.Ordinal);
            // The documented adaptations, and nothing else.
            expected["metadata.namespace"] = ns;
            if (expected["kind"] == "PodDisruptionBudget")
                expected["apiVersion"] = "policy/v1beta1";
            var actual = new SortedDictionary<string, string>(Flatten(JsonNode.Parse(sent[i].Body)!), StringComparer.Ordinal);
            Assert.Equal(expected, actual);
        }

        Assert.Equal(new[] { "services/web", "poddisruptionbudgets/web", "statefulsets/web" }, sent.Select(s => s.Path[(s.Path.LastIndexOf('/', s.Path.LastIndexOf('/') - 1) + 1)..]));
    }

    /// <summary>Each YAML document as path → scalar text, read with YamlDotNet's representation model (no Kubernetes types).</summary>
    private static List<Dictionary<string, string>> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d =>
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            Flatten(d.RootNode, string.Empty, fields);
            return fields;
        }).ToList();
    }

    private static void Flatten(YamlNode node, string path, Dictionary<string, string> fields)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                    Flatten(value, path.Length == 0 ? ((YamlScalarNode)key).Value! : path + "." + ((YamlScalarNode)key).Value, fields);
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                    Flatten(sequence.Children[i], $"{path}[{i}]", fields);
                break;
            case YamlScalarNode scalar:
                fields[path] = scalar.Value ?? string.Empty;
                break;
        }
    }

    private static Dictionary<string, string> Flatten(JsonNode json)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(JsonNode? node, string path)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (key, value) in o)
                        Walk(value, path.Length == 0 ? key : path + "." + key);
                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                        Walk(a[i], $"{path}[{i}]");
                    break;
                case JsonValue v:
                    fields[path] = v.GetValueKind() switch
                    {
                        System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
                        System.Text.Json.JsonValueKind.True => "true",
                        System.Text.Json.JsonValueKind.False => "false",
                        _ => v.ToJsonString(),
                    };
                    break;
            }
        }

        Walk(json, string.Empty);
        return fields;
    }
}
