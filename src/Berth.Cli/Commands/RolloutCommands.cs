using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Threading.Tasks;
using Berth.Cli.Output;
using Berth.Client;

namespace Berth.Cli.Commands;

/// <summary><c>berth rollout status|history|undo|restart|canary</c>.</summary>
internal static class RolloutCommands
{
    public static Command Rollout(CliApp cli) => new("rollout", "Follow, inspect, undo or restart the rollout of a StatefulSet.")
    {
        Status(cli), History(cli), Undo(cli), Restart(cli), Canary(cli),
    };

    private static Command Status(CliApp cli)
    {
        var app = CommonOptions.App();
        var timeout = CommonOptions.Timeout("10m");
        var deadline = CommonOptions.ProgressDeadline();
        var fixStuck = new Option<bool>("--fix-stuck")
        {
            Description = "Delete pods left stuck on an old revision by a broken rollout (kubernetes issue 67250) so the controller recreates them; never pods on the current template.",
        };
        var command = new Command("status", "Wait for the rollout, showing each pod ordinal; understands partitions, OnDelete, maxUnavailable and stuck OrderedReady rollouts.")
        {
            app, timeout, deadline, fixStuck,
        };
        cli.SetHandler(command, async ctx =>
        {
            var client = ctx.ClientFor(await ctx.ResolveAppAsync(ctx.Parse.GetValue(app)!).ConfigureAwait(false));
            var options = ApplyCommands.Rollout(ctx, ctx.Parse.GetValue(timeout), ctx.Parse.GetValue(deadline), ctx.Parse.GetValue(fixStuck));
            await ApplyCommands.WaitAsync(ctx, client, options).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command History(CliApp cli)
    {
        var app = CommonOptions.App();
        var revision = new Option<long?>("--revision") { Description = "Show one revision in detail: images, pods and the changes from the one before.", HelpName = "n" };
        var command = new Command("history", "List the revisions (ControllerRevisions) of the StatefulSet with their images and what changed.") { app, revision };
        cli.SetHandler(command, async ctx =>
        {
            var client = ctx.ClientFor(await ctx.ResolveAppAsync(ctx.Parse.GetValue(app)!).ConfigureAwait(false));
            var history = await client.HistoryAsync(ctx.CancellationToken).ConfigureAwait(false);
            Report.History(ctx.Console, history, ctx.Parse.GetValue(revision));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Undo(CliApp cli)
    {
        var app = CommonOptions.App();
        var toRevision = new Option<long?>("--to-revision") { Description = "The revision to go back to (default: the one before the current).", HelpName = "n" };
        var wait = new Option<bool>("--wait") { Description = "Wait for the rollback to roll out, showing progress per pod ordinal." };
        var fixStuck = new Option<bool>("--fix-stuck")
        {
            Description = "While waiting, delete pods the broken revision left stuck so the rollback converges (kubernetes issue 67250).",
        };
        var timeout = CommonOptions.Timeout("10m");
        var deadline = CommonOptions.ProgressDeadline();
        var command = new Command("undo", "Restore the pod template of an earlier revision, as kubectl rollout undo does.") { app, toRevision, wait, fixStuck, timeout, deadline };
        cli.SetHandler(command, async ctx =>
        {
            var client = ctx.ClientFor(await ctx.ResolveAppAsync(ctx.Parse.GetValue(app)!).ConfigureAwait(false));
            var result = await client.UndoAsync(ctx.Parse.GetValue(toRevision), new ChangeOptions { Wait = false }, ctx.CancellationToken).ConfigureAwait(false);
            ctx.Console.Line(result.Message);
            if (ctx.Parse.GetValue(wait))
            {
                var options = ApplyCommands.Rollout(ctx, ctx.Parse.GetValue(timeout), ctx.Parse.GetValue(deadline), ctx.Parse.GetValue(fixStuck)) with { Applied = result.Applied };
                await ApplyCommands.WaitAsync(ctx, client, options).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Restart(CliApp cli)
    {
        var app = CommonOptions.App();
        var wait = new Option<bool>("--wait") { Description = "Wait for the restart to roll out, showing progress per pod ordinal." };
        var timeout = CommonOptions.Timeout("10m");
        var command = new Command("restart", "Restart every pod through a rolling update, as kubectl rollout restart does.") { app, wait, timeout };
        cli.SetHandler(command, async ctx =>
        {
            var client = ctx.ClientFor(await ctx.ResolveAppAsync(ctx.Parse.GetValue(app)!).ConfigureAwait(false));
            var result = await client.RestartAsync(new ChangeOptions { Wait = false }, ctx.CancellationToken).ConfigureAwait(false);
            ctx.Console.Line(result.Message);
            if (ctx.Parse.GetValue(wait))
                await ApplyCommands.WaitAsync(ctx, client, ApplyCommands.Rollout(ctx, ctx.Parse.GetValue(timeout), null, fixStuck: false) with { Applied = result.Applied }).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Canary(CliApp cli)
    {
        var app = CommonOptions.App();
        var steps = new Option<string>("--steps")
        {
            Description = "The steps, comma-separated: a pod count (1), a percentage of the replicas rounded up (50%) or an ordinal threshold (@2: ordinals 2 and up); highest ordinals first, each step more pods than the one before; a last step that does not reach every pod is followed by one that does. E.g. 1,50%,100%.",
            HelpName = "steps",
            Required = true,
        };
        var check = new Option<string?>("--check")
        {
            Description = "A shell command run after each step once its pods are Ready: exit code 0 goes on, anything else rolls back. It sees BERTH_CANARY_APP, _NAMESPACE, _STEP, _STEPS, _PARTITION, _PODS (the updated pods) and _REVISION.",
            HelpName = "command",
        };
        var checkHttp = new Option<string?>("--check-http") { Description = "A URL to GET after each step once its pods are Ready: a 2xx answer goes on, anything else rolls back.", HelpName = "url" };
        var pause = new Option<bool>("--pause") { Description = "After each step, ask on stdin whether to go on: 'yes' goes on, anything else (or the end of stdin) rolls back." };
        var checkTimeout = new Option<TimeSpan?>("--check-timeout")
        {
            Description = "How long --check or --check-http may take (default 5m for a command, 30s for a GET); longer fails the check.",
            HelpName = "duration",
            CustomParser = CommonOptions.ParseDuration,
        };
        var images = new Option<string[]>("--image")
        {
            Description = "Roll out a new image of a container (container=image, repeatable) on the live template instead of the definition.",
            HelpName = "container=image",
            Arity = ArgumentArity.OneOrMore,
        };
        var timeout = CommonOptions.Timeout("10m per step");
        var deadline = CommonOptions.ProgressDeadline();
        var command = new Command("canary", "Roll out the definition's template (or --image) in steps, highest ordinals first, by lowering the RollingUpdate partition; after each step wait for the pods to be Ready and run the check; a failed check or a step that does not become Ready restores the previous template and partition, waits for the rollback and exits 1.")
        {
            app, steps, check, checkHttp, pause, checkTimeout, images, timeout, deadline,
        };
        cli.SetHandler(command, async ctx =>
        {
            IReadOnlyList<CanaryStep> plan;
            try
            {
                plan = CanaryStep.Parse(ctx.Parse.GetValue(steps)!);
            }
            catch (FormatException e)
            {
                throw new UsageException("--steps: " + e.Message);
            }

            var (command, url, ask, limit) = (ctx.Parse.GetValue(check), ctx.Parse.GetValue(checkHttp), ctx.Parse.GetValue(pause), ctx.Parse.GetValue(checkTimeout));
            if (new[] { command is not null, url is not null, ask }.Count(x => x) > 1)
                throw new UsageException("--check, --check-http and --pause are alternatives; pass one");
            if (limit is not null && command is null && url is null)
                throw new UsageException("--check-timeout bounds --check or --check-http; pass one of them");
            var newImages = ParseImages(ctx.Parse.GetValue(images));
            var defined = await ctx.ResolveAppAsync(ctx.Parse.GetValue(app)!).ConfigureAwait(false);
            if (newImages is null && defined.Planned is null)
                throw new UsageException($"no definition of {defined.Name} to roll out: run berth in the project that defines it (or pass --project or --assembly), or pass --image container=image");
            var client = ctx.ClientFor(defined);

            CanaryCheck? gate = null;
            if (command is not null)
                gate = CanaryCheck.Command(command, limit);
            else if (url is not null)
                gate = Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                    ? CanaryCheck.HttpGet(uri, limit)
                    : throw new UsageException($"--check-http must be an absolute http:// or https:// URL, got '{url}'");
            else if (ask)
                gate = Confirmation(ctx);

            ctx.Console.Line($"Canary of statefulset/{client.Name} in namespace {client.Namespace}, steps {string.Join(", ", plan)}{(gate is null ? string.Empty : "; check: " + gate.Description)}...");
            var options = new CanaryOptions
            {
                Steps = plan,
                Check = gate,
                Images = newImages,
                Rollout = ApplyCommands.Rollout(ctx, ctx.Parse.GetValue(timeout), ctx.Parse.GetValue(deadline), fixStuck: false),
            };
            CanaryResult result;
            try
            {
                result = await client.CanaryAsync(options, RolloutView.Lines(ctx.Console), ctx.CancellationToken).ConfigureAwait(false);
            }
            catch (CanaryFailedException e)
            {
                Report.Canary(ctx.Console, e.Result);
                throw;
            }

            Report.Canary(ctx.Console, result);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>container=image pairs, or null when none are given.</summary>
    private static Dictionary<string, string>? ParseImages(string[]? pairs)
    {
        if (pairs is null || pairs.Length == 0)
            return null;
        var images = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0 || eq == pair.Length - 1)
                throw new UsageException($"--image '{pair}' is not container=image, e.g. web=nginx:1.28");
            images[pair[..eq]] = pair[(eq + 1)..];
        }

        return images;
    }

    /// <summary>--pause: asks on stdin after each step; 'yes' or 'y' goes on, anything else (or the end of stdin) rolls back.</summary>
    private static CanaryCheck Confirmation(CommandContext ctx)
    {
        var input = ctx.Console.Input ?? throw new UsageException("--pause asks on stdin after each step, and there is no stdin to read; use --check or --check-http");
        return CanaryCheck.Of("confirmation on stdin", async (c, ct) =>
        {
            var next = c.Step < c.Steps ? $"go on with step {c.Step + 1}/{c.Steps}" : "keep it";
            ctx.Console.Error.Write($"step {c.Step}/{c.Steps} ({c.Spec}): {string.Join(", ", c.UpdatedPods)} Ready on the new template. {char.ToUpperInvariant(next[0])}{next[1..]}? Type 'yes' to {next}, anything else rolls back: ");
            ctx.Console.Error.Flush();
            var answer = (await input.ReadLineAsync(ct).ConfigureAwait(false))?.Trim();
            if (answer is null)
                return CanaryCheckResult.Fail("stdin ended before an answer");
            return answer.Equals("yes", StringComparison.OrdinalIgnoreCase) || answer.Equals("y", StringComparison.OrdinalIgnoreCase)
                ? CanaryCheckResult.Pass($"confirmed ('{answer}')")
                : CanaryCheckResult.Fail($"not confirmed (answered '{answer}')");
        });
    }
}
