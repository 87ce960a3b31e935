using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Berth.Analyzers.Tests;

/// <summary>
/// Selectors written with matchExpressions in <c>Affinity(() => new V1Affinity { ... })</c> reach the analyzer when every value
/// is a constant: the ZooKeeper term (<c>app In [zk]</c> on pods labelled <c>app.kubernetes.io/name: zk</c>) is
/// squiggled at the requirement, and the runtime reports the same rules (parity).
/// </summary>
public sealed class AffinityTests
{
    private const string Usings = "using System.Collections.Generic;\nusing k8s.Models;\n";

    private static string Zk(string requirement, string extra = "") => Usings + Verify.App($$"""
        StatefulApp.Named("zk").Replicas(3)
            .IdentityLabels(("app.kubernetes.io/name", "zk"))
            .Container("zk", "zookeeper:3.9.2", c => c.Port("client", 2181)){{extra}}
            .Affinity(() => new V1Affinity
            {
                PodAntiAffinity = new V1PodAntiAffinity
                {
                    RequiredDuringSchedulingIgnoredDuringExecution = new List<V1PodAffinityTerm>
                    {
                        new V1PodAffinityTerm
                        {
                            TopologyKey = "kubernetes.io/hostname",
                            LabelSelector = new V1LabelSelector
                            {
                                MatchExpressions = new List<V1LabelSelectorRequirement> { {{requirement}} },
                            },
                        },
                    },
                },
            })
        """);

    [Fact]
    public Task An_expression_on_a_key_the_pods_do_not_have_is_reported_at_the_requirement() =>
        Verify.Rule("BERTH055", Zk("""{|BERTH055:new V1LabelSelectorRequirement { Key = "app", OperatorProperty = "In", Values = new List<string> { "zk" } }|}"""));

    [Fact]
    public Task It_is_reported_even_when_a_zone_spread_spreads_the_pods() =>
        Verify.Rule("BERTH055", Zk("""{|BERTH055:new() { Key = "app", OperatorProperty = "In", Values = new List<string> { "zk" } }|}""", ".SpreadAcrossZones()"));

    [Fact]
    public Task An_expression_that_selects_the_pods_spreads_them() =>
        Verify.Rule("BERTH055", Zk("""new V1LabelSelectorRequirement { Key = "app.kubernetes.io/name", OperatorProperty = "In", Values = new List<string> { "zk" } }"""));

    [Fact]
    public Task Exists_on_the_pods_key_spreads_them() =>
        Verify.Rule("BERTH055", Zk("""new V1LabelSelectorRequirement { Key = "app.kubernetes.io/name", OperatorProperty = "Exists" }"""));

    [Fact]
    public Task A_malformed_requirement_is_reported() =>
        Verify.Rule("BERTH034", Zk("""{|BERTH034:new V1LabelSelectorRequirement { Key = "app.kubernetes.io/name", OperatorProperty = "In" }|}"""));

    [Fact]
    public Task A_value_that_is_not_constant_keeps_the_term_unknown() =>
        Verify.Rule("BERTH055", Zk("""new V1LabelSelectorRequirement { Key = System.Environment.MachineName, OperatorProperty = "In", Values = new List<string> { "zk" } }"""));

    [Theory]
    [InlineData("""new V1LabelSelectorRequirement { Key = "app", OperatorProperty = "In", Values = new List<string> { "zk" } }""", "")]
    [InlineData("""new V1LabelSelectorRequirement { Key = "app", OperatorProperty = "In", Values = new List<string> { "zk" } }""", ".SpreadAcrossNodes(required: true).SpreadAcrossZones()")]
    [InlineData("""new V1LabelSelectorRequirement { Key = "app.kubernetes.io/name", OperatorProperty = "NotIn", Values = new List<string> { "kafka" } }""", ".SpreadAcrossNodes()")]
    [InlineData("""new V1LabelSelectorRequirement { Key = "app.kubernetes.io/name", OperatorProperty = "Exists", Values = new List<string> { "zk" } }""", "")]
    public async Task Analyzer_and_runtime_report_the_same_rules(string requirement, string extra)
    {
        var source = Zk(requirement, extra);
        var compileTime = (await Verify.Diagnostics(source)).Select(d => d.Id).Distinct().OrderBy(i => i, System.StringComparer.Ordinal).ToList();
        var runTime = ParityTests.RunAndValidate(source).Distinct().OrderBy(i => i, System.StringComparer.Ordinal).ToList();
        Assert.Equal(runTime, compileTime);
    }
}
