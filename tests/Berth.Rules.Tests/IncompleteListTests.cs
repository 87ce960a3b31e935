using Berth.Rules.Model;
using Xunit;

namespace Berth.Rules.Tests;

/// <summary>"Missing X" rules never fire when the list they search may hold more than the front end saw.</summary>
public sealed class IncompleteListTests
{
    private static void AssertQuiet(string id, System.Action<ManifestSetModel> mutate)
    {
        var model = TestModels.Valid();
        mutate(model);
        Assert.DoesNotContain(RuleEngine.Check(model), v => v.Id == id);
    }

    [Fact] public void No_containers_but_incomplete() => AssertQuiet("BERTH016", m => { m.Pod().Containers.Clear(); m.Pod().Containers.IsComplete = false; });

    [Fact] public void Mount_target_in_incomplete_volumes() => AssertQuiet("BERTH011", m => { m.Container().Mounts[0].Name = "config"; m.Pod().Volumes.IsComplete = false; });

    [Fact] public void Mount_target_in_incomplete_claims() => AssertQuiet("BERTH011", m => { m.Container().Mounts[0].Name = "config"; m.App().ClaimTemplates.IsComplete = false; });

    [Fact] public void Mount_target_with_unknown_volume_name() => AssertQuiet("BERTH011", m => { m.Container().Mounts[0].Name = "config"; m.Pod().Volumes.Add(new VolumeModel { Name = Val<string?>.Unknown() }); });

    [Fact] public void Access_modes_incomplete() => AssertQuiet("BERTH012", m => { m.Claim().AccessModes.Clear(); m.Claim().AccessModes.IsComplete = false; });

    [Fact] public void Claim_mount_in_incomplete_mounts() => AssertQuiet("BERTH043", m => { m.Container().Mounts.Clear(); m.Container().Mounts.IsComplete = false; });

    [Fact] public void Claim_mount_in_incomplete_containers() => AssertQuiet("BERTH043", m => { m.Container().Mounts.Clear(); m.Pod().Containers.IsComplete = false; });

    [Fact] public void Governing_service_in_incomplete_services() => AssertQuiet("BERTH040", m => { m.Services.Clear(); m.Services.IsComplete = false; });

    [Fact] public void Readiness_in_incomplete_probes() => AssertQuiet("BERTH051", m => { m.Container().Probes.Clear(); m.Container().Probes.IsComplete = false; });

    [Fact] public void Readiness_in_incomplete_containers() => AssertQuiet("BERTH051", m => { m.Container().Probes.Clear(); m.Pod().Containers.IsComplete = false; });

    [Fact] public void Liveness_in_incomplete_probes() => AssertQuiet("BERTH072", m => { m.Container().Probes.Clear(); m.Container().Probes.IsComplete = false; });

    [Fact] public void Resources_in_incomplete_requests() => AssertQuiet("BERTH071", m => { m.Container().Requests.Clear(); m.Container().Requests.IsComplete = false; });

    [Fact] public void Ephemeral_storage_in_incomplete_limits() => AssertQuiet("BERTH073", m => { m.Container().Limits.Clear(); m.Container().Limits.IsComplete = false; });

    [Fact] public void Limit_of_extended_resource_in_incomplete_limits() => AssertQuiet("BERTH022", m =>
    {
        m.Container().Requests.Add(new ResourceModel { Resource = "nvidia.com/gpu", Quantity = "1" });
        m.Container().Limits.IsComplete = false;
    });

    [Fact] public void Anti_affinity_in_incomplete_terms() => AssertQuiet("BERTH055", m => { m.Pod().AntiAffinity.Clear(); m.Pod().AntiAffinity.IsComplete = false; m.Pod().TopologySpread.Clear(); });

    [Fact] public void Spread_in_incomplete_constraints() => AssertQuiet("BERTH076", m => { m.Pod().TopologySpread.Clear(); m.Pod().TopologySpread.IsComplete = false; });

    [Fact] public void Service_account_in_incomplete_accounts() => AssertQuiet("BERTH057", m => { m.Pod().ServiceAccountName = "pg-sa"; m.ServiceAccounts.IsComplete = false; });

    [Fact] public void Budget_pods_in_incomplete_apps() => AssertQuiet("BERTH054", m => { m.Budget().Selector = TestModels.AppLabels("mysql"); m.Apps.IsComplete = false; });

    [Fact] public void Service_pods_in_incomplete_apps() => AssertQuiet("BERTH056", m =>
    {
        var svc = TestModels.Service("postgres-rw");
        svc.Selector = TestModels.AppLabels("mysql");
        m.Services.Add(svc);
        m.Apps.IsComplete = false;
    });

    [Fact] public void Selector_against_incomplete_template_labels() => AssertQuiet("BERTH002", m =>
    {
        m.App().Selector = TestModels.Labels((TestModels.AppLabel, "postgres"), ("tier", "db"));
        m.App().TemplateLabels.Entries.IsComplete = false;
    });

    [Fact] public void Governing_selector_with_unknown_label_value() => AssertQuiet("BERTH042", m =>
        m.Service().Selector!.Entries[0].Value = Val<string>.Unknown());
}
