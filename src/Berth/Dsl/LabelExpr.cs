using System.Collections.Immutable;

namespace Berth;

/// <summary>
/// One requirement of a label selector (<c>matchExpressions</c>), for <see cref="StatefulApp.AntiAffinity"/> and
/// <see cref="StatefulApp.PodAffinity"/>: <c>LabelExpr.In("app.kubernetes.io/name", "zookeeper")</c>.
/// </summary>
public sealed record LabelExpr
{
    private LabelExpr(string key, string op, ImmutableArray<string> values)
    {
        Key = key;
        Operator = op;
        Values = values;
    }

    /// <summary>The label key.</summary>
    public string Key { get; }

    /// <summary>In, NotIn, Exists or DoesNotExist.</summary>
    public string Operator { get; }

    /// <summary>The values (In and NotIn only).</summary>
    public ImmutableArray<string> Values { get; }

    /// <summary>The label is present with one of the values.</summary>
    public static LabelExpr In(string key, params string[] values) => new(key, "In", values.ToImmutableArray());

    /// <summary>The label is absent, or has none of the values.</summary>
    public static LabelExpr NotIn(string key, params string[] values) => new(key, "NotIn", values.ToImmutableArray());

    /// <summary>The label is present, with any value.</summary>
    public static LabelExpr Exists(string key) => new(key, "Exists", ImmutableArray<string>.Empty);

    /// <summary>The label is absent.</summary>
    public static LabelExpr DoesNotExist(string key) => new(key, "DoesNotExist", ImmutableArray<string>.Empty);
}
