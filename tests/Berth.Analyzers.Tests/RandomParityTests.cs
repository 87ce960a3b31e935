using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace Berth.Analyzers.Tests;

/// <summary>
/// Parity on generated definitions: random mixes of valid and invalid DSL calls (fixed seeds, so a failure
/// replays) give the same rule IDs at compile time and at run time.
/// </summary>
public sealed class RandomParityTests
{
    private static readonly string[] AppCalls =
    {
        ".Replicas(3)", ".Replicas(1)", ".Replicas(-2)", ".InNamespace(\"data\")", ".InNamespace(\"Bad_NS\")",
        ".IdentityLabels((\"app.kubernetes.io/name\", \"db\"))", ".Label(\"team\", \"core\")", ".Label(\"app\", \"other\")",
        ".Label(\"tier\", \"bad value\")", ".Selector((\"app\", \"db\"))", ".Selector((\"app\", \"x\"))", ".Selector()",
        ".GoverningService(\"db-headless\")", ".GoverningService(\"1db\")", ".UseExistingService(\"elsewhere\")",
        ".ClientService()", ".ClientService(\"Client_Svc\", ServiceType.NodePort)", ".PodManagement(PodManagement.Parallel)",
        ".RollingUpdate(partition: 1)", ".RollingUpdate(partition: 5, maxUnavailable: IntOrPercent.Percent(0))", ".OnDelete()",
        ".RevisionHistoryLimit(5)", ".MinReadySeconds(-1)", ".ClaimRetention(ClaimRetention.Delete, ClaimRetention.Retain)",
        ".StartOrdinal(1)", ".Volume(\"cfg\", VolumeSource.ConfigMap(\"cfg\"))", ".Volume(\"data\", VolumeSource.EmptyDir(\"1Gi\"))",
        ".VolumeClaim(\"data\", \"10Gi\")", ".VolumeClaim(\"data\", \"10GB\")", ".VolumeClaim(\"Logs\", \"0\", AccessMode.ReadOnlyMany)",
        ".VolumeClaim(\"wal\", \"1Gi\", new[] { AccessMode.ReadWriteOncePod, AccessMode.ReadWriteOnce }, storageClass: \"Fast_SSD\")",
        ".ServiceAccount(\"db\")", ".TerminationGracePeriod(0)", ".Toleration(\"dedicated\", \"db\", TaintEffect.NoSchedule, 30)",
        ".Toleration(\"\", \"x\")", ".SpreadAcrossNodes()", ".SpreadAcrossNodes(required: true)", ".SpreadAcrossZones()",
        ".DisruptionBudget(maxUnavailable: 1)", ".DisruptionBudget(maxUnavailable: 0)", ".DisruptionBudget(minAvailable: 3)",
        ".DisruptionBudget(maxUnavailable: 1, minAvailable: 1)", ".QuorumBudget()", ".PriorityClass(\"high\")",
        ".Annotation(\"a\", \"b\")", ".PublishNotReadyAddresses()", ".FsGroup(999)",
    };

    private static readonly string[] ContainerCalls =
    {
        ".Port(\"pg\", 5432)", ".Port(\"metrics\", 9187)", ".Port(8080)", ".Port(\"Bad_Port_Name_Long\", 70000)",
        ".Port(\"pg\", 5433, Protocol.Udp)", ".HostPort(\"hp\", 9000, 19000)", ".Env(\"A\", \"1\")", ".Env(\"A\", \"2\")",
        ".Env(\"1BAD\", \"x\")", ".EnvFromSecret(\"PW\", \"sec\", \"pass word\")", ".EnvFromConfigMap(\"C\", \"cm\", \"key\")",
        ".EnvFromPod(\"POD\", PodField.Name)", ".EnvFromAllOfSecret(\"s\", \"9x\")", ".Requests(cpu: \"250m\", memory: \"512Mi\")",
        ".Requests(cpu: \"2\")", ".Limits(cpu: \"1\", memory: \"1Gi\")", ".Limits(memory: \"1GB\")",
        ".Requests(ephemeralStorage: \"1Gi\").Limits(ephemeralStorage: \"2Gi\")", ".Resource(\"nvidia.com/gpu\", \"1\")",
        ".Readiness(Probe.Tcp(\"pg\"))", ".Readiness(Probe.Http(\"/ready\", 8080).TerminationGracePeriod(5))",
        ".Liveness(Probe.Tcp(\"pg\"))", ".Liveness(Probe.Exec(\"true\").SuccessThreshold(3))", ".Liveness(Probe.Exec())",
        ".Startup(Probe.Grpc(70000))", ".Startup(Probe.Tcp(\"nope\").InitialDelay(-1))", ".Mount(\"data\", \"/data\")",
        ".Mount(\"cfg\", \"/data\")", ".Mount(\"cfg\", \"/etc/cfg\", subPath: \"../up\")", ".Mount(\"missing\", \"/m\")",
        ".PullPolicy(PullPolicy.Always)", ".PreStop(\"sleep\", \"5\")", ".Image(\"postgres:latest\")", ".Image(\"postgres\")",
        ".Command(\"run\")", ".RunAsUser(1000)",
    };

    private static readonly string[] Names = { "\"db\"", "\"Db\"", "\"a-name-that-is-long-enough-to-hit-the-52-character-limit-x\"", "\"cache\"" };
    private static readonly string[] ContainerNames = { "\"db\"", "\"side\"", "\"Bad.Name\"", "\"db\"" };
    private static readonly string[] Images = { "\"postgres:16.4\"", "\"postgres\"", "\"\"", "\"redis:7.2@sha256:abc\"" };

    /// <summary>60 seeds; BERTH_PARITY_SEEDS=n runs n of them.</summary>
    public static IEnumerable<object[]> Seeds() =>
        Enumerable.Range(1, int.TryParse(Environment.GetEnvironmentVariable("BERTH_PARITY_SEEDS"), out var n) ? n : 60).Select(i => new object[] { i });

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Generated_definitions_give_the_same_rules(int seed)
    {
        var random = new Random(seed);
        var apps = new List<string>();
        for (int a = 0, n = random.Next(1, 3); a < n; a++)
        {
            var chain = new StringBuilder("StatefulApp.Named(").Append(Pick(random, Names)).Append(')');
            var steps = new List<string>();
            for (int i = random.Next(0, 9); i > 0; i--) steps.Add(Pick(random, AppCalls));
            for (int c = random.Next(0, 3); c > 0; c--)
            {
                var container = new StringBuilder(random.Next(4) == 0 ? ".InitContainer(" : ".Container(")
                    .Append(Pick(random, ContainerNames)).Append(", ").Append(Pick(random, Images));
                var calls = Enumerable.Range(0, random.Next(0, 7)).Select(_ => Pick(random, ContainerCalls)).ToList();
                if (random.Next(6) == 0) calls.Insert(0, ".AsSidecar()");
                if (calls.Count > 0) container.Append(", c => c").Append(string.Concat(calls));
                steps.Insert(random.Next(steps.Count + 1), container.Append(')').ToString());
            }

            chain.Append(string.Concat(steps));
            apps.Add("public static StatefulApp App" + a + " { get; } = " + chain + ";");
        }

        var source = Verify.Infra(apps.ToArray());
        var compileTime = (await Verify.Diagnostics(source)).Select(d => d.Id).Distinct().OrderBy(i => i, StringComparer.Ordinal).ToList();
        var runTime = ParityTests.RunAndValidate(source).Distinct().OrderBy(i => i, StringComparer.Ordinal).ToList();
        Assert.True(runTime.SequenceEqual(compileTime),
            $"seed {seed}\n{source}\n  runtime:  {string.Join(" ", runTime)}\n  analyzer: {string.Join(" ", compileTime)}");
    }

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];
}
