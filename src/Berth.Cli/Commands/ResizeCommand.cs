using System.CommandLine;
using System.Linq;
using Berth.Cli.Definitions;
using Berth.Client;
using Berth.Planning;

namespace Berth.Cli.Commands;

/// <summary><c>berth resize APP CLAIM SIZE</c>: grows the claims of one claim template, the safe way (<see cref="StatefulAppClient.ResizeClaimsAsync"/>).</summary>
internal static class ResizeCommand
{
    public static Command Resize(CliApp cli)
    {
        var app = CommonOptions.App();
        var claim = new Argument<string>("claim") { Description = "The claim template whose claims grow (e.g. data): every claim <claim>-<app>-<ordinal>." };
        var size = new Argument<string>("size") { Description = "The new size, a Kubernetes quantity (e.g. 20Gi). Claims only grow." };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the claims are patched and the StatefulSet recreated, without waiting for the claims to report the new size." };
        var timeout = CommonOptions.Timeout("5m");
        var command = new Command("resize", "Grow the PersistentVolumeClaims of a claim template: checks that their StorageClass allows expansion and that the size grows every claim, patches each claim, recreates the StatefulSet with orphan cascade and the new claim template (pods keep running), and waits until the claims report the new size or FileSystemResizePending. Never deletes a claim. Then change the size in the definition too.")
        {
            app, claim, size, noWait, timeout,
        };
        cli.SetHandler(command, async ctx =>
        {
            var defined = await ctx.ResolveAppAsync(ctx.Parse.GetValue(app)!).ConfigureAwait(false);
            var client = ctx.ClientFor(defined);
            var options = new ResizeOptions { Wait = !ctx.Parse.GetValue(noWait) };
            if (ctx.Parse.GetValue(timeout) is { } t)
                options = options with { Timeout = t };
            var template = ctx.Parse.GetValue(claim)!;
            var newSize = ctx.Parse.GetValue(size)!;
            ctx.Console.Line($"Resizing the claims of {template} of statefulset/{client.Name} to {newSize}...");
            ResizeResult result;
            try
            {
                result = await client.ResizeClaimsAsync(template, newSize, options, ctx.CancellationToken).ConfigureAwait(false);
            }
            catch (ResizeNotFinishedException e)
            {
                Show(ctx, e.Result);
                throw;
            }

            Show(ctx, result);
            if (result.Recreated)
                ctx.Console.Line($"statefulset/{client.Name} recreated (orphan cascade) with claim template {template} at {newSize}; its pods kept running.");
            ctx.Console.Line(result.Done
                ? $"resize of {template} to {newSize} done. Change the claim's size in the definition to {newSize} as well."
                : $"resize of {template} to {newSize} requested; 'berth claims list {client.Name}' shows the capacities.");
            await RecordInLockAsync(ctx, defined, template, newSize).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// The StatefulSet now has the new claim template: the project's lock file (berth.lock.json) records the new size, so
    /// the definition changed to it builds.
    /// </summary>
    private static async System.Threading.Tasks.Task RecordInLockAsync(CommandContext ctx, DefinedApp defined, string template, string size)
    {
        var catalog = await ctx.LoadCatalogAsync(required: false).ConfigureAwait(false);
        if (catalog?.ProjectFile is not { } project || defined.Entry is not { } entry)
            return;
        var projectLock = ProjectLock.Load(ProjectLock.PathFor(project));
        if (!projectLock.Exists)
            return;
        if (projectLock.Error is not null)
        {
            ctx.Console.Note($"{projectLock.Path} cannot be read ({projectLock.Error.Message}), so it still has the old size; fix it, then run 'berth lock update'.");
            return;
        }

        ctx.Console.Line(projectLock.RecordClaimSize(entry, template, size)
            ? $"{projectLock.FileName}: {defined.Member} claim template {template} is now {size}; commit it with the definition's change."
            : $"{projectLock.FileName} has no claim template {template} for {defined.Member}; nothing recorded there.");
    }

    private static void Show(CommandContext ctx, ResizeResult result)
    {
        foreach (var c in result.Claims)
        {
            var state = c.State switch
            {
                ClaimResizeState.Resized => "resized",
                ClaimResizeState.FileSystemResizePending => "volume grown; the file system grows when a pod next mounts it (FileSystemResizePending)",
                _ => "requested" + (c.Message is null ? string.Empty : ": " + c.Message),
            };
            ctx.Console.Line($"  {c.Name}: {c.Before ?? "?"} -> {c.Capacity ?? "?"} ({state})");
        }
    }
}
