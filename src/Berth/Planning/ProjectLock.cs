using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Berth.Rules;
using Berth.Rules.Lock;
using Berth.Rules.Model;

namespace Berth.Planning;

/// <summary>
/// A project's lock file (<see cref="LockFile"/>, <c>berth.lock.json</c> beside the project file) as a plan checks it: the
/// committed entries (or why they cannot be read), and whether changes are accepted (<c>-p:BerthUpdateLock=true</c>,
/// <c>berth lock update</c>). Given to <see cref="ManifestPlanOptions.Lock"/>, the plan reports BERTH098
/// (<see cref="RuleCatalog.ImmutableFieldChangedAgainstLock"/>) for each locked field a definition changes (unless accepted) and
/// BERTH099 (<see cref="RuleCatalog.LockFileUnreadable"/>) for a lock it cannot read, and computes the lock to write
/// (<see cref="ManifestPlan.LockResult"/>).
/// </summary>
public sealed class ProjectLock
{
    private ProjectLock(string path, LockFile? committed, LockFileException? error, bool accept)
    {
        Path = path;
        Committed = committed;
        Error = error;
        Accept = accept;
    }

    /// <summary>The lock file's full path.</summary>
    public string Path { get; }

    /// <summary>The file name, as messages name it.</summary>
    public string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>The committed lock; null when there is none yet or it cannot be read (<see cref="Error"/>).</summary>
    public LockFile? Committed { get; }

    /// <summary>Why the committed lock cannot be read, or null.</summary>
    public LockFileException? Error { get; }

    /// <summary>True when changes to locked fields are accepted: the lock is rewritten instead of failing the build.</summary>
    public bool Accept { get; }

    /// <summary>True when a lock file exists (readable or not).</summary>
    public bool Exists => Committed is not null || Error is not null;

    /// <summary>The lock file beside a project file: <c>&lt;project folder&gt;/berth.lock.json</c>.</summary>
    public static string PathFor(string projectFile) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(projectFile))!, LockFile.DefaultFileName);

    /// <summary>Reads the lock file at <paramref name="path"/> (none yet is not an error).</summary>
    public static ProjectLock Load(string path, bool accept = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        path = System.IO.Path.GetFullPath(path);
        if (!File.Exists(path))
            return new ProjectLock(path, null, null, accept);
        try
        {
            return new ProjectLock(path, LockFile.Parse(File.ReadAllText(path)), null, accept);
        }
        catch (LockFileException e)
        {
            return new ProjectLock(path, null, e, accept);
        }
    }

    /// <summary>
    /// Writes <paramref name="result"/>'s lock when it differs from the file (atomically: a temporary file moved over it).
    /// Returns true when the file was written.
    /// </summary>
    public bool Write(LockResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = result.Lock.Serialize();
        if (File.Exists(Path) && File.ReadAllText(Path) == text)
            return false;
        var temporary = Path + ".tmp-" + Environment.ProcessId;
        File.WriteAllText(temporary, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.Move(temporary, Path, overwrite: true);
        return true;
    }

    /// <summary>
    /// Records a new size of one claim template of one app (after <c>berth resize</c> grew its claims and recreated the
    /// StatefulSet with it): rewrites the file. False when the lock has no such app or claim (nothing is written).
    /// </summary>
    /// <exception cref="InvalidOperationException">When the lock cannot be read (<see cref="Error"/>).</exception>
    public bool RecordClaimSize(Registry.ManifestEntry entry, string claim, string size)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (Error is not null)
            throw new InvalidOperationException(UnreadableMessage);
        var locked = Committed?.Find(DefinitionOf(entry), entry.Variant);
        if (locked is null || locked.Claims.All(c => c.Name != claim))
            return false;
        var updated = new LockFile(Committed!.Apps.Select(a => a.Key == locked.Key ? a.WithClaimSize(claim, size) : a));
        return Write(new LockResult(updated, Array.Empty<string>(), Array.Empty<string>(), new[] { $"{LockCheck.Label(locked)} spec.volumeClaimTemplates[{claim}]" }, Array.Empty<string>()));
    }

    /// <summary>The BERTH099 message for an unreadable lock.</summary>
    internal string UnreadableMessage => LockCheck.UnreadableMessage(FileName, Error!);

    /// <summary>Checks the apps of a plan against the lock: the findings (each for its app) and the lock to write.</summary>
    internal LockResult Check(IReadOnlyList<PlannedApp> apps, List<PlanDiagnostic> findings)
    {
        var committed = Committed ?? new LockFile(Array.Empty<LockedApp>());
        var entries = new List<LockedApp>();
        var matched = new HashSet<string>(StringComparer.Ordinal);
        var added = new List<string>();
        var changed = new List<string>();
        var renamed = new List<string>();
        var planned = new HashSet<string>(apps.Where(a => a.Entry is not null).Select(a => DefinitionOf(a.Entry!)), StringComparer.Ordinal);
        foreach (var app in apps)
        {
            if (app.Entry is not { } entry)
                continue;
            var definition = DefinitionOf(entry);
            if (app.Model is null)
            {
                // Not built (it threw): whatever is locked for it stays as it is.
                foreach (var kept in committed.OfDefinition(definition).Where(e => e.Variant == entry.Variant))
                {
                    matched.Add(kept.Key);
                    entries.Add(kept);
                }

                continue;
            }

            var model = app.Model.Apps[0];
            var now = LockedApp.From(model, definition, entry.Variant)
                      ?? throw new InvalidOperationException($"{app.Label}: a built app has an unknown locked field");
            var locked = committed.Find(definition, entry.Variant);
            if (locked is null)
            {
                // A member renamed in C# (the same app under another definition that is gone): the same lock entry.
                locked = committed.Apps.FirstOrDefault(e => !planned.Contains(e.Definition) && !matched.Contains(e.Key)
                                                           && e.Variant == entry.Variant && e.Name == now.Name && e.Namespace == now.Namespace);
                if (locked is not null)
                    renamed.Add($"{LockCheck.Label(locked)} is now {LockCheck.Label(now)}");
            }

            if (locked is null)
            {
                added.Add(LockCheck.Label(now));
                entries.Add(now);
                continue;
            }

            matched.Add(locked.Key);
            var violations = LockCheck.Compare(model, locked.WithDefinition(definition, entry.Variant), FileName);
            if (violations.Count == 0)
            {
                entries.Add(now);
                continue;
            }

            if (Accept)
            {
                changed.AddRange(violations.Select(v => $"{LockCheck.Label(now)} {v.Field}"));
                entries.Add(now);
                continue;
            }

            foreach (var v in violations)
                findings.Add(new PlanDiagnostic(v.Id, v.Severity, v.Message, v.Rule.HelpLink, app, app.SetName, v));
            entries.Add(locked.WithDefinition(definition, entry.Variant)); // the committed values stay until accepted
        }

        var removed = committed.Apps.Where(e => !matched.Contains(e.Key)).Select(LockCheck.Label).ToList();
        return new LockResult(new LockFile(entries), added, removed, changed, renamed);
    }

    /// <summary>"Shop.Infra.Postgres": the [Manifests] type's full name and the member.</summary>
    public static string DefinitionOf(Registry.ManifestEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.SetName + "." + entry.MemberName;
    }

}

/// <summary>What checking a plan against the lock gave: the lock to write and what changed in it.</summary>
/// <param name="Lock">The lock as it is to be written: new apps added, removed apps gone, accepted changes in.</param>
/// <param name="Added">The apps new to the lock ("Infra.Postgres (prod)").</param>
/// <param name="Removed">The apps no longer defined, dropped from the lock.</param>
/// <param name="Accepted">The locked fields changed and accepted ("Infra.Postgres spec.serviceName").</param>
/// <param name="Renamed">Definitions renamed in C# whose app stays the same.</param>
public sealed record LockResult(LockFile Lock, IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Accepted, IReadOnlyList<string> Renamed);
