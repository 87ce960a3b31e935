using Berth;

namespace Berth.Cli.Fixture;

/// <summary>The environments of <see cref="Shop.Queue"/>.</summary>
public enum Stage
{
    /// <summary>One replica.</summary>
    Dev,

    /// <summary>Two replicas.</summary>
    Prod,
}

/// <summary>
/// Apps for the CLI tests. No namespace: the tests put them in their own with -n.
/// </summary>
[Manifests]
public static partial class Shop
{
    /// <summary>Three pods with a claim each.</summary>
    public static StatefulApp Web { get; } = StatefulApp.Named("web")
        .IdentityLabels(("app", "web"))
        .Replicas(3)
        .Container("web", "nginx:1.27", c => c
            .Port("http", 8080)
            .Readiness(Probe.Tcp("http"))
            .Requests(cpu: "50m", memory: "64Mi", ephemeralStorage: "64Mi")
            .Limits(memory: "128Mi", ephemeralStorage: "128Mi")
            .Mount("data", "/data"))
        .VolumeClaim("data", "1Gi", AccessMode.ReadWriteOnce);

    /// <summary>One app per stage.</summary>
    public static StatefulApp Queue(Stage stage) => StatefulApp.Named("queue")
        .IdentityLabels(("app", "queue"))
        .Replicas(stage == Stage.Prod ? 2 : 1)
        .Container("queue", "rabbitmq:3.13", c => c
            .Port("amqp", 5672)
            .Readiness(Probe.Tcp("amqp"))
            .Requests(cpu: "50m", memory: "64Mi", ephemeralStorage: "64Mi")
            .Limits(memory: "128Mi", ephemeralStorage: "128Mi"));
}

/// <summary>Definitions with mistakes, for validate.</summary>
[Manifests]
public static partial class Broken
{
    /// <summary>Mounts a volume that does not exist (BERTH011).</summary>
    public static StatefulApp Db => StatefulApp.Named("db")
        .Container("db", "postgres:16.4", c => c.Mount(VolumeName(), "/data"));

    /// <summary>Throws when run.</summary>
    public static StatefulApp Thrower => throw new System.InvalidOperationException("no image configured for this environment");

    private static string VolumeName() => "data";
}
