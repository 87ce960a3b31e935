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
        Run(s, app.Selector, "spec.selector.matchLabels", RuleCatalog.SelectorMissing);
        Run(s, app.TemplateLabels, "spec.template.metadata.labels");
        Run(s, app.Pod.NodeSelector, "spec.template.spec.nodeSelector");
        for (int i = 0; i < app.ClaimTemplates.Count; i++)
            Run(s, app.ClaimTemplates[i].Labels, "spec.volumeClaimTemplates[" + Q.Str(i) + "].metadata.labels");
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

    /// <summary>
    /// BERTH078 on the keys and values of a label map or selector; with <paramref name="selectorRule"/>, also the shape of each
    /// matchExpressions requirement (a supported operator; values for In and NotIn, none for Exists and DoesNotExist), reported
    /// under the rule of the object the selector belongs to.
    /// </summary>
    public static void Run(Scope s, LabelMap? map, string field, Rule? selectorRule = null)
    {
        if (map == null) return;
        for (int i = 0; i < map.Expressions.Count; i++)
        {
            var r = map.Expressions[i];
            var path = field.EndsWith(".matchLabels", System.StringComparison.Ordinal) ? field.Substring(0, field.Length - ".matchLabels".Length) : field;
            path += ".matchExpressions[" + Q.Str(i) + "]";
            if (r.Key.IsKnown && !KubeNames.IsQualifiedName(r.Key.Value, out var kreason) && s.Seen.Add("078 key " + r.Key.Value))
                s.Report(RuleCatalog.InvalidLabel, path + ".key",
                    $"the label key {Q.Quote(r.Key.Value)} in {path} is invalid ({kreason}); use the key of a pod label, e.g. \"app.kubernetes.io/name\".",
                    r.Key.Anchor, r.Anchor, map.Anchor);
            foreach (var v in r.Values)
                if (v.IsKnown && !KubeNames.IsValidLabelValue(v.Value, out var vreason) && s.Seen.Add("078 value " + r + "=" + v.Value))
                    s.Report(RuleCatalog.InvalidLabel, path + ".values",
                        $"the value {Q.Quote(v.Value)} in {path} is not a valid label value ({vreason}); use at most 63 alphanumeric characters, '-', '_' or '.'.",
                        v.Anchor, r.Anchor, map.Anchor);
            if (selectorRule == null || !r.Operator.IsKnown) continue;
            var op = r.Operator.Value;
            bool withValues = op == "In" || op == "NotIn";
            if (System.Array.IndexOf(SelectorRequirement.Operators, op) < 0)
                s.Report(selectorRule, path + ".operator",
                    $"the selector requirement {Q.Quote(r.ToString())} has operator {Q.Quote(op)} (Unsupported value; supported values: \"In\", \"NotIn\", \"Exists\", \"DoesNotExist\"); use one of those.",
                    r.Operator.Anchor, r.Anchor, map.Anchor);
            else if (withValues && r.Values.IsComplete && r.Values.Count == 0)
                s.Report(selectorRule, path + ".values",
                    $"the selector requirement {Q.Quote(r.ToString())} has no values (\"must be specified when `operator` is 'In' or 'NotIn'\"); list the label values, or use Exists.",
                    r.Anchor, map.Anchor);
            else if (!withValues && r.Values.Count > 0)
                s.Report(selectorRule, path + ".values",
                    $"the selector requirement {Q.Quote(r.ToString())} lists values with operator {op} (\"may not be specified when `operator` is 'Exists' or 'DoesNotExist'\"); remove the values, or use In.",
                    r.Anchor, map.Anchor);
        }
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
