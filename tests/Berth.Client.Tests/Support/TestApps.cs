using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Berth.Client.Internal;
using Berth.Testing.Cluster;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Berth.Client.Tests.Support;

/// <summary>Small app definitions for the client tests.</summary>
internal static class TestApps
{
    public const string Image1 = "registry.local/web:1.0";
    public const string Image2 = "registry.local/web:2.0";
    public const string Broken = "registry.local/web:broken";

    /// <summary>A small app: one container with a port and a readiness probe, one claim template, a PDB.</summary>
    public static StatefulApp Web(string ns, int replicas = 2, string image = Image1, string name = "web") =>
        StatefulApp.Named(name)
            .InNamespace(ns)
            .Replicas(replicas)
            .Container("web", image, c => c
                .Port("http", 8080)
                .Env("MODE", "test")
                .Requests(cpu: "10m", memory: "16Mi").Limits(memory: "32Mi")
                .Readiness(Probe.Tcp("http"))
                .Mount("data", "/data"))
            .VolumeClaim("data", "1Gi")
            .TerminationGracePeriod(1)
            .DisruptionBudget(maxUnavailable: 1);
}

/// <summary>Collects the client's log lines.</summary>
internal sealed class LogCapture : ILogger
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyList<string> Lines => lines.ToList();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        lines.Enqueue($"{logLevel}: {formatter(state, exception)}{(exception is null ? string.Empty : " " + exception)}");
}

/// <summary>Clients and comparisons for the tests.</summary>
internal static class Harness
{
    public static BerthClient Client(TestCluster cluster, LogCapture? log = null, RetryPolicy? retry = null) =>
        BerthClient.FromKubeconfig(cluster.KubeconfigPath, options: new BerthClientOptions
        {
            Logger = (ILogger?)log ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
            Retry = retry ?? new RetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(50) },
        });

    /// <summary>Short waits for the simulated cluster, where pods become Ready within a second.</summary>
    public static RolloutOptions Fast { get; } = new() { Timeout = TimeSpan.FromSeconds(90), ProgressDeadline = TimeSpan.FromSeconds(30) };

    /// <summary>The StatefulSet's spec (template included) as JSON, without server noise, for comparing two sets.</summary>
    public static async Task<JsonObject> SpecAsync(IKubernetes k8s, string ns, string name)
    {
        var set = await k8s.AppsV1.ReadNamespacedStatefulSetAsync(name, ns);
        var json = JsonTools.Normalize(KubeApi.ToJson(set));
        var spec = json["spec"]!.AsObject();
        spec["template"]?["metadata"]?.AsObject().Remove("creationTimestamp");
        return spec;
    }

    /// <summary>Asserts two JSON trees are equal, listing the differing fields when not.</summary>
    public static void SameJson(JsonNode expected, JsonNode actual, string what)
    {
        var changes = ManifestComparer.Compare(expected, actual);
        Assert.True(changes.Count == 0, $"{what} differ:\n  " + string.Join("\n  ", changes));
    }

    public static async Task<List<V1Pod>> PodsAsync(IKubernetes k8s, string ns) =>
        (await k8s.CoreV1.ListNamespacedPodAsync(ns)).Items.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal).ToList();

    public static async Task<List<V1PersistentVolumeClaim>> ClaimsAsync(IKubernetes k8s, string ns) =>
        (await k8s.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns)).Items.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal).ToList();

    /// <summary>Collects progress reports synchronously (no thread-pool hop, so nothing is lost at the end).</summary>
    public sealed class ProgressLog : IProgress<RolloutProgress>
    {
        private readonly ConcurrentQueue<RolloutProgress> items = new();

        public IReadOnlyList<RolloutProgress> Items => items.ToList();

        public void Report(RolloutProgress value) => items.Enqueue(value);
    }
}
