using Xunit;

namespace Berth.Rules.Tests;

/// <summary>The DSL's conventions, written once for the runtime and the analyzers.</summary>
public sealed class DslConventionsTests
{
    [Theory]
    [InlineData(null, 1)]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(5, 3)]
    public void A_quorum_is_a_majority_of_the_replicas(int? replicas, int minAvailable) =>
        Assert.Equal(minAvailable, DslConventions.QuorumMinAvailable(replicas));

    [Theory]
    [InlineData("pg", "TCP", 5432, 2, "pg")]
    [InlineData(null, "TCP", 5432, 2, "tcp-5432")]
    [InlineData(null, "UDP", 53, 3, "udp-53")]
    [InlineData(null, "TCP", 5432, 1, null)]
    public void A_service_port_is_named_after_the_container_port_or_its_protocol_and_number(string? name, string protocol, int number, int ports, string? expected) =>
        Assert.Equal(expected, DslConventions.ServicePortName(name, protocol, number, ports));

    [Theory]
    [InlineData("Tcp", "TCP")]
    [InlineData("Udp", "UDP")]
    [InlineData("Sctp", "SCTP")]
    public void Protocols_are_written_in_upper_case(string member, string text) => Assert.Equal(text, DslConventions.ProtocolText(member));

    [Fact]
    public void Defaults_that_are_not_written()
    {
        Assert.Null(DslConventions.ServiceTypeText("ClusterIP"));
        Assert.Equal("LoadBalancer", DslConventions.ServiceTypeText("LoadBalancer"));
        Assert.Null(DslConventions.TaintEffectText("Any"));
        Assert.Equal("NoSchedule", DslConventions.TaintEffectText("NoSchedule"));
        Assert.Equal("db-client", DslConventions.ClientServiceName("db"));
    }
}
