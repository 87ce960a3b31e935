using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Berth.Cli.Definitions;
using Berth.Client;
using Berth.Planning;
using Berth.Rules;
using Spectre.Console;

namespace Berth.Cli.Output;

/// <summary>How results are printed: diagnostics, apply and diff results, status and history tables, rollout outcomes.</summary>
internal static class Report
{
    /// <summary>Prints the errors and warnings of the plan (each once); returns the number of errors.</summary>
    public static int Violations(CliConsole console, ManifestPlan plan, AppCatalog catalog, string directory, bool toStderr) =>
        Violations(console, plan, catalog, directory, toStderr, includeAdvice: false, out _);

    /// <inheritdoc cref="Violations(CliConsole, ManifestPlan, AppCatalog, string, bool)"/>
    /// <param name="console">Where to print.</param>
    /// <param name="plan">The apps, grouped and validated as the build does.</param>
    /// <param name="catalog">The definitions (for the source locations).</param>
    /// <param name="directory">Source paths are shown relative to it.</param>
    /// <param name="toStderr">Print to stderr (when stdout carries YAML or results).</param>
    /// <param name="includeAdvice">Also print info-level advice (validate does; render and apply do not).</param>
    /// <param name="warnings">The number of warnings.</param>
    public static int Violations(CliConsole console, ManifestPlan plan, AppCatalog catalog, string directory, bool toStderr, bool includeAdvice, out int warnings)
    {
        var errors = 0;
        warnings = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var diagnostic in plan.Diagnostics)
        {
            var location = catalog.Location(diagnostic, directory);
            var severity = diagnostic.Severity switch
            {
                RuleSeverity.Error => "error",
                RuleSeverity.Warning => "warning",
                _ => "info",
            };
            var id = diagnostic.Id == WriterCodes.DefinitionThrew ? string.Empty : " " + diagnostic.Id;
            var help = diagnostic.HelpLink is null ? string.Empty : $" [{diagnostic.HelpLink}]";
            var line = $"{location}: {severity}{id}: {CliConsole.OneLine(diagnostic.Id.StartsWith("BERTH9", StringComparison.Ordinal) ? diagnostic.Message.TrimEnd('.') : diagnostic.Message)}{help}";
            if ((diagnostic.Severity is not (RuleSeverity.Error or RuleSeverity.Warning) && !includeAdvice) || !seen.Add(line))
                continue;
            if (diagnostic.Severity == RuleSeverity.Error)
                errors++;
            else if (diagnostic.Severity == RuleSeverity.Warning)
                warnings++;
            (toStderr ? console.Error : console.Out).WriteLine(line);
        }

        return errors;
    }

    /// <summary>
    /// The objects of the apply set no app defines any more: pruned (a StatefulSet with the pods removed and the claims
    /// kept, as delete says it), or what --prune would delete.
    /// </summary>
    public static void NoLongerDefined(CliConsole console, IReadOnlyList<NoLongerDefined> objects, string applySet, bool dryRun)
    {
        foreach (var o in objects)
        {
            if (!o.Deleted)
            {
                console.Line($"no longer defined: {o} in apply set {applySet}; 'berth apply --prune' {(dryRun ? "would delete" : "deletes")} it{(o.Kind == "StatefulSet" ? " (its claims are kept)" : string.Empty)}");
                continue;
            }

            console.Line($"pruned {o}: no app defines it any more (apply set {applySet})" + (o.Pods.Count > 0 ? $"; pods removed: {string.Join(", ", o.Pods)}" : string.Empty));
            if (o.Kind != "StatefulSet")
                continue;
            Claims(console, o.RemainingClaims, Array.Empty<string>(), Array.Empty<KeptClaim>(),
                $"their data stays; a StatefulSet of the same name gets them back; 'berth claims prune {o.Name} -n {o.Namespace}' deletes them", "  ");
            if (o.RemainingClaims.Count == 0)
                console.Line("  claims remaining: none");
        }
    }

    /// <summary>One app's apply result, kubectl style: one line per object, then notes and rule warnings.</summary>
    public static void Applied(CliConsole console, AppApplyResult result)
    {
        console.Line($"{result.AppName} (namespace {result.Namespace}){(result.DryRun ? " [dry run]" : string.Empty)}:");
        if (result.Error is ApplyConflictException conflict)
        {
            Conflicts(console, conflict);
            return;
        }

        if (result.Error is not null)
        {
            var lines = Secrets.Redact(result.Error.Message).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            console.Line($"  failed: {lines.FirstOrDefault()}");
            foreach (var more in lines.Skip(1))
                console.Line("    " + more);
            if (result.Error is ImmutableFieldChangeException)
                console.Line("  hint: 'berth apply --recreate-on-immutable-change' recreates the StatefulSet with orphan cascade; its pods and claims stay");
            return;
        }

        foreach (var o in result.Objects)
            console.Line($"  {o.Kind.ToLowerInvariant()}/{o.Name} {o.Action.ToString().ToLowerInvariant()}{(result.DryRun && o.Action != ApplyAction.Unchanged ? " (dry run)" : string.Empty)}");
        foreach (var change in result.RecreatedFor)
            console.Line($"  recreated for: {change}");
        foreach (var taken in result.TakenOver)
            console.Line($"  {(result.DryRun ? "would take" : "took")} {taken.Object} {taken.Field} from {taken.Owner}: {taken.Current ?? "?"} -> {taken.Desired ?? "?"}");
        if (result.Scale is { } scale)
        {
            console.Line("  " + ScaleLine(scale) + (result.DryRun ? " (dry run)" : string.Empty));
            if (scale.RemovedPods.Count > 0)
                Claims(console, scale.RemainingClaims, scale.DeletedClaims, scale.ClaimsNotDeleted, scale.ClaimsDeletedByRetentionPolicy ? "the set's retention policy deletes them" : "kept: a scale-up gives their data back", "  ");
        }

        foreach (var note in result.Notes)
            console.Line($"  note: {note}");
    }

    /// <summary>The fields of a refused apply, each with its live value, the definition's value and its owner, and the ways out.</summary>
    private static void Conflicts(CliConsole console, ApplyConflictException conflict)
    {
        console.Line($"  refused: {conflict.Conflicts.Count} field(s) owned by another field manager would change; {(conflict.Applied.Count == 0 ? "nothing was applied" : "applied before the conflict: " + string.Join(", ", conflict.Applied))}:");
        foreach (var c in conflict.Conflicts)
            console.Line($"    {c.Object} {c.Field}: live {c.Current ?? "?"} set by {c.Owner}; definition {c.Desired ?? "?"}");
        console.Line("  hint: put their value into the definition to keep it, leave the field out of the definition to let them own it, or 'berth apply --force-conflicts' to take the fields over");
    }

    /// <summary>What apply would change, per object, with a unified diff.</summary>
    public static void Diff(CliConsole console, DefinedApp app, DiffResult diff)
    {
        console.Line($"{app.Name}{(app.Variant is null ? string.Empty : $" ({app.Variant})")}: {(diff.HasChanges ? $"{diff.Objects.Count(o => o.HasChanges)} of {diff.Objects.Count} object(s) would change" : "no changes")}");
        foreach (var adaptation in diff.Adaptations)
            console.Line($"  adapted for the server: {adaptation}");
        foreach (var o in diff.Objects)
        {
            var what = o.Action switch
            {
                DiffAction.Create => "would be created",
                DiffAction.Update => $"{o.Changes.Count} field(s) would change",
                DiffAction.Recreate => "immutable fields differ: apply refuses unless --recreate-on-immutable-change (pods and claims are kept)",
                _ => "unchanged",
            };
            console.Line($"  {o.Kind.ToLowerInvariant()}/{o.Name}: {what}");
            foreach (var line in (o.ImmutablePlan ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                console.Line($"    ! {line}");
            if (o.Action != DiffAction.Create)
            {
                foreach (var c in o.Changes)
                    console.Line($"    {c}");
            }

            foreach (var c in o.Conflicts)
                console.Line(c.ByBerth
                    ? $"    apply takes back {c.Field} from {c.Owner}"
                    : $"    conflict: {c.Field} is owned by {c.Owner}; apply refuses unless --force-conflicts");
            if (o.Action == DiffAction.None || o.UnifiedDiff.Length == 0)
                continue;
            foreach (var line in o.UnifiedDiff.TrimEnd().Split('\n'))
            {
                var text = line.TrimEnd('\r');
                if (!console.Color)
                {
                    console.Line("    " + text);
                    continue;
                }

                var color = text.StartsWith("+", StringComparison.Ordinal) && !text.StartsWith("+++", StringComparison.Ordinal) ? "green"
                    : text.StartsWith("-", StringComparison.Ordinal) && !text.StartsWith("---", StringComparison.Ordinal) ? "red"
                    : text.StartsWith("@@", StringComparison.Ordinal) ? "cyan" : null;
                console.Markup(color is null ? "    " + Markup.Escape(text) : $"    [{color}]{Markup.Escape(text)}[/]");
            }
        }
    }

    /// <summary>The status of a StatefulSet: a summary, a table per pod ordinal, its claims and recent events.</summary>
    public static void Status(CliConsole console, AppStatus status)
    {
        console.Line($"statefulset/{status.Name} (namespace {status.Namespace}): {status.ReadyReplicas}/{status.DesiredReplicas} ready, {status.UpdatedReplicas} updated, {status.CurrentReplicas} current");
        console.Line($"  {status.PodManagementPolicy}, {status.UpdateStrategy}{(status.Partition is { } p and > 0 ? $" (partition {p})" : string.Empty)}; revision {Short(status, status.UpdateRevision)}" +
                     (status.CurrentRevision is { } current && current != status.UpdateRevision ? $" (pods not yet updated run {Short(status, current)})" : string.Empty) +
                     (status.ObservedGeneration < status.Generation ? $"; the controller has not seen generation {status.Generation} yet" : string.Empty));

        var table = NewTable(console).AddColumn("ORDINAL").AddColumn("POD").AddColumn("PHASE").AddColumn("READY").AddColumn("REVISION").AddColumn("NODE").AddColumn("RESTARTS").AddColumn("AGE").AddColumn("REASON");
        foreach (var pod in status.Pods)
        {
            var revision = pod.Revision is null ? "-" : Short(status, pod.Revision) + (pod.OnUpdateRevision ? string.Empty : " (old)");
            var phase = !pod.Exists ? "Missing" : pod.Terminating ? "Terminating" : pod.Phase ?? "Unknown";
            table.AddRow(
                Cell(pod.Ordinal.ToString(CultureInfo.InvariantCulture)),
                Cell(pod.Name),
                Cell(phase, console.Color ? (pod.Ready ? Color.Green : pod.Exists ? Color.Yellow : Color.Red) : null),
                Cell(pod.Ready ? "yes" : "no"),
                Cell(revision),
                Cell(pod.Node ?? "-"),
                Cell(pod.Restarts.ToString(CultureInfo.InvariantCulture)),
                Cell(pod.Created is { } created ? Age(DateTimeOffset.UtcNow - created) : "-"),
                Cell(pod.Reason));
        }

        console.Ansi.Write(table);
        if (status.Claims.Count > 0)
        {
            console.Line("claims:");
            foreach (var c in status.Claims)
                console.Line($"  {c.Name}  {c.Phase ?? "-"}  {c.Capacity ?? string.Empty}".TrimEnd() + (status.Pods.Any(x => x.Ordinal == c.Ordinal) ? string.Empty : "  (no pod: kept from a scale-down or delete)"));
        }

        if (status.Events.Count > 0)
        {
            console.Line("recent events:");
            foreach (var e in status.Events.TakeLast(10))
                console.Line("  " + e);
        }
    }

    /// <summary>The ControllerRevisions of the set, or one revision in detail.</summary>
    public static void History(CliConsole console, RevisionHistory history, long? revision)
    {
        if (revision is { } number)
        {
            var r = history.Revisions.FirstOrDefault(x => x.Number == number)
                    ?? throw new CliException($"statefulset/{history.Name} has no revision {number}; revisions: {string.Join(", ", history.Revisions.Select(x => x.Number))}");
            console.Line($"statefulset/{history.Name} (namespace {history.Namespace}) revision {r.Number}: {r.Name}{Marks(r)}");
            console.Line($"  created: {r.Created?.ToString("u", CultureInfo.InvariantCulture) ?? "-"}");
            foreach (var (container, image) in r.Images)
                console.Line($"  image {container}: {image}");
            console.Line($"  pods: {(r.Pods.Count == 0 ? "none" : string.Join(", ", r.Pods))}");
            if (r.Changes.Count > 0)
            {
                console.Line("  changes from the previous revision:");
                foreach (var c in r.Changes)
                    console.Line("    " + c);
            }

            return;
        }

        console.Line($"statefulset/{history.Name} (namespace {history.Namespace})");
        var table = NewTable(console).AddColumn("REVISION").AddColumn("NAME").AddColumn("IMAGES").AddColumn("PODS").AddColumn("CHANGE");
        foreach (var r in history.Revisions)
        {
            table.AddRow(
                Cell(r.Number.ToString(CultureInfo.InvariantCulture) + Marks(r)),
                Cell(r.Name),
                Cell(string.Join(", ", r.Images.Select(i => $"{i.Key}={i.Value}"))),
                Cell(r.Pods.Count.ToString(CultureInfo.InvariantCulture)),
                Cell(r.ChangeSummary.Length > 0 ? r.ChangeSummary : r == history.Revisions[0] ? "(first)" : "-"));
        }

        console.Ansi.Write(table);
    }

    /// <summary>
    /// Prints how a rollout ended. Complete and OnDelete-pending are fine; any other outcome prints the blocking pod,
    /// the fix and recent warnings, then fails the command.
    /// </summary>
    public static void Rollout(CliConsole console, RolloutResult result)
    {
        var words = RolloutWords(result.Name);
        switch (result.Outcome)
        {
            case RolloutOutcome.Complete:
                console.Line(result.MessageIn(words));
                return;
            case RolloutOutcome.OnDeletePending:
                console.Line(result.MessageIn(words));
                if (result.PodsOnOldRevision.Count > 0)
                    console.Line($"  pods on an old revision (OnDelete: delete them to update): {string.Join(", ", result.PodsOnOldRevision)}");
                return;
        }

        if (result.BlockingPod is not null)
            console.Error.WriteLine($"  waiting for {result.BlockingPod}: {result.BlockingReason}");
        if (result.Stuck is { } stuck)
            console.Error.WriteLine($"  stuck: {stuck.Pod} ({stuck.Reason}); fix: {stuck.FixIn(words)}");
        if (result.SupersededBy is { } change)
            console.Error.WriteLine($"  template {change}");
        foreach (var deleted in result.DeletedStuckPods)
            console.Error.WriteLine($"  deleted stuck pod {deleted}");
        foreach (var e in result.Events.TakeLast(5))
            console.Error.WriteLine($"  event: {e}");
        throw new CliException($"{result.Outcome}: {result.MessageIn(words)}");
    }

    /// <summary>
    /// A canary's steps, one line each (the step, its partition and ordinals, Ready or not, the check), then how it
    /// ended: on stdout when it completed, on stderr when it aborted or stopped (the command then fails with its message).
    /// </summary>
    public static void Canary(CliConsole console, CanaryResult result)
    {
        var failed = !result.Succeeded;
        var to = failed ? console.Error : console.Out;
        foreach (var step in result.Steps)
            to.WriteLine($"  {step}");
        if (!failed)
        {
            console.Line(result.Message);
            return;
        }

        foreach (var pod in result.DeletedPods)
            to.WriteLine($"  deleted pod {pod} (new template, not Ready)");
        to.WriteLine($"  updated when it ended: {(result.UpdatedOrdinals.Count == 0 ? "none" : string.Join(", ", result.UpdatedOrdinals.Select(o => $"{result.Name}-{o}")))}");
        to.WriteLine(result.Outcome switch
        {
            CanaryOutcome.RolledBack => $"  state reached: every pod Ready on revision {result.PreviousRevision}, partition {result.Partition} (as before the canary)",
            CanaryOutcome.RollbackIncomplete => $"  state reached: revision {result.PreviousRevision} and partition {result.Partition} restored, rollback not complete ('berth rollout status {result.Name} --fix-stuck' follows it)",
            _ => $"  state reached: nothing restored; partition {result.Partition}",
        });
    }

    /// <summary>The CLI's names for what rollout messages advise: its commands and flags, not the C# API's.</summary>
    public static RolloutWords RolloutWords(string app) => new()
    {
        Undo = $"berth rollout undo {app}",
        FixStuck = $"--fix-stuck (berth rollout status {app} --fix-stuck)",
    };

    /// <summary>"claims deleted: …", claims not deleted after all, and the claims that remain with <paramref name="keptHint"/>.</summary>
    public static void Claims(CliConsole console, IReadOnlyList<ClaimInfo> remaining, IReadOnlyList<string> deleted, IReadOnlyList<KeptClaim> notDeleted, string keptHint, string indent = "")
    {
        if (deleted.Count > 0)
            console.Line($"{indent}claims deleted: {string.Join(", ", deleted)}");
        foreach (var kept in notDeleted)
            console.Line($"{indent}claim not deleted: {kept}");
        if (remaining.Count > 0)
            console.Line($"{indent}claims remaining: {string.Join(", ", remaining.Select(c => c.Name))} ({keptHint})");
    }

    /// <summary>One row per claim: name, ordinal, template, size, status, age and, with <paramref name="use"/>, who uses it.</summary>
    public static void ClaimTable(CliConsole console, IEnumerable<ClaimInfo> claims, Func<ClaimInfo, string>? use = null)
    {
        var table = NewTable(console).AddColumn("NAME").AddColumn("ORDINAL").AddColumn("TEMPLATE").AddColumn("SIZE").AddColumn("STATUS").AddColumn("AGE");
        if (use is not null)
            table.AddColumn("USE");
        foreach (var c in claims)
        {
            var cells = new List<Text>
            {
                Cell(c.Name),
                Cell(c.Ordinal.ToString(CultureInfo.InvariantCulture)),
                Cell(c.Template),
                Cell(c.Capacity ?? c.Requested ?? "-"),
                Cell(c.Phase ?? "-"),
                Cell(c.Created is { } created ? Age(DateTimeOffset.UtcNow - created) : "-"),
            };
            if (use is not null)
                cells.Add(Cell(use(c)));
            table.AddRow(cells);
        }

        console.Ansi.Write(table);
    }

    /// <summary>What <c>berth claims list</c> prints: a summary line, then every claim and whether a pod uses it or it is left over.</summary>
    public static void ClaimList(CliConsole console, ClaimList list)
    {
        var summary = list.StatefulSetExists
            ? $"statefulset/{list.Name} (namespace {list.Namespace}): {list.Replicas} replica(s)"
            : $"statefulset/{list.Name} does not exist in namespace {list.Namespace}: every claim of it is left over";
        console.Line($"{summary}; {list.Claims.Count} claim(s) from template(s) {string.Join(", ", list.Templates)}: {list.InUse.Count} of the set's pods, {list.Leftover.Count} left over");
        if (list.Claims.Count == 0)
            return;
        ClaimTable(console, list.Claims, c => ClaimUse(list, c));
        if (list.Leftover.Count > 0)
            console.Line($"left-over claims keep their data; a scale-up gives them back to their pods; 'berth claims prune {list.Name}' deletes them");
    }

    /// <summary>"pod web-0", "left over", "left over, mounted by pod x".</summary>
    public static string ClaimUse(ClaimList list, ClaimInfo claim)
    {
        var mounted = claim.MountedBy.Count > 0 ? "mounted by pod " + string.Join(", ", claim.MountedBy) : null;
        if (!list.IsLeftover(claim))
            return $"pod {list.Name}-{claim.Ordinal}" + (mounted is null || claim.MountedBy.SequenceEqual(new[] { $"{list.Name}-{claim.Ordinal}" }) ? string.Empty : $" ({mounted})");
        return mounted is null ? "left over" : "left over, " + mounted;
    }

    /// <summary>The claims an operation is about to delete (with size and age), and those it keeps.</summary>
    public static void ClaimPlan(CliConsole console, ClaimDeletionPlan plan, string heading)
    {
        console.Line(heading);
        ClaimTable(console, plan.Claims);
        KeptClaims(console, plan.Kept, "kept");
    }

    /// <summary>"kept (of the set's pods): data-web-0, data-web-1" lines, one per reason.</summary>
    public static void KeptClaims(CliConsole console, IEnumerable<KeptClaim> kept, string label)
    {
        foreach (var group in kept.GroupBy(k => k.Reason.StartsWith("belongs to pod", StringComparison.Ordinal) ? "of the set's pods" : k.Reason))
            console.Line($"{label} ({group.Key}): {string.Join(", ", group.Select(k => k.Claim.Name))}");
    }

    /// <summary>"statefulset/web (namespace shop) scaled 3 -> 5; pods added: web-3, web-4", as scale and apply print it.</summary>
    public static string ScaleLine(ScaleResult result) =>
        $"statefulset/{result.Name} (namespace {result.Namespace}) scaled {result.PreviousReplicas} -> {result.Replicas}" +
        (result.AddedPods.Count > 0 ? $"; pods added: {string.Join(", ", result.AddedPods)}" : string.Empty) +
        (result.RemovedPods.Count > 0 ? $"; pods removed: {string.Join(", ", result.RemovedPods)}" : string.Empty);

    private static string Marks(RevisionInfo r) => (r.IsUpdate ? " (update)" : string.Empty) + (r.IsCurrent && !r.IsUpdate ? " (current)" : string.Empty);

    private static string Short(AppStatus status, string? revision) => RolloutView.ShortRevision(status.Name, revision);

    private static Table NewTable(CliConsole console)
    {
        var table = new Table();
        if (console.Color)
        {
            table.Border(TableBorder.Rounded);
        }
        else
        {
            table.Border(TableBorder.None);
            table.ShowHeaders = true;
        }

        return table;
    }

    private static Text Cell(string text, Color? color = null) => new(text, color is { } c ? new Style(c) : Style.Plain);

    /// <summary>kubectl's age format: 45s, 12m, 3h, 5d.</summary>
    public static string Age(TimeSpan age) =>
        age.TotalSeconds < 0 ? "0s"
        : age.TotalMinutes < 2 ? $"{(int)age.TotalSeconds}s"
        : age.TotalHours < 2 ? $"{(int)age.TotalMinutes}m"
        : age.TotalDays < 2 ? $"{(int)age.TotalHours}h"
        : $"{(int)age.TotalDays}d";
}
