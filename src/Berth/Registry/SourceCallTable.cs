using System;
using System.Collections.Generic;
using System.Globalization;

namespace Berth.Registry;

/// <summary>One DSL call written in a [Manifests] member.</summary>
/// <param name="Method">The DSL method, qualified by its type: "StatefulApp.Replicas".</param>
/// <param name="Line">The 1-based line of the method's name in the member's source file.</param>
/// <param name="Column">The 1-based column of the method's name.</param>
public readonly record struct SourceCall(string Method, int Line, int Column);

/// <summary>
/// The DSL calls the generator saw in the body of one [Manifests] member, in source order (<see cref="ManifestEntry.Calls"/>):
/// what lets a finding of the build step be reported at the call that set the value rather than at the member. Kept as the
/// generator's packed text (<c>Method:line:column</c> items separated by ';') and read on first use.
/// </summary>
public sealed class SourceCallTable
{
    private readonly string _packed;
    private IReadOnlyList<SourceCall>? _calls;

    /// <summary>A table of the packed text the generator writes.</summary>
    public SourceCallTable(string packed) => _packed = packed ?? string.Empty;

    /// <summary>The calls, in source order.</summary>
    public IReadOnlyList<SourceCall> Calls => _calls ??= Parse(_packed);

    /// <summary>How many calls of <paramref name="method"/> the member's source has.</summary>
    public int Count(string method)
    {
        var count = 0;
        foreach (var call in Calls)
        {
            if (call.Method == method)
                count++;
        }

        return count;
    }

    /// <summary>The <paramref name="occurrence"/>-th (1-based) call of <paramref name="method"/> in source order, or null.</summary>
    public SourceCall? Find(string method, int occurrence)
    {
        foreach (var call in Calls)
        {
            if (call.Method == method && --occurrence == 0)
                return call;
        }

        return null;
    }

    /// <inheritdoc/>
    public override string ToString() => _packed;

    private static IReadOnlyList<SourceCall> Parse(string packed)
    {
        var calls = new List<SourceCall>();
        foreach (var item in packed.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = item.Split(':');
            if (parts.Length == 3
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var line)
                && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var column))
                calls.Add(new SourceCall(parts[0], line, column));
        }

        return calls;
    }
}
