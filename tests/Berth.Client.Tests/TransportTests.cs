using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Berth.Client.Tests.Support;
using Berth.Testing.Cluster;
using k8s;
using k8s.Autorest;
using Xunit;

namespace Berth.Client.Tests;

/// <summary>
/// Retries, error messages, credentials and cancellation. The HTTP layer is faked only to inject transient faults;
/// every other request reaches the real API server.
/// </summary>
[Collection(TestCluster.Collection)]
public sealed class TransportTests
{
    private readonly TestCluster cluster;

    public TransportTests(TestCluster cluster) => this.cluster = cluster;

    private (BerthClient Client, FaultInjector Faults, LogCapture Log) Faulty(string ns, RetryPolicy? retry = null, string? kubeconfig = null)
    {
        var faults = new FaultInjector();
        var log = new LogCapture();
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig ?? cluster.KubeconfigPath);
        var k8s = new Kubernetes(config, faults);
        var client = new BerthClient(k8s, ns, new BerthClientOptions
        {
            Logger = log,
            Retry = retry ?? new RetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(200) },
        });
        return (client, faults, log);
    }

    /// <summary>A finalizer name the API server refuses (Berth's rules do not look at finalizers).</summary>
    private static void BadFinalizer(AppManifests m) =>
        m.StatefulSet.Metadata.Finalizers = new System.Collections.Generic.List<string> { "bad finalizer!" };

    private string Token() => Regex.Match(File.ReadAllText(cluster.KubeconfigPath), @"token:\s*(\S+)").Groups[1].Value;

    [Fact]
    public async Task Transient_faults_429_503_409_and_dropped_connections_are_retried_and_apply_succeeds()
    {
        await using var ns = await cluster.CreateNamespaceAsync("retry");
        var (client, faults, log) = Faulty(ns);
        faults.Fail("GET", "/version", Fault.ServiceUnavailable)
              .Fail("PATCH", "/services/web", Fault.DropConnection)
              .Fail("PATCH", "/poddisruptionbudgets/web", Fault.Conflict)
              .Fail("PATCH", "/statefulsets/web", Fault.TooManyRequests);
        var watch = Stopwatch.StartNew();

        var result = await client.For(TestApps.Web(ns, replicas: 1)).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });

        Assert.Equal(4, faults.Injected.Count);
        Assert.All(result.Objects.Skip(1), o => Assert.Equal(ApplyAction.Created, o.Action));
        Assert.Equal(2, faults.Requests.Count(r => r.StartsWith("PATCH /apis/apps/v1/namespaces/" + ns.Name + "/statefulsets/web", StringComparison.Ordinal)));
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"Retry-After 1 was not honoured ({watch.Elapsed})");
        Assert.Equal(4, log.Lines.Count(l => l.Contains("retrying", StringComparison.Ordinal)));
        Assert.Contains(log.Lines, l => l.Contains("429", StringComparison.Ordinal) && l.Contains("statefulset/web", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, l => l.Contains(Token(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retries_are_bounded_and_the_last_failure_names_the_object()
    {
        await using var ns = await cluster.CreateNamespaceAsync("retry-bounded");
        var (client, faults, _) = Faulty(ns, new RetryPolicy { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(10) });
        faults.Fail("GET", "/statefulsets/web", Fault.ServiceUnavailable, times: 100);

        var e = await Assert.ThrowsAsync<BerthClientException>(() => client.For(TestApps.Web(ns)).StatusAsync());

        Assert.Equal(3, faults.Injected.Count);
        Assert.Equal(503, e.StatusCode);
        Assert.Contains($"read statefulset/web in namespace {ns.Name} failed", e.Message, StringComparison.Ordinal);
        Assert.Contains("unable to handle the request", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_failures_are_not_retried_and_surface_the_API_servers_message()
    {
        await using var ns = await cluster.CreateNamespaceAsync("errors");
        var (client, faults, _) = Faulty(ns);

        // 422 Invalid: a finalizer name Berth's rules do not check, refused by the server
        var invalid = TestApps.Web(ns, replicas: 1).Customize(BadFinalizer);
        var e = await Assert.ThrowsAsync<BerthClientException>(() => client.For(invalid).ApplyAsync());
        Assert.Equal(422, e.StatusCode);
        Assert.Equal("Invalid", e.Reason);
        Assert.StartsWith($"apply statefulset/web in namespace {ns.Name} failed: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("metadata.finalizers: Invalid value: \"bad finalizer!\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("bad finalizer!", e.ServerMessage, StringComparison.Ordinal);
        Assert.Single(faults.Requests, r => r.StartsWith("PATCH /apis/apps/v1/namespaces/" + ns.Name + "/statefulsets/web", StringComparison.Ordinal));

        // 404: the namespace does not exist and the app does not create it
        var elsewhere = StatefulApp.Named("web").InNamespace(ns.Name + "-missing", create: false).Container("web", TestApps.Image1, c => c.Port("http", 8080));
        var missing = await Assert.ThrowsAsync<BerthClientException>(() => client.For(elsewhere).ApplyAsync());
        Assert.Equal(404, missing.StatusCode);
        Assert.Contains($"service/web in namespace {ns.Name}-missing", missing.Message, StringComparison.Ordinal);
        Assert.Contains($"namespaces \"{ns.Name}-missing\" not found", missing.Message, StringComparison.Ordinal);

        // refused locally: rule errors stop apply before anything is sent
        var requestsBefore = faults.Requests.Count;
        var broken = TestApps.Web(ns).WithContainer("web", c => c.Mount("logs", "/logs"));
        var validation = await Assert.ThrowsAsync<BerthValidationException>(() => client.For(broken).ApplyAsync());
        Assert.Contains("logs", validation.Message, StringComparison.Ordinal);
        Assert.Equal(requestsBefore, faults.Requests.Count);
    }

    [Fact]
    public async Task Tokens_never_appear_in_exceptions_or_logs()
    {
        await using var ns = await cluster.CreateNamespaceAsync("secrets");
        var token = Token();
        Assert.True(token.Length >= 16);

        // a working client, with faults and failures on the way
        var (client, faults, log) = Faulty(ns, new RetryPolicy { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(10) });
        faults.Fail("PATCH", "/services/web", Fault.TooManyRequests).Fail("GET", "/statefulsets/none", Fault.DropConnection, times: 5);
        await client.For(TestApps.Web(ns, replicas: 1)).ApplyAsync();
        var failures = new Exception[]
        {
            await Assert.ThrowsAsync<BerthClientException>(() => client.For(TestApps.Web(ns, name: "none")).StatusAsync()),
            await Assert.ThrowsAsync<BerthClientException>(() => client.For(TestApps.Web(ns, replicas: 1).Customize(BadFinalizer)).ApplyAsync()),
        };

        // a client with a wrong token: 401
        var badConfig = Path.Combine(Path.GetTempPath(), $"berth-bad-{Guid.NewGuid():N}.kubeconfig");
        var wrong = "wrong" + Guid.NewGuid().ToString("N");
        File.WriteAllText(badConfig, File.ReadAllText(cluster.KubeconfigPath).Replace(token, wrong, StringComparison.Ordinal));
        try
        {
            var (bad, _, badLog) = Faulty(ns, kubeconfig: badConfig);
            var unauthorized = await Assert.ThrowsAsync<BerthClientException>(() => bad.For(TestApps.Web(ns)).ApplyAsync());
            Assert.Equal(401, unauthorized.StatusCode);
            failures = failures.Append(unauthorized).ToArray();
            Assert.DoesNotContain(badLog.Lines, l => l.Contains(wrong, StringComparison.Ordinal));
            AssertClean(unauthorized, wrong);
        }
        finally
        {
            File.Delete(badConfig);
        }

        Assert.Equal(typeof(TransportException), failures[0].InnerException?.GetType());
        foreach (var failure in failures)
            AssertClean(failure, token);
        Assert.DoesNotContain(log.Lines, l => l.Contains(token, StringComparison.Ordinal));
        Assert.NotEmpty(log.Lines);
    }

    /// <summary>No text of the exception chain holds the secret, and no raw HTTP exception (whose request keeps the Authorization header) is in it.</summary>
    private static void AssertClean(Exception e, string secret)
    {
        Assert.DoesNotContain(secret, e.ToString(), StringComparison.Ordinal);
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            Assert.IsNotType<HttpOperationException>(inner);
            Assert.DoesNotContain(secret, inner.Message, StringComparison.Ordinal);
            foreach (var value in inner.Data.Values)
                Assert.DoesNotContain(secret, value?.ToString() ?? string.Empty, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Namespace_scoped_credentials_apply_into_an_existing_namespace_and_their_token_stays_secret()
    {
        await using var ns = await cluster.CreateNamespaceAsync("rbac");
        await cluster.Client.CoreV1.CreateNamespacedServiceAccountAsync(new k8s.Models.V1ServiceAccount { Metadata = new() { Name = "deployer" } }, ns);
        await cluster.Client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new k8s.Models.V1RoleBinding
        {
            Metadata = new() { Name = "deployer-admin" },
            RoleRef = new k8s.Models.V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "admin" },
            Subjects = new[] { new k8s.Models.Rbacv1Subject { Kind = "ServiceAccount", Name = "deployer", NamespaceProperty = ns } },
        }, ns);
        string? token = null;
        for (var i = 0; i < 100 && token is null; i++)
        {
            var sa = await cluster.Client.CoreV1.ReadNamespacedServiceAccountAsync("deployer", ns);
            if (sa.Secrets?.FirstOrDefault()?.Name is { } secretName)
                token = System.Text.Encoding.UTF8.GetString((await cluster.Client.CoreV1.ReadNamespacedSecretAsync(secretName, ns)).Data["token"]);
            else
                await Task.Delay(100);
        }

        Assert.NotNull(token);
        var path = Path.Combine(Path.GetTempPath(), $"berth-deployer-{Guid.NewGuid():N}.kubeconfig");
        File.WriteAllText(path, File.ReadAllText(cluster.KubeconfigPath).Replace(Token(), token, StringComparison.Ordinal));
        try
        {
            var log = new LogCapture();
            using var client = BerthClient.FromKubeconfig(path, @namespace: ns, options: new BerthClientOptions { Logger = log });
            var result = (await client.For(TestApps.Web(ns, replicas: 1)).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast })).Apps.Single();
            Assert.Equal(new[] { "Service", "PodDisruptionBudget", "StatefulSet" }, result.Objects.Select(o => o.Kind));
            Assert.Contains(result.Notes, n => n.StartsWith($"namespace/{ns.Name} not applied", StringComparison.Ordinal));
            Assert.Equal(RolloutOutcome.Complete, result.Rollout!.Outcome);

            // outside its namespace it is forbidden, and says so without its token
            var elsewhere = await Assert.ThrowsAsync<BerthClientException>(() => client.For(TestApps.Web("default")).StatusAsync());
            Assert.Equal(403, elsewhere.StatusCode);
            Assert.Contains("forbidden", elsewhere.Message, StringComparison.Ordinal);
            AssertClean(elsewhere, token!);
            Assert.DoesNotContain(log.Lines, l => l.Contains(token!, StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Cancellation_stops_a_rollout_wait_promptly()
    {
        await using var ns = await cluster.CreateNamespaceAsync("cancel");
        using var hold = cluster.Simulator.KeepUnready(NodeSimulator.PodNamed(ns, "web-0"));
        using var client = Harness.Client(cluster);
        var app = client.For(TestApps.Web(ns, replicas: 1));
        await app.ApplyAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => app.RolloutStatusAsync(new RolloutOptions { Timeout = TimeSpan.FromMinutes(5), ProgressDeadline = TimeSpan.FromMinutes(5) }, null, cts.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task ApplyAll_applies_apps_in_parallel_and_reports_each_failure_after_all_finished()
    {
        await using var a = await cluster.CreateNamespaceAsync("all-a");
        await using var b = await cluster.CreateNamespaceAsync("all-b");
        using var client = Harness.Client(cluster);
        var apps = new[]
        {
            TestApps.Web(a, replicas: 1),
            TestApps.Web(a, replicas: 1, name: "cache"),
            TestApps.Web(b, replicas: 1),
        };

        var ok = await client.ApplyAllAsync(apps, new ApplyOptions { Wait = true, Rollout = Harness.Fast, MaxParallelism = 2 });
        Assert.True(ok.Succeeded);
        Assert.Equal(new[] { "web", "cache", "web" }, ok.Apps.Select(r => r.AppName));
        Assert.All(ok.Apps, r => Assert.Equal(RolloutOutcome.Complete, r.Rollout!.Outcome));

        var withBad = apps.Append(TestApps.Web(b, replicas: 1, name: "bad").Customize(BadFinalizer)).ToArray();
        var e = await Assert.ThrowsAsync<ApplyFailedException>(() => client.ApplyAllAsync(withBad));
        Assert.Equal(4, e.Result.Apps.Count);
        Assert.Equal(new[] { "bad" }, e.Result.Apps.Where(r => r.Error is not null).Select(r => r.AppName));
        Assert.All(e.Result.Apps.Take(3), r => Assert.Equal(ApplyAction.Unchanged, r.StatefulSet!.Action));
        Assert.Contains("1 of 4 app(s) failed", e.Message, StringComparison.Ordinal);
        Assert.Contains("bad finalizer!", e.Message, StringComparison.Ordinal);
    }
}
