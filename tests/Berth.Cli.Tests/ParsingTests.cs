using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Berth.Cli.Commands;
using Berth.Cli.Output;
using Berth.Cli.Tests.Support;
using Xunit;

namespace Berth.Cli.Tests;

/// <summary>The command line: help, usage errors (exit code 2), option values.</summary>
public sealed class ParsingTests
{
    [Fact]
    public async Task Help_lists_every_command_and_the_global_options()
    {
        var result = (await Tool.RunAsync("--help")).Expect(0);
        Assert.Contains("berth [command] [options]", result.Out);
        foreach (var command in new[] { "render", "validate", "apply", "diff", "status", "scale", "set", "rollout", "delete", "claims", "resize", "rbac" })
            Assert.Contains("  " + command, result.Out);
        foreach (var option in new[] { "--project", "--assembly", "--variant", "--kubeconfig", "--context", "-n, --namespace", "--verbose" })
            Assert.Contains(option, result.Out);
        Assert.Empty(result.Err);
    }

    [Theory]
    [InlineData("apply --help", "--dry-run", "--wait", "--recreate-on-immutable-change")]
    [InlineData("rollout --help", "status <app>", "history <app>", "undo <app>", "restart <app>")]
    [InlineData("rollout undo --help", "--to-revision", "--wait", "--fix-stuck", "--timeout", "--progress-deadline")]
    [InlineData("delete --help", "--cascade", "--delete-claims", "--yes", "--no-wait")]
    [InlineData("scale --help", "<replicas>", "--delete-claims", "--yes", "--timeout")]
    [InlineData("claims --help", "list <app>", "prune <app> <claim>")]
    [InlineData("claims prune --help", "<claim>", "-y, --yes")]
    [InlineData("set image --help", "<container=image>", "--wait")]
    [InlineData("render --help", "-o, --output", "<app>")]
    public async Task Command_help_shows_its_arguments_and_options(string command, params string[] expected)
    {
        var result = (await Tool.RunAsync(command.Split(' '))).Expect(0);
        foreach (var text in expected)
            Assert.Contains(text, result.Out);
    }

    [Fact]
    public async Task No_arguments_shows_help_and_is_a_usage_error()
    {
        var result = (await Tool.RunAsync(Array.Empty<string>())).Expect(ExitCodes.Usage);
        Assert.Contains("Commands:", result.Out);
    }

    [Theory]
    [InlineData("bogus", "Unrecognized command or argument 'bogus'", "Run 'berth --help'")]
    [InlineData("scale web", "Required argument missing", "Run 'berth scale --help'")]
    [InlineData("scale web many", "error: replicas must be a whole number, got 'many'", "Run 'berth scale --help'")]
    [InlineData("scale web 2.5", "error: replicas must be a whole number, got '2.5'", "Run 'berth scale --help'")]
    [InlineData("rollout history web --revision latest", "error: --revision must be a whole number, got 'latest'", "Run 'berth rollout history --help'")]
    [InlineData("rollout undo web --to-revision x", "error: --to-revision must be a whole number, got 'x'", "Run 'berth rollout undo --help'")]
    [InlineData("apply --timeout forever", "error: --timeout must be a duration such as 90s, 5m or 1m30s, got 'forever'", "Run 'berth apply --help'")]
    [InlineData("rollout status web --progress-deadline 5y", "error: --progress-deadline must be a duration such as 90s, 5m or 1m30s, got '5y'", "Run 'berth rollout status --help'")]
    [InlineData("scale web -1", "replicas must be 0 or more", "Run 'berth scale --help'")]
    [InlineData("rollout undo", "Required argument missing", "Run 'berth rollout undo --help'")]
    [InlineData("delete web --cascade sideways", "sideways", "Run 'berth delete --help'")]
    [InlineData("set image web postgres", "'postgres' is not container=image", "Run 'berth set image --help'")]
    [InlineData("rollout status web --timeout soon", "error: --timeout must be a duration such as 90s, 5m or 1m30s, got 'soon'", "Run 'berth rollout status --help'")]
    public async Task Bad_command_lines_are_usage_errors_with_one_line_each(string command, string message, string hint)
    {
        var result = (await Tool.RunAsync(command.Split(' '))).Expect(ExitCodes.Usage);
        Assert.Contains(message, result.Err);
        Assert.Contains(hint, result.Err);
        Assert.Empty(result.Out);
        Assert.DoesNotContain("   at ", result.Err);
        Assert.DoesNotContain("System.", result.Err);
    }

    [Fact]
    public void Every_number_duration_or_enum_argument_and_option_has_a_parser_that_says_what_it_expects()
    {
        var root = new CliApp(CliConsole.Create(TextWriter.Null, TextWriter.Null), Tool.EmptyDirectory).Root;
        var typed = Symbols(root).Where(s => ValueType(s) is var t && t != typeof(string) && t != typeof(string[]) && t != typeof(bool) && t != typeof(void)).ToList();
        Assert.Contains(typed, s => s.Name == "replicas");
        Assert.Contains(typed, s => s.Name == "--timeout");
        Assert.Contains(typed, s => s.Name == "--revision");
        foreach (var symbol in typed)
        {
            Assert.True(symbol.GetType().GetProperty("CustomParser")?.GetValue(symbol) is not null, $"{symbol.Name} ({symbol.GetType()}, {ValueType(symbol)}) has no parser with a worded error");
        }
    }

    private static Type ValueType(Symbol symbol) => symbol switch
    {
        Argument a => a.ValueType,
        Option o => o.ValueType,
        _ => typeof(void),
    };

    private static IEnumerable<Symbol> Symbols(Command command) =>
        command.Arguments.Cast<Symbol>().Concat(command.Options).Concat(command.Subcommands.SelectMany(Symbols));

    private enum Shade
    {
        Light,
        DarkGrey,
    }

    [Fact]
    public void Enum_options_name_their_values_in_the_error_and_take_any_case()
    {
        var shade = new Option<Shade>("--shade");
        var count = new Option<int?>("--count");
        var command = new Command("paint") { shade, count };
        CommonOptions.UseWordedParsers(command);

        var bad = command.Parse("--shade purple");
        Assert.Equal("--shade must be one of light, darkgrey, got 'purple'", Assert.Single(bad.Errors).Message);
        var good = command.Parse("--shade DARKGREY --count -3");
        Assert.Empty(good.Errors);
        Assert.Equal(Shade.DarkGrey, good.GetValue(shade));
        Assert.Equal(-3, good.GetValue(count));
        Assert.Equal("--count must be a whole number, got '3x'", Assert.Single(command.Parse("--count 3x").Errors).Message);
    }

    [Fact]
    public async Task Definitions_commands_without_a_project_say_how_to_name_one()
    {
        var result = (await Tool.RunAsync("render")).Expect(ExitCodes.Usage);
        Assert.Equal($"error: no definitions: {Tool.EmptyDirectory} has no project; pass --project <file.csproj> or --assembly <file.dll>", result.Err.Trim());
    }

    [Fact]
    public async Task Assembly_and_project_together_are_a_usage_error()
    {
        var result = (await Tool.RunAsync("validate", "--assembly", Tool.FixtureAssembly, "--project", Tool.FixtureProject)).Expect(ExitCodes.Usage);
        Assert.Contains("--assembly and --project both name the definitions", result.Err);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("1m30s", 90)]
    [InlineData("1h", 3600)]
    [InlineData("250ms", 0.25)]
    [InlineData("45", 45)]
    public void Durations_parse_like_kubectl(string text, double seconds)
    {
        Assert.True(CommonOptions.TryParseDuration(text, out var value));
        Assert.Equal(seconds, value.TotalSeconds, 3);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("5x")]
    [InlineData("-3")]
    public void Bad_durations_do_not_parse(string text) => Assert.False(CommonOptions.TryParseDuration(text, out _));

    [Theory]
    [InlineData("Authorization: Bearer abcdef123456", "Authorization: ***")]
    [InlineData("header Bearer eyJhbGciOiJSUzI1NiJ9.payload.sig end", "header Bearer *** end")]
    [InlineData("token: s3cr3t-t0ken", "token: ***")]
    [InlineData("password=hunter22 and more", "password=*** and more")]
    [InlineData("client-key-data: LS0tLS1CRUdJTiBSU0", "client-key-data: ***")]
    [InlineData("statefulset/web in namespace shop: not found", "statefulset/web in namespace shop: not found")]
    public void Secrets_are_redacted_from_error_output(string text, string expected) => Assert.Equal(expected, Secrets.Redact(text));

    [Theory]
    [InlineData("scale web 2 --yes", "--yes confirms --delete-claims; without --delete-claims scale deletes no claim")]
    [InlineData("delete web --yes", "--yes confirms --delete-claims; without --delete-claims delete deletes no claim")]
    [InlineData("scale web 2 --delete-claims --no-wait", "--delete-claims waits for the removed pods to go before deleting their claims; drop --no-wait")]
    public async Task Claim_flags_that_do_not_go_together_are_usage_errors_naming_the_flags(string command, string message)
    {
        var result = (await Tool.RunAsync(command.Split(' '))).Expect(ExitCodes.Usage);
        Assert.Equal("error: " + message, result.Err.Trim());
    }

    [Fact]
    public void Plain_progress_lines_name_the_pod_state_and_revision()
    {
        var pod = new Berth.Client.PodProgress { Ordinal = 2, Name = "postgres-2", Exists = true, Ready = true, Phase = "Running", Revision = "postgres-5d8f7c9b6", Updated = true, ShouldUpdate = true };
        Assert.Equal("postgres-2  Ready        rev 5d8f7c9b6", RolloutView.PlainLine("postgres", pod, 10));
        var old = pod with { Ready = false, Updated = false, Reason = "Running but not Ready" };
        Assert.Equal("postgres-2  Running      rev 5d8f7c9b6 (old)  Running but not Ready", RolloutView.PlainLine("postgres", old, 10));
        var missing = new Berth.Client.PodProgress { Ordinal = 3, Name = "postgres-3", Exists = false, Reason = "not created yet" };
        Assert.Equal("postgres-3  Waiting      rev -  not created yet", RolloutView.PlainLine("postgres", missing, 10));
    }
}
