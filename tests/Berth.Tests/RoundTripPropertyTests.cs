using System.Linq;
using CsCheck;
using k8s;
using Xunit;

namespace Berth.Tests;

/// <summary>Randomly built valid definitions render to YAML that KubernetesYaml loads back into equal objects.</summary>
public sealed class RoundTripPropertyTests
{
    private static readonly Gen<string> DnsLabel =
        Gen.Char["abcdefghijklmnopqrstuvwxyz"].Array[1, 8].Select(c => new string(c));

    private static readonly Gen<string> Quantity = Gen.OneOf(
        Gen.Int[1, 999].Select(n => n + "Mi"),
        Gen.Int[1, 64].Select(n => n + "Gi"),
        Gen.Int[1, 4000].Select(n => n + "m"),
        Gen.Int[1, 16].Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Int[1, 9].Select(n => "0." + n + "Gi"));

    private static readonly Gen<string> AwkwardText = Gen.OneOf(
        Gen.Const("yes"), Gen.Const("no"), Gen.Const("0755"), Gen.Const("1.0"), Gen.Const("true"), Gen.Const("null"),
        Gen.Const("~"), Gen.Const("a: b"), Gen.Const("- item"), Gen.Const("#comment"), Gen.Const("line1\nline2\n"),
        Gen.Const(""), Gen.Const("  padded  "), Gen.Const("ünïcødé"), Gen.String[Gen.Char.AlphaNumeric, 0, 12]);

    private static readonly Gen<StatefulApp> App =
        from name in DnsLabel
        from replicas in Gen.Int[0, 7]
        from containerCount in Gen.Int[1, 3]
        from ports in Gen.Int[1, 65535].Array[containerCount]
        from envValues in AwkwardText.Array[containerCount]
        from cpu in Quantity
        from memory in Quantity
        from storage in Quantity
        from partition in Gen.Int[0, 3]
        from parallel in Gen.Bool
        from spread in Gen.Bool
        from budget in Gen.Bool
        from configValue in AwkwardText
        from ns in Gen.OneOf(Gen.Const((string?)null), DnsLabel.Select(n => (string?)n))
        select Define(name, replicas, ports, envValues, cpu, memory, storage, partition, parallel, spread, budget, configValue, ns);

    private static StatefulApp Define(string name, int replicas, int[] ports, string[] envValues, string cpu, string memory, string storage,
        int partition, bool parallel, bool spread, bool budget, string configValue, string? ns)
    {
        var app = StatefulApp.Named(name).Replicas(replicas).RollingUpdate(partition: partition)
            .ConfigMap(name + "-config", new System.Collections.Generic.Dictionary<string, string> { ["value"] = configValue })
            .VolumeClaim("data", storage);
        if (ns is not null) app = app.InNamespace(ns);
        if (parallel) app = app.PodManagement(PodManagement.Parallel);
        if (spread) app = app.SpreadAcrossNodes();
        if (budget) app = app.DisruptionBudget(maxUnavailable: 1);
        var usedPorts = ports.Distinct().ToArray();
        for (var i = 0; i < ports.Length; i++)
        {
            var index = i;
            app = app.Container("c" + index, "registry.example/app:" + (index + 1) + ".0", c =>
            {
                c = c.Env("VALUE", envValues[index]).Requests(cpu: cpu, memory: memory).Limits(cpu: cpu, memory: memory)
                    .Mount("data", "/data/" + index);
                if (index < usedPorts.Length) c = c.Port("p" + index, usedPorts[index]).Readiness(Probe.Tcp("p" + index));
                return c;
            });
        }

        return app;
    }

    [Fact]
    public void Rendered_yaml_loads_back_into_equal_objects()
    {
        App.Sample(app =>
        {
            var built = app.Build();
            var yaml = ManifestYaml.Serialize(built);
            var loaded = KubernetesYaml.LoadAllFromString(yaml);
            var expected = built.Objects.ToList();
            Assert.Equal(expected.Count, loaded.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].GetType(), loaded[i].GetType());
                Assert.Equal(KubernetesJson.Serialize(expected[i]), KubernetesJson.Serialize(loaded[i]));
            }
        }, iter: 300);
    }
}
