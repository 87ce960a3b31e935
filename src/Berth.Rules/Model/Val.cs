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

/// <summary>
/// A set of labels (metadata), or a label selector: <c>matchLabels</c> in <see cref="Entries"/> and <c>matchExpressions</c> in
/// <see cref="Expressions"/>. The one selector type of the model: a StatefulSet's, a budget's, an anti-affinity or affinity
/// term's and a spread constraint's selector, and a Service's (which has no expressions). <see cref="Selects"/> is the one
/// evaluation of a selector against a set of labels.
/// </summary>
public sealed class LabelMap
{
    /// <summary>The entries (labels, or a selector's matchLabels) the front end could see.</summary>
    public ItemList<LabelEntry> Entries { get; } = new ItemList<LabelEntry>();

    /// <summary>A selector's <c>matchExpressions</c>; incomplete when some could not be seen.</summary>
    public ItemList<SelectorRequirement> Expressions { get; } = new ItemList<SelectorRequirement>();

    /// <summary>
    /// True when the selector has matchExpressions. Setting it true without adding <see cref="Expressions"/> records expressions
    /// the front end could not read (the selector's outcome is then unknown); setting it false removes them.
    /// </summary>
    public bool HasExpressions
    {
        get => Expressions.Count > 0 || !Expressions.IsComplete;
        set
        {
            if (value)
            {
                if (Expressions.Count == 0) Expressions.IsComplete = false;
            }
            else
            {
                Expressions.Clear();
                Expressions.IsComplete = true;
            }
        }
    }

    /// <summary>Where this label set or selector was written; may be null.</summary>
    public object? Anchor { get; set; }

    /// <summary>Adds a known entry.</summary>
    public LabelMap Add(string key, string value, object? anchor = null)
    {
        Entries.Add(new LabelEntry { Key = Val<string>.Of(key, anchor), Value = Val<string>.Of(value, anchor) });
        return this;
    }

    /// <summary>Adds a known matchExpressions requirement: <paramref name="key"/> In, NotIn, Exists or DoesNotExist <paramref name="values"/>.</summary>
    public LabelMap Expression(string key, string @operator, params string[] values)
    {
        var requirement = new SelectorRequirement { Key = key, Operator = @operator };
        foreach (var v in values) requirement.Values.Add(v);
        Expressions.Add(requirement);
        return this;
    }

    /// <summary>True when every key, value and requirement is known and none may be missing.</summary>
    public bool IsFullyKnown
    {
        get
        {
            if (!Entries.IsComplete || !Expressions.IsComplete) return false;
            foreach (var e in Entries)
                if (!e.Key.IsKnown || !e.Value.IsKnown) return false;
            foreach (var r in Expressions)
                if (!r.IsFullyKnown) return false;
            return true;
        }
    }

    /// <summary>
    /// Whether this selector selects the set of <paramref name="labels"/>, as <c>metav1.LabelSelectorAsSelector(...).Matches</c>
    /// does: every matchLabels entry is among the labels, and every requirement holds (<c>In</c>: the key is present with one of
    /// the values; <c>NotIn</c>: the key is absent or its value is none of them; <c>Exists</c>; <c>DoesNotExist</c>). An empty
    /// selector selects everything; callers decide what an empty selector means for their object. Null when either side is not
    /// fully known, or a requirement is malformed (an unknown operator, In or NotIn without values): the server rejects such a
    /// selector, and the validation rules report it.
    /// </summary>
    public bool? Selects(LabelMap labels)
    {
        if (!IsFullyKnown || !labels.IsFullyKnown) return null;
        var have = labels.ToDictionary();
        foreach (var kv in ToDictionary())
            if (!have.TryGetValue(kv.Key, out var v) || !string.Equals(v, kv.Value, StringComparison.Ordinal)) return false;
        bool? result = true;
        foreach (var r in Expressions)
        {
            var hit = r.Matches(have);
            if (hit == false) return false;
            if (hit == null) result = null;
        }
        return result;
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

/// <summary>One <c>matchExpressions</c> requirement of a label selector.</summary>
public sealed class SelectorRequirement
{
    /// <summary>The operators a label selector requirement supports.</summary>
    public static readonly string[] Operators = { "In", "NotIn", "Exists", "DoesNotExist" };

    /// <summary>Where the requirement was written; may be null.</summary>
    public object? Anchor { get; set; }

    /// <summary>The label key.</summary>
    public Val<string> Key { get; set; }

    /// <summary><c>In</c>, <c>NotIn</c>, <c>Exists</c> or <c>DoesNotExist</c>.</summary>
    public Val<string?> Operator { get; set; }

    /// <summary>The values (for In and NotIn; must be empty for Exists and DoesNotExist).</summary>
    public ItemList<Val<string>> Values { get; } = new ItemList<Val<string>>();

    /// <summary>True when the key, the operator and every value are known.</summary>
    public bool IsFullyKnown
    {
        get
        {
            if (!Key.IsKnown || !Operator.IsKnown || !Values.IsComplete) return false;
            foreach (var v in Values)
                if (!v.IsKnown) return false;
            return true;
        }
    }

    /// <summary>
    /// Whether the requirement holds for <paramref name="labels"/>; null when it is not fully known or malformed (an unknown
    /// operator, In or NotIn without values).
    /// </summary>
    public bool? Matches(IReadOnlyDictionary<string, string> labels)
    {
        if (!IsFullyKnown) return null;
        bool present = labels.TryGetValue(Key.Value, out var value);
        switch (Operator.Value)
        {
            case "In":
                if (Values.Count == 0) return null;
                return present && Contains(value!);
            case "NotIn":
                if (Values.Count == 0) return null;
                return !present || !Contains(value!);
            case "Exists":
                return present;
            case "DoesNotExist":
                return !present;
            default:
                return null;
        }
    }

    /// <summary>As the API machinery prints it: <c>key in (a,b)</c>, <c>key notin (a)</c>, <c>key</c>, <c>!key</c>.</summary>
    public override string ToString()
    {
        var key = Key.IsKnown ? Key.Value : "?";
        var values = new List<string>();
        foreach (var v in Values) values.Add(v.IsKnown ? v.Value : "?");
        return Operator.IsKnown ? Operator.Value switch
        {
            "In" => key + " in (" + string.Join(",", values) + ")",
            "NotIn" => key + " notin (" + string.Join(",", values) + ")",
            "Exists" => key,
            "DoesNotExist" => "!" + key,
            _ => key + " " + Operator.Value + " (" + string.Join(",", values) + ")",
        } : key + " ? (" + string.Join(",", values) + ")";
    }

    private bool Contains(string value)
    {
        foreach (var v in Values)
            if (string.Equals(v.Value, value, StringComparison.Ordinal)) return true;
        return false;
    }
}
