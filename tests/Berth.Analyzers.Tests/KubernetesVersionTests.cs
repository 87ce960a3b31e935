using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Berth.Analyzers.Tests;

/// <summary>
/// The version rules at compile time: the target version comes from the project (<c>&lt;BerthKubernetesVersion&gt;</c>, a
/// compiler-visible property, so a global analyzer config key here) and each finding is marked on the argument that sets the field.
/// </summary>
public sealed class KubernetesVersionTests
{
    private static string Target(string version) => "is_global = true\nbuild_property.BerthKubernetesVersion = " + version + "\n";

    [Fact]
    public Task Start_ordinal_on_1_20_is_an_error_at_its_argument() =>
        Verify.Analyzer("BERTH100", Verify.App("""StatefulApp.Named("db").Container("db", "postgres:16.4").StartOrdinal({|BERTH100:1|})"""), Target("1.20"));

    [Fact]
    public Task Retention_policy_on_1_20_is_an_error_at_its_argument() =>
        Verify.Analyzer("BERTH100", Verify.App("""StatefulApp.Named("db").Container("db", "postgres:16.4").ClaimRetention({|BERTH100:ClaimRetention.Retain|}, ClaimRetention.Retain)"""), Target("1.20"));

    [Fact]
    public Task A_grpc_probe_on_1_22_is_an_error() =>
        Verify.Analyzer("BERTH100", Verify.App("""StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Readiness({|BERTH100:Probe.Grpc(5432)|}))"""), Target("1.22"));

    [Fact]
    public Task Max_unavailable_on_1_30_is_a_warning() =>
        Verify.Analyzer("BERTH101", Verify.App("""StatefulApp.Named("db").Container("db", "postgres:16.4").RollingUpdate(maxUnavailable: {|BERTH101:2|})"""), Target("1.30"));

    [Fact]
    public Task Min_ready_seconds_in_1_22_is_a_warning() =>
        Verify.Analyzer("BERTH101", Verify.App("""StatefulApp.Named("db").Container("db", "postgres:16.4").MinReadySeconds({|BERTH101:10|})"""), Target("v1.22.17"));

    [Fact]
    public Task Fields_a_version_serves_are_quiet() =>
        Verify.Analyzer("BERTH100", Verify.App("""StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Readiness(Probe.Grpc(5432))).StartOrdinal(1).MinReadySeconds(10).ClaimRetention(ClaimRetention.Retain, ClaimRetention.Retain)"""), Target("1.32"));

    [Fact]
    public Task Without_a_target_version_nothing_is_checked() =>
        Verify.Analyzer("BERTH100", Verify.App("""StatefulApp.Named("db").Container("db", "postgres:16.4").StartOrdinal(1)"""), "is_global = true\n");

    [Fact]
    public Task An_unreadable_version_is_reported_on_the_app() =>
        Verify.Analyzer("BERTH102", Verify.App("""StatefulApp.Named({|BERTH102:"db"|}).Container("db", "postgres:16.4")"""), Target("latest"));

    [Fact]
    public void Every_versioned_field_the_DSL_writes_is_reported_on_1_20()
    {
        var fields = ParityTests.RunAndValidateAll(ParityTests.VersionedFields, "1.20").Where(v => v.Id == "BERTH100").Select(v => v.Field).OrderBy(f => f).ToList();
        var expected = Berth.Rules.KubernetesVersions.Fields.Where(f => f.Kind == "StatefulSet").Select(f => f.Path).OrderBy(f => f).ToList();
        Assert.Equal(expected, fields);
        // The Delete of the retention policy is dropped with the policy by 1.20: no BERTH092 about claims it would delete.
        Assert.DoesNotContain(ParityTests.RunAndValidateAll(ParityTests.VersionedFields, "1.20"), v => v.Id == "BERTH092");
        Assert.Contains(ParityTests.RunAndValidateAll(ParityTests.VersionedFields, "1.27"), v => v.Id == "BERTH092");
    }

    [Fact]
    public async Task The_build_step_reports_the_same_lines()
    {
        var source = Verify.App("""StatefulApp.Named("db").Container("db", "postgres:16.4").StartOrdinal(1).RollingUpdate(maxUnavailable: 2)""");
        var compileTime = (await Verify.DiagnosticsFor("1.23", source)).Where(d => d.Id is "BERTH100" or "BERTH101")
            .Select(d => d.Id + ": " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).OrderBy(s => s).ToList();
        var buildTime = ParityTests.RunAndValidateAll(source, "1.23").Where(v => v.Id is "BERTH100" or "BERTH101")
            .Select(v => v.Id + ": " + v.Message).OrderBy(s => s).ToList();
        Assert.Equal(2, compileTime.Count);
        Assert.Equal(buildTime, compileTime);
    }
}
