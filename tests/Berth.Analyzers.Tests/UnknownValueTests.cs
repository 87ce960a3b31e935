using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Berth.Analyzers.Tests;

/// <summary>A rule never fires on a value the compiler does not know.</summary>
public sealed class UnknownValueTests
{
    /// <summary>Rules about values (names, numbers, quantities, references between names).</summary>
    private static readonly string[] ValueRules =
    {
        "BERTH002", "BERTH003", "BERTH004", "BERTH007", "BERTH008", "BERTH010", "BERTH011", "BERTH013", "BERTH015",
        "BERTH016", "BERTH017", "BERTH018", "BERTH020", "BERTH021", "BERTH022", "BERTH024", "BERTH029", "BERTH030",
        "BERTH040", "BERTH041", "BERTH042", "BERTH043", "BERTH049", "BERTH053", "BERTH054", "BERTH056", "BERTH070",
        "BERTH078", "BERTH091",
    };

    [Fact]
    public Task Parameters_and_fields_are_unknown() => Verify.None(Verify.Infra(
        """public static string Image = "postgres";""",
        """
        public static StatefulApp Make(string name, int replicas, string size, string volume, string label, string service) =>
            StatefulApp.Named(name)
                .Replicas(replicas)
                .Selector(("app", label))
                .UseExistingService(service)
                .Label("team", label)
                .Container(name, Image, c => c
                    .Port(name, replicas)
                    .Env(label, "x")
                    .Requests(cpu: size, memory: size)
                    .Limits(cpu: size)
                    .Readiness(Probe.Tcp(name))
                    .Mount(volume, "/data"))
                .VolumeClaim(volume, size)
                .RollingUpdate(partition: replicas, maxUnavailable: replicas)
                .DisruptionBudget(minAvailable: replicas);
        """), ValueRules);

    [Fact]
    public Task What_Customize_assigns_is_unknown() => Verify.None(Verify.App("""
        StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Mount("data", "/d")).Replicas(-1).MinReadySeconds(-5)
            .Customize(m =>
            {
                m.StatefulSet.Spec.Replicas = 1;
                m.StatefulSet.Spec.MinReadySeconds = null;
                m.StatefulSet.Spec.Template.Spec.Containers[0].VolumeMounts.Clear();
            })
        """), ValueRules);

    [Fact]
    public Task Customize_that_hands_the_objects_to_a_method_makes_the_app_unknown() => Verify.None(Verify.Infra(
        """
        public static StatefulApp App { get; } = StatefulApp.Named("Bad_Name").Container("db", "postgres:latest", c => c.Mount("nothing", "/d").Requests(cpu: "10GB"))
            .UseExistingService("missing")
            .Customize(m => Fix(m));
        """,
        """private static void Fix(AppManifests m) => m.StatefulSet.Metadata.Name = "good";"""), ValueRules);

    [Fact]
    public Task A_call_the_analyzer_does_not_know_makes_the_app_unknown() => Verify.None(Verify.Infra(
        """public static StatefulApp App { get; } = StatefulApp.Named("Bad_Name").Container("db", "postgres:latest", c => c.Mount("nothing", "/d")).WithDefaults();""",
        """public static StatefulApp WithDefaults(this StatefulApp app) => app;"""), ValueRules);

    [Fact]
    public Task A_container_configured_elsewhere_is_unknown() => Verify.None(Verify.Infra(
        """public static StatefulApp App { get; } = StatefulApp.Named("db").Container("db", "postgres:16.4", Configure).VolumeClaim("data", "1Gi");""",
        """private static ContainerSpec Configure(ContainerSpec c) => c.Mount("data", "/data");"""), ValueRules.Append("BERTH051").Append("BERTH071"));

    [Fact]
    public Task A_local_variable_root_is_unknown() => Verify.None(Verify.Infra(
        """public static StatefulApp Make(StatefulApp other) { var app = other; return app.Replicas(3).Container("db", "postgres:16.4", c => c.Mount("data", "/data")); }"""),
        ValueRules);

    [Fact]
    public Task Known_parts_of_an_otherwise_unknown_app_are_still_checked() => Verify.Rule("BERTH021", Verify.Infra(
        """public static StatefulApp Make(string name) => StatefulApp.Named(name).Container(name, "postgres:16.4", c => c.Requests(cpu: {|BERTH021:"10GB"|}));"""));

    [Fact]
    public Task Base_definitions_in_source_are_read() => Verify.Rule("BERTH011", Verify.Infra(
        """private static StatefulApp Base => StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Mount("data", "/data"));""",
        """public static StatefulApp Prod { get; } = {|BERTH011:Base|}.Replicas(3);""",
        """public static StatefulApp Fixed { get; } = Base.Replicas(3).VolumeClaim("data", "1Gi");"""));
}
