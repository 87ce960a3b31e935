using System;
using System.Linq;
using System.IO;
using Berth.Planning;
using Berth.Registry;
using Berth.Rules.Lock;
using Berth.Writer;
using Xunit;
using static Berth.Testing.PlanFixtures;

namespace Berth.Package.Tests;

/// <summary>The writer's core with a lock file (<c>--lock</c>, <c>--update-lock</c>): in process, on hand-made registry entries.</summary>
public sealed class WriterLockTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "berth-writer-lock-" + Guid.NewGuid().ToString("N")[..8]);
    private StringWriter _console = new();

    private string LockPath => Path.Combine(_dir, "berth.lock.json");

    private string Output => _console.ToString();

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    private int Write(bool accept, params ManifestEntry[] entries)
    {
        _console = new StringWriter();
        return ManifestWriter.Write(entries, Path.Combine(_dir, "manifests"), new Reporter(_console, TextWriter.Null), projectLock: ProjectLock.Load(LockPath, accept));
    }

    /// <summary><see cref="App"/>'s db with another claim size.</summary>
    private static StatefulApp Sized(string size, string ns = "data") => StatefulApp.Named("db").InNamespace(ns)
        .Replicas(3)
        .Container("db", "busybox:1.36", c => c
            .Port("http", 8080)
            .Requests(cpu: "10m", memory: "16Mi").Limits(memory: "32Mi")
            .Readiness(Probe.Tcp("http"))
            .Mount("data", "/data"))
        .VolumeClaim("data", size)
        .SpreadAcrossNodes();

    [Fact]
    public void The_first_run_writes_the_lock_and_an_unchanged_run_leaves_it_alone()
    {
        Assert.Equal(ManifestWriter.Success, Write(false, Entry("Shop.Infra", "Db", () => App("db")), Entry("Shop.Infra", "Cache", () => App("cache", null))));
        Assert.Contains($"Berth: wrote {LockPath} with 2 app(s)", Output);
        var text = File.ReadAllText(LockPath);
        var locked = LockFile.Parse(text);
        Assert.Equal(new[] { "Shop.Infra.Cache", "Shop.Infra.Db" }, locked.Apps.Select(a => a.Key));
        var db = locked.Find("Shop.Infra.Db", null)!;
        Assert.Equal(("db", "data", "db", "OrderedReady"), (db.Name, db.Namespace, db.ServiceName, db.PodManagementPolicy));
        Assert.Equal("data", Assert.Single(db.Claims).Name);
        Assert.Equal("1Gi", db.Claims[0].Size);
        Assert.Equal(new[] { "ReadWriteOnce" }, db.Claims[0].AccessModes);
        Assert.Null(locked.Find("Shop.Infra.Cache", null)!.Namespace);

        var written = File.GetLastWriteTimeUtc(LockPath);
        Assert.Equal(ManifestWriter.Success, Write(false, Entry("Shop.Infra", "Db", () => App("db")), Entry("Shop.Infra", "Cache", () => App("cache", null))));
        Assert.DoesNotContain("berth.lock.json", Output);
        Assert.Equal(text, File.ReadAllText(LockPath));
        Assert.Equal(written, File.GetLastWriteTimeUtc(LockPath));
    }

    [Fact]
    public void A_changed_claim_size_fails_at_the_member_writes_no_manifests_and_keeps_the_lock_until_accepted()
    {
        Write(false, Entry("Shop.Infra", "Db", () => App("db")));
        var before = File.ReadAllText(LockPath);

        Assert.Equal(ManifestWriter.DefinitionErrors, Write(false, Entry("Shop.Infra", "Db", () => Sized("5Gi"), line: 12)));
        Assert.Contains("/src/Shop.Infra.cs(12,1): error BERTH098: Infra.Db: claim template data requests 5Gi, but berth.lock.json has 1Gi", Output);
        Assert.Contains("'berth resize db data 5Gi'", Output);
        Assert.Contains("-p:BerthUpdateLock=true or run 'berth lock update'", Output);
        Assert.Equal(before, File.ReadAllText(LockPath));
        Assert.False(File.Exists(Path.Combine(_dir, "manifests", "db.yaml")));

        Assert.Equal(ManifestWriter.Success, Write(true, Entry("Shop.Infra", "Db", () => Sized("5Gi"))));
        Assert.Contains("berth.lock.json: accepted the change of Infra.Db spec.volumeClaimTemplates[data].spec.resources.requests.storage.", Output);
        Assert.Contains($"Berth: updated {LockPath}; commit it with the change.", Output);
        Assert.Equal("5Gi", LockFile.Parse(File.ReadAllText(LockPath)).Find("Shop.Infra.Db", null)!.Claims[0].Size);
        Assert.Equal(ManifestWriter.Success, Write(false, Entry("Shop.Infra", "Db", () => Sized("5Gi"))));
    }

    [Fact]
    public void A_new_app_is_added_a_removed_one_dropped_with_a_message_and_a_renamed_member_keeps_its_entry()
    {
        Write(false, Entry("Shop.Infra", "Db", () => App("db")), Entry("Shop.Infra", "Old", () => App("old")));

        Assert.Equal(ManifestWriter.Success, Write(false, Entry("Shop.Infra", "Database", () => App("db")), Entry("Shop.Infra", "Cache", () => App("cache"))));
        Assert.Contains("berth.lock.json: added Infra.Cache.", Output);
        Assert.Contains("berth.lock.json: removed Infra.Old: it is no longer defined", Output);
        Assert.Contains("berth.lock.json: Infra.Db is now Infra.Database (the same app).", Output);
        Assert.Equal(new[] { "Shop.Infra.Cache", "Shop.Infra.Database" }, LockFile.Parse(File.ReadAllText(LockPath)).Apps.Select(a => a.Key));
    }

    [Fact]
    public void Each_variant_is_locked_and_checked_on_its_own()
    {
        Write(false, Entry("Shop.Envs", "Db", () => Sized("1Gi", "dev"), variant: "dev"), Entry("Shop.Envs", "Db", () => Sized("50Gi"), variant: "prod"));
        Assert.Equal(new[] { "Shop.Envs.Db (dev)", "Shop.Envs.Db (prod)" }, LockFile.Parse(File.ReadAllText(LockPath)).Apps.Select(a => a.Key));

        Assert.Equal(ManifestWriter.DefinitionErrors, Write(false, Entry("Shop.Envs", "Db", () => Sized("1Gi", "dev"), variant: "dev"), Entry("Shop.Envs", "Db", () => Sized("50Gi", "qa"), variant: "prod")));
        Assert.Contains("error BERTH098: Envs.Db (prod): the app is in namespace \"qa\", but berth.lock.json locks it in \"data\"", Output);
        Assert.DoesNotContain("Envs.Db (dev)", Output);
    }

    [Fact]
    public void A_definition_that_throws_keeps_its_entry_and_writes_no_lock()
    {
        Write(false, Entry("Shop.Infra", "Db", () => App("db")));
        var before = File.ReadAllText(LockPath);
        Assert.Equal(ManifestWriter.DefinitionErrors, Write(false, Entry("Shop.Infra", "Db", () => throw new InvalidOperationException("no tag"))));
        Assert.DoesNotContain("removed", Output);
        Assert.Equal(before, File.ReadAllText(LockPath));
    }

    [Fact]
    public void An_unreadable_lock_fails_every_set_until_it_is_rewritten()
    {
        Write(false, Entry("Shop.Infra", "Db", () => App("db")));
        File.WriteAllText(LockPath, File.ReadAllText(LockPath).Replace("  \"apps\": [", "<<<<<<< HEAD\n  \"apps\": ["));

        Assert.Equal(ManifestWriter.DefinitionErrors, Write(false, Entry("Shop.Infra", "Db", () => App("db"))));
        Assert.Contains("error BERTH099: berth.lock.json cannot be read (line 4: a merge conflict marker: the file has both sides of a merge)", Output);
        Assert.False(File.Exists(Path.Combine(_dir, "manifests", "db.yaml")));

        Assert.Equal(ManifestWriter.Success, Write(true, Entry("Shop.Infra", "Db", () => App("db"))));
        Assert.Single(LockFile.Parse(File.ReadAllText(LockPath)).Apps);
    }
}
