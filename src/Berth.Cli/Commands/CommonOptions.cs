using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Berth.Cli.Commands;

/// <summary>Options and arguments several commands share; each call makes a new instance.</summary>
internal static class CommonOptions
{
    /// <summary>Zero or more app names (StatefulSet or member names).</summary>
    public static Argument<string[]> Apps(string description) => new("app")
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>Exactly one app name.</summary>
    public static Argument<string> App() => new("app")
    {
        Description = "The app: its StatefulSet name (e.g. postgres) or its member name (e.g. Postgres).",
    };

    /// <summary>--timeout: how long a wait may take in total.</summary>
    public static Option<TimeSpan?> Timeout(string defaultText) => new("--timeout")
    {
        Description = $"Give up waiting after this long (e.g. 90s, 5m, 1m30s; default {defaultText}).",
        HelpName = "duration",
        CustomParser = ParseDuration,
    };

    /// <summary>--progress-deadline: fail when nothing moves for this long.</summary>
    public static Option<TimeSpan?> ProgressDeadline() => new("--progress-deadline")
    {
        Description = "Fail when no pod was created, updated, removed or became Ready for this long (default 5m).",
        HelpName = "duration",
        CustomParser = ParseDuration,
    };

    /// <summary>"90s", "5m", "1h", "1m30s", "250ms" or a number of seconds.</summary>
    public static TimeSpan? ParseDuration(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
            return null;
        var text = result.Tokens[0].Value.Trim();
        if (TryParseDuration(text, out var value))
            return value;
        result.AddError($"'{text}' is not a duration; use e.g. 90s, 5m or 1m30s");
        return null;
    }

    /// <summary>Parses a Go-style duration or plain seconds.</summary>
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            value = TimeSpan.FromSeconds(seconds);
            return true;
        }

        var match = Regex.Match(text, @"^(?:(\d+(?:\.\d+)?)(ms|h|m|s))+$", RegexOptions.CultureInvariant);
        if (!match.Success)
            return false;
        var parts = Regex.Matches(text, @"(\d+(?:\.\d+)?)(ms|h|m|s)", RegexOptions.CultureInvariant);
        foreach (Match part in parts)
        {
            var number = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            value += part.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(number),
                "m" => TimeSpan.FromMinutes(number),
                "s" => TimeSpan.FromSeconds(number),
                _ => TimeSpan.FromMilliseconds(number),
            };
        }

        return value > TimeSpan.Zero;
    }
}
