using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Berth.Analyzers.Tests;

/// <summary>
/// The analyzer's work grows linearly with the apps of a compilation: each chain is read once, each app is checked
/// against the objects that can match it, not against every other one, and the rule engine is handed a bounded number of
/// objects per app. Counted (chains read, objects indexed and candidates looked up, objects handed to the rule engine),
/// never timed.
/// </summary>
public sealed class ScalingTests
{
    [Fact]
    public async Task Cross_object_work_grows_linearly_from_100_to_1000_apps()
    {
        var (work100, findings100, _) = await Analyze(100);
        var (work1000, findings1000, _) = await Analyze(1000);

        // Every app is indexed and looks up its governing Service: at least one unit of work per app.
        Assert.True(work100 >= 100, $"100 apps: {work100} units of cross-object work");
        var ratio = (double)work1000 / work100;
        Assert.True(ratio <= 10.5, $"cross-object work grew {ratio:F2}× from 100 apps ({work100}) to 1,000 apps ({work1000}); linear is 10×");

        // The cross-object rules still run: the dangling client Services and budgets of the generated apps are found.
        Assert.Equal(Dangling(100), findings100);
        Assert.Equal(Dangling(1000), findings1000);
    }

    [Fact]
    public async Task Each_chain_is_read_once_and_the_rule_engine_work_grows_linearly_from_100_to_1000_apps()
    {
        var (_, _, index100) = await Analyze(100);
        var (_, _, index1000) = await Analyze(1000);

        // Every app's chain is read once for the whole compilation (the index), not again when its own diagnostics are reported.
        Assert.Equal(100, index100.ChainsRead);
        Assert.Equal(1000, index1000.ChainsRead);

        // The rule engine sees each app with its own objects, then the few objects each may refer to: a bounded number per app.
        var perApp100 = index100.RuleEngineObjects / 100.0;
        var perApp1000 = index1000.RuleEngineObjects / 1000.0;
        Assert.True(perApp100 >= 1, $"100 apps: {index100.RuleEngineObjects} objects handed to the rule engine");
        Assert.True(perApp1000 <= perApp100 * 1.05,
            $"objects handed to the rule engine per app grew from {perApp100:F2} (100 apps) to {perApp1000:F2} (1,000 apps); linear keeps it constant");
    }

    /// <summary>The apps of <see cref="Source"/> whose client Service or budget selects nothing (BERTH054 + BERTH056).</summary>
    private static int Dangling(int apps) => Enumerable.Range(0, apps).Count(i => i % 7 == 0) * 2;

    private static async Task<(long Work, int CrossObjectFindings, AppIndex Index)> Analyze(int apps)
    {
        AppIndex? index = null;
        var compilation = Verify.Compile(Source(apps));
        var analyzer = new BerthAnalyzer(i => index = i);
        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(analyzer)).GetAnalyzerDiagnosticsAsync();
        Assert.NotNull(index);
        var crossObject = diagnostics.Count(d => d.Id is "BERTH054" or "BERTH056");
        return (index!.CrossObjectWork, crossObject, index);
    }

    /// <summary>
    /// Files of 100 apps: ten namespaces, a label shared by a tenth of the apps, a client Service on every other app and a
    /// budget on every third; every seventh app relabels its pods, so its client Service and budget select nothing.
    /// </summary>
    private static string[] Source(int apps) =>
        Enumerable.Range(0, apps / 100).Select(file =>
        {
            var text = new StringBuilder(Verify.Usings).Append("\n[Manifests]\npublic static partial class Fleet").Append(file).Append("\n{\n");
            for (int i = file * 100; i < (file + 1) * 100; i++)
            {
                var n = i.ToString("D5", CultureInfo.InvariantCulture);
                text.Append("    public static StatefulApp App").Append(n).Append(" { get; } = StatefulApp.Named(\"app-").Append(n).Append("\")")
                    .Append(".InNamespace(\"team-").Append(i % 10).Append("\")")
                    .Append(".Container(\"server\", \"registry.example/server:1.").Append(i % 7).Append("\")")
                    .Append(".Label(\"tier\", \"t").Append(i % 10).Append("\")");
                if (i % 7 == 0) text.Append(".Label(\"app\", \"other\").ClientService().DisruptionBudget(maxUnavailable: 1)");
                else
                {
                    if (i % 2 == 0) text.Append(".ClientService()");
                    if (i % 3 == 0) text.Append(".DisruptionBudget(maxUnavailable: 1)");
                }

                text.Append(";\n");
            }

            return text.Append("}\n").ToString();
        }).ToArray();
}
