using System.Collections.Generic;

namespace Berth.Rules;

/// <summary>
/// Name and key syntax checks of the Kubernetes API server (apimachinery <c>util/validation</c>),
/// with the same reason texts. Pure functions, shared by the rules, the DSL and the analyzers.
/// A <see langword="null"/> value is checked as the empty string.
/// </summary>
public static class KubeNames
{
    /// <summary>Maximum length of a DNS-1123 or DNS-1035 label, a label value and the name part of a qualified name.</summary>
    public const int LabelMaxLength = 63;

    /// <summary>Maximum length of a DNS-1123 subdomain and of a ConfigMap key.</summary>
    public const int SubdomainMaxLength = 253;

    /// <summary>Maximum length of a container port name (IANA_SVC_NAME).</summary>
    public const int PortNameMaxLength = 15;

    private const string Dns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1123LabelErrMsg = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
    private const string Dns1123SubdomainFmt = Dns1123LabelFmt + "(\\." + Dns1123LabelFmt + ")*";
    private const string Dns1123SubdomainErrMsg = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private const string Dns1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1035LabelErrMsg = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    private const string QualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string QualifiedNameErrMsg = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string LabelValueFmt = "(" + QualifiedNameFmt + ")?";
    private const string LabelValueErrMsg = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string EnvVarNameFmt = "[-._a-zA-Z][-._a-zA-Z0-9]*";
    private const string EnvVarNameErrMsg = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit";
    private const string ConfigMapKeyFmt = "[-._a-zA-Z0-9]+";
    private const string ConfigMapKeyErrMsg = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";

    /// <summary>True when <paramref name="value"/> is a DNS-1123 label (StatefulSet, container, volume and claim template names).</summary>
    public static bool IsDns1123Label(string? value) => Dns1123LabelErrors(value ?? "").Count == 0;

    /// <summary>Checks a DNS-1123 label; <paramref name="reason"/> is the API server's text when invalid.</summary>
    public static bool IsDns1123Label(string? value, out string? reason) => Result(Dns1123LabelErrors(value ?? ""), out reason);

    /// <summary>True when <paramref name="value"/> is a DNS-1123 subdomain (storage class and most object names).</summary>
    public static bool IsDns1123Subdomain(string? value) => Dns1123SubdomainErrors(value ?? "").Count == 0;

    /// <summary>Checks a DNS-1123 subdomain; <paramref name="reason"/> is the API server's text when invalid.</summary>
    public static bool IsDns1123Subdomain(string? value, out string? reason) => Result(Dns1123SubdomainErrors(value ?? ""), out reason);

    /// <summary>True when <paramref name="value"/> is a DNS-1035 label (Service names: must start with a letter).</summary>
    public static bool IsDns1035Label(string? value) => Dns1035LabelErrors(value ?? "").Count == 0;

    /// <summary>Checks a DNS-1035 label; <paramref name="reason"/> is the API server's text when invalid.</summary>
    public static bool IsDns1035Label(string? value, out string? reason) => Result(Dns1035LabelErrors(value ?? ""), out reason);

    /// <summary>True when <paramref name="value"/> is a valid label value (empty is valid).</summary>
    public static bool IsValidLabelValue(string? value) => LabelValueErrors(value ?? "").Count == 0;

    /// <summary>Checks a label value; <paramref name="reason"/> is the API server's text when invalid.</summary>
    public static bool IsValidLabelValue(string? value, out string? reason) => Result(LabelValueErrors(value ?? ""), out reason);

    /// <summary>True when <paramref name="value"/> is a qualified name (label and annotation keys, topology keys): an optional DNS subdomain prefix and '/', then a name.</summary>
    public static bool IsQualifiedName(string? value) => QualifiedNameErrors(value ?? "").Count == 0;

    /// <summary>Checks a qualified name; <paramref name="reason"/> is the API server's text when invalid.</summary>
    public static bool IsQualifiedName(string? value, out string? reason) => Result(QualifiedNameErrors(value ?? ""), out reason);

    /// <summary>True when <paramref name="value"/> is a valid container port name (IANA_SVC_NAME).</summary>
    public static bool IsValidPortName(string? value) => PortNameErrors(value ?? "").Count == 0;

    /// <summary>Checks a container port name; <paramref name="reason"/> is the API server's text when invalid.</summary>
    public static bool IsValidPortName(string? value, out string? reason) => Result(PortNameErrors(value ?? ""), out reason);

    /// <summary>True when <paramref name="value"/> is a valid environment variable name (strict mode of the API server).</summary>
    public static bool IsEnvVarName(string? value) => EnvVarNameErrors(value ?? "").Count == 0;

    /// <summary>Checks an environment variable name; <paramref name="reason"/> is the API server's text when invalid.</summary>
    public static bool IsEnvVarName(string? value, out string? reason) => Result(EnvVarNameErrors(value ?? ""), out reason);

    /// <summary>True when <paramref name="value"/> is a valid ConfigMap or Secret key.</summary>
    public static bool IsConfigMapKey(string? value) => ConfigMapKeyErrors(value ?? "").Count == 0;

    /// <summary>Checks a ConfigMap or Secret key; <paramref name="reason"/> is the API server's text when invalid.</summary>
    public static bool IsConfigMapKey(string? value, out string? reason) => Result(ConfigMapKeyErrors(value ?? ""), out reason);

    /// <summary>True when <paramref name="port"/> is a valid port number (1-65535).</summary>
    public static bool IsValidPortNumber(long port) => port >= 1 && port <= 65535;

    /// <summary>Checks a port number; <paramref name="reason"/> is the API server's text when invalid.</summary>
    public static bool IsValidPortNumber(long port, out string? reason)
    {
        reason = IsValidPortNumber(port) ? null : "must be between 1 and 65535, inclusive";
        return reason == null;
    }

    /// <summary>
    /// Checks a port given as a number or a name (probe ports, Service <c>targetPort</c>): digits are checked as a
    /// number, anything else as an IANA_SVC_NAME.
    /// </summary>
    public static bool IsValidPortNumberOrName(string? value, out string? reason)
    {
        if (TryParsePortNumber(value, out var n)) return IsValidPortNumber(n, out reason);
        return IsValidPortName(value, out reason);
    }

    /// <summary>True when <paramref name="value"/> is all ASCII digits (optionally signed), i.e. an int-or-string that holds an int; <paramref name="number"/> is its value.</summary>
    public static bool TryParsePortNumber(string? value, out long number)
    {
        number = 0;
        if (string.IsNullOrEmpty(value)) return false;
        var s = value!;
        int i = 0;
        bool negative = false;
        if (s[0] == '-' || s[0] == '+') { negative = s[0] == '-'; i = 1; }
        if (i >= s.Length) return false;
        long n = 0;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (c < '0' || c > '9') return false;
            if (n < 100_000_000_000L) n = n * 10 + (c - '0');
        }
        number = negative ? -n : n;
        return true;
    }

    private static bool Result(List<string> errors, out string? reason)
    {
        reason = errors.Count == 0 ? null : string.Join("; ", errors);
        return errors.Count == 0;
    }

    private static List<string> Dns1123LabelErrors(string value)
    {
        var errs = new List<string>();
        if (value.Length > LabelMaxLength) errs.Add(MaxLenError(LabelMaxLength));
        if (!IsLabelShape(value, firstMustBeLetter: false))
        {
            // A valid subdomain that is not a valid label can only be wrong because of its dots.
            if (IsSubdomainShape(value)) errs.Add("must not contain dots");
            else errs.Add(RegexError(Dns1123LabelErrMsg, Dns1123LabelFmt, "my-name", "123-abc"));
        }
        return errs;
    }

    private static List<string> Dns1123SubdomainErrors(string value)
    {
        var errs = new List<string>();
        if (value.Length > SubdomainMaxLength) errs.Add(MaxLenError(SubdomainMaxLength));
        if (!IsSubdomainShape(value)) errs.Add(RegexError(Dns1123SubdomainErrMsg, Dns1123SubdomainFmt, "example.com"));
        return errs;
    }

    private static List<string> Dns1035LabelErrors(string value)
    {
        var errs = new List<string>();
        if (value.Length > LabelMaxLength) errs.Add(MaxLenError(LabelMaxLength));
        if (!IsLabelShape(value, firstMustBeLetter: true)) errs.Add(RegexError(Dns1035LabelErrMsg, Dns1035LabelFmt, "my-name", "abc-123"));
        return errs;
    }

    private static List<string> LabelValueErrors(string value)
    {
        var errs = new List<string>();
        if (value.Length > LabelMaxLength) errs.Add(MaxLenError(LabelMaxLength));
        if (value.Length > 0 && !IsQualifiedNamePart(value)) errs.Add(RegexError(LabelValueErrMsg, LabelValueFmt, "MyValue", "my_value", "12345"));
        return errs;
    }

    private static List<string> QualifiedNameErrors(string value)
    {
        var errs = new List<string>();
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                var prefix = parts[0];
                name = parts[1];
                if (prefix.Length == 0) errs.Add("prefix part must be non-empty");
                else
                    foreach (var m in Dns1123SubdomainErrors(prefix)) errs.Add("prefix part " + m);
                break;
            default:
                errs.Add("a qualified name " + RegexError(QualifiedNameErrMsg, QualifiedNameFmt, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errs;
        }

        if (name.Length == 0) errs.Add("name part must be non-empty");
        else if (name.Length > LabelMaxLength) errs.Add("name part " + MaxLenError(LabelMaxLength));
        if (!IsQualifiedNamePart(name)) errs.Add("name part " + RegexError(QualifiedNameErrMsg, QualifiedNameFmt, "MyName", "my.name", "123-abc"));
        return errs;
    }

    private static List<string> PortNameErrors(string port)
    {
        var errs = new List<string>();
        if (port.Length > PortNameMaxLength) errs.Add(MaxLenError(PortNameMaxLength));
        bool charset = port.Length > 0, letter = false;
        foreach (var c in port)
        {
            if (c >= 'a' && c <= 'z') letter = true;
            else if (!(c >= '0' && c <= '9') && c != '-') charset = false;
        }
        if (!charset) errs.Add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        if (!letter) errs.Add("must contain at least one letter (a-z)");
        if (port.Contains("--")) errs.Add("must not contain consecutive hyphens");
        if (port.Length > 0 && (port[0] == '-' || port[port.Length - 1] == '-')) errs.Add("must not begin or end with a hyphen");
        return errs;
    }

    private static List<string> EnvVarNameErrors(string value)
    {
        var errs = new List<string>();
        bool ok = value.Length > 0 && !IsDigit(value[0]);
        foreach (var c in value)
            if (!(IsAsciiLetter(c) || IsDigit(c) || c == '-' || c == '.' || c == '_')) ok = false;
        if (!ok) errs.Add(RegexError(EnvVarNameErrMsg, EnvVarNameFmt, "my.env-name", "MY_ENV.NAME", "MyEnvName1"));
        AddDirPrefixErrors(value, errs);
        return errs;
    }

    private static List<string> ConfigMapKeyErrors(string value)
    {
        var errs = new List<string>();
        if (value.Length > SubdomainMaxLength) errs.Add(MaxLenError(SubdomainMaxLength));
        bool ok = value.Length > 0;
        foreach (var c in value)
            if (!(IsAsciiLetter(c) || IsDigit(c) || c == '-' || c == '.' || c == '_')) ok = false;
        if (!ok) errs.Add(RegexError(ConfigMapKeyErrMsg, ConfigMapKeyFmt, "key.name", "KEY_NAME", "key-name"));
        AddDirPrefixErrors(value, errs);
        return errs;
    }

    private static void AddDirPrefixErrors(string value, List<string> errs)
    {
        if (value == ".") errs.Add("must not be '.'");
        else if (value == "..") errs.Add("must not be '..'");
        else if (value.StartsWith("..", System.StringComparison.Ordinal)) errs.Add("must not start with '..'");
    }

    // [a-z0-9]([-a-z0-9]*[a-z0-9])?  (or [a-z] first for DNS-1035), without the length check.
    private static bool IsLabelShape(string s, bool firstMustBeLetter)
    {
        if (s.Length == 0) return false;
        if (firstMustBeLetter ? !IsLower(s[0]) : !IsLowerAlnum(s[0])) return false;
        if (!IsLowerAlnum(s[s.Length - 1])) return false;
        foreach (var c in s)
            if (!IsLowerAlnum(c) && c != '-') return false;
        return true;
    }

    private static bool IsSubdomainShape(string s)
    {
        if (s.Length == 0) return false;
        foreach (var part in s.Split('.'))
            if (!IsLabelShape(part, firstMustBeLetter: false)) return false;
        return true;
    }

    // ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
    private static bool IsQualifiedNamePart(string s)
    {
        if (s.Length == 0) return false;
        if (!IsAlnum(s[0]) || !IsAlnum(s[s.Length - 1])) return false;
        foreach (var c in s)
            if (!IsAlnum(c) && c != '-' && c != '_' && c != '.') return false;
        return true;
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';
    private static bool IsLower(char c) => c >= 'a' && c <= 'z';
    private static bool IsLowerAlnum(char c) => IsLower(c) || IsDigit(c);
    private static bool IsAsciiLetter(char c) => IsLower(c) || (c >= 'A' && c <= 'Z');
    private static bool IsAlnum(char c) => IsAsciiLetter(c) || IsDigit(c);

    private static string MaxLenError(int length) => "must be no more than " + length + " characters";

    private static string RegexError(string msg, string fmt, params string[] examples)
    {
        if (examples.Length == 0) return msg + " (regex used for validation is '" + fmt + "')";
        var sb = new System.Text.StringBuilder(msg).Append(" (e.g. ");
        for (int i = 0; i < examples.Length; i++)
        {
            if (i > 0) sb.Append(" or ");
            sb.Append('\'').Append(examples[i]).Append("', ");
        }
        return sb.Append("regex used for validation is '").Append(fmt).Append("')").ToString();
    }
}
