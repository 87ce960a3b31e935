using System.Threading.Tasks;
using Xunit;

namespace Berth.Analyzers.Tests;

/// <summary>
/// BERTH106 at compile time: the typed security methods of <c>ContainerSpec</c> run the DSL's container steps, so an invalid
/// security context is reported while typing, at the argument (or the call) that made it invalid, and still with a
/// <c>Customize</c> in the chain unless that edit replaces the container's security context.
/// </summary>
public sealed class ContainerSecurityTests
{
    [Fact]
    public Task A_user_or_group_out_of_range_is_reported_at_the_argument() =>
        Verify.Rule("BERTH106", Verify.App("""
            StatefulApp.Named("db")
                .Container("db", "postgres:16.4", c => c.RunAsUser(999, {|BERTH106:-5|}))
                .Container("side", "busybox:1.36", c => c.RunAsNonRoot().RunAsGroup({|BERTH106:2147483648|}))
            """));

    [Fact]
    public Task Privileged_without_escalation_is_reported_at_the_call() =>
        Verify.Rule("BERTH106", Verify.App("""
            StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.RunAsUser(999).{|BERTH106:Privileged|}())
            """));

    [Fact]
    public Task Privileged_with_escalation_allowed_is_clean() =>
        Verify.Rule("BERTH106", Verify.App("""
            StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.RunAsUser(999).Privileged().AllowPrivilegeEscalation(true))
            """));

    [Fact]
    public Task CAP_SYS_ADMIN_without_escalation_is_reported_at_the_capability() =>
        Verify.Rule("BERTH106", Verify.App("""
            StatefulApp.Named("db").Container("db", "postgres:16.4", c => c
                .AllowPrivilegeEscalation(false).DropCapabilities("ALL").AddCapabilities("NET_BIND_SERVICE", {|BERTH106:"CAP_SYS_ADMIN"|}))
            """));

    [Fact]
    public Task Seccomp_profiles_are_checked_at_the_argument() =>
        Verify.Rule("BERTH106", Verify.App("""
            StatefulApp.Named("db")
                .Container("db", "postgres:16.4", c => c.SeccompProfile({|BERTH106:SeccompProfileType.Localhost|}))
                .Container("a", "busybox:1.36", c => c.SeccompProfile(SeccompProfileType.RuntimeDefault, {|BERTH106:"profiles/a.json"|}))
                .Container("b", "busybox:1.36", c => c.SeccompProfile({|BERTH106:(SeccompProfileType)9|}))
                .Container("ok", "busybox:1.36", c => c.SeccompProfile(SeccompProfileType.Localhost, "profiles/ok.json"))
            """));

    [Fact]
    public Task A_value_the_compiler_cannot_know_is_not_reported() =>
        Verify.Rule("BERTH106", Verify.App("""
            StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.RunAsUser(System.Environment.ProcessId * -1L))
            """));

    [Fact]
    public Task A_security_context_object_written_out_is_read_and_typed_calls_after_it_are_checked() =>
        Verify.Rule("BERTH106", Verify.App("""
            StatefulApp.Named("db")
                .Container("db", "postgres:16.4", c => c.SecurityContext(new k8s.Models.V1SecurityContext
                {
                    RunAsUser = {|BERTH106:-1|},
                    AllowPrivilegeEscalation = false,
                    Capabilities = new k8s.Models.V1Capabilities { Add = new System.Collections.Generic.List<string> { {|BERTH106:"CAP_SYS_ADMIN"|} }, Drop = new[] { "ALL" } },
                    SeccompProfile = new k8s.Models.V1SeccompProfile { Type = {|BERTH106:"Localhost"|} },
                }))
                .Container("side", "busybox:1.36", c => c.SecurityContext(new k8s.Models.V1SecurityContext { Privileged = true, SeLinuxOptions = new k8s.Models.V1SELinuxOptions { Level = "s0" } }).RunAsGroup({|BERTH106:-1|}))
            """));

    [Fact]
    public Task A_security_context_the_compiler_cannot_see_is_left_to_the_build_step() =>
        Verify.Rule("BERTH106", Verify.Infra(
            """private static readonly k8s.Models.V1SecurityContext Root = new() { RunAsUser = -1 };""",
            """public static StatefulApp Db { get; } = StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.SecurityContext(Root).ReadOnlyRootFilesystem());"""));

    [Fact]
    public Task Still_reported_at_the_argument_with_an_unrelated_Customize() =>
        Verify.Rule("BERTH106", Verify.App("""
            StatefulApp.Named("db")
                .Customize(m => m.GoverningService!.Spec.Ports[0].Name = "pg")
                .Container("db", "postgres:16.4", c => c.Port("pg", 5432).RunAsUser({|BERTH106:-1|}).{|BERTH106:Privileged|}())
                .Customize(m => m.StatefulSet.Spec.Template.Spec.Containers[0].Resources = null)
            """));

    [Fact]
    public Task A_Customize_that_replaces_the_containers_security_context_makes_it_unknown() =>
        Verify.Rule("BERTH106", Verify.App("""
            StatefulApp.Named("db")
                .Container("db", "postgres:16.4", c => c.RunAsUser(-1))
                .Customize(m => { foreach (var c in m.StatefulSet.Spec.Template.Spec.Containers) c.SecurityContext = new k8s.Models.V1SecurityContext { RunAsUser = 999 }; })
            """));
}
