using System;
using System.Linq;
using System.Threading.Tasks;
using Berth.Client.Tests.Support;
using Berth.Testing.Cluster;
using k8s;
using Xunit;

namespace Berth.Client.Tests;

/// <summary>
/// Server-side apply conflicts with other field managers, on the real API server: apply refuses them like
/// <c>kubectl apply --server-side</c>, takes them over only when asked, and diff names who changed each field.
/// </summary>
[Collection(TestCluster.Collection)]
public sealed class ConflictTests
{
    private const string ImageField = "spec.template.spec.containers[name=\"web\"].image";

    private readonly TestCluster cluster;

    public ConflictTests(TestCluster cluster) => this.cluster = cluster;

    /// <summary>A hotfix as <c>kubectl edit</c> would make it: the image, written by another field manager.</summary>
    private async Task HotfixAsync(string ns, string image) =>
        (await cluster.KubectlAsync("patch", "statefulset", "web", "-n", ns, "--field-manager=kubectl-edit", "--type=strategic",
            "-p", $"{{\"spec\":{{\"template\":{{\"spec\":{{\"containers\":[{{\"name\":\"web\",\"image\":\"{image}\"}}]}}}}}}}}")).EnsureSuccess();

    private async Task<string> LiveImageAsync(string ns) =>
        (await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns)).Spec.Template.Spec.Containers.Single().Image;

    private async Task<string> LiveMaxUnavailableAsync(string ns) =>
        (await cluster.KubectlAsync("get", "pdb", "web", "-n", ns, "-o", "jsonpath={.spec.maxUnavailable}")).EnsureSuccess().StdOut;

    /// <summary>
    /// Several apps in one namespace: their live objects are read with one list per kind (not one read per object), and
    /// the answers are the same as for one app: created, unchanged, a conflict with another manager refused with nothing
    /// of that app applied, an immutable-field change refused before anything of that app is sent.
    /// </summary>
    [Fact]
    public async Task Apply_of_many_apps_reads_the_live_objects_with_one_list_per_kind_and_refuses_conflicts_and_immutable_changes()
    {
        await using var ns = await cluster.CreateNamespaceAsync("conflict-many");
        var log = new LogCapture();
        using var client = Harness.Client(cluster, log);
        var names = Enumerable.Range(0, 5).Select(i => $"web{i}").ToList();
        var created = await client.ApplyAllAsync(names.Select(n => TestApps.Web(ns, replicas: 1, name: n)));
        Assert.All(created.Apps, a => Assert.Equal(ApplyAction.Created, a.StatefulSet!.Action));
        Assert.All(created.Apps, a => Assert.Equal(ApplyAction.Created, a.Objects.Single(o => o.Kind == "Service").Action));
        Assert.Contains(log.Lines, l => l.Contains($"StatefulSet objects of namespace {ns}: read with one list (0 live)", StringComparison.Ordinal));

        (await cluster.KubectlAsync("patch", "statefulset", "web1", "-n", ns, "--field-manager=kubectl-edit", "--type=strategic",
            "-p", $"{{\"spec\":{{\"template\":{{\"spec\":{{\"containers\":[{{\"name\":\"web\",\"image\":\"{TestApps.Image2}\"}}]}}}}}}}}")).EnsureSuccess();
        var apps = names.Select(n => n == "web2"
            ? TestApps.Web(ns, replicas: 1, name: n).VolumeClaim("data", "2Gi") // claim templates cannot change in place
            : TestApps.Web(ns, replicas: 1, name: n).DisruptionBudget(maxUnavailable: n == "web1" ? 2 : 1));
        var failed = await Assert.ThrowsAsync<ApplyFailedException>(() => client.ApplyAllAsync(apps));
        Assert.Contains(log.Lines, l => l.Contains($"StatefulSet objects of namespace {ns}: read with one list (5 live)", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.Contains($"Service objects of namespace {ns}: read with one list (5 live)", StringComparison.Ordinal));

        var byName = failed.Result.Apps.ToDictionary(a => a.AppName);
        var conflict = Assert.IsType<ApplyConflictException>(byName["web1"].Error);
        var field = Assert.Single(conflict.Conflicts);
        Assert.Equal((ImageField, "kubectl-edit"), (field.Field, field.Manager));
        Assert.Empty(conflict.Applied);
        Assert.Equal("1", (await cluster.KubectlAsync("get", "pdb", "web1", "-n", ns, "-o", "jsonpath={.spec.maxUnavailable}")).EnsureSuccess().StdOut);
        var immutable = Assert.IsType<ImmutableFieldChangeException>(byName["web2"].Error);
        Assert.Contains(immutable.Changes, c => c.Field.Contains("volumeClaimTemplates", StringComparison.Ordinal));
        foreach (var name in new[] { "web0", "web3", "web4" })
        {
            Assert.Null(byName[name].Error);
            Assert.All(byName[name].Objects.Where(o => o.Kind != "Namespace"), o => Assert.Equal(ApplyAction.Unchanged, o.Action));
        }

        Assert.Equal(TestApps.Image2, (await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web1", ns)).Spec.Template.Spec.Containers.Single().Image);
    }

    [Fact]
    public async Task Apply_refuses_a_field_another_manager_changed_like_kubectl_and_force_conflicts_takes_it_over()
    {
        await using var ns = await cluster.CreateNamespaceAsync("conflict");
        using var client = Harness.Client(cluster);
        await client.For(TestApps.Web(ns, replicas: 1)).ApplyAsync();
        await HotfixAsync(ns, TestApps.Image2);

        // The definition also changes the PodDisruptionBudget, applied before the set: a refusal must leave it alone too.
        var app = TestApps.Web(ns, replicas: 1).DisruptionBudget(maxUnavailable: 2);
        var e = await Assert.ThrowsAsync<ApplyConflictException>(() => client.For(app).ApplyAsync());

        var conflict = Assert.Single(e.Conflicts);
        Assert.Equal("statefulset/web", conflict.Object);
        Assert.Equal(ImageField, conflict.Field);
        Assert.Equal($"\"{TestApps.Image2}\"", conflict.Current);
        Assert.Equal($"\"{TestApps.Image1}\"", conflict.Desired);
        Assert.Equal("kubectl-edit", conflict.Manager);
        Assert.Equal("Update", conflict.Operation);
        Assert.False(conflict.ByBerth);
        Assert.Empty(e.Applied);
        Assert.Equal(409, e.StatusCode);
        Assert.Contains("nothing was applied", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{ImageField}: live \"{TestApps.Image2}\" set by \"kubectl-edit\" (Update), definition \"{TestApps.Image1}\"", e.Message, StringComparison.Ordinal);
        Assert.Equal(TestApps.Image2, await LiveImageAsync(ns));
        Assert.Equal("1", await LiveMaxUnavailableAsync(ns));

        // kubectl apply --server-side, as the same field manager, refuses the same field for the same owner.
        var yaml = app.ToYaml().Replace("apiVersion: policy/v1\n", "apiVersion: policy/v1beta1\n", StringComparison.Ordinal);
        var kubectl = await cluster.KubectlAsync(new[] { "apply", "--server-side", "--field-manager=berth", "-f", "-" }, stdin: yaml);
        Assert.NotEqual(0, kubectl.ExitCode);
        Assert.Contains("conflict with \"kubectl-edit\"", kubectl.StdErr, StringComparison.Ordinal);
        Assert.Contains("." + ImageField, kubectl.StdErr, StringComparison.Ordinal);
        Assert.Equal(TestApps.Image2, await LiveImageAsync(ns));

        // Asked to, apply takes the field over and says from whom.
        var forced = (await client.For(app).ApplyAsync(new ApplyOptions { ForceConflicts = true })).Apps.Single();
        var taken = Assert.Single(forced.TakenOver);
        Assert.Equal((ImageField, "kubectl-edit", $"\"{TestApps.Image2}\"", $"\"{TestApps.Image1}\""), (taken.Field, taken.Manager, taken.Current, taken.Desired));
        Assert.Equal(ApplyAction.Configured, forced.StatefulSet!.Action);
        Assert.Equal(TestApps.Image1, await LiveImageAsync(ns));
        Assert.Equal("2", await LiveMaxUnavailableAsync(ns));
        var set = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns);
        Assert.DoesNotContain(set.Metadata.ManagedFields, m => m.Manager == "kubectl-edit" && m.FieldsV1?.ToString()?.Contains("f:image", StringComparison.Ordinal) == true);

        // Berth's own earlier applies are never conflicts: applying again changes nothing and takes nothing.
        var again = (await client.For(app).ApplyAsync()).Apps.Single();
        Assert.Empty(again.TakenOver);
        Assert.Null(again.Scale);
        Assert.All(again.Objects, o => Assert.Equal(ApplyAction.Unchanged, o.Action));
    }

    [Fact]
    public async Task Diff_names_the_manager_of_each_changed_field_and_the_conflicts_apply_would_refuse()
    {
        await using var ns = await cluster.CreateNamespaceAsync("conflict-diff");
        using var client = Harness.Client(cluster);
        await client.For(TestApps.Web(ns, replicas: 1)).ApplyAsync();
        await HotfixAsync(ns, TestApps.Image2);

        var diff = await client.For(TestApps.Web(ns, replicas: 2)).DiffAsync();

        var set = diff.StatefulSet!;
        Assert.Equal(DiffAction.Update, set.Action);
        var image = Assert.Single(set.Changes, c => c.Path == "spec.template.spec.containers[web].image");
        Assert.Equal(new[] { "kubectl-edit" }, image.Managers);
        Assert.Equal($"~ spec.template.spec.containers[web].image: \"{TestApps.Image2}\" -> \"{TestApps.Image1}\" (set by kubectl-edit)", image.ToString());
        var replicas = Assert.Single(set.Changes, c => c.Path == "spec.replicas");
        Assert.Equal(new[] { "berth" }, replicas.Managers);
        var conflict = Assert.Single(set.Conflicts);
        Assert.Equal((ImageField, "kubectl-edit", false), (conflict.Field, conflict.Manager, conflict.ByBerth));
        Assert.All(diff.Objects.Where(o => o.Kind != "StatefulSet"), o => Assert.Empty(o.Conflicts));
    }

    [Fact]
    public async Task Apply_after_berth_scale_and_set_image_takes_berths_own_fields_back_and_reports_the_scale()
    {
        await using var ns = await cluster.CreateNamespaceAsync("conflict-scale");
        using var client = Harness.Client(cluster);
        var app = client.For(TestApps.Web(ns, replicas: 3));
        await app.ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
        await app.ScaleAsync(5, new ScaleOptions { Rollout = Harness.Fast });
        await app.SetImageAsync("web", TestApps.Image2);

        var result = (await app.ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast })).Apps.Single();

        // berth scale and set image wrote with Berth's field manager (without apply): no conflict, but said
        Assert.All(result.TakenOver, t => Assert.True(t.ByBerth)); // 1.20 records no owner for writes through /scale; newer servers add spec.replicas
        var image = Assert.Single(result.TakenOver, t => t.Field == ImageField);
        Assert.Equal((ImageField, "berth", "Update"), (image.Field, image.Manager, image.Operation));
        Assert.Contains("Berth's own scale, set image, restart or undo", image.Owner, StringComparison.Ordinal);
        var scale = result.Scale!;
        Assert.Equal((5, 3), (scale.PreviousReplicas, scale.Replicas));
        Assert.Equal(new[] { "web-4", "web-3" }, scale.RemovedPods);
        Assert.Empty(scale.AddedPods);
        Assert.Equal(new[] { "data-web-3", "data-web-4" }, scale.RemainingClaims.Select(c => c.Name));
        Assert.Equal(TestApps.Image1, await LiveImageAsync(ns));
        Assert.Equal(new[] { "web-0", "web-1", "web-2" }, (await Harness.PodsAsync(cluster.Client, ns)).Select(p => p.Metadata.Name));
        Assert.Equal(new[] { "data-web-0", "data-web-1", "data-web-2", "data-web-3", "data-web-4" }, (await Harness.ClaimsAsync(cluster.Client, ns)).Select(c => c.Metadata.Name));

        // and a scale-up by apply lists the pods it adds
        var up = (await client.For(TestApps.Web(ns, replicas: 4)).ApplyAsync(new ApplyOptions { DryRun = true })).Apps.Single();
        Assert.Equal(new[] { "web-3" }, up.Scale!.AddedPods);
        Assert.Empty(up.TakenOver);
    }

    [Fact]
    public async Task Two_applies_of_the_same_app_at_once_end_in_one_definition_and_the_overtaken_wait_says_so()
    {
        await using var ns = await cluster.CreateNamespaceAsync("conflict-twice");
        using var first = Harness.Client(cluster);
        using var second = Harness.Client(cluster);

        // the same definition twice at once: both succeed (server-side apply of the same fields by the same manager)
        var same = await Task.WhenAll(
            first.For(TestApps.Web(ns, replicas: 2)).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast }),
            second.For(TestApps.Web(ns, replicas: 2)).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast }));
        Assert.All(same, r => Assert.Equal(RolloutOutcome.Complete, r.Apps.Single().Rollout!.Outcome));

        // two definitions at once: the live template is one of them, completely; the other apply either finished
        // before, or its wait stops as superseded, naming the change
        const string image3 = "registry.local/web:3.0";
        var attempts = new[] { TestApps.Image2, image3 }
            .Select((image, i) => (i == 0 ? first : second).For(TestApps.Web(ns, replicas: 2, image: image)).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast }))
            .ToArray();
        var outcomes = new System.Collections.Generic.List<(string Image, RolloutResult Result)>();
        foreach (var (attempt, image) in attempts.Zip(new[] { TestApps.Image2, image3 }))
        {
            try
            {
                outcomes.Add((image, (await attempt).Apps.Single().Rollout!));
            }
            catch (RolloutFailedException e)
            {
                outcomes.Add((image, e.Result));
            }
        }

        var live = await LiveImageAsync(ns);
        Assert.Contains(live, new[] { TestApps.Image2, image3 });
        Assert.Equal(RolloutOutcome.Complete, outcomes.Single(o => o.Image == live).Result.Outcome);
        var other = outcomes.Single(o => o.Image != live).Result;
        Assert.True(other.Outcome is RolloutOutcome.Complete or RolloutOutcome.Superseded, other.Message);
        if (other.Outcome == RolloutOutcome.Superseded)
            Assert.Contains("the pod template was", other.Message, StringComparison.Ordinal);
        Assert.All(await Harness.PodsAsync(cluster.Client, ns), p => Assert.Equal(live, p.Spec.Containers.Single().Image));
    }
}
