using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Berth.Cli.Definitions;
using Berth.Cli.Output;
using Berth.Planning;

namespace Berth.Cli.Commands;

/// <summary><c>berth render</c> and <c>berth validate</c>: the definitions, without a cluster.</summary>
internal static class DefinitionCommands
{
    public static Command Render(CliApp cli)
    {
        var apps = CommonOptions.Apps("The apps to render (StatefulSet or member names); default all.");
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Write one YAML file per app into this folder (variants in sub-folders, as the build does) instead of to stdout.",
            HelpName = "dir",
        };
        var version = CommonOptions.KubernetesVersion();
        var command = new Command("render", "Write the YAML of the apps (validated first) to stdout or a folder.") { apps, output, version };
        cli.SetHandler(command, async ctx =>
        {
            var catalog = (await ctx.LoadCatalogAsync(required: true).ConfigureAwait(false))!;
            var selected = catalog.Select(ctx.Parse.GetValue(apps) ?? Array.Empty<string>(), ctx.Variant, allVariants: true);
            var folder = ctx.Parse.GetValue(output);
            // The build's plan: each app built once, grouped per variant, validated, named and rendered.
            var plan = catalog.Plan(selected, ctx.Parse.GetValue(version));
            if (folder is null && plan.Groups.Select(g => g.Folder).Distinct().Count() > 1)
                throw new UsageException($"the apps have variants ({string.Join(", ", plan.Groups.Select(g => g.Folder).Distinct())}); choose one with --variant, or write them all with --output <dir>");

            var errors = Report.Violations(ctx.Console, plan, catalog, ctx.WorkingDirectory, toStderr: true);
            if (errors > 0)
                throw new CliException($"{errors} error(s) in the definitions; nothing rendered");

            if (folder is null)
            {
                var first = true;
                foreach (var file in plan.Files)
                {
                    if (!first)
                        ctx.Console.Out.Write("---\n");
                    first = false;
                    var yaml = Encoding.UTF8.GetString(file.App.Yaml);
                    ctx.Console.Out.Write(yaml.EndsWith('\n') ? yaml : yaml + "\n");
                }

                return ExitCodes.Success;
            }

            // Written as the build writes its output folder: the same files, index.json, stale files of an earlier
            // render removed.
            var root = Path.GetFullPath(folder, ctx.WorkingDirectory);
            var written = ManifestOutput.Write(plan, root, catalog.ProjectFile, ctx.Console.Note);
            if (written.Refused is { } refused)
                throw new CliException(refused.TrimEnd('.'));
            foreach (var file in plan.Files)
                ctx.Console.Line($"{Shown(Path.Combine(root, file.File), ctx.WorkingDirectory)}  ({file.App.Label})");

            ctx.Console.Note($"{plan.Files.Count} file(s) and {ManifestOutput.IndexFileName} written to {root} ({written.Written} changed)");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The path relative to <paramref name="directory"/> when inside it, else absolute.</summary>
    private static string Shown(string path, string directory)
    {
        var relative = Path.GetRelativePath(directory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    public static Command Validate(CliApp cli)
    {
        var apps = CommonOptions.Apps("The apps to check (StatefulSet or member names); default all.");
        var version = CommonOptions.KubernetesVersion();
        var command = new Command("validate", "Check the definitions against the rule catalog and print every diagnostic (the same BERTHnnn rules as the build).") { apps, version };
        cli.SetHandler(command, async ctx =>
        {
            var catalog = (await ctx.LoadCatalogAsync(required: true).ConfigureAwait(false))!;
            var names = ctx.Parse.GetValue(apps) ?? Array.Empty<string>();
            // Every definition (or the ones named): one that throws is reported with the others, not first and alone.
            var selected = names.Length > 0
                ? catalog.Select(names, ctx.Variant, allVariants: true).Select(a => a.Planned!).ToList()
                : catalog.Environment(ctx.Variant, allVariants: true).Select(catalog.Create).ToList();
            var plan = catalog.Plan(selected, ctx.Parse.GetValue(version));
            var errors = Report.Violations(ctx.Console, plan, catalog, ctx.WorkingDirectory, toStderr: false, includeAdvice: true, out var warnings);
            var count = plan.Apps.Count;
            ctx.Console.Line($"{count} app(s) checked: {errors} error(s), {warnings} warning(s)");
            return errors > 0 ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }
}
