using System.Linq;
using Berth.Rules.Model;
using Xunit;
using static Berth.Rules.Tests.TestModels;

namespace Berth.Rules.Tests;

/// <summary>Message texts that name a derived object: they must name the right one.</summary>
public sealed class MessageTests
{
    [Fact]
    public void Berth041_names_the_first_pod_of_the_app_under_the_service()
    {
        var m = Valid();
        m.App().ServiceName = "pg";
        m.Service().Name = "pg";
        m.Service().ClusterIP = (string?)null;
        var v = Assert.Single(RuleEngine.Check(m), x => x.Id == "BERTH041");
        Assert.Contains("(postgres-0.pg)", v.Message);
        Assert.DoesNotContain("pg-0", v.Message);
    }

    [Fact]
    public void Berth041_counts_from_the_first_ordinal()
    {
        var m = Valid();
        m.App().OrdinalsStart = 5;
        m.Service().ClusterIP = "10.0.0.7";
        var v = Assert.Single(RuleEngine.Check(m), x => x.Id == "BERTH041");
        Assert.Contains("(postgres-5.postgres)", v.Message);
    }

    [Fact]
    public void Berth092_names_the_field_the_claims_and_the_consequence()
    {
        var m = Valid();
        m.App().HasRetentionPolicy = true;
        m.App().RetentionWhenDeleted = "Retain";
        m.App().RetentionWhenScaled = "Delete";
        var v = Assert.Single(RuleEngine.Check(m), x => x.Id == "BERTH092");
        Assert.StartsWith("postgres: persistentVolumeClaimRetentionPolicy.whenScaled is Delete", v.Message);
        Assert.Contains("deletes the claims data-postgres-<ordinal> of the removed ordinals when the set is scaled down", v.Message);
        Assert.Contains("use Retain", v.Message);
    }

    [Fact]
    public void Berth092_with_claim_templates_the_analyzer_cannot_all_see_names_the_unknown_ones()
    {
        var m = Valid();
        m.App().HasRetentionPolicy = true;
        m.App().RetentionWhenDeleted = "Delete";
        m.App().ClaimTemplates.IsComplete = false;
        var v = Assert.Single(RuleEngine.Check(m), x => x.Id == "BERTH092");
        Assert.Contains("the claims data-postgres-<ordinal>, <claim>-postgres-<ordinal> when the set is deleted", v.Message);
    }

    [Theory]
    [InlineData("latest", "is not a version such as 1.29;")]
    [InlineData("1.19", "is older than 1.20, the oldest Berth supports;")]
    public void Berth102_says_whether_the_version_is_unreadable_or_too_old(string version, string reason)
    {
        var m = Valid();
        m.KubernetesVersion = version;
        var v = Assert.Single(RuleEngine.Check(m), x => x.Id == "BERTH102");
        Assert.StartsWith($"postgres: the target Kubernetes version \"{version}\" {reason}", v.Message);
    }

    [Fact]
    public void Berth097_names_the_variable_and_the_fix_and_never_the_value()
    {
        var m = Valid();
        m.Container().Env.Add(new EnvModel { Name = "DB_PASSWORD", Value = "hunter2-s3cr3t" });
        m.Container().Env.Add(new EnvModel { Name = "UPSTREAM", Value = "tq8ZrX3vLw9KpB2mNc7YhJ4dFs6G" });
        var hits = RuleEngine.Check(m).Where(x => x.Id == "BERTH097").ToList();
        Assert.Equal(2, hits.Count);
        Assert.Equal("postgres: container \"postgres\" sets environment variable \"DB_PASSWORD\" to a literal value, and its name says it holds a credential; the value is written in plain text into the manifests and the live object. Keep it in a Secret and reference it: .EnvFromSecret(\"DB_PASSWORD\", \"<secret>\", \"<key>\").", hits[0].Message);
        Assert.Contains("\"UPSTREAM\" to a literal value, and the value is a long random-looking string, like a key or token", hits[1].Message);
        Assert.All(hits, h => Assert.DoesNotContain("hunter2", h.Message));
        Assert.All(hits, h => Assert.DoesNotContain("tq8ZrX3v", h.Message));
    }

    [Fact]
    public void Berth079_size_counts_keys_and_values_in_utf8_bytes()
    {
        var m = Valid();
        // 131,072 two-byte characters: 262,144 bytes of value alone, plus the key: over the limit by the key's length.
        m.App().Annotations.Add("example.com/a", new string('é', 131_072));
        var v = Assert.Single(RuleEngine.Check(m), x => x.Id == "BERTH079");
        Assert.Contains("262157 bytes", v.Message);
    }
}
