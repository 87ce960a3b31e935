using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Berth.Cli.Definitions;
using Berth.Cli.Output;
using Berth.Rules;

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
        var command = new Command("render", "Write the YAML of the apps (validated first) to stdout or a folder.") { apps, output };
        cli.SetHandler(command, async ctx =>
        {
            var catalog = (await ctx.LoadCatalogAsync(required: true).ConfigureAwait(false))!;
            var selected = catalog.Select(ctx.Parse.GetValue(apps) ?? Array.Empty<string>(), ctx.Variant, allVariants: true);
            var folder = ctx.Parse.GetValue(output);
            // On stdout, apps without variants are written once; in a folder, as the build lays them out.
            var groups = AppGroup.Of(catalog, selected, folder is null && selected.All(a => a.Variant is null) ? string.Empty : ctx.Variant);
            if (folder is null && groups.Select(g => g.Folder).Distinct().Count() > 1)
                throw new UsageException($"the apps have variants ({string.Join(", ", groups.Select(g => g.Folder).Distinct())}); choose one with --variant, or write them all with --output <dir>");

            var errors = Report.Violations(ctx.Console, groups, ctx.WorkingDirectory, catalog.ProjectDirectory, toStderr: true);
            if (errors > 0)
                throw new CliException($"{errors} error(s) in the definitions; nothing rendered");

            var files = AppGroup.FileNames(groups);
            if (folder is null)
            {
                var first = true;
                foreach (var (app, _) in files)
                {
                    if (!first)
                        ctx.Console.Out.Write("---\n");
                    first = false;
                    var yaml = ManifestYaml.Serialize(app.App.Build());
                    ctx.Console.Out.Write(yaml.EndsWith('\n') ? yaml : yaml + "\n");
                }

                return ExitCodes.Success;
            }

            var root = Path.GetFullPath(folder, ctx.WorkingDirectory);
            foreach (var (app, file) in files)
            {
                var path = Path.Combine(root, file);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var yaml = ManifestYaml.Serialize(app.App.Build());
                await File.WriteAllTextAsync(path, yaml, new UTF8Encoding(false), ctx.CancellationToken).ConfigureAwait(false);
                ctx.Console.Line($"{Shown(path, ctx.WorkingDirectory)}  ({app.Member})");
            }

            ctx.Console.Note($"{files.Count} file(s) written to {root}");
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
        var command = new Command("validate", "Check the definitions against the rule catalog and print every diagnostic (the same BERTHnnn rules as the build).") { apps };
        cli.SetHandler(command, async ctx =>
        {
            var catalog = (await ctx.LoadCatalogAsync(required: true).ConfigureAwait(false))!;
            var names = ctx.Parse.GetValue(apps) ?? Array.Empty<string>();
            var created = new List<DefinedApp>();
            var failures = 0;
            if (names.Length > 0)
            {
                created.AddRange(catalog.Select(names, ctx.Variant, allVariants: true));
            }
            else
            {
                // Every definition, reporting each one that throws instead of stopping at the first.
                foreach (var entry in catalog.Environment(ctx.Variant, allVariants: true))
                {
                    var (app, error) = catalog.TryCreate(entry);
                    if (app is not null)
                    {
                        created.Add(new DefinedApp(entry, app));
                        continue;
                    }

                    failures++;
                    ctx.Console.Line($"{AppGroup.Location(new DefinedApp(entry, StatefulApp.Named(entry.MemberName)), ctx.WorkingDirectory, catalog.ProjectDirectory)}: error: {error}");
                }
            }

            var groups = AppGroup.Of(catalog, created, ctx.Variant);
            var errors = failures + Report.Violations(ctx.Console, groups, ctx.WorkingDirectory, catalog.ProjectDirectory, toStderr: false, includeAdvice: true, out var warnings);
            var count = groups.SelectMany(g => g.Apps).Distinct().Count() + failures;
            ctx.Console.Line($"{count} app(s) checked: {errors} error(s), {warnings} warning(s)");
            return errors > 0 ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }
}
