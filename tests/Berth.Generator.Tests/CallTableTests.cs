using System.Linq;
using Xunit;

namespace Berth.Generator.Tests;

/// <summary>
/// The table of DSL calls the registry records per member (where the build step reports a finding about a value a call
/// set): the fluent calls of the member's own body, found by symbol, in source order, at the method's name.
/// </summary>
public sealed class CallTableTests
{
    private static string Registry(string source)
    {
        var (_, result) = Harness.Run(Harness.Compile(false, ("/src/Infra.cs", source)));
        return result.GeneratedSources.Single(s => s.HintName.EndsWith(".Registry.g.cs", System.StringComparison.Ordinal)).SourceText.ToString();
    }

    [Fact]
    public void Records_each_fluent_DSL_call_of_the_member_body_in_source_order_at_the_method_name_by_symbol()
    {
        var text = Registry("""
            using Berth;

            namespace Shop;

            public sealed class Mine
            {
                public Mine Replicas(int n) => this;
            }

            public static class MyExtensions
            {
                public static StatefulApp WithDefaults(this StatefulApp app) => app.Replicas(3);
            }

            [Manifests]
            public static partial class Infra
            {
                private static StatefulApp Base => StatefulApp.Named("base").Replicas(1);

                public static StatefulApp Db
                {
                    get
                    {
                        var mine = new Mine().Replicas(9);
                        var app = Base
                            .Replicas(2)
                            .Container("db", "postgres:16", c => c.Port("pg", 5432).Port("metrics", 9187));
                        var host = app.PeerList();
                        return app.WithDefaults().VolumeClaim("data", "1Gi");
                    }
                }
            }
            """);

        // Not Mine.Replicas (another type), not WithDefaults (not a DSL method), not PeerList (not a fluent call), nothing
        // of Base (another member): those make the build step's counts differ, and it falls back to the member.
        Assert.Contains("new global::Berth.Registry.SourceCallTable(\"StatefulApp.Replicas:26:18;StatefulApp.Container:27:18;ContainerSpec.Port:27:56;ContainerSpec.Port:27:73;StatefulApp.VolumeClaim:29:39\")", text);
        Assert.Contains("\"Db\", null, \"/src/Infra.cs\", 20,", text);
    }

    [Fact]
    public void A_member_without_DSL_calls_has_no_table()
    {
        var text = Registry("""
            using Berth;

            [Manifests]
            public static partial class Infra
            {
                private static readonly StatefulApp Shared = StatefulApp.Named("shared");

                public static StatefulApp Db => Shared;
            }
            """);

        Assert.Contains("\"Db\", null, \"/src/Infra.cs\", 8, static () => global::Infra.Db),", text);
    }

    [Fact]
    public void The_table_form_of_a_large_registry_carries_the_calls_of_each_entry()
    {
        var members = string.Join("\n", Enumerable.Range(0, 70).Select(i =>
            $"    public static StatefulApp App{i} => StatefulApp.Named(\"app{i}\"){(i == 5 ? ".Replicas(3)" : string.Empty)};"));
        var text = Registry("using Berth;\n\n[Manifests]\npublic static partial class Infra\n{\n" + members + "\n}\n");

        Assert.Contains("CreateEntries()", text);
        Assert.Contains("var calls = \"StatefulApp.Named:6:51|StatefulApp.Named:7:51|", text);
        Assert.Contains("|StatefulApp.Named:11:51;StatefulApp.Replicas:11:65|", text);
        Assert.Contains("calls[i].Length == 0 ? null : new global::Berth.Registry.SourceCallTable(calls[i])", text);
    }
}
