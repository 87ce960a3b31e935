using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Berth.Cli.Tests.Support;
using Berth.Testing.Cluster;
using k8s;
using Xunit;

namespace Berth.Cli.Tests;

/// <summary>berth against the real test cluster (Kubernetes 1.20 with the node simulator), in-process and as a process.</summary>
[Collection(TestCluster.Collection)]
public sealed class ClusterTests
{
    private readonly TestCluster cluster;

    public ClusterTests(TestCluster cluster) => this.cluster = cluster;

    [Fact]
    public async Task Apply_waits_per_ordinal_then_status_scale_and_delete_say_what_happens_to_claims()
    {
        await using var ns = await cluster.CreateNamespaceAsync("cli-apply");

        var apply = (await cluster.BerthAsync(ns, "apply", "web", "--wait", "--timeout", "90s")).Expect(0);
        Assert.Contains("web (namespace " + ns + "):", apply.Out);
        Assert.Contains("  service/web created", apply.Out);
        Assert.Contains("  statefulset/web created", apply.Out);
        // Plain progress lines per ordinal (stdout is not a terminal), ending with every pod Ready.
        foreach (var pod in new[] { "web-0", "web-1", "web-2" })
            Assert.Matches(new Regex($"^{pod}  Ready +rev [0-9a-f]+$", RegexOptions.Multiline), apply.Out);
        Assert.Contains("rollout complete", apply.Out, StringComparison.OrdinalIgnoreCase);

        var again = (await cluster.BerthAsync(ns, "apply", "web")).Expect(0);
        Assert.Contains("  statefulset/web unchanged", again.Out);

        var status = (await cluster.BerthAsync(ns, "status", "web")).Expect(0);
        Assert.Contains($"statefulset/web (namespace {ns}): 3/3 ready", status.Out);
        var rows = status.Out.Split('\n').Where(l => Regex.IsMatch(l, @"^\s*[0-9]+\s+web-[0-9]")).ToList();
        Assert.Equal(3, rows.Count);
        for (var i = 0; i < 3; i++)
            Assert.Matches(new Regex($@"^\s*{i}\s+web-{i}\s+Running\s+yes\s+[0-9a-f]+\s+berth-sim-node\s+0\s"), rows[i]);
        Assert.Contains($"data-web-0  Bound  1Gi", status.Out);

        var scale = (await cluster.BerthAsync(ns, "scale", "web", "1")).Expect(0);
        Assert.Contains("the claims data-web-1, data-web-2 stay", scale.Out);
        Assert.Matches(new Regex("^web-0  Ready", RegexOptions.Multiline), scale.Out);
        Assert.Contains("scaled 3 -> 1; pods removed: web-2, web-1", scale.Out);
        Assert.Contains("claims remaining: data-web-1, data-web-2 (a scale-up gives their data back; 'berth claims prune web' deletes them)", scale.Out);

        var delete = (await cluster.BerthAsync(ns, "delete", "web")).Expect(0);
        Assert.Contains($"statefulset/web (namespace {ns}) deleted (cascade background); pods removed: web-0", delete.Out);
        Assert.Contains("claims remaining: data-web-0, data-web-1, data-web-2 (their data stays", delete.Out);
        Assert.Equal(new[] { "data-web-0", "data-web-1", "data-web-2" }, await cluster.ClaimsAsync(ns));

        var missing = (await cluster.BerthAsync(ns, "status", "web")).Expect(1);
        Assert.Equal($"error: statefulset/web does not exist in namespace {ns}; 'berth apply web' creates it", missing.Err.Trim());
    }

    [Fact]
    public async Task Set_image_rollout_status_history_and_undo()
    {
        await using var ns = await cluster.CreateNamespaceAsync("cli-rollout");
        (await cluster.BerthAsync(ns, "apply", "queue", "--variant", "prod", "--wait")).Expect(0);

        var set = (await cluster.BerthAsync(ns, "set", "image", "queue", "queue=rabbitmq:3.14", "--variant", "prod")).Expect(0);
        Assert.Contains("queue", set.Out);
        var status = (await cluster.BerthAsync(ns, "rollout", "status", "queue", "--variant", "prod", "--timeout", "90s")).Expect(0);
        Assert.Matches(new Regex("^queue-0  Ready +rev [0-9a-f]+$", RegexOptions.Multiline), status.Out);
        Assert.Matches(new Regex("^queue-1  Ready +rev [0-9a-f]+$", RegexOptions.Multiline), status.Out);

        // The live view (an interactive terminal) ends with the final table.
        var live = (await Tool.RunAsync(new[] { "rollout", "status", "queue", "--variant", "prod", "-n", ns, "--kubeconfig", cluster.KubeconfigPath, "--assembly", Tool.FixtureAssembly }, interactive: true)).Expect(0);
        Assert.Contains("│ queue-1", live.Out);
        Assert.Contains("rollout complete", live.Out, StringComparison.OrdinalIgnoreCase);

        var history = (await cluster.BerthAsync(ns, "rollout", "history", "queue", "--variant", "prod")).Expect(0);
        Assert.Matches(new Regex(@"^\s*1\s+queue-[0-9a-f]+\s+queue=rabbitmq:3\.13\s", RegexOptions.Multiline), history.Out);
        Assert.Matches(new Regex(@"^\s*2 \(update\)\s+queue-[0-9a-f]+\s+queue=rabbitmq:3\.14\s+2\s+image queue: rabbitmq:3\.13 -> rabbitmq:3\.14", RegexOptions.Multiline), history.Out);

        var undo = (await cluster.BerthAsync(ns, "rollout", "undo", "queue", "--variant", "prod", "--wait")).Expect(0);
        Assert.Contains("rolled back to revision 1", undo.Out);
        Assert.Contains("rollout complete", undo.Out, StringComparison.OrdinalIgnoreCase);
        var pods = await cluster.Client.CoreV1.ListNamespacedPodAsync(ns);
        Assert.All(pods.Items, p => Assert.Equal("rabbitmq:3.13", p.Spec.Containers.Single().Image));

        var unknown = (await cluster.BerthAsync(ns, "set", "image", "queue", "sidecar=busybox", "--variant", "prod")).Expect(1);
        Assert.Contains("has no container named \"sidecar\"; containers: \"queue\"", unknown.Err);
    }

    [Fact]
    public async Task A_wait_whose_template_is_changed_exits_1_and_rollout_messages_name_cli_flags()
    {
        await using var ns = await cluster.CreateNamespaceAsync("cli-superseded");
        (await cluster.BerthAsync(ns, "apply", "web", "--wait", "--timeout", "90s")).Expect(0);
        using var unready = cluster.Simulator.KeepUnready(NodeSimulator.WithImage(ns, "nginx:1.28"));

        // kubectl changes the template while berth waits for its own change: berth must not report success
        var wait = cluster.BerthAsync(ns, "set", "image", "web", "web=nginx:1.28", "--wait", "--timeout", "90s");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await cluster.Client.CoreV1.ListNamespacedPodAsync(ns)).Items.Any(p => p.Spec.Containers.Single().Image == "nginx:1.28"))
        {
            Assert.True(DateTime.UtcNow < deadline, "no pod of the new template within 60s");
            await Task.Delay(200);
        }

        (await Kubectl.RunAsync(cluster.KubeconfigPath, new[] { "-n", ns, "set", "image", "statefulset/web", "web=nginx:1.29" })).EnsureSuccess();
        var superseded = (await wait).Expect(1);
        Assert.DoesNotContain("rollout complete", superseded.Out, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Superseded", superseded.Err);
        Assert.Contains("the pod template was changed by kubectl", superseded.Err);
        Assert.Contains("image web: nginx:1.28 -> nginx:1.29", superseded.Err);

        // web-2 is left not Ready on the 1.28 revision: a timeout under the progress deadline still diagnoses it,
        // in the CLI's words
        var stuck = (await cluster.BerthAsync(ns, "rollout", "status", "web", "--timeout", "5s")).Expect(1);
        Assert.Contains("TimedOut", stuck.Err);
        Assert.Contains("stuck: web-2", stuck.Err);
        Assert.Contains("--fix-stuck", stuck.Err);
        Assert.DoesNotContain("RolloutOptions", stuck.Err);
        Assert.DoesNotContain("UndoAsync", stuck.Err);

        // undo takes --progress-deadline, and the pod --fix-stuck deletes is printed
        var undo = (await cluster.BerthAsync(ns, "rollout", "undo", "web", "--to-revision", "1", "--wait", "--fix-stuck", "--progress-deadline", "3s", "--timeout", "90s")).Expect(0);
        Assert.Contains("rolled back to revision 1", undo.Out);
        Assert.Matches(new Regex(@"deleted pod web-2 \(stuck on revision web-[0-9a-f]+, not Ready: "), undo.Out);
        Assert.Contains("rollout complete", undo.Out, StringComparison.OrdinalIgnoreCase);
        Assert.All((await cluster.Client.CoreV1.ListNamespacedPodAsync(ns)).Items, p => Assert.Equal("nginx:1.27", p.Spec.Containers.Single().Image));
    }

    [Fact]
    public async Task Apply_labels_its_objects_as_an_apply_set_and_refuses_prune_while_a_definition_of_the_environment_fails()
    {
        await using var ns = await cluster.CreateNamespaceAsync("cli-applyset");
        var apply = (await cluster.BerthAsync(ns, "apply", "web")).Expect(0);
        // The fixture's Broken.Thrower throws: what is no longer defined cannot be told, and berth says so.
        Assert.Contains("objects of apply set berth-berth-cli-fixture no longer defined are not reported while Broken.Thrower fail(s)", apply.Err);

        var parent = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("berth-berth-cli-fixture", ns);
        var id = parent.Metadata.Labels["applyset.kubernetes.io/id"];
        Assert.Equal("Service,StatefulSet.apps", parent.Metadata.Annotations["applyset.kubernetes.io/contains-group-kinds"]);
        var set = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns);
        Assert.Equal(id, set.Metadata.Labels["applyset.kubernetes.io/part-of"]);
        Assert.Equal("berth-shop-prod", Berth.Cli.Commands.ApplyCommands.DefaultApplySetName("Shop", "prod"));
        Assert.Equal("berth-my-app-infra", Berth.Cli.Commands.ApplyCommands.DefaultApplySetName("My.App__Infra", null));

        var prune = (await cluster.BerthAsync(ns, "apply", "web", "--prune")).Expect(1);
        Assert.Contains("--prune needs every definition of the environment, to tell what is no longer defined; Broken.Thrower threw InvalidOperationException: no image configured for this environment", prune.Err);
        Assert.NotNull(await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns));

        // diff compares with the same label: nothing to change.
        var diff = (await cluster.BerthAsync(ns, "diff", "web")).Expect(0);
        Assert.Contains("web: no changes", diff.Out);
        Assert.Contains($"  adapted for the server: labelled applyset.kubernetes.io/part-of={id}", diff.Out);
    }

    [Fact]
    public async Task Diff_shows_the_fields_apply_would_change()
    {
        await using var ns = await cluster.CreateNamespaceAsync("cli-diff");
        var before = (await cluster.BerthAsync(ns, "diff", "queue", "--variant", "dev")).Expect(0);
        Assert.Contains("statefulset/queue: would be created", before.Out);
        // The one server adaptation of this app (apply sends the rendered YAML otherwise unchanged), said by diff.
        Assert.Contains($"  adapted for the server: namespace {(string)ns} from the client's context: the definition names none", before.Out);

        (await cluster.BerthAsync(ns, "apply", "queue", "--variant", "dev")).Expect(0);
        var same = (await cluster.BerthAsync(ns, "diff", "queue", "--variant", "dev")).Expect(0);
        Assert.Contains("queue (dev): no changes", same.Out);

        var prod = (await cluster.BerthAsync(ns, "diff", "queue", "--variant", "prod")).Expect(0);
        // Each variant is its own apply set (berth-<project>-<variant>): the objects would move to prod's set.
        Assert.Contains("statefulset/queue: 2 field(s) would change", prod.Out);
        Assert.Contains("-  replicas: 1", prod.Out);
        Assert.Contains("+  replicas: 2", prod.Out);
        Assert.Matches(@"~ metadata\.labels\.applyset\.kubernetes\.io/part-of: ""applyset-[\w-]+-v1"" -> ""applyset-[\w-]+-v1""", prod.Out);
        var sameSet = (await cluster.BerthAsync(ns, "diff", "queue", "--variant", "prod", "--applyset", "berth-berth-cli-fixture-dev")).Expect(0);
        Assert.Contains("statefulset/queue: 1 field(s) would change", sameSet.Out);

        // --exit-code, for CI gates: 0 nothing would change, 1 something would, 2 the diff could not be made.
        (await cluster.BerthAsync(ns, "diff", "queue", "--variant", "dev", "--exit-code")).Expect(0);
        var gate = (await cluster.BerthAsync(ns, "diff", "queue", "--variant", "prod", "--exit-code")).Expect(1);
        Assert.Contains("statefulset/queue: 2 field(s) would change", gate.Out);
        Assert.DoesNotContain("error", gate.Err);
        string[] Unreachable(params string[] more) =>
            new[] { "diff", "queue", "--variant", "prod", "--kubeconfig", "/nonexistent/kubeconfig", "-n", ns, "--assembly", Tool.FixtureAssembly }.Concat(more).ToArray();
        var broken = (await Tool.RunAsync(Unreachable("--exit-code"))).Expect(2);
        Assert.Contains("error:", broken.Err);
        (await Tool.RunAsync(Unreachable())).Expect(1);
    }

    [Fact]
    public async Task Apply_refuses_another_managers_change_diff_names_it_and_force_conflicts_takes_it_over()
    {
        await using var ns = await cluster.CreateNamespaceAsync("cli-conflict");
        (await cluster.BerthAsync(ns, "apply", "web")).Expect(0);
        (await cluster.KubectlAsync("set", "image", "statefulset/web", "web=nginx:1.28-hotfix", "-n", ns)).EnsureSuccess(); // field manager kubectl-set

        var diff = (await cluster.BerthAsync(ns, "diff", "web")).Expect(0);
        Assert.Contains("~ spec.template.spec.containers[web].image: \"nginx:1.28-hotfix\" -> \"nginx:1.27\" (set by kubectl-set)", diff.Out);
        Assert.Contains("conflict: spec.template.spec.containers[name=\"web\"].image is owned by \"kubectl-set\" (Update); apply refuses unless --force-conflicts", diff.Out);

        var refused = (await cluster.BerthAsync(ns, "apply", "web")).Expect(1);
        Assert.Contains("1 field(s) owned by another field manager would change; nothing was applied:", refused.Out);
        Assert.Contains("statefulset/web spec.template.spec.containers[name=\"web\"].image: live \"nginx:1.28-hotfix\" set by \"kubectl-set\" (Update); definition \"nginx:1.27\"", refused.Out);
        Assert.Contains("--force-conflicts", refused.Out);
        Assert.Contains("1 of 1 app(s) failed to apply", refused.Err);
        var live = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns);
        Assert.Equal("nginx:1.28-hotfix", live.Spec.Template.Spec.Containers.Single().Image);

        var forced = (await cluster.BerthAsync(ns, "apply", "web", "--force-conflicts")).Expect(0);
        Assert.Contains("took statefulset/web spec.template.spec.containers[name=\"web\"].image from \"kubectl-set\" (Update): \"nginx:1.28-hotfix\" -> \"nginx:1.27\"", forced.Out);
        Assert.Contains("  statefulset/web configured", forced.Out);
        live = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns);
        Assert.Equal("nginx:1.27", live.Spec.Template.Spec.Containers.Single().Image);

        var again = (await cluster.BerthAsync(ns, "apply", "web")).Expect(0);
        Assert.Contains("  statefulset/web unchanged", again.Out);
        Assert.DoesNotContain("took", again.Out);
    }

    [Fact]
    public async Task Apply_after_scale_prints_the_pods_removed_and_the_claims_kept_as_scale_does()
    {
        await using var ns = await cluster.CreateNamespaceAsync("cli-apply-scale");
        (await cluster.BerthAsync(ns, "apply", "web", "--wait", "--timeout", "90s")).Expect(0);
        (await cluster.BerthAsync(ns, "scale", "web", "5", "--timeout", "90s")).Expect(0);

        var apply = (await cluster.BerthAsync(ns, "apply", "web", "--wait", "--timeout", "90s")).Expect(0);
        Assert.Contains("  statefulset/web configured", apply.Out);
        Assert.Contains($"  statefulset/web (namespace {ns}) scaled 5 -> 3; pods removed: web-4, web-3", apply.Out);
        Assert.Contains("  claims remaining: data-web-3, data-web-4 (kept: a scale-up gives their data back)", apply.Out);
        Assert.DoesNotContain("conflict", apply.Out + apply.Err);
        Assert.Equal(new[] { "data-web-0", "data-web-1", "data-web-2", "data-web-3", "data-web-4" }, await cluster.ClaimsAsync(ns));
    }

    [Fact]
    public async Task As_a_process_status_prints_the_table_and_errors_are_one_line_without_the_token()
    {
        await using var ns = await cluster.CreateNamespaceAsync("cli-process");
        (await cluster.BerthAsync(ns, "apply", "queue", "--variant", "dev", "--wait")).Expect(0);

        var status = (await Tool.RunProcessAsync(new[] { "status", "queue", "-n", ns, "--kubeconfig", cluster.KubeconfigPath })).Expect(0);
        Assert.Contains($"statefulset/queue (namespace {ns}): 1/1 ready", status.Out);
        Assert.Matches(new Regex(@"^\s*0\s+queue-0\s+Running\s+yes\s", RegexOptions.Multiline), status.Out);

        // A kubeconfig whose server does not answer: one line, exit 1, and never the token, even with --verbose.
        var token = Regex.Match(File.ReadAllText(cluster.KubeconfigPath), @"token:\s*(\S+)").Groups[1].Value;
        Assert.NotEmpty(token);
        var broken = Path.Combine(Tool.EmptyDirectory, $"unreachable-{ns}.kubeconfig");
        File.WriteAllText(broken, Regex.Replace(File.ReadAllText(cluster.KubeconfigPath), @"server:\s*https://127\.0\.0\.1:\d+", "server: https://127.0.0.1:1"));
        foreach (var verbose in new[] { false, true })
        {
            var args = new[] { "status", "queue", "-n", ns, "--kubeconfig", broken }.Concat(verbose ? new[] { "--verbose" } : Array.Empty<string>()).ToArray();
            var failed = (await Tool.RunProcessAsync(args)).Expect(1);
            Assert.StartsWith("error: ", failed.Err);
            Assert.DoesNotContain(token, failed.Err + failed.Out);
            if (!verbose)
                Assert.DoesNotContain("   at ", failed.Err);
        }
    }
}
