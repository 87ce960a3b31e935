namespace Berth.Rules;

/// <summary>
/// Int-or-percent values as written in the neutral model ("2", "25%"): StatefulSet
/// <c>rollingUpdate.maxUnavailable</c>, PodDisruptionBudget <c>minAvailable</c> and <c>maxUnavailable</c>.
/// Follows the API server's <c>ValidatePositiveIntOrPercent</c> and <c>IsNotMoreThan100Percent</c>.
/// </summary>
public static class IntOrPercent
{
    /// <summary>The API server's text for a malformed percent string.</summary>
    public const string PercentError = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

    /// <summary>
    /// Parses "2" (an integer) or "25%" (a percent). Returns false, with the API server's text in
    /// <paramref name="error"/>, for anything else; a negative integer parses but is reported by <see cref="Validate"/>.
    /// </summary>
    public static bool TryParse(string? text, out int value, out bool isPercent, out string? error)
    {
        value = 0;
        isPercent = false;
        error = null;
        var s = text ?? "";
        if (KubeNames.TryParsePortNumber(s, out long n) && s[0] != '+')
        {
            if (n > int.MaxValue || n < int.MinValue) { error = "must be a 32-bit integer"; return false; }
            value = (int)n;
            return true;
        }
        if (s.Length >= 2 && s[s.Length - 1] == '%')
        {
            long p = 0;
            for (int i = 0; i < s.Length - 1; i++)
            {
                char c = s[i];
                if (c < '0' || c > '9') { error = PercentError; return false; }
                if (p < 1_000_000_000L) p = p * 10 + (c - '0');
            }
            value = p > int.MaxValue ? int.MaxValue : (int)p;
            isPercent = true;
            return true;
        }
        error = PercentError;
        return false;
    }

    /// <summary>
    /// Validates an int-or-percent as the API server does for PDB and rolling-update fields: a non-negative integer or a
    /// percent of at most 100%. Returns null when valid, else the reason text.
    /// </summary>
    public static string? Validate(string? text)
    {
        if (!TryParse(text, out int value, out bool isPercent, out var error)) return error;
        if (value < 0) return "must be greater than or equal to 0";
        if (isPercent && value > 100) return "must not be greater than 100%";
        return null;
    }

    /// <summary>True when <paramref name="text"/> is zero: "0" or "0%" (or "00%").</summary>
    public static bool IsZero(string? text) => TryParse(text, out int v, out _, out _) && v == 0;

    /// <summary>
    /// Resolves the value against a total, as the controllers do (<c>GetScaledValueFromIntOrPercent</c>):
    /// an integer is returned as is; a percent of <paramref name="total"/> is rounded up when
    /// <paramref name="roundUp"/>, else down. Null when <paramref name="text"/> does not parse.
    /// </summary>
    public static int? Scaled(string? text, int total, bool roundUp)
    {
        if (!TryParse(text, out int v, out bool isPercent, out _)) return null;
        if (!isPercent) return v;
        long product = (long)v * total;
        long result = roundUp ? (product + 99) / 100 : product / 100;
        return (int)result;
    }
}
