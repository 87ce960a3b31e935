using System.Linq;
using Xunit;

namespace Berth.Tests;

/// <summary>The typed container security methods, rendered from the container steps' model.</summary>
public sealed class ContainerSecurityTests
{
    [Fact]
    public void Typed_security_methods_write_the_container_security_context()
    {
        var context = StatefulApp.Named("db").Container("db", "postgres:16.4", c => c
                .RunAsNonRoot().RunAsGroup(2000).AllowPrivilegeEscalation(false).ReadOnlyRootFilesystem()
                .DropCapabilities("ALL").AddCapabilities("NET_BIND_SERVICE").AddCapabilities("CHOWN")
                .SeccompProfile(SeccompProfileType.Localhost, "profiles/db.json"))
            .Build().StatefulSet.Spec.Template.Spec.Containers.Single().SecurityContext;

        Assert.True(context.RunAsNonRoot);
        Assert.Null(context.RunAsUser);
        Assert.Equal(2000, context.RunAsGroup);
        Assert.False(context.AllowPrivilegeEscalation);
        Assert.True(context.ReadOnlyRootFilesystem);
        Assert.Null(context.Privileged);
        Assert.Equal(new[] { "NET_BIND_SERVICE", "CHOWN" }, context.Capabilities.Add);
        Assert.Equal(new[] { "ALL" }, context.Capabilities.Drop);
        Assert.Equal("Localhost", context.SeccompProfile.Type);
        Assert.Equal("profiles/db.json", context.SeccompProfile.LocalhostProfile);
    }

    [Fact]
    public void Typed_calls_after_a_whole_security_context_change_only_their_fields()
    {
        var given = new k8s.Models.V1SecurityContext
        {
            RunAsUser = 5,
            SeLinuxOptions = new k8s.Models.V1SELinuxOptions { Level = "s0:c123,c456" },
            Capabilities = new k8s.Models.V1Capabilities { Drop = new[] { "ALL" } },
        };
        var context = StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.SecurityContext(given).RunAsUser(999).Privileged())
            .Build().StatefulSet.Spec.Template.Spec.Containers.Single().SecurityContext;
        given.RunAsUser = 7;

        Assert.Equal(999, context.RunAsUser);
        Assert.True(context.RunAsNonRoot);
        Assert.False(context.AllowPrivilegeEscalation);
        Assert.True(context.Privileged);
        Assert.Equal("s0:c123,c456", context.SeLinuxOptions.Level);
        Assert.Equal(new[] { "ALL" }, context.Capabilities.Drop);
        Assert.Null(context.Capabilities.Add);
    }

    [Fact]
    public void Invalid_typed_security_contexts_are_reported_by_the_build_step()
    {
        var violations = StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.RunAsUser(999).Privileged().SeccompProfile(SeccompProfileType.Localhost))
            .Validate().Where(v => v.Id == "BERTH106").Select(v => v.Message).ToList();

        Assert.Contains(violations, m => m.Contains("allowPrivilegeEscalation false and privileged true", System.StringComparison.Ordinal));
        Assert.Contains(violations, m => m.Contains("Localhost without a localhostProfile", System.StringComparison.Ordinal));
    }

    [Fact]
    public void A_variant_does_not_share_the_security_context_of_its_base()
    {
        var baseApp = StatefulApp.Named("db").Container("db", "postgres:16.4", c => c.DropCapabilities("ALL"));
        var variant = baseApp.WithContainer("db", c => c.AddCapabilities("NET_ADMIN").DropCapabilities("MKNOD"));

        Assert.Equal(new[] { "ALL" }, baseApp.Build().StatefulSet.Spec.Template.Spec.Containers.Single().SecurityContext.Capabilities.Drop);
        Assert.Null(baseApp.Build().StatefulSet.Spec.Template.Spec.Containers.Single().SecurityContext.Capabilities.Add);
        Assert.Equal(new[] { "ALL", "MKNOD" }, variant.Build().StatefulSet.Spec.Template.Spec.Containers.Single().SecurityContext.Capabilities.Drop);
    }
}
