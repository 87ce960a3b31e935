using System;
using System.Collections.Generic;

namespace Berth.Rules.Model;

/// <summary>
/// A value of the neutral model that a front end may not know. The analyzers leave a value
/// unknown when its argument is not a compile-time constant; the runtime validator always knows.
/// A rule never fires on an unknown value.
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
public readonly struct Val<T>
{
    private Val(bool isKnown, T value, object? anchor)
    {
        IsKnown = isKnown;
        Value = value;
        Anchor = anchor;
    }

    /// <summary>True when the value is known.</summary>
    public bool IsKnown { get; }

    /// <summary>The value; meaningful only when <see cref="IsKnown"/>.</summary>
    public T Value { get; }

    /// <summary>Where the value was written, as the front end understands it (a location for the analyzers); may be null.</summary>
    public object? Anchor { get; }

    /// <summary>A known value.</summary>
    public static Val<T> Of(T value, object? anchor = null) => new(true, value, anchor);

    /// <summary>An unknown value.</summary>
    public static Val<T> Unknown(object? anchor = null) => new(false, default!, anchor);

    /// <summary>Wraps a known value.</summary>
    public static implicit operator Val<T>(T value) => Of(value);

    /// <summary>True when the value is known and satisfies <paramref name="predicate"/>.</summary>
    public bool Is(Func<T, bool> predicate) => IsKnown && predicate(Value);

    /// <summary>True when the value is known and equal to <paramref name="other"/>.</summary>
    public bool IsEqualTo(T other) => IsKnown && EqualityComparer<T>.Default.Equals(Value, other);

    /// <inheritdoc/>
    public override string ToString() => IsKnown ? (Value?.ToString() ?? "<null>") : "<unknown>";
}

/// <summary>A list of model items, some of which may be unknown (for example a loop adds containers).</summary>
/// <typeparam name="T">Item type.</typeparam>
public sealed class ItemList<T> : List<T>
{
    /// <summary>False when items the front end could not see may exist.</summary>
    public bool IsComplete { get; set; } = true;

    /// <summary>Where the list as a whole was declared (the app call); may be null.</summary>
    public object? Anchor { get; set; }
}

/// <summary>One label (key and value).</summary>
public sealed class LabelEntry
{
    /// <summary>The label key.</summary>
    public Val<string> Key { get; set; }

    /// <summary>The label value.</summary>
    public Val<string> Value { get; set; }
}

/// <summary>A set of labels, as used for metadata and for matchLabels selectors.</summary>
public sealed class LabelMap
{
    /// <summary>The entries the front end could see.</summary>
    public ItemList<LabelEntry> Entries { get; } = new ItemList<LabelEntry>();

    /// <summary>Label selector expressions exist (matchExpressions); rules treat the selector as unknown then.</summary>
    public bool HasExpressions { get; set; }

    /// <summary>Where this label set or selector was written; may be null.</summary>
    public object? Anchor { get; set; }

    /// <summary>Adds a known entry.</summary>
    public LabelMap Add(string key, string value, object? anchor = null)
    {
        Entries.Add(new LabelEntry { Key = Val<string>.Of(key, anchor), Value = Val<string>.Of(value, anchor) });
        return this;
    }

    /// <summary>True when every key and value is known and no entry may be missing.</summary>
    public bool IsFullyKnown
    {
        get
        {
            if (!Entries.IsComplete || HasExpressions) return false;
            foreach (var e in Entries)
                if (!e.Key.IsKnown || !e.Value.IsKnown) return false;
            return true;
        }
    }

    /// <summary>The known entries as a dictionary (last one wins).</summary>
    public Dictionary<string, string> ToDictionary()
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in Entries)
            if (e.Key.IsKnown && e.Value.IsKnown) d[e.Key.Value] = e.Value.Value;
        return d;
    }
}
