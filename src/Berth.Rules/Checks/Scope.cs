using System.Collections.Generic;
using System.Linq;
using Berth.Rules.Model;

namespace Berth.Rules.Checks;

/// <summary>Collects violations of one run, in a deterministic order.</summary>
internal sealed class Findings
{
    private readonly List<(int Group, int Seq, RuleViolation Violation)> _items = new();
    private SetIndex? _index;

    /// <summary>The lookups of the cross-object checks for <paramref name="set"/>, made once per run.</summary>
    public SetIndex IndexOf(ManifestSetModel set)
    {
        if (_index == null || !ReferenceEquals(_index.Set, set)) _index = new SetIndex(set);
        return _index;
    }

    public void Add(int group, RuleViolation violation) => _items.Add((group, _items.Count, violation));

    /// <summary>Object order (apps, then Services, then budgets), then rule ID, then field, then report order.</summary>
    public IReadOnlyList<RuleViolation> Sorted() => _items
        .OrderBy(i => i.Group)
        .ThenBy(i => i.Violation.Rule.Id, System.StringComparer.Ordinal)
        .ThenBy(i => i.Violation.Field, System.StringComparer.Ordinal)
        .ThenBy(i => i.Seq)
        .Select(i => i.Violation)
        .ToList();
}

/// <summary>The object a check reports on: its name for messages and its fallback anchor.</summary>
internal sealed class Scope
{
    private readonly Findings _findings;
    private readonly int _group;
    private readonly object? _fallbackAnchor;

    public Scope(Findings findings, int group, string objectName, object? fallbackAnchor)
    {
        _findings = findings;
        _group = group;
        ObjectName = objectName;
        _fallbackAnchor = fallbackAnchor;
    }

    /// <summary>The lookups of the cross-object checks for <paramref name="set"/>, made once per run.</summary>
    public SetIndex Index(ManifestSetModel set) => _findings.IndexOf(set);

    /// <summary>The object name used in messages and <see cref="RuleViolation.ObjectName"/>.</summary>
    public string ObjectName { get; }

    /// <summary>Keys of problems already reported for this object, for checks that see one value in several places.</summary>
    public HashSet<string> Seen { get; } = new(System.StringComparer.Ordinal);

    /// <summary>
    /// Reports a violation. The message is prefixed with the object name. The anchor is the first non-null of
    /// <paramref name="anchors"/> (most specific first), else the object's anchor.
    /// </summary>
    public void Report(Rule rule, string field, string message, params object?[] anchors)
    {
        object? anchor = null;
        foreach (var a in anchors)
            if (a != null) { anchor = a; break; }
        anchor ??= _fallbackAnchor;
        _findings.Add(_group, new RuleViolation(rule, ObjectName, field, ObjectName + ": " + message, anchor));
    }
}
