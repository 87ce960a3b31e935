using System;
using System.Collections.Generic;
using System.Linq;
using Berth.Rules.Model;

namespace Berth.Rules.Lock;

/// <summary>
/// Compares an app of the neutral model with its entry in the lock file (<see cref="RuleCatalog.ImmutableFieldChangedAgainstLock"/>,
/// BERTH098): the one comparison of the build step (every value known) and the analyzers (a value the compiler cannot know is
/// not compared). Each finding names the app, the field, the locked and the new value, the safe ways forward and how to accept.
/// </summary>
public static class LockCheck
{
    /// <summary>The violations of <paramref name="app"/> against <paramref name="locked"/>, anchored where the new value was written.</summary>
    /// <param name="app">The app as defined now.</param>
    /// <param name="locked">Its entry in the lock file.</param>
    /// <param name="lockFileName">The lock file as named in messages ("berth.lock.json").</param>
    public static IReadOnlyList<RuleViolation> Compare(AppModel app, LockedApp locked, string lockFileName)
    {
        if (app is null) throw new ArgumentNullException(nameof(app));
        if (locked is null) throw new ArgumentNullException(nameof(locked));
        var found = new List<RuleViolation>();
        var label = Label(locked);
        var name = locked.Name;
        var accept = $" To accept the change, build with -p:BerthUpdateLock=true or run 'berth lock update', and commit {lockFileName}.";
        var recreate = $"recreate the StatefulSet: delete it with orphan cascade ('berth delete {name} --cascade orphan'; its pods and claims stay) and apply again";
        var newApp = "or deploy it as a new app under another name";
        void Add(string field, string what, string paths, object? anchor) =>
            found.Add(new RuleViolation(RuleCatalog.ImmutableFieldChangedAgainstLock, "statefulset/" + name, field, $"{label}: {what}; {paths}.{accept}", anchor ?? app.Anchor));

        if (app.Name.IsKnown && app.Name.Value != null && app.Name.Value != locked.Name)
        {
            Add("metadata.name", $"the app is named \"{app.Name.Value}\", but {lockFileName} locks it as \"{locked.Name}\", and a StatefulSet cannot be renamed",
                $"under the new name it is a new app with new, empty claims while \"{locked.Name}\" keeps running with its data: keep the name, or accept it as a new app and move the data",
                app.Name.Anchor);
            return found; // another app: its other fields are not comparable
        }

        if (app.Namespace.IsKnown && app.Namespace.Value != locked.Namespace)
        {
            Add("metadata.namespace", $"the app is in namespace {Shown(app.Namespace.Value, "(not set)")}, but {lockFileName} locks it in {Shown(locked.Namespace, "(not set)")}, and a StatefulSet cannot move",
                $"in the new namespace it is a new app with new, empty claims while the old one keeps running with its data: keep the namespace, or accept it as a new app and move the data",
                app.Namespace.Anchor);
            return found;
        }

        if (LockedApp.SelectorOf(app.Selector) is { } selector)
        {
            var now = LockedApp.SelectorTextOf(selector.Labels, selector.Expressions);
            if (now != locked.SelectorText)
                Add("spec.selector", $"spec.selector is {now}, but {lockFileName} has {locked.SelectorText}, and the selector of a live StatefulSet cannot change",
                    $"keep the old selector (override it with .Selector(...) if the labels change); or {recreate}; {newApp}", app.Selector?.Anchor);
        }

        if (app.ServiceName.IsKnown && app.ServiceName.Value != locked.ServiceName)
            Add("spec.serviceName", $"spec.serviceName is {Shown(app.ServiceName.Value, "(none)")}, but {lockFileName} has {Shown(locked.ServiceName, "(none)")}, and it cannot change on a live StatefulSet",
                $"keep the old name; or {recreate}; {newApp}", app.ServiceName.Anchor);

        if (app.PodManagementPolicy.IsKnown && LockedApp.PolicyOf(app.PodManagementPolicy.Value) != locked.PodManagementPolicy)
            Add("spec.podManagementPolicy", $"spec.podManagementPolicy is {LockedApp.PolicyOf(app.PodManagementPolicy.Value)}, but {lockFileName} has {locked.PodManagementPolicy}, and it cannot change on a live StatefulSet",
                $"keep {locked.PodManagementPolicy}; or {recreate}; {newApp}", app.PodManagementPolicy.Anchor);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var allNamesKnown = app.ClaimTemplates.IsComplete;
        foreach (var claim in app.ClaimTemplates)
        {
            if (!claim.Name.IsKnown || claim.Name.Value is null)
            {
                allNamesKnown = false;
                continue;
            }

            var claimName = claim.Name.Value;
            seen.Add(claimName);
            var old = locked.Claims.FirstOrDefault(c => c.Name == claimName);
            var field = $"spec.volumeClaimTemplates[{claimName}]";
            if (old is null)
            {
                Add(field, $"claim template {claimName} is new, but {lockFileName} locks the claim templates as {ClaimNames(locked)}, and they cannot change on a live StatefulSet",
                    $"{recreate} (the new claims are then created for each pod); {newApp}", claim.Anchor);
                continue;
            }

            // A size that is not a quantity is BERTH021's finding (with the fix), not a change of size.
            if (claim.Storage.IsKnown && claim.Storage.Value is { } size && Quantity.IsValid(size) && !SameSize(size, old.Size))
            {
                var grows = Quantity.IsValid(old.Size) && Quantity.Compare(size, old.Size) > 0;
                Add(field + ".spec.resources.requests.storage", $"claim template {claimName} requests {size}, but {lockFileName} has {old.Size}, and claim templates cannot change on a live StatefulSet",
                    grows
                        ? $"grow the existing claims with 'berth resize {name} {claimName} {size}' (it recreates the StatefulSet with orphan cascade and updates the lock); or {recreate}; {newApp}"
                        : $"claims cannot shrink: keep {old.Size}; {newApp}, and move the data",
                    claim.Storage.Anchor ?? claim.Anchor);
            }

            if (claim.StorageClass.IsKnown && claim.StorageClass.Value != old.StorageClassName)
                Add(field + ".spec.storageClassName", $"claim template {claimName} uses storage class {Shown(claim.StorageClass.Value, "(the default)")}, but {lockFileName} has {Shown(old.StorageClassName, "(the default)")}, and claim templates cannot change on a live StatefulSet",
                    $"keep the old class; or {recreate} (existing claims keep their class, new ones get the new class); {newApp}", claim.StorageClass.Anchor ?? claim.Anchor);

            if (LockedClaim.ModesOf(claim.AccessModes) is { } modes && !modes.SequenceEqual(old.AccessModes))
                Add(field + ".spec.accessModes", $"claim template {claimName} has access modes {Modes(modes)}, but {lockFileName} has {Modes(old.AccessModes)}, and claim templates cannot change on a live StatefulSet",
                    $"keep the old modes; or {recreate} (existing claims keep their modes); {newApp}", claim.AccessModes.Anchor ?? claim.Anchor);
        }

        if (allNamesKnown)
        {
            foreach (var removed in locked.Claims.Where(c => !seen.Contains(c.Name)))
                Add($"spec.volumeClaimTemplates[{removed.Name}]", $"claim template {removed.Name} is gone, but {lockFileName} locks it, and claim templates cannot change on a live StatefulSet",
                    $"keep it; or {recreate} (the claims {removed.Name}-{name}-<ordinal> stay until you delete them); {newApp}", app.ClaimTemplates.Anchor);
        }

        return found;
    }

    /// <summary>The message of <see cref="RuleCatalog.LockFileUnreadable"/> (BERTH099) for a lock file that cannot be read.</summary>
    public static string UnreadableMessage(string lockFileName, LockFileException error)
    {
        if (error is null) throw new ArgumentNullException(nameof(error));
        return $"{lockFileName} cannot be read ({error.Message}); resolve the merge conflict or the edit, or rewrite it from the definitions with 'dotnet build -p:BerthUpdateLock=true' or 'berth lock update' and review the diff.";
    }

    /// <summary>The app as messages name it: "Infra.Postgres", with " (prod)" for a variant (the build step's label).</summary>
    public static string Label(LockedApp locked)
    {
        if (locked is null) throw new ArgumentNullException(nameof(locked));
        var d = locked.Definition;
        var member = d.LastIndexOf('.');
        var set = member > 0 ? d.LastIndexOf('.', member - 1) : -1;
        return d.Substring(set + 1) + (locked.Variant is null ? string.Empty : " (" + locked.Variant + ")");
    }

    private static bool SameSize(string a, string b) =>
        a == b || (Quantity.IsValid(a) && Quantity.IsValid(b) && Quantity.Compare(a, b) == 0);

    private static string Shown(string? value, string none) => value is null ? none : "\"" + value + "\"";

    private static string Modes(IReadOnlyList<string> modes) => modes.Count == 0 ? "(none)" : string.Join(", ", modes);

    private static string ClaimNames(LockedApp locked) => locked.Claims.Count == 0 ? "(none)" : string.Join(", ", locked.Claims.Select(c => c.Name));
}
