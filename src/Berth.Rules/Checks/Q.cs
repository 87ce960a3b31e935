using System;
using System.Collections.Generic;
using Berth.Rules.Model;

namespace Berth.Rules.Checks;

/// <summary>A container with its field path and its name for messages.</summary>
internal sealed class ContainerRef
{
    public ContainerRef(ContainerModel container, int index, bool isInit)
    {
        Container = container;
        IsInit = isInit;
        var list = isInit ? "initContainers" : "containers";
        var name = container.Name.IsKnown && !string.IsNullOrEmpty(container.Name.Value) ? container.Name.Value : null;
        Path = "spec.template.spec." + list + "[" + (name ?? index.ToString(System.Globalization.CultureInfo.InvariantCulture)) + "]";
        Display = (isInit ? "init container " : "container ") + (name != null ? Q.Quote(name) : "#" + (index + 1));
    }

    public ContainerModel Container { get; }

    public bool IsInit { get; }

    /// <summary>An init container with restartPolicy Always: it runs alongside the regular containers.</summary>
    public bool IsSidecar => IsInit && Container.RestartPolicy.IsEqualTo("Always");

    /// <summary>Runs for the pod's lifetime: a regular container or a sidecar.</summary>
    public bool IsLongRunning => !IsInit || IsSidecar;

    /// <summary>e.g. spec.template.spec.containers[db].</summary>
    public string Path { get; }

    /// <summary>e.g. container "db".</summary>
    public string Display { get; }
}

/// <summary>Small helpers shared by the checks.</summary>
internal static class Q
{
    public static string Quote(string? s) => "\"" + s + "\"";

    public static string Str(int i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Str(long i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Known, and null or empty.</summary>
    public static bool IsKnownEmpty(Val<string?> v) => v.IsKnown && string.IsNullOrEmpty(v.Value);

    /// <summary>Known and non-empty; <paramref name="value"/> is the text.</summary>
    public static bool IsKnownText(Val<string?> v, out string value)
    {
        value = v.IsKnown ? v.Value ?? "" : "";
        return v.IsKnown && value.Length > 0;
    }

    public static IEnumerable<ContainerRef> Containers(PodModel pod, bool includeInit = true)
    {
        for (int i = 0; i < pod.Containers.Count; i++) yield return new ContainerRef(pod.Containers[i], i, false);
        if (!includeInit) yield break;
        for (int i = 0; i < pod.InitContainers.Count; i++) yield return new ContainerRef(pod.InitContainers[i], i, true);
    }

    /// <summary>Three-valued AND: false wins, then unknown.</summary>
    public static bool? And(bool? a, bool? b) => a == false || b == false ? false : a == true && b == true ? true : null;

    /// <summary>Namespaces are the same: both unset, or equal. Null when either is unknown.</summary>
    public static bool? SameNamespace(Val<string?> a, Val<string?> b)
    {
        if (!a.IsKnown || !b.IsKnown) return null;
        var x = string.IsNullOrEmpty(a.Value) ? null : a.Value;
        var y = string.IsNullOrEmpty(b.Value) ? null : b.Value;
        return string.Equals(x, y, StringComparison.Ordinal);
    }

    public static string NamespaceText(Val<string?> ns) =>
        ns.IsKnown && !string.IsNullOrEmpty(ns.Value) ? "namespace " + Quote(ns.Value) : "the default namespace";

    /// <summary>Known, complete and without entries or expressions.</summary>
    public static bool IsKnownEmpty(LabelMap map) => map.Entries.IsComplete && !map.HasExpressions && map.Entries.Count == 0;

    /// <summary>Renders labels as k=v,k2=v2, and a selector's expressions as the API machinery prints them (known entries, in order).</summary>
    public static string Render(LabelMap map)
    {
        var parts = new List<string>();
        foreach (var kv in map.ToDictionary()) parts.Add(kv.Key + "=" + kv.Value);
        foreach (var r in map.Expressions) parts.Add(r.ToString());
        return parts.Count == 0 ? "(none)" : string.Join(",", parts);
    }

    /// <summary>The anchor of the first entry or requirement of <paramref name="selector"/> that <paramref name="labels"/> fail, else the map's.</summary>
    public static object? MismatchAnchor(LabelMap selector, LabelMap labels)
    {
        var have = labels.ToDictionary();
        foreach (var e in selector.Entries)
            if (e.Key.IsKnown && e.Value.IsKnown && (!have.TryGetValue(e.Key.Value, out var v) || v != e.Value.Value))
                return e.Value.Anchor ?? e.Key.Anchor ?? selector.Anchor;
        foreach (var r in selector.Expressions)
            if (r.Matches(have) == false)
                return r.Anchor ?? r.Key.Anchor ?? selector.Anchor;
        return selector.Anchor;
    }

    /// <summary>
    /// True when <paramref name="selector"/> looks meant for the app's own pods: one of its matchLabels values or In values is a
    /// value of the pod labels, or the app's name (<c>app in (zk)</c> for pods labelled <c>app.kubernetes.io/name=zk</c>).
    /// </summary>
    public static bool MentionsOwnPods(LabelMap selector, AppModel app)
    {
        var own = new HashSet<string>(app.TemplateLabels.ToDictionary().Values, StringComparer.Ordinal);
        if (app.Name.IsKnown && !string.IsNullOrEmpty(app.Name.Value)) own.Add(app.Name.Value!);
        foreach (var kv in selector.ToDictionary())
            if (own.Contains(kv.Value)) return true;
        foreach (var r in selector.Expressions)
        {
            if (!r.Operator.IsEqualTo("In")) continue;
            foreach (var v in r.Values)
                if (v.IsKnown && own.Contains(v.Value)) return true;
        }
        return false;
    }

    /// <summary>A DNS-1123 label close to <paramref name="s"/>: lower case, other characters turned into '-', trimmed, at most <paramref name="max"/> characters.</summary>
    public static string SuggestLabel(string s, int max = 63)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var ch in s.ToLowerInvariant())
        {
            bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
            if (ok) sb.Append(ch);
            else if (sb.Length > 0 && sb[sb.Length - 1] != '-') sb.Append('-');
        }
        var r = sb.ToString();
        if (r.Length > max) r = r.Substring(0, max);
        r = r.Trim('-');
        return r.Length == 0 ? "app" : r;
    }

    public static bool IsNumeric(string s, out long n) => KubeNames.TryParsePortNumber(s, out n);
}
