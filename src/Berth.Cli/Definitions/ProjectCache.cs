using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Berth.Cli.Definitions;

/// <summary>
/// The startup cache: what MSBuild said about a project (the built assembly and its reference paths), kept in
/// <c>obj/berth/</c> next to the project so that a repeated <c>--no-build</c> command skips MSBuild (3–5 s).
/// An entry is used only when everything it was derived from is unchanged (size and last write time): the project
/// file and every file its evaluation imports (as <c>dotnet msbuild -pp</c> lists them, SDK files included), the
/// restore output (<c>project.assets.json</c>), the referenced project files (direct and transitive) and every
/// <c>Directory.Build.props</c>/<c>.targets</c>, <c>Directory.Packages.props</c> and <c>global.json</c> in their folders
/// and above (present or absent), and the folder of the installed SDKs; with the same configuration, framework,
/// dotnet host, berth version and MSBuild-relevant environment variables; and the assembly and every reference path
/// must still exist.
/// Anything else (an unreadable, foreign or partly written file) is a miss, never an error.
/// </summary>
internal static class ProjectCache
{
    private const string Header = "berth-project-cache 1";
    private const string Absent = "absent";

    /// <summary>Environment variables that MSBuild reads as properties and that move the output or the references.</summary>
    private static readonly string[] EnvironmentKeys =
    {
        "Configuration", "Platform", "TargetFramework", "TargetFrameworks", "RuntimeIdentifier", "OutputPath", "BaseOutputPath",
        "IntermediateOutputPath", "BaseIntermediateOutputPath", "ArtifactsPath", "UseArtifactsOutput", "MSBuildSDKsPath", "DOTNET_ROOT",
        "NUGET_PACKAGES",
    };

    /// <summary>Files that MSBuild picks up by walking up from a project's folder.</summary>
    private static readonly string[] WalkUpFiles = { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json" };

    /// <summary>The cache file of <paramref name="projectPath"/> for this configuration and framework.</summary>
    public static string PathFor(string projectPath, string? configuration, string? framework) =>
        Path.Combine(Path.GetDirectoryName(projectPath)!, "obj", "berth",
            $"{Path.GetFileName(projectPath)}.{Slug(configuration)}.{Slug(framework)}.cache");

    /// <summary>The cached facts, or null with the reason they cannot be used.</summary>
    public static BuiltProject? TryRead(string projectPath, string? configuration, string? framework, string dotnetHost, out string reason)
    {
        var file = PathFor(projectPath, configuration, framework);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = File.Exists(file) ? $"{file} cannot be read" : "no cache yet";
            return null;
        }

        if (lines.Length < 3 || lines[0] != Header || lines[1] != "key\t" + Key(projectPath, configuration, framework, dotnetHost))
        {
            reason = "it was written by another berth, configuration, framework, SDK or environment";
            return null;
        }

        string? assembly = null;
        string? severity = null;
        var references = new List<string>();
        var complete = false;
        foreach (var line in lines.Skip(2))
        {
            var fields = line.Split('\t', 3);
            switch (fields[0])
            {
                case "assembly" when fields.Length == 2:
                    assembly = fields[1];
                    break;
                case "severity" when fields.Length == 2:
                    severity = fields[1];
                    break;
                case "reference" when fields.Length == 2:
                    references.Add(fields[1]);
                    break;
                case "input" when fields.Length == 3:
                    if (Fingerprint(fields[2]) != fields[1])
                    {
                        reason = $"{fields[2]} changed";
                        return null;
                    }

                    break;
                case "end":
                    complete = true;
                    break;
                default:
                    reason = $"{file} is damaged";
                    return null;
            }
        }

        if (!complete || assembly is null)
        {
            reason = $"{file} is incomplete";
            return null;
        }

        if (!File.Exists(assembly))
        {
            reason = $"the assembly {assembly} is gone";
            return null;
        }

        if (references.FirstOrDefault(r => !File.Exists(r)) is { } missing)
        {
            reason = $"the reference {missing} is gone";
            return null;
        }

        reason = string.Empty;
        return new BuiltProject(projectPath, assembly, references) { SeverityFile = severity };
    }

    /// <summary>
    /// Writes the facts of <paramref name="built"/>, unless one of their inputs changed after
    /// <paramref name="evaluationStart"/> (then the facts may be older than the files: the next run asks MSBuild again).
    /// </summary>
    /// <returns>Null when written, else why not.</returns>
    public static string? TryWrite(BuiltProject built, string? configuration, string? framework, string dotnetHost, DateTime evaluationStart)
    {
        var file = PathFor(built.ProjectPath, configuration, framework);
        try
        {
            var inputs = Inputs(built);
            var text = new StringBuilder();
            text.Append(Header).Append('\n');
            text.Append("key\t").Append(Key(built.ProjectPath, configuration, framework, dotnetHost)).Append('\n');
            text.Append("assembly\t").Append(built.AssemblyPath).Append('\n');
            if (built.SeverityFile is { } severity)
                text.Append("severity\t").Append(severity).Append('\n');
            foreach (var reference in built.ReferencePaths)
                text.Append("reference\t").Append(reference).Append('\n');
            foreach (var input in inputs)
            {
                if ((File.Exists(input) ? File.GetLastWriteTimeUtc(input) : Directory.GetLastWriteTimeUtc(input)) >= evaluationStart && Path.Exists(input))
                    return $"{input} changed while MSBuild read it";
                text.Append("input\t").Append(Fingerprint(input)).Append('\t').Append(input).Append('\n');
            }

            text.Append("end\n");
            if (built.ReferencePaths.Append(built.AssemblyPath).Concat(inputs).Any(p => p.Contains('\n', StringComparison.Ordinal) || p.Contains('\t', StringComparison.Ordinal)))
                return "a path has a tab or a line break";

            // Written aside and moved into place, so a concurrent berth reads the old file or the new one, never half.
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var temporary = file + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(temporary, text.ToString(), new UTF8Encoding(false));
            File.Move(temporary, file, overwrite: true);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return e.Message;
        }
    }

    /// <summary>Every file the facts depend on, absolute, without duplicates.</summary>
    internal static IReadOnlyList<string> Inputs(BuiltProject built)
    {
        var inputs = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string path)
        {
            if (seen.Add(path))
                inputs.Add(path);
        }

        var projects = new List<string> { built.ProjectPath };
        projects.AddRange(built.ProjectReferences);
        if (built.AssetsFile is { } assets && File.Exists(assets))
        {
            Add(assets);
            projects.AddRange(ProjectsInAssets(assets, Path.GetDirectoryName(built.ProjectPath)!));
        }

        foreach (var project in projects.Select(p => Path.GetFullPath(p)).Distinct(StringComparer.Ordinal))
        {
            Add(project);
            for (var folder = Path.GetDirectoryName(project); folder is not null; folder = Path.GetDirectoryName(folder))
            {
                foreach (var name in WalkUpFiles)
                    Add(Path.Combine(folder, name));
            }
        }

        foreach (var imported in built.ImportedFiles)
            Add(Path.GetFullPath(imported));

        // The SDKs folder: it changes when an SDK is installed or removed, which may change the SDK MSBuild picks.
        if (built.SdkDirectory is { Length: > 0 } sdk && Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(sdk)) is { } sdks)
            Add(sdks);

        return inputs;
    }

    /// <summary>The project files listed in project.assets.json (the transitive project references).</summary>
    private static IEnumerable<string> ProjectsInAssets(string assetsFile, string projectDirectory)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(assetsFile));
        if (!document.RootElement.TryGetProperty("libraries", out var libraries) || libraries.ValueKind != JsonValueKind.Object)
            return Array.Empty<string>();
        var projects = new List<string>();
        foreach (var library in libraries.EnumerateObject())
        {
            if (library.Value.ValueKind == JsonValueKind.Object
                && library.Value.TryGetProperty("type", out var type) && type.GetString() == "project"
                && library.Value.TryGetProperty("msbuildProject", out var project) && project.GetString() is { Length: > 0 } relative)
            {
                projects.Add(Path.GetFullPath(relative, projectDirectory));
            }
        }

        return projects;
    }

    /// <summary>A file's size and last write time (a folder's last write time), or "absent": what MSBuild's own up-to-date checks look at.</summary>
    private static string Fingerprint(string path)
    {
        var file = new FileInfo(path);
        if (file.Exists)
            return $"{file.Length}:{file.LastWriteTimeUtc.Ticks}";
        var folder = new DirectoryInfo(path);
        return folder.Exists ? $"dir:{folder.LastWriteTimeUtc.Ticks}" : Absent;
    }

    /// <summary>Everything besides files that the facts depend on.</summary>
    private static string Key(string projectPath, string? configuration, string? framework, string dotnetHost)
    {
        var version = typeof(ProjectCache).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                      ?? typeof(ProjectCache).Assembly.GetName().Version?.ToString();
        var environment = EnvironmentKeys.Select(k => Environment.GetEnvironmentVariable(k) is { } v ? $"{k}={v}" : null).Where(v => v is not null);
        var key = string.Join("\u001f", new[] { version, projectPath, configuration, framework, dotnetHost }.Concat(environment));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    private static string Slug(string? value) =>
        string.IsNullOrWhiteSpace(value) ? "default" : new string(value.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
}
