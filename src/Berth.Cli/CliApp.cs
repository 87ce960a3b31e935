using System;
using System.CommandLine;
using System.CommandLine.Help;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Berth.Cli.Commands;
using Berth.Cli.Output;
using Berth.Client;

namespace Berth.Cli;

/// <summary>The <c>berth</c> command tree for one run: parses, dispatches and turns failures into one line and an exit code.</summary>
internal sealed class CliApp
{
    private readonly CliConsole console;
    private readonly string workingDirectory;
    private readonly GlobalOptions globals = new();

    public CliApp(CliConsole console, string workingDirectory)
    {
        this.console = console;
        this.workingDirectory = workingDirectory;
        // A plain command named "berth" (a RootCommand would be named after the entry assembly, Berth.Cli).
        Root = new Command("berth", "berth: Kubernetes StatefulSets defined in typed C# with Berth. Renders, validates and applies the [Manifests] apps of a project, and runs the StatefulSet operations with progress per pod ordinal.")
        {
            new HelpOption(),
            new VersionOption(),
            DefinitionCommands.Render(this),
            DefinitionCommands.Validate(this),
            ApplyCommands.Apply(this),
            ApplyCommands.Diff(this),
            OperationCommands.Status(this),
            OperationCommands.Scale(this),
            OperationCommands.Set(this),
            RolloutCommands.Rollout(this),
            OperationCommands.Delete(this),
            ClaimsCommands.Claims(this),
            ResizeCommand.Resize(this),
            LockCommand.Lock(this),
            ImportCommand.Import(this),
            RbacCommand.Rbac(this),
        };
        globals.AddTo(Root);
        CommonOptions.UseWordedParsers(Root);
    }

    /// <summary>The root command.</summary>
    public Command Root { get; }

    /// <summary>Parses and runs <paramref name="args"/>: 0 ok, 1 failure, 2 usage error.</summary>
    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var parse = Root.Parse(args.Length == 0 ? new[] { "--help" } : args);
        if (args.Length == 0)
        {
            await parse.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error }, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (parse.Errors.Count > 0 && parse.Action is not { ClearsParseErrors: true })
        {
            foreach (var message in parse.Errors.Select(e => e.Message).Distinct())
                console.Fail(message);
            var command = parse.CommandResult.Command;
            console.Error.WriteLine($"Run '{CommandPath(command)} --help' for usage.");
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>"berth rollout undo".</summary>
    private static string CommandPath(Command command)
    {
        var names = new System.Collections.Generic.List<string>();
        for (Symbol? s = command; s is Command c; s = c.Parents.FirstOrDefault())
            names.Insert(0, c.Name);
        return string.Join(" ", names);
    }

    /// <summary>Makes <paramref name="run"/> the action of <paramref name="command"/>, with the CLI's error handling.</summary>
    public void SetHandler(Command command, Func<CommandContext, Task<int>> run)
    {
        command.SetAction((parse, ct) => InvokeAsync(parse, run, ct));
    }

    private async Task<int> InvokeAsync(ParseResult parse, Func<CommandContext, Task<int>> run, CancellationToken ct)
    {
        using var context = new CommandContext(console, parse, globals, workingDirectory, ct);
        try
        {
            return await run(context).ConfigureAwait(false);
        }
        catch (CliException e)
        {
            console.Fail(e.Message);
            return e.ExitCode == ExitCodes.Failure ? Failed(context) : e.ExitCode;
        }
        catch (BerthValidationException e)
        {
            foreach (var error in e.Errors)
                console.Error.WriteLine($"  error {error.Id}: {CliConsole.OneLine(error.Message)}");
            console.Fail($"{e.Errors.Count} error(s) in the definition; nothing sent to the cluster");
            return Failed(context);
        }
        catch (ImmutableFieldChangeException e)
        {
            foreach (var change in e.Changes)
                console.Error.WriteLine($"  {change}");
            console.Fail($"{e.ObjectName}: {e.Changes.Count} field(s) cannot change on the live StatefulSet; 'berth apply --recreate-on-immutable-change' recreates it with orphan cascade (pods and claims stay)");
            return Failed(context);
        }
        catch (RolloutFailedException e)
        {
            try
            {
                Report.Rollout(console, e.Result);
            }
            catch (CliException failure)
            {
                console.Fail(failure.Message);
            }

            return Failed(context);
        }
        catch (BerthClientException e)
        {
            console.Fail(e.Message);
            return Failed(context);
        }
        catch (OperationCanceledException e) when (ct.IsCancellationRequested)
        {
            // the client's cancellations say what was done and what was not ("apply of web ... cancelled: applied ...")
            console.Fail(e.Message.Contains("cancelled", StringComparison.Ordinal) || e.Message.Contains("not started", StringComparison.Ordinal) ? e.Message : "cancelled");
            return ExitCodes.Cancelled;
        }
        catch (Exception e)
        {
            console.Fail(Describe(e));
            if (console.Verbose)
                console.Error.WriteLine(Secrets.Redact(e.ToString()));
            else
                console.Error.WriteLine("(run with --verbose for details)");
            return Failed(context);
        }
    }

    /// <summary>The exit code of a failed command: 1, or the command's own (<c>diff --exit-code</c> says 2).</summary>
    private static int Failed(CommandContext context) => context.FailureExitCode ?? ExitCodes.Failure;

    /// <summary>The message of an unexpected exception and its causes, without stack traces.</summary>
    private static string Describe(Exception e)
    {
        var inner = e.InnerException is { } cause && !e.Message.Contains(cause.Message, StringComparison.Ordinal) ? $" ({cause.Message})" : string.Empty;
        return e switch
        {
            System.Net.Http.HttpRequestException => $"cannot reach the Kubernetes API server: {e.Message}{inner}",
            IOException => $"{e.Message}{inner}",
            _ => $"{e.GetType().Name}: {e.Message}{inner}",
        };
    }
}
