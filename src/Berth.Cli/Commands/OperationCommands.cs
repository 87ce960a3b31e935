using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Threading.Tasks;
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
            Description = "After a scale-down, delete the PersistentVolumeClaims of exactly the pods this scale removes, once they are gone (listed first; asks, or --yes). Their data is lost. Left-over claims of earlier scale-downs stay: 'berth claims prune' deletes those.",
        };
        var yes = ClaimsCommands.Yes();
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the replica count is set, without waiting for the pods." };
        var timeout = CommonOptions.Timeout("10m");
        var command = new Command("scale", "Set the number of pods (created 0..n-1, removed highest ordinal first) and say which claims remain.")
        {
            app, replicas, deleteClaims, yes, noWait, timeout,
        };
        replicas.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && int.TryParse(r.Tokens[0].Value, out var n) && n < 0)
                r.AddError("replicas must be 0 or more");
        });
        cli.SetHandler(command, async ctx =>
        {
            var count = ctx.Parse.GetValue(replicas);
            var delete = ctx.Parse.GetValue(deleteClaims);
            var wait = !ctx.Parse.GetValue(noWait);
            if (delete && !wait)
                throw new UsageException("--delete-claims waits for the removed pods to go before deleting their claims; drop --no-wait");
            if (ctx.Parse.GetValue(yes) && !delete)
                throw new UsageException("--yes confirms --delete-claims; without --delete-claims scale deletes no claim");
            var client = ctx.ClientFor(await ctx.ResolveAppAsync(ctx.Parse.GetValue(app)!).ConfigureAwait(false));
            var rollout = ApplyCommands.Rollout(ctx, ctx.Parse.GetValue(timeout), null, fixStuck: false);

            // Say what will happen to the claims before doing it.
            var before = await client.ListClaimsAsync(ctx.CancellationToken).ConfigureAwait(false);
            if (!before.StatefulSetExists)
                throw new CliException($"statefulset/{client.Name} does not exist in namespace {client.Namespace}; 'berth apply {client.Name}' creates it");
            var first = before.FirstOrdinal;
            var ofRemoved = before.Claims.Where(c => c.Ordinal >= first + count && c.Ordinal < first + before.Replicas).Select(c => c.Name).ToList();
            if (before.RetentionNotice(count) is { } notice)
                ctx.Console.Warn(notice);
            if (ofRemoved.Count > 0 && !delete)
                ctx.Console.Line($"Scaling down {before.Replicas} -> {count}: the claims {string.Join(", ", ofRemoved)} stay (their data returns on scale-up).");

            ScaleResult result;
            if (delete)
            {
                // The client asks for confirmation before scaling, then deletes the claims after its own wait; that wait
                // reports progress per ordinal here, shown once the question is answered.
                var heading = $"Scaling down {before.Replicas} -> {count} (--delete-claims): these claims of the removed pods will be DELETED, with their data, once the pods are gone:";
                var progress = new DeferredProgress();
                var scaling = client.ScaleAsync(count, new ScaleOptions
                {
                    Wait = true,
                    DeleteClaimsOfRemovedPods = true,
                    ConfirmClaimDeletion = ClaimsCommands.Confirm(ctx, ctx.Parse.GetValue(yes), heading),
                    Rollout = rollout with { Progress = progress },
                }, ctx.CancellationToken);
                await Task.WhenAny(progress.Started, scaling).ConfigureAwait(false);
                if (!scaling.IsCompleted || scaling.IsCompletedSuccessfully)
                {
                    ctx.Console.Line($"Waiting for the pods of statefulset/{client.Name}...");
                    await RolloutView.ShowAsync(ctx.Console, async view =>
                    {
                        progress.Attach(view);
                        return (await scaling.ConfigureAwait(false)).Rollout!;
                    }).ConfigureAwait(false);
                }

                result = await scaling.ConfigureAwait(false);
            }
            else
            {
                result = await client.ScaleAsync(count, new ScaleOptions { Wait = false }, ctx.CancellationToken).ConfigureAwait(false);
                if (wait)
                    await ApplyCommands.WaitAsync(ctx, client, rollout).ConfigureAwait(false);
            }

            ctx.Console.Line(Report.ScaleLine(result));
            var remaining = wait ? result.RemainingClaims : before.Claims.Where(c => ofRemoved.Contains(c.Name)).ToList();
            Report.Claims(ctx.Console, remaining, result.DeletedClaims, result.ClaimsNotDeleted,
                result.ClaimsDeletedByRetentionPolicy ? "the set's retention policy deletes them" : $"a scale-up gives their data back; 'berth claims prune {result.Name}' deletes them");
            if (result.LeftoverClaims.Count > 0)
                ctx.Console.Line($"claims left over from earlier scale-downs: {string.Join(", ", result.LeftoverClaims.Select(c => c.Name))} (kept; a scale-up gives their data back; 'berth claims prune {result.Name}' deletes them)");
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
            AppliedTemplate? applied = null;
            foreach (var pair in ctx.Parse.GetValue(images)!)
            {
                var eq = pair.IndexOf('=');
                var result = await client.SetImageAsync(pair[..eq], pair[(eq + 1)..], new ChangeOptions { Wait = false }, ctx.CancellationToken).ConfigureAwait(false);
                ctx.Console.Line(result.Message);
                applied = result.Applied ?? applied;
            }

            if (applied is not null && ctx.Parse.GetValue(wait))
                await ApplyCommands.WaitAsync(ctx, client, ApplyCommands.Rollout(ctx, ctx.Parse.GetValue(timeout), null, fixStuck: false) with { Applied = applied }).ConfigureAwait(false);
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
            Description = "Also delete the PersistentVolumeClaims of the set's pods (ordinals below the replica count), once the pods are gone (listed first; asks, or --yes). Their data is lost. Left-over claims of earlier scale-downs stay: 'berth claims prune' deletes those.",
        };
        var yes = ClaimsCommands.Yes();
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the delete is accepted, without waiting for the set and its pods to go." };
        var command = new Command("delete", "Delete the StatefulSet, and say which PersistentVolumeClaims remain (claims are kept unless --delete-claims).")
        {
            app, cascade, deleteClaims, yes, noWait,
        };
        cli.SetHandler(command, async ctx =>
        {
            var mode = Enum.Parse<DeletionCascade>(ctx.Parse.GetValue(cascade)!, ignoreCase: true);
            var delete = ctx.Parse.GetValue(deleteClaims);
            if (delete && mode == DeletionCascade.Orphan)
                throw new UsageException("--delete-claims with --cascade orphan would pull the claims from under the pods left running; use another cascade");
            if (ctx.Parse.GetValue(yes) && !delete)
                throw new UsageException("--yes confirms --delete-claims; without --delete-claims delete deletes no claim");
            var client = ctx.ClientFor(await ctx.ResolveAppAsync(ctx.Parse.GetValue(app)!).ConfigureAwait(false));

            // The set's retention policy can make the controller delete claims on a plain delete: say so before deleting.
            if ((await client.ListClaimsAsync(ctx.CancellationToken).ConfigureAwait(false)).RetentionNotice(null) is { } notice)
                ctx.Console.Warn(notice);
            var heading = $"Deleting statefulset/{client.Name} (namespace {client.Namespace}) with --delete-claims: these claims of its pods will be DELETED, with their data, once the pods are gone:";
            var result = await client.DeleteAsync(new DeleteOptions
            {
                Cascade = mode,
                DeleteClaims = delete,
                ConfirmClaimDeletion = ClaimsCommands.Confirm(ctx, ctx.Parse.GetValue(yes), heading),
                Wait = !ctx.Parse.GetValue(noWait),
            }, ctx.CancellationToken).ConfigureAwait(false);
            if (!result.StatefulSetDeleted)
            {
                throw new CliException($"statefulset/{result.Name} does not exist in namespace {result.Namespace}; nothing deleted" +
                                       (result.RemainingClaims.Count > 0 ? $"; its claims {string.Join(", ", result.RemainingClaims.Select(c => c.Name))} remain ('berth claims prune {result.Name}' deletes them)" : string.Empty));
            }

            ctx.Console.Line($"statefulset/{result.Name} (namespace {result.Namespace}) deleted (cascade {mode.ToString().ToLowerInvariant()})" +
                             (result.OrphanedPods.Count > 0 ? $"; pods left running: {string.Join(", ", result.OrphanedPods)}"
                                 : result.Pods.Count > 0 ? $"; pods removed: {string.Join(", ", result.Pods)}" : string.Empty));
            Report.Claims(ctx.Console, result.RemainingClaims, result.DeletedClaims, result.ClaimsNotDeleted,
                $"their data stays; a StatefulSet of the same name gets them back; 'berth claims prune {result.Name}' deletes them");
            if (result.RemainingClaims.Count == 0)
                ctx.Console.Line("claims remaining: none");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Holds rollout progress until a view is attached (after the confirmation question), then forwards it.</summary>
    private sealed class DeferredProgress : IProgress<RolloutProgress>
    {
        private readonly object gate = new();
        private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private IProgress<RolloutProgress>? target;
        private RolloutProgress? pending;

        /// <summary>Completes with the first report: the question, if any, was answered and the scale runs.</summary>
        public Task Started => started.Task;

        public void Attach(IProgress<RolloutProgress> view)
        {
            lock (gate)
            {
                target = view;
                if (pending is not null)
                    view.Report(pending);
            }
        }

        public void Report(RolloutProgress value)
        {
            lock (gate)
            {
                if (target is null)
                    pending = value;
                else
                    target.Report(value);
            }

            started.TrySetResult();
        }
    }
}
