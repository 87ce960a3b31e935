using System.Globalization;
using Berth;

namespace Berth.Benchmarks;

/// <summary>
/// The benchmark app: one StatefulSet and its governing headless Service (no Namespace, ConfigMap or budget
/// objects), with the parts of a real, well-defined stateful service (ports, env, resources, probes, a mount and
/// its claim template, spreading), so that validation reports little. It varies a little with the index, and
/// one env value in two is "yes", which the YAML must quote.
/// </summary>
public static class BenchApps
{
    public static StatefulApp App(int i)
    {
        var name = "app-" + i.ToString("D5", CultureInfo.InvariantCulture);
        return StatefulApp.Named(name)
            .InNamespace("team-" + (i % 10).ToString(CultureInfo.InvariantCulture), create: false)
            .Replicas(1 + i % 2)
            .PodManagement(PodManagement.Parallel)
            .Container("server", "registry.example/server:1." + (i % 7).ToString(CultureInfo.InvariantCulture), c => c
                .PullPolicy(PullPolicy.Always)
                .Port("http", 8000 + i % 1000)
                .Env("APP_NAME", name)
                .Env("FEATURE_FLAG", i % 2 == 0 ? "off-by-default" : "yes")
                .Requests(cpu: "250m", memory: "512Mi", ephemeralStorage: "1Gi")
                .Limits(cpu: "1", memory: "1Gi", ephemeralStorage: "2Gi")
                .Readiness(Probe.Http("/ready", "http").Every(5))
                .Liveness(Probe.Tcp("http").InitialDelay(30).FailureThreshold(6))
                .Mount("data", "/var/lib/app"))
            .VolumeClaim("data", (1 + i % 20).ToString(CultureInfo.InvariantCulture) + "Gi", AccessMode.ReadWriteOnce)
            .SpreadAcrossNodes()
            .SpreadAcrossZones();
    }
}
