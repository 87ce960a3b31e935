using System.Text;
using Berth.Rules.Model;

namespace Berth.Rules.Checks;

/// <summary>
/// BERTH078: label keys must be qualified names and values valid label values. The same bad key or value is reported
/// once per object, at its first place (labels flow into the selector, the template and the spreading terms).
/// </summary>
internal static class LabelChecks
{
    /// <summary>The app's own label maps, before any check that sees the same labels in a selector.</summary>
    public static void RunApp(Scope s, AppModel app)
    {
        Run(s, app.Labels, "metadata.labels");
        Run(s, app.Selector, "spec.selector.matchLabels");
        Run(s, app.TemplateLabels, "spec.template.metadata.labels");
    }

    /// <summary>The server's limit on the keys and values of one object's annotations together (<c>TotalAnnotationSizeLimitB</c>).</summary>
    public const int TotalAnnotationSizeLimit = 256 * 1024;

    /// <summary>BERTH079: the app's annotations and its pod template's annotations.</summary>
    public static void RunAnnotations(Scope s, AppModel app)
    {
        Annotations(s, app.Annotations, "metadata.annotations");
        Annotations(s, app.Pod.Annotations, "spec.template.metadata.annotations");
    }

    /// <summary>
    /// BERTH079 on one annotation map, as <c>ValidateAnnotations</c> checks it: each key is a qualified name once lower-cased
    /// (so upper case is allowed, '=' or spaces are not), and the bytes of all keys and values together stay within 256 KiB.
    /// </summary>
    public static void Annotations(Scope s, LabelMap map, string field)
    {
        long total = 0;
        bool allKnown = map.Entries.IsComplete;
        foreach (var e in map.Entries)
        {
            if (e.Key.IsKnown)
            {
                total += Encoding.UTF8.GetByteCount(e.Key.Value ?? "");
                if (!KubeNames.IsQualifiedName((e.Key.Value ?? "").ToLowerInvariant(), out var reason))
                    s.Report(RuleCatalog.InvalidAnnotation, field,
                        $"the annotation key {Q.Quote(e.Key.Value)} in {field} is invalid ({reason}); use an optional DNS prefix and '/', then at most 63 alphanumeric characters, '-', '_' or '.', e.g. \"example.com/backup-schedule\"; put free text in the value, not the key.",
                        e.Key.Anchor, map.Anchor);
            }
            else allKnown = false;
            if (e.Value.IsKnown) total += Encoding.UTF8.GetByteCount(e.Value.Value ?? "");
            else allKnown = false;
        }
        // Unknown entries only add bytes, so a known total over the limit is over it whatever they hold.
        if (total > TotalAnnotationSizeLimit)
            s.Report(RuleCatalog.InvalidAnnotation, field,
                $"the annotations in {field} take {Q.Str(total)} bytes" + (allKnown ? "" : " or more") + $", over the server's limit of {Q.Str(TotalAnnotationSizeLimit)} bytes (256 KiB) for all keys and values of one object (\"Too long\"); keep large data in a ConfigMap and reference it from the annotation.",
                map.Anchor);
    }

    public static void Run(Scope s, LabelMap? map, string field)
    {
        if (map == null) return;
        foreach (var e in map.Entries)
        {
            if (e.Key.IsKnown && !KubeNames.IsQualifiedName(e.Key.Value, out var kreason) && s.Seen.Add("078 key " + e.Key.Value))
                s.Report(RuleCatalog.InvalidLabel, field,
                    $"the label key {Q.Quote(e.Key.Value)} in {field} is invalid ({kreason}); use an optional DNS prefix and '/', then at most 63 alphanumeric characters, '-', '_' or '.', e.g. \"app.kubernetes.io/name\".",
                    e.Key.Anchor, map.Anchor);
            var key = e.Key.IsKnown ? e.Key.Value : "?";
            if (e.Value.IsKnown && !KubeNames.IsValidLabelValue(e.Value.Value, out var vreason) && s.Seen.Add("078 value " + key + "=" + e.Value.Value))
            {
                s.Report(RuleCatalog.InvalidLabel, field,
                    $"the label {key}={Q.Quote(e.Value.Value)} in {field} has an invalid value ({vreason}); use at most 63 alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric character.",
                    e.Value.Anchor, map.Anchor);
            }
        }
    }
}
