using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Berth.Client.Internal;
using Berth.Testing.Cluster;
using k8s;
using Xunit;

namespace Berth.Client.Tests;

/// <summary>Finding and merging kubeconfig files like kubectl, keeping TLS verification on.</summary>
public sealed class KubeconfigTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("berth-kubeconfig-").FullName;
    private readonly string ca = SelfSignedCa();

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static string SelfSignedCa()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=some-other-ca", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(cert.ExportCertificatePem()));
    }

    private string Write(string name, string yaml)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    private string Config(string cluster, string server, string context, string? ns, string? current = null, bool insecure = false) => $"""
        apiVersion: v1
        kind: Config
        {(current is null ? string.Empty : "current-context: " + current)}
        clusters:
        - name: {cluster}
          cluster:
            server: {server}
        {(insecure ? "    insecure-skip-tls-verify: true" : "    certificate-authority-data: " + ca)}
        users:
        - name: {cluster}-user
          user:
            token: not-a-real-token
        contexts:
        - name: {context}
          context:
            cluster: {cluster}
            user: {cluster}-user
        {(ns is null ? string.Empty : "    namespace: " + ns)}
        """;

    private static Func<string, string?> Env(params (string Key, string Value)[] vars)
    {
        var map = new Dictionary<string, string>();
        foreach (var (k, v) in vars)
            map[k] = v;
        return key => map.TryGetValue(key, out var v) ? v : null;
    }

    [Fact]
    public void KUBECONFIG_files_are_merged_first_wins_and_context_and_namespace_are_honoured()
    {
        var a = Write("a", Config("one", "https://one.example:6443", "one", "ns-one", current: "one"));
        var b = Write("b", Config("two", "https://two.example:6443", "two", "ns-two", current: "two")
            + "\n- name: one\n  context:\n    cluster: two\n    user: two-user\n    namespace: shadowed\n");
        var env = Env(("KUBECONFIG", a + Path.PathSeparator + b), ("HOME", dir));

        var first = KubeconfigLoader.Load(null, null, null, env);
        Assert.Equal("one", first.Context);
        Assert.Equal("ns-one", first.Namespace);
        Assert.StartsWith("https://one.example:6443", first.Configuration.Host, StringComparison.Ordinal);
        Assert.Equal(new[] { a, b }, first.Files);
        Assert.False(first.Configuration.SkipTlsVerify);

        var second = KubeconfigLoader.Load(null, "two", null, env);
        Assert.Equal("ns-two", second.Namespace);
        Assert.StartsWith("https://two.example:6443", second.Configuration.Host, StringComparison.Ordinal);

        Assert.Equal("mine", KubeconfigLoader.Load(null, "two", "mine", env).Namespace);
        Assert.Equal("default", KubeconfigLoader.Load(Write("c", Config("c", "https://c.example", "c", null, current: "c")), null, null, env).Namespace);
    }

    [Fact]
    public void Explicit_path_wins_over_KUBECONFIG_and_home_is_the_fallback()
    {
        var env = Env(("KUBECONFIG", Path.Combine(dir, "missing")), ("HOME", dir));
        Assert.Equal(new[] { "/x/config" }, KubeconfigLoader.Candidates("/x/config", env));
        Assert.Equal(new[] { Path.Combine(dir, "missing") }, KubeconfigLoader.Candidates(null, env));
        Assert.Equal(new[] { Path.Combine(dir, ".kube", "config") }, KubeconfigLoader.Candidates(null, Env(("HOME", dir))));
    }

    [Fact]
    public void Unusable_kubeconfigs_are_refused_with_what_to_do()
    {
        var none = Assert.Throws<BerthClientException>(() => KubeconfigLoader.Load(null, null, null, Env(("KUBECONFIG", Path.Combine(dir, "nope")))));
        Assert.Contains("no kubeconfig found", none.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(dir, "nope"), none.Message, StringComparison.Ordinal);

        var path = Write("a", Config("one", "https://one.example", "one", null, current: "one"));
        var context = Assert.Throws<BerthClientException>(() => KubeconfigLoader.Load(path, "prod", null, Env()));
        Assert.Contains("no context \"prod\"; contexts: one", context.Message, StringComparison.Ordinal);

        var insecure = Write("insecure", Config("one", "https://one.example", "one", null, current: "one", insecure: true));
        var tls = Assert.Throws<BerthClientException>(() => KubeconfigLoader.Load(insecure, null, null, Env()));
        Assert.Contains("insecure-skip-tls-verify", tls.Message, StringComparison.Ordinal);
        Assert.Throws<BerthClientException>(() => BerthClient.FromKubeconfig(insecure));
    }

    [Fact]
    public void FromInCluster_outside_a_pod_says_so()
    {
        if (KubernetesClientConfiguration.IsInCluster())
            return; // really inside a pod: nothing to refuse
        var e = Assert.Throws<BerthClientException>(() => BerthClient.FromInCluster());
        Assert.Contains("not running inside a Kubernetes pod", e.Message, StringComparison.Ordinal);
    }
}

/// <summary>Kubeconfig loading against the real API server: a working connection, and TLS verification that bites.</summary>
[Collection(TestCluster.Collection)]
public sealed class KubeconfigClusterTests
{
    private readonly TestCluster cluster;

    public KubeconfigClusterTests(TestCluster cluster) => this.cluster = cluster;

    [Fact]
    public async Task KUBECONFIG_list_reaches_the_cluster_with_the_namespace_override()
    {
        var env = (Func<string, string?>)(k => k == "KUBECONFIG" ? "/nonexistent/config" + Path.PathSeparator + cluster.KubeconfigPath : null);
        var loaded = KubeconfigLoader.Load(null, null, "elsewhere", env);
        using var client = new BerthClient(new Kubernetes(loaded.Configuration), loaded.Namespace);
        Assert.Equal("elsewhere", client.DefaultNamespace);
        Assert.Equal("elsewhere", client.For(StatefulApp.Named("web")).Namespace);
        Assert.Equal("v1.20.2", (await client.GetServerInfoAsync()).GitVersion);
    }

    [Fact]
    public async Task A_server_certificate_from_another_CA_is_rejected()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=not-the-cluster-ca", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var other = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var otherCa = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(other.ExportCertificatePem()));
        var path = Path.Combine(Path.GetTempPath(), $"berth-wrong-ca-{Guid.NewGuid():N}.kubeconfig");
        File.WriteAllText(path, Regex.Replace(File.ReadAllText(cluster.KubeconfigPath), @"certificate-authority-data: \S+", "certificate-authority-data: " + otherCa));
        try
        {
            using var client = BerthClient.FromKubeconfig(path, options: new BerthClientOptions { Retry = RetryPolicy.None });
            var e = await Assert.ThrowsAsync<BerthClientException>(() => client.GetServerInfoAsync());
            Assert.Contains("could not be reached", e.Message, StringComparison.Ordinal);
            Assert.Contains("SSL", e.Message, StringComparison.Ordinal);
            Assert.Null(e.StatusCode);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
