using System.Linq;
using Berth.Rules.Dsl;
using Berth.Rules.Model;
using Xunit;

namespace Berth.Rules.Tests;

/// <summary>The DSL's container steps, which the runtime renders its containers from and the analyzers run on constants.</summary>
public sealed class ContainerStepsTests
{
    private static ContainerModel Container() => ContainerSteps.Named("db", "postgres:16.4", null);

    [Fact]
    public void Resources_are_kept_in_ordinal_order_a_later_value_replaces_an_earlier_one_and_an_unknown_name_goes_last()
    {
        var c = Container();
        ContainerSteps.Resource(c, Val<string>.Of("nvidia.com/gpu"), "1", Val<string?>.Of(null), null);
        ContainerSteps.Requests(c, "250m", "512Mi", Val<string?>.Of(null), null);
        ContainerSteps.Resource(c, Val<string>.Unknown(), "1", Val<string?>.Of(null), null);
        ContainerSteps.Requests(c, "500m", Val<string?>.Of(null), Val<string?>.Of(null), null);

        Assert.Equal(new[] { "cpu=500m", "memory=512Mi", "nvidia.com/gpu=1", "?=1" },
            c.Requests.Select(r => (r.Resource.IsKnown ? r.Resource.Value : "?") + "=" + r.Quantity.Value));
        Assert.False(c.Requests.IsComplete);
        Assert.Empty(c.Limits);
    }

    [Fact]
    public void A_later_probe_of_a_kind_replaces_the_earlier_one_and_probes_are_listed_readiness_liveness_startup()
    {
        var c = Container();
        ContainerSteps.Startup(c, ProbeSteps.Tcp("pg", null), null);
        ContainerSteps.Readiness(c, ProbeSteps.Tcp("pg", null), null);
        ContainerSteps.Readiness(c, ProbeSteps.Http("/ready", "http", false, null), null);

        Assert.Equal(new[] { ProbeKind.Readiness, ProbeKind.Startup }, c.Probes.Select(p => p.Kind));
        Assert.Equal("httpGet", c.Probes[0].Handler.Value);
    }

    [Fact]
    public void Ports_write_the_protocol_text_and_RunAsUser_follows_the_runtime_conventions()
    {
        var c = Container();
        ContainerSteps.Port(c, Val<string?>.Of(null), 5432, "Udp", Val<int?>.Of(null), null);
        ContainerSteps.RunAsUser(c, (long?)0, Val<long?>.Of(null), null);

        Assert.Equal("UDP", c.Ports.Single().Protocol.Value);
        Assert.Null(c.Security!.RunAsNonRoot.Value);
        Assert.False(c.Security.AllowPrivilegeEscalation.Value);

        ContainerSteps.RunAsUser(c, Val<long?>.Unknown(), Val<long?>.Of(null), null);
        Assert.False(c.Security.RunAsNonRoot.IsKnown);
    }

    [Fact]
    public void A_step_on_a_copy_leaves_the_original_unchanged()
    {
        var c = Container();
        ContainerSteps.DropCapabilities(c, new ItemList<Val<string?>> { "ALL" }, null);
        var copy = ContainerSteps.Copy(c);
        ContainerSteps.DropCapabilities(copy, new ItemList<Val<string?>> { "MKNOD" }, null);
        ContainerSteps.Env(copy, "A", "1", null);

        Assert.Single(c.Security!.DroppedCapabilities);
        Assert.Empty(c.Env);
        Assert.Equal(2, copy.Security!.DroppedCapabilities.Count);
    }

    [Fact]
    public void An_unknown_security_context_reports_nothing_until_a_typed_step_makes_a_value_known()
    {
        var c = Container();
        ContainerSteps.SecurityContext(c, ContainerSteps.UnknownSecurityContext(null));
        var app = new AppModel { Name = "db" };
        app.Pod.Containers.Add(c);
        Assert.DoesNotContain(RuleEngine.Check(app), v => v.Id == "BERTH106");

        ContainerSteps.RunAsGroup(c, (long?)-1, null);
        Assert.Contains(RuleEngine.Check(app), v => v.Id == "BERTH106");
    }
}
