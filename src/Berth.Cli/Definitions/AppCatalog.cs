using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Berth.Planning;
using Berth.Registry;

namespace Berth.Cli.Definitions;

/// <summary>One app of the loaded definitions (or, without definitions, a bare name for the cluster commands).</summary>
/// <param name="Planned">The app as the manifest plan created and built it; null for an app known only by name.</param>
/// <param name="App">The definition.</param>
internal sealed record DefinedApp(PlannedApp? Planned, StatefulApp App)
{
    /// <summary>The registry entry; null for an app known only by name.</summary>
    public ManifestEntry? Entry => Planned?.Entry;

    /// <summary>The StatefulSet name.</summary>
    public string Name => App.Name;

    /// <summary>The variant, or null.</summary>
    public string? Variant => Entry?.Variant;

    /// <summary>"Database.Postgres" or "Cache.Redis (prod)"; the app name when there is no entry.</summary>
    public string Member => Entry is null ? App.Name : PlannedApp.LabelOf(Entry);

    /// <summary>"Database.cs:12", when the source is known.</summary>
    public string? Source => Entry is { SourceFile: { Length: > 0 } file } e ? $"{Path.GetFileName(file)}:{e.SourceLine}" : null;
}

/// <summary>
/// The [Manifests] apps of a project or assembly, addressed by app (StatefulSet) name or by member name, and by
/// variant: an app with variants exists once per variant, and an environment is the apps of one variant plus the
/// apps without variants.
/// </summary>
internal sealed class AppCatalog
{
    private readonly Dictionary<ManifestEntry, PlannedApp> created = new();

    public AppCatalog(string origin, IReadOnlyList<ManifestEntry> entries, string? projectFile = null)
    {
        Origin = origin;
        ProjectFile = projectFile is null ? null : Path.GetFullPath(projectFile);
        ProjectDirectory = Path.GetDirectoryName(ProjectFile);
        Entries = entries;
        Variants = entries.Select(e => e.Variant).OfType<string>().Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.Ordinal).ToList();
    }

    /// <summary>Where the definitions come from (the project or assembly file name), for messages.</summary>
    public string Origin { get; }

    /// <summary>The project file (the owner recorded in index.json by render -o); null for --assembly.</summary>
    public string? ProjectFile { get; }

    /// <summary>The project's folder, against which the registry's relative source paths resolve; null for --assembly.</summary>
    public string? ProjectDirectory { get; }

    /// <summary>Every registry entry.</summary>
    public IReadOnlyList<ManifestEntry> Entries { get; }

    /// <summary>The variant names, sorted.</summary>
    public IReadOnlyList<string> Variants { get; }

    /// <summary>"Database.Postgres", with " (variant)" when it has one.</summary>
    public static string MemberLabel(ManifestEntry entry) => PlannedApp.LabelOf(entry);

    /// <summary>The app of <paramref name="entry"/> as the manifest plan creates and builds it (once); its error when it throws.</summary>
    public PlannedApp Create(ManifestEntry entry)
    {
        if (!created.TryGetValue(entry, out var app))
            created[entry] = app = PlannedApp.Create(entry);
        return app;
    }

    /// <summary>The definition of <paramref name="entry"/> (null with the error when creating it failed).</summary>
    public (StatefulApp? App, string? Error) TryCreate(ManifestEntry entry)
    {
        var app = Create(entry);
        return (app.Definition, app.Definition is null ? app.Error!.TrimEnd('.') : null);
    }

    /// <summary>
    /// The project's severity settings (.editorconfig, .globalconfig, NoWarn, WarningsAsErrors, pragmas) as the build step
    /// applies them; null for the rules' own severities (--assembly, or a project built without the Berth targets).
    /// </summary>
    public Func<PlanDiagnostic, PlanDiagnostic?>? Severity { get; init; }

    /// <summary>
    /// The plan of <paramref name="apps"/>: grouped per set and variant, validated (with the project's severity settings)
    /// and named as the build does; with a target <paramref name="kubernetesVersion"/> the apps are built for it and
    /// checked against it.
    /// </summary>
    public ManifestPlan Plan(IEnumerable<DefinedApp> apps, string? kubernetesVersion = null) =>
        Plan(apps.Select(a => a.Planned!), kubernetesVersion);

    /// <summary>The plan of apps already created, as <see cref="Plan(IEnumerable{DefinedApp}, string?)"/>.</summary>
    public ManifestPlan Plan(IEnumerable<PlannedApp> apps, string? kubernetesVersion = null) =>
        ManifestPlan.Create(apps.Select(a => ForVersion(a, kubernetesVersion)).ToList(), Severity);

    /// <summary>The app built for a target Kubernetes version (again, from its entry); itself when there is none.</summary>
    private static PlannedApp ForVersion(PlannedApp app, string? kubernetesVersion) =>
        kubernetesVersion is null || app.Entry is null ? app : PlannedApp.Create(app.Entry, kubernetesVersion);

    /// <summary>
    /// "Database.cs(14,10)": where the plan locates <paramref name="diagnostic"/> (the call that set the value, else the
    /// member, see <see cref="PlanDiagnostic.Location"/>), the registry's source path (relative to the project) resolved
    /// against the project folder when known, then shown relative to <paramref name="directory"/> when inside it; the app's
    /// label when the source is unknown.
    /// </summary>
    public string Location(PlanDiagnostic diagnostic, string directory)
    {
        if (diagnostic.Location is not { File: var file } at)
            return diagnostic.App.Label;
        var full = Path.IsPathRooted(file) ? file : ProjectDirectory is null ? null : Path.GetFullPath(file, ProjectDirectory);
        var shown = full is null ? file
            : full.StartsWith(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? Path.GetRelativePath(directory, full)
            : full;
        return (at with { File = shown }).ToString();
    }

    /// <summary>
    /// The entries of one environment: with <paramref name="variant"/>, that variant's apps plus the apps without
    /// variants; without it, every entry when <paramref name="allVariants"/>, else the apps without variants.
    /// </summary>
    public IReadOnlyList<ManifestEntry> Environment(string? variant, bool allVariants)
    {
        if (variant is not null)
        {
            if (!Variants.Contains(variant, StringComparer.Ordinal))
            {
                throw new UsageException(Variants.Count == 0
                    ? $"the definitions in {Origin} have no variants; drop --variant {variant}"
                    : $"no variant \"{variant}\" in {Origin}; variants: {string.Join(", ", Variants)}");
            }

            return Entries.Where(e => e.Variant is null || e.Variant == variant).ToList();
        }

        return allVariants ? Entries : Entries.Where(e => e.Variant is null).ToList();
    }

    /// <summary>
    /// The apps named by <paramref name="names"/> (app name or member name, in the order given), or every app of the
    /// environment when none is named. Definitions that throw fail the selection with their message.
    /// </summary>
    /// <param name="names">App or member names; empty for all.</param>
    /// <param name="variant">The variant, or null.</param>
    /// <param name="allVariants">Without a variant: take every variant (render, validate) instead of refusing apps that have variants.</param>
    public IReadOnlyList<DefinedApp> Select(IReadOnlyList<string> names, string? variant, bool allVariants)
    {
        var environment = Environment(variant, allVariants);
        if (names.Count == 0)
        {
            if (variant is null && !allVariants && Variants.Count > 0)
                throw new UsageException($"the definitions in {Origin} have variants ({string.Join(", ", Variants)}); choose one with --variant");
            if (environment.Count == 0)
                throw new CliException($"{Origin} defines no apps");
            return environment.Select(Require).ToList();
        }

        var result = new List<DefinedApp>();
        foreach (var name in names)
        {
            foreach (var app in Find(name, environment, variant, allVariants))
            {
                if (!result.Any(r => ReferenceEquals(r.Entry, app.Entry)))
                    result.Add(app);
            }
        }

        return result;
    }

    private IEnumerable<DefinedApp> Find(string name, IReadOnlyList<ManifestEntry> environment, string? variant, bool allVariants)
    {
        // A member name needs no definition to run; an app name does.
        var byMember = environment.Where(e => string.Equals(e.MemberName, name, StringComparison.OrdinalIgnoreCase)).ToList();
        var matches = byMember.Count > 0
            ? byMember
            : environment.Where(e => TryCreate(e).App is { } app && string.Equals(app.Name, name, StringComparison.Ordinal)).ToList();

        if (matches.Count == 0)
        {
            // Only in another variant?
            var elsewhere = Entries.Except(environment)
                .Where(e => string.Equals(e.MemberName, name, StringComparison.OrdinalIgnoreCase) || (TryCreate(e).App is { } a && a.Name == name))
                .Select(e => e.Variant).OfType<string>().Distinct().OrderBy(v => v, StringComparer.Ordinal).ToList();
            if (elsewhere.Count > 0)
                throw new UsageException($"{name} has variants ({string.Join(", ", elsewhere)}); choose one with --variant");
            var failed = environment.Select(e => TryCreate(e).Error).OfType<string>().ToList();
            var known = environment.Select(e => TryCreate(e).App is { } app ? $"{app.Name} ({MemberLabel(e)})" : null).OfType<string>().ToList();
            throw new UsageException($"no app named \"{name}\" in {Origin}; apps: {(known.Count == 0 ? "none" : string.Join(", ", known))}" +
                                     (failed.Count > 0 ? $"; definitions that failed: {string.Join("; ", failed)}" : string.Empty));
        }

        if (matches.Count > 1 && !(allVariants && variant is null && matches.Select(m => m.Variant).Distinct().Count() == matches.Count))
        {
            throw new UsageException($"\"{name}\" matches several apps in {Origin}: {string.Join(", ", matches.Select(MemberLabel))}; name the member instead" +
                                     (matches.Any(m => m.Variant is not null) ? " or choose a --variant" : string.Empty));
        }

        return matches.Select(Require);
    }

    private DefinedApp Require(ManifestEntry entry)
    {
        var planned = Create(entry);
        return planned.Definition is null ? throw new CliException(planned.Error!.TrimEnd('.')) : new DefinedApp(planned, planned.Definition);
    }
}
