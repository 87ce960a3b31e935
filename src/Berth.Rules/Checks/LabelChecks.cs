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
