using System.Threading.Tasks;
using Xunit;

namespace Berth.Analyzers.Tests;

/// <summary>
/// Rules that look at other apps of the compilation: reported on the chain they are about, also when the other
/// app is declared in another file.
/// </summary>
public sealed class CrossObjectTests
{
    [Fact]
    public Task Existing_Service_that_nobody_declares_is_reported() =>
        Verify.Rule("BERTH040", Verify.App("""StatefulApp.Named("db").Container("db", "postgres:16.4").UseExistingService({|BERTH040:"db-headless"|})"""));

    [Fact]
    public Task Existing_Service_declared_by_another_app_in_another_file_is_found() =>
        Verify.Rule("BERTH040", Verify.Infra(
            """public static StatefulApp Db { get; } = StatefulApp.Named("db").Container("db", "postgres:16.4").UseExistingService("shared").IdentityLabels(("app", "shared"));""",
            """public static StatefulApp Shared { get; } = StatefulApp.Named("shared").Container("s", "busybox:1.36");"""));

    [Fact]
    public async Task Existing_Service_in_another_namespace_is_not_found()
    {
        var test = new[]
        {
            Verify.Infra("""public static StatefulApp Db { get; } = StatefulApp.Named("db").InNamespace("a").Container("db", "postgres:16.4").UseExistingService({|BERTH040:"shared"|});"""),
            Verify.Usings + """public static class Other { public static StatefulApp Shared { get; } = StatefulApp.Named("shared").InNamespace("b").Container("s", "busybox:1.36"); }""",
        };
        await Verify.Rule("BERTH040", test);
    }

    [Fact]
    public Task Governing_Service_that_is_a_client_Service_is_not_headless() =>
        Verify.Rule("BERTH041", Verify.Infra(
            """public static StatefulApp Db { get; } = StatefulApp.Named("db").Container("db", "postgres:16.4").UseExistingService({|BERTH041:"web-client"|});""",
            """public static StatefulApp Web { get; } = StatefulApp.Named("web").Container("w", "nginx:1.27").ClientService();"""));

    [Fact]
    public Task Governing_Service_of_another_app_does_not_select_the_pods() =>
        Verify.Rule("BERTH042", Verify.Infra(
            """public static StatefulApp Db { get; } = StatefulApp.Named("db").Container("db", "postgres:16.4").UseExistingService({|BERTH042:"shared"|});""",
            """public static StatefulApp Shared { get; } = StatefulApp.Named("shared").Container("s", "busybox:1.36");"""));

    [Fact]
    public Task Budget_whose_labels_were_overridden_selects_nothing() =>
        Verify.Rule("BERTH054", Verify.App("""StatefulApp.Named({|BERTH054:"db"|}).Container("db", "postgres:16.4").Label("app", "other").DisruptionBudget(maxUnavailable: 1)"""));

    [Fact]
    public Task Client_Service_whose_labels_were_overridden_is_dangling() =>
        Verify.Rule("BERTH056", Verify.App("""StatefulApp.Named({|BERTH056:"db"|}).Container("db", "postgres:16.4").Label("app", "other").ClientService()"""));

    [Fact]
    public Task Budget_that_selects_another_app_is_not_dangling() =>
        Verify.Rule("BERTH054", Verify.Infra(
            """public static StatefulApp Db { get; } = StatefulApp.Named("db").Container("db", "postgres:16.4").Label("app", "other").DisruptionBudget(maxUnavailable: 1);""",
            """public static StatefulApp Other { get; } = StatefulApp.Named("other").IdentityLabels(("app", "db")).Container("o", "busybox:1.36");"""));
}
