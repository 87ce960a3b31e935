using System;
using System.Collections.Generic;
using Berth.Rules.Model;
using Microsoft.CodeAnalysis;

namespace Berth.Analyzers;

/// <summary>A label set as the DSL builds it (a sorted dictionary: setting a key again replaces its value).</summary>
internal sealed class LabelSpec
{
    private readonly List<(Val<string> Key, Val<string> Value)> _entries = new();

    /// <summary>False when entries the analyzer could not see may exist (or may have replaced a seen one).</summary>
    public bool Complete { get; private set; } = true;

    /// <summary>Where the set was written.</summary>
    public Location? Anchor { get; set; }

    public static LabelSpec Unknown(Location? anchor) => new() { Complete = false, Anchor = anchor };

    public static LabelSpec Single(Val<string> key, Val<string> value, Location? anchor)
    {
        var spec = new LabelSpec { Anchor = anchor };
        spec.Set(key, value);
        return spec;
    }

    public void MarkIncomplete() => Complete = false;

    /// <summary>Sets one label; an unknown key may replace any other, so the set is no longer fully known.</summary>
    public void Set(Val<string> key, Val<string> value)
    {
        if (key.IsKnown)
            _entries.RemoveAll(e => e.Key.IsKnown && string.Equals(e.Key.Value, key.Value, StringComparison.Ordinal));
        else
            Complete = false;
        _entries.Add((key, value));
    }

    public LabelSpec Clone()
    {
        var copy = new LabelSpec { Complete = Complete, Anchor = Anchor };
        copy._entries.AddRange(_entries);
        return copy;
    }

    /// <summary><c>Merge(first, second)</c> of the DSL: the second set's values win.</summary>
    public static LabelSpec Merge(LabelSpec first, LabelSpec second)
    {
        var merged = first.Clone();
        foreach (var e in second._entries) merged.Set(e.Key, e.Value);
        if (!second.Complete) merged.Complete = false;
        return merged;
    }

    public LabelMap ToMap()
    {
        var map = new LabelMap { Anchor = Anchor };
        foreach (var (key, value) in _entries)
            map.Entries.Add(new LabelEntry { Key = key, Value = value });
        map.Entries.IsComplete = Complete;
        map.Entries.Anchor = Anchor;
        return map;
    }
}
