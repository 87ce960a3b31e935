using System.Linq;
using Berth.Rules;
using Xunit;
using static Berth.Testing.PlanFixtures;

namespace Berth.Tests;

/// <summary><see cref="ManifestSet.ValidateVersions"/>: the version rules alone, on apps already built (what apply checks against a server's version).</summary>
public sealed class ValidateVersionsTests
{
    [Theory]
    [InlineData("1.20")]
    [InlineData("1.26")]
    [InlineData("1.33")]
    [InlineData("0.9")]
    public void It_finds_exactly_what_the_version_rules_of_a_whole_validation_find(string version)
    {
        var apps = new[]
        {
            App("db").StartOrdinal(1).MinReadySeconds(5),
            App("web").RollingUpdate(maxUnavailable: 2),
            App("cache").DisruptionBudget(maxUnavailable: 1),
        };
        var set = new ManifestSet(apps) { KubernetesVersion = version };
        var versionRules = new[] { RuleCatalog.FieldNotInTargetVersion, RuleCatalog.FieldOffByDefaultInTargetVersion, RuleCatalog.InvalidTargetVersion };

        var whole = set.Validate().Where(v => versionRules.Contains(v.Rule)).Select(v => (v.Id, v.ObjectName, v.Field, v.Message)).ToList();
        var alone = set.ValidateVersions(set.Build()).Select(v => (v.Id, v.ObjectName, v.Field, v.Message)).ToList();

        Assert.Equal(whole, alone);
        if (version == "1.20")
            Assert.Contains(alone, v => v.Id == RuleCatalog.FieldNotInTargetVersion.Id);
    }
}
