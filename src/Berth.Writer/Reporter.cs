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
    public void Info(string code, string message) => _advice.WriteLine($"{Origin}: info {code}: {OneLine(message)}");

    public void Message(string message) => _out.WriteLine(message);

    private void Write(string category, SourceLocation? at, string code, string message, string? helpLink)
    {
        // The generator records files relative to the project directory, the writer's working directory.
        var origin = at is not { File.Length: > 0 } ? Origin + " " : (at with { File = Path.GetFullPath(at.File) }).ToString();
        var help = string.IsNullOrEmpty(helpLink) ? string.Empty : $" [{helpLink}]";
        _out.WriteLine($"{origin}: {category} {code}: {OneLine(message)}{help}");
    }

    // MSBuild reads one line per diagnostic.
    private static string OneLine(string message) => message.Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ');
}
