using System;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Berth.Cli.Tests.Support;
using Berth.Testing.Cluster;
using Xunit;

namespace Berth.Cli.Tests;

/// <summary>What berth says about the server's identity: the insecure-skip-tls-verify warning, and refused servers in one line.</summary>
[Collection(TestCluster.Collection)]
public sealed class ServerIdentityTests : IDisposable
{
    private readonly TestCluster cluster;
    private readonly string dir = Directory.CreateTempSubdirectory("berth-cli-identity-").FullName;

    public ServerIdentityTests(TestCluster cluster) => this.cluster = cluster;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string RealKubeconfig => File.ReadAllText(cluster.KubeconfigPath);

    private string Write(string name, string yaml)
    {
        var path = Path.Combine(dir, name + ".kubeconfig");
        File.WriteAllText(path, yaml);
        return path;
    }

    private string Pki(string file) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(cluster.KubeconfigPath))!, "pki", file);

    [Fact]
    public async Task Insecure_skip_tls_verify_works_and_warns_on_stderr_each_run()
    {
        await using var ns = await cluster.CreateNamespaceAsync("cli-insecure");
        var insecure = Write("insecure", Regex.Replace(RealKubeconfig, @"certificate-authority-data: \S+", "insecure-skip-tls-verify: true"));

        foreach (var command in new[] { new[] { "apply", "queue", "--variant", "dev" }, new[] { "status", "queue", "--variant", "dev" } })
        {
            var run = (await Tool.RunAsync([.. command, "-n", ns, "--kubeconfig", insecure, "--assembly", Tool.FixtureAssembly])).Expect(0);
            Assert.Contains($"warning: kubeconfig {insecure}, context \"berth\" sets insecure-skip-tls-verify: the certificate of https://127.0.0.1:", run.Err);
            Assert.Contains("is NOT verified", run.Err);
            Assert.DoesNotContain("insecure-skip-tls-verify", run.Out);
        }

        var verified = (await cluster.BerthAsync(ns, "status", "queue", "--variant", "dev")).Expect(0);
        Assert.DoesNotContain("warning:", verified.Err);
    }

    [Fact]
    public async Task Refused_servers_are_one_error_line_saying_what_did_not_match_without_verbose()
    {
        await using var impostor = Impostor.Https(Impostor.IssueCertificate(Pki("ca.crt"), Pki("ca.key"), "evil.example"));
        var toImpostor = Write("impostor", Regex.Replace(RealKubeconfig, @"server:\s*\S+", "server: " + impostor.Url));
        var impostorRun = (await Tool.RunAsync("status", "queue", "-n", "default", "--kubeconfig", toImpostor)).Expect(1);
        Assert.StartsWith("error: ", impostorRun.Err);
        Assert.Contains("the server's certificate is for names evil.example, not host 127.0.0.1", impostorRun.Err);
        Assert.Empty(impostor.Requests);

        var otherCa = Convert.ToBase64String(Encoding.ASCII.GetBytes(Impostor.SelfSignedCaPem("not-the-cluster-ca")));
        var wrongCa = Write("wrong-ca", Regex.Replace(RealKubeconfig, @"certificate-authority-data: \S+", "certificate-authority-data: " + otherCa));
        var wrongCaRun = (await Tool.RunAsync("status", "queue", "-n", "default", "--kubeconfig", wrongCa)).Expect(1);
        Assert.Contains($"is not signed by the certificate-authority of kubeconfig {wrongCa}, context \"berth\"", wrongCaRun.Err);

        var plain = Write("plain", Regex.Replace(RealKubeconfig, @"server:\s*\S+", "server: http://127.0.0.1:1"));
        var plainRun = (await Tool.RunAsync("status", "queue", "-n", "default", "--kubeconfig", plain)).Expect(1);
        Assert.Contains("the server http://127.0.0.1:1 is plain http://, and its user \"berth-admin\" has a token", plainRun.Err);

        foreach (var run in new[] { impostorRun, wrongCaRun, plainRun })
        {
            Assert.Single(run.Err.TrimEnd().Split('\n'));
            Assert.DoesNotContain("inner exception", run.Err);
            Assert.DoesNotContain("--verbose", run.Err);
        }
    }
}
