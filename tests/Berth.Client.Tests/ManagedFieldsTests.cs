using System.Linq;
using System.Text.Json.Nodes;
using Berth.Client.Internal;
using Xunit;

namespace Berth.Client.Tests;

/// <summary>The fieldsV1 resolver: who owns a field path, and whether an apply may conflict (no cluster).</summary>
public sealed class ManagedFieldsTests
{
    // managedFields as a 1.20 API server wrote them: berth applied, kubectl-edit patched the image, a label key with dots and slashes
    private static JsonObject Live() => JsonNode.Parse("""
        {"apiVersion":"apps/v1","kind":"StatefulSet",
         "metadata":{"name":"web","namespace":"shop","labels":{"app.kubernetes.io/name":"web"},
          "managedFields":[
           {"manager":"berth","operation":"Apply","apiVersion":"apps/v1","fieldsType":"FieldsV1","fieldsV1":{
             "f:metadata":{"f:labels":{"f:app.kubernetes.io/name":{}}},
             "f:spec":{"f:replicas":{},"f:selector":{},"f:serviceName":{},"f:template":{"f:metadata":{"f:labels":{"f:app":{}}},
               "f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{".":{},"f:name":{},"f:args":{},
                 "f:ports":{"k:{\"containerPort\":8080,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{},"f:name":{},"f:protocol":{}}}}}}}}}},
           {"manager":"kubectl-edit","operation":"Update","apiVersion":"apps/v1","fieldsType":"FieldsV1","fieldsV1":{
             "f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{"f:image":{}}}}}}}},
           {"manager":"berth","operation":"Update","apiVersion":"apps/v1","fieldsType":"FieldsV1","fieldsV1":{
             "f:spec":{"f:template":{"f:metadata":{"f:annotations":{".":{},"f:kubectl.kubernetes.io/restartedAt":{}}}}}}},
           {"manager":"kube-controller-manager","operation":"Update","apiVersion":"apps/v1","fieldsType":"FieldsV1","fieldsV1":{
             "f:status":{"f:replicas":{}}}}]},
         "spec":{"replicas":2,"serviceName":"web","selector":{"matchLabels":{"app":"web"}},
          "template":{"metadata":{"labels":{"app":"web"},"annotations":{"kubectl.kubernetes.io/restartedAt":"2026-12-04T10:00:00Z"}},
           "spec":{"containers":[{"name":"web","image":"nginx:1.26","args":["-v"],"ports":[{"containerPort":8080,"name":"http","protocol":"TCP"}]}]}}},
         "status":{"replicas":2}}
        """)!.AsObject();

    private static string[] Owners(string berthPath) =>
        ManagedFields.OwnersOf(Live(), ManagedFields.ParseBerthPath(berthPath, Live())).Select(e => $"{e.Manager}/{e.Operation}").ToArray();

    private static string[] ServerOwners(string serverPath) =>
        ManagedFields.OwnersOf(Live(), ManagedFields.ParseServerPath(serverPath, Live())).Select(e => $"{e.Manager}/{e.Operation}").ToArray();

    [Fact]
    public void A_field_path_in_berths_notation_resolves_to_its_owners()
    {
        Assert.Equal(new[] { "kubectl-edit/Update" }, Owners("spec.template.spec.containers[web].image"));
        Assert.Equal(new[] { "berth/Apply" }, Owners("spec.replicas"));
        Assert.Equal(new[] { "berth/Apply" }, Owners("spec.template.spec.containers[web].ports[8080].name"));
        Assert.Equal(new[] { "berth/Apply" }, Owners("spec.selector.matchLabels.app")); // inside an atomic field: its owner owns all of it
        Assert.Equal(new[] { "berth/Apply" }, Owners("spec.template.spec.containers[web].args"));
        Assert.Equal(new[] { "berth/Apply" }, Owners("metadata.labels.app.kubernetes.io/name")); // a key with dots
        Assert.Equal(new[] { "berth/Update" }, Owners("spec.template.metadata.annotations.kubectl.kubernetes.io/restartedAt"));
        Assert.Equal(new[] { "kube-controller-manager/Update" }, Owners("status.replicas"));
        // the element itself: everyone who owns something in it
        Assert.Equal(new[] { "berth/Apply", "kubectl-edit/Update" }, Owners("spec.template.spec.containers[web]"));
        // nobody owns a field that does not exist yet, nor an element of another name
        Assert.Empty(Owners("spec.template.spec.containers[web].command"));
        Assert.Empty(Owners("spec.template.spec.containers[side].image"));
        Assert.Empty(Owners("(object)"));
    }

    [Fact]
    public void A_field_path_in_the_servers_notation_resolves_to_its_owners_and_values()
    {
        Assert.Equal(new[] { "kubectl-edit/Update" }, ServerOwners(".spec.template.spec.containers[name=\"web\"].image"));
        Assert.Equal(new[] { "berth/Apply" }, ServerOwners(".spec.template.spec.containers[name=\"web\"].ports[containerPort=8080,protocol=\"TCP\"].name"));
        Assert.Equal(new[] { "berth/Apply" }, ServerOwners(".metadata.labels.app.kubernetes.io/name"));

        var path = ManagedFields.ParseServerPath(".spec.template.spec.containers[name=\"web\"].ports[containerPort=8080,protocol=\"TCP\"].name", Live());
        Assert.Equal("\"http\"", ManifestComparer.Text(ManagedFields.ValueAt(Live(), path)));
        Assert.Equal("\"nginx:1.26\"", ManifestComparer.Text(ManagedFields.ValueAt(Live(), ManagedFields.ParseServerPath(".spec.template.spec.containers[name=\"web\"].image", Live()))));
        Assert.Null(ManagedFields.ValueAt(Live(), ManagedFields.ParseServerPath(".spec.template.spec.containers[name=\"db\"].image", Live())));
        Assert.Equal("spec.replicas", ManagedFields.Display(".spec.replicas"));
    }

    private static JsonObject Desired(string image, int replicas = 2, string restartedAt = "2026-12-04T10:00:00Z") => JsonNode.Parse("""
        {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"web","namespace":"shop","labels":{"app.kubernetes.io/name":"web"}},
         "spec":{"replicas":REPLICAS,"serviceName":"web","selector":{"matchLabels":{"app":"web"}},
          "template":{"metadata":{"labels":{"app":"web"},"annotations":{"kubectl.kubernetes.io/restartedAt":"RESTARTED"}},
           "spec":{"containers":[{"name":"web","image":"IMAGE","args":["-v"],"ports":[{"containerPort":8080,"name":"http","protocol":"TCP"}]}]}}}}
        """.Replace("IMAGE", image).Replace("REPLICAS", replicas.ToString(System.Globalization.CultureInfo.InvariantCulture)).Replace("RESTARTED", restartedAt))!.AsObject();

    [Fact]
    public void An_apply_may_conflict_only_where_another_owner_holds_a_different_value()
    {
        // kubectl-edit owns the image: the same value co-owns, another value conflicts
        Assert.False(ManagedFields.MayConflict(Live(), Desired("nginx:1.26"), "berth"));
        Assert.True(ManagedFields.MayConflict(Live(), Desired("nginx:1.25"), "berth"));
        // replicas belong to berth's own apply: changing them is no conflict
        Assert.False(ManagedFields.MayConflict(Live(), Desired("nginx:1.26", replicas: 3), "berth"));
        // the restart annotation was written by berth without apply (an Update): a different value may conflict
        Assert.True(ManagedFields.MayConflict(Live(), Desired("nginx:1.26", restartedAt: "2026-12-05T10:00:00Z"), "berth"));
        // another applier name: berth's own apply fields are then another manager's
        Assert.True(ManagedFields.MayConflict(Live(), Desired("nginx:1.26", replicas: 3), "other-tool"));
    }

    [Fact]
    public void The_manager_of_a_conflict_cause_is_read_with_its_operation()
    {
        Assert.Equal(("kubectl-edit", "Update"), StatefulAppClient.ConflictManager("conflict with \"kubectl-edit\" using apps/v1"));
        Assert.Equal(("berth", "Update"), StatefulAppClient.ConflictManager("conflict with \"berth\" using apps/v1 at 2026-12-04T13:44:42Z"));
        Assert.Equal(("other-tool", "Apply"), StatefulAppClient.ConflictManager("conflict with \"other-tool\""));
        Assert.Equal(("a \"quoted\" one", "Apply"), StatefulAppClient.ConflictManager("conflict with \"a \\\"quoted\\\" one\""));
    }
}
