using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Berth.Rules;

namespace Berth.Client;

/// <summary>What apply did to one object.</summary>
public enum ApplyAction
{
    /// <summary>The object did not exist and was created.</summary>
    Created,

    /// <summary>The object existed and changed.</summary>
    Configured,

    /// <summary>The object existed and nothing changed.</summary>
    Unchanged,

    /// <summary>The StatefulSet was deleted with orphan cascade and created again (an immutable field changed).</summary>
    Recreated,
}

/// <summary>One object applied.</summary>
public sealed record ObjectApplyResult
{
    /// <summary>The kind, e.g. StatefulSet.</summary>
    public required string Kind { get; init; }

    /// <summary>The apiVersion used, e.g. policy/v1beta1.</summary>
    public required string ApiVersion { get; init; }

    /// <summary>The namespace; null for cluster-scoped objects.</summary>
    public string? Namespace { get; init; }

    /// <summary>The name.</summary>
    public required string Name { get; init; }

    /// <summary>What happened.</summary>
    public required ApplyAction Action { get; init; }

    /// <summary>The object as the server stored it (null for a dry run of a recreate).</summary>
    internal System.Text.Json.Nodes.JsonObject? Stored { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"{Kind.ToLowerInvariant()}/{Name} {Action.ToString().ToLowerInvariant()}";
}

/// <summary>What apply did for one app.</summary>
public sealed record AppApplyResult
{
    /// <summary>The app (StatefulSet) name.</summary>
    public required string AppName { get; init; }

    /// <summary>The namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>True when everything was sent with server-side dry run.</summary>
    public bool DryRun { get; init; }

    /// <summary>The objects, in apply order.</summary>
    public IReadOnlyList<ObjectApplyResult> Objects { get; init; } = Array.Empty<ObjectApplyResult>();

    /// <summary>The immutable-field changes that made apply recreate the StatefulSet (empty otherwise).</summary>
    public IReadOnlyList<ImmutableFieldChange> RecreatedFor { get; init; } = Array.Empty<ImmutableFieldChange>();

    /// <summary>Warnings and advice of the rule catalog for the definition (errors stop apply before it starts).</summary>
    public IReadOnlyList<RuleViolation> Warnings { get; init; } = Array.Empty<RuleViolation>();

    /// <summary>Notes about what Berth adapted to the server (e.g. PodDisruptionBudget written as policy/v1beta1).</summary>
    public IReadOnlyList<string> Notes { get; init; } = Array.Empty<string>();

    /// <summary>The rollout, when apply waited for it.</summary>
    public RolloutResult? Rollout { get; init; }

    /// <summary>The pod template apply wrote (null for a dry run): pass it as <see cref="RolloutOptions.Applied"/> to wait for it separately.</summary>
    public AppliedTemplate? Applied { get; init; }

    /// <summary>Why the app failed (only in <see cref="BerthClient.ApplyAllAsync"/> results).</summary>
    public Exception? Error { get; init; }

    /// <summary>The StatefulSet's result.</summary>
    public ObjectApplyResult? StatefulSet => Objects.LastOrDefault(o => o.Kind == "StatefulSet");

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(AppName).Append(" (namespace ").Append(Namespace).Append(')').Append(DryRun ? " [dry run]" : string.Empty).Append(':');
        if (Error is not null)
            return sb.Append(" failed: ").Append(Error.Message).ToString();
        foreach (var o in Objects)
            sb.AppendLine().Append("  ").Append(o);
        foreach (var n in Notes)
            sb.AppendLine().Append("  note: ").Append(n);
        if (Rollout is not null)
            sb.AppendLine().Append("  rollout: ").Append(Rollout.Message);
        return sb.ToString();
    }
}

/// <summary>The result of applying one or several apps.</summary>
public sealed record ApplyResult
{
    /// <summary>One entry per app, in the order given.</summary>
    public required IReadOnlyList<AppApplyResult> Apps { get; init; }

    /// <summary>True when everything was sent with server-side dry run.</summary>
    public bool DryRun { get; init; }

    /// <summary>Every object of every app.</summary>
    public IEnumerable<ObjectApplyResult> Objects => Apps.SelectMany(a => a.Objects);

    /// <summary>True when no app failed.</summary>
    public bool Succeeded => Apps.All(a => a.Error is null);

    /// <inheritdoc/>
    public override string ToString() => string.Join(Environment.NewLine, Apps.Select(a => a.ToString()));
}
