using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Berth.Cli.Tests.Support;
using Xunit;

namespace Berth.Cli.Tests;

/// <summary>render and validate against the fixture library (no cluster).</summary>
public sealed class DefinitionTests
{
    private static readonly string Assembly = Tool.FixtureAssembly;

    [Fact]
    public async Task Render_writes_the_yaml_of_one_app_to_stdout_in_apply_order()
    {
        var result = (await Tool.RunAsync("render", "web", "--assembly", Assembly)).Expect(0);
        var kinds = result.Out.Split('\n').Where(l => l.StartsWith("kind: ", StringComparison.Ordinal)).Select(l => l[6..]).ToArray();
        Assert.Equal(new[] { "Service", "StatefulSet" }, kinds);
        Assert.Contains("clusterIP: None", result.Out);
        Assert.Contains("storage: 1Gi", result.Out);
        Assert.Contains("protocol: TCP", result.Out);
        // Warnings go to stderr, so stdout is only YAML.
        Assert.Contains("warning BERTH055", result.Err);
        Assert.DoesNotContain("BERTH", result.Out);
    }

    [Fact]
    public async Task Render_by_member_name_and_variant()
    {
        var dev = (await Tool.RunAsync("render", "Queue", "--variant", "dev", "--assembly", Assembly)).Expect(0);
        var prod = (await Tool.RunAsync("render", "queue", "--variant", "prod", "--assembly", Assembly)).Expect(0);
        Assert.Contains("replicas: 1", dev.Out);
        Assert.Contains("replicas: 2", prod.Out);
    }

    [Fact]
    public async Task Render_to_a_folder_lays_out_variants_like_the_build()
    {
        var dir = Directory.CreateTempSubdirectory("berth-render-").FullName;
        var result = (await Tool.RunAsync("render", "web", "queue", "--assembly", Assembly, "-o", dir)).Expect(0);
        var files = Directory.EnumerateFiles(dir, "*.yaml", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/')).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "dev/queue.yaml", "dev/web.yaml", "prod/queue.yaml", "prod/web.yaml" }, files);
        Assert.Contains("4 file(s) and index.json written to", result.Err);
        var stdout = (await Tool.RunAsync("render", "web", "--assembly", Assembly)).Expect(0).Out;
        Assert.Equal(stdout, File.ReadAllText(Path.Combine(dir, "prod/web.yaml")));

        // index.json as the build writes it: status and every file with its app
        using (var index = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "index.json"))))
        {
            Assert.Equal("ok", index.RootElement.GetProperty("status").GetString());
            Assert.Equal(files, index.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("file").GetString()).OrderBy(f => f, StringComparer.Ordinal));
        }

        // Rendering again into the folder removes what no app writes any more, as the build does.
        var again = (await Tool.RunAsync("render", "web", "--assembly", Assembly, "-o", dir)).Expect(0);
        Assert.Equal(new[] { "web.yaml" }, Directory.EnumerateFiles(dir, "*.yaml", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir, f)));
        Assert.Contains("deleted dev/queue.yaml: no app writes it any more", again.Err);
        Assert.Equal(stdout, File.ReadAllText(Path.Combine(dir, "web.yaml")));
    }

    [Fact]
    public async Task Diff_against_a_folder_compares_offline_field_by_field_and_gates_with_exit_code()
    {
        var dir = Directory.CreateTempSubdirectory("berth-against-").FullName;
        (await Tool.RunAsync("render", "web", "queue", "--assembly", Assembly, "-o", dir)).Expect(0);
        string[] Diff(params string[] more) => new[] { "diff", "web", "queue", "--assembly", Assembly, "--against", dir, "--exit-code" }.Concat(more).ToArray();

        var same = (await Tool.RunAsync(Diff())).Expect(0);
        Assert.Contains("no differences: the 4 rendered file(s) match", same.Out);

        // Formatting is not a difference (a comment, quotes); a value is, named by object and field.
        var prodQueue = Path.Combine(dir, "prod/queue.yaml");
        File.WriteAllText(prodQueue, "# committed by CI\n" + File.ReadAllText(prodQueue).Replace("replicas: 2", "replicas: 5", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(dir, "dev/web.yaml"), File.ReadAllText(Path.Combine(dir, "dev/web.yaml")).Replace("name: web", "name: \"web\"", StringComparison.Ordinal));
        File.Delete(Path.Combine(dir, "dev/queue.yaml"));
        var changed = (await Tool.RunAsync(Diff())).Expect(1);
        var lines = changed.Out.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Contains("prod/queue.yaml: differs", lines);
        Assert.Contains("  statefulset/queue:", lines);
        Assert.Contains("    ~ spec.replicas: 5 -> 2", lines);
        Assert.Contains("dev/queue.yaml: would be created", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("dev/web.yaml", StringComparison.Ordinal));
        Assert.Contains("2 file(s) differ from " + dir, changed.Out);
        (await Tool.RunAsync(Diff().Take(Diff().Length - 1).ToArray())).Expect(0); // without --exit-code: 0

        // Without index.json every YAML file of the folder counts: one no app renders is reported.
        File.Delete(Path.Combine(dir, "index.json"));
        File.WriteAllText(Path.Combine(dir, "old.yaml"), "apiVersion: v1\nkind: Service\nmetadata:\n  name: old\n");
        var stale = (await Tool.RunAsync(Diff())).Expect(1);
        Assert.Contains("old.yaml: no app renders it any more", stale.Out);

        var missing = (await Tool.RunAsync("diff", "web", "--assembly", Assembly, "--against", Path.Combine(dir, "nope"), "--exit-code")).Expect(2);
        Assert.Contains("no such folder", missing.Err);
    }

    [Fact]
    public async Task Render_of_several_variants_to_stdout_asks_for_one()
    {
        var result = (await Tool.RunAsync("render", "queue", "--assembly", Assembly)).Expect(ExitCodes.Usage);
        Assert.Contains("choose one with --variant", result.Err);
    }

    [Fact]
    public async Task Render_refuses_definitions_with_errors_and_writes_nothing()
    {
        var result = (await Tool.RunAsync("render", "db", "--assembly", Assembly)).Expect(1);
        Assert.Contains("error BERTH011: db: container \"db\" mounts \"data\"", result.Err);
        Assert.Contains("error: 1 error(s) in the definitions; nothing rendered", result.Err);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task Validate_reports_every_problem_at_its_source_line_and_fails()
    {
        var result = (await Tool.RunAsync("validate", "--assembly", Assembly)).Expect(1);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("Apps.cs(", StringComparison.Ordinal) && l.Contains("): error BERTH011: db: container \"db\" mounts \"data\"", StringComparison.Ordinal) && l.EndsWith("BERTH011.md]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("error: Broken.Thrower threw InvalidOperationException: no image configured for this environment", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("warning BERTH055: web:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("info BERTH058", StringComparison.Ordinal));
        Assert.Equal("5 app(s) checked: 2 error(s), 5 warning(s)", lines[^1]);
    }

    [Fact]
    public async Task Validate_of_good_apps_succeeds()
    {
        var result = (await Tool.RunAsync("validate", "web", "Queue", "--assembly", Assembly)).Expect(0);
        Assert.Contains("0 error(s)", result.Out);
        Assert.DoesNotContain("BERTH011", result.Out);
    }

    [Fact]
    public async Task Unknown_apps_and_variants_are_usage_errors_that_list_what_exists()
    {
        var app = (await Tool.RunAsync("render", "nosuch", "--assembly", Assembly)).Expect(ExitCodes.Usage);
        Assert.Contains("no app named \"nosuch\" in Berth.Cli.Fixture.dll; apps: db (Broken.Db), queue (Shop.Queue (dev)), queue (Shop.Queue (prod)), web (Shop.Web)", app.Err);
        Assert.Contains("Broken.Thrower threw", app.Err);
        var variant = (await Tool.RunAsync("render", "queue", "--variant", "staging", "--assembly", Assembly)).Expect(ExitCodes.Usage);
        Assert.Contains("no variant \"staging\" in Berth.Cli.Fixture.dll; variants: dev, prod", variant.Err);
    }

    [Fact]
    public async Task A_missing_assembly_is_one_clear_line()
    {
        var result = (await Tool.RunAsync("render", "--assembly", "/nonexistent/app.dll")).Expect(1);
        Assert.Equal("error: the assembly /nonexistent/app.dll does not exist; build the project first, or pass --project", result.Err.Trim());
    }

    [Fact]
    public async Task Project_is_built_and_loaded_with_the_reference_paths_msbuild_reports()
    {
        // A class library: its package dependencies are not in its bin folder, only in MSBuild's reference paths.
        var directory = Path.GetDirectoryName(Tool.FixtureProject)!;
        // The tests' own configuration, so the build is incremental rather than a second full build.
        var result = (await Tool.RunAsync(new[] { "validate", "web", "-c", Tool.Configuration }, directory)).Expect(0);
        Assert.Contains("Building Berth.Cli.Fixture.csproj...", result.Err);
        Assert.Contains("1 app(s) checked: 0 error(s)", result.Out);
    }

    [Fact]
    public async Task An_empty_manifests_class_says_it_has_no_apps_and_how_to_declare_one()
    {
        const string source = """
            using Berth;

            namespace Shop;

            [Manifests]
            public static partial class Infra
            {
                public static int NotAnApp => 1;
            }
            """;
        using var project = TempProject.Create(source);
        var result = (await Tool.RunAsync(new[] { "validate" }, project.Directory)).Expect(1);
        Assert.Contains("error: Infra.dll: the [Manifests] class Shop.Infra has no apps; declare each app as a public static StatefulApp property or method", result.Err);
        Assert.DoesNotContain("mark a static class with [Manifests]", result.Err);
    }

    [Fact]
    public async Task A_target_kubernetes_version_checks_the_fields_and_picks_the_budget_api_version()
    {
        const string source = """
            using Berth;

            namespace Shop;

            [Manifests]
            public static partial class Infra
            {
                public static StatefulApp Db { get; } = StatefulApp.Named("db").Replicas(3)
                    .Container("db", "postgres:16.4", c => c.Port("pg", 5432).Readiness(Probe.Tcp("pg"))
                        .Requests(cpu: "50m", memory: "64Mi").Limits(memory: "128Mi"))
                    .DisruptionBudget(maxUnavailable: 1);

                public static StatefulApp Zk { get; } = StatefulApp.Named("zk").Replicas(3).StartOrdinal(1)
                    .Container("zk", "zookeeper:3.9", c => c.Port("client", 2181).Readiness(Probe.Tcp("client"))
                        .Requests(cpu: "50m", memory: "64Mi").Limits(memory: "128Mi"));
            }
            """;
        using var project = TempProject.Create(source);

        var old = (await Tool.RunAsync(new[] { "render", "db", "--kubernetes-version", "1.20" }, project.Directory)).Expect(0);
        Assert.Contains("apiVersion: policy/v1beta1\n", old.Out, StringComparison.Ordinal);
        var current = (await Tool.RunAsync(new[] { "render", "db", "--kubernetes-version", "1.29" }, project.Directory)).Expect(0);
        Assert.Contains("apiVersion: policy/v1\n", current.Out, StringComparison.Ordinal);

        var refused = (await Tool.RunAsync(new[] { "validate", "--kubernetes-version", "1.20" }, project.Directory)).Expect(1);
        Assert.Contains("error BERTH100: zk: spec.ordinals.start (StartOrdinal(...)) needs Kubernetes 1.26 or later (on by default from 1.27), but the target version is 1.20", refused.Out, StringComparison.Ordinal);
        var alpha = (await Tool.RunAsync(new[] { "validate", "zk", "--kubernetes-version", "1.26" }, project.Directory)).Expect(0);
        Assert.Contains("warning BERTH101: zk: spec.ordinals.start", alpha.Out, StringComparison.Ordinal);
        var unchecked_ = (await Tool.RunAsync(new[] { "validate", "zk" }, project.Directory)).Expect(0);
        Assert.DoesNotContain("BERTH10", unchecked_.Out, StringComparison.Ordinal);
        var unreadable = (await Tool.RunAsync(new[] { "validate", "zk", "--kubernetes-version", "latest" }, project.Directory)).Expect(1);
        Assert.Contains("error BERTH102: zk: the target Kubernetes version \"latest\" is not a version such as 1.29", unreadable.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifests_classes_are_found_in_the_metadata_without_running_anything()
    {
        Assert.Equal(new[] { "Berth.Cli.Fixture.Broken", "Berth.Cli.Fixture.Shop" }, Berth.Cli.Definitions.DefinitionLoader.ManifestsTypes(Assembly));
        Assert.Empty(Berth.Cli.Definitions.DefinitionLoader.ManifestsTypes(typeof(Program).Assembly.Location));
    }

    [Fact]
    public async Task Validate_honours_the_projects_pragmas_and_editorconfig_as_the_build_does()
    {
        // BERTH051 (no readiness probe) is a warning at the member (line 8).
        const string source = """
            using Berth;

            namespace Shop;

            [Manifests]
            public static class Infra
            {
                public static StatefulApp Db => StatefulApp.Named("db").Replicas(3).SpreadAcrossNodes()
                    .Container("db", "postgres:16.4", c => c.Requests(cpu: "1", memory: "1Gi").Limits(memory: "1Gi"));
            }
            """;
        using var project = TempProject.Create(source);
        // The package's targets, imported as NuGet imports buildTransitive/ (after the project).
        var targets = Path.Combine(Path.GetDirectoryName(Tool.FixtureProject)!, "..", "..", "..", "src", "Berth", "buildTransitive", "Berth.targets");
        File.WriteAllText(Path.Combine(project.Directory, "Directory.Build.targets"), $"""<Project><Import Project="{Path.GetFullPath(targets)}" /></Project>""");

        var plain = (await Tool.RunAsync(new[] { "validate", "--no-cache" }, project.Directory)).Expect(0);
        Assert.Contains("Infra.cs(8,1): warning BERTH051:", plain.Out);

        File.WriteAllText(Path.Combine(project.Directory, "Infra.cs"), source.Replace("using Berth;\n\n", "using Berth;\n#pragma warning disable BERTH051\n"));
        var pragma = (await Tool.RunAsync(new[] { "validate", "--no-cache" }, project.Directory)).Expect(0);
        Assert.DoesNotContain("BERTH051", pragma.Out);
        Assert.Contains("1 app(s) checked: 0 error(s), 0 warning(s)", pragma.Out);

        File.WriteAllText(Path.Combine(project.Directory, "Infra.cs"), source);
        File.WriteAllText(Path.Combine(project.Directory, ".editorconfig"), "root = true\n[*.cs]\ndotnet_diagnostic.BERTH051.severity = error\n");
        var raised = (await Tool.RunAsync(new[] { "validate", "--no-cache" }, project.Directory)).Expect(1);
        Assert.Contains("Infra.cs(8,1): error BERTH051:", raised.Out);
    }

    [Fact]
    public async Task Validate_reports_a_value_only_the_build_step_knows_at_the_call_that_set_it_as_the_build_does()
    {
        // Line 10: the claim size is computed (the analyzers cannot see it); the call's name is at column 10.
        const string source = """
            using Berth;

            namespace Shop;

            [Manifests]
            public static class Infra
            {
                public static StatefulApp Db => StatefulApp.Named("db").Replicas(3).SpreadAcrossNodes()
                    .Container("db", "postgres:16.4")
                    .VolumeClaim("data", Size());

                public static StatefulApp Looped
                {
                    get
                    {
                        var app = StatefulApp.Named("looped").Container("main", "busybox:1.36");
                        foreach (var claim in new[] { "a", "b" })
                            app = app.VolumeClaim(claim, Size());
                        return app;
                    }
                }

                private static string Size() => "20" + "GB";
            }
            """;
        using var project = TempProject.Create(source);

        var result = (await Tool.RunAsync(new[] { "validate", "--no-cache" }, project.Directory)).Expect(1);
        Assert.Contains("Infra.cs(10,10): error BERTH021: db: claim template \"data\" requests storage \"20GB\"", result.Out);
        // Two calls at run time, one in the source: not told apart, so at the member.
        Assert.Contains("Infra.cs(12,1): error BERTH021: looped: claim template \"a\" requests storage \"20GB\"", result.Out);
    }
}
