namespace Berth.Client;

/// <summary>How a field changes.</summary>
public enum FieldChangeKind
{
    /// <summary>The field is new.</summary>
    Added,

    /// <summary>The field goes away.</summary>
    Removed,

    /// <summary>The field gets another value.</summary>
    Changed,
}

/// <summary>
/// One field that differs between two versions of an object. <see cref="Path"/> names list elements by their key
/// (<c>spec.template.spec.containers[web].image</c>); values are compact JSON (strings quoted), null when absent.
/// </summary>
/// <param name="Path">The field path.</param>
/// <param name="Before">The value before, as JSON; null when the field was absent.</param>
/// <param name="After">The value after, as JSON; null when the field goes away.</param>
public sealed record FieldChange(string Path, string? Before, string? After)
{
    /// <summary>Added, removed or changed.</summary>
    public FieldChangeKind Kind => Before is null ? FieldChangeKind.Added : After is null ? FieldChangeKind.Removed : FieldChangeKind.Changed;

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        FieldChangeKind.Added => $"+ {Path}: {After}",
        FieldChangeKind.Removed => $"- {Path}: {Before}",
        _ => $"~ {Path}: {Before} -> {After}",
    };
}
