using System;
using System.Globalization;
using k8s.Models;

namespace Berth;

/// <summary>A count or a percentage, as used by maxUnavailable and minAvailable.</summary>
public readonly record struct IntOrPercent
{
    private IntOrPercent(int value, bool isPercent)
    {
        Value = value;
        IsPercent = isPercent;
    }

    /// <summary>The number (a count or a percentage).</summary>
    public int Value { get; }

    /// <summary>True for a percentage.</summary>
    public bool IsPercent { get; }

    /// <summary>A count.</summary>
    public static IntOrPercent Count(int value) => new(value, false);

    /// <summary>A percentage, e.g. <c>IntOrPercent.Percent(25)</c> for "25%".</summary>
    public static IntOrPercent Percent(int value) => new(value, true);

    /// <summary>A count.</summary>
    public static implicit operator IntOrPercent(int value) => Count(value);

    /// <summary>The Kubernetes form.</summary>
    public IntOrString ToIntOrString() => IsPercent ? (IntOrString)ToString() : (IntOrString)Value;

    /// <inheritdoc/>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture) + (IsPercent ? "%" : string.Empty);
}
