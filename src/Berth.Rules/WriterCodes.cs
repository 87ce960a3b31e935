namespace Berth.Rules;

/// <summary>
/// The build step's own diagnostic codes, beside the rule catalog: <see cref="RuleCatalog"/> owns BERTH001–BERTH899, the
/// writer BERTH900 and up (problems of the build step itself, not of a definition).
/// </summary>
public static class WriterCodes
{
    /// <summary>The writer cannot run: bad arguments, the assembly is missing or cannot be loaded.</summary>
    public const string CannotRun = "BERTH900";

    /// <summary>A definition threw while it was created or built.</summary>
    public const string DefinitionThrew = "BERTH901";

    /// <summary>Two apps would write the same file.</summary>
    public const string SameFile = "BERTH902";

    /// <summary>The assembly was compiled against another Berth than the writer's.</summary>
    public const string VersionMismatch = "BERTH903";

    /// <summary>The output folder holds the manifests of another project.</summary>
    public const string OutputOwnedByAnother = "BERTH904";

    /// <summary>The project's lock file (berth.lock.json) could not be written.</summary>
    public const string LockNotWritten = "BERTH905";
}
