using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Berth.Client;

/// <summary>What apply would do to one object.</summary>
public enum DiffAction
{
    /// <summary>The object would be created.</summary>
    Create,

    /// <summary>The object would change.</summary>
    Update,

    /// <summary>Nothing would change.</summary>
    None,

    /// <summary>
    /// An immutable field differs: apply refuses, or with <see cref="ApplyOptions.RecreateOnImmutableChange"/>
    /// recreates the StatefulSet (keeping pods and claims).
    /// </summary>
    Recreate,
}

/// <summary>The difference between the live object and what apply would make of it.</summary>
public sealed record ObjectDiff
{
    /// <summary>The kind.</summary>
    public required string Kind { get; init; }

    /// <summary>The namespace; null for cluster-scoped objects.</summary>
    public string? Namespace { get; init; }

    /// <summary>The name.</summary>
    public required string Name { get; init; }

    /// <summary>What apply would do.</summary>
    public required DiffAction Action { get; init; }

    /// <summary>Each field that would change (server defaults, managed fields, status and other noise left out).</summary>
    public IReadOnlyList<FieldChange> Changes { get; init; } = Array.Empty<FieldChange>();

    /// <summary>The fields that cannot change in place (only for <see cref="DiffAction.Recreate"/>).</summary>
    public IReadOnlyList<ImmutableFieldChange> ImmutableChanges { get; init; } = Array.Empty<ImmutableFieldChange>();

    /// <summary>
    /// For <see cref="DiffAction.Recreate"/>: the BERTH027 message apply refuses with (each field with both values, what
    /// the server lets an update change, and the safe path: recreate with orphan cascade); otherwise null.
    /// </summary>
    public string? ImmutablePlan { get; init; }

    /// <summary>
    /// The fields apply would change although another field manager owns them: apply refuses them unless
    /// <see cref="ApplyOptions.ForceConflicts"/> (fields of Berth's own scale, set image... are listed with
    /// <see cref="FieldConflict.ByBerth"/> and are taken back without it).
    /// </summary>
    public IReadOnlyList<FieldConflict> Conflicts { get; init; } = Array.Empty<FieldConflict>();

    /// <summary>A unified diff (like <c>kubectl diff</c>) of the normalised live and applied objects, as YAML.</summary>
    public string UnifiedDiff { get; init; } = string.Empty;

    /// <summary>True when apply would change something.</summary>
    public bool HasChanges => Action != DiffAction.None;

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Kind.ToLowerInvariant()).Append('/').Append(Name);
        if (Namespace is not null)
            sb.Append(" (namespace ").Append(Namespace).Append(')');
        sb.Append(": ").Append(Action switch
        {
            DiffAction.Create => "would be created",
            DiffAction.Update => $"{Changes.Count} field(s) would change",
            DiffAction.Recreate => "immutable fields differ: apply refuses unless told to recreate the set (CLI --recreate-on-immutable-change, API ApplyOptions.RecreateOnImmutableChange; pods and claims are kept)",
            _ => "no changes",
        });
        if (ImmutablePlan is not null)
            sb.AppendLine().Append(ImmutablePlan);
        foreach (var c in Conflicts)
            sb.AppendLine().Append(c.ByBerth ? "  taken back: " : "  conflict: ").Append(c);
        if (Action != DiffAction.Create)
        {
            foreach (var c in Changes)
                sb.AppendLine().Append("  ").Append(c);
        }

        if (UnifiedDiff.Length > 0)
            sb.AppendLine().Append(UnifiedDiff.TrimEnd());
        return sb.ToString();
    }
}

/// <summary>What apply would change, object by object, from a server-side dry run compared with the live objects.</summary>
public sealed record DiffResult
{
    /// <summary>One entry per object of the app, in apply order.</summary>
    public required IReadOnlyList<ObjectDiff> Objects { get; init; }

    /// <summary>True when apply would change anything.</summary>
    public bool HasChanges => Objects.Any(o => o.HasChanges);

    /// <summary>
    /// The server adaptations apply makes to the rendered manifests (the namespace of the context where the definition
    /// names none, the PodDisruptionBudget API version the server serves, ...), one line each: the only ways what is
    /// sent differs from what <c>berth render</c> and the build write.
    /// </summary>
    public IReadOnlyList<string> Adaptations { get; init; } = Array.Empty<string>();

    /// <summary>The entry of the StatefulSet.</summary>
    public ObjectDiff? StatefulSet => Objects.LastOrDefault(o => o.Kind == "StatefulSet");

    /// <inheritdoc/>
    public override string ToString() => HasChanges
        ? string.Join(Environment.NewLine, Objects.Where(o => o.HasChanges).Select(o => o.ToString()))
        : "no changes";
}
