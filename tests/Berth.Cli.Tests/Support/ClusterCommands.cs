using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Berth.Testing.Cluster;
using k8s;
using Xunit;

namespace Berth.Cli.Tests.Support;

/// <summary>
/// The xunit collection sharing one <see cref="TestCluster"/> (the real test cluster from eng/cluster/up.sh with the
/// node simulator) among this assembly's cluster tests.
/// </summary>
[CollectionDefinition(TestCluster.Collection)]
public sealed class TestClusterCollection : ICollectionFixture<TestCluster>
{
}

/// <summary>berth, and what the CLI tests check afterwards, against the <see cref="TestCluster"/>.</summary>
internal static class ClusterCommands
{
    /// <summary>Runs berth in-process against the cluster, in namespace <paramref name="ns"/>, with the fixture's definitions.</summary>
    public static Task<CliResult> BerthAsync(this TestCluster cluster, string ns, params string[] args) =>
        Tool.RunAsync(args.Concat(new[] { "--kubeconfig", cluster.KubeconfigPath, "-n", ns, "--assembly", Tool.FixtureAssembly }).ToArray());

    /// <summary>The names of the claims in <paramref name="ns"/>, sorted.</summary>
    public static async Task<IReadOnlyList<string>> ClaimsAsync(this TestCluster cluster, string ns) =>
        (await cluster.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns)).Items
            .Select(c => c.Metadata.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();

    /// <summary>
    /// The names of the claims in <paramref name="ns"/> that are not being deleted, sorted: a deleted claim stays a
    /// moment longer, until the controller's pvc-protection removes its finalizer once no pod uses it.
    /// </summary>
    public static async Task<IReadOnlyList<string>> LiveClaimsAsync(this TestCluster cluster, string ns) =>
        (await cluster.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns)).Items
            .Where(c => c.Metadata.DeletionTimestamp is null).Select(c => c.Metadata.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
}
