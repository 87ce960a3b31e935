using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading.Tasks;
using Berth.Cli.Tests.Support;
using Berth.Client;
using Berth.Planning;
using Berth.Testing.Cluster;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit;

namespace Berth.Cli.Tests;

/// <summary>berth rbac: its output, and a ServiceAccount bound by it running every CLI operation on the real test cluster.</summary>
[Collection(TestCluster.Collection)]
public sealed class RbacTests
{
    private readonly TestCluster cluster;

    public RbacTests(TestCluster cluster) => this.cluster = cluster;

    [Fact]
    public async Task A_service_account_with_exactly_the_printed_role_runs_every_operation_and_nothing_else()
    {
        await using var ns = await cluster.CreateNamespaceAsync("cli-rbac");
        const string account = "deployer";
        await cluster.Client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = account } }, ns);
        var yaml = (await Tool.RunAsync("rbac", "-n", ns, "--service-account", account)).Expect(0).Out;
        (await Kubectl.RunAsync(cluster.KubeconfigPath, new[] { "apply", "-f", "-" }, stdin: yaml)).EnsureSuccess();
        var kubeconfig = await KubeconfigOfAsync(ns, account);

        Task<CliResult> Berth(params string[] args) =>
            Tool.RunAsync(args.Concat(new[] { "--kubeconfig", kubeconfig, "-n", ns, "--assembly", Tool.FixtureAssembly }).ToArray());

        (await Berth("diff", "web")).Expect(0);
        var apply = (await Berth("apply", "web", "--wait", "--timeout", "90s")).Expect(0);
        Assert.Contains("  statefulset/web created", apply.Out);
        Assert.Contains("rollout complete", apply.Out, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(yaml.Split('\n'), l => l == "  resources: [\"configmaps\"]");
        Assert.NotNull(await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("berth-berth-cli-fixture", ns)); // the apply-set parent
        Assert.Contains("web: no changes", (await Berth("diff", "web")).Expect(0).Out);
        Assert.Contains("3/3 ready", (await Berth("status", "web")).Expect(0).Out);
        Assert.Contains("scaled 3 -> 2", (await Berth("scale", "web", "2", "--timeout", "90s")).Expect(0).Out);
        (await Berth("set", "image", "web", "web=nginx:1.28", "--wait", "--timeout", "90s")).Expect(0);
        Assert.Contains("rollout complete", (await Berth("rollout", "status", "web", "--timeout", "90s")).Expect(0).Out, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("nginx:1.28", (await Berth("rollout", "history", "web")).Expect(0).Out);
        Assert.Contains("rolled back to revision 1", (await Berth("rollout", "undo", "web", "--wait", "--timeout", "90s")).Expect(0).Out);
        (await Berth("rollout", "restart", "web", "--wait", "--timeout", "90s")).Expect(0);
        Assert.Contains("canary complete", (await Berth("rollout", "canary", "web", "--steps", "1", "--image", "web=nginx:1.29", "--timeout", "90s")).Expect(0).Out);
        Assert.Contains("data-web-2", (await Berth("claims", "list", "web")).Expect(0).Out);
        Assert.Contains("claims deleted: data-web-2", (await Berth("claims", "prune", "web", "--yes")).Expect(0).Out);
        Assert.Contains("deleted", (await Berth("delete", "web", "--delete-claims", "--yes")).Expect(0).Out);
        Assert.Empty(await cluster.LiveClaimsAsync(ns));

        // apply --prune of an apply set with a Service and a PodDisruptionBudget, through the client with the same credentials
        using (var client = BerthClient.FromKubeconfig(kubeconfig, null, ns))
        {
            var cache = PlannedApp.Of(App("cache", ns));
            var kept = PlannedApp.Of(App("kept", ns));
            ApplyOptions InSet(bool prune, params PlannedApp[] defined) => new() { ApplySet = new ApplySetOptions { Name = "berth-rbac", Prune = prune, Defined = defined } };
            await client.ApplyAllAsync(new[] { cache, kept }, InSet(false, cache, kept));
            Assert.Contains("cache", await cluster.Client.PolicyV1beta1Budgets(ns));
            var pruned = await client.ApplyAllAsync(new[] { kept }, InSet(true, kept));
            Assert.Equal(new[] { "PodDisruptionBudget/cache", "Service/cache", "StatefulSet/cache" },
                pruned.NoLongerDefined.Where(m => m.Deleted).Select(m => $"{m.Kind}/{m.Name}").OrderBy(s => s, StringComparer.Ordinal));
            Assert.DoesNotContain("cache", await cluster.Client.PolicyV1beta1Budgets(ns));
        }

        // nothing more: writes outside the role are refused
        using var limited = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        var secret = await Assert.ThrowsAsync<HttpOperationException>(() => limited.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "stolen" } }, ns));
        Assert.Equal(HttpStatusCode.Forbidden, secret.Response.StatusCode);
        var deployment = await Assert.ThrowsAsync<HttpOperationException>(() => limited.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "other" },
            Spec = new V1DeploymentSpec
            {
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "other" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "other" } },
                    Spec = new V1PodSpec { Containers = new[] { new V1Container { Name = "c", Image = "nginx:1.27" } } },
                },
            },
        }, ns));
        Assert.Equal(HttpStatusCode.Forbidden, deployment.Response.StatusCode);
        // and the role reaches only its namespace
        var elsewhere = await Assert.ThrowsAsync<HttpOperationException>(() => limited.AppsV1.ListNamespacedStatefulSetAsync("default"));
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.Response.StatusCode);
    }

    /// <summary>An app carrying a ServiceAccount, a Secret, a Role and a NetworkPolicy with With(yaml).</summary>
    private static StatefulApp Vault(bool extras)
    {
        var app = StatefulApp.Named("vault")
            .IdentityLabels(("app", "vault"))
            .Replicas(1)
            .Container("vault", "nginx:1.27", c => c
                .Port("http", 8080)
                .Readiness(Probe.Tcp("http"))
                .Requests(cpu: "10m", memory: "16Mi", ephemeralStorage: "16Mi")
                .Limits(memory: "32Mi", ephemeralStorage: "32Mi"));
        return !extras ? app : app.ServiceAccount("vault-runner")
            .With(VaultExtras[0]).With(VaultExtras[1]).With(VaultExtras[2]).With(VaultExtras[3]);
    }

    private static readonly string[] VaultExtras =
    {
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: vault-runner\n",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: vault-auth\nstringData:\n  token: t0ken\n",
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: vault-reader\nrules:\n- apiGroups: [\"\"]\n  resources: [\"configmaps\"]\n  verbs: [\"get\"]\n",
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: vault-ingress\nspec:\n  podSelector:\n    matchLabels:\n      app: vault\n",
    };

    [Fact]
    public async Task In_a_project_the_role_also_grants_the_extras_and_a_service_account_bound_by_it_applies_diffs_and_prunes_them()
    {
        await using var ns = await cluster.CreateNamespaceAsync("cli-rbac-extras");
        const string account = "keeper";
        await cluster.Client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = account } }, ns);
        using var project = TempProject.Create($$"""
            using Berth;

            namespace Shop;

            [Manifests]
            public static partial class Infra
            {
                public static StatefulApp Vault { get; } = StatefulApp.Named("vault")
                    .IdentityLabels(("app", "vault"))
                    .Replicas(1)
                    .Container("vault", "nginx:1.27", c => c
                        .Port("http", 8080)
                        .Readiness(Probe.Tcp("http"))
                        .Requests(cpu: "10m", memory: "16Mi", ephemeralStorage: "16Mi")
                        .Limits(memory: "32Mi", ephemeralStorage: "32Mi"))
                    .ServiceAccount("vault-runner")
                    .With({{ToLiteral(VaultExtras[0])}})
                    .With({{ToLiteral(VaultExtras[1])}})
                    .With({{ToLiteral(VaultExtras[2])}})
                    .With({{ToLiteral(VaultExtras[3])}});
            }
            """);

        // the Role, with the extras' resources found by the cluster's discovery
        var yaml = (await Tool.RunAsync(new[] { "rbac", "-n", ns, "--service-account", account, "--kubeconfig", cluster.KubeconfigPath }, project.Directory)).Expect(0).Out;
        const string all = "  verbs: [\"get\", \"list\", \"create\", \"patch\", \"delete\"]\n";
        Assert.Contains("- apiGroups: [\"\"]\n  resources: [\"secrets\"]\n" + all, yaml);
        Assert.Contains("- apiGroups: [\"\"]\n  resources: [\"serviceaccounts\"]\n" + all, yaml);
        Assert.Contains("- apiGroups: [\"rbac.authorization.k8s.io\"]\n  resources: [\"roles\"]\n" + all, yaml);
        Assert.Contains("- apiGroups: [\"networking.k8s.io\"]\n  resources: [\"networkpolicies\"]\n" + all, yaml);
        Assert.Contains("# With the objects the definitions carry with With(yaml): ", yaml);
        // the base table is still all there, and without a project nothing of the extras is
        foreach (var rule in Permissions.Merged().Where(r => !r.ClusterScoped || r.Resource == "namespaces"))
            Assert.Contains($"- apiGroups: [\"{rule.ApiGroup}\"]\n  resources: [\"{rule.Resource}\"]\n", yaml);
        Assert.DoesNotContain("secrets", (await Tool.RunAsync("rbac", "-n", ns)).Expect(0).Out);
        var wide = (await Tool.RunAsync(new[] { "rbac", "--cluster-wide", "-n", ns, "--kubeconfig", cluster.KubeconfigPath }, project.Directory)).Expect(0).Out;
        Assert.Contains("- nonResourceURLs: [\"/version\", \"/apis/policy\", \"/apis/policy/v1beta1\", \"/api/v1\", \"/apis\", \"/apis/networking.k8s.io/v1\", \"/apis/rbac.authorization.k8s.io/v1\"]\n", wide);

        (await Kubectl.RunAsync(cluster.KubeconfigPath, new[] { "apply", "-f", "-" }, stdin: yaml)).EnsureSuccess();
        var kubeconfig = await KubeconfigOfAsync(ns, account);
        Task<CliResult> Berth(params string[] args) =>
            Tool.RunAsync(args.Concat(new[] { "--kubeconfig", kubeconfig, "-n", ns }).ToArray(), project.Directory);

        // apply and diff with exactly that Role: the pods run as the carried ServiceAccount
        (await Berth("diff", "vault")).Expect(0);
        var apply = (await Berth("apply", "vault", "--wait", "--timeout", "90s")).Expect(0);
        Assert.Contains("secret/vault-auth created", apply.Out);
        Assert.Contains("serviceaccount/vault-runner created", apply.Out);
        Assert.Contains("role/vault-reader created", apply.Out);
        Assert.Contains("networkpolicy/vault-ingress created", apply.Out);
        Assert.Equal("vault-runner", (await cluster.Client.CoreV1.ReadNamespacedPodAsync("vault-0", ns)).Spec.ServiceAccountName);
        Assert.Contains("vault: no changes", (await Berth("diff", "vault")).Expect(0).Out);

        // prune with the same credentials: the extras no app defines any more are deleted
        using (var client = BerthClient.FromKubeconfig(kubeconfig, null, ns))
        {
            ApplyOptions InSet(bool prune) => new() { ApplySet = new ApplySetOptions { Name = "berth-rbac-extras", Prune = prune } };
            await client.ApplyAllAsync(new[] { PlannedApp.Of(Vault(extras: true).InNamespace(ns)) }, InSet(false));
            var pruned = await client.ApplyAllAsync(new[] { PlannedApp.Of(Vault(extras: false).InNamespace(ns)) }, InSet(true));
            Assert.Equal(new[] { "NetworkPolicy/vault-ingress", "Role/vault-reader", "Secret/vault-auth", "ServiceAccount/vault-runner" },
                pruned.NoLongerDefined.Where(m => m.Deleted).Select(m => $"{m.Kind}/{m.Name}").OrderBy(s => s, StringComparer.Ordinal));
        }

        Assert.DoesNotContain((await cluster.Client.CoreV1.ListNamespacedSecretAsync(ns)).Items, s => s.Metadata.Name == "vault-auth");
        Assert.Empty((await cluster.Client.NetworkingV1.ListNamespacedNetworkPolicyAsync(ns)).Items);

        // nothing more: other kinds, and the extras' kinds in another namespace, are refused
        using var limited = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        var job = await Assert.ThrowsAsync<HttpOperationException>(() => limited.CoreV1.CreateNamespacedPodTemplateAsync(new V1PodTemplate
        {
            Metadata = new V1ObjectMeta { Name = "other" },
            Template = new V1PodTemplateSpec { Spec = new V1PodSpec { Containers = new[] { new V1Container { Name = "c", Image = "nginx:1.27" } } } },
        }, ns));
        Assert.Equal(HttpStatusCode.Forbidden, job.Response.StatusCode);
        var elsewhere = await Assert.ThrowsAsync<HttpOperationException>(() => limited.CoreV1.ListNamespacedSecretAsync("default"));
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.Response.StatusCode);
    }

    private static string ToLiteral(string text) => "\"" + text.Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";

    [Fact]
    public async Task Cluster_wide_output_is_a_cluster_role_with_discovery_and_namespace_creation_and_bad_names_are_refused()
    {
        var yaml = (await Tool.RunAsync("rbac", "--cluster-wide", "-n", "ops")).Expect(0).Out;
        Assert.Contains("kind: ClusterRole\nmetadata:\n  name: berth\nrules:\n", yaml);
        Assert.Contains("- apiGroups: [\"\"]\n  resources: [\"namespaces\"]\n  verbs: [\"get\", \"create\", \"patch\"]\n", yaml);
        Assert.Contains("- nonResourceURLs: [\"/version\", \"/apis/policy\", \"/apis/policy/v1beta1\"]\n  verbs: [\"get\"]\n", yaml);
        Assert.Contains("kind: ClusterRoleBinding\n", yaml);
        Assert.Contains("subjects:\n- kind: ServiceAccount\n  name: berth\n  namespace: ops\n", yaml);

        var role = (await Tool.RunAsync("rbac")).Expect(0).Out;
        Assert.Contains("kind: Role\nmetadata:\n  name: berth\n  namespace: default\n", role);
        Assert.Contains("  resources: [\"namespaces\"]\n  verbs: [\"get\", \"patch\"]\n", role);
        Assert.DoesNotContain("nonResourceURLs", role);
        // every rule of the table is in the Role, except cluster-scoped ones a Role cannot grant (named in its header)
        foreach (var rule in Permissions.Merged().Where(r => !r.ClusterScoped || r.Resource == "namespaces"))
            Assert.Contains($"- apiGroups: [\"{rule.ApiGroup}\"]\n  resources: [\"{rule.Resource}\"]\n", role);
        Assert.Contains("# Cluster-scoped kinds a Role cannot grant; use --cluster-wide for: storageclasses.storage.k8s.io\n", role);
        Assert.Contains("- apiGroups: [\"storage.k8s.io\"]\n  resources: [\"storageclasses\"]\n  verbs: [\"get\"]\n", yaml);

        var bad = (await Tool.RunAsync("rbac", "--service-account", "Deployer")).Expect(2);
        Assert.Contains("--service-account \"Deployer\" is not a ServiceAccount name", bad.Err);
    }

    private static StatefulApp App(string name, string ns) =>
        StatefulApp.Named(name)
            .InNamespace(ns)
            .IdentityLabels(("app", name))
            .Replicas(1)
            .Container(name, "nginx:1.27", c => c
                .Port("http", 8080)
                .Readiness(Probe.Tcp("http"))
                .Requests(cpu: "10m", memory: "16Mi", ephemeralStorage: "16Mi")
                .Limits(memory: "32Mi", ephemeralStorage: "32Mi"))
            .DisruptionBudget(maxUnavailable: 1);

    /// <summary>A kubeconfig for the ServiceAccount: the token the 1.20 token controller stores in the account's secret.</summary>
    private async Task<string> KubeconfigOfAsync(string ns, string account)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        V1Secret? secret = null;
        while (secret is null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no token secret for serviceaccount/{account} within 60s");
            var sa = await cluster.Client.CoreV1.ReadNamespacedServiceAccountAsync(account, ns);
            if (sa.Secrets?.FirstOrDefault()?.Name is { } name)
            {
                var candidate = await cluster.Client.CoreV1.ReadNamespacedSecretAsync(name, ns);
                if (candidate.Data?.ContainsKey("token") == true)
                    secret = candidate;
            }

            if (secret is null)
                await Task.Delay(200);
        }

        var server = KubernetesClientConfiguration.BuildConfigFromConfigFile(cluster.KubeconfigPath).Host;
        var path = Path.Combine(Directory.CreateTempSubdirectory("berth-rbac-").FullName, "kubeconfig");
        await File.WriteAllTextAsync(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: {server}
                certificate-authority-data: {Convert.ToBase64String(secret.Data["ca.crt"])}
            users:
            - name: {account}
              user:
                token: {Encoding.UTF8.GetString(secret.Data["token"])}
            contexts:
            - name: {account}
              context:
                cluster: test
                user: {account}
                namespace: {ns}
            current-context: {account}
            """);
        return path;
    }
}

internal static class BudgetLookup
{
    /// <summary>The names of the PodDisruptionBudgets in <paramref name="ns"/> (policy/v1beta1: the test cluster is 1.20).</summary>
    public static async Task<IReadOnlyList<string>> PolicyV1beta1Budgets(this IKubernetes client, string ns)
    {
        var list = await client.CustomObjects.ListNamespacedCustomObjectAsync("policy", "v1beta1", ns, "poddisruptionbudgets");
        var json = System.Text.Json.JsonSerializer.SerializeToElement(list);
        return json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString()!).ToList();
    }
}

/// <summary>The permission table against the client's source: every Kubernetes call in src/Berth.Client has its row.</summary>
public sealed class PermissionTableTests
{
    [Fact]
    public void Every_request_the_client_source_makes_is_in_the_permission_table()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Dsl.sln")))
            root = root.Parent ?? throw new InvalidOperationException("Dsl.sln not found above " + AppContext.BaseDirectory);
        var source = string.Join("\n", Directory.GetFiles(Path.Combine(root.FullName, "src", "Berth.Client"), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText));
        var granted = Permissions.Merged().SelectMany(r => r.Verbs.Select(v => (r.ApiGroup, r.Resource, v))).ToHashSet();
        var verbs = new Dictionary<string, string> { ["Read"] = "get", ["List"] = "list", ["WatchList"] = "watch", ["Patch"] = "patch", ["Delete"] = "delete", ["Create"] = "create", ["Get"] = "get" };
        var groups = new Dictionary<string, string> { ["CoreV1"] = "", ["AppsV1"] = "apps", ["PolicyV1"] = "policy" };
        var found = new List<(string Group, string Resource, string Verb)>();
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(source, @"Client\.(CoreV1|AppsV1|PolicyV1)\.(WatchList|Read|List|Patch|Delete|Create)(?:Namespaced)?(\w+?)Async"))
        {
            var kind = m.Groups[3].Value;
            var resource = kind == "StatefulSetScale" ? "statefulsets/scale" : kind.ToLowerInvariant() + "s";
            found.Add((groups[m.Groups[1].Value], resource, verbs[m.Groups[2].Value]));
        }

        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(source, @"CustomObjects\.(Patch|Get|Delete|List)Namespaced\w*Async\([^;]*?""(\w+)"""))
            found.Add(("policy", m.Groups[2].Value, verbs[m.Groups[1].Value]));

        Assert.True(found.Count >= 15, $"the scan found only {found.Count} calls: {string.Join(", ", found)}");
        Assert.Contains(("apps", "controllerrevisions", "list"), found);
        Assert.Contains(("policy", "poddisruptionbudgets", "delete"), found);
        var missing = found.Distinct().Where(f => !granted.Contains(f)).ToList();
        Assert.True(missing.Count == 0, "calls of src/Berth.Client not in Berth.Client.Permissions: " + string.Join(", ", missing));
        // server-side apply (patch) creates objects that do not exist: create goes with every applied resource
        // (claims are only ever merge-patched, by resize: never created)
        Assert.All(found.Where(f => f.Verb == "patch" && f.Resource is not ("statefulsets/scale" or "namespaces" or "persistentvolumeclaims")), f => Assert.Contains((f.Group, f.Resource, "create"), granted));
    }
}
