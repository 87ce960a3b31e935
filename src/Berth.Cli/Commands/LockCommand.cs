using System.CommandLine;
using System.Linq;
using Berth.Cli.Output;
using Berth.Planning;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>berth lock update</c>: rewrites the project's lock file (berth.lock.json beside the project file) from the definitions,
/// accepting every change to a locked field, as <c>dotnet build -p:BerthUpdateLock=true</c> does.
/// </summary>
internal static class LockCommand
{
    public static Command Lock(CliApp cli)
    {
        var update = new Command("update", "Rewrite the project's berth.lock.json from the definitions: new apps are added, removed ones dropped, and changes to locked fields (selector, serviceName, podManagementPolicy, claim templates, name, namespace) accepted. Review and commit the diff; the same as 'dotnet build -p:BerthUpdateLock=true'.");
        cli.SetHandler(update, async ctx =>
        {
            var catalog = (await ctx.LoadCatalogAsync(required: true).ConfigureAwait(false))!;
            if (catalog.ProjectFile is null)
                throw new UsageException("berth lock update needs the project (the lock file lives beside the project file); pass --project <file.csproj> instead of --assembly");
            var projectLock = ProjectLock.Load(ProjectLock.PathFor(catalog.ProjectFile), accept: true);
            var apps = catalog.Environment(null, allVariants: true).Select(catalog.Create).ToList();
            var plan = ManifestPlan.Create(apps, catalog.Severity, projectLock: projectLock);
            var errors = Report.Violations(ctx.Console, plan, catalog, ctx.WorkingDirectory, toStderr: true);
            if (errors > 0)
                throw new CliException($"{errors} error(s) in the definitions; {projectLock.FileName} is not updated");

            var result = plan.LockResult!;
            if (!projectLock.Write(result))
            {
                ctx.Console.Line($"{projectLock.Path} is up to date ({result.Lock.Apps.Count} app(s)).");
                return ExitCodes.Success;
            }

            foreach (var app in result.Added)
                ctx.Console.Line($"  added {app}");
            foreach (var app in result.Removed)
                ctx.Console.Line($"  removed {app} (no longer defined)");
            foreach (var rename in result.Renamed)
                ctx.Console.Line($"  {rename}");
            foreach (var change in result.Accepted)
                ctx.Console.Line($"  accepted {change}");
            ctx.Console.Line($"{projectLock.Path} {(projectLock.Exists ? "updated" : "written")} ({result.Lock.Apps.Count} app(s)); review and commit it.");
            return ExitCodes.Success;
        });
        return new Command("lock", "The project's lock file (berth.lock.json): the fields a live StatefulSet cannot change, checked by every build.") { update };
    }
}
