using System;
using System.CommandLine;
using System.Linq;
using System.Threading.Tasks;
using Berth.Cli.Output;
using Berth.Client;

namespace Berth.Cli.Commands;

/// <summary><c>berth claims list</c> and <c>berth claims prune</c>, and the confirmation every claim deletion asks for.</summary>
internal static class ClaimsCommands
{
    public static Command Claims(CliApp cli) => new("claims", "The PersistentVolumeClaims of an app: list them, and delete left-over ones (kept from earlier scale-downs or a delete).")
    {
        List(cli),
        Prune(cli),
    };

    private static Command List(CliApp cli)
    {
        var app = CommonOptions.App();
        var command = new Command("list", "Every claim of the app: name, ordinal, template, size, status, age, and the pod it belongs to or 'left over'.") { app };
        cli.SetHandler(command, async ctx =>
        {
            var client = ctx.ClientFor(await ctx.ResolveAppAsync(ctx.Parse.GetValue(app)!).ConfigureAwait(false));
            var list = await client.ListClaimsAsync(ctx.CancellationToken).ConfigureAwait(false);
            ThrowIfUnknown(list);
            Report.ClaimList(ctx.Console, list);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Prune(CliApp cli)
    {
        var app = CommonOptions.App();
        var names = new Argument<string[]>("claim")
        {
            Description = "The left-over claims to delete (default: every left-over claim no pod mounts). Each must be a left-over claim of the app.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var yes = Yes();
        var command = new Command("prune", "Delete left-over claims of the app (ordinals at or above the replica count, or all once the set is deleted), after listing them with size and age. Never a claim of one of the set's pods, never a claim a pod mounts. Their data is lost.")
        {
            app, names, yes,
        };
        cli.SetHandler(command, async ctx =>
        {
            var client = ctx.ClientFor(await ctx.ResolveAppAsync(ctx.Parse.GetValue(app)!).ConfigureAwait(false));
            ThrowIfUnknown(await client.ListClaimsAsync(ctx.CancellationToken).ConfigureAwait(false));
            var named = ctx.Parse.GetValue(names) ?? Array.Empty<string>();
            var heading = $"These left-over claims of statefulset/{client.Name} (namespace {client.Namespace}) will be DELETED, with their data:";
            var result = await client.PruneClaimsAsync(named, Confirm(ctx, ctx.Parse.GetValue(yes), heading), ctx.CancellationToken).ConfigureAwait(false);
            if (result.Deleted.Count == 0)
                ctx.Console.Line($"statefulset/{client.Name} (namespace {client.Namespace}) has no left-over claims to delete");
            else
                ctx.Console.Line($"claims deleted: {string.Join(", ", result.Deleted.Select(c => c.Name))}");
            Report.KeptClaims(ctx.Console, result.Kept, "claims kept");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>--yes: delete the listed claims without asking.</summary>
    public static Option<bool> Yes() => new("--yes", "-y")
    {
        Description = "Delete the listed claims without asking (for scripts). Without it berth asks on a terminal, and refuses when stdin is not one.",
    };

    /// <summary>
    /// Prints the claims about to be deleted under <paramref name="heading"/>, then goes on with --yes, asks on a
    /// terminal, and refuses (nothing changed) when there is no terminal to ask on.
    /// </summary>
    public static ConfirmClaimDeletion Confirm(CommandContext ctx, bool yes, string heading) => async (plan, ct) =>
    {
        Report.ClaimPlan(ctx.Console, plan, heading);
        if (yes)
            return true;
        var count = plan.Claims.Count == 1 ? "1 claim" : $"{plan.Claims.Count} claims";
        if (ctx.Console.Terminal is not { } terminal)
            throw new CliException($"refusing to delete {count} without confirmation: stdin is not a terminal; pass --yes to delete them (nothing was changed)");
        ctx.Console.Error.Write($"Delete {count} and their data? Type 'yes' to confirm: ");
        ctx.Console.Error.Flush();
        var answer = (await terminal.ReadLineAsync(ct).ConfigureAwait(false))?.Trim();
        return string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase) || string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase);
    };

    /// <summary>No live set and no claim templates in the definition: there is nothing to go by.</summary>
    private static void ThrowIfUnknown(ClaimList list)
    {
        if (!list.StatefulSetExists && list.Templates.Count == 0)
            throw new CliException($"statefulset/{list.Name} does not exist in namespace {list.Namespace}, and no definition names its claim templates; run berth in the project that defines it (or pass --project or --assembly)");
    }
}
