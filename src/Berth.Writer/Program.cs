using System;
using System.IO;
using System.Linq;
using System.Text;
using Berth.Planning;
using Berth.Rules;

namespace Berth.Writer;

/// <summary>
/// <c>dotnet exec Berth.Writer.dll &lt;assembly&gt; &lt;references-file&gt; &lt;output-dir&gt; [&lt;cluster-domain&gt; [&lt;compiler-log&gt; [&lt;outputs-list&gt; [&lt;project&gt;]]]]</c>:
/// the build step of the Berth package (see buildTransitive/Berth.targets).
/// </summary>
internal static class Program
{
    private const string Usage = """
        Berth.Writer: runs the [Manifests] registries of a built assembly and writes one YAML file per app.

        usage: dotnet exec Berth.Writer.dll <assembly> <references-file> <output-dir> [<cluster-domain> [<compiler-log> [<outputs-list> [<project> [<severity-settings>]]]]]

          <assembly>         the built assembly (an exe's or a class library's .dll)
          <references-file>  a text file with one reference path per line (MSBuild's @(ReferenceCopyLocalPaths)
                             and @(ReferencePath)); '-' for none
          <output-dir>       where the YAML files and index.json are written
          <cluster-domain>   the cluster DNS domain for the identities (default: BERTH_CLUSTER_DOMAIN, else cluster.local);
                             '' for the default
          <compiler-log>     the compiler's SARIF error log: warnings the analyzers already reported are not repeated
          <outputs-list>     a file to list the full paths of the files in <output-dir> in after the run (the build
                             step hashes them to notice files deleted or edited by hand)
          <project>          the project file that owns <output-dir>: recorded in index.json; another project's
                             folder is refused (BERTH904)
          <severity-settings> the project's .editorconfig/.globalconfig files, NoWarn, WarningsAsErrors,
                             WarningsNotAsErrors, TreatWarningsAsErrors and source files (key=value lines, written by
                             Berth.targets): applied to the writer's diagnostics as the compiler applies them

        option (anywhere): --kubernetes-version <version>
                             the target Kubernetes version (BerthKubernetesVersion, e.g. 1.29): the version rules
                             (BERTH100-BERTH102) check the definitions against it and the YAML uses the API versions it
                             serves; '' or absent for none

        options (anywhere among the arguments):
          --lock <file>      the project's lock file (berth.lock.json): the apps are checked against it (BERTH098, BERTH099)
                             and it is written after a run without errors (apps added or removed); none yet: it is created
          --update-lock      accept changes to locked fields: rewrite the lock instead of failing (-p:BerthUpdateLock=true)

        or:    dotnet exec Berth.Writer.dll --mark-failed <output-dir> [<project> [<outputs-list>]]
               after a build that failed before the writer could run: removes the files of the last run and
               marks index.json "failed" (a folder another project owns is left alone)

        exit codes: 0 written (or nothing to write), 1 a definition has errors, 2 the writer cannot run.
        """;

    public static int Main(string[] args)
    {
        // Batched output: a realistic definition carries findings (10,000 apps print 60,000 lines), and the console's
        // writers flush, under a lock, on every line. Both are flushed when Main returns.
        using var output = Buffered(Console.OpenStandardOutput());
        using var advice = Buffered(Console.OpenStandardError());
        var report = new Reporter(output, advice);
        args = TakeOption(args, "--kubernetes-version", out var kubernetesVersion);
        if (args.Length is 1 && args[0] is "-h" or "--help" or "-?")
        {
            output.WriteLine(Usage);
            return ManifestWriter.Success;
        }
        args = TakeOption(args, "--lock", out var lockPath);
        var updateLock = Array.IndexOf(args, "--update-lock") >= 0;
        args = Array.FindAll(args, a => a != "--update-lock");

        if (args.Length is >= 2 and <= 4 && args[0] == "--mark-failed")
        {
            // After a failed build (a compile error: no assembly to run): the last run's files must not look current.
            return ManifestWriter.MarkFailed(args[1], Optional(args, 2), Optional(args, 3), report);
        }
        if (args.Length is < 3 or > 8)
        {
            report.Error(null, WriterCodes.CannotRun, $"expected 3 to 8 arguments, got {args.Length}; run with --help for usage.");
            return ManifestWriter.CannotRun;
        }

        var references = Array.Empty<string>();
        if (args[1] != "-")
        {
            if (!File.Exists(args[1]))
            {
                report.Error(null, WriterCodes.CannotRun, $"the references file '{args[1]}' does not exist.");
                return ManifestWriter.CannotRun;
            }
            references = File.ReadAllLines(args[1]).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        }

        var options = new WriterOptions(args[0], references, args[2],
            Optional(args, 3),
            Optional(args, 4), Optional(args, 5), Optional(args, 6), Optional(args, 7))
        {
            KubernetesVersion = string.IsNullOrWhiteSpace(kubernetesVersion) ? null : kubernetesVersion.Trim(),
            LockPath = lockPath is { Length: > 0 } ? lockPath : null,
            UpdateLock = updateLock,
        };
        try
        {
            return ManifestWriter.Run(options, report);
        }
        catch (Exception e)
        {
            // A bug of the writer, not of the user's definitions: say so on the line MSBuild shows, details below.
            report.Error(null, WriterCodes.CannotRun, $"the manifest writer failed unexpectedly ({e.GetType().Name}: {e.Message}); please report it with the details that follow.");
            advice.WriteLine(e);
            return ManifestWriter.CannotRun;
        }
    }

    private static StreamWriter Buffered(Stream stream) => new(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16) { AutoFlush = false };

    /// <summary>The arguments without <paramref name="name"/> and its value (the value in <paramref name="value"/>; null when absent).</summary>
    private static string[] TakeOption(string[] args, string name, out string? value)
    {
        value = null;
        var i = Array.IndexOf(args, name);
        if (i < 0 || i + 1 >= args.Length)
            return args;
        value = args[i + 1];
        return args.Take(i).Concat(args.Skip(i + 2)).ToArray();
    }

    private static string? Optional(string[] args, int index) => args.Length > index && args[index].Length > 0 ? args[index] : null;
}
