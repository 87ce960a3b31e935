using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Berth.Client;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Berth.Cli.Output;

/// <summary>
/// Shows a rollout per pod ordinal while it runs: a live table when stdout is an interactive terminal, otherwise one
/// plain line each time a pod changes (<c>postgres-2  Ready  rev 5d8f7c9b6</c>), so logs and pipes stay readable.
/// </summary>
internal sealed class RolloutView : IProgress<RolloutProgress>
{
    private readonly CliConsole console;
    private readonly object gate = new();
    private readonly Dictionary<int, string> printed = new();
    private readonly List<string> notices = new();
    private LiveDisplayContext? live;
    private RolloutProgress? last;

    private RolloutView(CliConsole console) => this.console = console;

    /// <summary>Runs <paramref name="wait"/> with progress shown, then reports how the rollout ended.</summary>
    /// <returns>The result; the caller decides what a failed outcome means.</returns>
    public static async Task<RolloutResult> ShowAsync(CliConsole console, Func<IProgress<RolloutProgress>, Task<RolloutResult>> wait)
    {
        var view = new RolloutView(console);
        if (!console.Interactive)
            return await wait(view).ConfigureAwait(false);

        RolloutResult? result = null;
        await console.Ansi.Live(new Text("waiting for the StatefulSet controller..."))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .StartAsync(async ctx =>
            {
                lock (view.gate)
                    view.live = ctx;
                result = await wait(view).ConfigureAwait(false);
                lock (view.gate)
                {
                    ctx.UpdateTarget(view.Render(result.Final));
                    view.live = null;
                }
            }).ConfigureAwait(false);
        return result!;
    }

    /// <summary>A view that prints plain lines only, also on a terminal (a canary asks questions between its waits).</summary>
    public static IProgress<RolloutProgress> Lines(CliConsole console) => new RolloutView(console);

    /// <inheritdoc/>
    public void Report(RolloutProgress value)
    {
        lock (gate)
        {
            last = value;
            if (value.Notice is { } notice)
            {
                // something the wait did or saw (a pod deleted, the API server lost or back): always shown
                notices.Add(notice);
                if (live is null)
                    console.Line(notice);
            }

            if (live is not null)
            {
                live.UpdateTarget(Render(value));
                return;
            }

            var width = value.Pods.Select(p => p.Name.Length).DefaultIfEmpty(0).Max();
            foreach (var pod in value.Pods)
            {
                var line = PlainLine(value.Name, pod, width);
                if (printed.TryGetValue(pod.Ordinal, out var before) && before == line)
                    continue;
                printed[pod.Ordinal] = line;
                console.Line(line);
            }
        }
    }

    /// <summary>"postgres-2  Ready        rev 5d8f7c9b6", with the reason when the pod is not done.</summary>
    public static string PlainLine(string setName, PodProgress pod, int nameWidth)
    {
        var line = $"{pod.Name.PadRight(nameWidth)}  {State(pod),-11}  rev {ShortRevision(setName, pod.Revision)}";
        if (pod.Exists && pod.Wanted && pod.ShouldUpdate && !pod.Updated)
            line += " (old)";
        if (!pod.Done && pod.Reason.Length > 0 && !string.Equals(pod.Reason, State(pod), StringComparison.OrdinalIgnoreCase))
            line += "  " + pod.Reason;
        return line.TrimEnd();
    }

    /// <summary>Ready, Running, Pending, Terminating, Waiting (not created yet) or Removed.</summary>
    public static string State(PodProgress pod) =>
        !pod.Exists ? (pod.Wanted ? "Waiting" : "Removed")
        : pod.Terminating ? "Terminating"
        : pod.Ready ? "Ready"
        : pod.Phase ?? "Pending";

    /// <summary>The controller-revision hash without the "&lt;set&gt;-" prefix; "-" when unknown.</summary>
    public static string ShortRevision(string setName, string? revision) =>
        string.IsNullOrEmpty(revision) ? "-"
        : revision.StartsWith(setName + "-", StringComparison.Ordinal) ? revision[(setName.Length + 1)..]
        : revision;

    /// <summary>The live table with the notices so far under it.</summary>
    private IRenderable Render(RolloutProgress progress) =>
        notices.Count == 0 ? Table(progress, console.Color) : new Rows(new IRenderable[] { Table(progress, console.Color) }.Concat(notices.Select(n => new Text(n))));

    private static Table Table(RolloutProgress progress, bool color)
    {
        var table = new Table().Border(TableBorder.Rounded).Expand();
        table.AddColumn("POD").AddColumn("STATUS").AddColumn("REVISION").AddColumn("NOTE");
        foreach (var pod in progress.Pods)
        {
            var state = State(pod);
            var style = !color ? Style.Plain
                : pod.Done ? new Style(Spectre.Console.Color.Green)
                : pod.Reason.Length > 0 && pod.Exists && !pod.Terminating ? new Style(Spectre.Console.Color.Yellow)
                : Style.Plain;
            var revision = ShortRevision(progress.Name, pod.Revision) + (pod.Exists && pod.Wanted && pod.ShouldUpdate && !pod.Updated ? " (old)" : string.Empty);
            var note = pod.Done || string.Equals(pod.Reason, state, StringComparison.OrdinalIgnoreCase) ? string.Empty : pod.Reason;
            table.AddRow(new Text(pod.Name), new Text(state, style), new Text(revision), new Text(note));
        }

        table.Caption(new TableTitle(Markup.Escape($"{progress.Message}  ({progress.Elapsed.TotalSeconds:0}s)")));
        return table;
    }
}
