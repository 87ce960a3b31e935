using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using k8s.Models;

namespace Berth;

/// <summary>
/// Values that a built Kubernetes object cannot hold (a malformed quantity such as "10GB"), kept by their field
/// path so that validation reports them like any other value instead of failing deep inside serialization.
/// </summary>
internal sealed class BuildLog
{
    public Dictionary<string, string> InvalidQuantities { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ResourceQuantity>? Quantities(ImmutableSortedDictionary<string, string> values, string path)
    {
        if (values.IsEmpty) return null;
        var result = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        foreach (var (resource, text) in values)
        {
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
}
