using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Berth.Cli.Definitions;
using Berth.Cli.Output;
using Berth.Client;
using Berth.Planning;

namespace Berth.Cli.Commands;

/// <summary><c>berth apply</c> and <c>berth diff</c>: the definitions against the cluster.</summary>
internal static class ApplyCommands
{
    public static Command Apply(CliApp cli)
    {
        var apps = CommonOptions.Apps("The apps to apply (StatefulSet or member names); default all.");
        var dryRun = new Option<bool>("--dry-run") { Description = "Send everything with server-side dry run: the server validates, nothing is changed." };
        var wait = new Option<bool>("--wait") { Description = "Wait for each rollout, showing progress per pod ordinal." };
        var recreate = new Option<bool>("--recreate-on-immutable-change")
        {
            Description = "When a field the server cannot change differs (selector, volumeClaimTemplates, ...), delete the StatefulSet with orphan cascade and create it again; pods and claims stay.",
        };
        var forceConflicts = new Option<bool>("--force-conflicts")
        {
            Description = "Take over fields another field manager (kubectl edit, kubectl scale, an autoscaler, another tool) changed, and say which; without it apply refuses such conflicts and changes nothing.",
        };
        var timeout = CommonOptions.Timeout("10m");
        var deadline = CommonOptions.ProgressDeadline();
        var prune = new Option<bool>("--prune")
        {
            Description = "Delete the objects of the apply set that no app defines any more (a renamed app, an app moved to another namespace): StatefulSets, Services, PodDisruptionBudgets and ConfigMaps Berth wrote; never a PersistentVolumeClaim (the claims kept are listed) or a Namespace.",
        };
        var applySet = ApplySetOption();
        var command = new Command("apply", "Apply the apps with server-side apply, in dependency order (Namespace, ConfigMaps, Services, PodDisruptionBudget, StatefulSet), as members of the project's apply set (KEP-3659); report objects of the set no longer defined.")
        {
            apps, dryRun, wait, recreate, forceConflicts, timeout, deadline, prune, applySet,
        };
        cli.SetHandler(command, async ctx =>
        {
            var (selected, plan) = await Planned(ctx, ctx.Parse.GetValue(apps)).ConfigureAwait(false);
            var clients = selected.Select(ctx.ClientFor).ToList();
            var set = await ApplySetOf(ctx, ctx.Parse.GetValue(applySet), ctx.Parse.GetValue(prune)).ConfigureAwait(false);
            var rollout = Rollout(ctx, ctx.Parse.GetValue(timeout), ctx.Parse.GetValue(deadline), fixStuck: false);
            var options = new ApplyOptions
            {
                DryRun = ctx.Parse.GetValue(dryRun),
                RecreateOnImmutableChange = ctx.Parse.GetValue(recreate),
                ForceConflicts = ctx.Parse.GetValue(forceConflicts),
                Wait = false,
                Rollout = ctx.Parse.GetValue(timeout) is null ? null : rollout, // --timeout also bounds a recreate
                ApplySet = set,
            };

            ApplyResult result;
            var failed = false;
            try
            {
                // the plan just validated and reported: no app is validated again
                result = await ctx.Connect().ApplyAllAsync(plan, options, ctx.CancellationToken).ConfigureAwait(false);
            }
            catch (ApplyFailedException e)
            {
                result = e.Result;
                failed = true;
            }

            foreach (var app in result.Apps)
                Report.Applied(ctx.Console, app);
            Report.NoLongerDefined(ctx.Console, result.NoLongerDefined, set!.Name, options.DryRun);

            if (ctx.Parse.GetValue(wait) && !options.DryRun)
            {
                for (var i = 0; i < clients.Count; i++)
                {
                    if (result.Apps[i].Error is not null)
                        continue;
                    try
                    {
                        // follow the template this apply wrote: a change by anyone else ends the wait, unsuccessfully
                        await WaitAsync(ctx, clients[i], rollout with { Applied = result.Apps[i].Applied }).ConfigureAwait(false);
                    }
                    catch (CliException e) when (clients.Count > 1)
                    {
                        ctx.Console.Fail(e.Message);
                        failed = true;
                    }
                }
            }

            var errors = result.Apps.Count(a => a.Error is not null);
            if (errors > 0)
                throw new CliException($"{errors} of {result.Apps.Count} app(s) failed to apply");
            return failed ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }

    public static Command Diff(CliApp cli)
    {
        var apps = CommonOptions.Apps("The apps to compare (StatefulSet or member names); default all.");
        var exitCode = new Option<bool>("--exit-code")
        {
            Description = "Exit 0 when nothing would change, 1 when something would, 2 on an error (for CI gates; like kubectl diff).",
        };
        var applySet = ApplySetOption();
        var against = new Option<string?>("--against")
        {
            Description = "Compare offline with a folder of YAML (what is committed for GitOps, or a build's manifests folder) instead of the cluster: the files render -o would write, object by object and field by field, and the folder's files no app renders any more.",
            HelpName = "dir",
        };
        var command = new Command("diff", "Show what apply would change, per object and field (a server-side dry run compared with the live objects), and the objects of the apply set no app defines any more; or, with --against, what differs from a folder of YAML.") { apps, exitCode, applySet, against };
        cli.SetHandler(command, async ctx =>
        {
            var gate = ctx.Parse.GetValue(exitCode);
            if (gate)
                ctx.FailureExitCode = DiffExitCodes.Error;
            var changes = false;
            if (ctx.Parse.GetValue(against) is { } folder)
                return Against(ctx, ctx.Parse.GetValue(apps), Path.GetFullPath(folder, ctx.WorkingDirectory), gate);
            var selected = await Selected(ctx, ctx.Parse.GetValue(apps)).ConfigureAwait(false);
            var set = await ApplySetOf(ctx, ctx.Parse.GetValue(applySet), prune: false).ConfigureAwait(false);
            foreach (var app in selected)
            {
                var diff = await ctx.ClientFor(app, set.Name).DiffAsync(ctx.CancellationToken).ConfigureAwait(false);
                Report.Diff(ctx.Console, app, diff);
                changes |= diff.HasChanges;
            }

            if (set.Defined is not null)
            {
                var stale = await ctx.Connect().FindNoLongerDefinedAsync(set, ctx.CancellationToken).ConfigureAwait(false);
                Report.NoLongerDefined(ctx.Console, stale, set.Name, dryRun: true);
                changes |= stale.Count > 0;
            }

            return gate && changes ? DiffExitCodes.Changes : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The apps named (or all), validated together as the build does; errors stop the command before the cluster is touched.</summary>
    private static async Task<IReadOnlyList<DefinedApp>> Selected(CommandContext ctx, string[]? names) =>
        (await Planned(ctx, names).ConfigureAwait(false)).Apps;

    /// <summary><see cref="Selected"/>, with their plan (its apps are the selected ones, in order).</summary>
    private static async Task<(IReadOnlyList<DefinedApp> Apps, ManifestPlan Plan)> Planned(CommandContext ctx, string[]? names)
    {
        var catalog = (await ctx.LoadCatalogAsync(required: true).ConfigureAwait(false))!;
        var selected = catalog.Select(names ?? Array.Empty<string>(), ctx.Variant, allVariants: false);
        var plan = catalog.Plan(selected);
        var errors = Report.Violations(ctx.Console, plan, catalog, ctx.WorkingDirectory, toStderr: true);
        if (errors > 0)
            throw new CliException($"{errors} error(s) in the definitions; nothing sent to the cluster");
        return (selected, plan);
    }

    /// <summary>
    /// <c>berth diff --against DIR</c>: the plan (as render -o lays it out: every variant unless --variant) compared with
    /// the folder, offline.
    /// </summary>
    private static int Against(CommandContext ctx, string[]? names, string folder, bool gate)
    {
        var catalog = ctx.LoadCatalogAsync(required: true).GetAwaiter().GetResult()!;
        var selected = catalog.Select(names ?? Array.Empty<string>(), ctx.Variant, allVariants: true);
        var plan = catalog.Plan(selected);
        var errors = Report.Violations(ctx.Console, plan, catalog, ctx.WorkingDirectory, toStderr: true);
        if (errors > 0)
            throw new CliException($"{errors} error(s) in the definitions; nothing compared");
        var differences = FolderDiff.Compare(plan, folder);
        foreach (var file in differences)
        {
            ctx.Console.Line($"{file.File}: {file.Summary}");
            foreach (var line in file.Lines)
                ctx.Console.Line(line);
        }

        ctx.Console.Line(differences.Count == 0
            ? $"no differences: the {plan.Files.Count} rendered file(s) match {folder}"
            : $"{differences.Count} file(s) differ from {folder}");
        return gate && differences.Count > 0 ? DiffExitCodes.Changes : ExitCodes.Success;
    }

    private static Option<string?> ApplySetOption() => new("--applyset")
    {
        Description = "The apply set (KEP-3659): the name of its parent ConfigMap in the namespace of -n or the context. Default: berth-<project>[-<variant>].",
        HelpName = "name",
    };

    /// <summary>
    /// The apply set of the command: named by --applyset, else berth-&lt;project&gt;[-&lt;variant&gt;]; its apps are every app
    /// of the environment (so that applying some apps does not make the others look removed). When a definition of the
    /// environment fails, what is no longer defined cannot be told: --prune is refused, and nothing is reported.
    /// </summary>
    private static async Task<ApplySetOptions> ApplySetOf(CommandContext ctx, string? name, bool prune)
    {
        var catalog = (await ctx.LoadCatalogAsync(required: true).ConfigureAwait(false))!;
        name ??= DefaultApplySetName(Path.GetFileNameWithoutExtension(catalog.Origin), ctx.Variant);
        var environment = catalog.Environment(ctx.Variant, allVariants: false).Select(catalog.Create).ToList();
        var failed = environment.Where(a => a.Manifests is null).ToList();
        if (failed.Count == 0)
            return new ApplySetOptions { Name = name, Defined = environment, Prune = prune };
        if (prune)
            throw new CliException($"--prune needs every definition of the environment, to tell what is no longer defined; {string.Join("; ", failed.Select(f => f.Error!.TrimEnd('.')))}");
        ctx.Console.Warn($"objects of apply set {name} no longer defined are not reported while {string.Join(", ", failed.Select(f => f.Label))} fail(s)");
        return new ApplySetOptions { Name = name };
    }

    /// <summary>"berth-shop-infra-prod": a ConfigMap name (lower case, '-' for anything else, at most 63 characters).</summary>
    internal static string DefaultApplySetName(string project, string? variant)
    {
        var raw = "berth-" + project + (variant is null ? string.Empty : "-" + variant);
        var name = new string(raw.ToLowerInvariant().Select(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '-').ToArray());
        while (name.Contains("--", StringComparison.Ordinal))
            name = name.Replace("--", "-", StringComparison.Ordinal);
        return name.Length > 63 ? name[..63].TrimEnd('-') : name.TrimEnd('-');
    }

    /// <summary>Rollout options from --timeout, --progress-deadline and --fix-stuck.</summary>
    public static RolloutOptions Rollout(CommandContext ctx, TimeSpan? timeout, TimeSpan? deadline, bool fixStuck)
    {
        var options = new RolloutOptions { FixStuckRollout = fixStuck };
        if (timeout is { } t)
            options = options with { Timeout = t };
        if (deadline is { } d)
            options = options with { ProgressDeadline = d };
        return options;
    }

    /// <summary>Waits for the rollout of <paramref name="client"/>, showing each pod ordinal; fails the command unless it completes.</summary>
    public static async Task WaitAsync(CommandContext ctx, StatefulAppClient client, RolloutOptions options)
    {
        ctx.Console.Line($"Waiting for the rollout of statefulset/{client.Name} in namespace {client.Namespace}...");
        RolloutResult result;
        try
        {
            result = await RolloutView.ShowAsync(ctx.Console, progress => client.RolloutStatusAsync(options, progress, ctx.CancellationToken)).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (ctx.CancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(
                $"wait for the rollout of statefulset/{client.Name} in namespace {client.Namespace} cancelled: what this command changed was done before the wait (see above); " +
                $"the rollout goes on in the cluster ('berth rollout status {client.Name}' follows it)", e, ctx.CancellationToken);
        }

        Report.Rollout(ctx.Console, result);
    }
}

/// <summary>The exit codes of <c>berth diff --exit-code</c>.</summary>
internal static class DiffExitCodes
{
    /// <summary>Something would change.</summary>
    public const int Changes = 1;

    /// <summary>The diff could not be made (definitions, cluster, ...).</summary>
    public const int Error = 2;
}
