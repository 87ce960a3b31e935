namespace Berth.Planning;

/// <summary>A place in the source of the definitions, where the build step and <c>berth validate</c> report a problem.</summary>
/// <param name="File">The source file, as the registry records it (relative to the project directory when under it).</param>
/// <param name="Line">The 1-based line; 0 when not known.</param>
/// <param name="Column">The 1-based column (1 for a member).</param>
public sealed record SourceLocation(string File, int Line, int Column)
{
    /// <summary>
    /// Where a problem about <paramref name="app"/> is: the DSL call that set the value it is about (<paramref name="anchor"/>,
    /// a run-time call anchor), when the registry recorded the member's calls and the definition made as many calls of that
    /// method as the member's source has (a loop, a condition, or calls made in another member or a helper make the counts
    /// differ: the n-th call at run time is then not known to be the n-th in the source); else the member, column 1. Null
    /// when the app has no source file.
    /// </summary>
    internal static SourceLocation? Of(PlannedApp app, object? anchor)
    {
        if (app.Entry is not { SourceFile: { Length: > 0 } file } entry)
            return null;
        // The call must be of this app's definition: a cross-object finding may carry the anchor of another app.
        if (anchor is CallAnchor call && entry.Calls is { } calls && app.Name is not null
            && CallAnchor.Contains(app.LastCall, call)
            && calls.Count(call.Method) == CallAnchor.Count(app.LastCall, call.Method)
            && calls.Find(call.Method, call.Occurrence) is { } found)
            return new SourceLocation(file, found.Line, found.Column);
        return new SourceLocation(file, entry.SourceLine, 1);
    }

    /// <summary>The MSBuild canonical origin: <c>file(line,column)</c>, or the file alone without a line.</summary>
    public override string ToString() => Line > 0 ? $"{File}({Line},{Column})" : File;
}
