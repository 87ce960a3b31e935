using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Berth.Cli.Definitions;
using Berth.Cli.Output;
using Berth.Client;

namespace Berth.Cli;

/// <summary>What one command run needs: the console, the parsed options, the definitions and the cluster client.</summary>
internal sealed class CommandContext : IDisposable
{
    private readonly GlobalOptions options;
    private AppCatalog? catalog;
    private bool catalogLoaded;
    private BerthClient? client;

    public CommandContext(CliConsole console, ParseResult parse, GlobalOptions options, string workingDirectory, CancellationToken cancellationToken)
    {
        Console = console;
        Parse = parse;
        this.options = options;
        WorkingDirectory = workingDirectory;
        CancellationToken = cancellationToken;
        console.Verbose = parse.GetValue(options.Verbose);
    }

    public CliConsole Console { get; }

    public ParseResult Parse { get; }

    public string WorkingDirectory { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>
    /// The exit code when the command fails with an error (default 1); a command whose success codes already use 1
    /// sets another (<c>diff --exit-code</c>: 1 means changes, so errors are 2).
    /// </summary>
    public int? FailureExitCode { get; set; }

    public string? Variant => Parse.GetValue(options.Variant);

    public string? NamespaceOption => Parse.GetValue(options.Namespace);

    /// <summary>
    /// The definitions: from --assembly, else the project of --project or of the current folder (built first unless
    /// --no-build). Null when there is none and <paramref name="required"/> is false.
    /// </summary>
    public async Task<AppCatalog?> LoadCatalogAsync(bool required)
    {
        if (catalogLoaded)
            return catalog ?? (required ? throw NoDefinitions() : null);

        var assembly = Parse.GetValue(options.Assembly);
        var project = Parse.GetValue(options.Project);
        if (assembly is not null && project is not null)
            throw new UsageException("--assembly and --project both name the definitions; pass one");

        if (assembly is not null)
        {
            var path = Path.GetFullPath(assembly, WorkingDirectory);
            catalog = new AppCatalog(Path.GetFileName(path), DefinitionLoader.Load(path, Array.Empty<string>()));
        }
        else if (ProjectBuilder.FindProject(project, WorkingDirectory) is { } projectPath)
        {
            var noBuild = Parse.GetValue(options.NoBuild);
            var built = await ProjectBuilder.ResolveAsync(projectPath, Parse.GetValue(options.Configuration), Parse.GetValue(options.Framework), noBuild, Parse.GetValue(options.NoCache), Console.Error, VerboseNote, CancellationToken).ConfigureAwait(false);
            catalog = new AppCatalog(Path.GetFileName(projectPath), DefinitionLoader.Load(built.AssemblyPath, built.ReferencePaths), projectPath)
            {
                // The project's .editorconfig, NoWarn, pragmas...: what the build step reports, validate and render report.
                Severity = Writer.SeverityFilter.For(Writer.SeveritySettings.Read(built.SeverityFile)),
            };
        }

        catalogLoaded = true;
        return catalog ?? (required ? throw NoDefinitions() : null);
    }

    private void VerboseNote(string message)
    {
        if (Console.Verbose)
            Console.Note(message);
    }

    private UsageException NoDefinitions() =>
        new($"no definitions: {WorkingDirectory} has no project; pass --project <file.csproj> or --assembly <file.dll>");

    /// <summary>The apps named (all when none is), from the definitions, which must exist.</summary>
    public async Task<IReadOnlyList<DefinedApp>> SelectAppsAsync(IReadOnlyList<string> names, bool allVariants)
    {
        var apps = (await LoadCatalogAsync(required: true).ConfigureAwait(false))!.Select(names, Variant, allVariants);
        return apps;
    }

    /// <summary>
    /// One app for a cluster command: from the definitions when there are any (it must be defined there), else, with
    /// no project around, just the StatefulSet name in the namespace of -n or the kubeconfig context.
    /// </summary>
    public async Task<DefinedApp> ResolveAppAsync(string name)
    {
        var definitions = await LoadCatalogAsync(required: false).ConfigureAwait(false);
        if (definitions is null)
            return new DefinedApp(null, StatefulApp.Named(name));
        var apps = definitions.Select(new[] { name }, Variant, allVariants: false);
        return apps.Count == 1 ? apps[0] : throw new UsageException($"\"{name}\" matches several apps: {string.Join(", ", apps.Select(a => a.Member))}");
    }

    /// <summary>The cluster client (kubeconfig, context and namespace from the options); created once.</summary>
    public BerthClient Connect()
    {
        if (client is not null)
            return client;
        client = BerthClient.FromKubeconfig(Parse.GetValue(options.Kubeconfig), Parse.GetValue(options.Context), NamespaceOption);
        foreach (var warning in client.ConnectionWarnings)
            Console.Warn(warning);
        return client;
    }

    /// <summary>The operations on <paramref name="app"/>; refuses a -n that contradicts the namespace of the definition.</summary>
    public StatefulAppClient ClientFor(DefinedApp app) => ClientFor(app, applySet: null);

    /// <summary><see cref="ClientFor(DefinedApp)"/>, the objects labelled as members of the apply set <paramref name="applySet"/> (diff).</summary>
    public StatefulAppClient ClientFor(DefinedApp app, string? applySet)
    {
        var ns = NamespaceOption;
        if (!string.IsNullOrEmpty(ns) && app.App.Namespace is { } own && own != ns)
        {
            throw new UsageException($"{app.Name} is defined in namespace \"{own}\" ({app.Member}), but -n says \"{ns}\"; drop -n, or give the definition a variant for that namespace");
        }

        return app.Planned is { } planned ? Connect().For(planned, applySet) : Connect().For(app.App);
    }

    public void Dispose() => client?.Dispose();
}
