using System;
using System.Collections.Generic;
using Berth.Rules.Model;

namespace Berth.Rules.Checks;

/// <summary>
/// BERTH097: a literal environment variable value that looks like a secret, by its name (<c>DB_PASSWORD</c>, <c>apiToken</c>)
/// or by the value itself (a long random-looking string). The value is never put into the message: the message goes to
/// build logs.
/// </summary>
internal static class SecretChecks
{
    // Name endings that say "this is a credential", matched case-insensitively at a word boundary (start of the name, a
    // '_', '-' or '.', or a lower-to-upper case change: DB_PASSWORD, db-password, dbPassword, PASSWORD; not PASSWORDLESS_LOGIN,
    // MAX_TOKENS or TOKENIZER).
    private static readonly string[] SecretNameEndings =
    {
        "PASSWORD", "PASSWD", "TOKEN", "SECRET", "API_KEY", "APIKEY", "PRIVATE_KEY", "CREDENTIALS", "ACCESS_KEY", "SECRET_KEY",
    };

    /// <summary>At least this many characters before a value's randomness alone makes it a secret.</summary>
    public const int MinRandomLength = 24;

    /// <summary>The Shannon entropy per character, in bits, from which a long value can count as random.</summary>
    public const double MinRandomBits = 3.5;

    public static void Run(Scope s, AppModel app)
    {
        foreach (var c in Q.Containers(app.Pod))
        {
            var env = c.Container.Env;
            for (int i = 0; i < env.Count; i++)
            {
                var e = env[i];
                if (!e.Value.IsKnown || string.IsNullOrEmpty(e.Value.Value) || IsReferenceOrPath(e.Value.Value!)) continue;
                var name = e.Name.IsKnown ? e.Name.Value ?? "" : "";
                string? why = null;
                if (HasSecretName(name)) why = "its name says it holds a credential";
                else if (LooksRandom(e.Value.Value!)) why = "the value is a long random-looking string, like a key or token";
                if (why == null) continue;
                var display = name.Length > 0 ? Q.Quote(name) : "#" + Q.Str(i + 1);
                var secretVar = name.Length > 0 ? name : "NAME";
                s.Report(RuleCatalog.LiteralSecretInEnv, c.Path + ".env[" + Q.Str(i) + "].value",
                    $"{c.Display} sets environment variable {display} to a literal value, and {why}; the value is written in plain text into the manifests and the live object. Keep it in a Secret and reference it: .EnvFromSecret({Q.Quote(secretVar)}, \"<secret>\", \"<key>\").",
                    e.Value.Anchor, e.Anchor);
            }
        }
    }

    /// <summary>True when <paramref name="name"/> ends, at a word boundary, with a credential word (case-insensitive).</summary>
    public static bool HasSecretName(string name)
    {
        foreach (var ending in SecretNameEndings)
        {
            if (name.Length < ending.Length) continue;
            var start = name.Length - ending.Length;
            if (!EqualsIgnoringSeparators(name, start, ending)) continue;
            if (start == 0) return true;
            var before = name[start - 1];
            if (before == '_' || before == '-' || before == '.') return true;
            if (char.IsUpper(name[start]) && (char.IsLower(before) || char.IsDigit(before))) return true;
        }
        return false;
    }

    // The ending compared case-insensitively; its '_' also matches '-' or '.' (db-private-key).
    private static bool EqualsIgnoringSeparators(string name, int start, string ending)
    {
        for (int i = 0; i < ending.Length; i++)
        {
            var n = name[start + i];
            var e = ending[i];
            if (e == '_') { if (n != '_' && n != '-' && n != '.') return false; }
            else if (char.ToUpperInvariant(n) != e) return false;
        }
        return true;
    }

    /// <summary>
    /// True for a value that looks like a generated key or token: at least <see cref="MinRandomLength"/> characters of the
    /// base64/base64url alphabet only (no spaces, dots, colons: not a host name, URL, path list or sentence), with upper case
    /// letters, lower case letters and digits, at least <see cref="MinRandomBits"/> bits of entropy per character, and the
    /// character class (upper, lower, digit, symbol) changing at least every 2.5 characters on average: a random string of
    /// that alphabet changes class at about 6 of 10 characters, a CamelCase name (MyApplicationName2024Production) at
    /// 1 in 4.
    /// </summary>
    public static bool LooksRandom(string value)
    {
        if (value.Length < MinRandomLength) return false;
        bool upper = false, lower = false, digit = false;
        var counts = new Dictionary<char, int>();
        int changes = 0;
        for (int i = 0; i < value.Length; i++)
        {
            var ch = value[i];
            if (ch >= 'A' && ch <= 'Z') upper = true;
            else if (ch >= 'a' && ch <= 'z') lower = true;
            else if (ch >= '0' && ch <= '9') digit = true;
            else if (ch != '+' && ch != '/' && ch != '=' && ch != '_' && ch != '-') return false;
            counts[ch] = counts.TryGetValue(ch, out var n) ? n + 1 : 1;
            if (i > 0 && Class(ch) != Class(value[i - 1])) changes++;
        }
        return upper && lower && digit && changes * 5 >= value.Length * 2 && Entropy(counts, value.Length) >= MinRandomBits;
    }

    private static int Class(char ch) => ch >= 'A' && ch <= 'Z' ? 0 : ch >= 'a' && ch <= 'z' ? 1 : ch >= '0' && ch <= '9' ? 2 : 3;

    /// <summary>The Shannon entropy per character of a string with these character counts, in bits.</summary>
    public static double Entropy(Dictionary<char, int> counts, int length)
    {
        double bits = 0;
        foreach (var n in counts.Values)
        {
            var p = (double)n / length;
            bits -= p * Math.Log(p, 2);
        }
        return bits;
    }

    // "$(DB_PASSWORD)": a reference to another variable of the container, expanded by the kubelet; "/var/run/secrets/key.json"
    // (GOOGLE_APPLICATION_CREDENTIALS): where a mounted secret is. Neither is the secret itself.
    private static bool IsReferenceOrPath(string value) =>
        (value.Length > 3 && value.StartsWith("$(", StringComparison.Ordinal) && value.IndexOf(')') == value.Length - 1)
        || (value[0] == '/' && value.IndexOf(' ') < 0);
}
