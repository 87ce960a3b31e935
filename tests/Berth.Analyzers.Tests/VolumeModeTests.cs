using System.Threading.Tasks;
using Xunit;

namespace Berth.Analyzers.Tests;

/// <summary>
/// BERTH025's volume source checks at compile time: the analyzer runs the DSL's volume source steps, so a file mode outside
/// 0-0777 or a negative emptyDir size limit is reported at the argument, also with a <c>Customize</c> in the chain.
/// </summary>
public sealed class VolumeModeTests
{
    [Fact]
    public Task File_modes_and_size_limits_are_reported_at_the_argument() =>
        Verify.Rule("BERTH025", Verify.App("""
            StatefulApp.Named("db")
                .Volume("cfg", VolumeSource.ConfigMap("db-config", defaultMode: {|BERTH025:644|}))
                .Volume("keys", VolumeSource.Secret("db-keys", {|BERTH025:-1|}).Item("tls.key", "tls.key"))
                .Volume("scratch", VolumeSource.EmptyDir(sizeLimit: {|BERTH025:"-1Gi"|}))
                .Volume("ok", VolumeSource.Secret("db-keys", defaultMode: 420))
                .Volume("all", VolumeSource.Projected(VolumeSource.ConfigMap("db-config", 999), VolumeSource.Secret("db-keys")))
                .Container("db", "postgres:16.4", c => c.Mount("cfg", "/cfg").Mount("keys", "/keys").Mount("scratch", "/tmp").Mount("ok", "/ok").Mount("all", "/all"))
            """));

    [Fact]
    public Task Still_reported_with_an_unrelated_Customize() =>
        Verify.Rule("BERTH025", Verify.App("""
            StatefulApp.Named("db")
                .Volume("cfg", VolumeSource.ConfigMap("db-config", defaultMode: {|BERTH025:777|}))
                .Container("db", "postgres:16.4", c => c.Mount("cfg", "/cfg"))
                .Customize(m => m.StatefulSet.Spec.Template.Spec.Containers[0].Env = null)
            """));

    [Fact]
    public Task A_source_or_mode_the_compiler_cannot_know_is_left_to_the_build_step() =>
        Verify.Rule("BERTH025", Verify.Infra(
            """private static readonly VolumeSource Config = VolumeSource.ConfigMap("db-config", defaultMode: 644);""",
            """
            public static StatefulApp Db { get; } = StatefulApp.Named("db")
                .Volume("cfg", Config)
                .Volume("keys", VolumeSource.Secret("db-keys", System.Convert.ToInt32("644", 8)))
                .Container("db", "postgres:16.4", c => c.Mount("cfg", "/cfg").Mount("keys", "/keys"));
            """));

    [Fact]
    public Task A_Customize_that_edits_the_volumes_makes_them_unknown() =>
        Verify.Rule("BERTH025", Verify.App("""
            StatefulApp.Named("db")
                .Volume("cfg", VolumeSource.ConfigMap("db-config", defaultMode: 644))
                .Container("db", "postgres:16.4", c => c.Mount("cfg", "/cfg"))
                .Customize(m => m.StatefulSet.Spec.Template.Spec.Volumes[0].ConfigMap.DefaultMode = 420)
            """));
}
