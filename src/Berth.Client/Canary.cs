using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Berth.Client;

/// <summary>How a canary step says how far the new template goes (see <see cref="CanaryStep"/>).</summary>
public enum CanaryStepKind
{
    /// <summary>A number of pods: the highest ordinals (<c>1</c>: the last pod).</summary>
    Pods,

    /// <summary>A percentage of the replicas, rounded up to whole pods (<c>50%</c> of 3 is 2).</summary>
    Percent,

    /// <summary>An ordinal threshold: that ordinal and every higher one (<c>@2</c>: ordinals 2 and up).</summary>
    FromOrdinal,
}

/// <summary>
/// One step of a canary rollout: how many pods run the new template after it, counted from the highest ordinal down
/// (the StatefulSet controller updates the ordinals at or above the partition). Written <c>N</c> (that many pods),
/// <c>P%</c> (that share of the replicas, rounded up, at least one pod) or <c>@O</c> (ordinal O and every higher one).
/// Each step must update more pods than the one before.
/// </summary>
public sealed record CanaryStep
{
    private CanaryStep(CanaryStepKind kind, int value)
    {
        Kind = kind;
        Value = value;
    }

    /// <summary>How <see cref="Value"/> counts.</summary>
    public CanaryStepKind Kind { get; }

    /// <summary>The pod count, the percentage or the ordinal.</summary>
    public int Value { get; }

    /// <summary>The <paramref name="count"/> highest ordinals (at least 1).</summary>
    public static CanaryStep Pods(int count) =>
        count >= 1 ? new(CanaryStepKind.Pods, count) : throw new ArgumentOutOfRangeException(nameof(count), count, $"a canary step updates at least 1 pod, not {count}");

    /// <summary><paramref name="percent"/> (1 to 100) of the replicas, rounded up to whole pods.</summary>
    public static CanaryStep Percent(int percent) =>
        percent is >= 1 and <= 100 ? new(CanaryStepKind.Percent, percent) : throw new ArgumentOutOfRangeException(nameof(percent), percent, $"a canary step's percentage is 1 to 100, not {percent}");

    /// <summary>Ordinal <paramref name="ordinal"/> and every higher one.</summary>
    public static CanaryStep FromOrdinal(int ordinal) =>
        ordinal >= 0 ? new(CanaryStepKind.FromOrdinal, ordinal) : throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, $"an ordinal is 0 or more, not {ordinal}");

    /// <summary>
    /// Reads steps written <c>1,50%,100%</c> or <c>@3,@1,@0</c> (comma-separated, kinds may mix).
    /// </summary>
    /// <exception cref="FormatException">A step that is none of <c>N</c>, <c>P%</c>, <c>@O</c>; the message names it.</exception>
    public static IReadOnlyList<CanaryStep> Parse(string steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var result = new List<CanaryStep>();
        foreach (var raw in steps.Split(',', StringSplitOptions.TrimEntries))
        {
            var text = raw;
            CanaryStep? step = null;
            if (text.EndsWith('%') && Number(text[..^1]) is { } percent && percent is >= 1 and <= 100)
                step = Percent(percent);
            else if (text.StartsWith('@') && Number(text[1..]) is { } ordinal)
                step = FromOrdinal(ordinal);
            else if (Number(text) is { } count && count >= 1)
                step = Pods(count);
            result.Add(step ?? throw new FormatException(
                $"canary step '{text}' is not a step: write a pod count (1), a percentage of the replicas from 1% to 100% (50%) or an ordinal threshold (@2: ordinals 2 and up), separated by commas, e.g. 1,50%,100%"));
        }

        return result;
    }

    private static int? Number(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>How many pods run the new template after this step, for <paramref name="replicas"/> pods from ordinal <paramref name="start"/>.</summary>
    /// <exception cref="ArgumentException">A count above the replicas or an ordinal outside the set; the message says which.</exception>
    public int PodsOf(int replicas, int start = 0) => Kind switch
    {
        CanaryStepKind.Pods when Value <= replicas => Value,
        CanaryStepKind.Pods => throw new ArgumentException($"canary step {this} asks for {Value} pods, but the set has {replicas} replica(s)"),
        CanaryStepKind.Percent => Math.Max(1, (int)Math.Ceiling(Value * replicas / 100.0)),
        _ when Value >= start && Value < start + replicas => start + replicas - Value,
        _ => throw new ArgumentException($"canary step {this} names ordinal {Value}, but the set's ordinals are {start} to {start + replicas - 1}"),
    };

    /// <summary><c>1</c>, <c>50%</c> or <c>@2</c>: as <see cref="Parse"/> reads it.</summary>
    public override string ToString() => Kind switch
    {
        CanaryStepKind.Pods => Value.ToString(CultureInfo.InvariantCulture),
        CanaryStepKind.Percent => Value.ToString(CultureInfo.InvariantCulture) + "%",
        _ => "@" + Value.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>Where a canary stands when its check runs: the step, and the pods that run the new template.</summary>
public sealed record CanaryCheckContext
{
    /// <summary>The StatefulSet.</summary>
    public required string Name { get; init; }

    /// <summary>The namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The step, from 1.</summary>
    public required int Step { get; init; }

    /// <summary>How many steps there are.</summary>
    public required int Steps { get; init; }

    /// <summary>The step as written (<c>50%</c>), or <c>rest</c> for the final step the canary added.</summary>
    public required string Spec { get; init; }

    /// <summary>The partition after the step.</summary>
    public required int Partition { get; init; }

    /// <summary>The pods on the new template, highest ordinal first.</summary>
    public required IReadOnlyList<string> UpdatedPods { get; init; }

    /// <summary>The new template's revision (ControllerRevision name).</summary>
    public string? Revision { get; init; }
}

/// <summary>What a canary check found.</summary>
/// <param name="Passed">True to go on, false to abort and roll back.</param>
/// <param name="Message">What was checked and seen, for the report (e.g. <c>GET http://… answered 200 OK</c>).</param>
public sealed record CanaryCheckResult(bool Passed, string Message)
{
    /// <summary>A passed check.</summary>
    public static CanaryCheckResult Pass(string message) => new(true, message);

    /// <summary>A failed check: the canary aborts.</summary>
    public static CanaryCheckResult Fail(string message) => new(false, message);
}

/// <summary>
/// The check a canary runs after each step, once the step's pods are Ready: a callback (<see cref="Of(string, Func{CanaryCheckContext, CancellationToken, Task{CanaryCheckResult}})"/>),
/// a command whose exit code decides (<see cref="Command"/>) or an HTTP GET that must answer 2xx (<see cref="HttpGet"/>).
/// A check that throws counts as failed (its message is the reason); cancelling the canary's token cancels it.
/// </summary>
public sealed class CanaryCheck
{
    private readonly Func<CanaryCheckContext, CancellationToken, Task<CanaryCheckResult>> check;

    private CanaryCheck(string description, Func<CanaryCheckContext, CancellationToken, Task<CanaryCheckResult>> check)
    {
        Description = description;
        this.check = check;
    }

    /// <summary>What the check does, for progress and reports.</summary>
    public string Description { get; }

    /// <summary>A check written in code.</summary>
    public static CanaryCheck Of(string description, Func<CanaryCheckContext, CancellationToken, Task<CanaryCheckResult>> check)
    {
        ArgumentException.ThrowIfNullOrEmpty(description);
        ArgumentNullException.ThrowIfNull(check);
        return new(description, check);
    }

    /// <summary>A check written in code that answers yes or no.</summary>
    public static CanaryCheck Of(string description, Func<CanaryCheckContext, CancellationToken, Task<bool>> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return Of(description, async (c, ct) => await check(c, ct).ConfigureAwait(false) ? CanaryCheckResult.Pass(description + ": passed") : CanaryCheckResult.Fail(description + ": failed"));
    }

    /// <summary>
    /// Runs <paramref name="command"/> with the system shell (<c>/bin/sh -c</c>; <c>cmd /c</c> on Windows): exit code 0
    /// passes, anything else fails (the end of its output is in the message), as does not finishing within
    /// <paramref name="timeout"/> (default 5 minutes; the process is killed). The command sees the step in
    /// <c>BERTH_CANARY_APP</c>, <c>BERTH_CANARY_NAMESPACE</c>, <c>BERTH_CANARY_STEP</c>, <c>BERTH_CANARY_STEPS</c>,
    /// <c>BERTH_CANARY_PARTITION</c>, <c>BERTH_CANARY_PODS</c> (the updated pods, space-separated) and <c>BERTH_CANARY_REVISION</c>.
    /// </summary>
    public static CanaryCheck Command(string command, TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        var limit = timeout ?? TimeSpan.FromMinutes(5);
        return new($"command `{command}`", (c, ct) => RunCommandAsync(command, limit, c, ct));
    }

    /// <summary>
    /// Sends a GET to <paramref name="url"/>: a 2xx answer passes; another status, no answer or no answer within
    /// <paramref name="timeout"/> (default 30 seconds) fails.
    /// </summary>
    public static CanaryCheck HttpGet(Uri url, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"a canary HTTP check needs an absolute http:// or https:// URL, not '{url}'", nameof(url));
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        return new($"GET {url}", (_, ct) => GetAsync(url, limit, ct));
    }

    /// <summary>Runs the check; an exception other than the caller's cancellation is a failed check.</summary>
    internal async Task<CanaryCheckResult> RunAsync(CanaryCheckContext context, CancellationToken ct)
    {
        try
        {
            return await check(context, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
        {
            return CanaryCheckResult.Fail($"{Description} threw {e.GetType().Name}: {e.Message}");
        }
    }

    private static async Task<CanaryCheckResult> RunCommandAsync(string command, TimeSpan timeout, CanaryCheckContext c, CancellationToken ct)
    {
        var windows = OperatingSystem.IsWindows();
        var start = new ProcessStartInfo(windows ? "cmd.exe" : "/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(windows ? "/c" : "-c");
        start.ArgumentList.Add(command);
        start.Environment["BERTH_CANARY_APP"] = c.Name;
        start.Environment["BERTH_CANARY_NAMESPACE"] = c.Namespace;
        start.Environment["BERTH_CANARY_STEP"] = c.Step.ToString(CultureInfo.InvariantCulture);
        start.Environment["BERTH_CANARY_STEPS"] = c.Steps.ToString(CultureInfo.InvariantCulture);
        start.Environment["BERTH_CANARY_PARTITION"] = c.Partition.ToString(CultureInfo.InvariantCulture);
        start.Environment["BERTH_CANARY_PODS"] = string.Join(' ', c.UpdatedPods);
        start.Environment["BERTH_CANARY_REVISION"] = c.Revision ?? string.Empty;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var output = new StringBuilder();
        void Collect(object? _, DataReceivedEventArgs e)
        {
            if (e.Data is null)
                return;
            lock (output)
                output.AppendLine(e.Data);
        }

        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            ct.ThrowIfCancellationRequested();
            return CanaryCheckResult.Fail($"command `{command}` did not finish within {RolloutResult.Seconds(timeout)} (killed){Tail(output)}");
        }

        process.WaitForExit(); // the output events are complete after this
        return process.ExitCode == 0
            ? CanaryCheckResult.Pass($"command `{command}` exited 0{Tail(output)}")
            : CanaryCheckResult.Fail($"command `{command}` exited {process.ExitCode}{Tail(output)}");
    }

    /// <summary>": &lt;the last lines of the output&gt;" (at most 5 lines, 500 characters), or nothing.</summary>
    private static string Tail(StringBuilder output)
    {
        string text;
        lock (output)
            text = output.ToString().Trim();
        if (text.Length == 0)
            return string.Empty;
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var tail = string.Join(" | ", lines.TakeLast(5));
        return ": " + (tail.Length > 500 ? "..." + tail[^500..] : tail);
    }

    private static async Task<CanaryCheckResult> GetAsync(Uri url, TimeSpan timeout, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, limit.Token).ConfigureAwait(false);
            var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
            return response.IsSuccessStatusCode
                ? CanaryCheckResult.Pass($"GET {url} answered {status}")
                : CanaryCheckResult.Fail($"GET {url} answered {status} (not 2xx)");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return CanaryCheckResult.Fail($"GET {url}: no answer within {RolloutResult.Seconds(timeout)}");
        }
        catch (HttpRequestException e)
        {
            return CanaryCheckResult.Fail($"GET {url} failed: {e.Message}");
        }
    }
}

/// <summary>How <see cref="StatefulAppClient.CanaryAsync"/> rolls out.</summary>
public sealed record CanaryOptions
{
    /// <summary>
    /// The steps (see <see cref="CanaryStep"/>; <see cref="CanaryStep.Parse"/> reads <c>1,50%,100%</c>). Each must
    /// update more pods than the one before; when the last does not reach every pod, a final step (<c>rest</c>) does.
    /// </summary>
    public required IReadOnlyList<CanaryStep> Steps { get; init; }

    /// <summary>Run after each step once its pods are Ready; a failed check aborts and rolls back. Null: readiness only.</summary>
    public CanaryCheck? Check { get; init; }

    /// <summary>
    /// The new images, container (or init container) name to image, as <see cref="StatefulAppClient.SetImageAsync"/>
    /// sets them on the live template. Null (the default): the new template is the definition's, applied as
    /// <see cref="StatefulAppClient.ApplyAsync"/> applies it.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Images { get; init; }

    /// <summary>How each step's wait, and the rollback's, wait (timeout, progress deadline, progress).</summary>
    public RolloutOptions? Rollout { get; init; }
}

/// <summary>How a canary ended.</summary>
public enum CanaryOutcome
{
    /// <summary>Every step's pods became Ready and passed the check; the partition is at its final value.</summary>
    Completed,

    /// <summary>The template was already live on every pod: nothing to roll out (the partition is at its final value).</summary>
    Unchanged,

    /// <summary>A check failed or a step's pods did not become Ready: the previous template and partition were restored, and every pod is back and Ready.</summary>
    RolledBack,

    /// <summary>Aborted and restored, but the rollback did not finish in time (<see cref="CanaryResult.Rollback"/> says where it stands).</summary>
    RollbackIncomplete,

    /// <summary>Someone else changed the template or replaced the set during the canary: it stopped and restored nothing.</summary>
    Stopped,
}

/// <summary>One step of a canary.</summary>
public sealed record CanaryStepResult
{
    /// <summary>The step, from 1.</summary>
    public required int Number { get; init; }

    /// <summary>The step as written (<c>50%</c>), or <c>rest</c> for the final step the canary added.</summary>
    public required string Spec { get; init; }

    /// <summary>The partition the step set.</summary>
    public required int Partition { get; init; }

    /// <summary>The ordinals the step puts on the new template (at or above the partition), highest first.</summary>
    public required IReadOnlyList<int> Ordinals { get; init; }

    /// <summary>True when those pods ran the new revision and were Ready.</summary>
    public bool Ready { get; init; }

    /// <summary>The wait for the step's pods.</summary>
    public RolloutResult? Rollout { get; init; }

    /// <summary>The check's verdict (null: no check, or the pods never became Ready).</summary>
    public CanaryCheckResult? Check { get; init; }

    /// <summary>True when the pods became Ready and the check (if any) passed.</summary>
    public bool Passed => Ready && Check?.Passed != false;

    /// <summary>"step 2 (50%): partition 2, ordinals 3, 2: Ready; GET … answered 200 OK".</summary>
    public override string ToString() =>
        $"step {Number} ({Spec}): partition {Partition}, ordinals {string.Join(", ", Ordinals)}: " +
        (Ready ? "Ready" : "not Ready" + (Rollout is null ? string.Empty : $" ({Rollout.Outcome})")) +
        (Check is null ? string.Empty : $"; check {(Check.Passed ? "passed" : "failed")}: {Check.Message}");
}

/// <summary>What a canary did.</summary>
public sealed record CanaryResult
{
    /// <summary>The StatefulSet.</summary>
    public required string Name { get; init; }

    /// <summary>The namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>How it ended.</summary>
    public required CanaryOutcome Outcome { get; init; }

    /// <summary>One line: what happened and the state reached.</summary>
    public required string Message { get; init; }

    /// <summary>The steps run, in order (the failed one last when it aborted).</summary>
    public IReadOnlyList<CanaryStepResult> Steps { get; init; } = Array.Empty<CanaryStepResult>();

    /// <summary>The steps planned, as written (<c>1</c>, <c>50%</c>, <c>rest</c>), after capping at the final partition.</summary>
    public IReadOnlyList<string> Plan { get; init; } = Array.Empty<string>();

    /// <summary>The new template's revision (ControllerRevision name), once the controller made it.</summary>
    public string? Revision { get; init; }

    /// <summary>The revision every pod ran before (the set's current revision), restored by an abort.</summary>
    public required string PreviousRevision { get; init; }

    /// <summary>The partition before the canary, restored by an abort.</summary>
    public int PreviousPartition { get; init; }

    /// <summary>The partition at the end: the final one on success (the definition's, else 0), the previous one after an abort.</summary>
    public int Partition { get; init; }

    /// <summary>The ordinals that ran the new template when the canary ended or aborted, highest first.</summary>
    public IReadOnlyList<int> UpdatedOrdinals { get; init; } = Array.Empty<int>();

    /// <summary>The step that failed (from 1), when it aborted.</summary>
    public int? FailedStep { get; init; }

    /// <summary>Why it aborted or stopped.</summary>
    public string? Reason { get; init; }

    /// <summary>The wait for the rollback, after an abort.</summary>
    public RolloutResult? Rollback { get; init; }

    /// <summary>Pods the abort deleted: pods of the new template that were not Ready (an OrderedReady set waits for them forever, kubernetes issue 67250).</summary>
    public IReadOnlyList<string> DeletedPods { get; init; } = Array.Empty<string>();

    /// <summary>Everything the canary announced, in order (also reported as <see cref="RolloutProgress.Notice"/>).</summary>
    public IReadOnlyList<string> Notices { get; init; } = Array.Empty<string>();

    /// <summary>True for <see cref="CanaryOutcome.Completed"/> and <see cref="CanaryOutcome.Unchanged"/>.</summary>
    public bool Succeeded => Outcome is CanaryOutcome.Completed or CanaryOutcome.Unchanged;
}

/// <summary>A canary aborted (rolled back, or the rollback did not finish) or stopped; <see cref="Result"/> says which ordinals were updated and the state reached.</summary>
public sealed class CanaryFailedException : BerthClientException
{
    /// <summary>Creates the exception from the canary's result.</summary>
    public CanaryFailedException(CanaryResult result)
        : base(result.Message, $"statefulset/{result.Name} in namespace {result.Namespace}") => Result = result;

    /// <summary>What the canary did.</summary>
    public CanaryResult Result { get; }
}
