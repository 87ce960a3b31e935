using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Berth.Registry;
using Berth.Rules;
using Berth.Rules.Model;
using k8s;
using k8s.Models;

namespace Berth.Planning;

/// <summary>
/// One app of a plan: its registry entry, the definition the entry created and the objects built from it, once.
/// Its <see cref="Yaml"/> is what the build writes, <c>berth render</c> prints and the client sends.
/// </summary>
public sealed class PlannedApp
{
    private readonly Rendering? _rendering;

    private PlannedApp(ManifestEntry? entry, StatefulApp? definition, AppManifests? manifests, string? error, Rendering? rendering, string? kubernetesVersion = null,
        bool keepBuilt = true)
    {
        KubernetesVersion = kubernetesVersion;
        Entry = entry;
        Error = error;
        _rendering = rendering;
        if (definition is not null)
        {
            Name = definition.Name;
            Namespace = definition.Namespace;
            LastCall = definition.LastCall;
        }

        if (manifests is not null)
        {
            // What validation, the file names, index.json and the report need, kept small: with keepBuilt false (the build
            // step) the definition and its objects are dropped once the YAML is rendered.
            Objects = manifests.Objects.Select(o => new IndexObject(o.Kind, o.Metadata?.NamespaceProperty, o.Metadata?.Name ?? string.Empty)).ToArray();
            Model = new ManifestSetModel();
            ModelMapper.Add(Model, manifests, definition!);
        }

        if (keepBuilt)
        {
            Definition = definition;
            Manifests = manifests;
        }
    }

    /// <summary>The Kubernetes version the app was built for and is validated against (e.g. "1.29"), or null for none.</summary>
    public string? KubernetesVersion { get; }

    /// <summary>The registry entry; null for an app given directly (<see cref="Of(StatefulApp)"/>).</summary>
    public ManifestEntry? Entry { get; }

    /// <summary>
    /// The definition; null when creating it failed (<see cref="Error"/>), or in a plan made without
    /// <see cref="ManifestPlanOptions.KeepBuilt"/> (the build step).
    /// </summary>
    public StatefulApp? Definition { get; }

    /// <summary>
    /// The built objects; null when creating or building failed (<see cref="Error"/>), or in a plan made without
    /// <see cref="ManifestPlanOptions.KeepBuilt"/> (the build step).
    /// </summary>
    public AppManifests? Manifests { get; }

    /// <summary>Why the app could not be created or built ("Infra.Db threw InvalidOperationException: ..."), or null.</summary>
    public string? Error { get; }

    /// <summary>The app's name (<see cref="StatefulApp.Name"/>); null when creating it failed.</summary>
    internal string? Name { get; }

    /// <summary>The app's namespace (<see cref="StatefulApp.Namespace"/>), or null.</summary>
    internal string? Namespace { get; }

    /// <summary>The definition's last DSL call (where its findings are reported, <see cref="SourceLocation"/>).</summary>
    internal CallAnchor? LastCall { get; }

    /// <summary>The kind, namespace and name of each built object, in apply order; empty when building failed.</summary>
    internal IReadOnlyList<IndexObject> Objects { get; } = Array.Empty<IndexObject>();

    /// <summary>The app's objects in the rule model (its StatefulSet, Services and budgets), mapped once; null when building failed.</summary>
    internal ManifestSetModel? Model { get; }

    /// <summary>The set ([Manifests] type) the app belongs to; "" without an entry.</summary>
    public string SetName => Entry?.SetName ?? string.Empty;

    /// <summary>The variant, or null.</summary>
    public string? Variant => Entry?.Variant;

    /// <summary>"Infra.Postgres", with " (variant)" when it has one; the app name without an entry.</summary>
    public string Label => Entry is null ? Name ?? "(app)" : LabelOf(Entry);

    /// <summary>
    /// The YAML of the app (UTF-8, objects in apply order): byte for byte what the build writes. Rendered once;
    /// rethrows what the serialization threw.
    /// </summary>
    public byte[] Yaml => (_rendering ?? throw new InvalidOperationException($"{Label} could not be built: {Error}")).Content;

    /// <summary>
    /// The objects to send to a cluster: <see cref="Yaml"/> read back (so that what is applied is what was rendered,
    /// not a second build), each a new instance the caller may adapt: the KubernetesClient model of its kind, or, for
    /// an extra the models do not hold exactly (a custom resource instance), a raw object of its fields.
    /// </summary>
    public IReadOnlyList<IKubernetesObject<V1ObjectMeta>> ReadObjects() =>
        YamlTree.Documents(Encoding.UTF8.GetString(Yaml)).OfType<System.Text.Json.Nodes.JsonObject>().Select(RawObject.Create).ToList();

    /// <summary>
    /// Creates and builds the app of <paramref name="entry"/>, for the target <paramref name="kubernetesVersion"/> (null for
    /// none); a failure is kept in <see cref="Error"/>, not thrown.
    /// </summary>
    public static PlannedApp Create(ManifestEntry entry, string? kubernetesVersion = null) =>
        Create(entry ?? throw new ArgumentNullException(nameof(entry)), null, kubernetesVersion, keepBuilt: true);

    /// <summary>Builds <paramref name="app"/> (no registry entry: the generated client and API callers).</summary>
    public static PlannedApp Of(StatefulApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var manifests = app.Build();
        return new PlannedApp(null, app, manifests, null, new Rendering(manifests));
    }

    internal static PlannedApp Create(ManifestEntry entry, Renderer? renderer, string? kubernetesVersion, bool keepBuilt)
    {
        StatefulApp? definition;
        try
        {
            definition = entry.Create();
        }
        catch (Exception e)
        {
            return new PlannedApp(entry, null, null, $"{LabelOf(entry)} threw {ManifestAssembly.Describe(e)}", null, kubernetesVersion);
        }

        if (definition is null)
        {
            return new PlannedApp(entry, null, null,
                $"{LabelOf(entry)} is null; a static app defined from another one must be declared after it (static initializers run in order), or made a property with '=>'.", null, kubernetesVersion);
        }

        try
        {
            var built = definition.Build(ManifestSet.TargetVersion(kubernetesVersion));
            var rendering = renderer?.Add(built) ?? new Rendering(built);
            if (!keepBuilt && renderer is null)
                rendering.TryRun(); // nothing else would release the objects before the end
            return new PlannedApp(entry, definition, built, null, rendering, kubernetesVersion, keepBuilt);
        }
        catch (Exception e)
        {
            return new PlannedApp(entry, definition, null, $"building {LabelOf(entry)} threw {ManifestAssembly.Describe(e)}", null, kubernetesVersion, keepBuilt);
        }
    }

    /// <summary>"Infra.Postgres", with " (variant)" when it has one.</summary>
    public static string LabelOf(ManifestEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return ShortSet(entry.SetName) + "." + entry.MemberName + (entry.Variant is null ? string.Empty : $" ({entry.Variant})");
    }

    internal static string ShortSet(string setName) => setName.Substring(setName.LastIndexOf('.') + 1);
}

/// <summary>Apps validated and written together: one [Manifests] set, or one variant folder of a set with variants.</summary>
/// <param name="SetName">The [Manifests] type.</param>
/// <param name="Folder">The variant folder ("" for none).</param>
/// <param name="Apps">The apps: the variant's apps plus the set's apps without variants.</param>
public sealed record PlanGroup(string SetName, string Folder, IReadOnlyList<PlannedApp> Apps);

/// <summary>A problem the plan found, located at the app it is about.</summary>
/// <param name="Id">The rule ID (BERTH001–BERTH899) or build-step code (<see cref="WriterCodes"/>).</param>
/// <param name="Severity">Error, warning or info.</param>
/// <param name="Message">The message.</param>
/// <param name="HelpLink">The rule's documentation page, or null.</param>
/// <param name="App">The app it is about (the first app of the group when no other can be told).</param>
/// <param name="SetName">The set that fails when <see cref="Severity"/> is an error.</param>
/// <param name="Violation">The rule violation, for a rule of the catalog; null for a build-step code.</param>
public sealed record PlanDiagnostic(string Id, RuleSeverity Severity, string Message, string? HelpLink, PlannedApp App, string SetName, RuleViolation? Violation = null)
{
    /// <summary>
    /// Where to report it: the DSL call that set the value it is about when that can be told (see <see cref="SourceLocation"/>),
    /// else the app's [Manifests] member; null when the app has no source file.
    /// </summary>
    public SourceLocation? Location => SourceLocation.Of(App, Violation?.Anchor);
}

/// <summary>One file the plan writes: <c>[variant/]app.yaml</c> or <c>[variant/]namespace.app.yaml</c>.</summary>
/// <param name="File">The path relative to the output folder, with '/'.</param>
/// <param name="Folder">The variant folder ("" for none).</param>
/// <param name="App">The app.</param>
public sealed record PlannedFile(string File, string Folder, PlannedApp App);

/// <summary>The cluster domain of the plan being made, for the code it runs (an async-local, not a process variable).</summary>
internal static class ClusterDomainScope
{
    private static readonly System.Threading.AsyncLocal<string?> Domain = new();

    public static string? Current => Domain.Value;

    public static IDisposable Enter(string? domain)
    {
        var previous = Domain.Value;
        if (!string.IsNullOrEmpty(domain))
            Domain.Value = domain;
        return new Restore(previous);
    }

    private sealed class Restore : IDisposable
    {
        private readonly string? _previous;

        public Restore(string? previous) => _previous = previous;

        public void Dispose() => Domain.Value = _previous;
    }
}

/// <summary>How a plan is made.</summary>
public sealed class ManifestPlanOptions
{
    /// <summary>Serialize built apps on a second core while the others are created (the writer; on by default when there is one).</summary>
    public bool RenderEarly { get; init; } = Environment.ProcessorCount > 1 && Environment.GetEnvironmentVariable("BERTH_WRITER_EARLY_YAML") != "0";

    /// <summary>
    /// The cluster DNS domain the identities of the definitions use while the plan creates and builds them
    /// (<c>Infra.Postgres.Pod(0).Host</c>); null for the default (BERTH_CLUSTER_DOMAIN, else cluster.local). The build
    /// step passes <c>$(BerthClusterDomain)</c> here: no process environment variable is set.
    /// </summary>
    public string? ClusterDomain { get; init; }

    /// <summary>
    /// The Kubernetes version the apps target (e.g. "1.29"), or null for none: the build step passes
    /// <c>$(BerthKubernetesVersion)</c>, <c>berth validate</c> and <c>berth render</c> their <c>--kubernetes-version</c>. See
    /// <see cref="ManifestSet.KubernetesVersion"/>.
    /// </summary>
    public string? KubernetesVersion { get; init; }

    /// <summary>
    /// Keep each app's definition and built objects (<see cref="PlannedApp.Definition"/>, <see cref="PlannedApp.Manifests"/>)
    /// in the plan (the default: the CLI and the client use them). The build step turns it off: it needs each app's YAML, its
    /// objects in the rule model and their names only, so the definitions and the KubernetesClient objects are dropped as
    /// soon as each app is rendered and memory stays small for many apps.
    /// </summary>
    public bool KeepBuilt { get; init; } = true;

    /// <summary>Called with the number of apps created so far, after each one (the writer's precompiler follows it).</summary>
    public Action<int>? Created { get; init; }

    /// <summary>
    /// The project's severity settings (.editorconfig, NoWarn, pragmas...): a diagnostic with the severity they give it,
    /// or null when they turn it off; null for the rules' own severities. An error fails its set, whatever its default.
    /// </summary>
    public Func<PlanDiagnostic, PlanDiagnostic?>? Severity { get; init; }
    /// <summary>The project's lock file to check the apps against (BERTH098, BERTH099), or null for none.</summary>
    public ProjectLock? Lock { get; init; }
}

/// <summary>
/// The one manifest plan of Berth, used by the build step (Berth.Writer), the <c>berth</c> CLI and the client: creates
/// the apps of registry entries (each built once), groups them per set and variant (a set with variants once per
/// variant: its variant apps for that variant plus the apps without variants, each folder a complete environment),
/// validates each group with <see cref="ManifestSet"/>, finds the app each problem is about, names the files and
/// renders the YAML. <see cref="ManifestOutput"/> writes a plan to a folder with its index.json.
/// </summary>
public sealed class ManifestPlan
{
    private ManifestPlan(IReadOnlyList<PlannedApp> apps, IReadOnlyList<PlanGroup> groups, IReadOnlyList<PlanDiagnostic> diagnostics, IReadOnlyCollection<string> failedSets, IReadOnlyList<PlannedFile> files, LockResult? lockResult)
    {
        LockResult = lockResult;
        Apps = apps;
        Groups = groups;
        Diagnostics = diagnostics;
        FailedSets = failedSets;
        Files = files;
    }

    /// <summary>Every app, in entry order.</summary>
    public IReadOnlyList<PlannedApp> Apps { get; }

    /// <summary>The groups, by set name then variant.</summary>
    public IReadOnlyList<PlanGroup> Groups { get; }

    /// <summary>Every problem, each once (an app shared by several variants reports once).</summary>
    public IReadOnlyList<PlanDiagnostic> Diagnostics { get; }

    /// <summary>The sets with an error: they write no file.</summary>
    public IReadOnlyCollection<string> FailedSets { get; }

    /// <summary>The files of the sets without errors, by group; an app of several variants has one file per variant.</summary>
    public IReadOnlyList<PlannedFile> Files { get; }

    /// <summary>The lock to write and what changed in it, when the plan was made with a <see cref="ManifestPlanOptions.Lock"/>; else null.</summary>
    public LockResult? LockResult { get; }

    /// <summary>True when some diagnostic is an error.</summary>
    public bool HasErrors => FailedSets.Count > 0;

    /// <summary>Creates the apps of <paramref name="entries"/> and plans them.</summary>
    public static ManifestPlan Create(IReadOnlyList<ManifestEntry> entries, ManifestPlanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        options ??= new ManifestPlanOptions();
        var renderer = options.RenderEarly ? new Renderer(background: true) : null;
        using var domain = ClusterDomainScope.Enter(options.ClusterDomain);
        try
        {
            var apps = new List<PlannedApp>(entries.Count);
            foreach (var entry in entries)
            {
                apps.Add(PlannedApp.Create(entry, renderer, options.KubernetesVersion, options.KeepBuilt));
                options.Created?.Invoke(apps.Count);
            }

            return Create(apps, options.Severity, options.Lock);
        }
        finally
        {
            // What the background thread has not serialized yet is serialized when it is asked for.
            renderer?.Close();
        }
    }

    /// <summary>
    /// Plans apps already created (the CLI creates them to find apps by name): groups, validates, names the files; with a
    /// <paramref name="projectLock"/>, also checks the apps against it (every app of the project must be given then).
    /// </summary>
    /// <param name="apps">The apps.</param>
    /// <param name="severity">The project's severity settings (<see cref="ManifestPlanOptions.Severity"/>); null for the rules' own.</param>
    /// <param name="projectLock">The project's lock file, or null.</param>
    public static ManifestPlan Create(IReadOnlyList<PlannedApp> apps, Func<PlanDiagnostic, PlanDiagnostic?>? severity = null, ProjectLock? projectLock = null)
    {
        ArgumentNullException.ThrowIfNull(apps);
        var groups = new List<PlanGroup>();
        var diagnostics = new List<PlanDiagnostic>();
        var failed = new HashSet<string>(StringComparer.Ordinal);
        var reported = new HashSet<(string Id, string Message, string? File, int? Line)>();
        void Report(PlanDiagnostic diagnostic)
        {
            if (severity is not null)
            {
                if (severity(diagnostic) is not { } configured)
                    return;
                diagnostic = configured;
            }
            // The same finding of an app shared by several variant groups: once. (A tuple, not a string of it: a key per finding.)
            if (!reported.Add((diagnostic.Id, diagnostic.Message, diagnostic.App.Entry?.SourceFile, diagnostic.App.Entry?.SourceLine)))
                return;
            diagnostics.Add(diagnostic);
            if (diagnostic.Severity == RuleSeverity.Error)
                failed.Add(diagnostic.SetName);
        }

        var candidates = new List<PlannedFile>();
        foreach (var set in apps.GroupBy(a => a.SetName).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var built = new List<PlannedApp>();
            foreach (var app in set)
            {
                if (app.Error is not null)
                    Report(new PlanDiagnostic(WriterCodes.DefinitionThrew, RuleSeverity.Error, app.Error, null, app, set.Key));
                else
                    built.Add(app);
            }

            var variants = built.Select(a => a.Variant).OfType<string>().Distinct().OrderBy(v => v, StringComparer.Ordinal).ToArray();
            var setGroups = variants.Length == 0
                ? new[] { new PlanGroup(set.Key, string.Empty, built) }
                : variants.Select(v => new PlanGroup(set.Key, v, built.Where(a => a.Variant is null || a.Variant == v).ToList())).ToArray();
            foreach (var group in setGroups.Where(g => g.Apps.Count > 0))
            {
                groups.Add(group);
                IReadOnlyList<RuleViolation> violations;
                try
                {
                    // The objects already built (the same ones that are serialized): one build per app.
                    // Against the version the apps were built for (a plan's apps share it: they come from one option).
                    violations = RuleEngine.Check(ModelOf(group));
                }
                catch (Exception e)
                {
                    Report(new PlanDiagnostic(WriterCodes.DefinitionThrew, RuleSeverity.Error,
                        $"validating {PlannedApp.ShortSet(set.Key)}{(group.Folder.Length > 0 ? $" ({group.Folder})" : string.Empty)} threw {ManifestAssembly.Describe(e)}",
                        null, group.Apps[0], set.Key));
                    continue;
                }

                var owners = violations.Count == 0 ? null : new Owners(group.Apps);
                foreach (var violation in violations)
                    Report(new PlanDiagnostic(violation.Id, violation.Severity, violation.Message, violation.Rule.HelpLink, owners!.Of(violation), set.Key, violation));
                candidates.AddRange(group.Apps.Select(a => new PlannedFile(string.Empty, group.Folder, a)));
            }
        }

        LockResult? lockResult = null;
        if (projectLock is not null)
        {
            if (projectLock.Error is not null && !projectLock.Accept && apps.Count > 0)
            {
                // Nothing can be checked against an unreadable lock: every set fails until it is fixed or rewritten.
                Report(new PlanDiagnostic(RuleCatalog.LockFileUnreadable.Id, RuleCatalog.LockFileUnreadable.Severity, projectLock.UnreadableMessage,
                    RuleCatalog.LockFileUnreadable.HelpLink, apps[0], apps[0].SetName));
                foreach (var app in apps)
                    failed.Add(app.SetName);
            }
            else
            {
                var found = new List<PlanDiagnostic>();
                lockResult = projectLock.Check(apps, found);
                foreach (var diagnostic in found)
                    Report(diagnostic);
            }
        }

        var files = NameFiles(candidates.Where(c => !failed.Contains(c.App.SetName)).ToList(), Report);
        return new ManifestPlan(apps, groups, diagnostics, failed, files.Where(f => !failed.Contains(f.App.SetName)).ToList(), lockResult);
    }

    /// <summary>
    /// The rule model of a group: its apps' objects mapped when each was built (<see cref="PlannedApp.Model"/>), in app
    /// order, as <see cref="ManifestSet"/> maps them (the rules are pure: an app of several variant groups is shared).
    /// </summary>
    private static ManifestSetModel ModelOf(PlanGroup group)
    {
        var model = new ManifestSetModel { KubernetesVersion = group.Apps[0].KubernetesVersion };
        foreach (var app in group.Apps)
        {
            model.Apps.AddRange(app.Model!.Apps);
            model.Services.AddRange(app.Model.Services);
            model.Budgets.AddRange(app.Model.Budgets);
        }

        return model;
    }

    /// <summary>
    /// <c>&lt;app&gt;.yaml</c>, or <c>&lt;namespace&gt;.&lt;app&gt;.yaml</c> where two apps of one folder share a name;
    /// apps that would still write the same file are reported (BERTH902).
    /// </summary>
    private static List<PlannedFile> NameFiles(List<PlannedFile> files, Action<PlanDiagnostic> report)
    {
        var named = new List<PlannedFile>(files.Count);
        foreach (var folder in files.GroupBy(f => f.Folder))
        {
            foreach (var sameName in folder.GroupBy(f => f.App.Name!))
            {
                var qualify = sameName.Count() > 1;
                foreach (var file in sameName)
                {
                    var app = file.App;
                    var baseName = qualify ? $"{app.Namespace ?? "default"}.{app.Name}" : app.Name;
                    named.Add(file with { File = (folder.Key.Length > 0 ? folder.Key + "/" : string.Empty) + baseName + ".yaml" });
                }
            }
        }

        foreach (var clash in named.GroupBy(f => f.File).Where(g => g.Count() > 1))
        {
            foreach (var file in clash)
            {
                var app = file.App;
                var label = file.App.Entry is { } e ? PlannedApp.ShortSet(e.SetName) + "." + e.MemberName : file.App.Label;
                var others = string.Join(", ", clash.Where(c => c != file).Select(c => c.App.Entry is { } o ? PlannedApp.ShortSet(o.SetName) + "." + o.MemberName : c.App.Label));
                report(new PlanDiagnostic(WriterCodes.SameFile, RuleSeverity.Error,
                    $"{label} and {others} are both the app \"{app.Name}\" in namespace \"{app.Namespace ?? "default"}\" and would write {file.File}; give one of them another name.",
                    null, file.App, file.App.SetName));
            }
        }

        return named;
    }

    /// <summary>
    /// The app a violation is about: by the object name ("statefulset/postgres", "postgres-client"): the first app of
    /// that name, else the first app with an object of that name, else the first app whose name and a '-' start it,
    /// else the first app. Looked up by name (one violation per app must not cost a scan of every app).
    /// </summary>
    private sealed class Owners
    {
        private readonly IReadOnlyList<PlannedApp> _apps;
        private readonly Dictionary<string, int> _byAppName = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _byObjectName = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _byPrefix = new(StringComparer.Ordinal);

        public Owners(IReadOnlyList<PlannedApp> apps)
        {
            _apps = apps;
            for (var i = 0; i < apps.Count; i++)
            {
                var appName = apps[i].Name;
                if (appName is not null)
                    _byAppName.TryAdd(appName, i);
                _byPrefix.TryAdd(appName ?? string.Empty, i); // "name-" as the prefix; null + "-" is "-"
                foreach (var o in apps[i].Objects)
                {
                    if (o.Name.Length > 0)
                        _byObjectName.TryAdd(o.Name, i);
                }
            }
        }

        public PlannedApp Of(RuleViolation violation)
        {
            var objectName = violation.ObjectName ?? string.Empty;
            var name = objectName.Substring(objectName.LastIndexOf('/') + 1);
            if (_byAppName.TryGetValue(name, out var i) || _byObjectName.TryGetValue(name, out i))
                return _apps[i];
            // The first app (in list order) whose name followed by '-' is a prefix of the name.
            var first = -1;
            for (var dash = name.IndexOf('-'); dash >= 0; dash = name.IndexOf('-', dash + 1))
            {
                if (_byPrefix.TryGetValue(name.Substring(0, dash), out var j) && (first < 0 || j < first))
                    first = j;
            }

            return _apps[first >= 0 ? first : 0];
        }
    }
}
