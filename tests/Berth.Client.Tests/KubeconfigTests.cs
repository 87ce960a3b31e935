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

        var both = Write("both", Config("one", "https://one.example", "one", null, current: "one", insecure: true)
            .Replace("    insecure-skip-tls-verify: true", "    insecure-skip-tls-verify: true\n    certificate-authority-data: " + ca, StringComparison.Ordinal));
        var tls = Assert.Throws<BerthClientException>(() => KubeconfigLoader.Load(both, null, null, Env()));
        Assert.Contains($"kubeconfig {both}, context \"one\" sets both insecure-skip-tls-verify and a certificate-authority", tls.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Insecure_skip_tls_verify_is_honoured_only_when_the_kubeconfig_says_so_and_then_warns()
    {
        var insecure = Write("insecure", Config("one", "https://one.example", "one", null, current: "one", insecure: true));
        var loaded = KubeconfigLoader.Load(insecure, null, null, Env());
        Assert.True(loaded.Trust.SkipVerify);
        var warning = Assert.Single(loaded.Warnings);
        Assert.Contains($"kubeconfig {insecure}, context \"one\" sets insecure-skip-tls-verify", warning, StringComparison.Ordinal);
        Assert.Contains("NOT verified", warning, StringComparison.Ordinal);

        var log = new Support.LogCapture();
        using var client = BerthClient.FromKubeconfig(insecure, options: new BerthClientOptions { Logger = log });
        Assert.Equal(loaded.Warnings, client.ConnectionWarnings);
        Assert.Contains(log.Lines, l => l.StartsWith("Warning: ", StringComparison.Ordinal) && l.Contains("insecure-skip-tls-verify", StringComparison.Ordinal));

        var verified = KubeconfigLoader.Load(Write("verified", Config("one", "https://one.example", "one", null, current: "one")), null, null, Env());
        Assert.False(verified.Trust.SkipVerify);
        Assert.Empty(verified.Warnings);
        Assert.NotNull(verified.Trust.Authority);
        Assert.Equal("one.example", verified.Trust.ExpectedName);
    }

    [Theory]
    [InlineData("token: not-a-real-token", "a token")]
    [InlineData("username: admin\n    password: hunter22", "a username and password")]
    [InlineData("client-certificate-data: Zm9v\n    client-key-data: YmFy", "a client certificate")]
    [InlineData("auth-provider:\n      name: oidc\n      config:\n        id-token: abc", "an auth-provider")]
    [InlineData("exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: touch\n      args: [\"EXEC_MARKER\"]", "an exec credential plugin")]
    public void Plain_http_servers_are_refused_when_credentials_would_be_sent(string user, string what)
    {
        var marker = Path.Combine(dir, "exec-ran");
        var yaml = Config("plain", "http://127.0.0.1:1", "plain", null, current: "plain")
            .Replace("token: not-a-real-token", user.Replace("EXEC_MARKER", marker, StringComparison.Ordinal), StringComparison.Ordinal);
        var path = Write("plain", yaml);

        var e = Assert.Throws<BerthClientException>(() => BerthClient.FromKubeconfig(path));

        Assert.Contains($"kubeconfig {path}, context \"plain\": the server http://127.0.0.1:1 is plain http://", e.Message, StringComparison.Ordinal);
        Assert.Contains($"its user \"plain-user\" has {what}, which Berth never sends without TLS", e.Message, StringComparison.Ordinal);
        Assert.Contains("Use the https:// address of the API server", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(marker), "the exec plugin ran for a plain-HTTP server");
        Assert.DoesNotContain("hunter22", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-real-token", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_http_servers_are_refused_without_credentials_too()
    {
        var yaml = Config("plain", "http://127.0.0.1:1", "plain", null, current: "plain")
            .Replace("users:\n- name: plain-user\n  user:\n    token: not-a-real-token\n", "users: []\n", StringComparison.Ordinal)
            .Replace("    user: plain-user\n", string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("token", yaml, StringComparison.Ordinal);
        var path = Write("anonymous", yaml);

        var e = Assert.Throws<BerthClientException>(() => BerthClient.FromKubeconfig(path));

        Assert.Contains("is plain http://, and Berth talks to API servers only over verified TLS (https://)", e.Message, StringComparison.Ordinal);
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

/// <summary>Kubeconfig loading against the real API server (TLS verification: <see cref="ServerIdentityClusterTests"/>).</summary>
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
        using var client = new BerthClient(loaded.CreateClient(), loaded.Namespace);
        Assert.Equal("elsewhere", client.DefaultNamespace);
        Assert.Equal("elsewhere", client.For(StatefulApp.Named("web")).Namespace);
        Assert.Equal("v1.20.2", (await client.GetServerInfoAsync()).GitVersion);
    }
}
