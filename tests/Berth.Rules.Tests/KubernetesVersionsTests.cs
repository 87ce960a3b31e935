using System;
using System.Linq;
using Berth.Rules.Model;
using Xunit;

namespace Berth.Rules.Tests;

public sealed class KubernetesVersionsTests
{
    [Theory]
    [InlineData("1.29", 1, 29)]
    [InlineData("v1.29", 1, 29)]
    [InlineData(" 1.20.2 ", 1, 20)]
    [InlineData("1.37", 1, 37)]
    public void Reads_a_version_as_major_and_minor(string text, int major, int minor)
    {
        Assert.True(KubernetesVersions.TryParse(text, out var version));
        Assert.Equal(new Version(major, minor), version);
    }

    [Theory]
    [InlineData("")]
    [InlineData("latest")]
    [InlineData("1")]
    [InlineData("1.x")]
    [InlineData("1.19")]
    [InlineData("0.30")]
    [InlineData("1.29-rc1")]
    public void Refuses_what_is_not_a_supported_version(string text)
    {
        Assert.False(KubernetesVersions.TryParse(text, out _));
    }

    [Theory]
    [InlineData("1.20", "policy/v1beta1")]
    [InlineData("1.21", "policy/v1")]
    [InlineData("1.34", "policy/v1")]
    public void A_budget_is_written_with_the_api_version_the_target_serves(string version, string apiVersion)
    {
        Assert.True(KubernetesVersions.TryParse(version, out var v));
        Assert.Equal(apiVersion, KubernetesVersions.DisruptionBudgetApiVersion(v));
    }

    [Theory]
    [InlineData("1.25", FieldAvailability.Absent)]
    [InlineData("1.26", FieldAvailability.OffByDefault)]
    [InlineData("1.27", FieldAvailability.Available)]
    [InlineData("1.31", FieldAvailability.Available)]
    public void Start_ordinal_follows_its_release_history(string version, FieldAvailability expected)
    {
        Assert.Equal(expected, KubernetesVersions.StartOrdinal.In(new Version(version)));
    }

    [Fact]
    public void The_table_is_ordered_within_each_row_and_names_its_gates()
    {
        Assert.Equal(KubernetesVersions.Fields.Count, KubernetesVersions.Fields.Select(f => f.Path).Distinct().Count());
        foreach (var field in KubernetesVersions.Fields)
        {
            Assert.True(field.Since <= field.OnByDefault, field.ToString());
            Assert.True(field.GA is null || field.OnByDefault <= field.GA, field.ToString());
            Assert.False(string.IsNullOrEmpty(field.FeatureGate));
        }
    }

    [Fact]
    public void Maximum_unavailable_is_not_on_by_default_before_1_37()
    {
        Assert.Equal(FieldAvailability.OffByDefault, KubernetesVersions.MaxUnavailable.In(new Version(1, 36)));
        Assert.Equal(FieldAvailability.Available, KubernetesVersions.MaxUnavailable.In(new Version(1, 37)));
        Assert.Null(KubernetesVersions.MaxUnavailable.GA);
    }

    [Fact]
    public void A_field_is_reported_once_per_app_however_many_probes_use_it()
    {
        var model = TestModels.Valid();
        model.KubernetesVersion = "1.22";
        model.Budget().UnhealthyPodEvictionPolicy = (string?)null;
        foreach (var probe in model.Container().Probes)
            probe.Handler = "grpc";
        Assert.Single(RuleEngine.Check(model), v => v.Id == RuleCatalog.FieldNotInTargetVersion.Id);
    }

    [Fact]
    public void The_message_names_the_app_the_field_the_versions_and_the_fix()
    {
        var model = TestModels.Valid();
        model.KubernetesVersion = "1.20";
        model.Budget().UnhealthyPodEvictionPolicy = (string?)null;
        model.App().OrdinalsStart = 1;
        var v = Assert.Single(RuleEngine.Check(model), v => v.Id == RuleCatalog.FieldNotInTargetVersion.Id);
        Assert.Equal(
            "postgres: spec.ordinals.start (StartOrdinal(...)) needs Kubernetes 1.26 or later (on by default from 1.27), but the target version is 1.20: its API server drops the field silently; remove it, or raise BerthKubernetesVersion if every cluster you deploy to is newer.",
            v.Message);
    }
}
