using System.Linq;
using Berth.Rules.Dsl;
using Berth.Rules.Model;
using Xunit;

namespace Berth.Rules.Tests;

/// <summary>The DSL's app-level steps and their derivation, which the runtime renders from and the analyzers check.</summary>
public sealed class DslStepsTests
{
    private static AppSpec App(string name = "db") => AppSteps.Named(name, null);

    private static ItemList<ContainerModel> Containers(params (string? Name, Val<int> Number)[] ports)
    {
        var container = new ContainerModel { Name = "c", Image = "i" };
        foreach (var (name, number) in ports)
            container.Ports.Add(new PortModel { Name = name, Number = number, Protocol = "TCP" });
        return new ItemList<ContainerModel> { container };
    }

    [Fact]
    public void A_label_set_keeps_its_keys_in_ordinal_order_and_a_later_value_replaces_an_earlier_one()
    {
        var set = new LabelSet();
        set.Set("tier", "a");
        set.Set("app", "x");
        set.Set("tier", "b");
        Assert.Equal(new[] { "app=x", "tier=b" }, set.Entries.Select(e => e.Key.Value + "=" + e.Value.Value));
        Assert.True(set.Complete);
    }

    [Fact]
    public void Merged_labels_keep_the_first_sets_order_and_take_the_second_sets_values()
    {
        var identity = new LabelSet();
        identity.Set("app.kubernetes.io/name", "zk");
        var extra = new LabelSet();
        extra.Set("app", "other");
        extra.Set("app.kubernetes.io/name", "zk2");
        var merged = LabelSet.Merge(identity, extra);
        Assert.Equal(new[] { "app.kubernetes.io/name=zk2", "app=other" }, merged.Entries.Select(e => e.Key.Value + "=" + e.Value.Value));
    }

    [Fact]
    public void A_quorum_budget_follows_the_final_replica_count_wherever_it_stands_in_the_chain()
    {
        var s = App();
        AppSteps.QuorumBudget(s, Val<string?>.Of(null), null);
        AppSteps.Replicas(s, (int?)5);
        Assert.Equal("3", s.Derive(Containers(), new ItemList<ContainerModel>()).Budgets.Single().MinAvailable.Value);

        AppSteps.Replicas(s, Val<int?>.Unknown());
        Assert.False(s.Derive(Containers(), new ItemList<ContainerModel>()).Budgets.Single().MinAvailable.IsKnown);
    }

    [Fact]
    public void The_client_service_is_named_after_the_app_unless_named_and_follows_the_identity_labels()
    {
        var s = App("web");
        AppSteps.ClientService(s, Val<string?>.Of(null), "LoadBalancer", null, null);
        var client = s.Derive(Containers(("http", 80)), new ItemList<ContainerModel>()).Services.Single(x => !x.IsGeneratedGoverning);
        Assert.Equal("web-client", client.Name.Value);
        Assert.Equal("LoadBalancer", client.Type.Value);
        Assert.Equal("app", client.Selector!.Entries.Single().Key.Value);

        AppSteps.ClientService(s, Val<string?>.Unknown(), "ClusterIP", null, null);
        client = s.Derive(Containers(), new ItemList<ContainerModel>()).Services.Single(x => !x.IsGeneratedGoverning);
        Assert.False(client.Name.IsKnown);
        Assert.Null(client.Type.Value);
    }

    [Fact]
    public void Service_ports_are_deduplicated_and_named_by_convention_and_unknown_when_a_port_is()
    {
        var s = App();
        var ports = s.Derive(Containers((null, 5432), (null, 8008), (null, 5432)), new ItemList<ContainerModel>()).Services.Single().Ports;
        Assert.Equal(new[] { "tcp-5432", "tcp-8008" }, ports.Select(p => p.Name.Value));
        Assert.True(ports.IsComplete);

        ports = s.Derive(Containers((null, 5432), (null, Val<int>.Unknown())), new ItemList<ContainerModel>()).Services.Single().Ports;
        Assert.False(ports.IsComplete);
        Assert.False(ports.Single().Name.IsKnown);
    }

    [Fact]
    public void OnDelete_after_a_partitioned_rolling_update_leaves_no_rolling_update()
    {
        var s = App();
        AppSteps.RollingUpdate(s, (int?)2, Val<string?>.Of(null), null);
        Assert.Equal("RollingUpdate", s.Derive(Containers(), new ItemList<ContainerModel>()).App.UpdateStrategyType.Value);
        AppSteps.OnDelete(s, null);
        var app = s.Derive(Containers(), new ItemList<ContainerModel>()).App;
        Assert.Equal("OnDelete", app.UpdateStrategyType.Value);
        Assert.False(app.HasRollingUpdate);
        Assert.Null(app.Partition.Value);
    }

    [Fact]
    public void A_clone_is_independent_of_the_spec_it_was_copied_from()
    {
        var s = App();
        AppSteps.Label(s, "tier", "a", Val<string?>.Of(null));
        var copy = s.Clone();
        AppSteps.Label(copy, "tier", "b", Val<string?>.Of(null));
        AppSteps.Toleration(copy, "k", Val<string?>.Of(null), "Any", Val<long?>.Of(null), null);
        Assert.Equal("a", s.Extra.Entries.Single().Value.Value);
        Assert.Empty(s.Tolerations);
        var toleration = copy.Tolerations.Single();
        Assert.Equal("Exists", toleration.Operator.Value);
        Assert.Null(toleration.Effect.Value);
    }

    [Fact]
    public void An_unknown_app_knows_nothing_a_rule_could_fire_on()
    {
        var objects = AppSpec.Unknown(null).Derive(new ItemList<ContainerModel> { IsComplete = false }, new ItemList<ContainerModel> { IsComplete = false });
        Assert.False(objects.App.Name.IsKnown);
        Assert.False(objects.App.Replicas.IsKnown);
        Assert.False(objects.App.Selector!.IsFullyKnown);
        Assert.False(objects.Services.IsComplete);
        Assert.False(objects.Budgets.IsComplete);
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: Service\nmetadata:\n  name: x", true)]
    [InlineData("apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fast", false)]
    [InlineData("{\"apiVersion\": \"policy/v1\", \"kind\": \"PodDisruptionBudget\"}", true)]
    public void An_extra_object_that_may_be_a_service_or_a_budget_makes_them_incomplete(string yaml, bool incomplete)
    {
        var s = App();
        AppSteps.With(s, yaml);
        var objects = s.Derive(Containers(), new ItemList<ContainerModel>());
        Assert.Equal(!incomplete, objects.Services.IsComplete);
        Assert.Equal(!incomplete, objects.Budgets.IsComplete);
    }

    [Fact]
    public void A_probe_port_is_written_as_the_runtime_renders_it_and_the_signature_names_the_handler_target()
    {
        var http = ProbeSteps.Http("/healthz", "08080", false, null);
        Assert.Equal("8080", http.Port.Value);
        Assert.Equal("httpGet 8080 /healthz", http.Signature.Value);
        Assert.Null(http.Scheme.Value);
        Assert.Equal("HTTPS", ProbeSteps.Http("/", "http", true, null).Scheme.Value);

        var exec = ProbeSteps.Exec(new ItemList<Val<string?>> { "pg_isready", "-q" }, null);
        Assert.Equal(2, exec.CommandLength.Value);
        Assert.Equal("exec  pg_isready -q", exec.Signature.Value);
        var unseen = ProbeSteps.Exec(new ItemList<Val<string?>> { IsComplete = false }, null);
        Assert.False(unseen.CommandLength.IsKnown);
        Assert.False(unseen.Signature.IsKnown);
    }

    [Fact]
    public void A_probe_modifier_changes_a_copy_only()
    {
        var tcp = ProbeSteps.Tcp("pg", null);
        var copy = ProbeSteps.Copy(tcp);
        ProbeSteps.Every(copy, (int?)5);
        Assert.Null(tcp.PeriodSeconds.Value);
        Assert.Equal(5, copy.PeriodSeconds.Value);
        Assert.Equal("tcpSocket", copy.Handler.Value);
    }
}
