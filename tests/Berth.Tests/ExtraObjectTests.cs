using System;
using System.Linq;
using k8s;
using k8s.Models;
using Xunit;

namespace Berth.Tests;

/// <summary>StatefulApp.With(yaml): objects of kinds the DSL has no method for, carried verbatim in apply order.</summary>
public sealed class ExtraObjectTests
{
    private static readonly StatefulApp App = StatefulApp.Named("search").InNamespace("search")
        .Container("search", "opensearchproject/opensearch:2.13.0", c => c.Port("http", 9200))
        .With("""
            apiVersion: monitoring.coreos.com/v1
            kind: ServiceMonitor
            metadata:
              name: search
              namespace: search
            spec:
              endpoints:
              - port: http
                interval: 30s
                honorLabels: yes
                scrapeTimeout: "10"
              sampleLimit: 0644
            """);

    [Fact]
    public void The_object_is_written_with_every_field_after_the_namespace()
    {
        var built = App.Build();
        Assert.Equal(new[] { "Namespace", "ServiceMonitor", "Service", "StatefulSet" }, built.Objects.Select(o => o.Kind));

        var yaml = App.ToYaml();
        Assert.Contains("kind: ServiceMonitor", yaml, StringComparison.Ordinal);
        Assert.Contains("interval: 30s", yaml, StringComparison.Ordinal);
        // Scalars read as kubectl reads them: yes is a boolean, 0644 octal, a quoted number stays a string.
        Assert.Contains("honorLabels: true", yaml, StringComparison.Ordinal);
        Assert.Contains("scrapeTimeout: \"10\"", yaml, StringComparison.Ordinal);
        Assert.Contains("sampleLimit: 420", yaml, StringComparison.Ordinal);

        // JSON (what the client sends) has the same fields.
        var json = KubernetesJson.Serialize(built.Extras[0]);
        Assert.Contains("\"endpoints\":[{\"port\":\"http\",\"interval\":\"30s\",\"honorLabels\":true,\"scrapeTimeout\":\"10\"}]", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_kind_KubernetesClient_models_exactly_becomes_that_model()
    {
        var app = StatefulApp.Named("db").Container("db", "postgres:16.4")
            .With("""
                apiVersion: v1
                kind: Service
                metadata: {name: db-ro}
                spec:
                  selector: {app: db}
                  ports: [{name: pg, port: 5432, protocol: TCP}]
                """)
            .With("""
                apiVersion: v1
                kind: Service
                metadata: {name: db-future}
                spec:
                  selector: {app: db}
                  aFieldOfALaterRelease: true
                """);
        var extras = app.Build().Extras;

        // The client applies a V1Service like the app's own Services.
        var service = Assert.IsType<V1Service>(extras[0]);
        Assert.Equal(5432, service.Spec.Ports.Single().Port);
        // A field the model does not have is not dropped: that object stays verbatim.
        Assert.IsNotType<V1Service>(extras[1]);
        Assert.Contains("\"aFieldOfALaterRelease\":true", KubernetesJson.Serialize(extras[1]), StringComparison.Ordinal);
    }

    [Fact]
    public void Each_build_gets_its_own_copy()
    {
        var first = App.Build();
        first.Extras[0].Metadata.Name = "changed";
        Assert.Equal("search", App.Build().Extras[0].Metadata.Name);
    }

    [Theory]
    [InlineData("kind: Foo\nmetadata: {name: a}\n", "has no apiVersion; add it to the YAML")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\n", "has no metadata.name; add it to the YAML")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n", "exactly one object")]
    [InlineData("apiVersion: v1\nkind: [\n", "is not valid YAML")]
    public void Bad_text_is_refused_with_the_fix(string yaml, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => StatefulApp.Named("search").With(yaml));
        Assert.StartsWith("search: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
