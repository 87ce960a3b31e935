using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Berth.Rules.Lock;
using Xunit;

namespace Berth.Package.Tests;

/// <summary>The lock file (berth.lock.json) through real builds of a project that uses the packed package.</summary>
public sealed partial class PackageConsumerTests
{
    private const string LockedInfra = """
        using Berth;

        namespace Consumer;

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
                .VolumeClaim("data", SIZE)
                .SpreadAcrossNodes();

            private static string Size() => "40Gi";
        }
        """;

    [Fact]
    public async Task The_first_build_writes_the_lock_a_changed_claim_size_fails_the_build_and_BerthUpdateLock_accepts_it()
    {
        var project = _package.CreateProject("LockedApp", "Library", ("Infra.cs", LockedInfra.Replace("SIZE", "\"20Gi\"")));
        var infra = Path.Combine(project, "Infra.cs");
        var lockPath = Path.Combine(project, "berth.lock.json");
        var sizeLine = LockedInfra.Split('\n').ToList().FindIndex(l => l.Contains("SIZE", System.StringComparison.Ordinal)) + 1;
        var callColumn = LockedInfra.Split('\n')[sizeLine - 1].IndexOf("VolumeClaim", System.StringComparison.Ordinal) + 1;

        // The first build writes the lock beside the project; a no-op rebuild still skips the writer.
        var first = await _package.BuildAsync(project);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"Berth: wrote {lockPath} with 1 app(s)", first.Output);
        var locked = Assert.Single(LockFile.Parse(File.ReadAllText(lockPath)).Apps);
        Assert.Equal(("Consumer.Infra.Postgres", "postgres", "data", "20Gi"), (locked.Definition, locked.Name, locked.Namespace, locked.Claims[0].Size));
        var rebuild = await _package.BuildAsync(project, "-v:n");
        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        Assert.Contains("Skipping target \"BerthWriteManifests\" because all output files are up-to-date", rebuild.Output);
        var committed = File.ReadAllText(lockPath);

        // A constant changed against the lock: the analyzers fail the compile at the argument.
        File.WriteAllText(infra, LockedInfra.Replace("SIZE", "\"30Gi\""));
        var constant = await _package.BuildAsync(project);
        Assert.True(constant.ExitCode != 0, constant.ToString());
        Assert.Contains($"Infra.cs({sizeLine},", constant.Output);
        Assert.Contains("error BERTH098: Infra.Postgres: claim template data requests 30Gi, but berth.lock.json has 20Gi, and claim templates cannot change on a live StatefulSet; grow the existing claims with 'berth resize postgres data 30Gi'", constant.Output);
        Assert.Equal(committed, File.ReadAllText(lockPath));

        // A computed value the analyzers cannot see: the build step fails at the call that set it.
        File.WriteAllText(infra, LockedInfra.Replace("SIZE", "Size()"));
        var computed = await _package.BuildAsync(project);
        Assert.True(computed.ExitCode != 0, computed.ToString());
        Assert.Contains($"Infra.cs({sizeLine},{callColumn}): error BERTH098: Infra.Postgres: claim template data requests 40Gi, but berth.lock.json has 20Gi", computed.Output);
        Assert.Contains("To accept the change, build with -p:BerthUpdateLock=true or run 'berth lock update'", computed.Output);
        Assert.Equal(committed, File.ReadAllText(lockPath));

        // Accepted explicitly: the lock records the new size, and the next plain build is clean.
        var accept = await _package.BuildAsync(project, "-p:BerthUpdateLock=true");
        Assert.True(accept.ExitCode == 0, accept.ToString());
        Assert.Contains("berth.lock.json: accepted the change of Infra.Postgres spec.volumeClaimTemplates[data].spec.resources.requests.storage.", accept.Output);
        Assert.Equal("40Gi", Assert.Single(LockFile.Parse(File.ReadAllText(lockPath)).Apps).Claims[0].Size);
        Assert.Contains("\"size\": \"40Gi\"", File.ReadAllText(lockPath));
        var after = await _package.BuildAsync(project);
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.DoesNotContain("BERTH098", after.Output);
    }
}
