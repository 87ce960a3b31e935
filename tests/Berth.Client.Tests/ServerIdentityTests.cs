using System;
using System.IO;
using System.Linq;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Berth.Client.Internal;
using Berth.Client.Tests.Support;
using Berth.Testing.Cluster;
using k8s;
using Xunit;

namespace Berth.Client.Tests;

/// <summary>The certificate check itself, on certificates made here (no network).</summary>
public sealed class ServerTrustTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("berth-trust-").FullName;
    private readonly X509Certificate2 ca;
    private readonly string caCert;
    private readonly string caKey;

    public ServerTrustTests()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=test-cluster-ca", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var self = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10));
        caCert = Path.Combine(dir, "ca.crt");
        caKey = Path.Combine(dir, "ca.key");
        File.WriteAllText(caCert, self.ExportCertificatePem());
        File.WriteAllText(caKey, key.ExportPkcs8PrivateKeyPem());
        ca = X509CertificateLoader.LoadCertificate(self.RawData);
    }

    public void Dispose()
    {
        ca.Dispose();
        Directory.Delete(dir, recursive: true);
    }

    private ServerTrust Trust(string server, string? tlsServerName = null, X509Certificate2? authority = null, bool skip = false) =>
        new(new Uri(server), tlsServerName, skip ? null : new X509Certificate2Collection(authority ?? ca), skip, "kubeconfig /k, context \"c\"");

    /// <summary>
    /// The cause of the leak: KubernetesClient 21.0.8's own callback accepts a certificate for another name as soon as
    /// it chains to the kubeconfig's CA (it looks at the chain only, not at RemoteCertificateNameMismatch).
    /// </summary>
    [Fact]
    public void KubernetesClient_callback_ignores_the_name_mismatch_and_Berths_does_not()
    {
        using var evil = Impostor.IssueCertificate(caCert, caKey, "evil.example");
        using var chain = new X509Chain();
        var errors = SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch;

        Assert.True(Kubernetes.CertificateValidationCallBack(this, new X509Certificate2Collection(ca), evil, chain, errors));

        var trust = Trust("https://127.0.0.1:6443");
        Assert.False(trust.Validate(evil, new X509Chain(), errors));
        Assert.Equal("the server's certificate is for names evil.example, not host 127.0.0.1 of https://127.0.0.1:6443/; use a server address the certificate names, " +
                     "or set tls-server-name in the kubeconfig's cluster entry to one of them", trust.LastFailure);
    }

    [Fact]
    public void Names_and_IP_addresses_of_the_subjectAltName_are_matched_and_the_common_name_is_not()
    {
        using var serving = Impostor.IssueCertificate(caCert, caKey, "localhost", "kubernetes.default.svc", "127.0.0.1", "::1");
        Assert.True(Trust("https://127.0.0.1:6443").Validate(serving, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.True(Trust("https://[::1]:6443").Validate(serving, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.True(Trust("https://localhost:6443").Validate(serving, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.True(Trust("https://127.0.0.2:6443", tlsServerName: "kubernetes.default.svc").Validate(serving, null, SslPolicyErrors.RemoteCertificateChainErrors));

        var wrongIp = Trust("https://127.0.0.2:6443");
        Assert.False(wrongIp.Validate(serving, null, SslPolicyErrors.None));
        Assert.Contains("is for names localhost, kubernetes.default.svc, 127.0.0.1, ::1, not host 127.0.0.2", wrongIp.LastFailure, StringComparison.Ordinal);

        var wrongServerName = Trust("https://127.0.0.1:6443", tlsServerName: "evil.example");
        Assert.False(wrongServerName.Validate(serving, null, SslPolicyErrors.None));
        Assert.Contains("not tls-server-name evil.example of kubeconfig /k, context \"c\"", wrongServerName.LastFailure, StringComparison.Ordinal);

        // a name only in the subject's common name does not count (as in kubectl)
        using var cnOnly = Impostor.IssueCertificate(caCert, caKey);
        Assert.Empty(ServerTrust.CertificateNames(cnOnly));
        Assert.False(Trust("https://impostor:6443").Validate(cnOnly, null, SslPolicyErrors.None));
    }

    [Fact]
    public void The_kubeconfig_CA_is_the_only_trust_anchor()
    {
        using var serving = Impostor.IssueCertificate(caCert, caKey, "127.0.0.1");
        var otherCa = X509Certificate2.CreateFromPem(Impostor.SelfSignedCaPem("not-the-cluster-ca"));

        var trust = Trust("https://127.0.0.1:6443", authority: otherCa);
        // even when the platform would accept the chain (SslPolicyErrors.None), only the kubeconfig's CA counts
        Assert.False(trust.Validate(serving, null, SslPolicyErrors.None));
        Assert.StartsWith("the server's certificate (subject \"CN=127.0.0.1\", issuer \"CN=test-cluster-ca\") is not signed by the certificate-authority of kubeconfig /k, context \"c\" (\"CN=not-the-cluster-ca\")",
            trust.LastFailure, StringComparison.Ordinal);

        // without a CA in the kubeconfig the platform's verdict on the chain stands
        var system = new ServerTrust(new Uri("https://127.0.0.1:6443"), null, null, false, "kubeconfig /k, context \"c\"");
        Assert.False(system.Validate(serving, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.Contains("is not trusted by the system's certificate store, and kubeconfig /k, context \"c\" names no certificate-authority", system.LastFailure, StringComparison.Ordinal);
        Assert.True(system.Validate(serving, null, SslPolicyErrors.None));

        Assert.True(Trust("https://127.0.0.1:6443", skip: true).Validate(serving, null, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch));
    }
}

/// <summary>
/// Server identity against the real API server and fake ones: an impostor with a certificate for another name signed
/// by the real cluster CA, a plain-HTTP listener, the real server under an address its certificate does not name.
/// Each time Berth must send nothing (kubectl, run on the same kubeconfig, refuses too), and say what did not match.
/// </summary>
[Collection(TestCluster.Collection)]
public sealed class ServerIdentityClusterTests : IDisposable
{
    private readonly TestCluster cluster;
    private readonly string dir = Directory.CreateTempSubdirectory("berth-identity-").FullName;

    public ServerIdentityClusterTests(TestCluster cluster) => this.cluster = cluster;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Pki(string file) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(cluster.KubeconfigPath))!, "pki", file);

    private string RealKubeconfig => File.ReadAllText(cluster.KubeconfigPath);

    private string Token => Regex.Match(RealKubeconfig, @"token:\s*(\S+)").Groups[1].Value;

    private int ApiPort => new Uri(Regex.Match(RealKubeconfig, @"server:\s*(\S+)").Groups[1].Value).Port;

    /// <summary>The test cluster's kubeconfig (admin token, cluster CA) with another server and cluster settings.</summary>
    private string Kubeconfig(string name, string server, string? tlsServerName = null, bool insecure = false)
    {
        var yaml = Regex.Replace(RealKubeconfig, @"server:\s*\S+", "server: " + server);
        if (tlsServerName is not null)
            yaml = Regex.Replace(yaml, @"(\n(\s+)server: \S+)", "$1\n$2tls-server-name: " + tlsServerName);
        if (insecure)
            yaml = Regex.Replace(yaml, @"certificate-authority-data: \S+", "insecure-skip-tls-verify: true");
        var path = Path.Combine(dir, name + ".kubeconfig");
        File.WriteAllText(path, yaml);
        return path;
    }

    private static BerthClient Connect(string kubeconfig, LogCapture? log = null) =>
        BerthClient.FromKubeconfig(kubeconfig, options: new BerthClientOptions
        {
            Logger = (Microsoft.Extensions.Logging.ILogger?)log ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
            Retry = new RetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(20) },
        });

    [Fact]
    public async Task An_impostor_with_a_cluster_CA_certificate_for_another_name_receives_no_request_and_kubectl_refuses_too()
    {
        await using var impostor = Impostor.Https(Impostor.IssueCertificate(Pki("ca.crt"), Pki("ca.key"), "evil.example"));
        var kubeconfig = Kubeconfig("impostor", impostor.Url);
        using var client = Connect(kubeconfig);

        var discovery = await Assert.ThrowsAsync<BerthClientException>(() => client.GetServerInfoAsync());
        var status = await Assert.ThrowsAsync<BerthClientException>(() => client.For(TestApps.Web("default")).StatusAsync());
        var apply = await Assert.ThrowsAsync<BerthClientException>(() => client.For(TestApps.Web("default")).ApplyAsync());

        foreach (var e in new[] { discovery, status, apply })
        {
            Assert.Contains($"refused the server at {impostor.Url}/ (nothing was sent to it): the server's certificate is for names evil.example, not host 127.0.0.1", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("inner exception", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Token, e.ToString(), StringComparison.Ordinal);
            Assert.Null(e.StatusCode);
        }

        Assert.StartsWith("read server/version failed: ", discovery.Message, StringComparison.Ordinal);
        Assert.Empty(impostor.Requests);
        Assert.Equal(3, impostor.Connections); // one per call: a refused certificate is not retried

        var kubectl = await Kubectl.RunAsync(kubeconfig, new[] { "get", "--raw", "/version" });
        Assert.NotEqual(0, kubectl.ExitCode);
        Assert.True(kubectl.StdErr.Contains("x509: cannot validate certificate for 127.0.0.1", StringComparison.Ordinal), kubectl.StdErr);
        Assert.Empty(impostor.Requests);
    }

    [Fact]
    public async Task A_plain_http_server_with_a_token_is_refused_before_any_byte_and_kubectl_sends_it_no_credentials()
    {
        await using var plain = Impostor.Http();
        var kubeconfig = Kubeconfig("plain", plain.Url);

        var e = Assert.Throws<BerthClientException>(() => Connect(kubeconfig));

        Assert.Equal($"kubeconfig {kubeconfig}, context \"berth\": the server {plain.Url} is plain http://, and its user \"berth-admin\" has a token, which Berth never sends without TLS; " +
                     "nothing was sent. Use the https:// address of the API server with its certificate-authority(-data) in the cluster entry", e.Message);
        Assert.Equal(0, plain.Connections);

        var kubectl = await Kubectl.RunAsync(kubeconfig, new[] { "get", "--raw", "/version" });
        Assert.NotEqual(0, kubectl.ExitCode);
        Assert.NotEmpty(plain.Requests);
        Assert.DoesNotContain(plain.Requests, r => r.HasCredentials);
    }

    [Fact]
    public async Task The_real_server_under_an_address_not_in_its_certificate_is_refused_and_tls_server_name_makes_it_work()
    {
        await using var relay = new ImpostorRelay("127.0.0.1", ApiPort);
        var unnamed = Kubeconfig("unnamed", relay.HttpsUrl);

        using (var client = Connect(unnamed))
        {
            var e = await Assert.ThrowsAsync<BerthClientException>(() => client.GetServerInfoAsync());
            Assert.Contains("the server's certificate is for names localhost, kubernetes, kubernetes.default, kubernetes.default.svc, kubernetes.default.svc.cluster.local, 127.0.0.1", e.Message, StringComparison.Ordinal);
            Assert.Contains($"not host 127.0.0.2 of {relay.HttpsUrl}/; use a server address the certificate names, or set tls-server-name", e.Message, StringComparison.Ordinal);
        }

        Assert.True(relay.Connections >= 1);
        var kubectlRefuses = await Kubectl.RunAsync(unnamed, new[] { "get", "--raw", "/version" });
        Assert.NotEqual(0, kubectlRefuses.ExitCode);
        Assert.Contains("127.0.0.2", kubectlRefuses.StdErr, StringComparison.Ordinal);

        foreach (var name in new[] { "localhost", "kubernetes.default.svc" })
        {
            var named = Kubeconfig("named-" + name, relay.HttpsUrl, tlsServerName: name);
            using var client = Connect(named);
            Assert.Equal("v1.20.2", (await client.GetServerInfoAsync()).GitVersion);
            Assert.Empty(client.ConnectionWarnings);
            (await Kubectl.RunAsync(named, new[] { "get", "--raw", "/version" })).EnsureSuccess();
        }

        using (var client = Connect(Kubeconfig("named-evil", relay.HttpsUrl, tlsServerName: "evil.example")))
        {
            var e = await Assert.ThrowsAsync<BerthClientException>(() => client.GetServerInfoAsync());
            Assert.Contains("not tls-server-name evil.example of kubeconfig", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Tls_server_name_is_the_name_verified_and_sent_as_SNI()
    {
        await using var server = Impostor.Https(Impostor.IssueCertificate(Pki("ca.crt"), Pki("ca.key"), "kubernetes.default.svc"));
        using var client = Connect(Kubeconfig("sni", server.Url, tlsServerName: "kubernetes.default.svc"));

        await Assert.ThrowsAsync<BerthClientException>(() => client.GetServerInfoAsync());

        var request = Assert.Single(server.Requests);
        Assert.Equal("kubernetes.default.svc", request.ServerName);
        Assert.Equal("/version/", request.Target);
    }

    [Fact]
    public async Task Insecure_skip_tls_verify_in_the_kubeconfig_connects_and_warns()
    {
        var log = new LogCapture();
        var kubeconfig = Kubeconfig("insecure", RealServer(), insecure: true);
        using var client = Connect(kubeconfig, log);

        Assert.Equal("v1.20.2", (await client.GetServerInfoAsync()).GitVersion);
        var warning = Assert.Single(client.ConnectionWarnings);
        Assert.StartsWith($"kubeconfig {kubeconfig}, context \"berth\" sets insecure-skip-tls-verify: the certificate of {RealServer()} is NOT verified", warning, StringComparison.Ordinal);
        Assert.Contains(log.Lines, l => l == "Warning: " + warning);
        (await Kubectl.RunAsync(kubeconfig, new[] { "get", "--raw", "/version" })).EnsureSuccess();
    }

    private string RealServer() => Regex.Match(RealKubeconfig, @"server:\s*(\S+)").Groups[1].Value;

    [Fact]
    public async Task A_server_certificate_from_another_CA_says_which_CA_it_is_not_signed_by()
    {
        var otherCa = Convert.ToBase64String(Encoding.ASCII.GetBytes(Impostor.SelfSignedCaPem("not-the-cluster-ca")));
        var kubeconfig = Path.Combine(dir, "wrong-ca.kubeconfig");
        File.WriteAllText(kubeconfig, Regex.Replace(RealKubeconfig, @"certificate-authority-data: \S+", "certificate-authority-data: " + otherCa));
        using var client = Connect(kubeconfig);

        var e = await Assert.ThrowsAsync<BerthClientException>(() => client.GetServerInfoAsync());

        Assert.Contains($"is not signed by the certificate-authority of kubeconfig {kubeconfig}, context \"berth\" (\"CN=not-the-cluster-ca\")", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("inner exception", e.Message, StringComparison.Ordinal);
        Assert.Null(e.StatusCode);
    }

    [Fact]
    public async Task A_404_from_a_server_that_is_not_an_API_server_is_not_reported_as_a_missing_object()
    {
        await using var web = Impostor.Https(Impostor.IssueCertificate(Pki("ca.crt"), Pki("ca.key"), "127.0.0.1"));
        using var client = Connect(Kubeconfig("web", web.Url));

        var discovery = await Assert.ThrowsAsync<BerthClientException>(() => client.GetServerInfoAsync());
        var status = await Assert.ThrowsAsync<BerthClientException>(() => client.For(TestApps.Web("shop")).StatusAsync());

        Assert.Equal($"read server/version failed: the server at {web.Url} does not look like a Kubernetes API server (HTTP 404 for /version/, without a Kubernetes Status in the answer); " +
                     "check the server address (and port) of the kubeconfig's cluster entry", discovery.Message);
        Assert.Contains($"the server at {web.Url} does not look like a Kubernetes API server (HTTP 404 for /apis/apps/v1/namespaces/shop/statefulsets/web", status.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("does not exist", status.Message, StringComparison.Ordinal);
        Assert.False(status.IsNotFound);

        // the real API server's 404 is still "not found"
        using var real = Connect(cluster.KubeconfigPath);
        Assert.False((await real.For(TestApps.Web("default", name: "no-such-app")).StatusAsync()).Exists);
    }
}
