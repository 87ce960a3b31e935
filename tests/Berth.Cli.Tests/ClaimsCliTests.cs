using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Berth.Cli.Output;
using Berth.Cli.Tests.Support;
using Berth.Testing.Cluster;
using k8s;
using k8s.Models;
using Xunit;

namespace Berth.Cli.Tests;

/// <summary>scale/delete --delete-claims, claims list and claims prune against the real test cluster.</summary>
[Collection(TestCluster.Collection)]
public sealed class ClaimsCliTests
{
    private readonly TestCluster cluster;

    public ClaimsCliTests(TestCluster cluster) => this.cluster = cluster;

    [Fact]
    public async Task Scale_delete_claims_deletes_only_the_removed_pods_claims_and_prune_deletes_only_named_leftovers()
    {
        await using var ns = await cluster.CreateNamespaceAsync("cli-claims");
        (await cluster.BerthAsync(ns, "apply", "web", "--wait", "--timeout", "90s")).Expect(0);
        (await cluster.BerthAsync(ns, "scale", "web", "6", "--timeout", "90s")).Expect(0);
        var earlier = (await cluster.BerthAsync(ns, "scale", "web", "3", "--timeout", "90s")).Expect(0);
        Assert.Contains("claims remaining: data-web-3, data-web-4, data-web-5 (a scale-up gives their data back; 'berth claims prune web' deletes them)", earlier.Out);
        Assert.Equal(Claims(0, 1, 2, 3, 4, 5), await cluster.LiveClaimsAsync(ns));

        // A scale-up while all claims exist says nothing about claims remaining.
        var up = (await cluster.BerthAsync(ns, "scale", "web", "4", "--timeout", "90s")).Expect(0);
        Assert.DoesNotContain("claims remaining", up.Out);
        Assert.Contains("claims left over from earlier scale-downs: data-web-4, data-web-5", up.Out);
        (await cluster.BerthAsync(ns, "scale", "web", "3", "--timeout", "90s")).Expect(0);

        // Not a terminal and no --yes: refused before anything changes.
        var refused = (await cluster.BerthAsync(ns, "scale", "web", "2", "--delete-claims")).Expect(1);
        Assert.Contains("error: refusing to delete 1 claim without confirmation: stdin is not a terminal; pass --yes to delete them (nothing was changed)", refused.Err);
        Assert.Matches(new Regex(@"^\s*data-web-2\s+2\s+data\s+1Gi\s+Bound\s+\d+[smh]\s*$", RegexOptions.Multiline), refused.Out);
        Assert.Equal(3, (await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns)).Spec.Replicas);
        Assert.Equal(Claims(0, 1, 2, 3, 4, 5), await cluster.LiveClaimsAsync(ns));

        var down = (await cluster.BerthAsync(ns, "scale", "web", "2", "--delete-claims", "--yes", "--timeout", "90s")).Expect(0);
        Assert.Contains("Scaling down 3 -> 2 (--delete-claims): these claims of the removed pods will be DELETED", down.Out);
        Assert.Contains("kept (left over from an earlier scale-down): data-web-3, data-web-4, data-web-5", down.Out);
        Assert.Contains("scaled 3 -> 2; pods removed: web-2", down.Out);
        Assert.Contains("claims deleted: data-web-2", down.Out);
        Assert.Contains("claims left over from earlier scale-downs: data-web-3, data-web-4, data-web-5 (kept;", down.Out);
        Assert.Equal(Claims(0, 1, 3, 4, 5), await cluster.LiveClaimsAsync(ns));

        var list = (await cluster.BerthAsync(ns, "claims", "list", "web")).Expect(0);
        Assert.Contains($"statefulset/web (namespace {ns}): 2 replica(s); 5 claim(s) from template(s) data: 2 of the set's pods, 3 left over", list.Out);
        Assert.Matches(new Regex(@"^\s*data-web-0\s+0\s+data\s+1Gi\s+Bound\s+\d+[smh]\s+pod web-0\s*$", RegexOptions.Multiline), list.Out);
        Assert.Matches(new Regex(@"^\s*data-web-5\s+5\s+data\s+1Gi\s+Bound\s+\d+[smh]\s+left over\s*$", RegexOptions.Multiline), list.Out);

        // Named: only leftovers of this app, else nothing is deleted.
        var inUse = (await cluster.BerthAsync(ns, "claims", "prune", "web", "data-web-4", "data-web-1", "--yes")).Expect(1);
        Assert.Contains("nothing deleted: data-web-1 belongs to pod web-1, which the set keeps (2 replicas)", inUse.Err);
        var unknown = (await cluster.BerthAsync(ns, "claims", "prune", "web", "data-web-9", "--yes")).Expect(1);
        Assert.Contains("\"data-web-9\" is not a claim of statefulset/web", unknown.Err);
        Assert.Equal(Claims(0, 1, 3, 4, 5), await cluster.LiveClaimsAsync(ns));

        var one = (await cluster.BerthAsync(ns, "claims", "prune", "web", "data-web-4", "--yes")).Expect(0);
        Assert.Matches(new Regex(@"^\s*data-web-4\s+4\s+data\s+1Gi\s+Bound\s+\d+[smh]\s*$", RegexOptions.Multiline), one.Out);
        Assert.Contains("claims deleted: data-web-4", one.Out);
        Assert.Contains("claims kept (left over, not named): data-web-3, data-web-5", one.Out);
        Assert.Equal(Claims(0, 1, 3, 5), await cluster.LiveClaimsAsync(ns));

        var noYes = (await cluster.BerthAsync(ns, "claims", "prune", "web")).Expect(1);
        Assert.Contains("pass --yes", noYes.Err);
        Assert.Equal(Claims(0, 1, 3, 5), await cluster.LiveClaimsAsync(ns));

        var all = (await cluster.BerthAsync(ns, "claims", "prune", "web", "--yes")).Expect(0);
        Assert.Contains("claims deleted: data-web-3, data-web-5", all.Out);
        Assert.Contains("claims kept (of the set's pods): data-web-0, data-web-1", all.Out);
        Assert.Equal(Claims(0, 1), await cluster.LiveClaimsAsync(ns));
        var nothing = (await cluster.BerthAsync(ns, "claims", "prune", "web")).Expect(0);
        Assert.Contains($"statefulset/web (namespace {ns}) has no left-over claims to delete", nothing.Out);
    }

    [Fact]
    public async Task Delete_claims_asks_on_a_terminal_and_deletes_exactly_the_sets_claims_not_those_of_a_similarly_named_set()
    {
        await using var ns = await cluster.CreateNamespaceAsync("cli-delete-claims");
        (await cluster.BerthAsync(ns, "apply", "web", "--wait", "--timeout", "90s")).Expect(0);
        // "web-2": its claims data-web-2-0 and data-web-2-1 start like data-web-2, the claim of web's pod web-2.
        var other = StatefulApp.Named("web-2")
            .Replicas(2)
            .Container("web", "nginx:1.27", c => c.Port("http", 8080).Readiness(Probe.Tcp("http")).Mount("data", "/data"))
            .VolumeClaim("data", "1Gi", AccessMode.ReadWriteOnce)
            .Build().StatefulSet;
        await cluster.Client.AppsV1.CreateNamespacedStatefulSetAsync(other, ns);
        await WaitForAsync(async () => (await cluster.LiveClaimsAsync(ns)).Count == 5 && (await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web-2", ns)).Status?.ReadyReplicas == 2);
        var all = new[] { "data-web-0", "data-web-1", "data-web-2", "data-web-2-0", "data-web-2-1" };
        Assert.Equal(all, await cluster.LiveClaimsAsync(ns));

        var args = new[] { "delete", "web", "--delete-claims", "-n", ns, "--kubeconfig", cluster.KubeconfigPath, "--assembly", Tool.FixtureAssembly };
        var declined = await RunOnTerminalAsync(args, "n\n");
        Assert.Equal(1, declined.ExitCode);
        Assert.Contains("Deleting statefulset/web (namespace " + ns + ") with --delete-claims: these claims of its pods will be DELETED", declined.Out);
        foreach (var claim in new[] { "data-web-0", "data-web-1", "data-web-2" })
            Assert.Matches(new Regex($@"^\s*{claim}\s+\d\s+data\s+1Gi\s+Bound\s+\d+[smh]\s*$", RegexOptions.Multiline), declined.Out);
        Assert.DoesNotContain("data-web-2-", declined.Out);
        Assert.Contains("Delete 3 claims and their data? Type 'yes' to confirm:", declined.Err);
        Assert.Contains("was not confirmed; nothing was changed", declined.Err);
        Assert.NotNull(await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns));
        Assert.Equal(all, await cluster.LiveClaimsAsync(ns));

        var deleted = await RunOnTerminalAsync(args, "yes\n");
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Contains($"statefulset/web (namespace {ns}) deleted (cascade background); pods removed: web-0, web-1, web-2", deleted.Out);
        Assert.Contains("claims deleted: data-web-0, data-web-1, data-web-2", deleted.Out);
        Assert.Equal(new[] { "data-web-2-0", "data-web-2-1" }, await cluster.LiveClaimsAsync(ns));
        Assert.Equal(2, (await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web-2", ns)).Status.ReadyReplicas);

        // A set that does not exist: an error line on stderr, nothing on stdout, exit 1.
        var missing = (await cluster.BerthAsync(ns, "delete", "web")).Expect(1);
        Assert.Equal($"error: statefulset/web does not exist in namespace {ns}; nothing deleted", missing.Err.Trim());
        Assert.Empty(missing.Out);
    }

    private static string[] Claims(params int[] ordinals) => ordinals.Select(o => $"data-web-{o}").ToArray();

    /// <summary>Runs berth in-process with <paramref name="answer"/> typed on its terminal.</summary>
    private static async Task<CliResult> RunOnTerminalAsync(string[] args, string answer)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = CliConsole.Create(output, error, terminal: new StringReader(answer));
        var code = await new CliApp(console, Tool.EmptyDirectory).RunAsync(args, CancellationToken.None);
        return new CliResult(args, code, output.ToString(), error.ToString());
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("condition not met in 60 s");
            await Task.Delay(250);
        }
    }
}
