using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Berth.Package.Tests;

/// <summary>A project that references the packed Berth package gets its YAML from `dotnet build`.</summary>
public sealed partial class PackageConsumerTests : IClassFixture<PackageFixture>
{
    private const string Infra = """
        using Berth;

        namespace Consumer;

        public enum Stage { Dev, Prod }

        [Manifests]
        public static partial class Infra
        {
            public static StatefulApp Postgres { get; } = StatefulApp.Named("postgres")
                .InNamespace("data")
                .Replicas(3)
                .Container("postgres", "postgres:16.4", c => c
                    .Port("pg", 5432)
                    .Requests(cpu: "250m", memory: "512Mi").Limits(memory: "1Gi")
                    .Readiness(Probe.Tcp("pg"))
                    .Mount("data", "/var/lib/postgresql/data"))
                .VolumeClaim("data", "20Gi")
                .SpreadAcrossNodes()
                .DisruptionBudget(maxUnavailable: 1);

            public static StatefulApp Redis(Stage stage) => StatefulApp.Named("redis")
                .InNamespace("cache")
                .Replicas(stage == Stage.Prod ? 3 : 1)
                .Container("redis", "redis:7.4.1", c => c
                    .Port("redis", 6379)
                    .Env("POSTGRES_HOST", Postgres.ServiceHost)
                    .Requests(cpu: "100m", memory: "128Mi").Limits(memory: "256Mi")
                    .Readiness(Probe.Tcp("redis")))
                .SpreadAcrossNodes();
        }
        """;

    // The generated API, used as a consumer would: typed identities and the typed client.
    private const string Program = """
        using System;
        using Consumer;

        Console.WriteLine(Infra.Postgres.Pod(0).Host + ":" + Infra.PostgresIdentity.Ports.Pg);
        Console.WriteLine(Infra.PostgresIdentity.ClaimOfPod(Infra.PostgresIdentity.Claims.Data, 1));
        Func<InfraClient> client = () => new InfraClient(kubeconfigPath: "/nonexistent");
        Console.WriteLine(client.Method.ReturnType.Name);
        """;

    private readonly PackageFixture _package;

    public PackageConsumerTests(PackageFixture package) => _package = package;

    private static string Manifests(string project) => Path.Combine(project, "bin", "Debug", "net10.0", "manifests");

    [Fact]
    public async Task Exe_project_build_writes_yaml_per_app_and_variant_and_a_noop_rebuild_does_not_run_the_writer()
    {
        var project = _package.CreateProject("ConsumerApp", "Exe", ("Infra.cs", Infra), ("Program.cs", Program));

        var build = await _package.BuildAsync(project);
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain("warning BERTH", build.Output);
        var manifests = Manifests(project);
        var postgres = File.ReadAllText(Path.Combine(manifests, "dev", "postgres.yaml"));
        Assert.Contains("kind: StatefulSet", postgres);
        Assert.Contains("clusterIP: None", postgres);
        Assert.Contains("kind: PodDisruptionBudget", postgres);
        Assert.Contains("replicas: 1", File.ReadAllText(Path.Combine(manifests, "dev", "redis.yaml")));
        Assert.Contains("replicas: 3", File.ReadAllText(Path.Combine(manifests, "prod", "redis.yaml")));
        using (var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(manifests, "index.json"))))
        {
            var files = index.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("file").GetString()).ToArray();
            Assert.Equal(new[] { "dev/postgres.yaml", "dev/redis.yaml", "prod/postgres.yaml", "prod/redis.yaml" }, files);
        }

        var run = await DotnetCli.RunAsync(project, "run", "--no-build");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("postgres-0.postgres.data.svc.cluster.local:5432", run.Output);
        Assert.Contains("data-postgres-1", run.Output);
        Assert.Contains("InfraClient", run.Output);

        var written = Directory.GetFiles(manifests, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        var rebuild = await _package.BuildAsync(project, "-v:n");
        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        Assert.Contains("Skipping target \"BerthWriteManifests\" because all output files are up-to-date", rebuild.Output);
        Assert.DoesNotContain("manifest file(s) in", rebuild.Output);
        Assert.All(written, file => Assert.Equal(file.Value, File.GetLastWriteTimeUtc(file.Key)));
    }

    [Fact]
    public async Task Invalid_definition_fails_the_build_with_the_rule_id_and_the_source_file_and_writes_nothing()
    {
        // The mount name is computed, so the analyzers cannot see it: the build-time writer must catch it, at the .Mount( call.
        var project = _package.CreateProject("BrokenApp", "Exe", ("Program.cs", "System.Console.WriteLine();"), ("Infra.cs", """
            using Berth;

            namespace Broken;

            [Manifests]
            public static partial class Infra
            {
                private static string DataVolume() => "data";

                public static StatefulApp Db => StatefulApp.Named("db")
                    .Container("db", "postgres:16.4", c => c
                        .Requests(cpu: "250m", memory: "512Mi").Limits(memory: "1Gi")
                        .Readiness(Probe.Tcp(5432))
                        .Mount(DataVolume(), "/var/lib/postgresql/data"));
            }
            """));

        var build = await _package.BuildAsync(project);
        Assert.NotEqual(0, build.ExitCode);
        var error = build.Output.Split('\n').FirstOrDefault(l => l.Contains("error BERTH011"));
        Assert.True(error is not null, "no error BERTH011 in the build output:\n" + build.Output);
        Assert.Contains(Path.Combine(project, "Infra.cs") + "(14,14): error BERTH011: db: container \"db\" mounts \"data\"", error);
        Assert.DoesNotContain("MSB3073", build.Output);
        Assert.False(Directory.Exists(Manifests(project)) && Directory.EnumerateFiles(Manifests(project), "*.yaml").Any());

        // The error is not forgotten: the next build runs the writer again and fails again.
        var again = await _package.BuildAsync(project);
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("error BERTH011", again.Output);
    }

    [Fact]
    public async Task Class_library_gets_its_yaml_from_reference_paths_and_honours_the_output_property()
    {
        // A definition that runs code from a package dependency, which a class library does not copy to bin.
        var project = _package.CreateProject("ConsumerLibrary", "Library", ("Infra.cs", Infra), ("Tools.cs", """
            using Berth;

            namespace Consumer;

            [Manifests]
            public static partial class Tools
            {
                public static StatefulApp Runner => StatefulApp.Named("runner")
                    .Container("runner", "busybox:1.36", c => c
                        .Env("PIPELINE", typeof(Polly.ResiliencePipeline).Assembly.GetName().Name!)
                        .Requests(cpu: "10m", memory: "16Mi").Limits(memory: "32Mi")
                        .Readiness(Probe.Exec("true")))
                    .SpreadAcrossNodes();
            }
            """));

        var build = await _package.BuildAsync(project);
        Assert.True(build.ExitCode == 0, build.ToString());
        // A class library does not copy its package references to bin: the writer resolved them from MSBuild.
        Assert.False(File.Exists(Path.Combine(project, "bin", "Debug", "net10.0", "Berth.dll")));
        Assert.True(File.Exists(Path.Combine(Manifests(project), "prod", "redis.yaml")));
        Assert.False(File.Exists(Path.Combine(project, "bin", "Debug", "net10.0", "Polly.Core.dll")));
        Assert.Contains("value: Polly.Core", File.ReadAllText(Path.Combine(Manifests(project), "runner.yaml")));

        var custom = Path.Combine(project, "deploy") + Path.DirectorySeparatorChar;
        var moved = await _package.BuildAsync(project, "-p:BerthManifestsOutput=" + custom, "-p:BerthClusterDomain=corp.example");
        Assert.True(moved.ExitCode == 0, moved.ToString());
        Assert.Contains("value: postgres.data.svc.corp.example", File.ReadAllText(Path.Combine(custom, "prod", "redis.yaml")));
        Assert.Contains("value: postgres.data.svc.cluster.local", File.ReadAllText(Path.Combine(Manifests(project), "prod", "redis.yaml")));

        var off = await _package.BuildAsync(project, "-p:BerthGenerateManifests=false", "-v:n");
        Assert.True(off.ExitCode == 0, off.ToString());
        Assert.DoesNotContain("BerthWriteManifests:", off.Output);
    }
}
