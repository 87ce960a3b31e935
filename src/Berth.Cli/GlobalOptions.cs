using System.CommandLine;

namespace Berth.Cli;

/// <summary>The options every command takes (recursive on the root command); one set per parse.</summary>
internal sealed class GlobalOptions
{
    public readonly Option<string?> Project = new("--project")
    {
        Description = "The project with the [Manifests] definitions (a .csproj, or a folder with one); built with 'dotnet build'. Default: the one project in the current folder.",
        HelpName = "csproj",
        Recursive = true,
    };

    public readonly Option<string?> Assembly = new("--assembly")
    {
        Description = "A built assembly with [Manifests] definitions, instead of a project (its folder must hold its dependencies, as an exe's bin folder does).",
        HelpName = "dll",
        Recursive = true,
    };

    public readonly Option<string?> Configuration = new("--configuration", "-c")
    {
        Description = "The build configuration of --project (default: the project's, usually Debug).",
        HelpName = "name",
        Recursive = true,
    };

    public readonly Option<string?> Framework = new("--framework", "-f")
    {
        Description = "The target framework of --project, when it has several.",
        HelpName = "tfm",
        Recursive = true,
    };

    public readonly Option<bool> NoBuild = new("--no-build")
    {
        Description = "Use the project's last build instead of building it.",
        Recursive = true,
    };

    public readonly Option<bool> NoCache = new("--no-cache")
    {
        Description = "Ignore berth's startup cache (obj/berth/): ask MSBuild for the project's output and references, and do not write the cache.",
        Recursive = true,
    };

    public readonly Option<string?> Variant = new("--variant")
    {
        Description = "The variant (environment) of definitions that have variants, e.g. dev or prod.",
        HelpName = "name",
        Recursive = true,
    };

    public readonly Option<string?> Kubeconfig = new("--kubeconfig")
    {
        Description = "The kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).",
        HelpName = "file",
        Recursive = true,
    };

    public readonly Option<string?> Context = new("--context")
    {
        Description = "The kubeconfig context (default: its current context).",
        HelpName = "name",
        Recursive = true,
    };

    public readonly Option<string?> Namespace = new("--namespace", "-n")
    {
        Description = "The namespace of apps whose definition names none (default: the context's, else 'default').",
        HelpName = "name",
        Recursive = true,
    };

    public readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Print the full details (stack trace) of unexpected errors.",
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Options.Add(Project);
        root.Options.Add(Assembly);
        root.Options.Add(Configuration);
        root.Options.Add(Framework);
        root.Options.Add(NoBuild);
        root.Options.Add(NoCache);
        root.Options.Add(Variant);
        root.Options.Add(Kubeconfig);
        root.Options.Add(Context);
        root.Options.Add(Namespace);
        root.Options.Add(Verbose);
    }
}
