using System.CommandLine;
using System.Linq;
using Berth.Client;

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
            var client = ctx.ClientFor(await ctx.ResolveAppAsync(ctx.Parse.GetValue(app)!).ConfigureAwait(false));
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
            return ExitCodes.Success;
        });
        return command;
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
