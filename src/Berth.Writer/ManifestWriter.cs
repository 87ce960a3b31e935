using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using Berth.Registry;
using Berth.Rules;

namespace Berth.Writer;

/// <summary>What the writer is asked to do.</summary>
/// <param name="AssemblyPath">The built assembly.</param>
/// <param name="ReferencePaths">Every reference path of the project, most specific first.</param>
/// <param name="OutputDirectory">Where the YAML files and index.json go.</param>
/// <param name="ClusterDomain">The cluster DNS domain for the identities, or null for the default.</param>
/// <param name="CompilerLogPath">The compiler's SARIF error log, to skip warnings the analyzers already reported; may be null.</param>
/// <param name="OutputsListPath">
/// Where to list the full paths of the files in the output folder after the run (the build step hashes them to
/// notice files deleted or changed by hand); may be null.
/// </param>
/// <param name="Owner">The project file that owns the output folder (recorded in index.json); may be null.</param>
internal sealed record WriterOptions(string AssemblyPath, IReadOnlyList<string> ReferencePaths, string OutputDirectory, string? ClusterDomain,
    string? CompilerLogPath = null, string? OutputsListPath = null, string? Owner = null);

/// <summary>
/// Runs every [Manifests] registry of the built assembly: creates each app, validates each set (and each
/// variant of it) with <see cref="ManifestSet"/>, reports every problem in MSBuild format, and writes one YAML
/// file per app plus index.json for the sets without errors. Files are rewritten only when their content
/// changes; files of a previous run that no app writes any more are deleted.
/// </summary>
internal static class ManifestWriter
{
    public const int Success = 0;
    public const int DefinitionErrors = 1;
    public const int CannotRun = 2;

    private sealed record App(ManifestEntry Entry, StatefulApp Definition, AppManifests Built, Rendering Yaml);

    private sealed record PlannedFile(App App, string Folder)
    {
        public string File { get; set; } = string.Empty;

        public byte[] Content { get; set; } = Array.Empty<byte>();
    }

    public static int Run(WriterOptions options, Reporter report)
    {
        var assemblyPath = Path.GetFullPath(options.AssemblyPath);
        if (!string.IsNullOrEmpty(options.ClusterDomain))
            Environment.SetEnvironmentVariable("BERTH_CLUSTER_DOMAIN", options.ClusterDomain);

        var timings = Timings.Start();
        Precompiler? precompiler = null;
        IReadOnlyList<ManifestEntry> entries;
        try
        {
            entries = timings.Measure("load", () => ManifestAssembly.Load(assemblyPath, options.ReferencePaths, assembly => precompiler = Precompiler.Start(assembly)));
        }
        catch (ManifestLoadException e)
        {
            report.Error(null, 0, e.Code, e.Message);
            return CannotRun;
        }

        var outputDirectory = Path.GetFullPath(options.OutputDirectory);
        var owner = string.IsNullOrEmpty(options.Owner) ? null : Path.GetFullPath(options.Owner);
        int code;
        if (entries.Count == 0)
        {
            // No [Manifests] type: nothing to write, but clean up what an earlier build of this project wrote.
            var previous = ManifestIndex.Read(outputDirectory);
            code = CannotRun;
            if (!IsOwnedByAnother(previous, owner, outputDirectory, report))
            {
                Commit(outputDirectory, previous, Array.Empty<PlannedFile>(), owner, Array.Empty<string>(), report);
                code = Success;
            }
        }
        else
        {
            code = Write(entries, outputDirectory, report, CompilerLog.Read(options.CompilerLogPath), timings, precompiler, owner);
        }

        if (options.OutputsListPath is { Length: > 0 } list && code != CannotRun)
            WriteOutputsList(list, outputDirectory);
        return code;
    }

    /// <summary>
    /// The build failed before the writer could run (a compile error): the files of the last run no longer describe
    /// the definitions, so they are removed and index.json says "failed", naming the sets of the last run. A folder
    /// another project owns, or one without an index, is left alone.
    /// </summary>
    public static int MarkFailed(string outputDirectory, string? project, string? outputsListPath, Reporter report)
    {
        outputDirectory = Path.GetFullPath(outputDirectory);
        var previous = ManifestIndex.Read(outputDirectory);
        var owner = string.IsNullOrEmpty(project) ? null : Path.GetFullPath(project);
        if (!File.Exists(Path.Combine(outputDirectory, ManifestIndex.FileName)) || BelongsToAnother(previous, owner))
            return Success;
        var failed = previous.Files.Select(f => f.Set).Concat(previous.Failed).Distinct(StringComparer.Ordinal).ToArray();
        Commit(outputDirectory, previous, Array.Empty<PlannedFile>(), owner, failed, report);
        report.Message($"Berth: the build failed before the manifests could be written; index.json in {outputDirectory} says \"failed\".");
        if (outputsListPath is { Length: > 0 })
            WriteOutputsList(outputsListPath, outputDirectory);
        return Success;
    }

    /// <summary>The full paths of index.json and every file it lists, one per line (none when there is no index).</summary>
    private static void WriteOutputsList(string listPath, string outputDirectory)
    {
        var index = ManifestIndex.Read(outputDirectory);
        var lines = index.Files.Count == 0 && !File.Exists(Path.Combine(outputDirectory, ManifestIndex.FileName))
            ? Array.Empty<string>()
            : index.Files.Select(f => Path.Combine(outputDirectory, f.File)).Append(Path.Combine(outputDirectory, ManifestIndex.FileName)).ToArray();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(listPath))!);
        File.WriteAllLines(listPath, lines);
    }

    /// <summary>True when index.json names a project as its owner and <paramref name="owner"/> is another one.</summary>
    private static bool BelongsToAnother(IndexContent previous, string? owner) =>
        owner is not null && previous.Owner is not null && !string.Equals(previous.Owner, owner, StringComparison.Ordinal);

    /// <summary>True (and reported) when index.json in the folder names another project as its owner.</summary>
    private static bool IsOwnedByAnother(IndexContent previous, string? owner, string outputDirectory, Reporter report)
    {
        if (!BelongsToAnother(previous, owner))
            return false;
        report.Error(null, 0, WriterCodes.OutputOwnedByAnother,
            $"the output folder {outputDirectory} holds the manifests of {previous.Owner} (see its index.json), and {owner} writes to it too; " +
            "give each project its own BerthManifestsOutput (or delete that folder if the other project no longer exists). Nothing was written or deleted.");
        return true;
    }

    /// <summary>Creates, validates and writes the apps of the given registry entries (the testable core of <see cref="Run"/>).</summary>
    public static int Write(IReadOnlyList<ManifestEntry> entries, string outputDirectory, Reporter report, CompilerLog? compilerLog = null, Timings? timings = null, Precompiler? precompiler = null, string? project = null)
    {
        compilerLog ??= CompilerLog.Empty;
        outputDirectory = Path.GetFullPath(outputDirectory);
        timings ??= Timings.Start();
        var previous = ManifestIndex.Read(outputDirectory);
        if (IsOwnedByAnother(previous, project, outputDirectory, report))
            return CannotRun;
        var planned = new List<PlannedFile>();
        var failedSets = new HashSet<string>(StringComparer.Ordinal);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        var created = 0;
        var renderer = new Renderer(background: Renderer.BackgroundEnabled);
        foreach (var set in entries.GroupBy(e => e.SetName).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var apps = new List<App>();
            foreach (var entry in set)
            {
                if (timings.Measure("create+build", () => TryCreate(entry, report, renderer)) is { } app)
                    apps.Add(app);
                else
                    failedSets.Add(set.Key);
                precompiler?.Created(++created);
            }

            // A set with variants is written once per variant: its variant apps for that variant plus the
            // apps without variants, each folder a complete environment, validated as a whole.
            var variants = apps.Select(a => a.Entry.Variant).Where(v => v is not null).Distinct().OrderBy(v => v, StringComparer.Ordinal).ToArray();
            var groups = variants.Length == 0
                ? new[] { (Folder: string.Empty, Apps: apps) }
                : variants.Select(v => (Folder: v!, Apps: apps.Where(a => a.Entry.Variant is null || a.Entry.Variant == v).ToList())).ToArray();

            foreach (var (folder, groupApps) in groups)
            {
                if (groupApps.Count == 0)
                    continue;
                IReadOnlyList<RuleViolation> violations;
                try
                {
                    // Validate the objects already built (the same ones that are serialized): one build per app.
                    violations = timings.Measure("validate", () => new ManifestSet(groupApps.Select(a => a.Definition)).Validate(groupApps.Select(a => a.Built).ToArray()));
                }
                catch (Exception e)
                {
                    report.Error(groupApps[0].Entry.SourceFile, groupApps[0].Entry.SourceLine, WriterCodes.DefinitionThrew,
                        $"validating {ShortSet(set.Key)}{(folder.Length > 0 ? $" ({folder})" : string.Empty)} threw {ManifestAssembly.Describe(e)}");
                    failedSets.Add(set.Key);
                    continue;
                }
                var owners = violations.Count == 0 ? null : new Owners(groupApps);
                foreach (var violation in violations)
                {
                    var owner = owners!.Of(violation);
                    var key = $"{violation.Id}|{violation.Message}|{owner.Entry.SourceFile}|{owner.Entry.SourceLine}";
                    if (!reported.Add(key))
                        continue; // an app shared by several variants reports once
                    if (violation.Severity != RuleSeverity.Error && compilerLog.Contains(violation.Id, violation.Message))
                        continue; // the analyzers already reported it, at the exact argument
                    switch (violation.Severity)
                    {
                        case RuleSeverity.Error:
                            report.Error(owner.Entry.SourceFile, owner.Entry.SourceLine, violation.Id, violation.Message, violation.Rule.HelpLink);
                            failedSets.Add(set.Key);
                            break;
                        case RuleSeverity.Warning:
                            report.Warning(owner.Entry.SourceFile, owner.Entry.SourceLine, violation.Id, violation.Message, violation.Rule.HelpLink);
                            break;
                        default:
                            report.Info(violation.Id, violation.Message);
                            break;
                    }
                }
                if (failedSets.Contains(set.Key))
                    continue;
                foreach (var app in groupApps)
                    planned.Add(new PlannedFile(app, folder));
            }
        }

        precompiler?.Stop();

        // Sets with errors write nothing; their files from an earlier run stay as they were.
        var toWrite = planned.Where(p => !failedSets.Contains(p.App.Entry.SetName)).ToList();
        // Serialization dominates for many apps: what the background thread has not done yet (see Renderer) is done
        // here on every core. An app shared by several variants is serialized once.
        timings.Measure("serialize", () =>
        {
            try
            {
                System.Threading.Tasks.Parallel.ForEach(toWrite, file => file.Content = file.App.Yaml.Content);
            }
            finally
            {
                renderer.Close();
            }
            return 0;
        });
        failedSets.UnionWith(AssignFileNames(toWrite, report));
        if (report.Errors > 0)
        {
            // The sets with errors lose their files from an earlier run: a deploy step must never take a stale file
            // for a current one. index.json says "failed" and names them.
            var written = Commit(outputDirectory, previous, toWrite.Where(p => p.File.Length > 0 && !failedSets.Contains(p.App.Entry.SetName)).ToList(), project, failedSets, report);
            report.Message(toWrite.Count == 0
                ? $"Berth: {report.Errors} error(s) in the manifests; nothing written, and index.json in {outputDirectory} says \"failed\"."
                : $"Berth: {report.Errors} error(s) in the manifests; the sets without errors are in {outputDirectory} ({written} file(s) written); index.json says \"failed\" and names the others.");
            return DefinitionErrors;
        }

        var changed = timings.Measure("write", () => Commit(outputDirectory, previous, toWrite, project, Array.Empty<string>(), report));
        timings.Report(report);
        report.Message($"Berth: {toWrite.Count} manifest file(s) in {outputDirectory} ({changed} written, {toWrite.Count - changed} unchanged).");
        return Success;
    }

    private static App? TryCreate(ManifestEntry entry, Reporter report, Renderer renderer)
    {
        var name = ShortSet(entry.SetName) + "." + entry.MemberName + (entry.Variant is null ? string.Empty : $" ({entry.Variant})");
        StatefulApp? definition;
        try
        {
            definition = entry.Create();
        }
        catch (Exception e)
        {
            report.Error(entry.SourceFile, entry.SourceLine, WriterCodes.DefinitionThrew, $"{name} threw {ManifestAssembly.Describe(e)}");
            return null;
        }
        if (definition is null)
        {
            report.Error(entry.SourceFile, entry.SourceLine, WriterCodes.DefinitionThrew,
                $"{name} is null; a static app defined from another one must be declared after it (static initializers run in order), or made a property with '=>'.");
            return null;
        }
        try
        {
            var built = definition.Build();
            return new App(entry, definition, built, renderer.Add(built));
        }
        catch (Exception e)
        {
            report.Error(entry.SourceFile, entry.SourceLine, WriterCodes.DefinitionThrew, $"building {name} threw {ManifestAssembly.Describe(e)}");
            return null;
        }
    }

    /// <summary>
    /// The app a violation is about: by the object name ("statefulset/postgres", "postgres-client"): the first app of
    /// that name, else the first app with an object of that name, else the first app whose name and a '-' start it,
    /// else the first app. Looked up by name (one violation per app must not cost a scan of every app).
    /// </summary>
    private sealed class Owners
    {
        private readonly IReadOnlyList<App> _apps;
        private readonly Dictionary<string, int> _byAppName = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _byObjectName = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _byPrefix = new(StringComparer.Ordinal);

        public Owners(IReadOnlyList<App> apps)
        {
            _apps = apps;
            for (var i = 0; i < apps.Count; i++)
            {
                var appName = apps[i].Definition.Name;
                if (appName is not null)
                    _byAppName.TryAdd(appName, i);
                _byPrefix.TryAdd(appName ?? string.Empty, i); // "name-" as the prefix; null + "-" is "-"
                foreach (var o in apps[i].Built.Objects)
                {
                    if (o.Metadata?.Name is { } objectName)
                        _byObjectName.TryAdd(objectName, i);
                }
            }
        }

        public App Of(RuleViolation violation)
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

    /// <summary>
    /// <c>&lt;app&gt;.yaml</c>, or <c>&lt;namespace&gt;.&lt;app&gt;.yaml</c> where two apps of one folder share a name.
    /// Returns the sets of apps that would write the same file (reported).
    /// </summary>
    private static HashSet<string> AssignFileNames(List<PlannedFile> files, Reporter report)
    {
        var clashing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in files.GroupBy(f => f.Folder))
        {
            var byName = folder.GroupBy(f => f.App.Definition.Name).ToList();
            foreach (var sameName in byName)
            {
                var qualify = sameName.Count() > 1;
                foreach (var file in sameName)
                {
                    var baseName = qualify ? $"{file.App.Definition.Namespace ?? "default"}.{file.App.Definition.Name}" : file.App.Definition.Name;
                    file.File = (folder.Key.Length > 0 ? folder.Key + "/" : string.Empty) + baseName + ".yaml";
                }
            }
        }
        foreach (var clash in files.GroupBy(f => f.File).Where(g => g.Count() > 1))
        {
            foreach (var file in clash)
            {
                var entry = file.App.Entry;
                report.Error(entry.SourceFile, entry.SourceLine, WriterCodes.SameFile,
                    $"{ShortSet(entry.SetName)}.{entry.MemberName} and {string.Join(", ", clash.Where(c => c != file).Select(c => ShortSet(c.App.Entry.SetName) + "." + c.App.Entry.MemberName))} " +
                    $"are both the app \"{file.App.Definition.Name}\" in namespace \"{file.App.Definition.Namespace ?? "default"}\" and would write {file.File}; give one of them another name.");
                file.File = string.Empty;
                clashing.Add(entry.SetName);
            }
        }
        return clashing;
    }

    /// <summary>
    /// Writes changed files and the index; deletes the files of the previous index that are not written any more
    /// (removed apps, and the files of the sets that failed this time).
    /// </summary>
    private static int Commit(string outputDirectory, IndexContent previous, IReadOnlyList<PlannedFile> files, string? owner, IReadOnlyCollection<string> failed, Reporter report)
    {
        var index = files.Select(f => new IndexFile(f.App.Entry.SetName, f.App.Entry.MemberName, f.Folder.Length == 0 ? null : f.Folder, f.File,
                Source(f.App.Entry), f.App.Built.Objects.Select(o => new IndexObject(o.Kind, o.Metadata?.NamespaceProperty, o.Metadata?.Name ?? string.Empty)).ToArray()))
            .ToList();

        // One file per app: the folders first, then the files on every core (each is its own temporary file and rename).
        foreach (var directory in files.Select(f => Path.GetDirectoryName(Path.Combine(outputDirectory, f.File))!).Distinct(StringComparer.Ordinal))
            Directory.CreateDirectory(directory);
        var written = 0;
        System.Threading.Tasks.Parallel.ForEach(files, file =>
        {
            if (WriteIfChanged(Path.Combine(outputDirectory, file.File), file.Content, createDirectory: false))
                System.Threading.Interlocked.Increment(ref written);
        });

        var current = new HashSet<string>(index.Select(i => i.File), StringComparer.Ordinal);
        var failedNow = new HashSet<string>(failed, StringComparer.Ordinal);
        foreach (var stale in previous.Files.Where(p => !current.Contains(p.File)))
        {
            var path = Path.Combine(outputDirectory, stale.File);
            if (File.Exists(path))
            {
                File.Delete(path);
                report.Message(failedNow.Contains(stale.Set)
                    ? $"Berth: deleted {stale.File}: {ShortSet(stale.Set)} has errors, and its last good file must not look current."
                    : $"Berth: deleted {stale.File}: no app writes it any more.");
            }
            var directory = Path.GetDirectoryName(path);
            if (directory is not null && directory != outputDirectory && Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
                Directory.Delete(directory);
        }

        var indexPath = Path.Combine(outputDirectory, ManifestIndex.FileName);
        if (index.Count == 0 && failed.Count == 0)
        {
            if (File.Exists(indexPath)) File.Delete(indexPath);
            if (Directory.Exists(outputDirectory) && !Directory.EnumerateFileSystemEntries(outputDirectory).Any())
                Directory.Delete(outputDirectory);
        }
        else
        {
            Directory.CreateDirectory(outputDirectory);
            WriteIfChanged(indexPath, ManifestIndex.Serialize(index, owner, failed));
        }
        return written;
    }

    private static bool WriteIfChanged(string path, byte[] content, bool createDirectory = true)
    {
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(content))
            return false;
        if (createDirectory)
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, content);
        File.Move(temporary, path, overwrite: true);
        return true;
    }

    private static string? Source(ManifestEntry entry)
    {
        if (string.IsNullOrEmpty(entry.SourceFile))
            return null;
        var file = Path.IsPathRooted(entry.SourceFile)
            ? Path.GetRelativePath(Environment.CurrentDirectory, entry.SourceFile)
            : entry.SourceFile;
        return file.Replace('\\', '/') + ":" + entry.SourceLine;
    }

    private static string ShortSet(string setName) => setName.Substring(setName.LastIndexOf('.') + 1);
}

/// <summary>Phase timings, printed when BERTH_WRITER_TIMINGS=1 (for measuring, not for tests).</summary>
internal sealed class Timings
{
    private readonly Dictionary<string, (System.Diagnostics.Stopwatch Watch, TimeSpan Jit)>? _phases;

    private Timings(bool enabled) => _phases = enabled ? new Dictionary<string, (System.Diagnostics.Stopwatch, TimeSpan)>() : null;

    public static Timings Start() => new(Environment.GetEnvironmentVariable("BERTH_WRITER_TIMINGS") == "1");

    public T Measure<T>(string phase, Func<T> action)
    {
        if (_phases is null)
            return action();
        if (!_phases.TryGetValue(phase, out var entry))
            entry = (new System.Diagnostics.Stopwatch(), TimeSpan.Zero);
        var jit = System.Runtime.JitInfo.GetCompilationTime(currentThread: true);
        entry.Watch.Start();
        try
        {
            return action();
        }
        finally
        {
            entry.Watch.Stop();
            _phases[phase] = (entry.Watch, entry.Jit + (System.Runtime.JitInfo.GetCompilationTime(currentThread: true) - jit));
        }
    }

    public void Report(Reporter report)
    {
        if (_phases is null)
            return;
        var process = System.Diagnostics.Process.GetCurrentProcess();
        report.Message("Berth: timings: " + string.Join(", ", _phases.Select(p => $"{p.Key} {p.Value.Watch.Elapsed.TotalMilliseconds:F0} ms (JIT {p.Value.Jit.TotalMilliseconds:F0})")) +
                       $", process {(DateTime.Now - process.StartTime).TotalMilliseconds:F0} ms ({process.TotalProcessorTime.TotalMilliseconds:F0} ms CPU)" +
                       $"; JIT {System.Runtime.JitInfo.GetCompiledMethodCount()} methods, {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:F0} ms" +
                       $"; GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, paused {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms, {GC.GetTotalAllocatedBytes() >> 20} MB allocated");
    }
}
