using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Linq;
using System.Reflection;
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

    /// <summary>--kubernetes-version: the target Kubernetes version, as BerthKubernetesVersion is for the build.</summary>
    public static Option<string?> KubernetesVersion() => new("--kubernetes-version")
    {
        Description = "Check the definitions against this Kubernetes version (e.g. 1.29) and write the API versions it serves, as <BerthKubernetesVersion> does for the build (BERTH100-BERTH102); default: no version.",
        HelpName = "version",
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

    private const string DurationWords = "a duration such as 90s, 5m or 1m30s";

    /// <summary>"90s", "5m", "1h", "1m30s", "250ms" or a number of seconds.</summary>
    public static TimeSpan? ParseDuration(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
            return null;
        var text = result.Tokens[0].Value.Trim();
        if (TryParseDuration(text, out var value))
            return value;
        result.AddError(NotA(result, DurationWords, text));
        return null;
    }

    /// <summary>
    /// Gives every argument and option under <paramref name="command"/> whose value is a number, a duration or an
    /// enum, and that has no parser of its own, a parser whose error says what was expected in words
    /// ("replicas must be a whole number, got 'abc'") instead of System.CommandLine's "as expected type 'System.Int32'".
    /// </summary>
    public static void UseWordedParsers(Command command)
    {
        foreach (var argument in command.Arguments)
            UseWordedParser(argument, argument.ValueType);
        foreach (var option in command.Options)
            UseWordedParser(option, option.ValueType);
        foreach (var subcommand in command.Subcommands)
            UseWordedParsers(subcommand);
    }

    /// <summary>What a value of <paramref name="type"/> must look like, in words, and how to read one (null: not readable); null for types parsed as given (text, flags).</summary>
    internal static (string Expected, Func<string, object?> Read)? WordsFor(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(int))
            return ("a whole number", s => int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null);
        if (t == typeof(long))
            return ("a whole number", s => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null);
        if (t == typeof(TimeSpan))
            return (DurationWords, s => TryParseDuration(s, out var v) ? v : null);
        if (t.IsEnum)
        {
            var names = Enum.GetNames(t);
            return ($"one of {string.Join(", ", names.Select(n => n.ToLowerInvariant()))}",
                s => names.FirstOrDefault(n => string.Equals(n, s, StringComparison.OrdinalIgnoreCase)) is { } name ? Enum.Parse(t, name) : null);
        }

        return null;
    }

    private static void UseWordedParser(Symbol symbol, Type valueType)
    {
        // Argument<T>.CustomParser and Option<T>.CustomParser: Func<ArgumentResult, T?>, set through reflection for any T.
        var property = symbol.GetType().GetProperty("CustomParser");
        if (property is null || property.GetValue(symbol) is not null || WordsFor(valueType) is not { } words)
            return;
        var make = typeof(CommonOptions).GetMethod(nameof(WordedParser), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(valueType);
        property.SetValue(symbol, make.Invoke(null, new object[] { words.Expected, words.Read }));
    }

    private static Func<ArgumentResult, T?> WordedParser<T>(string expected, Func<string, object?> read) => result =>
    {
        if (result.Tokens.Count == 0)
            return default;
        var text = result.Tokens[0].Value;
        if (read(text.Trim()) is { } value)
            return (T)value;
        result.AddError(NotA(result, expected, text));
        return default;
    };

    /// <summary>"replicas must be a whole number, got 'abc'" (an argument by its name, an option by its flag).</summary>
    private static string NotA(ArgumentResult result, string expected, string text)
    {
        var name = result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;
        return $"{name} must be {expected}, got '{text}'";
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
