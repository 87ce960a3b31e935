namespace Berth;

/// <summary>
/// Where a value of a definition was set at run time: the n-th call of one DSL method in the history of the value
/// (<c>StatefulApp.Replicas</c>, the 2nd <c>StatefulApp.Label</c>). The runtime's steps anchor the values they set with it,
/// as the analyzers anchor them with a source location; the manifest plan turns it into the call's line and column through
/// the table of calls the generator recorded for the [Manifests] member (<see cref="Registry.SourceCallTable"/>).
/// Each anchor links to the call before it, so a definition knows how many calls of each method made it.
/// </summary>
internal sealed class CallAnchor
{
    private CallAnchor(string method, int occurrence, CallAnchor? previous)
    {
        Method = method;
        Occurrence = occurrence;
        Previous = previous;
    }

    /// <summary>The DSL method, qualified by its type: "StatefulApp.Replicas".</summary>
    public string Method { get; }

    /// <summary>1 for the first call of <see cref="Method"/> in the value's history, 2 for the second...</summary>
    public int Occurrence { get; }

    /// <summary>The call before this one, or null for the first.</summary>
    public CallAnchor? Previous { get; }

    /// <summary>The anchor of a call of <paramref name="method"/> made after <paramref name="last"/>.</summary>
    public static CallAnchor After(CallAnchor? last, string method) => new(method, Count(last, method) + 1, last);

    /// <summary>How many calls of <paramref name="method"/> the history ending at <paramref name="last"/> holds.</summary>
    public static int Count(CallAnchor? last, string method)
    {
        for (var call = last; call is not null; call = call.Previous)
        {
            if (call.Method == method)
                return call.Occurrence;
        }

        return 0;
    }

    /// <summary>True when <paramref name="call"/> is one of the calls of the history ending at <paramref name="last"/>.</summary>
    public static bool Contains(CallAnchor? last, CallAnchor call)
    {
        for (var c = last; c is not null; c = c.Previous)
        {
            if (ReferenceEquals(c, call))
                return true;
        }

        return false;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Method} #{Occurrence}";
}
