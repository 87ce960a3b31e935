using System;
using System.Collections.Generic;

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

    /// <summary>
    /// In a diff: the field managers that own the live field (from its <c>metadata.managedFields</c>), e.g.
    /// <c>kubectl-edit</c>, or <c>berth</c> for Berth's own apply; empty when nobody owns it (a new field) or unknown.
    /// </summary>
    public IReadOnlyList<string> Managers { get; init; } = Array.Empty<string>();

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        FieldChangeKind.Added => $"+ {Path}: {After}",
        FieldChangeKind.Removed => $"- {Path}: {Before}",
        _ => $"~ {Path}: {Before} -> {After}",
    } + (Managers.Count > 0 ? $" (set by {string.Join(", ", Managers)})" : string.Empty);
}

/// <summary>
/// A field that apply would change although another field manager owns it: the server-side apply conflict, with
/// the live value, Berth's value and the owner.
/// </summary>
public sealed record FieldConflict
{
    /// <summary>The object, e.g. <c>statefulset/web</c>.</summary>
    public required string Object { get; init; }

    /// <summary>The field as the API server names it, e.g. <c>spec.template.spec.containers[name="web"].image</c>.</summary>
    public required string Field { get; init; }

    /// <summary>The live value, as compact JSON; null when it could not be read.</summary>
    public string? Current { get; init; }

    /// <summary>The value of the definition, as compact JSON; null when it could not be read.</summary>
    public string? Desired { get; init; }

    /// <summary>The field manager that owns the field, e.g. <c>kubectl-edit</c>, <c>kube-controller-manager</c>.</summary>
    public required string Manager { get; init; }

    /// <summary>How the owner wrote the field: <c>Update</c> (an edit, patch, scale...) or <c>Apply</c> (another server-side applier).</summary>
    public required string Operation { get; init; }

    /// <summary>
    /// True when the owner is Berth's own field manager writing without apply (berth scale, set image, restart,
    /// undo): apply takes such fields back without <see cref="ApplyOptions.ForceConflicts"/>, and says so.
    /// </summary>
    public bool ByBerth { get; init; }

    /// <summary>The owner in words: <c>"kubectl-edit" (Update)</c>, or Berth's own commands.</summary>
    public string Owner => ByBerth ? $"\"{Manager}\" (Berth's own scale, set image, restart or undo)" : $"\"{Manager}\" ({Operation})";

    /// <inheritdoc/>
    public override string ToString() => $"{Object} {Field}: live {Current ?? "?"} set by {Owner}, definition {Desired ?? "?"}";
}
