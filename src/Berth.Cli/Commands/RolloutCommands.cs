using System.CommandLine;
using Berth.Cli.Output;
using Berth.Client;

namespace Berth.Cli.Commands;

/// <summary><c>berth rollout status|history|undo|restart</c>.</summary>
internal static class RolloutCommands
{
    public static Command Rollout(CliApp cli) => new("rollout", "Follow, inspect, undo or restart the rollout of a StatefulSet.")
    {
        Status(cli), History(cli), Undo(cli), Restart(cli),
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
}
