using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Berth.Cli.Output;

namespace Berth.Cli;

/// <summary>The entry point of the <c>berth</c> tool.</summary>
public static class Program
{
    /// <summary>Runs <c>berth</c> with the process's console; Ctrl+C cancels the running command.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>0 ok, 1 failure, 2 usage error.</returns>
    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await RunAsync(args, Console.Out, Console.Error, Environment.CurrentDirectory, interactive: null, cancel.Token).ConfigureAwait(false);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>
    /// Runs <c>berth</c> in-process, writing to the given writers (for tests and embedding). Output is plain text
    /// (no colours, no live redraws) unless <paramref name="interactive"/> is null and the writers are the process's
    /// console attached to a terminal.
    /// </summary>
    /// <param name="args">The command line.</param>
    /// <param name="output">Standard output: results, tables, YAML, progress lines.</param>
    /// <param name="error">Standard error: errors, warnings, build output.</param>
    /// <param name="workingDirectory">The folder that stands for the current directory (where the project is looked for).</param>
    /// <param name="interactive">Force (or forbid) the interactive display; null to detect it for the process console.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>0 ok, 1 failure, 2 usage error.</returns>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, string? workingDirectory = null, bool? interactive = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var console = interactive is null && ReferenceEquals(output, Console.Out)
            ? CliConsole.ForProcess()
            : CliConsole.Create(output, error, interactive ?? false, color: false);
        var app = new CliApp(console, Path.GetFullPath(workingDirectory ?? Environment.CurrentDirectory));
        return app.RunAsync(args, cancellationToken);
    }
}
