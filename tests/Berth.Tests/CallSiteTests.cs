using System;
using System.IO;
using System.Linq;
using Berth.Planning;
using Berth.Registry;
using Xunit;

namespace Berth.Tests;

/// <summary>
/// Where the plan locates a finding (<see cref="PlanDiagnostic.Location"/>, what the build step and <c>berth validate</c>
/// print): at the DSL call that set the value when the calls the runtime made match the member's source, else at the member.
/// The definitions are CallSites/Infra.cs, with the registry the real generator writes for them.
/// </summary>
public sealed class CallSiteTests : IDisposable
{
    private const string Source = "CallSites/Infra.cs";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "berth-callsite-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    private static ManifestEntry Entry(string member) =>
        Berth.Generated.CallSites_Infra_ManifestRegistry.Entries.Single(e => e.MemberName == member);

    private static PlanDiagnostic Finding(ManifestPlan plan, string id) => Assert.Single(plan.Diagnostics, d => d.Id == id);

    private static void AssertAt(PlanDiagnostic diagnostic, int line, int column)
    {
        var at = diagnostic.Location!;
        Assert.EndsWith(Source, at.File.Replace('\\', '/'), StringComparison.Ordinal);
        Assert.Equal((line, column), (at.Line, at.Column));
    }

    [Fact]
    public void A_value_only_the_build_step_knows_is_reported_at_the_call_that_set_it()
    {
        var plan = ManifestPlan.Create(new[] { Entry("Computed") });

        var malformed = Finding(plan, "BERTH021");
        Assert.Contains("\"10GB\"", malformed.Message);
        AssertAt(malformed, 21, 10); // .VolumeClaim("data", Size())
        Assert.EndsWith($"Infra.cs(21,10)", malformed.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_call_in_a_loop_made_more_often_than_it_is_written_is_reported_at_the_member()
    {
        var plan = ManifestPlan.Create(new[] { Entry("Looped") });

        Assert.Equal(2, plan.Diagnostics.Count(d => d.Id == "BERTH021"));
        Assert.All(plan.Diagnostics.Where(d => d.Id == "BERTH021"), d => AssertAt(d, 23, 1));
    }

    [Fact]
    public void A_call_made_in_a_helper_is_reported_at_the_member()
    {
        var plan = ManifestPlan.Create(new[] { Entry("Helped") });

        AssertAt(Finding(plan, "BERTH021"), 34, 1);
    }

    [Fact]
    public void The_nth_call_of_a_method_is_told_apart_from_the_others()
    {
        var plan = ManifestPlan.Create(new[] { Entry("Locked") });

        var label = Finding(plan, "BERTH078");
        Assert.Contains("Not a label value!", label.Message);
        AssertAt(label, 39, 30); // the second .Label(...) of the line
    }

    [Fact]
    public void A_change_against_the_lock_file_is_reported_at_the_call_that_made_it()
    {
        Directory.CreateDirectory(_dir);
        var lockPath = Path.Combine(_dir, "berth.lock.json");
        try
        {
            CallSites.Infra.LockedSize = "1Gi";
            var first = ManifestPlan.Create(new[] { Entry("Locked") }, new ManifestPlanOptions { Lock = ProjectLock.Load(lockPath, accept: true) });
            Assert.True(ProjectLock.Load(lockPath).Write(first.LockResult!));

            CallSites.Infra.LockedSize = "5Gi";
            var changed = ManifestPlan.Create(new[] { Entry("Locked") }, new ManifestPlanOptions { Lock = ProjectLock.Load(lockPath) });

            var locked = Finding(changed, "BERTH098");
            Assert.Contains("5Gi", locked.Message);
            AssertAt(locked, 40, 10); // .VolumeClaim("data", LockedSize)
        }
        finally
        {
            CallSites.Infra.LockedSize = "1Gi";
        }
    }

    [Fact]
    public void A_finding_that_carries_the_call_of_another_app_is_reported_at_the_member_of_its_own_app()
    {
        var computed = PlannedApp.Create(Entry("Computed"));
        var other = PlannedApp.Create(Entry("Helped")).Definition!.LastCall!; // Helped's VolumeClaim, its first as Computed's is
        var own = computed.Definition!.LastCall!; // Computed's VolumeClaim
        Assert.Equal((own.Method, own.Occurrence), (other.Method, other.Occurrence));

        PlanDiagnostic At(object anchor) => new("BERTH021", Rules.RuleSeverity.Error, "m", null, computed, computed.SetName,
            new Rules.RuleViolation(Rules.RuleCatalog.MalformedQuantity, "statefulset/computed", "f", "m", anchor));
        AssertAt(At(own), 21, 10);
        AssertAt(At(other), 18, 1);
    }

    [Fact]
    public void An_app_without_a_call_table_is_reported_at_the_member()
    {
        var entry = Entry("Computed") with { Calls = null };

        AssertAt(Finding(ManifestPlan.Create(new[] { entry }), "BERTH021"), 18, 1);
    }

    [Fact]
    public void Container_values_only_the_build_step_knows_are_reported_at_the_container_calls_that_set_them()
    {
        var plan = ManifestPlan.Create(new[] { Entry("InContainer") });

        var image = Finding(plan, "BERTH016");
        Assert.Contains("\" busybox:1.36\"", image.Message);
        AssertAt(image, 54, 10); // .Container("main", Spaced(), ...)
        var port = Finding(plan, "BERTH017");
        Assert.Contains("70000", port.Message);
        AssertAt(port, 55, 14); // .Port("web", BadPort())
        var memory = Finding(plan, "BERTH021");
        Assert.Contains("\"512MB\"", memory.Message);
        AssertAt(memory, 56, 14); // .Requests(cpu: "250m", memory: Memory())
    }

    [Fact]
    public void The_same_method_called_in_two_containers_is_reported_at_the_container_that_made_the_call()
    {
        var plan = ManifestPlan.Create(new[] { Entry("TwoContainers") });

        var port = Finding(plan, "BERTH017");
        Assert.Contains("container \"b\"", port.Message);
        AssertAt(port, 62, 48); // the third .Port(...), in container b: after a's and the init container's
    }

    [Fact]
    public void A_container_changed_after_other_calls_is_reported_at_the_WithContainer_call()
    {
        var plan = ManifestPlan.Create(new[] { Entry("Changed") });

        var memory = Finding(plan, "BERTH021");
        Assert.Contains("\"512MB\"", memory.Message);
        AssertAt(memory, 67, 39); // the .Requests(...) inside .WithContainer, not the first one of line 65
    }

    [Fact]
    public void A_probe_value_is_reported_where_the_probe_is_given_to_the_container()
    {
        var plan = ManifestPlan.Create(new[] { Entry("Probed") });

        var probe = Finding(plan, "BERTH024");
        Assert.Contains("-1", probe.Message);
        AssertAt(probe, 70, 69); // .Readiness(Probe.Tcp("web").Every(Period()))
    }

    [Fact]
    public void A_container_configured_in_a_helper_is_reported_at_the_member()
    {
        var plan = ManifestPlan.Create(new[] { Entry("ContainerHelped") });

        AssertAt(Finding(plan, "BERTH017"), 72, 1);
    }

    [Fact]
    public void A_container_value_a_Customize_changed_is_reported_at_the_member()
    {
        var plan = ManifestPlan.Create(new[] { Entry("Customized") });

        var port = Finding(plan, "BERTH017");
        Assert.Contains("70000", port.Message);
        AssertAt(port, 77, 1);
    }
}
