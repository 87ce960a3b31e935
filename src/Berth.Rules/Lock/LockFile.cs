using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Berth.Rules.Model;

namespace Berth.Rules.Lock;

/// <summary>
/// The lock file of a project (<c>berth.lock.json</c> beside the project file, committed): the fields of each app that a
/// live StatefulSet cannot change. The build writes it, and fails (BERTH098) when a definition changes one of them
/// against it; the analyzers report the same while typing. The format is described in docs/guides/lock-file.md: JSON, two
/// spaces of indent, one field per line, apps sorted by definition and variant, claims by name, labels by key, so a change
/// reads as a small diff in review.
/// </summary>
public sealed class LockFile
{
    /// <summary>The file name beside the project file.</summary>
    public const string DefaultFileName = "berth.lock.json";

    /// <summary>The format version this code reads and writes.</summary>
    public const int FormatVersion = 1;

    private const string About = "Fields the live StatefulSets cannot change, written by the build; commit this file. A change to them fails the build (BERTH098); accept one with 'dotnet build -p:BerthUpdateLock=true' or 'berth lock update'. Format: docs/guides/lock-file.md";

    /// <summary>Creates a lock of <paramref name="apps"/> (sorted by key; one entry per key).</summary>
    public LockFile(IEnumerable<LockedApp> apps) =>
        Apps = apps.GroupBy(a => a.Key, StringComparer.Ordinal).Select(g => g.First())
            .OrderBy(a => a.Definition, StringComparer.Ordinal).ThenBy(a => a.Variant ?? string.Empty, StringComparer.Ordinal).ToList();

    /// <summary>The apps, sorted by definition then variant.</summary>
    public IReadOnlyList<LockedApp> Apps { get; }

    /// <summary>The entry of a definition and variant, or null.</summary>
    public LockedApp? Find(string definition, string? variant) =>
        Apps.FirstOrDefault(a => a.Definition == definition && a.Variant == variant);

    /// <summary>The entries of a definition: one per variant (one for a definition without variants).</summary>
    public IEnumerable<LockedApp> OfDefinition(string definition) => Apps.Where(a => a.Definition == definition);

    /// <summary>Reads a lock file's text (one that cannot be read is <see cref="RuleCatalog.LockFileUnreadable"/>, BERTH099).</summary>
    /// <exception cref="LockFileException">When the text is not a lock file of this version (with the line).</exception>
    public static LockFile Parse(string text)
    {
        if (text is null) throw new ArgumentNullException(nameof(text));
        if (!(LockJson.Parse(text) is LockJson.JsonObject root))
            throw new LockFileException(1, "the lock file must be a JSON object");
        if (!root.TryGet("berthLock", out var version) || !(version is long v))
            throw new LockFileException(root.Line, "\"berthLock\" (the format version) is missing");
        if (v != FormatVersion)
            throw new LockFileException(root.Line, $"\"berthLock\" is {v}, but this Berth reads version {FormatVersion}; update Berth, or rewrite the lock with -p:BerthUpdateLock=true");
        if (!root.TryGet("apps", out var apps) || !(apps is List<object?> list))
            throw new LockFileException(root.Line, "\"apps\" (a list) is missing");
        var result = new List<LockedApp>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list)
        {
            if (!(item is LockJson.JsonObject app))
                throw new LockFileException(root.Line, "each entry of \"apps\" must be an object");
            var locked = LockedApp.Read(app);
            if (!keys.Add(locked.Key))
                throw new LockFileException(app.Line, $"{locked.Key} is listed twice");
            result.Add(locked);
        }

        return new LockFile(result);
    }

    /// <summary>The file's text: stable (the same apps give the same bytes), sorted, '\n' line ends.</summary>
    public string Serialize()
    {
        var b = new StringBuilder();
        b.Append("{\n");
        b.Append("  \"berthLock\": ").Append(FormatVersion).Append(",\n");
        b.Append("  \"about\": ").Append(LockJson.Quote(About)).Append(",\n");
        if (Apps.Count == 0)
        {
            b.Append("  \"apps\": []\n}\n");
            return b.ToString();
        }

        b.Append("  \"apps\": [\n");
        for (var i = 0; i < Apps.Count; i++)
        {
            Apps[i].Write(b, "    ");
            b.Append(i < Apps.Count - 1 ? ",\n" : "\n");
        }

        b.Append("  ]\n}\n");
        return b.ToString();
    }
}

/// <summary>The locked fields of one app (one variant of a definition).</summary>
public sealed class LockedApp
{
    /// <summary>Creates an entry; lists are sorted here.</summary>
    public LockedApp(string definition, string? variant, string name, string? @namespace, IEnumerable<KeyValuePair<string, string>> selector,
        IEnumerable<string> selectorExpressions, string? serviceName, string podManagementPolicy, IEnumerable<LockedClaim> claims)
    {
        Definition = definition;
        Variant = variant;
        Name = name;
        Namespace = @namespace;
        Selector = selector.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        SelectorExpressions = selectorExpressions.OrderBy(e => e, StringComparer.Ordinal).ToList();
        ServiceName = serviceName;
        PodManagementPolicy = podManagementPolicy;
        Claims = claims.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The member that defines the app: the full name of the [Manifests] type, '.', the member ("Shop.Infra.Postgres").</summary>
    public string Definition { get; }

    /// <summary>The variant folder ("prod"), or null for a definition without variants.</summary>
    public string? Variant { get; }

    /// <summary>"Shop.Infra.Postgres", with " (prod)" for a variant.</summary>
    public string Key => Definition + (Variant is null ? string.Empty : " (" + Variant + ")");

    /// <summary><c>metadata.name</c>.</summary>
    public string Name { get; }

    /// <summary><c>metadata.namespace</c>; null when the definition sets none (the kubeconfig's namespace applies).</summary>
    public string? Namespace { get; }

    /// <summary><c>spec.selector.matchLabels</c>, sorted by key.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Selector { get; }

    /// <summary><c>spec.selector.matchExpressions</c>, each as text ("tier In (db, cache)"), sorted.</summary>
    public IReadOnlyList<string> SelectorExpressions { get; }

    /// <summary><c>spec.serviceName</c>.</summary>
    public string? ServiceName { get; }

    /// <summary><c>spec.podManagementPolicy</c> (OrderedReady when the definition leaves the default).</summary>
    public string PodManagementPolicy { get; }

    /// <summary><c>spec.volumeClaimTemplates</c>, sorted by name.</summary>
    public IReadOnlyList<LockedClaim> Claims { get; }

    /// <summary>The selector as one line: "a=1, b=2; tier In (db)" ("(none)" when empty).</summary>
    public string SelectorText => SelectorTextOf(Selector, SelectorExpressions);

    /// <summary>
    /// The entry of an app of the model when every locked field is known (the build step's model always is); null otherwise.
    /// </summary>
    public static LockedApp? From(AppModel app, string definition, string? variant)
    {
        if (app is null) throw new ArgumentNullException(nameof(app));
        if (!app.Name.IsKnown || app.Name.Value is null || !app.Namespace.IsKnown || !app.ServiceName.IsKnown || !app.PodManagementPolicy.IsKnown)
            return null;
        var selector = SelectorOf(app.Selector);
        if (selector is null || !app.ClaimTemplates.IsComplete)
            return null;
        var claims = new List<LockedClaim>();
        foreach (var claim in app.ClaimTemplates)
        {
            var locked = LockedClaim.From(claim);
            if (locked is null)
                return null;
            claims.Add(locked);
        }

        return new LockedApp(definition, variant, app.Name.Value, app.Namespace.Value, selector.Value.Labels, selector.Value.Expressions,
            app.ServiceName.Value, PolicyOf(app.PodManagementPolicy.Value), claims);
    }

    /// <summary>The same entry for another definition or variant (a member renamed in C#).</summary>
    public LockedApp WithDefinition(string definition, string? variant) =>
        new(definition, variant, Name, Namespace, Selector, SelectorExpressions, ServiceName, PodManagementPolicy, Claims);

    /// <summary>The same entry with the size of one claim changed (after <c>berth resize</c>).</summary>
    public LockedApp WithClaimSize(string claim, string size) =>
        new(Definition, Variant, Name, Namespace, Selector, SelectorExpressions, ServiceName, PodManagementPolicy,
            Claims.Select(c => c.Name == claim ? new LockedClaim(c.Name, size, c.StorageClassName, c.AccessModes) : c));

    /// <summary>podManagementPolicy as locked: the default written out.</summary>
    internal static string PolicyOf(string? policy) => string.IsNullOrEmpty(policy) ? "OrderedReady" : policy!;

    /// <summary>matchLabels and matchExpressions (as text) of a fully known selector; null when some part is unknown.</summary>
    internal static (List<KeyValuePair<string, string>> Labels, List<string> Expressions)? SelectorOf(LabelMap? selector)
    {
        var labels = new List<KeyValuePair<string, string>>();
        var expressions = new List<string>();
        if (selector is null)
            return (labels, expressions);
        if (!selector.IsFullyKnown)
            return null;
        foreach (var e in selector.Entries)
            labels.Add(new KeyValuePair<string, string>(e.Key.Value, e.Value.Value));
        foreach (var r in selector.Expressions)
        {
            var values = r.Values.Select(x => x.Value).ToList();
            expressions.Add(r.Key.Value + " " + r.Operator.Value + (values.Count == 0 ? string.Empty : " (" + string.Join(", ", values) + ")"));
        }

        return (labels, expressions);
    }

    internal static string SelectorTextOf(IEnumerable<KeyValuePair<string, string>> labels, IEnumerable<string> expressions)
    {
        var text = string.Join(", ", labels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));
        var exprs = string.Join(", ", expressions.OrderBy(e => e, StringComparer.Ordinal));
        if (exprs.Length > 0)
            text = text.Length == 0 ? exprs : text + "; " + exprs;
        return text.Length == 0 ? "(none)" : text;
    }

    internal static LockedApp Read(LockJson.JsonObject o)
    {
        var definition = Text(o, "definition", required: true)!;
        var selector = new List<KeyValuePair<string, string>>();
        if (o.TryGet("selector", out var s) && s != null)
        {
            if (!(s is LockJson.JsonObject map))
                throw new LockFileException(o.Line, $"{definition}: \"selector\" must be an object of labels");
            foreach (var m in map.Members)
                selector.Add(new KeyValuePair<string, string>(m.Key, m.Value as string ?? throw new LockFileException(map.Line, $"{definition}: the selector label {m.Key} must be a string")));
        }

        var claims = new List<LockedClaim>();
        foreach (var c in List(o, "volumeClaimTemplates", definition))
        {
            if (!(c is LockJson.JsonObject claim))
                throw new LockFileException(o.Line, $"{definition}: each entry of \"volumeClaimTemplates\" must be an object");
            claims.Add(new LockedClaim(Text(claim, "name", required: true)!, Text(claim, "size", required: true)!, Text(claim, "storageClassName", required: false),
                Strings(claim, "accessModes", definition)));
        }

        return new LockedApp(definition, Text(o, "variant", required: false), Text(o, "name", required: true)!, Text(o, "namespace", required: false), selector,
            Strings(o, "selectorExpressions", definition), Text(o, "serviceName", required: false), PolicyOf(Text(o, "podManagementPolicy", required: false)), claims);
    }

    internal void Write(StringBuilder b, string indent)
    {
        var i2 = indent + "  ";
        b.Append(indent).Append("{\n");
        b.Append(i2).Append("\"definition\": ").Append(LockJson.Quote(Definition)).Append(",\n");
        if (Variant != null)
            b.Append(i2).Append("\"variant\": ").Append(LockJson.Quote(Variant)).Append(",\n");
        b.Append(i2).Append("\"name\": ").Append(LockJson.Quote(Name)).Append(",\n");
        b.Append(i2).Append("\"namespace\": ").Append(LockJson.Quote(Namespace)).Append(",\n");
        if (Selector.Count == 0)
        {
            b.Append(i2).Append("\"selector\": {},\n");
        }
        else
        {
            b.Append(i2).Append("\"selector\": {\n");
            for (var i = 0; i < Selector.Count; i++)
                b.Append(i2).Append("  ").Append(LockJson.Quote(Selector[i].Key)).Append(": ").Append(LockJson.Quote(Selector[i].Value)).Append(i < Selector.Count - 1 ? ",\n" : "\n");
            b.Append(i2).Append("},\n");
        }

        if (SelectorExpressions.Count > 0)
            b.Append(i2).Append("\"selectorExpressions\": ").Append(InlineList(SelectorExpressions)).Append(",\n");
        b.Append(i2).Append("\"serviceName\": ").Append(LockJson.Quote(ServiceName)).Append(",\n");
        b.Append(i2).Append("\"podManagementPolicy\": ").Append(LockJson.Quote(PodManagementPolicy)).Append(",\n");
        if (Claims.Count == 0)
        {
            b.Append(i2).Append("\"volumeClaimTemplates\": []\n");
        }
        else
        {
            b.Append(i2).Append("\"volumeClaimTemplates\": [\n");
            for (var i = 0; i < Claims.Count; i++)
            {
                var c = Claims[i];
                var i3 = i2 + "  ";
                b.Append(i3).Append("{\n");
                b.Append(i3).Append("  \"name\": ").Append(LockJson.Quote(c.Name)).Append(",\n");
                b.Append(i3).Append("  \"size\": ").Append(LockJson.Quote(c.Size)).Append(",\n");
                b.Append(i3).Append("  \"storageClassName\": ").Append(LockJson.Quote(c.StorageClassName)).Append(",\n");
                b.Append(i3).Append("  \"accessModes\": ").Append(InlineList(c.AccessModes)).Append('\n');
                b.Append(i3).Append(i < Claims.Count - 1 ? "},\n" : "}\n");
            }

            b.Append(i2).Append("]\n");
        }

        b.Append(indent).Append('}');
    }

    private static string InlineList(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(LockJson.Quote)) + "]";

    private static string? Text(LockJson.JsonObject o, string key, bool required)
    {
        if (!o.TryGet(key, out var value) || value is null)
        {
            if (required)
                throw new LockFileException(o.Line, $"an entry has no \"{key}\"");
            return null;
        }

        return value as string ?? throw new LockFileException(o.Line, $"\"{key}\" must be a string");
    }

    private static List<object?> List(LockJson.JsonObject o, string key, string definition)
    {
        if (!o.TryGet(key, out var value) || value is null)
            return new List<object?>();
        return value as List<object?> ?? throw new LockFileException(o.Line, $"{definition}: \"{key}\" must be a list");
    }

    private static List<string> Strings(LockJson.JsonObject o, string key, string definition) =>
        List(o, key, definition).Select(v => v as string ?? throw new LockFileException(o.Line, $"{definition}: \"{key}\" must be a list of strings")).ToList();
}

/// <summary>The locked fields of one claim template.</summary>
public sealed class LockedClaim
{
    /// <summary>Creates a claim entry (access modes sorted).</summary>
    public LockedClaim(string name, string size, string? storageClassName, IEnumerable<string> accessModes)
    {
        Name = name;
        Size = size;
        StorageClassName = storageClassName;
        AccessModes = accessModes.OrderBy(m => m, StringComparer.Ordinal).ToList();
    }

    /// <summary><c>metadata.name</c>.</summary>
    public string Name { get; }

    /// <summary><c>spec.resources.requests.storage</c> as written ("20Gi").</summary>
    public string Size { get; }

    /// <summary><c>spec.storageClassName</c>; null for the cluster's default class.</summary>
    public string? StorageClassName { get; }

    /// <summary><c>spec.accessModes</c>, sorted.</summary>
    public IReadOnlyList<string> AccessModes { get; }

    internal static LockedClaim? From(ClaimTemplateModel claim)
    {
        if (!claim.Name.IsKnown || claim.Name.Value is null || !claim.Storage.IsKnown || claim.Storage.Value is null || !claim.StorageClass.IsKnown)
            return null;
        var modes = ModesOf(claim.AccessModes);
        return modes is null ? null : new LockedClaim(claim.Name.Value, claim.Storage.Value, claim.StorageClass.Value, modes);
    }

    internal static List<string>? ModesOf(ItemList<Val<string?>> modes)
    {
        if (!modes.IsComplete)
            return null;
        var result = new List<string>();
        foreach (var m in modes)
        {
            if (!m.IsKnown)
                return null;
            if (m.Value != null)
                result.Add(m.Value);
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }
}

/// <summary>A lock file that cannot be read: the line and what is wrong.</summary>
public sealed class LockFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LockFileException(int line, string reason)
        : base($"line {line}: {reason}")
    {
        Line = line;
        Reason = reason;
    }

    /// <summary>The 1-based line.</summary>
    public int Line { get; }

    /// <summary>What is wrong.</summary>
    public string Reason { get; }
}
