using System.Linq;
using Xunit;

namespace Berth.Generator.Tests;

/// <summary>Golden-file tests of the generated code (Golden/*.generated.cs.txt).</summary>
public sealed class GeneratedCodeTests
{
    private static string Generate(string golden, bool withClient, string source)
    {
        var (_, result) = Harness.Run(Harness.Compile(withClient, ("/src/Infra.cs", source)));
        var text = Harness.GeneratedText(result);
        Golden.Match(golden, text);
        return text;
    }

    [Fact]
    public void Several_apps_in_a_namespace_get_registry_entries_with_source_lines_and_typed_identities()
    {
        var text = Generate("SeveralAppsInNamespace", withClient: false, """
            using Berth;

            namespace Shop.Platform;

            [Manifests]
            public static partial class Infra
            {
                public static StatefulApp Postgres { get; } = StatefulApp.Named("postgres")
                    .InNamespace("data")
                    .Replicas(3)
                    .InitContainer("init-perms", "busybox:1.36")
                    .Container("postgres", "postgres:16.4", c => c.Port("pg", 5432).Mount("data", "/var/lib/postgresql/data"))
                    .Container("metrics-exporter", "prometheuscommunity/postgres-exporter:v0.15.0", c => c.Port("metrics", 9187))
                    .VolumeClaim("data", "20Gi");

                public static readonly StatefulApp Redis = StatefulApp.Named("redis").InNamespace("cache")
                    .Container("redis", "redis:7.4", c => c.Port("redis", 6379));

                public static StatefulApp Scratch() => StatefulApp.Named("scratch").Container("main", "busybox");

                // Not apps: not public, not static, or not a StatefulApp.
                private static StatefulApp Hidden => StatefulApp.Named("hidden");
                public static string ConnectionString => "Host=" + Postgres.ServiceHost;
                public static StatefulApp WithReplicas(int replicas) => Postgres.Replicas(replicas);
            }
            """);

        Assert.Contains("new global::Berth.Registry.ManifestEntry(\"Shop.Platform.Infra\", \"Postgres\", null, \"/src/Infra.cs\", 8,", text);
        Assert.Contains("public const string InitPerms = \"init-perms\";", text);
        Assert.DoesNotContain("Hidden", text);
        Assert.DoesNotContain("WithReplicas", text);
    }

    [Fact]
    public void Nested_and_generic_containing_types_are_redeclared_and_generic_ones_get_no_registry()
    {
        var text = Generate("NestedAndGenericContainingTypes", withClient: true, """
            using Berth;

            namespace Shop;

            public partial class Outer
            {
                [Manifests]
                public static partial class Infra
                {
                    public static StatefulApp Kafka => StatefulApp.Named("kafka").Container("kafka", "apache/kafka:3.8.0", c => c.Port("broker", 9092));
                }
            }

            public partial record Templates<TTenant>
            {
                [Manifests]
                internal static partial class PerTenant
                {
                    public static StatefulApp Cache => StatefulApp.Named("cache").Container("redis", "redis:7.4");
                }
            }
            """);

        Assert.Contains("partial record Templates<TTenant>", text);
        Assert.DoesNotContain("PerTenant_ManifestRegistry", text);
        Assert.DoesNotContain("PerTenantClient", text);
        Assert.Contains("public sealed partial class OuterInfraClient", text);
    }

    [Fact]
    public void Global_namespace_and_an_empty_manifests_class_give_an_empty_registry_and_no_identities()
    {
        var text = Generate("EmptyClassInGlobalNamespace", withClient: false, """
            [Berth.Manifests]
            internal sealed partial class NothingYet
            {
            }
            """);

        Assert.Contains("global::System.Array.Empty<global::Berth.Registry.ManifestEntry>()", text);
        Assert.Contains("typeof(global::Berth.Generated.NothingYet_ManifestRegistry)", text);
        Assert.DoesNotContain("Identities.g.cs", text);
    }

    [Fact]
    public void A_member_with_an_enum_parameter_declares_one_registry_entry_per_variant_in_kebab_case_folders()
    {
        var text = Generate("Variants", withClient: true, """
            using Berth;

            namespace Shop;

            public enum Stage { Dev, Prod, StagingEu }

            [Manifests]
            public static partial class Environments
            {
                public static StatefulApp Postgres(Stage stage) => StatefulApp.Named("postgres")
                    .Replicas(stage == Stage.Prod ? 3 : 1)
                    .Container("postgres", stage == Stage.Prod ? "postgres:16.4" : "postgres:16", c => c.Port("pg", 5432));

                public static StatefulApp Shared { get; } = StatefulApp.Named("shared").Container("shared", "busybox");
            }
            """);

        Assert.Contains("\"Postgres\", \"dev\",", text);
        Assert.Contains("\"Postgres\", \"staging-eu\",", text);
        Assert.Contains("global::Shop.Environments.Postgres(global::Shop.Stage.StagingEu)", text);
        Assert.Contains("ApplyAllAsync(global::Shop.Stage stage,", text);
    }

    [Fact]
    public void Typed_client_has_a_property_per_app_both_constructors_and_ApplyAllAsync_when_Berth_Client_is_referenced()
    {
        var text = Generate("TypedClient", withClient: true, """
            using Berth;

            namespace Shop;

            [Manifests]
            public static partial class Infra
            {
                public static StatefulApp Postgres { get; } = StatefulApp.Named("postgres").Container("postgres", "postgres:16.4");
                public static StatefulApp Redis() => StatefulApp.Named("redis").Container("redis", "redis:7.4");
            }
            """);

        Assert.Contains("public global::Berth.Client.StatefulAppClient Postgres => _client.For(global::Shop.Infra.Postgres);", text);
        Assert.Contains("public InfraClient(string? kubeconfigPath = null, string? context = null)", text);
        Assert.Contains("public global::System.Threading.Tasks.Task<global::System.Collections.Generic.IReadOnlyList<global::Berth.Client.ApplyResult>> ApplyAllAsync(", text);
    }

    [Fact]
    public void Without_Berth_Client_no_typed_client_is_generated()
    {
        var (_, result) = Harness.Run(Harness.Compile(false, ("/src/Infra.cs", """
            [Berth.Manifests]
            public static partial class Infra
            {
                public static Berth.StatefulApp Postgres => Berth.StatefulApp.Named("postgres");
            }
            """)));

        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName.EndsWith(".Client.g.cs"));
        Assert.Contains(result.GeneratedSources, s => s.HintName == "Infra.Registry.g.cs");
    }

    [Fact]
    public void Identities_follow_a_private_shared_base_but_not_apps_that_are_only_read()
    {
        var text = Generate("SharedBase", withClient: false, """
            using Berth;

            namespace Coordination;

            [Manifests]
            public static partial class Ensemble
            {
                private static StatefulApp Base => StatefulApp.Named("zk").InNamespace("coord").Replicas(3).PublishNotReadyAddresses();

                public static StatefulApp ZooKeeper => Base
                    .Container("zookeeper", "zookeeper:3.9.2", c => c
                        .Port("client", 2181).Port("follower", 2888).Port("election", 3888)
                        .Env("ZOO_SERVERS", Base.PeerList(" ")))
                    .VolumeClaim("data", "10Gi");

                public static StatefulApp Kafka => StatefulApp.Named("kafka").InNamespace("coord")
                    .Container("kafka", "apache/kafka:3.8.0", c => c.Env("ZK", ZooKeeper.ServiceHost));
            }
            """);

        Assert.Contains("public const string AppName = \"zk\";", text);
        Assert.Contains("ClaimOfPod", text);
        // Kafka reads ZooKeeper.ServiceHost: it does not inherit ZooKeeper's containers.
        var kafka = text[text.IndexOf("class KafkaIdentity", System.StringComparison.Ordinal)..];
        Assert.DoesNotContain("Zookeeper", kafka);
    }

    [Fact]
    public void Identities_come_from_calls_that_bind_to_the_DSL_not_from_methods_with_the_same_name()
    {
        var text = Generate("SameNames", withClient: false, """
            using Berth;

            namespace Shop;

            [Manifests]
            public static partial class Infra
            {
                public static StatefulApp Db => StatefulApp.Named("db")
                    .Container("postgres", "postgres:16.4", c => c.Port("pg", 5432).Env("ROLE", Port("ghost-port", 1)).Env("TIER", InitContainer("ghost-init")));

                private static string InitContainer(string name) => name;

                private static string Port(string name, int number) => name + number;
            }
            """);

        Assert.Contains("public const string Postgres = \"postgres\";", text);
        Assert.Contains("public const int Pg = 5432;", text);
        Assert.DoesNotContain("ghost", text);
    }

    [Fact]
    public void A_non_partial_manifests_class_still_gets_its_registry()
    {
        var (_, result) = Harness.Run(Harness.Compile(false, ("/src/Infra.cs", """
            [Berth.Manifests]
            public static class Infra
            {
                public static Berth.StatefulApp Postgres => Berth.StatefulApp.Named("postgres").Container("postgres", "postgres:16.4");
            }
            """)));

        Assert.Equal(new[] { "Infra.Registry.g.cs" }, result.GeneratedSources.Select(s => s.HintName));
    }

    [Fact]
    public void Source_files_under_the_project_directory_are_recorded_relative_to_it()
    {
        var compilation = Harness.Compile(false,
            ("/home/dev/shop/Infra/Apps.cs", "[Berth.Manifests] public static class Infra { public static Berth.StatefulApp Db => Berth.StatefulApp.Named(\"db\"); }"),
            ("/home/dev/shared/Other.cs", "[Berth.Manifests] public static class Other { public static Berth.StatefulApp Cache => Berth.StatefulApp.Named(\"cache\"); }"));
        var (_, result) = Harness.Run(compilation, Harness.CreateDriver(projectDirectory: "/home/dev/shop/"));
        var text = Harness.GeneratedText(result);

        Assert.Contains("new global::Berth.Registry.ManifestEntry(\"Infra\", \"Db\", null, \"Infra/Apps.cs\", 1,", text);
        Assert.Contains("new global::Berth.Registry.ManifestEntry(\"Other\", \"Cache\", null, \"/home/dev/shared/Other.cs\", 1,", text);
    }

    [Fact]
    public void Names_that_are_not_identifiers_become_unique_pascal_case_constants()
    {
        var identifiers = ManifestsGenerator.Emitter.Identifiers(new[] { "init-perms", "init_perms", "9p", "Containers", "a.b" }, "Containers");
        Assert.Equal(new[] { "InitPerms", "InitPerms_2", "_9p", "Containers_2", "AB" }, identifiers);
    }

    [Theory]
    [InlineData("Dev", "dev")]
    [InlineData("StagingEu", "staging-eu")]
    [InlineData("PROD", "prod")]
    [InlineData("HAProxy", "ha-proxy")]
    [InlineData("Eu_West2", "eu-west2")]
    public void Variant_folders_are_kebab_case_enum_member_names(string member, string folder) =>
        Assert.Equal(folder, ManifestsGenerator.Parser.ToFolderName(member));
}
