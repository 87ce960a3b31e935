using System;
using System.Collections.Generic;
using Berth.Rules.Model;

namespace Berth.Rules.Dsl;

/// <summary>
/// A label (or annotation) set as the DSL builds it: a dictionary sorted by key, where setting a key again replaces its
/// value. Keys and values may be unknown; an unknown key may replace any other, so the set is then no longer complete.
/// </summary>
public sealed class LabelSet
{
    private readonly List<(Val<string> Key, Val<string> Value)> _entries = new();

    /// <summary>False when entries the front end could not see may exist (or may have replaced a seen one).</summary>
    public bool Complete { get; private set; } = true;

    /// <summary>Where the set was written; may be null.</summary>
    public object? Anchor { get; set; }

    /// <summary>The entries, known keys in ordinal order (as the DSL's sorted dictionaries enumerate them).</summary>
    public IReadOnlyList<(Val<string> Key, Val<string> Value)> Entries => _entries;

    /// <summary>A set of which nothing is known.</summary>
    public static LabelSet Unknown(object? anchor) => new() { Complete = false, Anchor = anchor };

    /// <summary>Records that entries the front end could not read may exist.</summary>
    public void MarkIncomplete() => Complete = false;

    /// <summary>Sets one entry: a known key replaces the entry with the same key, else it is inserted in key order.</summary>
    public void Set(Val<string> key, Val<string> value)
    {
        if (!key.IsKnown)
        {
            Complete = false;
            _entries.Add((key, value));
            return;
        }

        for (var i = 0; i < _entries.Count; i++)
        {
            var e = _entries[i].Key;
            if (!e.IsKnown) continue;
            var order = string.CompareOrdinal(e.Value, key.Value);
            if (order == 0)
            {
                _entries[i] = (key, value);
                return;
            }

            if (order > 0)
            {
                _entries.Insert(i, (key, value));
                return;
            }
        }

        _entries.Add((key, value));
    }

    /// <summary>A copy that can change without touching this one.</summary>
    public LabelSet Clone()
    {
        var copy = new LabelSet { Complete = Complete, Anchor = Anchor };
        copy._entries.AddRange(_entries);
        return copy;
    }

    /// <summary>The set as a label map of the rule model, in the set's order.</summary>
    public LabelMap ToMap()
    {
        var map = new LabelMap { Anchor = Anchor };
        foreach (var (key, value) in _entries)
            map.Entries.Add(new LabelEntry { Key = key, Value = value });
        map.Entries.IsComplete = Complete;
        map.Entries.Anchor = Anchor;
        return map;
    }

    /// <summary>
    /// Sets merged as the DSL merges them into one object's labels: the first set's entries in order, then the second's (then the
    /// third's, when given), a key already present keeping its place and taking the later set's value.
    /// </summary>
    public static LabelMap Merge(LabelSet first, LabelSet second, LabelSet? third = null)
    {
        var entries = new List<(Val<string> Key, Val<string> Value)>(first._entries);
        var complete = first.Complete;
        foreach (var later in third is null ? new[] { second } : new[] { second, third })
        {
            complete = complete && later.Complete && AllKeysKnown(later);
            foreach (var (key, value) in later._entries)
            {
                var index = key.IsKnown ? entries.FindIndex(e => e.Key.IsKnown && string.Equals(e.Key.Value, key.Value, StringComparison.Ordinal)) : -1;
                if (index >= 0) entries[index] = (key, value);
                else entries.Add((key, value));
            }
        }

        var map = new LabelMap { Anchor = first.Anchor };
        foreach (var (key, value) in entries)
            map.Entries.Add(new LabelEntry { Key = key, Value = value });
        map.Entries.IsComplete = complete;
        map.Entries.Anchor = first.Anchor;
        return map;
    }

    private static bool AllKeysKnown(LabelSet set)
    {
        foreach (var e in set._entries)
            if (!e.Key.IsKnown) return false;
        return true;
    }
}
