using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Berth.Analyzers.Tests;

/// <summary>The typed AntiAffinity/PodAffinity terms are read by the analyzer: their selectors are checked while typing.</summary>
public sealed class TypedAffinityTests
{
    [Fact]
    public async Task An_anti_affinity_selecting_other_pods_is_reported_at_compile_time()
    {
        var wrong = await Verify.Diagnostics(Verify.App("""
            StatefulApp.Named("zk").Replicas(3).IdentityLabels(("app.kubernetes.io/name", "zk")).Container("zk", "zookeeper:3.9.2")
                .AntiAffinity("kubernetes.io/hostname", selector: LabelExpr.In("app", "zk"))
            """));
        Assert.Contains(wrong, d => d.Id == "BERTH055");

        var right = await Verify.Diagnostics(Verify.App("""
            StatefulApp.Named("zk").Replicas(3).IdentityLabels(("app.kubernetes.io/name", "zk")).Container("zk", "zookeeper:3.9.2")
                .AntiAffinity("kubernetes.io/hostname", selector: LabelExpr.In("app.kubernetes.io/name", "zk"))
            """));
        Assert.DoesNotContain(right, d => d.Id == "BERTH055");
    }

    [Fact]
    public async Task A_malformed_requirement_is_reported_at_compile_time()
    {
        var diagnostics = await Verify.Diagnostics(Verify.App("""
            StatefulApp.Named("db").Replicas(3).Container("db", "postgres:16.4").SpreadAcrossNodes()
                .PodAffinity("kubernetes.io/hostname", selector: LabelExpr.In("tier"))
            """));
        Assert.Contains(diagnostics, d => d.Id == "BERTH034");
    }
}

/// <summary>The typed NodeAffinity/PreferNodeAffinity requirements are read by the analyzer: BERTH034 is reported at the argument.</summary>
public sealed class TypedNodeAffinityTests
{
    [Fact]
    public Task A_malformed_node_requirement_is_reported_at_its_argument() =>
        Verify.Rule("BERTH034", Verify.App("""
            StatefulApp.Named("db").Container("db", "postgres:16.4")
                .NodeAffinity({|BERTH034:"bad key!"|}, NodeOperator.Exists)
                .NodeAffinity("disktype", {|BERTH034:NodeOperator.In|})
                .NodeAffinity("cpu-count", {|BERTH034:NodeOperator.Gt|}, "4", "8")
                .PreferNodeAffinity({|BERTH034:500|}, "topology.kubernetes.io/zone", NodeOperator.In, "eu-1a")
                .PreferNodeAffinity(10, "gpu", {|BERTH034:NodeOperator.DoesNotExist|}, "yes")
            """));

    [Fact]
    public async Task Valid_node_requirements_report_nothing()
    {
        var diagnostics = await Verify.Diagnostics(Verify.App("""
            StatefulApp.Named("db").Container("db", "postgres:16.4")
                .NodeAffinity("kubernetes.io/os", NodeOperator.In, "linux").NodeAffinity("cpu-count", NodeOperator.Gt, "4").NodeAffinity("spot", NodeOperator.DoesNotExist)
                .PreferNodeAffinity(50, "disktype", NodeOperator.In, "ssd", "nvme").PreferNodeAffinity(1, "legacy", NodeOperator.NotIn, "true")
            """));
        Assert.DoesNotContain(diagnostics, d => d.Id == "BERTH034");
    }
}
