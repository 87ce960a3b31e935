using System.Linq;
using Xunit;

namespace Berth.Tests;

/// <summary>BERTH056 knows the label the StatefulSet controller gives each pod (a Service over the primary only).</summary>
public sealed class PodNameSelectorTests
{
    private static StatefulApp Selecting(string pod) => StatefulApp.Named("db").Replicas(2)
        .Container("db", "postgres:16.4", c => c.Port("pg", 5432))
        .ClientService("db-rw")
        .Customize(m => m.ClientService!.Spec.Selector["statefulset.kubernetes.io/pod-name"] = pod);

    [Fact]
    public void A_Service_over_one_pod_of_the_set_selects_pods()
    {
        Assert.DoesNotContain(Selecting("db-0").Validate(), v => v.Id == "BERTH056");
    }

    [Theory]
    [InlineData("other-0")]
    [InlineData("db-primary")]
    public void A_pod_name_of_no_pod_of_the_set_selects_nothing(string pod)
    {
        var finding = Selecting(pod).Validate().Single(v => v.Id == "BERTH056");
        Assert.Contains("statefulset.kubernetes.io/pod-name=" + pod, finding.Message, System.StringComparison.Ordinal);
    }
}
