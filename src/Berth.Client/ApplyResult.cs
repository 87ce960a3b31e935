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

    /// <summary>
    /// Fields apply took from other field managers: those of Berth's own scale, set image, restart or undo
    /// (always), and with <see cref="ApplyOptions.ForceConflicts"/> those of any other manager. Empty when apply
    /// changed no field another manager owned.
    /// </summary>
    public IReadOnlyList<FieldConflict> TakenOver { get; init; } = Array.Empty<FieldConflict>();

    /// <summary>
    /// When apply changed the replica count of the live StatefulSet: what the change does to the pods and claims,
    /// as <see cref="StatefulAppClient.ScaleAsync"/> reports it (pods added or removed, claims kept). Null otherwise.
    /// </summary>
    public ScaleResult? Scale { get; init; }

    /// <summary>Why the app failed (only in <see cref="BerthClient.ApplyAllAsync(System.Collections.Generic.IEnumerable{StatefulApp}, ApplyOptions?, System.Threading.CancellationToken)"/> results).</summary>
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
        foreach (var t in TakenOver)
            sb.AppendLine().Append("  took over: ").Append(t);
        if (Scale is not null)
            sb.AppendLine().Append("  ").Append(Scale);
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

    /// <summary>
    /// With <see cref="ApplyOptions.ApplySet"/>: the members of the set that no app defines any more (a renamed app, an
    /// app moved to another namespace); <see cref="NoLongerDefined.Deleted"/> when <see cref="ApplySetOptions.Prune"/>
    /// deleted them.
    /// </summary>
    public IReadOnlyList<NoLongerDefined> NoLongerDefined { get; init; } = Array.Empty<NoLongerDefined>();

    /// <inheritdoc/>
    public override string ToString() => string.Join(Environment.NewLine, Apps.Select(a => a.ToString()));
}

/// <summary>
/// Apply refused because fields it would change are owned by other field managers (a server-side apply conflict,
/// as <c>kubectl apply --server-side</c> refuses it). <see cref="Conflicts"/> names each field, its live value, the
/// definition's value and the owner; <see cref="Applied"/> says what was applied before the refusal (normally
/// nothing: apply asks the server with a dry run first).
/// </summary>
public sealed class ApplyConflictException : BerthClientException
{
    /// <summary>Creates the exception.</summary>
    public ApplyConflictException(string objectName, IReadOnlyList<FieldConflict> conflicts, IReadOnlyList<ObjectApplyResult> applied)
        : base(Describe(objectName, conflicts, applied), objectName, 409, "Conflict")
    {
        Conflicts = conflicts;
        Applied = applied;
    }

    /// <summary>The conflicting fields.</summary>
    public IReadOnlyList<FieldConflict> Conflicts { get; }

    /// <summary>The objects of the app applied before the conflict was found (empty when nothing was changed).</summary>
    public IReadOnlyList<ObjectApplyResult> Applied { get; }

    private static string Describe(string objectName, IReadOnlyList<FieldConflict> conflicts, IReadOnlyList<ObjectApplyResult> applied)
    {
        var sb = new StringBuilder();
        sb.Append(objectName).Append(": ").Append(conflicts.Count).Append(conflicts.Count == 1 ? " field is" : " fields are")
          .Append(" owned by another field manager and would change; ")
          .Append(applied.Count == 0 ? "nothing was applied" : "applied before the conflict was found: " + string.Join(", ", applied.Select(a => a.ToString())));
        foreach (var c in conflicts)
            sb.AppendLine().Append("  ").Append(c);
        sb.AppendLine().Append("Keep their change by putting it into the definition, leave the field out of the definition to let them own it, " +
                               "or take the fields over with ApplyOptions.ForceConflicts (berth apply --force-conflicts).");
        return sb.ToString();
    }
}
