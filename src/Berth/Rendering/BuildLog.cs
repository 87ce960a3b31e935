using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using k8s.Models;

namespace Berth;

/// <summary>
/// Values that a built Kubernetes object cannot hold (a malformed quantity such as "10GB"), kept by their field
/// path so that validation reports them like any other value instead of failing deep inside serialization.
/// </summary>
internal sealed class BuildLog
{
    public Dictionary<string, string> InvalidQuantities { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ResourceQuantity>? Quantities(IEnumerable<KeyValuePair<string, string>> values, string path)
    {
        Dictionary<string, ResourceQuantity>? result = null;
        foreach (var (resource, text) in values)
        {
            result ??= new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
            var quantity = Quantity(text, path + "." + resource);
            if (quantity is not null) result[resource] = quantity;
        }

        return result;
    }

    public ResourceQuantity? Quantity(string text, string path)
    {
        var quantity = Berth.Quantities.TryCreate(text);
        if (quantity is null) InvalidQuantities[path] = text;
        return quantity;
    }
}

/// <summary>Kubernetes quantities checked with the catalog's parser before KubernetesClient sees them.</summary>
internal static class Quantities
{
    public static ResourceQuantity? TryCreate(string text)
    {
        if (!Berth.Rules.Quantity.TryParse(text, out _, out _)) return null;
        try
        {
            return new ResourceQuantity(text);
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static ResourceQuantity Create(string text) => TryCreate(text) ?? throw new ArgumentException($"\"{text}\" is not a Kubernetes quantity.");

    private const int MaxRemembered = 4096;

    private static readonly ConcurrentDictionary<(ResourceQuantity Quantity, ResourceQuantity.SuffixFormat Format, string Culture), string> Canonical = new();

    /// <summary>
    /// <c>quantity.ToString()</c> (the canonical form, e.g. "1.5Gi" is "1536Mi"), remembered per value, format and
    /// culture: the canonicalization is exact rational arithmetic on BigIntegers, a few microseconds per call, and a
    /// set of apps repeats the same few quantities (7 per benchmark app, each written once in the YAML and read
    /// once by validation). The text is a function of the value, the suffix format and the current culture (the
    /// number is formatted with it) only, and a quantity cannot change after construction (no public setters), so
    /// the answer is the one <c>ToString()</c> gives. Subclasses are not remembered.
    /// </summary>
    public static string? Text(ResourceQuantity quantity)
    {
        if (quantity.GetType() != typeof(ResourceQuantity))
            return quantity.ToString();
        var key = (quantity, quantity.Format, CultureInfo.CurrentCulture.Name);
        if (Canonical.TryGetValue(key, out var text))
            return text;
        text = quantity.ToString();
        if (text is not null && Canonical.Count < MaxRemembered)
            Canonical.TryAdd(key, text);
        return text;
    }
}
