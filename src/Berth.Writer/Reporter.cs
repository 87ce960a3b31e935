using System;
using System.IO;
using Berth.Planning;

namespace Berth.Writer;

/// <summary>
/// Prints problems in the MSBuild canonical format (<c>file(line,column): error BERTH011: message [help]</c>), which
/// the Exec task turns into real build errors and warnings with a clickable location.
/// </summary>
internal sealed class Reporter
{
    /// <summary>The origin printed when no source file is known.</summary>
    public const string Origin = "Berth.Writer";

    private readonly TextWriter _out;
    private readonly TextWriter _advice;

    /// <summary>Errors, warnings and the summary go to <paramref name="output"/>; advice to <paramref name="advice"/>.</summary>
    public Reporter(TextWriter output, TextWriter? advice = null)
    {
        _out = output;
        _advice = advice ?? output;
    }

    public int Errors { get; private set; }

    public int Warnings { get; private set; }

    public void Error(SourceLocation? at, string code, string message, string? helpLink = null)
    {
        Errors++;
        Write("error", at, code, message, helpLink);
    }

    public void Warning(SourceLocation? at, string code, string message, string? helpLink = null)
    {
        Warnings++;
        Write("warning", at, code, message, helpLink);
    }

    /// <summary>Advice: not a canonical error or warning; the build targets show it at normal verbosity (-v:n).</summary>
    public void Info(string code, string message)
    {
        // Written in pieces: one line per finding, tens of thousands for a large project, with no string built for each.
        _advice.Write(Origin);
        _advice.Write(": info ");
        _advice.Write(code);
        _advice.Write(": ");
        _advice.WriteLine(OneLine(message));
    }

    public void Message(string message) => _out.WriteLine(message);

    private void Write(string category, SourceLocation? at, string code, string message, string? helpLink)
    {
        // The generator records files relative to the project directory, the writer's working directory.
        if (at is not { File.Length: > 0 })
        {
            _out.Write(Origin);
            _out.Write(' ');
        }
        else
        {
            _out.Write(FullPath(at.File));
            if (at.Line > 0)
                _out.Write($"({at.Line},{at.Column})"); // SourceLocation.ToString()
        }

        _out.Write(": ");
        _out.Write(category);
        _out.Write(' ');
        _out.Write(code);
        _out.Write(": ");
        _out.Write(OneLine(message));
        if (!string.IsNullOrEmpty(helpLink))
        {
            _out.Write(" [");
            _out.Write(helpLink);
            _out.Write(']');
        }

        _out.WriteLine();
    }

    private string? _lastFile, _lastFullPath;

    // One source file for many findings: its full path once.
    private string FullPath(string file)
    {
        if (!string.Equals(file, _lastFile, StringComparison.Ordinal))
            (_lastFile, _lastFullPath) = (file, Path.GetFullPath(file));
        return _lastFullPath!;
    }

    // MSBuild reads one line per diagnostic.
    private static string OneLine(string message) =>
        message.AsSpan().IndexOfAny('\r', '\n') < 0 ? message : message.Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ');
}
