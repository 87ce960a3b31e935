using System;
using System.Linq;
using System.Threading.Tasks;
using Berth.Cli.Tests.Support;
using Berth.Client;
using Berth.Testing.Cluster;
using k8s;
using Xunit;

namespace Berth.Cli.Tests;

/// <summary>berth resize on the real test cluster (the node simulator plays the storage provider).</summary>
[Collection(TestCluster.Collection)]
public sealed class ResizeCliTests
{
    private readonly TestCluster cluster;

    public ResizeCliTests(TestCluster cluster) => this.cluster = cluster;

    private Task<CliResult> Berth(string ns, params string[] args) =>
        Tool.RunAsync(args.Concat(new[] { "--kubeconfig", cluster.KubeconfigPath, "-n", ns }).ToArray());

    [Fact]
    public async Task Resize_grows_every_claim_keeps_the_pods_and_refuses_a_shrink_and_an_unknown_claim()
    {
        await using var ns = await cluster.CreateNamespaceAsync("cli-resize");
        var app = StatefulApp.Named("db")
            .InNamespace(ns)
            .Replicas(2)
            .Container("db", "nginx:1.27", c => c.Port("pg", 5432).Readiness(Probe.Tcp("pg")).Mount("data", "/data"))
            .VolumeClaim("data", "1Gi", storageClass: NodeSimulator.ExpandableClass)
            .TerminationGracePeriod(1);
        using (var client = new BerthClient(cluster.Client, ns))
            await client.For(app).ApplyAsync(new ApplyOptions { Wait = true, Rollout = new RolloutOptions { Timeout = TimeSpan.FromSeconds(90) } });
        var pods = (await cluster.Client.CoreV1.ListNamespacedPodAsync(ns)).Items.Select(p => p.Metadata.Uid).OrderBy(u => u).ToList();

        var resized = (await Berth(ns, "resize", "db", "data", "2Gi", "--timeout", "90s")).Expect(0);
        Assert.Contains("  data-db-0: 1Gi -> 2Gi (resized)", resized.Out);
        Assert.Contains("  data-db-1: 1Gi -> 2Gi (resized)", resized.Out);
        Assert.Contains("statefulset/db recreated (orphan cascade) with claim template data at 2Gi; its pods kept running.", resized.Out);
        Assert.Contains("Change the claim's size in the definition to 2Gi as well.", resized.Out);
        Assert.All((await cluster.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns)).Items, c => Assert.Equal("2Gi", c.Status.Capacity["storage"].ToString()));
        Assert.Equal(pods, (await cluster.Client.CoreV1.ListNamespacedPodAsync(ns)).Items.Select(p => p.Metadata.Uid).OrderBy(u => u).ToList());

        var shrink = (await Berth(ns, "resize", "db", "data", "1Gi")).Expect(1);
        Assert.Contains("resize of data to 1Gi refused, nothing changed: the claim template data asks for 2Gi: claims cannot shrink", shrink.Err);
        var unknown = (await Berth(ns, "resize", "db", "logs", "3Gi")).Expect(1);
        Assert.Contains("has no claim template \"logs\" (its claim templates: data)", unknown.Err);
        Assert.Equal(2, (await cluster.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns)).Items.Count);
    }

    [Fact]
    public async Task Resize_in_a_project_with_a_lock_records_the_new_size_so_the_changed_definition_builds()
    {
        await using var ns = await cluster.CreateNamespaceAsync("cli-resize-lock");
        string Source(string size) => $$"""
            using Berth;

            namespace Shop;

            [Manifests]
            public static partial class Infra
            {
                public static StatefulApp Db => StatefulApp.Named("db").InNamespace("{{(string)ns}}").Replicas(1)
                    .Container("db", "nginx:1.27", c => c.Port("pg", 5432).Readiness(Probe.Tcp("pg")).Mount("data", "/data"))
                    .VolumeClaim("data", "{{size}}", storageClass: "{{NodeSimulator.ExpandableClass}}")
                    .TerminationGracePeriod(1);
            }
            """;
        using var project = TempProject.Create(Source("1Gi"));
        var lockPath = System.IO.Path.Combine(project.Directory, "berth.lock.json");
        (await Tool.RunAsync(new[] { "lock", "update" }, project.Directory)).Expect(0);
        (await Tool.RunAsync(new[] { "apply", "db", "--kubeconfig", cluster.KubeconfigPath, "--timeout", "90s" }, project.Directory)).Expect(0);

        var resized = (await Tool.RunAsync(new[] { "resize", "db", "data", "2Gi", "--timeout", "90s", "--kubeconfig", cluster.KubeconfigPath }, project.Directory)).Expect(0);
        Assert.Contains("  data-db-0: 1Gi -> 2Gi (resized)", resized.Out);
        Assert.Contains("berth.lock.json: Infra.Db claim template data is now 2Gi; commit it with the definition's change.", resized.Out);
        Assert.Equal("2Gi", Assert.Single(global::Berth.Rules.Lock.LockFile.Parse(System.IO.File.ReadAllText(lockPath)).Apps).Claims[0].Size);

        // The definition changed to the new size now agrees with the lock: nothing to accept (in another process: this
        // one has loaded the assembly of the first build).
        System.IO.File.WriteAllText(System.IO.Path.Combine(project.Directory, "Infra.cs"), Source("2Gi"));
        var update = (await Tool.RunProcessAsync(new[] { "lock", "update" }, project.Directory)).Expect(0);
        Assert.Contains("is up to date (1 app(s))", update.Out);
    }
}
