using System;
using System.Linq;
using System.Threading.Tasks;
using Berth.Testing.Cluster;
using k8s;
using Xunit;

namespace Berth.Client.Tests;

/// <summary>
/// Proves the test cluster behaves like a real one: the real StatefulSet controller creates
/// pods in order, the node simulator makes them Ready, scale-down removes them in reverse
/// order and the PVCs stay.
/// </summary>
[Collection(TestCluster.Collection)]
public sealed class ClusterSetupTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private const string SeedApp = """
        apiVersion: v1
        kind: Service
        metadata: {name: myapp}
        spec:
          clusterIP: None
          selector: {app: myapp}
          ports: [{name: http, port: 8080, protocol: TCP}]
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: myapp}
        spec:
          serviceName: "myapp"
          replicas: 3
          selector: {matchLabels: {app: myapp}}
          template:
            metadata: {labels: {app: myapp}}
            spec:
              containers:
                - name: myapp
                  image: myapp-image:latest
                  ports: [{containerPort: 8080}]
                  volumeMounts: [{name: myapp-storage, mountPath: /data}]
          volumeClaimTemplates:
            - metadata: {name: myapp-storage}
              spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
        """;

    private readonly TestCluster cluster;

    public ClusterSetupTests(TestCluster cluster) => this.cluster = cluster;

    [Fact]
    public void Server_is_Kubernetes_1_20()
    {
        Assert.Equal("1", cluster.ServerVersion.Major);
        Assert.StartsWith("20", cluster.ServerVersion.Minor);
    }

    [Fact]
    public async Task Seed_app_comes_up_in_order_and_scales_down_in_reverse_keeping_its_claims()
    {
        await using var ns = await cluster.CreateNamespaceAsync("setup");
        await using var pods = await PodWatch.StartAsync(cluster.Client, ns);

        (await cluster.KubectlAsync(new[] { "apply", "-n", ns, "-f", "-" }, stdin: SeedApp)).EnsureSuccess();

        string[] all = { "myapp-0", "myapp-1", "myapp-2" };
        await pods.WaitUntilAsync(
            p => all.All(n => p.TryGetValue(n, out var pod) && PodWatch.IsReady(pod)),
            Timeout, "myapp-0..2 all Ready");
        Assert.Equal(all, pods.CreationOrder);

        // OrderedReady: each pod is created only after its predecessor became Ready.
        var timeline = pods.Timeline.ToList();
        int FirstIndex(string prefix) => timeline.FindIndex(l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(FirstIndex("MODIFIED myapp-0 Running ready=True") < FirstIndex("ADDED myapp-1 "), string.Join("\n", timeline));
        Assert.True(FirstIndex("MODIFIED myapp-1 Running ready=True") < FirstIndex("ADDED myapp-2 "), string.Join("\n", timeline));

        (await cluster.KubectlAsync("scale", "-n", ns, "statefulset/myapp", "--replicas=1")).EnsureSuccess();
        await pods.WaitUntilAsync(
            p => p.Count == 1 && p.ContainsKey("myapp-0"),
            Timeout, "only myapp-0 left after scaling to 1");
        Assert.Equal(new[] { "myapp-2", "myapp-1" }, pods.DeletionOrder);
        Assert.True(PodWatch.IsReady(pods.Pods["myapp-0"]));

        var claims = await cluster.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns);
        Assert.Equal(
            new[] { "myapp-storage-myapp-0", "myapp-storage-myapp-1", "myapp-storage-myapp-2" },
            claims.Items.Select(c => c.Metadata.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.All(claims.Items, c => Assert.Equal("Bound", c.Status.Phase));
    }
}
