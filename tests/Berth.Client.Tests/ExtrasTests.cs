using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Berth.Client.Tests.Support;
using Berth.Planning;
using Berth.Testing.Cluster;
using k8s;
using k8s.Models;
using Xunit;

namespace Berth.Client.Tests;

/// <summary>
/// The extras of <see cref="StatefulApp.With(string)"/> of any kind (a NetworkPolicy, a custom resource instance):
/// applied, diffed and pruned through discovery; a kind the server does not serve is refused before anything is sent.
/// </summary>
[Collection(TestCluster.Collection)]
public sealed class ExtrasTests
{
    private const string Group = "extras.berth.test";

    private readonly TestCluster cluster;

    public ExtrasTests(TestCluster cluster) => this.cluster = cluster;

    private static ApplyOptions InSet(bool prune = false) => new()
    {
        ApplySet = new ApplySetOptions { Name = "berth-extras", Prune = prune },
        Wait = true,
        Rollout = Harness.Fast,
    };

    private static string Policy(string port) => $"""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: web-ingress
        spec:
          podSelector:
            matchLabels:
              app: web
          ingress:
          - ports:
            - port: {port}
        """;

    private static string Widget(int size) => $"""
        apiVersion: {Group}/v1
        kind: Widget
        metadata:
          name: web-widget
        spec:
          size: {size}
        """;

    /// <summary>Creates (once) the CRD of the test's Widgets (or cluster-scoped Gizmos) and waits until the server serves it.</summary>
    private async Task EnsureCrdAsync(string kind = "Widget", string scope = "Namespaced")
    {
        var plural = kind.ToLowerInvariant() + "s";
        var crd = new V1CustomResourceDefinition
        {
            ApiVersion = "apiextensions.k8s.io/v1",
            Kind = "CustomResourceDefinition",
            Metadata = new V1ObjectMeta { Name = plural + "." + Group },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = Group,
                Scope = scope,
                Names = new V1CustomResourceDefinitionNames { Plural = plural, Singular = kind.ToLowerInvariant(), Kind = kind, ListKind = kind + "List" },
                Versions = new List<V1CustomResourceDefinitionVersion>
                {
                    new()
                    {
                        Name = "v1", Served = true, Storage = true,
                        Schema = new V1CustomResourceValidation
                        {
                            OpenAPIV3Schema = new V1JSONSchemaProps
                            {
                                Type = "object",
                                Properties = new Dictionary<string, V1JSONSchemaProps>
                                {
                                    ["spec"] = new() { Type = "object", Properties = new Dictionary<string, V1JSONSchemaProps> { ["size"] = new() { Type = "integer" } } },
                                },
                            },
                        },
                    },
                },
            },
        };
        try
        {
            await cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        }
        catch (k8s.Autorest.HttpOperationException e) when ((int)e.Response.StatusCode == 409)
        {
        }

        for (var i = 0; i < 100; i++)
        {
            var read = await cluster.Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crd.Metadata.Name);
            if (read.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true)
                return;
            await Task.Delay(100);
        }

        throw new TimeoutException($"the {kind} CRD was not established");
    }

    [Fact]
    public async Task A_NetworkPolicy_and_a_custom_resource_are_applied_diffed_and_pruned()
    {
        await EnsureCrdAsync();
        await using var ns = await cluster.CreateNamespaceAsync("extras");
        var scoped = new BerthClient(cluster.Client, ns);
        PlannedApp App(string port, int size, bool extras = true)
        {
            var app = TestApps.Web(ns, replicas: 1);
            return PlannedApp.Of(extras ? app.With(Policy(port)).With(Widget(size)) : app);
        }

        // Created, in apply order: after the Namespace, before the app's own objects; apply set members like them.
        var first = await scoped.ApplyAllAsync(new[] { App("5432", 1) }, InSet());
        var objects = Assert.Single(first.Apps).Objects;
        var kinds = objects.Select(o => o.Kind).ToList();
        Assert.True(kinds.IndexOf("NetworkPolicy") < kinds.IndexOf("StatefulSet") && kinds.IndexOf("Widget") < kinds.IndexOf("Service"), string.Join(", ", kinds));
        Assert.All(objects.Where(o => o.Kind is "NetworkPolicy" or "Widget"), o => Assert.Equal(ApplyAction.Created, o.Action));
        var policy = await cluster.Client.NetworkingV1.ReadNamespacedNetworkPolicyAsync("web-ingress", ns);
        Assert.Equal(5432, int.Parse(policy.Spec.Ingress[0].Ports[0].Port.Value, System.Globalization.CultureInfo.InvariantCulture));
        var parent = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("berth-extras", ns);
        var id = parent.Metadata.Labels[ApplySet.IdLabel];
        Assert.Equal(id, policy.Metadata.Labels[ApplySet.PartOfLabel]);
        Assert.Contains(policy.Metadata.ManagedFields, m => m.Manager == "berth" && m.Operation == "Apply");
        var widget = System.Text.Json.JsonSerializer.SerializeToElement(await cluster.Client.CustomObjects.GetNamespacedCustomObjectAsync(Group, "v1", ns, "widgets", "web-widget"));
        Assert.Equal(1, widget.GetProperty("spec").GetProperty("size").GetInt32());
        Assert.Equal(id, widget.GetProperty("metadata").GetProperty("labels").GetProperty(ApplySet.PartOfLabel).GetString());
        Assert.Contains("NetworkPolicy.networking.k8s.io", parent.Metadata.Annotations[ApplySet.GroupKindsAnnotation], StringComparison.Ordinal);
        Assert.Contains("Widget." + Group, parent.Metadata.Annotations[ApplySet.GroupKindsAnnotation], StringComparison.Ordinal);

        // Applied again: unchanged.
        var second = await scoped.ApplyAllAsync(new[] { App("5432", 1) }, InSet());
        Assert.All(Assert.Single(second.Apps).Objects.Where(o => o.Kind is "NetworkPolicy" or "Widget"), o => Assert.Equal(ApplyAction.Unchanged, o.Action));

        // Diff: nothing, then the edited fields.
        var same = await scoped.For(App("5432", 1), "berth-extras").DiffAsync();
        Assert.All(same.Objects.Where(o => o.Kind is "NetworkPolicy" or "Widget"), o => Assert.Equal(DiffAction.None, o.Action));
        var edited = await scoped.For(App("6432", 3), "berth-extras").DiffAsync();
        var policyDiff = Assert.Single(edited.Objects, o => o.Kind == "NetworkPolicy");
        Assert.Equal(DiffAction.Update, policyDiff.Action);
        Assert.Contains(policyDiff.Changes, c => c.Path == "spec.ingress[0].ports[6432]" && c.After!.Contains("\"port\":6432", StringComparison.Ordinal));
        Assert.Contains(policyDiff.Changes, c => c.Path == "spec.ingress[0].ports[5432]" && c.After is null);
        var widgetDiff = Assert.Single(edited.Objects, o => o.Kind == "Widget");
        Assert.Contains(widgetDiff.Changes, c => c.Path == "spec.size" && c.Before == "1" && c.After == "3");

        // Removed from the definition: reported, then pruned with the apply set.
        var reported = await scoped.ApplyAllAsync(new[] { App("5432", 1, extras: false) }, InSet());
        Assert.Equal(new[] { "networkpolicy/web-ingress", "widget/web-widget" }, reported.NoLongerDefined.Select(o => $"{o.Kind.ToLowerInvariant()}/{o.Name}").OrderBy(s => s));
        var pruned = await scoped.ApplyAllAsync(new[] { App("5432", 1, extras: false) }, InSet(prune: true));
        Assert.All(pruned.NoLongerDefined, o => Assert.True(o.Deleted));
        Assert.Empty((await cluster.Client.NetworkingV1.ListNamespacedNetworkPolicyAsync(ns)).Items);
        var widgets = System.Text.Json.JsonSerializer.SerializeToElement(await cluster.Client.CustomObjects.ListNamespacedCustomObjectAsync(Group, "v1", ns, "widgets"));
        Assert.Equal(0, widgets.GetProperty("items").GetArrayLength());
        Assert.NotNull(await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", ns));
        Assert.Contains((await cluster.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns)).Items, c => c.Metadata.Name == "data-web-0");
    }

    private static string Account() => """
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: web-runner
        """;

    private static string Secret(string password) => $"""
        apiVersion: v1
        kind: Secret
        metadata:
          name: web-auth
        type: Opaque
        stringData:
          password: {password}
          user: app
        """;

    private static string Role(params string[] verbs) => $"""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: web-reader
        rules:
        - apiGroups: [""]
          resources: ["configmaps"]
          verbs: [{string.Join(", ", verbs.Select(v => $"\"{v}\""))}]
        """;

    [Fact]
    public async Task Core_kinds_a_ServiceAccount_and_a_Secret_are_applied_diffed_and_pruned_with_a_Role_through_discovery_of_api_v1()
    {
        await using var ns = await cluster.CreateNamespaceAsync("extras-core");
        var scoped = new BerthClient(cluster.Client, ns);
        PlannedApp App(string password, bool extras = true, params string[] verbs)
        {
            var app = TestApps.Web(ns, replicas: 1).ServiceAccount("web-runner");
            return PlannedApp.Of(extras ? app.With(Account()).With(Secret(password)).With(Role(verbs.Length == 0 ? new[] { "get" } : verbs)) : app);
        }

        // Created before the StatefulSet: its pods run as the ServiceAccount (the server refuses pods of a missing one).
        var first = await scoped.ApplyAllAsync(new[] { App("s3cret") }, InSet());
        var objects = Assert.Single(first.Apps).Objects;
        var kinds = objects.Select(o => o.Kind).ToList();
        Assert.True(kinds.IndexOf("ServiceAccount") < kinds.IndexOf("StatefulSet") && kinds.IndexOf("Secret") < kinds.IndexOf("StatefulSet"), string.Join(", ", kinds));
        Assert.All(objects.Where(o => o.Kind is "ServiceAccount" or "Secret" or "Role"), o => Assert.Equal(ApplyAction.Created, o.Action));
        var pod = await cluster.Client.CoreV1.ReadNamespacedPodAsync("web-0", ns);
        Assert.Equal("web-runner", pod.Spec.ServiceAccountName);
        Assert.True(pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True"), "web-0 is not Ready");
        var parent = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("berth-extras", ns);
        var id = parent.Metadata.Labels[ApplySet.IdLabel];
        var secret = await cluster.Client.CoreV1.ReadNamespacedSecretAsync("web-auth", ns);
        Assert.Equal("s3cret", System.Text.Encoding.UTF8.GetString(secret.Data["password"]));
        Assert.Equal(id, secret.Metadata.Labels[ApplySet.PartOfLabel]);
        Assert.Contains(secret.Metadata.ManagedFields, m => m.Manager == "berth" && m.Operation == "Apply");
        var account = await cluster.Client.CoreV1.ReadNamespacedServiceAccountAsync("web-runner", ns);
        Assert.Equal(id, account.Metadata.Labels[ApplySet.PartOfLabel]);
        var role = await cluster.Client.RbacAuthorizationV1.ReadNamespacedRoleAsync("web-reader", ns);
        Assert.Equal(new[] { "get" }, role.Rules[0].Verbs);
        var groupKinds = parent.Metadata.Annotations[ApplySet.GroupKindsAnnotation].Split(',');
        Assert.Contains("Secret", groupKinds);
        Assert.Contains("ServiceAccount", groupKinds);
        Assert.Contains("Role.rbac.authorization.k8s.io", groupKinds);

        // Applied again: unchanged (the token controller's secrets list on the ServiceAccount is not Berth's field).
        var second = await scoped.ApplyAllAsync(new[] { App("s3cret") }, InSet());
        Assert.All(Assert.Single(second.Apps).Objects.Where(o => o.Kind is "ServiceAccount" or "Secret" or "Role"), o => Assert.Equal(ApplyAction.Unchanged, o.Action));

        // Diff: the changed key of the Secret is shown, its values never are; the Role's verbs are.
        var edited = await scoped.For(App("changed", true, "get", "list"), "berth-extras").DiffAsync();
        var secretDiff = Assert.Single(edited.Objects, o => o.Kind == "Secret");
        Assert.Equal(DiffAction.Update, secretDiff.Action);
        Assert.Contains(secretDiff.Changes, c => c.Path == "data.password" && c.Before == "\"*** (before)\"" && c.After == "\"*** (after)\"");
        Assert.DoesNotContain(secretDiff.Changes, c => c.Path == "data.user");
        foreach (var text in secretDiff.Changes.SelectMany(c => new[] { c.Before, c.After }).Append(secretDiff.UnifiedDiff))
        {
            Assert.DoesNotContain("czNjcmV0", text ?? string.Empty, StringComparison.Ordinal); // base64 of s3cret
            Assert.DoesNotContain("Y2hhbmdlZA", text ?? string.Empty, StringComparison.Ordinal); // base64 of changed
        }

        Assert.Equal(DiffAction.None, Assert.Single(edited.Objects, o => o.Kind == "ServiceAccount").Action);
        Assert.Contains(Assert.Single(edited.Objects, o => o.Kind == "Role").Changes, c => c.Path.StartsWith("rules[0].verbs", StringComparison.Ordinal));
        Assert.Equal("s3cret", System.Text.Encoding.UTF8.GetString((await cluster.Client.CoreV1.ReadNamespacedSecretAsync("web-auth", ns)).Data["password"]));

        // Removed from the definition: reported, then pruned with the apply set; the claims stay.
        var reported = await scoped.ApplyAllAsync(new[] { App("s3cret", extras: false) }, InSet());
        Assert.Equal(new[] { "role/web-reader", "secret/web-auth", "serviceaccount/web-runner" }, reported.NoLongerDefined.Select(o => $"{o.Kind.ToLowerInvariant()}/{o.Name}").OrderBy(s => s));
        var pruned = await scoped.ApplyAllAsync(new[] { App("s3cret", extras: false) }, InSet(prune: true));
        Assert.Equal(3, pruned.NoLongerDefined.Count(o => o.Deleted));
        Assert.DoesNotContain((await cluster.Client.CoreV1.ListNamespacedSecretAsync(ns)).Items, s => s.Metadata.Name == "web-auth");
        Assert.DoesNotContain((await cluster.Client.CoreV1.ListNamespacedServiceAccountAsync(ns)).Items, a => a.Metadata.Name == "web-runner");
        Assert.Empty((await cluster.Client.RbacAuthorizationV1.ListNamespacedRoleAsync(ns)).Items);
        Assert.Contains((await cluster.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns)).Items, c => c.Metadata.Name == "data-web-0");
    }

    [Fact]
    public async Task Delete_with_the_other_objects_deletes_core_extras_Berth_wrote()
    {
        await using var ns = await cluster.CreateNamespaceAsync("extras-core-delete");
        var scoped = new BerthClient(cluster.Client, ns);
        var app = PlannedApp.Of(TestApps.Web(ns, replicas: 1).With(Secret("x")).With(Role("get")));
        await scoped.For(app).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
        var deleted = await scoped.For(app).DeleteAsync(new DeleteOptions { DeleteOtherObjects = true, Wait = true });
        Assert.Contains("secret/web-auth", deleted.DeletedObjects);
        Assert.Contains("role/web-reader", deleted.DeletedObjects);
        Assert.DoesNotContain((await cluster.Client.CoreV1.ListNamespacedSecretAsync(ns)).Items, s => s.Metadata.Name == "web-auth");
        Assert.Empty((await cluster.Client.RbacAuthorizationV1.ListNamespacedRoleAsync(ns)).Items);
        Assert.Contains((await cluster.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns)).Items, c => c.Metadata.Name == "data-web-0");
    }

    [Fact]
    public async Task A_cluster_scoped_extra_is_applied_without_a_namespace_and_is_unchanged_the_second_time()
    {
        await EnsureCrdAsync("Gizmo", "Cluster");
        await using var ns = await cluster.CreateNamespaceAsync("extras-cluster");
        var scoped = new BerthClient(cluster.Client, ns);
        var name = "gizmo-" + ns.Name;
        var app = PlannedApp.Of(TestApps.Web(ns, replicas: 1).With($$"""
            apiVersion: {{Group}}/v1
            kind: Gizmo
            metadata:
              name: {{name}}
            """));
        try
        {
            var first = await scoped.For(app).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
            Assert.Equal(ApplyAction.Created, Assert.Single(Assert.Single(first.Apps).Objects, o => o.Kind == "Gizmo").Action);
            var gizmo = System.Text.Json.JsonSerializer.SerializeToElement(await cluster.Client.CustomObjects.GetClusterCustomObjectAsync(Group, "v1", "gizmos", name));
            Assert.False(gizmo.GetProperty("metadata").TryGetProperty("namespace", out _));
            var second = await scoped.For(app).ApplyAsync(new ApplyOptions { Wait = true, Rollout = Harness.Fast });
            Assert.Equal(ApplyAction.Unchanged, Assert.Single(Assert.Single(second.Apps).Objects, o => o.Kind == "Gizmo").Action);
        }
        finally
        {
            await cluster.Client.CustomObjects.DeleteClusterCustomObjectAsync(Group, "v1", "gizmos", name);
        }
    }

    [Fact]
    public async Task An_extra_of_a_kind_the_server_does_not_serve_is_refused_before_anything_is_sent()
    {
        await using var ns = await cluster.CreateNamespaceAsync("extras-unserved");
        var scoped = new BerthClient(cluster.Client, ns);
        var app = PlannedApp.Of(TestApps.Web(ns, replicas: 1).With("""
            apiVersion: nothere.berth.test/v1
            kind: Gadget
            metadata:
              name: web-gadget
            """));

        var error = await Assert.ThrowsAsync<BerthClientException>(() => scoped.ApplyAllAsync(new[] { app }, InSet()));
        var direct = await Assert.ThrowsAsync<BerthClientException>(() => scoped.For(app).ApplyAsync());

        foreach (var message in new[] { error.Message, direct.Message })
        {
            Assert.Contains("gadget/web-gadget", message, StringComparison.Ordinal);
            Assert.Contains("kind Gadget in apiVersion nothere.berth.test/v1", message, StringComparison.Ordinal);
            Assert.Contains("install the CustomResourceDefinition", message, StringComparison.Ordinal);
        }

        Assert.Empty((await cluster.Client.AppsV1.ListNamespacedStatefulSetAsync(ns)).Items);
        Assert.Empty((await cluster.Client.CoreV1.ListNamespacedServiceAsync(ns)).Items);
        Assert.DoesNotContain((await cluster.Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Items, c => c.Metadata.Name == "berth-extras");
    }
}
