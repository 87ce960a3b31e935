using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Berth.Testing.Cluster;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit;

namespace Berth.Cli.Tests.Support;

/// <summary>
/// The real test cluster (eng/cluster/up.sh) for the CLI tests, with a node simulator that sees only the pods and
/// claims labelled <see cref="SimLabel"/> (the fixture apps carry it). <c>dotnet test Dsl.sln</c> runs this project
/// next to Berth.Client.Tests, whose simulator must stay the only one acting on its pods (its tests hold pods
/// unready or crashing on purpose): this simulator never touches them. The kubeconfig is <c>$BERTH_KUBECONFIG</c>,
/// else <c>${BERTH_CLUSTER_DIR:-/tmp/berth-cluster}/kubeconfig</c>; tests fail (never skip) without a cluster.
/// </summary>
public sealed class CliCluster : IAsyncLifetime
{
    /// <summary>The xunit collection sharing one cluster fixture.</summary>
    public const string Collection = "berth CLI on the test cluster";

    /// <summary>The label every pod and claim of the fixture apps carries.</summary>
    public const string SimLabel = "berth.test/sim=cli";

    private const string NamespaceLabel = "berth.test/namespace";
    private readonly ConcurrentBag<string> namespaces = new();
    private Kubernetes? client;
    private NodeSimulator? simulator;
    private StreamWriter? log;

    /// <summary>The kubeconfig of the cluster.</summary>
    public string KubeconfigPath { get; } = FindKubeconfig();

    /// <summary>An admin client (unfiltered).</summary>
    public IKubernetes Client => client ?? throw new InvalidOperationException("not initialized");

    /// <summary>See the class summary.</summary>
    public static string FindKubeconfig()
    {
        var explicitPath = Environment.GetEnvironmentVariable("BERTH_KUBECONFIG");
        if (!string.IsNullOrWhiteSpace(explicitPath))
            return explicitPath;
        var dir = Environment.GetEnvironmentVariable("BERTH_CLUSTER_DIR");
        return Path.Combine(string.IsNullOrWhiteSpace(dir) ? "/tmp/berth-cluster" : dir, "kubeconfig");
    }

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        if (!File.Exists(KubeconfigPath))
            throw new InvalidOperationException($"berth CLI tests: kubeconfig '{KubeconfigPath}' does not exist; start the test cluster with eng/cluster/up.sh or set BERTH_KUBECONFIG");
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath);
        client = new Kubernetes(config);
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
            await client.Version.GetCodeAsync(cts.Token);

        var logs = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(KubeconfigPath))!, "logs");
        log = new StreamWriter(Path.Combine(Directory.Exists(logs) ? logs : Path.GetTempPath(), $"cli-node-simulator-{Environment.ProcessId}.log"), append: true) { AutoFlush = true };
        var filtered = new Kubernetes(config, new OnlyLabelled(SimLabel));
        simulator = new NodeSimulator(filtered, log: Log);
        await simulator.StartAsync();
    }

    private void Log(string line)
    {
        lock (this)
            log?.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
    }

    /// <summary>A new namespace "prefix-xxxxxx", ready for pods (its default service account has a token).</summary>
    public async Task<string> CreateNamespaceAsync(string prefix)
    {
        var name = $"{prefix}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant()}";
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { [NamespaceLabel] = "true" } },
        });
        namespaces.Add(name);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                var sa = await Client.CoreV1.ReadNamespacedServiceAccountAsync("default", name);
                if (sa.Secrets?.Count > 0)
                    return name;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
            }

            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"namespace {name}: service account 'default' got no token within 30s");
            await Task.Delay(100);
        }
    }

    /// <summary>The claims in a namespace, by name.</summary>
    public async Task<IReadOnlyList<string>> ClaimsAsync(string ns) =>
        (await Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns)).Items.Select(c => c.Metadata.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();

    /// <summary>Runs berth in-process against this cluster, in namespace <paramref name="ns"/>, with the fixture's definitions.</summary>
    public Task<CliResult> BerthAsync(string ns, params string[] args) =>
        Tool.RunAsync(args.Concat(new[] { "--kubeconfig", KubeconfigPath, "-n", ns, "--assembly", Tool.FixtureAssembly }).ToArray());

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (client is not null)
        {
            foreach (var ns in namespaces)
            {
                try
                {
                    await client.CoreV1.DeleteNamespaceAsync(ns, new V1DeleteOptions { PropagationPolicy = "Background" });
                }
                catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
                {
                }
            }

            // The simulator finishes the deletion of the pods; wait a little for the namespaces to go.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            var left = namespaces.ToHashSet();
            while (left.Count > 0 && DateTime.UtcNow < deadline)
            {
                var existing = await client.CoreV1.ListNamespaceAsync(labelSelector: NamespaceLabel + "=true");
                left.IntersectWith(existing.Items.Select(n => n.Metadata.Name));
                if (left.Count > 0)
                    await Task.Delay(250);
            }
        }

        if (simulator is not null)
            await simulator.DisposeAsync();
        client?.Dispose();
        log?.Dispose();
    }

    /// <summary>
    /// Adds a label selector to the cluster-wide lists and watches of pods, claims and volumes, so the simulator made
    /// with it acts only on the fixture's pods and claims (and its start-up sweep of orphaned volumes sees none).
    /// </summary>
    private sealed class OnlyLabelled : DelegatingHandler
    {
        private readonly string selector;

        public OnlyLabelled(string selector) => this.selector = selector;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Get && request.RequestUri is { } uri
                && uri.AbsolutePath is "/api/v1/pods" or "/api/v1/persistentvolumeclaims" or "/api/v1/persistentvolumes")
            {
                var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
                var existing = query["labelSelector"];
                query["labelSelector"] = string.IsNullOrEmpty(existing) ? selector : existing + "," + selector;
                request.RequestUri = new UriBuilder(uri) { Query = query.ToString() }.Uri;
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>The xunit collection sharing one <see cref="CliCluster"/>.</summary>
[CollectionDefinition(CliCluster.Collection)]
public sealed class CliClusterCollection : ICollectionFixture<CliCluster>
{
}
