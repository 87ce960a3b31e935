using System.IO;
using System.Threading.Tasks;
using Berth.Cli.Tests.Support;
using Berth.Rules.Lock;
using Xunit;

namespace Berth.Cli.Tests;

/// <summary><c>berth lock update</c> on a throwaway project (no cluster).</summary>
public sealed class LockCliTests
{
    private static string Source(string size) => $$"""
        using Berth;

        namespace Shop;

        [Manifests]
        public static partial class Infra
        {
            public static StatefulApp Db => StatefulApp.Named("db").InNamespace("data")
                .Container("db", "postgres:16.4", c => c.Mount("data", "/var/lib/postgresql/data"))
                .VolumeClaim("data", "{{size}}");
        }
        """;

    [Fact]
    public async Task Lock_update_writes_the_lock_beside_the_project_accepts_a_change_and_says_when_nothing_changed()
    {
        using var project = TempProject.Create(Source("1Gi"));
        var lockPath = Path.Combine(project.Directory, "berth.lock.json");

        var first = (await Tool.RunAsync(new[] { "lock", "update" }, project.Directory)).Expect(0);
        Assert.Contains("  added Infra.Db", first.Out);
        Assert.Contains($"{lockPath} written (1 app(s)); review and commit it.", first.Out);
        Assert.Equal("1Gi", Assert.Single(LockFile.Parse(File.ReadAllText(lockPath)).Apps).Claims[0].Size);

        // In another process: this one has loaded the assembly of the first build.
        File.WriteAllText(Path.Combine(project.Directory, "Infra.cs"), Source("2Gi"));
        var changed = (await Tool.RunProcessAsync(new[] { "lock", "update" }, project.Directory)).Expect(0);
        Assert.Contains("  accepted Infra.Db spec.volumeClaimTemplates[data].spec.resources.requests.storage", changed.Out);
        Assert.Contains($"{lockPath} updated (1 app(s))", changed.Out);
        Assert.Equal("2Gi", Assert.Single(LockFile.Parse(File.ReadAllText(lockPath)).Apps).Claims[0].Size);

        var same = (await Tool.RunProcessAsync(new[] { "lock", "update" }, project.Directory)).Expect(0);
        Assert.Contains($"{lockPath} is up to date (1 app(s)).", same.Out);
    }

    [Fact]
    public async Task Lock_update_without_a_project_is_a_usage_error()
    {
        var result = (await Tool.RunAsync("lock", "update", "--assembly", Tool.FixtureAssembly)).Expect(2);
        Assert.Contains("berth lock update needs the project", result.Err);
    }
}
