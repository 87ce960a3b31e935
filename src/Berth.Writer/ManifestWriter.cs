using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Berth.Planning;
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
/// <param name="SeveritySettingsPath">The project's severity settings (<see cref="SeveritySettings"/>); may be null.</param>
internal sealed record WriterOptions(string AssemblyPath, IReadOnlyList<string> ReferencePaths, string OutputDirectory, string? ClusterDomain,
    string? CompilerLogPath = null, string? OutputsListPath = null, string? Owner = null, string? SeveritySettingsPath = null)
{
    /// <summary>The target Kubernetes version (BerthKubernetesVersion), or null for none.</summary>
    public string? KubernetesVersion { get; init; }

    /// <summary>The project's lock file (<c>--lock</c>), or null to neither check nor write one.</summary>
    public string? LockPath { get; init; }

    /// <summary>Accept changes to locked fields and rewrite the lock (<c>--update-lock</c>).</summary>
    public bool UpdateLock { get; init; }
}

/// <summary>
/// The build step over <see cref="ManifestPlan"/>: loads the registries of the built assembly, makes the plan (create,
/// group per variant, validate, name, render), reports its diagnostics in MSBuild format (warnings the analyzers
/// already reported are not repeated) and writes it with <see cref="ManifestOutput"/> (index.json, stale files removed).
/// </summary>
internal static class ManifestWriter
{
    public const int Success = 0;
    public const int DefinitionErrors = 1;
    public const int CannotRun = 2;

    public static int Run(WriterOptions options, Reporter report)
    {
        var assemblyPath = Path.GetFullPath(options.AssemblyPath);

        var timings = Timings.Start();
        Precompiler? precompiler = null;
        IReadOnlyList<ManifestEntry> entries;
        try
        {
            entries = timings.Measure("load", () => ManifestAssembly.Load(assemblyPath, options.ReferencePaths, assembly => precompiler = Precompiler.Start(assembly)));
        }
        catch (ManifestLoadException e)
        {
            report.Error(null, e.Code, e.Message);
            return CannotRun;
        }

        timings.Heap("loaded");
        var projectLock = options.LockPath is null ? null : ProjectLock.Load(options.LockPath, options.UpdateLock);
        var code = Write(entries, options.OutputDirectory, report, CompilerLog.Read(options.CompilerLogPath), timings, precompiler, options.Owner, options.ClusterDomain,
            SeveritySettings.Read(options.SeveritySettingsPath), options.KubernetesVersion, projectLock);
        if (options.OutputsListPath is { Length: > 0 } list && code != CannotRun)
            WriteOutputsList(list, options.OutputDirectory);
        return code;
    }

    /// <summary>
    /// The build failed before the writer could run (a compile error): <see cref="ManifestOutput.MarkFailed"/>.
    /// </summary>
    public static int MarkFailed(string outputDirectory, string? project, string? outputsListPath, Reporter report)
    {
        if (!ManifestOutput.MarkFailed(outputDirectory, project, report.Message))
            return Success;
        report.Message($"Berth: the build failed before the manifests could be written; index.json in {Path.GetFullPath(outputDirectory)} says \"failed\".");
        if (outputsListPath is { Length: > 0 })
            WriteOutputsList(outputsListPath, outputDirectory);
        return Success;
    }

    /// <summary>The full paths of index.json and every file it lists, one per line (none when there is no index).</summary>
    private static void WriteOutputsList(string listPath, string outputDirectory)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(listPath))!);
        File.WriteAllLines(listPath, ManifestOutput.ListFiles(outputDirectory));
    }

    /// <summary>Plans, reports and writes the apps of the given registry entries (the testable core of <see cref="Run"/>).</summary>
    public static int Write(IReadOnlyList<ManifestEntry> entries, string outputDirectory, Reporter report, CompilerLog? compilerLog = null, Timings? timings = null, Precompiler? precompiler = null, string? project = null, string? clusterDomain = null,
        SeveritySettings? severity = null, string? kubernetesVersion = null, ProjectLock? projectLock = null)
    {
        compilerLog ??= CompilerLog.Empty;
        outputDirectory = Path.GetFullPath(outputDirectory);
        timings ??= Timings.Start();
        var plan = timings.Measure("plan", () => ManifestPlan.Create(entries, new ManifestPlanOptions
        {
            Created = n => { precompiler?.Created(n); if (n == entries.Count) timings.Heap("created"); },
            // The writer needs each app's YAML, rule model and names only: the definitions and objects go as each app is rendered.
            KeepBuilt = false,
            ClusterDomain = clusterDomain,
            KubernetesVersion = kubernetesVersion,
            // The project's .editorconfig, .globalconfig, NoWarn, WarningsAsErrors, TreatWarningsAsErrors and pragmas, as the
            // compiler applies them to the analyzers.
            Severity = SeverityFilter.For(severity),
            Lock = projectLock,
        }));
        precompiler?.Stop();
        timings.Heap("planned");

        foreach (var diagnostic in plan.Diagnostics)
        {
            // The location only where it is printed (infos have none).
            switch (diagnostic.Severity)
            {
                case RuleSeverity.Error:
                    report.Error(diagnostic.Location, diagnostic.Id, diagnostic.Message, diagnostic.HelpLink);
                    break;
                case RuleSeverity.Warning when !compilerLog.Contains(diagnostic.Id, diagnostic.Message): // the analyzers reported it at the argument
                    report.Warning(diagnostic.Location, diagnostic.Id, diagnostic.Message, diagnostic.HelpLink);
                    break;
                case RuleSeverity.Info when !compilerLog.Contains(diagnostic.Id, diagnostic.Message):
                    report.Info(diagnostic.Id, diagnostic.Message);
                    break;
            }
        }

        var output = timings.Measure("write", () => ManifestOutput.Write(plan, outputDirectory, project, report.Message));
        if (output.Refused is { } refused)
        {
            report.Error(null, WriterCodes.OutputOwnedByAnother, refused);
            return CannotRun;
        }

        if (report.Errors > 0)
        {
            // The sets with errors lost their files from an earlier run: a deploy step must never take a stale file
            // for a current one. index.json says "failed" and names them.
            report.Message(output.Files == 0
                ? $"Berth: {report.Errors} error(s) in the manifests; nothing written, and index.json in {outputDirectory} says \"failed\"."
                : $"Berth: {report.Errors} error(s) in the manifests; the sets without errors are in {outputDirectory} ({output.Written} file(s) written); index.json says \"failed\" and names the others.");
            return DefinitionErrors;
        }

        if (projectLock is not null && plan.LockResult is { } lockResult && !WriteLock(projectLock, lockResult, report))
            return CannotRun;

        timings.Report(report);
        if (entries.Count > 0) // no [Manifests] type: nothing to say (an earlier run's files were removed)
            report.Message($"Berth: {output.Files} manifest file(s) in {outputDirectory} ({output.Written} written, {output.Files - output.Written} unchanged).");
        return Success;
    }

    /// <summary>
    /// After a run without errors: writes the lock when it changed (the first run creates it) and says what changed in it.
    /// False when it cannot be written (BERTH905).
    /// </summary>
    private static bool WriteLock(ProjectLock projectLock, LockResult result, Reporter report)
    {
        var name = projectLock.FileName;
        try
        {
            if (!projectLock.Write(result))
                return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            report.Error(new SourceLocation(projectLock.Path, 0, 0), WriterCodes.LockNotWritten, $"{name} could not be written ({e.Message}); the manifests are written, but the lock is not: make the file writable and build again.");
            return false;
        }

        if (!projectLock.Exists)
        {
            report.Message($"Berth: wrote {projectLock.Path} with {result.Lock.Apps.Count} app(s): the fields their live StatefulSets cannot change. Commit it.");
            return true;
        }

        foreach (var app in result.Added)
            report.Message($"Berth: {name}: added {app}.");
        foreach (var app in result.Removed)
            report.Message($"Berth: {name}: removed {app}: it is no longer defined (its StatefulSet and claims stay on a cluster until deleted there).");
        foreach (var rename in result.Renamed)
            report.Message($"Berth: {name}: {rename} (the same app).");
        foreach (var change in result.Accepted)
            report.Message($"Berth: {name}: accepted the change of {change}.");
        report.Message($"Berth: updated {projectLock.Path}; commit it with the change.");
        return true;
    }
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

    private readonly List<string> _heap = new();

    /// <summary>Records the live heap now (a full collection: only when measuring).</summary>
    public void Heap(string point)
    {
        if (_phases is not null)
        {
            var before = Environment.WorkingSet >> 20;
            _heap.Add($"{point} {GC.GetTotalMemory(forceFullCollection: true) >> 20} MB (GC heap {GC.GetGCMemoryInfo().HeapSizeBytes >> 20} MB, committed {GC.GetGCMemoryInfo().TotalCommittedBytes >> 20} MB, RSS {before} MB)");
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
                       $"; live heap {string.Join(", ", _heap)}" +
                       $"; GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, paused {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms, {GC.GetTotalAllocatedBytes() >> 20} MB allocated");
    }
}
