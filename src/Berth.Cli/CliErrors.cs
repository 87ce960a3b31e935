using System;

namespace Berth.Cli;

/// <summary>The process exit codes of <c>berth</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Success = 0;

    /// <summary>Something failed: the build, the definitions, the cluster, a rollout.</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong: unknown command or option, missing argument, unknown app or variant.</summary>
    public const int Usage = 2;

    /// <summary>Cancelled (Ctrl+C), as a shell reports a process ended by SIGINT; the message says what was done and what was not.</summary>
    public const int Cancelled = 130;
}

/// <summary>A failure with a message for the user (exit code 1); printed as one line, without a stack trace.</summary>
internal class CliException : Exception
{
    public CliException(string message)
        : base(message)
    {
    }

    /// <summary>The exit code.</summary>
    public virtual int ExitCode => ExitCodes.Failure;
}

/// <summary>The command line asks for something that cannot be (exit code 2).</summary>
internal sealed class UsageException : CliException
{
    public UsageException(string message)
        : base(message)
    {
    }

    /// <inheritdoc/>
    public override int ExitCode => ExitCodes.Usage;
}
