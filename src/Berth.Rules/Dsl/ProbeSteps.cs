using System.Collections.Generic;
using System.Globalization;
using Berth.Rules.Model;

namespace Berth.Rules.Dsl;

/// <summary>
/// What each method of <c>Probe</c> does, written once, on a <see cref="ProbeModel"/>: the factories make one, the modifiers
/// change one the caller owns (a fresh <see cref="Copy"/>). The runtime's <c>Probe</c> holds the model and renders its
/// <c>V1Probe</c> from it; the analyzers run the same steps through their table, with unknowns where the compiler cannot know.
/// </summary>
public static class ProbeSteps
{
    /// <summary><c>Probe.Tcp(port)</c>: a port name, or a number as digits.</summary>
    public static ProbeModel Tcp(Val<string?> port, object? at) => Make("tcpSocket", port, Val<string?>.Of(null), null, at);

    /// <summary><c>Probe.Http(path, port, https)</c>.</summary>
    public static ProbeModel Http(Val<string?> path, Val<string?> port, Val<bool> https, object? at)
    {
        var probe = Make("httpGet", port, path, null, at);
        probe.Scheme = https.IsKnown ? Val<string?>.Of(https.Value ? "HTTPS" : null, https.Anchor) : Val<string?>.Unknown(https.Anchor);
        return probe;
    }

    /// <summary><c>Probe.Exec(command)</c>; <paramref name="command"/> is incomplete when its items cannot be seen.</summary>
    public static ProbeModel Exec(ItemList<Val<string?>> command, object? at) => Make("exec", Val<string?>.Of(null), Val<string?>.Of(null), command, at);

    /// <summary><c>Probe.Grpc(port, service)</c>.</summary>
    public static ProbeModel Grpc(Val<string?> port, Val<string?> service, object? at)
    {
        var probe = Make("grpc", port, Val<string?>.Of(null), null, at);
        probe.GrpcService = service;
        return probe;
    }

    /// <summary><c>InitialDelay(seconds)</c>.</summary>
    public static void InitialDelay(ProbeModel p, Val<int?> seconds) => p.InitialDelaySeconds = seconds;

    /// <summary><c>Every(seconds)</c>.</summary>
    public static void Every(ProbeModel p, Val<int?> seconds) => p.PeriodSeconds = seconds;

    /// <summary><c>Timeout(seconds)</c>.</summary>
    public static void Timeout(ProbeModel p, Val<int?> seconds) => p.TimeoutSeconds = seconds;

    /// <summary><c>FailureThreshold(count)</c>.</summary>
    public static void FailureThreshold(ProbeModel p, Val<int?> count) => p.FailureThreshold = count;

    /// <summary><c>SuccessThreshold(count)</c>.</summary>
    public static void SuccessThreshold(ProbeModel p, Val<int?> count) => p.SuccessThreshold = count;

    /// <summary><c>TerminationGracePeriod(seconds)</c>.</summary>
    public static void TerminationGracePeriod(ProbeModel p, Val<long?> seconds) => p.TerminationGracePeriodSeconds = seconds;

    /// <summary>A probe of which nothing is known (an argument the front end cannot read).</summary>
    public static ProbeModel Unknown(object? at) => new()
    {
        Anchor = at,
        HandlerCount = Val<int>.Unknown(at),
        Handler = Val<string?>.Unknown(at),
        Port = Val<string?>.Unknown(at),
        Path = Val<string?>.Unknown(at),
        CommandLength = Val<int>.Unknown(at),
        Signature = Val<string?>.Unknown(at),
        InitialDelaySeconds = Val<int?>.Unknown(at),
        TimeoutSeconds = Val<int?>.Unknown(at),
        PeriodSeconds = Val<int?>.Unknown(at),
        SuccessThreshold = Val<int?>.Unknown(at),
        FailureThreshold = Val<int?>.Unknown(at),
        TerminationGracePeriodSeconds = Val<long?>.Unknown(at),
    };

    /// <summary>A copy a modifier can change (the command items, never changed, are shared).</summary>
    public static ProbeModel Copy(ProbeModel p) => new()
    {
        Anchor = p.Anchor,
        Kind = p.Kind,
        HandlerCount = p.HandlerCount,
        Handler = p.Handler,
        Port = p.Port,
        Path = p.Path,
        Scheme = p.Scheme,
        Command = p.Command,
        GrpcService = p.GrpcService,
        CommandLength = p.CommandLength,
        Signature = p.Signature,
        InitialDelaySeconds = p.InitialDelaySeconds,
        TimeoutSeconds = p.TimeoutSeconds,
        PeriodSeconds = p.PeriodSeconds,
        SuccessThreshold = p.SuccessThreshold,
        FailureThreshold = p.FailureThreshold,
        TerminationGracePeriodSeconds = p.TerminationGracePeriodSeconds,
    };

    private static ProbeModel Make(string handler, Val<string?> port, Val<string?> path, ItemList<Val<string?>>? command, object? at)
    {
        port = port.IsKnown && port.Value is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? Val<string?>.Of(n.ToString(CultureInfo.InvariantCulture), port.Anchor)
            : port;
        var probe = new ProbeModel
        {
            Anchor = at,
            HandlerCount = Val<int>.Of(1, at),
            Handler = Val<string?>.Of(handler, at),
            Port = port,
            Path = path,
        };
        var commandText = Val<string?>.Of(string.Empty);
        if (command is not null)
        {
            probe.Command = command;
            probe.CommandLength = command.IsComplete ? Val<int>.Of(command.Count, at) : Val<int>.Unknown(at);
            commandText = Joined(command, at);
        }

        probe.Signature = port.IsKnown && path.IsKnown && commandText.IsKnown
            ? Val<string?>.Of(handler + " " + port.Value + " " + path.Value + commandText.Value, at)
            : Val<string?>.Unknown(at);
        return probe;
    }

    private static Val<string?> Joined(ItemList<Val<string?>> items, object? at)
    {
        if (!items.IsComplete) return Val<string?>.Unknown(at);
        var parts = new List<string?>(items.Count);
        foreach (var item in items)
        {
            if (!item.IsKnown) return Val<string?>.Unknown(at);
            parts.Add(item.Value);
        }

        return Val<string?>.Of(string.Join(" ", parts), at);
    }
}
