using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Berth.Client.Internal;
using k8s;
using k8s.Models;
using Xunit;

namespace Berth.Client.Tests;

/// <summary>The client's pure parts: field diffs, the mutable-field table, and rollout verdicts on hand-made states.</summary>
public sealed class UnitTests
{
    [Theory]
    [InlineData("AlreadyExists", true, true)]
    [InlineData("AlreadyExists", false, false)]
    [InlineData("Conflict", true, true)]
    public void A_server_side_apply_that_lost_a_create_race_is_retried_and_a_create_is_not(string reason, bool serverSideApply, bool retried)
    {
        var body = $$"""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"services web already exists","reason":"{{reason}}","code":409}""";
        var response = new System.Net.Http.HttpResponseMessage(System.Net.HttpStatusCode.Conflict);
        var e = new k8s.Autorest.HttpOperationException("409") { Response = new k8s.Autorest.HttpResponseMessageWrapper(response, body) };

        Assert.Equal((System.Net.HttpStatusCode)409, e.Response.StatusCode);
        Assert.Equal(reason, Transient.ParseStatus(e.Response.Content)?.Reason);
        Assert.Equal(retried, Transient.IsTransient(e, cancelled: false, serverSideApply));
        Assert.False(Transient.IsTransient(e, cancelled: true, serverSideApply));
    }

    [Fact]
    public async Task Only_the_server_side_apply_calls_repeat_a_lost_create_race()
    {
        // A fake HTTP layer, to inject a 409 AlreadyExists the real server gives only under a race: the first answer is
        // the 409, every later one echoes the object.
        var answers = new CannedAnswers();
        using var kube = new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:9" }, answers);
        var api = new KubeApi(kube, new BerthClientOptions { Retry = new RetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(1) } });
        var service = new V1Service { ApiVersion = "v1", Kind = "Service", Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "shop" } };

        var applied = await api.ApplyAsync(service, "berth", force: false, dryRun: false, CancellationToken.None);
        Assert.Equal("web", applied["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(2, answers.Requests); // the apply was sent again

        answers.Reset();
        await Assert.ThrowsAnyAsync<Exception>(() => api.PatchStatefulSetAsync("shop", "web", "{}", V1Patch.PatchType.MergePatch, "patch", CancellationToken.None));
        Assert.Equal(1, answers.Requests); // a patch that is not an apply is not repeated on AlreadyExists
    }

    private sealed class CannedAnswers : System.Net.Http.DelegatingHandler
    {
        public int Requests { get; private set; }

        public void Reset() => Requests = 0;

        protected override async Task<System.Net.Http.HttpResponseMessage> SendAsync(System.Net.Http.HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            if (Requests == 1)
            {
                var status = """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"services \"web\" already exists","reason":"AlreadyExists","code":409}""";
                return new System.Net.Http.HttpResponseMessage(System.Net.HttpStatusCode.Conflict) { Content = new System.Net.Http.StringContent(status), RequestMessage = request };
            }
            var body = request.Content is null ? "{}" : await request.Content.ReadAsStringAsync(cancellationToken);
            return new System.Net.Http.HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new System.Net.Http.StringContent(body, System.Text.Encoding.UTF8, "application/json"), RequestMessage = request };
        }
    }

    [Fact]
    public void A_secret_s_values_are_masked_in_a_diff_and_changed_keys_stay_visible()
    {
        var before = JsonNode.Parse("{\"kind\":\"Secret\",\"data\":{\"same\":\"YQ==\",\"changed\":\"Yg==\",\"gone\":\"Yw==\"}}")!.AsObject();
        var after = JsonNode.Parse("{\"kind\":\"Secret\",\"data\":{\"same\":\"YQ==\",\"changed\":\"ZA==\",\"new\":\"ZQ==\"}}")!.AsObject();

        var (b, a) = SecretMask.Mask(before, after);

        Assert.Equal("{\"same\":\"***\",\"changed\":\"*** (before)\",\"gone\":\"***\"}", b!["data"]!.ToJsonString());
        Assert.Equal("{\"same\":\"***\",\"changed\":\"*** (after)\",\"new\":\"***\"}", a["data"]!.ToJsonString());
        Assert.Equal("Yg==", before["data"]!["changed"]!.GetValue<string>()); // the inputs are left alone
        Assert.True(SecretMask.IsSecret("v1", "Secret"));
        Assert.False(SecretMask.IsSecret("example.com/v1", "Secret"));
    }

    [Fact]
    public void The_extras_rules_are_the_union_of_what_apply_diff_prune_and_delete_do_with_them()
    {
        var rules = Permissions.ForExtras(new[] { ("", "secrets", false), ("storage.k8s.io", "storageclasses", true) });
        Assert.All(rules, r => Assert.Equal(new[] { "get", "list", "create", "patch", "delete" }, r.Verbs));
        Assert.True(rules.Single(r => r.Resource == "storageclasses").ClusterScoped);
        var merged = Permissions.Merged(extras: rules);
        Assert.Equal(new[] { "get", "list", "create", "patch", "delete" }, merged.Single(r => r.Resource == "secrets").Verbs);
        Assert.True(merged.Single(r => r.Resource == "storageclasses").ClusterScoped);
        Assert.Equal(new[] { "get", "list", "watch", "create", "patch", "delete" }, merged.Single(r => r.Resource == "statefulsets").Verbs);
        Assert.DoesNotContain(Permissions.Merged(), r => r.Resource == "secrets");
    }

    [Fact]
    public void A_claim_template_declared_twice_is_reported_as_a_change_not_a_crash()
    {
        static V1StatefulSet Set(params string[] claims) => new()
        {
            Spec = new V1StatefulSetSpec
            {
                VolumeClaimTemplates = claims.Select(c => new V1PersistentVolumeClaim
                {
                    Metadata = new V1ObjectMeta { Name = c },
                    Spec = new V1PersistentVolumeClaimSpec { AccessModes = new List<string> { "ReadWriteOnce" } },
                }).ToList(),
            },
        };

        var changes = Berth.Client.Internal.ImmutableFields.Compare(Set("data"), Set("data", "data"), Array.Empty<string>());

        var change = Assert.Single(changes);
        Assert.Equal("spec.volumeClaimTemplates[data#2]", change.Field);
        Assert.Equal("(new claim template)", change.Desired);
        Assert.Empty(Berth.Client.Internal.ImmutableFields.Compare(Set("data", "data"), Set("data", "data"), Array.Empty<string>()));
    }

    [Fact]
    public void Field_diff_matches_list_elements_by_key_and_ignores_server_noise()
    {
        var live = JsonNode.Parse("""
            {"metadata":{"name":"web","resourceVersion":"1","uid":"u","managedFields":[{}],"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}"}},
             "spec":{"replicas":2,"template":{"spec":{"containers":[
               {"name":"web","image":"a:1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"ports":[{"containerPort":80,"protocol":"TCP"}]},
               {"name":"side","image":"s:1"}]}}},
             "status":{"replicas":2}}
            """)!.AsObject();
        var applied = JsonNode.Parse("""
            {"metadata":{"name":"web","resourceVersion":"2","uid":"u"},
             "spec":{"replicas":3,"template":{"spec":{"containers":[
               {"name":"side","image":"s:1"},
               {"name":"web","image":"a:2","env":[{"name":"B","value":"2"},{"name":"C","value":"3"}],"ports":[{"containerPort":80,"protocol":"TCP"}]}]}}},
             "status":{"replicas":3}}
            """)!.AsObject();

        var changes = ManifestComparer.Compare(JsonTools.Normalize(live), JsonTools.Normalize(applied));

        Assert.Equal(new[]
        {
            "~ spec.replicas: 2 -> 3",
            "- spec.template.spec.containers[web].env[A]: {\"name\":\"A\",\"value\":\"1\"}",
            "+ spec.template.spec.containers[web].env[C]: {\"name\":\"C\",\"value\":\"3\"}",
            "~ spec.template.spec.containers[web].image: \"a:1\" -> \"a:2\"",
            "~ spec.template.spec.containers (order): web, side -> side, web",
        }, changes.Select(c => c.ToString()));

        var diff = JsonTools.UnifiedDiff(JsonTools.ToYaml(JsonTools.Normalize(live)), JsonTools.ToYaml(JsonTools.Normalize(applied)), "live", "berth");
        Assert.StartsWith("--- live\n+++ berth\n@@ ", diff, StringComparison.Ordinal);
        Assert.Contains("-  replicas: 2\n+  replicas: 3", diff, StringComparison.Ordinal);
        Assert.Equal(string.Empty, JsonTools.UnifiedDiff("a: 1\n", "a: 1\n", "x", "y"));
    }

    [Theory]
    [InlineData("StatefulSet.apps \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'template', and 'updateStrategy' are forbidden",
        "replicas,template,updateStrategy")]
    [InlineData("spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        "replicas,ordinals,template,updateStrategy,persistentVolumeClaimRetentionPolicy,minReadySeconds")]
    [InlineData("spec.replicas: Invalid value: -1", null)]
    public void The_servers_refusal_gives_its_mutable_field_list(string message, string? expected) =>
        Assert.Equal(expected?.Split(','), ServerInfo.ParseMutableFields(message));

    [Fact]
    public void Mutable_fields_grow_with_the_server_version()
    {
        Assert.Equal(new[] { "replicas", "template", "updateStrategy" }, ServerInfo.MutableFieldsFor(new Version(1, 20)));
        Assert.Contains("minReadySeconds", ServerInfo.MutableFieldsFor(new Version(1, 25)));
        Assert.Contains("persistentVolumeClaimRetentionPolicy", ServerInfo.MutableFieldsFor(new Version(1, 28)));
        Assert.Contains("ordinals", ServerInfo.MutableFieldsFor(new Version(1, 31)));
        Assert.DoesNotContain("revisionHistoryLimit", ServerInfo.MutableFieldsFor(new Version(1, 31)));
        Assert.Equal(new Version(1, 28), ServerInfo.ParseVersion(new VersionInfo { Major = "1", Minor = "28+", GitVersion = "v1.28.3-eks-1" }));
        Assert.Equal(new Version(1, 30), ServerInfo.ParseVersion(new VersionInfo { Major = "", Minor = "", GitVersion = "v1.30.1" }));
    }

    // ------------------------------------------------------------------ rollout verdicts on hand-made states

    private static V1StatefulSet Set(int replicas, string update, string current, string policy = "OrderedReady", int? partition = null, string strategy = "RollingUpdate", string? maxUnavailable = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "db", NamespaceProperty = "ns", Uid = "set-uid", Generation = 2 },
        Spec = new V1StatefulSetSpec
        {
            Replicas = replicas,
            PodManagementPolicy = policy,
            UpdateStrategy = new V1StatefulSetUpdateStrategy
            {
                Type = strategy,
                RollingUpdate = strategy == "RollingUpdate" ? new V1RollingUpdateStatefulSetStrategy { Partition = partition, MaxUnavailable = maxUnavailable } : null,
            },
        },
        Status = new V1StatefulSetStatus { ObservedGeneration = 2, UpdateRevision = update, CurrentRevision = current, Replicas = replicas, ReadyReplicas = replicas },
    };

    private static V1Pod Pod(int ordinal, string revision, bool ready = true, string? waiting = null, int restarts = 0, bool scheduled = true) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = $"db-{ordinal}",
            Uid = $"pod-{ordinal}",
            Labels = new Dictionary<string, string> { ["controller-revision-hash"] = revision },
            OwnerReferences = new List<V1OwnerReference> { new() { Controller = true, Uid = "set-uid", Kind = "StatefulSet", Name = "db", ApiVersion = "apps/v1" } },
        },
        Spec = new V1PodSpec { NodeName = scheduled ? "node" : null },
        Status = new V1PodStatus
        {
            Phase = scheduled ? "Running" : "Pending",
            Conditions = scheduled
                ? new List<V1PodCondition> { new() { Type = "Ready", Status = ready ? "True" : "False" } }
                : new List<V1PodCondition> { new() { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = "0/3 nodes are available: 3 Insufficient memory." } },
            ContainerStatuses = new List<V1ContainerStatus>
            {
                new()
                {
                    Name = "db", Ready = ready, RestartCount = restarts, Image = "db", ImageID = "db",
                    State = waiting is null ? new V1ContainerState { Running = new V1ContainerStateRunning() } : new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = waiting } },
                },
            },
        },
    };

    private static RolloutEvaluation Evaluate(V1StatefulSet set, params V1Pod[] pods) =>
        RolloutEvaluator.Evaluate(set, pods, new RolloutOptions(), TimeSpan.Zero, TimeSpan.Zero);

    [Fact]
    public void Rolling_update_is_complete_only_when_every_pod_above_the_partition_runs_the_update_revision()
    {
        Assert.Equal(RolloutOutcome.Complete, Evaluate(Set(3, "r2", "r2"), Pod(0, "r2"), Pod(1, "r2"), Pod(2, "r2")).Outcome);
        var moving = Evaluate(Set(3, "r2", "r1"), Pod(0, "r1"), Pod(1, "r1"), Pod(2, "r2"));
        Assert.Null(moving.Outcome);
        Assert.Equal("db-1", moving.BlockingPod);
        Assert.Contains("old revision r1", moving.BlockingReason, StringComparison.Ordinal);
        Assert.Equal(new[] { false, false, true }, moving.Progress.Pods.Select(p => p.Done));

        var canary = Evaluate(Set(3, "r2", "r1", partition: 2), Pod(0, "r1"), Pod(1, "r1"), Pod(2, "r2"));
        Assert.Equal(RolloutOutcome.Complete, canary.Outcome);
        Assert.Equal(new[] { "db-0", "db-1" }, canary.PodsOnOldRevision);
    }

    [Fact]
    public void Scale_down_waits_for_the_removed_ordinals_to_be_gone()
    {
        var shrinking = Evaluate(Set(1, "r1", "r1"), Pod(0, "r1"), Pod(1, "r1"));
        Assert.Null(shrinking.Outcome);
        Assert.Equal("db-1", shrinking.BlockingPod);
        Assert.Contains("to be removed", shrinking.BlockingReason, StringComparison.Ordinal);
        Assert.False(shrinking.Progress.Pods.Single(p => p.Name == "db-1").Wanted);
    }

    [Fact]
    public void OnDelete_never_hangs_it_names_the_pods_on_the_old_revision()
    {
        var pending = Evaluate(Set(2, "r2", "r1", strategy: "OnDelete"), Pod(0, "r1"), Pod(1, "r2"));
        Assert.Equal(RolloutOutcome.OnDeletePending, pending.Outcome);
        Assert.Equal(new[] { "db-0" }, pending.PodsOnOldRevision);
        Assert.Contains("kubectl delete pod db-0", pending.OutcomeMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_crash_looping_pod_is_the_OrderedReady_trap_and_only_a_pod_on_an_old_revision_is_fixable()
    {
        var broken = Evaluate(Set(2, "r2", "r1"), Pod(0, "r1"), Pod(1, "r2", ready: false, waiting: "CrashLoopBackOff", restarts: 3));
        Assert.Equal(RolloutOutcome.Stuck, broken.Outcome);
        Assert.True(broken.Stuck!.OnUpdateRevision);
        Assert.Empty(broken.Fixable);
        Assert.Contains("restarts 3", broken.Stuck.Reason, StringComparison.Ordinal);

        // the template was reverted (update revision r1 again): the pod on r2 is stuck and may be deleted
        var reverted = RolloutEvaluator.Evaluate(Set(2, "r1", "r1"), new[] { Pod(0, "r1"), Pod(1, "r2", ready: false, waiting: "CrashLoopBackOff", restarts: 4) },
            new RolloutOptions { FixStuckRollout = true }, TimeSpan.Zero, TimeSpan.Zero);
        Assert.Null(reverted.Outcome);
        Assert.Equal(new[] { "db-1" }, reverted.Fixable.Select(f => f.Name));

        // Parallel: the controller replaces it itself, nothing to fix
        var parallel = Evaluate(Set(2, "r1", "r1", policy: "Parallel"), Pod(0, "r1"), Pod(1, "r2", ready: false, waiting: "CrashLoopBackOff", restarts: 4));
        Assert.Null(parallel.Outcome);
        Assert.Empty(parallel.Fixable);
    }

    [Fact]
    public void The_progress_deadline_names_the_blocking_pod_and_its_reason()
    {
        var options = new RolloutOptions { ProgressDeadline = TimeSpan.FromSeconds(5) };
        var unschedulable = RolloutEvaluator.Evaluate(Set(2, "r1", "r1", policy: "Parallel", maxUnavailable: "2"), new[] { Pod(0, "r1"), Pod(1, "r1", ready: false, scheduled: false) },
            options, TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(6));
        Assert.Equal(RolloutOutcome.ProgressDeadlineExceeded, unschedulable.Outcome);
        Assert.Equal("db-1", unschedulable.BlockingPod);
        Assert.Contains("Unschedulable: 0/3 nodes are available", unschedulable.BlockingReason, StringComparison.Ordinal);
        Assert.Contains("maxUnavailable 2", unschedulable.Progress.Message, StringComparison.Ordinal);

        var notYet = RolloutEvaluator.Evaluate(Set(2, "r1", "r1", policy: "Parallel"), new[] { Pod(0, "r1"), Pod(1, "r1", ready: false, scheduled: false) },
            options, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(4));
        Assert.Null(notYet.Outcome);
    }

    [Fact]
    public async Task Reflector_relists_after_a_broken_watch_and_keeps_its_copy_current()
    {
        var lists = 0;
        var watches = new List<string>();
        static V1Pod Named(string name) => new() { Metadata = new V1ObjectMeta { Name = name, ResourceVersion = "1" } };
        Task<(IList<V1Pod>, string)> List(CancellationToken ct)
        {
            lists++;
            return Task.FromResult<(IList<V1Pod>, string)>((lists == 1 ? new List<V1Pod> { Named("a") } : new List<V1Pod> { Named("b") }, lists.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        async IAsyncEnumerable<(WatchEventType, V1Pod)> Watch(string rv, Action<Exception> onError, [EnumeratorCancellation] CancellationToken ct)
        {
            watches.Add(rv);
            if (watches.Count == 1)
            {
                yield return (WatchEventType.Added, Named("c"));
                throw new System.IO.IOException("connection reset");
            }

            await Task.Delay(Timeout.Infinite, ct);
        }

        var signal = new AsyncSignal();
        await using var reflector = new Reflector<V1Pod>("pods", List, Watch, signal, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        await reflector.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (lists < 2 && DateTime.UtcNow < deadline)
            await signal.WaitAsync(TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Equal(2, lists);
        Assert.Equal(new[] { "b" }, reflector.Items.Select(p => p.Metadata.Name));
        Assert.Equal("1", watches[0]);
    }

    [Fact]
    public async Task Reflector_reports_a_lost_server_its_return_and_a_resourceVersion_that_went_backwards()
    {
        var lists = 0;
        var lostDuringRelist = false;
        var signal = new AsyncSignal();
        var connection = new ServerConnection(signal);
        static V1Pod Named(string name) => new() { Metadata = new V1ObjectMeta { Name = name, ResourceVersion = "500" } };
        Task<(IList<V1Pod>, string)> List(CancellationToken ct)
        {
            lists++;
            if (lists == 1)
                return Task.FromResult<(IList<V1Pod>, string)>((new List<V1Pod> { Named("a") }, "500"));
            lostDuringRelist |= connection.Lost.Since is not null;
            if (lists == 2)
                throw new System.Net.Http.HttpRequestException("Connection refused (127.0.0.1:16443)");
            // the server is back, but with another etcd: an older resourceVersion and none of the pods
            return Task.FromResult<(IList<V1Pod>, string)>((new List<V1Pod>(), "7"));
        }

        async IAsyncEnumerable<(WatchEventType, V1Pod)> Watch(string rv, Action<Exception> onError, [EnumeratorCancellation] CancellationToken ct)
        {
            if (lists < 3)
                throw new System.Net.Http.HttpRequestException("Connection refused (127.0.0.1:16443)");
            await Task.Delay(Timeout.Infinite, ct);
            yield break;
        }

        await using var reflector = new Reflector<V1Pod>("pods", List, Watch, signal, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, connection);
        await reflector.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (connection.WentBack is null && DateTime.UtcNow < deadline)
            await signal.WaitAsync(TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.True(lostDuringRelist);
        Assert.Null(connection.Lost.Since);
        Assert.Equal("pods: the server listed resourceVersion 7 after 500 had been seen", connection.WentBack);
        Assert.Empty(reflector.Items);
    }
}
