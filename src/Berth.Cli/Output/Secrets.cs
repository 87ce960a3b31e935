using System.Text.RegularExpressions;

namespace Berth.Cli.Output;

/// <summary>
/// The last line of defence against printing credentials: everything the CLI writes to stderr passes through
/// <see cref="Redact"/>. The client's own messages carry none (it never keeps the HTTP request), but an unexpected
/// exception printed with <c>--verbose</c> might.
/// </summary>
internal static class Secrets
{
    private static readonly Regex Patterns = new(
        @"(?<keep>\bAuthorization""?\s*[:=]\s*""?)[^\r\n"",;]+" +
        @"|(?<keep>\b(?:Bearer|Basic)\s+)[A-Za-z0-9\-._~+/=:]{6,}" +
        @"|(?<keep>\b(?:token|password|client-key-data|client-certificate-data)""?\s*[:=]\s*""?)[^\s"",;]{4,}",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>The text with bearer/basic credentials, tokens, passwords and key data replaced by <c>***</c>.</summary>
    public static string Redact(string text) =>
        string.IsNullOrEmpty(text) ? text : Patterns.Replace(text, m => m.Groups["keep"].Value + "***");
}
