using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Berth.Analyzers.Tests;

/// <summary>
/// <c>Customize(...)</c> is read, not a cliff: what its lambda assigns or changes becomes unknown, everything else is
/// still checked at the argument that set it. A lambda that hands parts of the objects to other code makes those
/// parts unknown and says so (BERTH080).
/// </summary>
public sealed class CustomizeTests
{
    /// <summary>An edit of a field no rule reads.</summary>
    private const string Unrelated = """.Customize(m => m.StatefulSet.Spec.Template.Spec.SecurityContext = new k8s.Models.V1PodSecurityContext { RunAsUser = 1000 })""";

    /// <summary>A block lambda that edits the governing Service's ports through a local.</summary>
    private const string UnrelatedBlock = """
        .Customize(m =>
            {
                var spec = m.StatefulSet.Spec.Template.Spec;
                spec.SecurityContext ??= new k8s.Models.V1PodSecurityContext();
                spec.SecurityContext.FsGroup = 999;
                spec.PriorityClassName = "batch";
            })
        """;

    public static IEnumerable<object[]> Ids() => RuleTests.Cases.Select(c => new object[] { c.Id });

    [Theory]
    [MemberData(nameof(Ids))]
    public Task Every_rule_is_still_reported_at_the_argument_with_an_unrelated_Customize(string id)
    {
        var c = RuleTests.Cases.Single(x => x.Id == id);
        return Verify.Rule(id, Verify.App(c.Bad + Unrelated));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public Task Every_rule_is_still_reported_with_a_block_Customize_before_the_defect(string id)
    {
        var c = RuleTests.Cases.Single(x => x.Id == id);
        // The Customize is written first: it runs after the build wherever it stands in the chain.
        var at = c.Bad.IndexOf(".Container(", System.StringComparison.Ordinal);
        var bad = at < 0 ? c.Bad + UnrelatedBlock : c.Bad.Insert(at, UnrelatedBlock);
        return Verify.Rule(id, Verify.App(bad));
    }

    /// <summary>The cross-object rules (other apps of the compilation), with an unrelated Customize on every app.</summary>
    public static IEnumerable<object[]> CrossObjectCases() => new[]
    {
        new object[] { "BERTH040", new[] { """public static StatefulApp Db { get; } = StatefulApp.Named("db").Container("db", "postgres:16.4").UseExistingService({|BERTH040:"db-headless"|})""" + Unrelated + ";" } },
        new object[] { "BERTH041", new[]
        {
            """public static StatefulApp Db { get; } = StatefulApp.Named("db").Container("db", "postgres:16.4").UseExistingService({|BERTH041:"web-client"|})""" + Unrelated + ";",
            """public static StatefulApp Web { get; } = StatefulApp.Named("web").Container("w", "nginx:1.27").ClientService()""" + Unrelated + ";",
        } },
        new object[] { "BERTH042", new[]
        {
            """public static StatefulApp Db { get; } = StatefulApp.Named("db").Container("db", "postgres:16.4").UseExistingService({|BERTH042:"shared"|})""" + Unrelated + ";",
            """public static StatefulApp Shared { get; } = StatefulApp.Named("shared").Container("s", "busybox:1.36")""" + Unrelated + ";",
        } },
        new object[] { "BERTH054", new[] { """public static StatefulApp Db { get; } = StatefulApp.Named({|BERTH054:"db"|}).Container("db", "postgres:16.4").Label("app", "other").DisruptionBudget(maxUnavailable: 1)""" + Unrelated + ";" } },
        new object[] { "BERTH056", new[] { """public static StatefulApp Db { get; } = StatefulApp.Named({|BERTH056:"db"|}).Container("db", "postgres:16.4").Label("app", "other").ClientService()""" + Unrelated + ";" } },
    };

    [Theory]
    [MemberData(nameof(CrossObjectCases))]
    public Task Cross_object_rules_are_still_reported_when_every_app_has_an_unrelated_Customize(string id, string[] members) =>
        Verify.Rule(id, Verify.Infra(members));

    [Fact]
    public async Task An_assigned_field_becomes_unknown_and_the_rest_is_still_checked()
    {
        await Verify.None(Verify.App("""
            StatefulApp.Named("db").Replicas(-1).Container("db", "postgres:16.4").Customize(m => m.StatefulSet.Spec.Replicas = 3)
            """), new[] { "BERTH007" });
        await Verify.Rule("BERTH011", Verify.App("""
            StatefulApp.Named("db").Replicas(-1).Container("db", "postgres:16.4", c => c.Mount({|BERTH011:"data"|}, "/data")).Customize(m => m.StatefulSet.Spec.Replicas = 3)
            """));
    }

    [Fact]
    public Task A_name_edit_hides_name_rules_only() => Verify.Rule("BERTH021", Verify.App("""
        StatefulApp.Named("Bad_Name").Container("db", "postgres:16.4", c => c.Requests(cpu: {|BERTH021:"10GB"|}))
            .Customize(m => m.StatefulSet.Metadata.Name = "good")
        """));

    [Fact]
    public Task A_volume_added_by_Customize_may_be_the_mounted_one() => Verify.None(Verify.App("""
        StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Mount("scratch", "/tmp"))
            .Customize(m => (m.StatefulSet.Spec.Template.Spec.Volumes ??= new System.Collections.Generic.List<k8s.Models.V1Volume>()).Add(new k8s.Models.V1Volume { Name = "scratch", EmptyDir = new() }))
        """), new[] { "BERTH011" });

    [Fact]
    public async Task A_loop_over_the_containers_changes_only_what_it_assigns()
    {
        const string App = """
            StatefulApp.Named("db").Container("db", {|BERTH070:"postgres:latest"|}, c => c.Mount({|BERTH011:"data"|}, "/data"))
                .Customize(m => { foreach (var c in m.StatefulSet.Spec.Template.Spec.Containers) c.ImagePullPolicy = "Always"; })
            """;
        await Verify.Rule("BERTH011", Verify.App(App.Replace("{|BERTH070:\"postgres:latest\"|}", "\"postgres:latest\"")));
        await Verify.Rule("BERTH070", Verify.App(App.Replace("{|BERTH011:\"data\"|}", "\"data\"")));
        await Verify.None(Verify.App(App.Replace("c.ImagePullPolicy", "c.Image").Replace("{|BERTH070:\"postgres:latest\"|}", "\"postgres:latest\"").Replace("{|BERTH011:\"data\"|}", "\"data\"")), new[] { "BERTH070" });
    }

    [Fact]
    public async Task A_container_found_with_linq_is_followed()
    {
        await Verify.Rule("BERTH070", Verify.App("""
            StatefulApp.Named("db").Container("db", {|BERTH070:"postgres:latest"|}, c => c.Mount("data", "/data"))
                .Customize(m => System.Linq.Enumerable.First(m.StatefulSet.Spec.Template.Spec.Containers, c => c.Name == "db").VolumeMounts.Clear())
            """));
        await Verify.None(Verify.App("""
            StatefulApp.Named("db").Container("db", "postgres:latest", c => c.Mount("data", "/data"))
                .Customize(m => System.Linq.Enumerable.First(m.StatefulSet.Spec.Template.Spec.Containers).VolumeMounts.Clear())
            """), new[] { "BERTH011" });

        // Adding a mount keeps the known ones checked.
        await Verify.Rule("BERTH011", Verify.App("""
            StatefulApp.Named("db").Container("db", "postgres:latest", c => c.Mount({|BERTH011:"data"|}, "/data"))
                .Customize(m => m.StatefulSet.Spec.Template.Spec.Containers[0].VolumeMounts.Add(new k8s.Models.V1VolumeMount { Name = "data", MountPath = "/x" }))
            """));
    }

    [Fact]
    public async Task A_lambda_that_hands_a_part_to_a_method_hides_that_part_and_says_so()
    {
        var source = Verify.Infra(
            """
            public static StatefulApp App { get; } = StatefulApp.Named("db").Replicas({|BERTH007:-1|})
                .Container("db", "postgres:16.4", c => c.Mount("nothing", "/d"))
                .Customize(m => Harden(m.StatefulSet.Spec.Template));
            """,
            """private static void Harden(k8s.Models.V1PodTemplateSpec template) { }""");
        await Verify.Rule("BERTH007", source);
        var diagnostics = await Verify.Diagnostics(source.Replace("{|BERTH007:-1|}", "-1"));
        var note = Assert.Single(diagnostics, d => d.Id == "BERTH080");
        Assert.Equal(
            "db: m.StatefulSet.Spec.Template is passed to Infra.Harden(...), which the analyzer does not follow, so m.StatefulSet.Spec.Template (and everything in it) is no longer checked while you type (the build step still checks it); to keep it checked, assign the fields in the Customize lambda itself.",
            note.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Customize", note.Location.SourceTree!.ToString().Substring(note.Location.SourceSpan.Start, note.Location.SourceSpan.Length));
        Assert.DoesNotContain(diagnostics, d => d.Id == "BERTH011");
        Assert.Contains(diagnostics, d => d.Id == "BERTH007");
    }

    [Fact]
    public async Task A_part_used_in_an_expression_the_analyzer_does_not_read_is_named_with_that_expression_once()
    {
        var source = Verify.Infra(
            """
            public static StatefulApp App { get; } = StatefulApp.Named("db").Replicas(-1)
                .Container("db", "postgres:16.4")
                .Customize(m => Use(m.ClientService ?? new k8s.Models.V1Service()));
            """,
            """private static void Use(k8s.Models.V1Service service) { }""");
        var diagnostics = await Verify.Diagnostics(source);
        var note = Assert.Single(diagnostics, d => d.Id == "BERTH080");
        Assert.Equal(
            "db: m.ClientService is used in \"m.ClientService ?? new k8s.Models.V1Service()\", which the analyzer does not follow, so m.ClientService (and everything in it) is no longer checked while you type (the build step still checks it); to keep it checked, assign the fields in the Customize lambda itself.",
            note.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(diagnostics, d => d.Id == "BERTH007");
    }

    [Fact]
    public async Task An_edit_that_is_not_a_lambda_hides_the_app_and_says_so_once()
    {
        var source = Verify.Infra(
            """public static StatefulApp App { get; } = StatefulApp.Named("db").Replicas(-1).Container("db", "postgres:16.4").Customize(Edit);""",
            """private static void Edit(AppManifests m) { }""");
        var diagnostics = await Verify.Diagnostics(source);
        var note = Assert.Single(diagnostics, d => d.Id == "BERTH080");
        Assert.StartsWith("db: an edit that is not a lambda written in the call, which the analyzer does not follow, so nothing of the app is checked while you type", note.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DiagnosticSeverityInfo, note.Severity);
        Assert.DoesNotContain(diagnostics, d => d.Id == "BERTH007");
    }

    [Fact]
    public async Task An_unreadable_Customize_in_a_private_building_block_is_said_where_the_app_uses_it()
    {
        var source = Verify.Infra(
            """private static StatefulApp Base => StatefulApp.Named("db").Container("db", "postgres:16.4").Customize(Edit);""",
            """public static StatefulApp Prod { get; } = Base.Replicas(3);""",
            """private static void Edit(AppManifests m) { }""");
        var diagnostics = await Verify.Diagnostics(source);
        var note = Assert.Single(diagnostics, d => d.Id == "BERTH080");
        Assert.Equal("Base", note.Location.SourceTree!.ToString().Substring(note.Location.SourceSpan.Start, note.Location.SourceSpan.Length));
    }

    [Fact]
    public async Task An_unreadable_Customize_in_a_public_base_is_said_once_on_the_base()
    {
        var source = Verify.Infra(
            """public static StatefulApp Base { get; } = StatefulApp.Named("db").Container("db", "postgres:16.4").Customize(Edit);""",
            """public static StatefulApp Prod { get; } = Base.Replicas(3);""",
            """private static void Edit(AppManifests m) { }""");
        var diagnostics = await Verify.Diagnostics(source);
        var note = Assert.Single(diagnostics, d => d.Id == "BERTH080");
        Assert.Equal("Customize", note.Location.SourceTree!.ToString().Substring(note.Location.SourceSpan.Start, note.Location.SourceSpan.Length));
    }

    [Fact]
    public async Task A_readable_lambda_says_nothing()
    {
        var diagnostics = await Verify.Diagnostics(Verify.App("""StatefulApp.Named("db").Container("db", "postgres:16.4")""" + Unrelated + UnrelatedBlock));
        Assert.DoesNotContain(diagnostics, d => d.Id == "BERTH080");
    }

    [Fact]
    public async Task A_call_that_is_not_a_DSL_method_says_so()
    {
        var source = Verify.Infra(
            """public static StatefulApp App { get; } = StatefulApp.Named("db").Replicas(-1).Container("db", "postgres:16.4").WithDefaults();""",
            """public static StatefulApp WithDefaults(this StatefulApp app) => app;""");
        var diagnostics = await Verify.Diagnostics(source);
        var note = Assert.Single(diagnostics, d => d.Id == "BERTH080");
        Assert.StartsWith("db: Infra.WithDefaults(...) is not a Berth DSL method, so the analyzer does not follow it, and what the app had before it is no longer checked", note.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain(diagnostics, d => d.Id == "BERTH007");
    }

    [Fact]
    public async Task A_container_configured_elsewhere_says_so_at_the_argument()
    {
        var source = Verify.Infra(
            """public static StatefulApp App { get; } = StatefulApp.Named("db").Container("db", "postgres:16.4", Configure).VolumeClaim("data", "1Gi");""",
            """private static ContainerSpec Configure(ContainerSpec c) => c.Mount("data", "/data");""");
        var diagnostics = await Verify.Diagnostics(source);
        var note = Assert.Single(diagnostics, d => d.Id == "BERTH080");
        Assert.StartsWith("db: container \"db\" is configured by code the analyzer does not follow", note.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Configure", note.Location.SourceTree!.ToString().Substring(note.Location.SourceSpan.Start, note.Location.SourceSpan.Length));
    }

    [Fact]
    public async Task A_container_call_that_is_not_a_DSL_method_says_so()
    {
        var source = Verify.Infra(
            """public static StatefulApp App { get; } = StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Hardened().Mount("nothing", "/d"));""",
            """public static ContainerSpec Hardened(this ContainerSpec c) => c.ReadOnlyRootFilesystem();""");
        var diagnostics = await Verify.Diagnostics(source);
        var note = Assert.Single(diagnostics, d => d.Id == "BERTH080");
        Assert.StartsWith("db: Infra.Hardened(...) is not a Berth DSL method, so the analyzer does not follow it, and what container \"db\" had before it is no longer checked while you type", note.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(diagnostics, d => d.Id == "BERTH011"); // the steps after it are still checked
    }

    [Fact]
    public async Task A_probe_call_that_is_not_a_DSL_method_says_so()
    {
        var source = Verify.Infra(
            """public static StatefulApp App { get; } = StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.Port("pg", 5432).Readiness(Probe.Tcp("pg").Tuned()));""",
            """public static Probe Tuned(this Probe p) => p.Every(5);""");
        var diagnostics = await Verify.Diagnostics(source);
        var note = Assert.Single(diagnostics, d => d.Id == "BERTH080");
        Assert.StartsWith("db: Infra.Tuned(...) is not a Berth DSL method, so the analyzer does not follow it, and the probe it returns is not checked", note.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Tuned", note.Location.SourceTree!.ToString().Substring(note.Location.SourceSpan.Start, note.Location.SourceSpan.Length));
    }

    private const Microsoft.CodeAnalysis.DiagnosticSeverity DiagnosticSeverityInfo = Microsoft.CodeAnalysis.DiagnosticSeverity.Info;
}
