using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Berth.Cli.Tests.Support;
using Berth.Testing.Cluster;
using k8s;
using k8s.Models;
using Xunit;

namespace Berth.Cli.Tests;

/// <summary>
/// Kubeconfig users that get their credentials from an exec plugin or from the <c>oidc</c> auth-provider, end to end:
/// berth as a real process against the real cluster, with <c>--verbose</c>; every credential involved is searched for in
/// everything it printed.
/// </summary>
[Collection(TestCluster.Collection)]
public sealed class CredentialPluginTests
{
    private readonly TestCluster cluster;

    public CredentialPluginTests(TestCluster cluster) => this.cluster = cluster;

    [Fact]
    public async Task An_exec_plugin_user_works_and_a_failing_plugin_is_a_clear_error_never_printing_the_token()
    {
        await using var ns = await cluster.CreateNamespaceAsync("cli-exec");
        (await cluster.BerthAsync(ns, "apply", "queue", "--variant", "dev", "--wait")).Expect(0);
        var token = Regex.Match(File.ReadAllText(cluster.KubeconfigPath), @"token:\s*(\S+)").Groups[1].Value;
        Assert.NotEmpty(token);

        // the plugin prints an ExecCredential with the cluster's token, as kubelogin or aws-iam-authenticator would
        var credential = JsonSerializer.Serialize(new { apiVersion = "client.authentication.k8s.io/v1beta1", kind = "ExecCredential", status = new { token } });
        var plugin = Script($"exec-ok-{ns}", $"#!/bin/sh\ncat <<'EOF'\n{credential}\nEOF\n");
        var kubeconfig = Kubeconfig($"exec-ok-{ns}", $"exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: {plugin}\n");
        var ok = (await Tool.RunProcessAsync(new[] { "status", "queue", "-n", ns, "--kubeconfig", kubeconfig, "--verbose" })).Expect(0);
        Assert.Contains($"statefulset/queue (namespace {ns}): 1/1 ready", ok.Out);
        Assert.DoesNotContain(token, ok.Out + ok.Err);

        // a plugin that fails (a login that was refused): its own stderr reaches the user as with kubectl (a plugin may
        // prompt or explain there), then exit 1 with one error naming the plugin's failure; no token
        var failing = Script($"exec-fail-{ns}", "#!/bin/sh\necho 'login refused: run the login again' >&2\nexit 3\n");
        var failingConfig = Kubeconfig($"exec-fail-{ns}", $"exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: {failing}\n");
        foreach (var verbose in new[] { false, true })
        {
            var args = new[] { "status", "queue", "-n", ns, "--kubeconfig", failingConfig }.Concat(verbose ? new[] { "--verbose" } : Array.Empty<string>()).ToArray();
            var failed = (await Tool.RunProcessAsync(args)).Expect(1);
            Assert.Equal($"login refused: run the login again\nerror: kubeconfig {failingConfig}, context \"test\": the exec credential plugin of user \"plugin-user\" ({failing}) failed: " +
                "it printed no ExecCredential on stdout (it failed, or printed something else; its own messages, if any, are above); run it by hand to see why, or log in again with the tool that wrote it",
                failed.Err.TrimEnd());
            Assert.DoesNotContain(token, failed.Out + failed.Err);
        }
    }

    [Fact]
    public async Task An_oidc_user_sends_its_id_token_and_an_expired_one_that_cannot_be_refreshed_is_a_clear_error_never_printing_the_tokens()
    {
        await using var ns = await cluster.CreateNamespaceAsync("cli-oidc");
        (await cluster.BerthAsync(ns, "apply", "queue", "--variant", "dev", "--wait")).Expect(0);

        // An id-token the API server can verify: the test cluster trusts no OIDC issuer, but it verifies JWTs signed with
        // its service account key, so the id-token is a (bound) service account token of the namespace's "default"
        // account, which gets the "admin" role in the namespace. If berth did not send the id-token, the server would
        // answer 401; if it sent anything else, 401 or 403.
        var account = await cluster.Client.CoreV1.ReadNamespacedServiceAccountAsync("default", ns);
        await cluster.Client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "oidc-admin" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "admin" },
            Subjects = new List<Rbacv1Subject> { new() { Kind = "ServiceAccount", Name = "default", NamespaceProperty = ns } },
        }, ns);
        var idToken = ServiceAccountJwt(ns, account.Metadata.Uid, DateTimeOffset.UtcNow.AddMinutes(30));
        var refreshToken = "refresh-" + Guid.NewGuid().ToString("N");
        var clientSecret = "client-secret-" + Guid.NewGuid().ToString("N");
        string Oidc(string id) =>
            $"auth-provider:\n      name: oidc\n      config:\n        client-id: berth-tests\n        client-secret: {clientSecret}\n" +
            $"        id-token: {id}\n        refresh-token: {refreshToken}\n        idp-issuer-url: https://127.0.0.1:1/issuer\n";

        var ok = (await Tool.RunProcessAsync(new[] { "status", "queue", "-n", ns, "--kubeconfig", Kubeconfig($"oidc-ok-{ns}", Oidc(idToken)), "--verbose" })).Expect(0);
        Assert.Contains($"statefulset/queue (namespace {ns}): 1/1 ready", ok.Out);
        AssertNoSecret(ok, idToken, refreshToken, clientSecret);

        // expired: the client must refresh it at the issuer, which does not answer
        var expired = ServiceAccountJwt(ns, account.Metadata.Uid, DateTimeOffset.UtcNow.AddMinutes(-5));
        var expiredConfig = Kubeconfig($"oidc-expired-{ns}", Oidc(expired));
        foreach (var verbose in new[] { false, true })
        {
            var args = new[] { "status", "queue", "-n", ns, "--kubeconfig", expiredConfig }.Concat(verbose ? new[] { "--verbose" } : Array.Empty<string>()).ToArray();
            var failed = (await Tool.RunProcessAsync(args)).Expect(1);
            Assert.StartsWith("error: ", failed.Err);
            Assert.StartsWith($"error: read statefulset/queue in namespace {ns} failed: KubernetesClientException: Unable to refresh OIDC token.", failed.Err);
            Assert.Contains("Connection refused (127.0.0.1:1)", failed.Err, StringComparison.Ordinal);
            AssertNoSecret(failed, expired, refreshToken, clientSecret);
        }
    }

    private static void AssertNoSecret(CliResult result, params string[] secrets)
    {
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, result.Out + result.Err);
            // nor a recognisable part of it (a JWT's signature, the random part of the others)
            var tail = secret[^16..];
            Assert.DoesNotContain(tail, result.Out + result.Err);
        }
    }

    // A kubeconfig with the test cluster's server and CA, and a user whose credentials are <paramref name="user"/>.
    private string Kubeconfig(string name, string user)
    {
        var original = File.ReadAllText(cluster.KubeconfigPath);
        var server = Regex.Match(original, @"server:\s*(\S+)").Groups[1].Value;
        var ca = Regex.Match(original, @"certificate-authority-data:\s*(\S+)").Groups[1].Value;
        var path = Path.Combine(Tool.EmptyDirectory, name + ".kubeconfig");
        File.WriteAllText(path,
            $"apiVersion: v1\nkind: Config\nclusters:\n- name: test\n  cluster:\n    server: {server}\n    certificate-authority-data: {ca}\n" +
            $"users:\n- name: plugin-user\n  user:\n    {user}\ncontexts:\n- name: test\n  context:\n    cluster: test\n    user: plugin-user\ncurrent-context: test\n");
        return path;
    }

    private static string Script(string name, string text)
    {
        var path = Path.Combine(Tool.EmptyDirectory, name + ".sh");
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    // A bound service account token (the claims of the TokenRequest API) signed with the cluster's service account key.
    private string ServiceAccountJwt(string ns, string accountUid, DateTimeOffset expires)
    {
        var key = Path.Combine(Path.GetDirectoryName(cluster.KubeconfigPath)!, "pki", "sa.key");
        var issuer = "https://kubernetes.default.svc.cluster.local";
        var now = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds();
        var header = new { alg = "RS256", typ = "JWT" };
        var claims = new Dictionary<string, object>
        {
            ["iss"] = issuer,
            ["aud"] = new[] { issuer },
            ["sub"] = $"system:serviceaccount:{ns}:default",
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["kubernetes.io"] = new { @namespace = ns, serviceaccount = new { name = "default", uid = accountUid } },
        };
        var unsigned = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        using var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(key));
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(unsigned), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return unsigned + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
