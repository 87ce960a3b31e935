using System.Linq;
using Berth.Rules;
using Xunit;

namespace Berth.Tests;

/// <summary>Bad input gives a clear error naming the object, the field and the fix; never a stack trace from deep inside.</summary>
public sealed class BadInputTests
{
    private static StatefulApp Valid(string name = "db") => StatefulApp.Named(name)
        .Container("db", "postgres:16.4", c => c.Port("pg", 5432).Mount("data", "/data"))
        .VolumeClaim("data", "1Gi");

    public static TheoryData<string, StatefulApp, string, string> Cases => new()
    {
        { "empty name", Valid(""), "BERTH003", "metadata.name" },
        { "upper-case name", Valid("MyDb"), "BERTH003", "metadata.name" },
        { "name with dots", Valid("my.db"), "BERTH003", "metadata.name" },
        { "malformed storage size", StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Mount("data", "/data")).VolumeClaim("data", "10GB"), "BERTH021", "10GB" },
        { "malformed memory request", Valid().WithContainer("db", c => c.Requests(memory: "512MB")), "BERTH021", "512MB" },
        { "port 0", StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Port("pg", 0)), "BERTH017", "containerPort" },
        { "port 70000", StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Port("pg", 70000)), "BERTH017", "containerPort" },
        { "duplicate container names", Valid().Container("db", "busybox:1.36"), "BERTH016", "containers" },
        { "mount with no volume", StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Mount("data", "/data")), "BERTH011", "volumeMounts" },
        { "empty namespace", Valid().InNamespace(""), "BERTH035", "metadata.namespace" },
        { "namespace with upper case and '_'", Valid().InNamespace("Default_NS"), "BERTH035", "Default_NS" },
        { "annotation key with '='", Valid().Annotation("NoUppercaseOrSpecialCharsLike=Equals", "x"), "BERTH079", "metadata.annotations" },
        { "pod annotation key with a space", Valid().PodAnnotation("backup schedule", "daily"), "BERTH079", "spec.template.metadata.annotations" },
        { "annotations over 256 KiB", Valid().Annotation("example.com/config", new string('x', 300_000)), "BERTH079", "262144 bytes" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Invalid_definition_is_refused_with_a_clear_error(string description, StatefulApp app, string id, string mentioned)
    {
        var errors = app.Validate().Where(v => v.Severity == RuleSeverity.Error).ToList();
        var error = Assert.Single(errors, e => e.Id == id);
        Assert.Contains(app.Name.Length == 0 ? "name" : app.Name, error.Message);
        Assert.Contains(mentioned, error.Message + " " + error.Field);

        var thrown = Assert.Throws<BerthValidationException>(() => app.ToYaml());
        Assert.Contains(id, thrown.Message);
        Assert.Contains(thrown.Errors, e => e.Id == id);
        Assert.DoesNotContain(" at ", thrown.Message.Split('\n')[0]);
        _ = description;
    }

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var app = StatefulApp.Named("Bad_Name")
            .Container("db", "postgres:16.4", c => c.Port("pg", 0).Requests(memory: "1GB").Mount("nothing", "/data"));
        var thrown = Assert.Throws<BerthValidationException>(() => app.ToYaml());
        var ids = thrown.Errors.Select(e => e.Id).ToHashSet();
        Assert.Superset(new[] { "BERTH003", "BERTH017", "BERTH021", "BERTH011" }.ToHashSet(), ids);
    }

    [Fact]
    public void Seed_example_reports_the_latest_tag_as_a_warning_only()
    {
        var violations = SampleApps.Seed.Validate();
        var latest = Assert.Single(violations, v => v.Id == "BERTH070");
        Assert.Equal(RuleSeverity.Warning, latest.Severity);
        Assert.DoesNotContain(violations, v => v.Severity == RuleSeverity.Error);
    }

    [Fact]
    public void Realistic_samples_have_no_errors_or_warnings()
    {
        foreach (var app in new[] { SampleApps.Postgres, SampleApps.ZooKeeper })
            Assert.Empty(app.Validate().Where(v => v.Severity != RuleSeverity.Info).Select(v => v.ToString()));

        // The Redis cache deletes the claims of removed ordinals on scale-down on purpose (whenScaled: Delete): the one
        // warning is BERTH092, which says so; a project keeps such a choice with #pragma or .editorconfig.
        var redis = Assert.Single(SampleApps.Redis.Validate(), v => v.Severity != RuleSeverity.Info);
        Assert.Equal(("BERTH092", RuleSeverity.Warning), (redis.Id, redis.Severity));
        Assert.Contains("whenScaled is Delete", redis.Message);
    }
}
