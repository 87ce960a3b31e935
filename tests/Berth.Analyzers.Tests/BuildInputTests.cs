using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Berth.Analyzers.Tests;

/// <summary>
/// BERTH103: a definition that reads an environment variable or a file the project does not declare as a build input
/// (<c>&lt;BerthInput&gt;</c>, handed to the analyzers as <c>build_property._BerthInputs</c> by the package's targets) is
/// reported at the read, naming the member and the line to add; a declared input, a read no definition reaches and a
/// name that is not a constant are not.
/// </summary>
public sealed class BuildInputTests
{
    private const string Id = "BERTH103";

    /// <summary>The global options the package's targets give the compiler, for a project in /src/app.</summary>
    private static string Config(string declared = "") =>
        "is_global = true\nbuild_property.MSBuildProjectDirectory = /src/app\n" + (declared.Length > 0 ? "build_property._BerthInputs = " + declared + "\n" : "");

    private static string Source(string body) => Verify.Usings + "using System.IO;\n\n" + body;

    private static DiagnosticResult Expected(int location, string message) =>
        new DiagnosticResult(Id, DiagnosticSeverity.Warning).WithLocation(location).WithMessage(message);

    private static string EnvMessage(string member, string name) =>
        $"{member} reads the environment variable {name}, which is not declared: add <BerthInput Include=\"env:{name}\" /> to the project so that the build step reruns when it changes";

    private const string ReadsTag = """
        [Manifests]
        public static partial class Infra
        {
            public static StatefulApp Postgres { get; } = StatefulApp.Named("postgres")
                .Container("postgres", "postgres:" + ({|#0:Environment.GetEnvironmentVariable("MYAPP_TAG")|} ?? "16.4"));
        }
        """;

    [Fact]
    public Task An_undeclared_environment_variable_is_reported_at_the_read_with_the_line_to_add() =>
        Verify.Analyzer(Id, Source(ReadsTag), Config(), Expected(0, EnvMessage("Infra.Postgres", "MYAPP_TAG")));

    [Fact]
    public Task A_declared_environment_variable_is_not_reported() =>
        Verify.Analyzer(Id, Source(ReadsTag.Replace("{|#0:", "").Replace("|}", "")), Config("env:OTHER|env:MYAPP_TAG"));

    [Fact]
    public Task The_overload_with_a_target_is_a_read_too() =>
        Verify.Analyzer(Id, Source("""
            [Manifests]
            public static partial class Infra
            {
                public static StatefulApp Postgres { get; } = StatefulApp.Named("postgres")
                    .Container("postgres", "postgres:" + {|#0:Environment.GetEnvironmentVariable("MYAPP_TAG", EnvironmentVariableTarget.Process)|});
            }
            """), Config(), Expected(0, EnvMessage("Infra.Postgres", "MYAPP_TAG")));

    [Fact]
    public Task A_read_two_calls_deep_in_a_helper_is_reported_at_the_read_naming_the_definition() =>
        Verify.Analyzer(Id, Source("""
            [Manifests]
            public static partial class Infra
            {
                public static StatefulApp Postgres => StatefulApp.Named("postgres").Container("postgres", Images.Postgres());
            }

            public static class Images
            {
                public static string Postgres() => "postgres:" + Tag();

                private static string Tag() => {|#0:Environment.GetEnvironmentVariable("MYAPP_TAG")|} ?? "16.4";
            }
            """), Config(), Expected(0, EnvMessage("Infra.Postgres", "MYAPP_TAG")));

    [Fact]
    public Task A_read_no_definition_reaches_is_not_reported() =>
        Verify.Analyzer(Id, Source("""
            [Manifests]
            public static partial class Infra
            {
                public static StatefulApp Postgres { get; } = StatefulApp.Named("postgres").Container("postgres", "postgres:16.4");
            }

            public static class Program
            {
                public static string? Kubeconfig() => Environment.GetEnvironmentVariable("KUBECONFIG") + File.ReadAllText("settings.json");
            }
            """), Config());

    [Fact]
    public Task A_name_that_is_not_a_constant_is_not_seen() =>
        Verify.Analyzer(Id, Source("""
            [Manifests]
            public static partial class Infra
            {
                private static readonly string Name = Guid.NewGuid().ToString();

                public static StatefulApp Postgres => StatefulApp.Named("postgres").Container("postgres", "postgres:" + Environment.GetEnvironmentVariable(Name));
            }
            """), Config());

    [Fact]
    public Task The_cluster_domain_is_always_declared() =>
        Verify.Analyzer(Id, Source("""
            [Manifests]
            public static partial class Infra
            {
                public static StatefulApp Postgres => StatefulApp.Named("postgres").Container("postgres", "postgres:16.4")
                    .InNamespace(Environment.GetEnvironmentVariable("BERTH_CLUSTER_DOMAIN") ?? "data");
            }
            """), Config());

    [Fact]
    public Task Reads_in_a_Customize_lambda_a_static_field_of_a_helper_and_a_variant_method_are_reported() =>
        Verify.Analyzer(Id, Source("""
            public enum Stage { Dev, Prod }

            [Manifests]
            public static partial class Infra
            {
                public static StatefulApp Postgres { get; } = StatefulApp.Named("postgres").Container("postgres", Settings.Image)
                    .Customize(m => m.StatefulSet.Metadata.Annotations = new System.Collections.Generic.Dictionary<string, string> { ["owner"] = {|#0:Environment.GetEnvironmentVariable("OWNER")|} ?? "" });

                public static StatefulApp Redis(Stage stage) => StatefulApp.Named("redis").Container("redis", {|#1:File.ReadAllText("deploy/redis-image.txt")|});
            }

            public static class Settings
            {
                public static readonly string Image = {|#2:Environment.GetEnvironmentVariable("PG_IMAGE")|} ?? "postgres:16.4";
            }
            """), Config(),
            Expected(0, EnvMessage("Infra.Postgres", "OWNER")),
            Expected(1, "Infra.Redis reads the file deploy/redis-image.txt, which is not declared: add <BerthInput Include=\"deploy/redis-image.txt\" /> to the project so that the build step reruns when it changes"),
            Expected(2, EnvMessage("Infra.Postgres", "PG_IMAGE")));

    private const string ReadsFiles = """
        [Manifests]
        public static partial class Infra
        {
            public static StatefulApp Postgres { get; } = StatefulApp.Named("postgres")
                .Container("postgres", {|#0:File.ReadAllText("deploy/tag.txt")|})
                .InNamespace({|#1:new StreamReader("/src/app/deploy/namespace.txt")|}.ReadToEnd())
                .Replicas({|#2:File.Exists("/etc/berth/three")|} ? 3 : 1);
        }
        """;

    [Fact]
    public Task Undeclared_files_are_reported_relative_to_the_project_directory_where_they_are_inside_it() =>
        Verify.Analyzer(Id, Source(ReadsFiles), Config(),
            Expected(0, "Infra.Postgres reads the file deploy/tag.txt, which is not declared: add <BerthInput Include=\"deploy/tag.txt\" /> to the project so that the build step reruns when it changes"),
            Expected(1, "Infra.Postgres reads the file deploy/namespace.txt, which is not declared: add <BerthInput Include=\"deploy/namespace.txt\" /> to the project so that the build step reruns when it changes"),
            Expected(2, "Infra.Postgres reads the file /etc/berth/three, which is not declared: add <BerthInput Include=\"/etc/berth/three\" /> to the project so that the build step reruns when it changes"));

    [Fact]
    public Task Declared_files_compare_by_their_full_path() =>
        Verify.Analyzer(Id, Source(ReadsFiles), Config("/src/app/deploy/tag.txt|/src/app/deploy/namespace.txt|env:X"),
            Expected(2, "Infra.Postgres reads the file /etc/berth/three, which is not declared: add <BerthInput Include=\"/etc/berth/three\" /> to the project so that the build step reruns when it changes"));
}
