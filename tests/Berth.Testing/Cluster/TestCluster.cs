using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit;

namespace Berth.Testing.Cluster;

/// <summary>
/// The real Kubernetes 1.20 test cluster (eng/cluster/up.sh) plus a <see cref="NodeSimulator"/>,
/// shared by the tests of the <see cref="Collection"/> collection. Use with
/// <c>[Collection(TestCluster.Collection)]</c> and take it in the test class constructor. xunit
/// looks for collection definitions only in the test assembly, so each test project declares
/// <c>[CollectionDefinition(TestCluster.Collection)] class ... : ICollectionFixture&lt;TestCluster&gt;</c>.
/// Finds the kubeconfig in <c>$BERTH_KUBECONFIG</c>, else
/// <c>${BERTH_CLUSTER_DIR:-/tmp/berth-cluster}/kubeconfig</c>. Fails (never skips) when the
/// cluster is not there.
/// </summary>
public sealed class TestCluster : IAsyncLifetime
{
    /// <summary>Name of the xunit collection that shares one cluster fixture.</summary>
    public const string Collection = "Berth test cluster";

    /// <summary>Label put on every namespace created by <see cref="CreateNamespaceAsync"/>.</summary>
    public const string NamespaceLabel = "berth.test/namespace";

    private readonly ConcurrentDictionary<string, byte> liveNamespaces = new();
    private readonly ConcurrentBag<string> allNamespaces = new();
    private readonly object logGate = new();
    private StreamWriter? logWriter;
    private Kubernetes? client;
    private NodeSimulator? simulator;

    /// <summary>Path of the kubeconfig in use.</summary>
    public string KubeconfigPath { get; } = FindKubeconfig();

    /// <summary>Client for the cluster (admin rights).</summary>
    public IKubernetes Client => client ?? throw new InvalidOperationException("TestCluster is not initialized");

    /// <summary>The node simulator; set per-pod policies on it (KeepUnready, Crash, ...).</summary>
    public NodeSimulator Simulator => simulator ?? throw new InvalidOperationException("TestCluster is not initialized");

    /// <summary>The server's version (1.20.2 for the cluster from eng/cluster).</summary>
    public VersionInfo ServerVersion { get; private set; } = new();

    /// <summary>Where the simulator and fixture write their log.</summary>
    public string LogPath { get; private set; } = "";

    /// <summary>The kubeconfig path from the environment (see class summary).</summary>
    public static string FindKubeconfig()
    {
        var explicitPath = Environment.GetEnvironmentVariable("BERTH_KUBECONFIG");
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return explicitPath;
        }

        var dir = Environment.GetEnvironmentVariable("BERTH_CLUSTER_DIR");
        return Path.Combine(string.IsNullOrWhiteSpace(dir) ? "/tmp/berth-cluster" : dir, "kubeconfig");
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        const string hint = "Start the test cluster with eng/cluster/up.sh (after eng/cluster/install.sh once per machine), " +
                            "or point BERTH_KUBECONFIG at a kubeconfig.";
        if (!File.Exists(KubeconfigPath))
        {
            throw new InvalidOperationException($"Berth test cluster: kubeconfig '{KubeconfigPath}' does not exist. {hint}");
        }

        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath);
        client = new Kubernetes(config);
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            ServerVersion = await client.Version.GetCodeAsync(cts.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException(
                $"Berth test cluster: the API server {config.Host} (kubeconfig '{KubeconfigPath}') does not answer: " +
                $"{e.GetType().Name}: {e.Message}. {hint}", e);
        }

        OpenLog();
        simulator = new NodeSimulator(client, log: Log);
        await simulator.StartAsync().ConfigureAwait(false);
        Log($"connected to {config.Host}, server {ServerVersion.GitVersion}");
    }

    /// <summary>
    /// Creates a namespace named "<paramref name="prefix"/>-xxxxxx" and waits until pods can be
    /// created in it (its default service account has its token). Dispose the result to delete it.
    /// </summary>
    public async Task<TestNamespace> CreateNamespaceAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var clean = Regex.Replace(prefix.ToLowerInvariant(), "[^a-z0-9-]+", "-").Trim('-');
        clean = clean.Length == 0 ? "test" : clean[..Math.Min(clean.Length, 48)].TrimEnd('-');
        var name = $"{clean}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant()}";
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { [NamespaceLabel] = "true" } },
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        liveNamespaces[name] = 0;
        allNamespaces.Add(name);
        Log($"namespace {name} created");

        // ServiceAccount admission rejects pods until the token controller has given the
        // namespace's default service account its token secret.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            try
            {
                var sa = await Client.CoreV1.ReadNamespacedServiceAccountAsync("default", name, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (sa.Secrets?.Count > 0)
                {
                    break;
                }
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"namespace {name}: service account 'default' got no token within 90s (is kube-controller-manager running?)");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        return new TestNamespace(this, name);
    }

    /// <summary>Deletes a namespace (background propagation), ignoring one that is already gone.</summary>
    public async Task DeleteNamespaceAsync(string name)
    {
        if (!liveNamespaces.TryRemove(name, out _))
        {
            return;
        }

        try
        {
            await Client.CoreV1.DeleteNamespaceAsync(name, new V1DeleteOptions { PropagationPolicy = "Background" }).ConfigureAwait(false);
            Log($"namespace {name} deleted");
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    /// <summary>A new client of its own for the cluster (admin rights); the caller disposes it.</summary>
    public Kubernetes CreateClient() => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath));

    /// <summary>Runs kubectl against this cluster.</summary>
    public Task<KubectlResult> KubectlAsync(IEnumerable<string> args, string? stdin = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Kubectl.RunAsync(KubeconfigPath, args, stdin, timeout, cancellationToken);

    /// <summary>Runs kubectl against this cluster.</summary>
    public Task<KubectlResult> KubectlAsync(params string[] args) => Kubectl.RunAsync(KubeconfigPath, args);

    /// <summary>Writes a line to the fixture log (<see cref="LogPath"/>).</summary>
    public void Log(string line)
    {
        lock (logGate)
        {
            logWriter?.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
        }
    }

    private void OpenLog()
    {
        var logs = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(KubeconfigPath))!, "logs");
        var dir = Directory.Exists(logs) ? logs : Path.GetTempPath();
        LogPath = Path.Combine(dir, $"node-simulator-{Environment.ProcessId}.log");
        logWriter = new StreamWriter(LogPath, append: true, Encoding.UTF8) { AutoFlush = true };
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (client is not null)
        {
            foreach (var name in liveNamespaces.Keys.ToList())
            {
                await DeleteNamespaceAsync(name).ConfigureAwait(false);
            }

            // Let the simulator finish the pods of the deleted namespaces before it stops.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            var names = allNamespaces.ToHashSet();
            while (names.Count > 0 && DateTime.UtcNow < deadline)
            {
                var existing = await client.CoreV1.ListNamespaceAsync(labelSelector: NamespaceLabel + "=true").ConfigureAwait(false);
                names.IntersectWith(existing.Items.Select(n => n.Metadata.Name));
                if (names.Count > 0)
                {
                    await Task.Delay(250).ConfigureAwait(false);
                }
            }

            if (names.Count > 0)
            {
                Log($"namespaces still terminating after 60s: {string.Join(", ", names)}");
            }
        }

        if (simulator is not null)
        {
            await simulator.DisposeAsync().ConfigureAwait(false);
        }

        client?.Dispose();
        lock (logGate)
        {
            logWriter?.Dispose();
            logWriter = null;
        }
    }
}
