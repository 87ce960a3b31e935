using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Berth.Testing.Cluster;
using k8s;
using Xunit;

namespace Berth.Client.Tests;

/// <summary>
/// The YAML the build writes for the samples (the same <see cref="ManifestYaml.Serialize"/> the writer uses) is
/// accepted by the real API server: <c>kubectl apply --dry-run=server</c>, the reference client.
/// </summary>
[Collection(TestCluster.Collection)]
public sealed class SampleManifestsTests
{
    private readonly TestCluster cluster;

    public SampleManifestsTests(TestCluster cluster) => this.cluster = cluster;

    public static IEnumerable<object[]> SampleNames() => new[]
    {
        new object[] { "postgres" },
        new object[] { "zookeeper" },
        new object[] { "redis-dev" },
        new object[] { "redis-prod" },
        new object[] { "etcd" },
    };

    private static StatefulApp Sample(string name) => name switch
    {
        "postgres" => global::Samples.Postgres.Infra.Postgres,
        "zookeeper" => global::Samples.ZooKeeper.Ensemble.ZooKeeper,
        "redis-dev" => global::Samples.Redis.Cache.Redis(global::Samples.Redis.Stage.Dev),
        "redis-prod" => global::Samples.Redis.Cache.Redis(global::Samples.Redis.Stage.Prod),
        "etcd" => global::Samples.Etcd.Cluster.Etcd,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(SampleNames))]
    public async Task Sample_manifests_pass_server_side_dry_run(string sample)
    {
        await using var ns = await cluster.CreateNamespaceAsync("sample");
        // A dry run creates nothing, so the objects go into an existing namespace instead of the sample's own.
        var app = Sample(sample).InNamespace(ns.Name, create: false);
        var yaml = ManifestYaml.Serialize(app.Build());
        Assert.Contains("kind: StatefulSet", yaml);

        var pdbVersion = (await cluster.KubectlAsync("api-versions")).EnsureSuccess().StdOut.Split('\n').Select(l => l.Trim()).Contains("policy/v1") ? "policy/v1" : "policy/v1beta1";
        // The files say policy/v1 (every supported cluster serves it); a 1.20 server only serves policy/v1beta1,
        // which the client picks by itself. kubectl gets the version this server serves.
        yaml = yaml.Replace("apiVersion: policy/v1\n", "apiVersion: " + pdbVersion + "\n", StringComparison.Ordinal);

        var result = await cluster.KubectlAsync(new[] { "apply", "--dry-run=server", "-f", "-" }, stdin: yaml);
        Assert.True(result.ExitCode == 0, $"kubectl refused the {sample} manifests:\n{result.StdErr}\n{yaml}");
        var kinds = yaml.Split("\n---\n").Select(d => d.Split('\n').First(l => l.StartsWith("kind: ", StringComparison.Ordinal))[6..]).ToList();
        foreach (var kind in kinds.Distinct())
            Assert.Contains(kind.ToLowerInvariant() + "/", result.StdOut.Replace("poddisruptionbudget.policy", "poddisruptionbudget", StringComparison.Ordinal).Replace("statefulset.apps", "statefulset", StringComparison.Ordinal));
        Assert.Contains("(server dry run)", result.StdOut);
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public async Task Sample_pods_become_Ready(string sample)
    {
        await using var ns = await cluster.CreateNamespaceAsync("sample-up");
        // The Secret the Postgres README says to create (the node simulator runs no containers, but the API server
        // and a kubelet would need it).
        await cluster.KubectlAsync("create", "secret", "generic", "pg-auth", "-n", ns.Name, "--from-literal=password=p", "--from-literal=replication-password=r").ContinueWith(t => t.Result.EnsureSuccess());
        var app = Sample(sample).InNamespace(ns.Name, create: false);
        using var client = Support.Harness.Client(cluster);

        var result = await client.For(app).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Support.Harness.Fast });

        Assert.True(result.Succeeded, result.ToString());
        var set = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync(app.Name, ns.Name);
        Assert.Equal(app.ReplicaCount ?? 1, set.Status.ReadyReplicas ?? 0);
        if (sample == "postgres")
        {
            // Both client Services exist; the read-write one reaches pod 0 only.
            var rw = await cluster.Client.CoreV1.ReadNamespacedServiceAsync("postgres-rw", ns.Name);
            Assert.Equal("postgres-0", rw.Spec.Selector["statefulset.kubernetes.io/pod-name"]);
            await cluster.Client.CoreV1.ReadNamespacedServiceAsync("postgres-ro", ns.Name);
            var endpoints = await cluster.Client.CoreV1.ReadNamespacedEndpointsAsync("postgres-rw", ns.Name);
            Assert.Equal(new[] { "postgres-0" }, endpoints.Subsets.SelectMany(s => s.Addresses ?? new List<k8s.Models.V1EndpointAddress>()).Select(a => a.TargetRef.Name));
        }
    }
}
