using Berth.Rules.Model;

namespace Berth.Rules.Checks;

/// <summary>BERTH078: label keys must be qualified names and values valid label values.</summary>
internal static class LabelChecks
{
    public static void Run(Scope s, LabelMap? map, string field)
    {
        if (map == null) return;
        foreach (var e in map.Entries)
        {
            if (e.Key.IsKnown && !KubeNames.IsQualifiedName(e.Key.Value, out var kreason))
                s.Report(RuleCatalog.InvalidLabel, field,
                    $"the label key {Q.Quote(e.Key.Value)} in {field} is invalid ({kreason}); use an optional DNS prefix and '/', then at most 63 alphanumeric characters, '-', '_' or '.', e.g. \"app.kubernetes.io/name\".",
                    e.Key.Anchor, map.Anchor);
            if (e.Value.IsKnown && !KubeNames.IsValidLabelValue(e.Value.Value, out var vreason))
            {
                var key = e.Key.IsKnown ? e.Key.Value : "?";
                s.Report(RuleCatalog.InvalidLabel, field,
                    $"the label {key}={Q.Quote(e.Value.Value)} in {field} has an invalid value ({vreason}); use at most 63 alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric character.",
                    e.Value.Anchor, map.Anchor);
            }
        }
    }
}
