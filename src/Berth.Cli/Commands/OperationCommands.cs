using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using Berth.Cli.Output;
using Berth.Client;

namespace Berth.Cli.Commands;

/// <summary><c>berth status</c>, <c>scale</c>, <c>set image</c> and <c>delete</c>: operations on one live StatefulSet.</summary>
internal static class OperationCommands
{
    public static Command Status(CliApp cli)
    {
        var app = CommonOptions.App();
        var command = new Command("status", "Show the StatefulSet per pod ordinal (phase, ready, revision, node, restarts), its claims and recent events.") { app };
        cli.SetHandler(command, async ctx =>
        {
            var client = ctx.ClientFor(await ctx.ResolveAppAsync(ctx.Parse.GetValue(app)!).ConfigureAwait(false));
            var status = await client.StatusAsync(ctx.CancellationToken).ConfigureAwait(false);
            if (!status.Exists)
                throw new CliException($"statefulset/{status.Name} does not exist in namespace {status.Namespace}; 'berth apply {status.Name}' creates it");
            Report.Status(ctx.Console, status);
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Scale(CliApp cli)
    {
        var app = CommonOptions.App();
        var replicas = new Argument<int>("replicas") { Description = "The new number of pods." };
        var deleteClaims = new Option<bool>("--delete-claims")
        {
            Description = "After a scale-down, delete the PersistentVolumeClaims of the removed pods once they are gone. Their data is lost.",
        };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the replica count is set, without waiting for the pods." };
        var timeout = CommonOptions.Timeout("10m");
        var command = new Command("scale", "Set the number of pods (created 0..n-1, removed highest ordinal first) and say which claims remain.")
        {
            app, replicas, deleteClaims, noWait, timeout,
        };
        replicas.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && int.TryParse(r.Tokens[0].Value, out var n) && n < 0)
                r.AddError("replicas must be 0 or more");
        });
        cli.SetHandler(command, async ctx =>
        {
            var client = ctx.ClientFor(await ctx.ResolveAppAsync(ctx.Parse.GetValue(app)!).ConfigureAwait(false));
            var count = ctx.Parse.GetValue(replicas);
            var delete = ctx.Parse.GetValue(deleteClaims);
            var wait = !ctx.Parse.GetValue(noWait);
            if (delete && !wait)
                throw new UsageException("--delete-claims waits for the removed pods to go before deleting their claims; drop --no-wait");
            var rollout = ApplyCommands.Rollout(ctx, ctx.Parse.GetValue(timeout), null, fixStuck: false);

            // Say what will happen to the claims before doing it.
            var before = await client.StatusAsync(ctx.CancellationToken).ConfigureAwait(false);
            if (!before.Exists)
                throw new CliException($"statefulset/{before.Name} does not exist in namespace {before.Namespace}");
            var doomed = before.Claims.Where(c => c.Ordinal >= (before.Pods.Select(p => p.Ordinal).DefaultIfEmpty(0).Min() + count)).Select(c => c.Name).ToList();
            if (count < before.DesiredReplicas && doomed.Count > 0)
                ctx.Console.Line(delete
                    ? $"Scaling down {before.DesiredReplicas} -> {count}: the claims {string.Join(", ", doomed)} will be DELETED once their pods are gone (--delete-claims)."
                    : $"Scaling down {before.DesiredReplicas} -> {count}: the claims {string.Join(", ", doomed)} stay (their data returns on scale-up).");

            ScaleResult result;
            if (delete)
            {
                // The client deletes the claims after its own wait; that wait reports progress per ordinal here.
                ctx.Console.Line($"Waiting for the removed pods of statefulset/{client.Name} to go...");
                ScaleResult? scaled = null;
                await RolloutView.ShowAsync(ctx.Console, async progress =>
                {
                    scaled = await client.ScaleAsync(count, new ScaleOptions { Wait = true, DeleteClaimsOfRemovedPods = true, Rollout = rollout with { Progress = progress } }, ctx.CancellationToken).ConfigureAwait(false);
                    return scaled.Rollout!;
                }).ConfigureAwait(false);
                result = scaled!;
            }
            else
            {
                result = await client.ScaleAsync(count, new ScaleOptions { Wait = false }, ctx.CancellationToken).ConfigureAwait(false);
                if (wait)
                    await ApplyCommands.WaitAsync(ctx, client, rollout).ConfigureAwait(false);
            }

            ctx.Console.Line(Report.ScaleLine(result));
            if (result.RemovedPods.Count > 0 || result.DeletedClaims.Count > 0 || before.Claims.Count > 0)
            {
                var remaining = wait || delete ? result.RemainingClaims : before.Claims.Where(c => doomed.Contains(c.Name)).ToList();
                Report.Claims(ctx.Console, remaining, result.DeletedClaims,
                    result.ClaimsDeletedByRetentionPolicy ? "the set's retention policy deletes them" : "a scale-up gives their data back; --delete-claims deletes them");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Set(CliApp cli)
    {
        var app = CommonOptions.App();
        var images = new Argument<string[]>("container=image")
        {
            Description = "The new image of a container (or init container), e.g. postgres=postgres:16.5; several may be given.",
            Arity = ArgumentArity.OneOrMore,
        };
        images.Validators.Add(r =>
        {
            foreach (var token in r.Tokens)
            {
                var eq = token.Value.IndexOf('=');
                if (eq <= 0 || eq == token.Value.Length - 1)
                    r.AddError($"'{token.Value}' is not container=image, e.g. postgres=postgres:16.5");
            }
        });
        var wait = new Option<bool>("--wait") { Description = "Wait for the rollout, showing progress per pod ordinal." };
        var timeout = CommonOptions.Timeout("10m");
        var image = new Command("image", "Set the image of containers of the pod template, as kubectl set image does.") { app, images, wait, timeout };
        cli.SetHandler(image, async ctx =>
        {
            var client = ctx.ClientFor(await ctx.ResolveAppAsync(ctx.Parse.GetValue(app)!).ConfigureAwait(false));
            var changed = false;
            foreach (var pair in ctx.Parse.GetValue(images)!)
            {
                var eq = pair.IndexOf('=');
                var result = await client.SetImageAsync(pair[..eq], pair[(eq + 1)..], new ChangeOptions { Wait = false }, ctx.CancellationToken).ConfigureAwait(false);
                ctx.Console.Line(result.Message);
                changed |= result.Changed;
            }

            if (changed && ctx.Parse.GetValue(wait))
                await ApplyCommands.WaitAsync(ctx, client, ApplyCommands.Rollout(ctx, ctx.Parse.GetValue(timeout), null, fixStuck: false)).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return new Command("set", "Change a live StatefulSet.") { image };
    }

    public static Command Delete(CliApp cli)
    {
        var app = CommonOptions.App();
        var cascade = new Option<string>("--cascade")
        {
            Description = "What happens to the pods: background (default: deleted after the set), foreground (the set goes after its pods) or orphan (the pods keep running).",
            HelpName = "mode",
            DefaultValueFactory = _ => "background",
        };
        cascade.AcceptOnlyFromAmong("background", "foreground", "orphan");
        var deleteClaims = new Option<bool>("--delete-claims")
        {
            Description = "Also delete the PersistentVolumeClaims of every ordinal, once the pods are gone. Their data is lost.",
        };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the delete is accepted, without waiting for the set and its pods to go." };
        var command = new Command("delete", "Delete the StatefulSet, and say which PersistentVolumeClaims remain (claims are kept unless --delete-claims).")
        {
            app, cascade, deleteClaims, noWait,
        };
        cli.SetHandler(command, async ctx =>
        {
            var client = ctx.ClientFor(await ctx.ResolveAppAsync(ctx.Parse.GetValue(app)!).ConfigureAwait(false));
            var mode = Enum.Parse<DeletionCascade>(ctx.Parse.GetValue(cascade)!, ignoreCase: true);
            var delete = ctx.Parse.GetValue(deleteClaims);
            if (delete && mode == DeletionCascade.Orphan)
                throw new UsageException("--delete-claims with --cascade orphan would pull the claims from under the pods left running; use another cascade");

            var result = await client.DeleteAsync(new DeleteOptions { Cascade = mode, DeleteClaims = delete, Wait = !ctx.Parse.GetValue(noWait) }, ctx.CancellationToken).ConfigureAwait(false);
            if (!result.StatefulSetDeleted)
                ctx.Console.Line($"statefulset/{result.Name} did not exist in namespace {result.Namespace}");
            else
                ctx.Console.Line($"statefulset/{result.Name} (namespace {result.Namespace}) deleted (cascade {mode.ToString().ToLowerInvariant()})" +
                                 (result.OrphanedPods.Count > 0 ? $"; pods left running: {string.Join(", ", result.OrphanedPods)}"
                                     : result.Pods.Count > 0 ? $"; pods removed: {string.Join(", ", result.Pods)}" : string.Empty));
            Report.Claims(ctx.Console, result.RemainingClaims, result.DeletedClaims, "their data stays; a StatefulSet of the same name gets them back; --delete-claims deletes them");
            return result.StatefulSetDeleted ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }
}
