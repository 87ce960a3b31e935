using System;
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
    /// <summary>
    /// The app of the workload named by BERTH_BENCH_WORKLOAD: "realistic" (the default, <see cref="Realistic"/>) or
    /// "clean" (<see cref="Clean"/>).
    /// </summary>
    public static StatefulApp App(int i) =>
        Environment.GetEnvironmentVariable("BERTH_BENCH_WORKLOAD") == "clean" ? Clean(i) : Realistic(i);

    /// <summary>
    /// Issue 11's workload, the one the peers (cdk8s-plus, the naive KubernetesYaml loop) are measured on: 3 replicas,
    /// one container with a port, a readiness probe, requests and limits, a 1Gi claim, and its headless Service. Like
    /// most real definitions it carries hygiene findings: one warning and five infos per app, which the writer reports.
    /// The analyzer and build benchmarks compile the same app written out as source (realistic-apps.sh): change both together.
    /// </summary>
    public static StatefulApp Realistic(int i) =>
        StatefulApp.Named("app-" + i.ToString("D5", CultureInfo.InvariantCulture))
            .Replicas(3)
            .Container("server", "registry.example/server:1." + (i % 7).ToString(CultureInfo.InvariantCulture), c => c
                .Port("http", 8080)
                .Readiness(Probe.Http("/ready", "http"))
                .Requests(cpu: "250m", memory: "512Mi")
                .Limits(cpu: "1", memory: "1Gi")
                .Mount("data", "/var/lib/app"))
            .VolumeClaim("data", "1Gi", AccessMode.ReadWriteOnce);

    /// <summary>A finished production definition that validates with no findings at all.</summary>
    public static StatefulApp Clean(int i)
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
