using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace Berth.Writer;

/// <summary>
/// The diagnostics the compiler (the Berth analyzers) already reported, read from its SARIF error log
/// (<c>ErrorLog</c>, versions 1 and 2.1). A rule that fired at compile time with the same message is not
/// reported a second time by the writer.
/// </summary>
internal sealed class CompilerLog
{
    private readonly HashSet<(string Id, string Message)> _reported = new();

    public static CompilerLog Empty { get; } = new();

    public bool Contains(string id, string message) => _reported.Count > 0 && _reported.Contains((id, message));

    public static CompilerLog Read(string? path)
    {
        var log = new CompilerLog();
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
            return log;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            foreach (var run in document.RootElement.GetProperty("runs").EnumerateArray())
            {
                if (!run.TryGetProperty("results", out var results))
                    continue;
                foreach (var result in results.EnumerateArray())
                {
                    if (!result.TryGetProperty("ruleId", out var id) || !result.TryGetProperty("message", out var message))
                        continue;
                    var text = message.ValueKind == JsonValueKind.String ? message.GetString()
                        : message.TryGetProperty("text", out var inner) ? inner.GetString() : null;
                    if (id.GetString() is { } ruleId && ruleId.StartsWith("BERTH", StringComparison.Ordinal) && text is not null)
                        log._reported.Add((ruleId, text));
                }
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IOException)
        {
            // An unreadable log only means possible duplicates; never a reason to fail the build.
        }
        return log;
    }
}
