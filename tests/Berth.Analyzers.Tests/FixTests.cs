using System.Threading.Tasks;
using Berth.CodeFixes;
using Xunit;

namespace Berth.Analyzers.Tests;

/// <summary>Every code fix, before and after (the harness also applies Fix All in document, project and solution).</summary>
public sealed class FixTests
{
    [Fact]
    public Task UseExistingService_naming_a_missing_Service_becomes_GoverningService() =>
        Verify.Fix<UseGoverningServiceFix>("BERTH040",
            Verify.App("""StatefulApp.Named("db").Container("db", "postgres:16.4").UseExistingService({|BERTH040:"db-headless"|})"""),
            Verify.App("""StatefulApp.Named("db").Container("db", "postgres:16.4").GoverningService("db-headless")"""),
            UseGoverningServiceFix.EquivalenceKey);

    [Fact]
    public Task Fix_all_turns_every_missing_existing_Service_into_a_governing_one() =>
        Verify.Fix<UseGoverningServiceFix>("BERTH040",
            Verify.Infra(
                """public static StatefulApp A { get; } = StatefulApp.Named("a").Container("a", "postgres:16.4").UseExistingService({|BERTH040:"a-svc"|});""",
                """public static StatefulApp B { get; } = StatefulApp.Named("b").Container("b", "postgres:16.4").UseExistingService({|BERTH040:"b-svc"|});"""),
            Verify.Infra(
                """public static StatefulApp A { get; } = StatefulApp.Named("a").Container("a", "postgres:16.4").GoverningService("a-svc");""",
                """public static StatefulApp B { get; } = StatefulApp.Named("b").Container("b", "postgres:16.4").GoverningService("b-svc");"""),
            UseGoverningServiceFix.EquivalenceKey);

    [Fact]
    public Task Selector_override_that_misses_the_labels_is_removed() =>
        Verify.Fix<RemoveSelectorOverrideFix>("BERTH002",
            Verify.App("""
                StatefulApp.Named("db")
                    .Selector(("app", {|BERTH002:"postgres"|}))
                    .Container("db", "postgres:16.4")
                """),
            Verify.App("""
                StatefulApp.Named("db")
                    .Container("db", "postgres:16.4")
                """),
            RemoveSelectorOverrideFix.EquivalenceKey);

    [Fact]
    public Task Selector_override_at_the_end_of_the_chain_is_removed() =>
        Verify.Fix<RemoveSelectorOverrideFix>("BERTH002",
            Verify.App("""StatefulApp.Named("db").Container("db", "postgres:16.4").Selector(("app", "db"), ("tier", {|BERTH002:"data"|}))"""),
            Verify.App("""StatefulApp.Named("db").Container("db", "postgres:16.4")"""),
            RemoveSelectorOverrideFix.EquivalenceKey);

    [Fact]
    public Task Invalid_app_name_is_lower_cased() =>
        Verify.Fix<FixNameFix>("BERTH003",
            Verify.App("""StatefulApp.Named({|BERTH003:"Post_Gres DB"|}).Container("db", "postgres:16.4")"""),
            Verify.App("""StatefulApp.Named("post-gres-db").Container("db", "postgres:16.4")"""),
            FixNameFix.EquivalenceKey);

    [Fact]
    public Task Invalid_container_and_claim_names_are_fixed_all_at_once() =>
        Verify.Fix<FixNameFix>("BERTH016",
            Verify.App("""StatefulApp.Named("db").Container({|BERTH016:"Main"|}, "postgres:16.4").Container({|BERTH016:"Side.Car"|}, "busybox:1.36")"""),
            Verify.App("""StatefulApp.Named("db").Container("main", "postgres:16.4").Container("side-car", "busybox:1.36")"""),
            FixNameFix.EquivalenceKey);

    [Fact]
    public Task Invalid_claim_template_name_is_fixed() =>
        Verify.Fix<FixNameFix>("BERTH015",
            Verify.App("""StatefulApp.Named("db").Container("db", "postgres:16.4").VolumeClaim({|BERTH015:"PgData"|}, "1Gi")"""),
            Verify.App("""StatefulApp.Named("db").Container("db", "postgres:16.4").VolumeClaim("pgdata", "1Gi")"""),
            FixNameFix.EquivalenceKey);

    [Fact]
    public Task Invalid_service_name_is_fixed() =>
        Verify.Fix<FixNameFix>("BERTH029",
            Verify.App("""StatefulApp.Named("db").Container("db", "postgres:16.4").ClientService({|BERTH029:"DB_Client"|})"""),
            Verify.App("""StatefulApp.Named("db").Container("db", "postgres:16.4").ClientService("db-client")"""),
            FixNameFix.EquivalenceKey);

    [Fact]
    public Task Name_without_a_valid_lower_case_form_gets_no_fix() =>
        Verify.Fix<FixNameFix>("BERTH003",
            Verify.App("""StatefulApp.Named({|BERTH003:"__"|}).Container("db", "postgres:16.4")"""),
            Verify.App("""StatefulApp.Named({|BERTH003:"__"|}).Container("db", "postgres:16.4")"""));

    [Fact]
    public Task Malformed_quantities_get_the_intended_one() =>
        Verify.Fix<FixQuantityFix>("BERTH021",
            Verify.App("""StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Requests(memory: {|BERTH021:"512MB"|}).Limits(memory: {|BERTH021:"1 gi"|})).VolumeClaim("data", {|BERTH021:"10GB"|})"""),
            Verify.App("""StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Requests(memory: "512Mi").Limits(memory: "1Gi")).VolumeClaim("data", "10Gi")"""),
            FixQuantityFix.EquivalenceKey);

    [Fact]
    public Task Quantity_without_a_likely_meaning_gets_no_fix() =>
        Verify.Fix<FixQuantityFix>("BERTH021",
            Verify.App("""StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Requests(memory: {|BERTH021:"lots"|}))"""),
            Verify.App("""StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Requests(memory: {|BERTH021:"lots"|}))"""));

    [Fact]
    public Task Readiness_probe_is_added_on_the_only_port() =>
        Verify.Fix<AddReadinessProbeFix>("BERTH051",
            Verify.App("""
                StatefulApp.Named("db")
                    .{|BERTH051:Container|}("db", "postgres:16.4", c => c
                        .Port("pg", 5432)
                        .Mount("data", "/data"))
                    .VolumeClaim("data", "1Gi")
                """),
            Verify.App("""
                StatefulApp.Named("db")
                    .Container("db", "postgres:16.4", c => c
                        .Port("pg", 5432)
                        .Mount("data", "/data")
                        .Readiness(Probe.Tcp("pg")))
                    .VolumeClaim("data", "1Gi")
                """),
            AddReadinessProbeFix.EquivalenceKey);

    [Fact]
    public Task Readiness_probe_on_an_unnamed_port_uses_the_number() =>
        Verify.Fix<AddReadinessProbeFix>("BERTH051",
            Verify.App("""StatefulApp.Named("cache").{|BERTH051:Container|}("redis", "redis:7.2", c => c.Port(6379))"""),
            Verify.App("""StatefulApp.Named("cache").Container("redis", "redis:7.2", c => c.Port(6379).Readiness(Probe.Tcp(6379)))"""),
            AddReadinessProbeFix.EquivalenceKey);

    [Fact]
    public Task No_readiness_fix_when_the_port_is_not_clear() =>
        Verify.Fix<AddReadinessProbeFix>("BERTH051",
            Verify.App("""StatefulApp.Named("zk").{|BERTH051:Container|}("zk", "zookeeper:3.9", c => c.Port("client", 2181).Port("peer", 2888))"""),
            Verify.App("""StatefulApp.Named("zk").{|BERTH051:Container|}("zk", "zookeeper:3.9", c => c.Port("client", 2181).Port("peer", 2888))"""));
}
