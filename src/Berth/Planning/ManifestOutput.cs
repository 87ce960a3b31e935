using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Berth.Planning;

/// <summary>What writing a plan to a folder did.</summary>
/// <param name="Files">The files the folder now holds for the plan.</param>
/// <param name="Written">How many of them were (re)written; the others were already current.</param>
/// <param name="Refused">Why nothing was written (BERTH904: the folder belongs to another project), or null.</param>
public sealed record ManifestOutputResult(int Files, int Written, string? Refused);

/// <summary>
/// Writes a <see cref="ManifestPlan"/> to a folder, as the build step and <c>berth render -o</c> both do: one YAML file
/// per planned file (rewritten only when its content changes), <c>index.json</c> (the project that owns the folder,
/// <c>"ok"</c> or <c>"failed"</c> naming the sets with errors, and every file with its app), and the files of an
/// earlier run that no app writes any more (or whose set now has errors) deleted.
/// </summary>
public static class ManifestOutput
{
    /// <summary>The index file's name.</summary>
    public const string IndexFileName = ManifestIndex.FileName;

    /// <summary>Writes <paramref name="plan"/> into <paramref name="directory"/>.</summary>
    /// <param name="plan">The plan: its files are written; its failed sets lose their earlier files and are named in index.json.</param>
    /// <param name="directory">The output folder.</param>
    /// <param name="owner">The project file that owns the folder (recorded in index.json; another owner's folder is refused), or null.</param>
    /// <param name="message">Receives one line per deleted file.</param>
    public static ManifestOutputResult Write(ManifestPlan plan, string directory, string? owner, Action<string>? message = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        directory = Path.GetFullPath(directory);
        owner = string.IsNullOrEmpty(owner) ? null : Path.GetFullPath(owner);
        var previous = ManifestIndex.Read(directory);
        if (OwnedByAnother(previous, owner))
        {
            return new ManifestOutputResult(0, 0,
                $"the output folder {directory} holds the manifests of {previous.Owner} (see its index.json), and {owner} writes to it too; " +
                "give each project its own BerthManifestsOutput (or delete that folder if the other project no longer exists). Nothing was written or deleted.");
        }

        // Serialization dominates for many apps: what was not rendered early is rendered here on every core.
        var contents = new byte[plan.Files.Count][];
        Parallel.For(0, plan.Files.Count, i => contents[i] = plan.Files[i].App.Yaml);
        var written = Commit(directory, previous, plan.Files, contents, owner, plan.FailedSets, message ?? (_ => { }));
        return new ManifestOutputResult(plan.Files.Count, written, null);
    }

    /// <summary>
    /// After a build that failed before the plan could be made (a compile error): the files of the last run no longer
    /// describe the definitions, so they are removed and index.json says "failed", naming the sets of the last run.
    /// A folder another project owns, or one without an index, is left alone. Returns whether the folder was marked.
    /// </summary>
    public static bool MarkFailed(string directory, string? owner, Action<string>? message = null)
    {
        directory = Path.GetFullPath(directory);
        owner = string.IsNullOrEmpty(owner) ? null : Path.GetFullPath(owner);
        var previous = ManifestIndex.Read(directory);
        if (!File.Exists(Path.Combine(directory, ManifestIndex.FileName)) || OwnedByAnother(previous, owner))
            return false;
        var failed = previous.Files.Select(f => f.Set).Concat(previous.Failed).Distinct(StringComparer.Ordinal).ToArray();
        Commit(directory, previous, Array.Empty<PlannedFile>(), Array.Empty<byte[]>(), owner, failed, message ?? (_ => { }));
        return true;
    }

    /// <summary>The full paths of index.json and every file it lists (none when there is no index).</summary>
    public static IReadOnlyList<string> ListFiles(string directory)
    {
        directory = Path.GetFullPath(directory);
        var index = ManifestIndex.Read(directory);
        return index.Files.Count == 0 && !File.Exists(Path.Combine(directory, ManifestIndex.FileName))
            ? Array.Empty<string>()
            : index.Files.Select(f => Path.Combine(directory, f.File)).Append(Path.Combine(directory, ManifestIndex.FileName)).ToArray();
    }

    private static bool OwnedByAnother(IndexContent previous, string? owner) =>
        owner is not null && previous.Owner is not null && !string.Equals(previous.Owner, owner, StringComparison.Ordinal);

    private static int Commit(string directory, IndexContent previous, IReadOnlyList<PlannedFile> files, byte[][] contents, string? owner, IReadOnlyCollection<string> failed, Action<string> message)
    {
        var index = files.Select(f => new IndexFile(f.App.SetName, f.App.Entry?.MemberName ?? f.App.Label, f.Folder.Length == 0 ? null : f.Folder, f.File,
                Source(f.App), f.App.Objects))
            .ToList();

        // One file per app: the folders first, then the files on every core (each is its own temporary file and rename).
        foreach (var folder in files.Select(f => Path.GetDirectoryName(Path.Combine(directory, f.File))!).Distinct(StringComparer.Ordinal))
            Directory.CreateDirectory(folder);
        var written = 0;
        Parallel.For(0, files.Count, i =>
        {
            if (WriteIfChanged(Path.Combine(directory, files[i].File), contents[i], createDirectory: false, ownerOnly: HoldsSecrets(files[i].App)))
                Interlocked.Increment(ref written);
        });

        var current = new HashSet<string>(index.Select(i => i.File), StringComparer.Ordinal);
        var failedNow = new HashSet<string>(failed, StringComparer.Ordinal);
        foreach (var stale in previous.Files.Where(p => !current.Contains(p.File)))
        {
            var path = Path.Combine(directory, stale.File);
            if (File.Exists(path))
            {
                File.Delete(path);
                message(failedNow.Contains(stale.Set)
                    ? $"Berth: deleted {stale.File}: {PlannedApp.ShortSet(stale.Set)} has errors, and its last good file must not look current."
                    : $"Berth: deleted {stale.File}: no app writes it any more.");
            }

            var folder = Path.GetDirectoryName(path);
            if (folder is not null && folder != directory && Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
                Directory.Delete(folder);
        }

        var indexPath = Path.Combine(directory, ManifestIndex.FileName);
        if (index.Count == 0 && failed.Count == 0)
        {
            if (File.Exists(indexPath)) File.Delete(indexPath);
            if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
                Directory.Delete(directory);
        }
        else
        {
            Directory.CreateDirectory(directory);
            WriteIfChanged(indexPath, ManifestIndex.Serialize(index, owner, failed));
        }

        return written;
    }

    /// <summary>
    /// True when an app's manifests carry a Secret (added with <c>.With(yaml)</c> or <c>.Customize</c>): its file is then
    /// readable by its owner only (0600 on Unix). Other manifest files are meant to be committed and read by deployment
    /// tools, and follow the umask like any file a build writes.
    /// </summary>
    internal static bool HoldsSecrets(PlannedApp app) =>
        app.Objects.Any(o => string.Equals(o.Kind, "Secret", StringComparison.Ordinal));

    private static bool WriteIfChanged(string path, byte[] content, bool createDirectory = true, bool ownerOnly = false)
    {
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(content))
        {
            if (ownerOnly) RestrictToOwner(path);
            return false;
        }
        if (createDirectory)
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        // Created owner-only from the start, so the content is never readable by others, not even for a moment.
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (ownerOnly && !OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
            stream.Write(content);
        File.Move(temporary, path, overwrite: true);
        if (ownerOnly) RestrictToOwner(path);
        return true;
    }

    // An existing file written before keeps its mode through an unchanged write: set it.
    private static void RestrictToOwner(string path)
    {
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static string? Source(PlannedApp app)
    {
        if (app.Entry is not { SourceFile: { Length: > 0 } sourceFile } entry)
            return null;
        var file = Path.IsPathRooted(sourceFile) ? Path.GetRelativePath(Environment.CurrentDirectory, sourceFile) : sourceFile;
        return file.Replace('\\', '/') + ":" + entry.SourceLine;
    }
}
