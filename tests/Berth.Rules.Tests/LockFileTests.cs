using System;
using System.Linq;
using Berth.Rules.Lock;
using Berth.Rules.Model;
using Xunit;

namespace Berth.Rules.Tests;

/// <summary>The lock file's format (<see cref="LockFile"/>) and the comparison of a definition with it (<see cref="LockCheck"/>, BERTH098).</summary>
public sealed class LockFileTests
{
    private static LockedApp Locked(AppModel app, string definition = "Shop.Infra.Postgres", string? variant = null) =>
        LockedApp.From(app, definition, variant) ?? throw new InvalidOperationException("unknown field");

    [Fact]
    public void Serialize_is_sorted_stable_and_reads_back_to_the_same_text()
    {
        var postgres = TestModels.App("postgres");
        postgres.Selector!.Expression("tier", "In", "db", "cache");
        var cache = TestModels.App("cache", ns: null);
        cache.PodManagementPolicy = Val<string?>.Of(null);
        var logs = new ClaimTemplateModel { Name = "logs", Storage = "1Gi", StorageClass = "fast" };
        logs.AccessModes.Add("ReadWriteOnce");
        logs.AccessModes.Add("ReadOnlyMany");
        cache.ClaimTemplates.Insert(0, logs);

        var text = new LockFile(new[] { Locked(postgres, variant: "prod"), Locked(cache, "Shop.Infra.Cache"), Locked(postgres, variant: "dev") }).Serialize();

        Assert.Equal("""
            {
              "berthLock": 1,
              "about": "Fields the live StatefulSets cannot change, written by the build; commit this file. A change to them fails the build (BERTH098); accept one with 'dotnet build -p:BerthUpdateLock=true' or 'berth lock update'. Format: docs/guides/lock-file.md",
              "apps": [
                {
                  "definition": "Shop.Infra.Cache",
                  "name": "cache",
                  "namespace": null,
                  "selector": {
                    "app.kubernetes.io/name": "cache"
                  },
                  "serviceName": "cache",
                  "podManagementPolicy": "OrderedReady",
                  "volumeClaimTemplates": [
                    {
                      "name": "data",
                      "size": "20Gi",
                      "storageClassName": null,
                      "accessModes": ["ReadWriteOnce"]
                    },
                    {
                      "name": "logs",
                      "size": "1Gi",
                      "storageClassName": "fast",
                      "accessModes": ["ReadOnlyMany", "ReadWriteOnce"]
                    }
                  ]
                },
                {
                  "definition": "Shop.Infra.Postgres",
                  "variant": "dev",
                  "name": "postgres",
                  "namespace": "data",
                  "selector": {
                    "app.kubernetes.io/name": "postgres"
                  },
                  "selectorExpressions": ["tier In (db, cache)"],
                  "serviceName": "postgres",
                  "podManagementPolicy": "Parallel",
                  "volumeClaimTemplates": [
                    {
                      "name": "data",
                      "size": "20Gi",
                      "storageClassName": null,
                      "accessModes": ["ReadWriteOnce"]
                    }
                  ]
                },
                {
                  "definition": "Shop.Infra.Postgres",
                  "variant": "prod",
                  "name": "postgres",
                  "namespace": "data",
                  "selector": {
                    "app.kubernetes.io/name": "postgres"
                  },
                  "selectorExpressions": ["tier In (db, cache)"],
                  "serviceName": "postgres",
                  "podManagementPolicy": "Parallel",
                  "volumeClaimTemplates": [
                    {
                      "name": "data",
                      "size": "20Gi",
                      "storageClassName": null,
                      "accessModes": ["ReadWriteOnce"]
                    }
                  ]
                }
              ]
            }

            """.Replace("\r\n", "\n"), text);
        Assert.Equal(text, LockFile.Parse(text).Serialize());
        Assert.Equal(new[] { "Shop.Infra.Cache", "Shop.Infra.Postgres (dev)", "Shop.Infra.Postgres (prod)" }, LockFile.Parse(text).Apps.Select(a => a.Key));
    }

    [Fact]
    public void Strings_with_quotes_backslashes_control_and_non_ascii_characters_round_trip()
    {
        var odd = Locked(TestModels.App("postgres")).WithDefinition("Shop.\"Infra\\.Db", "é\n\u0001\t");
        var text = new LockFile(new[] { odd }).Serialize();
        Assert.Contains("\"definition\": \"Shop.\\\"Infra\\\\.Db\"", text);
        Assert.Contains("\"variant\": \"é\\n\\u0001\\t\"", text);
        Assert.Equal(odd.Key, Assert.Single(LockFile.Parse(text).Apps).Key);
    }

    [Fact]
    public void An_empty_lock_round_trips()
    {
        var text = new LockFile(Array.Empty<LockedApp>()).Serialize();
        Assert.Contains("\"apps\": []", text);
        Assert.Empty(LockFile.Parse(text).Apps);
    }

    [Theory]
    [InlineData("{\n  \"berthLock\": 1,\n<<<<<<< HEAD\n  \"apps\": []\n}", 3, "merge conflict")]
    [InlineData("{\n  \"berthLock\": 2,\n  \"apps\": []\n}", 1, "this Berth reads version 1")]
    [InlineData("{\n  \"apps\": []\n}", 1, "\"berthLock\" (the format version) is missing")]
    [InlineData("{\n  \"berthLock\": 1,\n  \"apps\": [\n    { \"definition\": \"A.B\" }\n  ]\n}", 4, "an entry has no \"name\"")]
    [InlineData("{\n  \"berthLock\": 1,\n  \"apps\": [\n    { \"definition\": \"A.B\", \"name\": \"b\" },\n    { \"definition\": \"A.B\", \"name\": \"b\" }\n  ]\n}", 5, "A.B is listed twice")]
    [InlineData("{\n  \"berthLock\": 1,\n  \"apps\": [],\n}", 4, "expected a property name")]
    [InlineData("{ \"berthLock\": 1, \"apps\": [] } x", 1, "unexpected text after the end")]
    public void A_broken_lock_names_the_line_and_the_problem(string text, int line, string reason)
    {
        var e = Assert.Throws<LockFileException>(() => LockFile.Parse(text));
        Assert.Equal(line, e.Line);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void An_unchanged_app_or_an_equal_quantity_is_no_finding()
    {
        var app = TestModels.App("postgres");
        var locked = Locked(app);
        Assert.Empty(LockCheck.Compare(app, locked, "berth.lock.json"));
        app.ClaimTemplates[0].Storage = "20480Mi";
        Assert.Empty(LockCheck.Compare(app, locked, "berth.lock.json"));
    }

    [Fact]
    public void A_grown_claim_names_the_app_the_field_both_values_resize_and_how_to_accept_at_the_size_argument()
    {
        var app = TestModels.App("postgres");
        var locked = Locked(app);
        app.ClaimTemplates[0].Storage = Val<string?>.Of("30Gi", "size-argument");

        var v = Assert.Single(LockCheck.Compare(app, locked, "berth.lock.json"));
        Assert.Equal("BERTH098", v.Id);
        Assert.Equal(RuleSeverity.Error, v.Severity);
        Assert.Equal("spec.volumeClaimTemplates[data].spec.resources.requests.storage", v.Field);
        Assert.Equal("size-argument", v.Anchor);
        Assert.Equal("Infra.Postgres: claim template data requests 30Gi, but berth.lock.json has 20Gi, and claim templates cannot change on a live StatefulSet; "
                     + "grow the existing claims with 'berth resize postgres data 30Gi' (it recreates the StatefulSet with orphan cascade and updates the lock); "
                     + "or recreate the StatefulSet: delete it with orphan cascade ('berth delete postgres --cascade orphan'; its pods and claims stay) and apply again; "
                     + "or deploy it as a new app under another name. To accept the change, build with -p:BerthUpdateLock=true or run 'berth lock update', and commit berth.lock.json.", v.Message);
    }

    [Fact]
    public void A_shrunk_claim_says_claims_cannot_shrink()
    {
        var app = TestModels.App("postgres");
        var locked = Locked(app);
        app.ClaimTemplates[0].Storage = "10Gi";
        var v = Assert.Single(LockCheck.Compare(app, locked, "berth.lock.json"));
        Assert.Contains("claims cannot shrink: keep 20Gi", v.Message);
        Assert.DoesNotContain("berth resize", v.Message);
    }

    [Fact]
    public void A_size_that_is_not_a_quantity_is_left_to_BERTH021_not_called_a_shrink()
    {
        var app = TestModels.App("postgres");
        var locked = Locked(app);
        app.ClaimTemplates[0].Storage = "10GB";
        Assert.Empty(LockCheck.Compare(app, locked, "berth.lock.json"));
        Assert.Contains(RuleEngine.Check(app), v => v.Id == "BERTH021");
    }

    [Fact]
    public void Every_locked_field_is_compared()
    {
        var app = TestModels.App("postgres");
        var locked = Locked(app, variant: "prod");
        app.Selector = TestModels.Labels(("app", "pg"));
        app.ServiceName = "pg-headless";
        app.PodManagementPolicy = Val<string?>.Of(null);
        app.ClaimTemplates[0].StorageClass = "fast";
        app.ClaimTemplates[0].AccessModes.Add("ReadOnlyMany");
        var wal = new ClaimTemplateModel { Anchor = "claim:wal", Name = "wal", Storage = "5Gi" };
        wal.AccessModes.Add("ReadWriteOnce");
        app.ClaimTemplates.Add(wal);

        var found = LockCheck.Compare(app, locked, "berth.lock.json");
        Assert.Equal(new[]
        {
            "spec.selector", "spec.serviceName", "spec.podManagementPolicy", "spec.volumeClaimTemplates[data].spec.storageClassName",
            "spec.volumeClaimTemplates[data].spec.accessModes", "spec.volumeClaimTemplates[wal]",
        }, found.Select(v => v.Field));
        Assert.All(found, v => Assert.StartsWith("Infra.Postgres (prod): ", v.Message));
        Assert.Contains("spec.selector is app=pg, but berth.lock.json has app.kubernetes.io/name=postgres", found[0].Message);
        Assert.Contains("spec.podManagementPolicy is OrderedReady, but berth.lock.json has Parallel", found[2].Message);
        Assert.Contains("storage class \"fast\", but berth.lock.json has (the default)", found[3].Message);
        Assert.Contains("claim template wal is new, but berth.lock.json locks the claim templates as data", found[5].Message);
        Assert.Equal("claim:wal", found[5].Anchor);

        app.ClaimTemplates.Clear();
        Assert.Contains(LockCheck.Compare(app, locked, "berth.lock.json"), v => v.Message.Contains("claim template data is gone", StringComparison.Ordinal));
    }

    [Fact]
    public void A_renamed_or_moved_app_is_one_finding_that_says_it_becomes_a_new_app()
    {
        var app = TestModels.App("postgres");
        var locked = Locked(app);
        app.Name = Val<string?>.Of("pg", "name-argument");
        app.ServiceName = "pg";
        var v = Assert.Single(LockCheck.Compare(app, locked, "berth.lock.json"));
        Assert.Equal("metadata.name", v.Field);
        Assert.Equal("name-argument", v.Anchor);
        Assert.Contains("the app is named \"pg\", but berth.lock.json locks it as \"postgres\"", v.Message);
        Assert.Contains("new, empty claims", v.Message);

        var moved = TestModels.App("postgres", ns: "db");
        Assert.Equal("metadata.namespace", Assert.Single(LockCheck.Compare(moved, locked, "berth.lock.json")).Field);
    }

    [Fact]
    public void Unknown_values_are_not_compared_and_an_app_with_one_is_not_locked()
    {
        var app = TestModels.App("postgres");
        var locked = Locked(app);
        var unknown = TestModels.App("postgres");
        unknown.Name = Val<string?>.Unknown();
        unknown.Namespace = Val<string?>.Unknown();
        unknown.ServiceName = Val<string?>.Unknown();
        unknown.PodManagementPolicy = Val<string?>.Unknown();
        unknown.Selector!.Entries[0].Value = Val<string>.Unknown();
        unknown.ClaimTemplates[0].Storage = Val<string?>.Unknown();
        unknown.ClaimTemplates[0].StorageClass = Val<string?>.Unknown();
        unknown.ClaimTemplates[0].AccessModes.IsComplete = false;
        var loop = new ClaimTemplateModel { Name = Val<string?>.Unknown(), Storage = "1Gi" };
        unknown.ClaimTemplates.Add(loop);

        Assert.Empty(LockCheck.Compare(unknown, locked, "berth.lock.json"));
        Assert.Null(LockedApp.From(unknown, "Shop.Infra.Postgres", null));
    }
}
