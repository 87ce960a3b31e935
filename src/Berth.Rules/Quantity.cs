using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;

namespace Berth.Rules;

/// <summary>
/// Kubernetes resource quantities ("250m", "1.5Gi", "1e3"), parsed exactly as apimachinery's
/// <c>resource.ParseQuantity</c> does: the same accepted strings, the same error texts, the same value
/// (rounded up to a nano unit; binary values capped at 2^63-1).
/// </summary>
public static class Quantity
{
    /// <summary>The API server's text for a string that is not a quantity.</summary>
    public const string FormatError = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    /// <summary>The API server's text for an unknown suffix.</summary>
    public const string SuffixError = "unable to parse quantity's suffix";

    /// <summary>The API server's text for an unparseable number.</summary>
    public const string NumericError = "unable to parse numeric part of quantity";

    private static readonly BigInteger NanosPerUnit = BigInteger.Pow(10, 9);
    private static readonly BigInteger MaxAllowedNanos = new BigInteger(long.MaxValue) * NanosPerUnit;

    /// <summary>True when the API server accepts <paramref name="text"/> as a quantity.</summary>
    public static bool IsValid(string? text) => TryParseNanos(text, out _, out _);

    /// <summary>
    /// Parses a quantity. <paramref name="value"/> is its value in base units (cores, bytes), exact to the nano;
    /// magnitudes above about 7.9e19 (for example "1e40", which the API server accepts) saturate to
    /// <see cref="decimal.MaxValue"/> or <see cref="decimal.MinValue"/>: use <see cref="Compare"/> for exact
    /// comparisons. On failure <paramref name="error"/> is the API server's text.
    /// </summary>
    public static bool TryParse(string? text, out decimal value, out string? error)
    {
        value = 0m;
        if (!TryParseNanos(text, out var nanos, out error)) return false;
        value = ToDecimal(nanos);
        return true;
    }

    /// <summary>
    /// Compares two quantities by value, exactly: negative when <paramref name="left"/> is smaller, zero when
    /// equal ("1Gi" equals "1073741824"), positive when larger.
    /// </summary>
    /// <exception cref="FormatException">One of the arguments is not a valid quantity.</exception>
    public static int Compare(string left, string right)
    {
        if (!TryParseNanos(left, out var l, out var e1)) throw new FormatException("\"" + left + "\": " + e1);
        if (!TryParseNanos(right, out var r, out var e2)) throw new FormatException("\"" + right + "\": " + e2);
        return l.CompareTo(r);
    }

    /// <summary>
    /// The exact value of a quantity in nano base units, as invariant digits, or <see langword="null"/> when
    /// <paramref name="text"/> is not a valid quantity: two quantities are equal exactly when their values are
    /// ("1Gi" and "1073741824", "0.5" and "500m"). For comparing values read back from YAML, where a whole-number
    /// quantity becomes a number.
    /// </summary>
    public static string? ExactValue(string? text) =>
        TryParseNanos(text, out var nanos, out _) ? nanos.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>
    /// Maps a common mistake to the quantity that was most likely meant: "10GB" → "10Gi" (byte units become
    /// the binary suffixes), "512mb" → "512Mi", "1gi" → "1Gi", "1.5 Gi" → "1.5Gi", "1,5Gi" → "1.5Gi", "2K" → "2Ki",
    /// "100B" → "100". Returns <paramref name="text"/> unchanged when it is already valid ("500M" stays "500M"),
    /// and <see langword="null"/> when no fix is known.
    /// </summary>
    public static string? SuggestFix(string? text)
    {
        if (text == null) return null;
        if (IsValid(text)) return text;

        var s = text.Trim();
        int i = 0;
        if (i < s.Length && (s[i] == '+' || s[i] == '-')) i++;
        while (i < s.Length && (char.IsDigit(s[i]) && s[i] < 128 || s[i] == '.' || s[i] == ',')) i++;
        var number = s.Substring(0, i).Replace(',', '.');
        var unit = s.Substring(i).Trim();
        if (number.Length == 0 || number == "+" || number == "-") return null;

        string? suffix = MapUnit(unit);
        if (suffix == null) return null;
        var candidate = number + suffix;
        return IsValid(candidate) ? candidate : null;
    }

    private static string? MapUnit(string unit)
    {
        // Exact valid suffixes stay as written.
        switch (unit)
        {
            case "": case "n": case "u": case "m": case "k": case "M": case "G": case "T": case "P": case "E":
            case "Ki": case "Mi": case "Gi": case "Ti": case "Pi": case "Ei":
                return unit;
        }
        var u = unit.ToLowerInvariant();
        if (u.EndsWith("ib", StringComparison.Ordinal) && u.Length == 3) u = u.Substring(0, 2); // GiB → gi
        else if (u.EndsWith("b", StringComparison.Ordinal) && u.Length == 2) u = u.Substring(0, 1); // GB → g
        switch (u)
        {
            case "b": case "bytes": case "byte": return "";
            case "k": case "ki": return "Ki";
            case "m": case "mi": return "Mi"; // "500mb", "500mi": nobody means milli-bytes
            case "g": case "gi": return "Gi";
            case "t": case "ti": return "Ti";
            case "p": case "pi": return "Pi";
            case "e": case "ei": return "Ei";
            default: return null;
        }
    }

    internal static bool TryParseNanos(string? text, out BigInteger nanos, out string? error)
    {
        nanos = BigInteger.Zero;
        error = null;
        var str = text ?? "";
        if (str.Length == 0) { error = FormatError; return false; }
        if (str == "0") return true;

        if (!ParseQuantityString(str, out bool positive, out string value, out string num, out string denom, out string suf))
        {
            error = FormatError;
            return false;
        }
        if (!InterpretSuffix(suf, out int numBase, out int exponent, out var format))
        {
            error = SuffixError;
            return false;
        }

        // The fast path of ParseQuantity: exact int64 arithmetic when the value has few enough digits.
        int precision;
        int scale = 0;
        long mantissa = 1;
        if (format == Format.Binary)
        {
            if (exponent >= 0 && denom.Length == 0)
            {
                mantissa = 1L << exponent;
                precision = 15 - num.Length - (int)((float)exponent * 3 / 10) - 1;
            }
            else precision = -1;
        }
        else
        {
            scale = exponent;
            precision = 18 - (num.Length + denom.Length);
        }

        if (precision >= 0)
        {
            scale -= denom.Length;
            if (scale >= -9)
            {
                var shifted = num + denom;
                if (!long.TryParse(shifted, NumberStyles.None, CultureInfo.InvariantCulture, out long v))
                {
                    error = NumericError;
                    return false;
                }
                var product = (BigInteger)v * mantissa;
                if (product <= long.MaxValue)
                {
                    // value = product * 10^scale, scale >= -9: exact in nanos.
                    nanos = product * BigInteger.Pow(10, scale + 9);
                    if (!positive) nanos = -nanos;
                    return true;
                }
            }
        }

        // The slow path: inf.Dec arithmetic, rounded up to a nano, binary values capped.
        if (!TryParseDecimalText(value, out var unscaled, out int decScale))
        {
            error = NumericError;
            return false;
        }
        bool negative = unscaled.Sign < 0;
        var abs = BigInteger.Abs(unscaled);
        // amount = abs * 10^-decScale * base^exponent; nanos = ceil(amount * 10^9).
        BigInteger numerator = abs, denominator = BigInteger.One;
        if (numBase == 10)
        {
            int e = exponent - decScale + 9;
            if (e >= 0) numerator *= BigInteger.Pow(10, e);
            else denominator = BigInteger.Pow(10, -e);
        }
        else
        {
            numerator = numerator * BigInteger.Pow(2, exponent) * NanosPerUnit;
            denominator = BigInteger.Pow(10, decScale);
        }
        var q = BigInteger.DivRem(numerator, denominator, out var rem);
        if (!rem.IsZero) q += 1;
        if (format == Format.Binary && q > MaxAllowedNanos) q = MaxAllowedNanos;
        nanos = negative ? -q : q;
        return true;
    }

    private enum Format { DecimalSI, DecimalExponent, Binary }

    // Port of parseQuantityString (apimachinery resource/quantity.go).
    private static bool ParseQuantityString(string str, out bool positive, out string value, out string num, out string denom, out string suffix)
    {
        positive = true;
        value = num = denom = suffix = "";
        int pos = 0, end = str.Length;
        if (pos < end)
        {
            if (str[0] == '-') { positive = false; pos++; }
            else if (str[0] == '+') pos++;
        }

        for (int i = pos; ; i++)
        {
            if (i >= end) { num = "0"; value = num; return true; }
            if (str[i] == '0') pos++;
            else break;
        }

        for (int i = pos; ; i++)
        {
            if (i >= end) { num = str.Substring(pos, end - pos); value = str.Substring(0, end); return true; }
            if (!IsDigit(str[i])) { num = str.Substring(pos, i - pos); pos = i; break; }
        }
        if (num.Length == 0) num = "0";

        if (pos < end && str[pos] == '.')
        {
            pos++;
            for (int i = pos; ; i++)
            {
                if (i >= end) { denom = str.Substring(pos, end - pos); value = str.Substring(0, end); return true; }
                if (!IsDigit(str[i])) { denom = str.Substring(pos, i - pos); pos = i; break; }
            }
        }
        value = str.Substring(0, pos);

        int suffixStart = pos;
        for (int i = pos; ; i++)
        {
            if (i >= end) { suffix = str.Substring(suffixStart); return true; }
            if ("eEinumkKMGTP".IndexOf(str[i]) < 0) { pos = i; break; }
        }
        if (pos < end && (str[pos] == '-' || str[pos] == '+')) pos++;
        for (int i = pos; ; i++)
        {
            if (i >= end) { suffix = str.Substring(suffixStart); return true; }
            if (!IsDigit(str[i])) break;
        }
        return false;
    }

    private static readonly Dictionary<string, int> DecimalSuffixes = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["n"] = -9, ["u"] = -6, ["m"] = -3, [""] = 0, ["k"] = 3, ["M"] = 6, ["G"] = 9, ["T"] = 12, ["P"] = 15, ["E"] = 18,
    };

    private static readonly Dictionary<string, int> BinarySuffixes = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["Ki"] = 10, ["Mi"] = 20, ["Gi"] = 30, ["Ti"] = 40, ["Pi"] = 50, ["Ei"] = 60,
    };

    private static bool InterpretSuffix(string suffix, out int numBase, out int exponent, out Format format)
    {
        numBase = 10;
        format = Format.DecimalSI;
        if (DecimalSuffixes.TryGetValue(suffix, out exponent)) return true;
        if (BinarySuffixes.TryGetValue(suffix, out exponent)) { numBase = 2; format = Format.Binary; return true; }
        format = Format.DecimalExponent;
        if (suffix.Length > 1 && (suffix[0] == 'e' || suffix[0] == 'E') && TryParseGoInt64(suffix.Substring(1), out long parsed))
        {
            exponent = unchecked((int)parsed); // Go: int32(parsed)
            return true;
        }
        exponent = 0;
        return false;
    }

    // strconv.ParseInt(s, 10, 64): optional sign, at least one digit, no overflow.
    private static bool TryParseGoInt64(string s, out long result)
    {
        result = 0;
        int i = 0;
        bool neg = false;
        if (s.Length > 0 && (s[0] == '+' || s[0] == '-')) { neg = s[0] == '-'; i = 1; }
        if (i >= s.Length) return false;
        BigInteger acc = BigInteger.Zero;
        for (; i < s.Length; i++)
        {
            if (!IsDigit(s[i])) return false;
            acc = acc * 10 + (s[i] - '0');
            if (acc > (BigInteger)long.MaxValue + 1) return false;
        }
        if (neg) acc = -acc;
        if (acc > long.MaxValue || acc < long.MinValue) return false;
        result = (long)acc;
        return true;
    }

    // inf.Dec.SetString on the numeric part: [+-]digits[.digits], at least one digit.
    private static bool TryParseDecimalText(string s, out BigInteger unscaled, out int scale)
    {
        unscaled = BigInteger.Zero;
        scale = 0;
        int i = 0;
        bool neg = false, anyDigit = false, dot = false;
        if (s.Length > 0 && (s[0] == '+' || s[0] == '-')) { neg = s[0] == '-'; i = 1; }
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '.')
            {
                if (dot) return false;
                dot = true;
            }
            else if (IsDigit(c))
            {
                anyDigit = true;
                unscaled = unscaled * 10 + (c - '0');
                if (dot) scale++;
            }
            else return false;
        }
        if (neg) unscaled = -unscaled;
        return anyDigit;
    }

    private static decimal ToDecimal(BigInteger nanos)
    {
        // decimal holds 96-bit integers: enough for |nanos| < 2^96 (about 7.9e19 units).
        var limit = (BigInteger.One << 96) - 1;
        if (nanos > limit) return decimal.MaxValue;
        if (nanos < -limit) return decimal.MinValue;
        bool negative = nanos.Sign < 0;
        var abs = BigInteger.Abs(nanos);
        var mask = new BigInteger(uint.MaxValue);
        int lo = unchecked((int)(uint)(abs & mask));
        int mid = unchecked((int)(uint)((abs >> 32) & mask));
        int hi = unchecked((int)(uint)((abs >> 64) & mask));
        return new decimal(lo, mid, hi, negative, 9);
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';
}
