using System;
using System.IO;

namespace Berth.Writer;

/// <summary>
/// Prints problems in the MSBuild canonical format (<c>file(line,1): error BERTH011: message [help]</c>), which
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

    public void Error(string? file, int line, string code, string message, string? helpLink = null)
    {
        Errors++;
        Write("error", file, line, code, message, helpLink);
    }

    public void Warning(string? file, int line, string code, string message, string? helpLink = null)
    {
        Warnings++;
        Write("warning", file, line, code, message, helpLink);
    }

    /// <summary>Advice: not a canonical error or warning; the build targets show it at normal verbosity (-v:n).</summary>
    public void Info(string code, string message) => _advice.WriteLine($"{Origin}: info {code}: {OneLine(message)}");

    public void Message(string message) => _out.WriteLine(message);

    private void Write(string category, string? file, int line, string code, string message, string? helpLink)
    {
        // The generator records files relative to the project directory, the writer's working directory.
        if (!string.IsNullOrEmpty(file) && !Path.IsPathRooted(file))
            file = Path.GetFullPath(file);
        var origin = string.IsNullOrEmpty(file) ? Origin + " " : line > 0 ? $"{file}({line},1)" : file;
        var help = string.IsNullOrEmpty(helpLink) ? string.Empty : $" [{helpLink}]";
        _out.WriteLine($"{origin}: {category} {code}: {OneLine(message)}{help}");
    }

    // MSBuild reads one line per diagnostic.
    private static string OneLine(string message) => message.Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ');
}
