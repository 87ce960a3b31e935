using System;
using System.IO;
using Spectre.Console;

namespace Berth.Cli.Output;

/// <summary>
/// Where the CLI writes: raw text (YAML, diffs, plain progress lines) and Spectre renderables (tables, live
/// progress) both go to <see cref="Out"/>, in order; errors and build output go to <see cref="Error"/>. Tests
/// create one over string writers; <see cref="ForProcess"/> uses the process's streams.
/// </summary>
internal sealed class CliConsole
{
    /// <summary>Width used when stdout is not a terminal: wide enough that tables are never wrapped.</summary>
    public const int RedirectedWidth = 240;

    private CliConsole(TextWriter output, TextWriter error, IAnsiConsole ansi, bool interactive, bool color, TextReader? terminal, TextReader? input)
    {
        Terminal = terminal;
        Input = input ?? terminal;
        Out = output;
        Error = error;
        Ansi = ansi;
        Interactive = interactive;
        Color = color;
    }

    /// <summary>Standard output, for raw text.</summary>
    public TextWriter Out { get; }

    /// <summary>Standard error: errors, warnings, build output.</summary>
    public TextWriter Error { get; }

    /// <summary>Spectre over standard output, for tables and the live progress view.</summary>
    public IAnsiConsole Ansi { get; }

    /// <summary>True when stdout is a terminal that can redraw (live progress); false for pipes, files and tests.</summary>
    public bool Interactive { get; }

    /// <summary>Standard input when it is a terminal someone can answer on (confirmations); null for pipes, files and tests.</summary>
    public TextReader? Terminal { get; }

    /// <summary>Standard input, also when it is a pipe or a file (answers to <c>rollout canary --pause</c>); null in tests that give none.</summary>
    public TextReader? Input { get; }

    /// <summary>True when colours and styles may be written.</summary>
    public bool Color { get; }

    /// <summary>Print stack traces of unexpected errors (<c>--verbose</c>).</summary>
    public bool Verbose { get; set; }

    /// <summary>The process's stdout and stderr; interactive when stdout is a terminal and NO_COLOR/TERM=dumb do not say otherwise.</summary>
    public static CliConsole ForProcess()
    {
        var terminal = !Console.IsOutputRedirected;
        var dumb = string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);
        var color = terminal && !dumb && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        var interactive = terminal && !dumb && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));
        return Create(Console.Out, Console.Error, interactive, color, terminal ? null : RedirectedWidth, Console.IsInputRedirected ? null : Console.In, Console.In);
    }

    /// <summary>A console over the given writers (tests, redirection); <paramref name="terminal"/> answers confirmations, <paramref name="input"/> (default: the terminal) a canary's pauses.</summary>
    public static CliConsole Create(TextWriter output, TextWriter error, bool interactive = false, bool color = false, int? width = RedirectedWidth, TextReader? terminal = null, TextReader? input = null)
    {
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = color ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (width is { } w)
            ansi.Profile.Width = w;
        return new CliConsole(output, error, ansi, interactive, color, terminal, input);
    }

    /// <summary>Writes a line of raw text to stdout.</summary>
    public void Line(string text = "") => Out.WriteLine(text);

    /// <summary>Writes a line with Spectre markup to stdout (styles dropped when colours are off).</summary>
    public void Markup(string markup) => Ansi.MarkupLine(markup);

    /// <summary>Writes <c>error: message</c> to stderr, as one line.</summary>
    public void Fail(string message) => Error.WriteLine("error: " + Secrets.Redact(OneLine(message)));

    /// <summary>Writes <c>warning: message</c> to stderr.</summary>
    public void Warn(string message) => Error.WriteLine("warning: " + Secrets.Redact(OneLine(message)));

    /// <summary>Writes a note to stderr (progress of the build, hints): never mixed into YAML on stdout.</summary>
    public void Note(string message) => Error.WriteLine(Secrets.Redact(message));

    /// <summary>Collapses a multi-line message to one line.</summary>
    public static string OneLine(string message) =>
        string.Join(" ", message.Split(new[] { "\r\n", "\n", "\r" }, StringSplitOptions.RemoveEmptyEntries)).Trim();
}
