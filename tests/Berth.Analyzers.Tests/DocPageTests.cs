using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Berth.Rules;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Berth.Analyzers.Tests;

/// <summary>
/// Every page of docs/diagnostics is checked against the code: its "Bad" example compiles and yields the page's ID with the
/// exact message of its "Reported as" block, at build time and (where the analyzer can read the definition) at compile time;
/// its "Fixed" example compiles and yields neither.
/// </summary>
public sealed class DocPageTests
{
    /// <summary>Rules only the build step can decide: they look at values the DSL sets without an argument the analyzer reads.</summary>
    private static readonly string[] BuildTimeOnly = { "BERTH005", "BERTH006" };

    /// <summary>Rules no definition can trigger yet (the page says so): a ServiceAccount cannot be declared with an app.</summary>
    private static readonly string[] NotReachableYet = { "BERTH057" };

    private static readonly string DocsDir = FindDocs();

    /// <summary>The pages whose examples are checked here; the lock file's rules need a lock beside the example (LockFileTests).</summary>
    public static IEnumerable<object[]> Pages() =>
        RuleCatalog.All.Where(r => r.Scope is not (RuleScope.LiveObject or RuleScope.LockFile) && !NotReachableYet.Contains(r.Id)).Select(r => new object[] { r.Id });

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_bad_example_yields_the_page_id_and_message(string id)
    {
        var page = Page.Read(id);
        var source = Source(page.Bad);
        var expected = page.Reported;
        Assert.NotEmpty(expected);
        var rule = RuleCatalog.Find(id)!;

        var analyzerOnly = rule.Scope is RuleScope.Declaration or RuleScope.AnalyzerReach or RuleScope.BuildInputs;
        var buildTime = analyzerOnly ? new List<RuleViolation>() : ParityTests.RunAndValidateAll(source, page.BadVersion);
        foreach (var (severity, message) in expected)
        {
            Assert.Equal(rule.Severity.ToString().ToLowerInvariant(), severity);
            if (analyzerOnly) continue; // a declaration rule or the analyzers' own reach: the analyzer alone reports it
            Assert.True(buildTime.Any(v => v.Id == id && v.Message == message),
                $"{id}.md: the build step does not report\n  {message}\nIt reports:\n  " + string.Join("\n  ", buildTime.Where(v => v.Id == id).Select(v => v.Message)));
        }

        // At compile time: where the analyzer can read the definition it must report the same lines (a page may show only
        // some of the findings of its ID); where it cannot (a Customize lambda), whatever it does report must be on the page too.
        var compileTime = (await Verify.DiagnosticsFor(page.BadVersion, source)).Where(d => d.Id == id).ToList();
        var texts = compileTime.Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var readable = !page.Bad.Contains(".Customize(", StringComparison.Ordinal) && !BuildTimeOnly.Contains(id);
        if (readable || compileTime.Count > 0)
            foreach (var (_, message) in expected)
                Assert.True(texts.Contains(message), $"{id}.md: the analyzer does not report\n  {message}\nIt reports:\n  " + string.Join("\n  ", texts));
        foreach (var d in compileTime)
            Assert.Equal(rule.Severity switch { RuleSeverity.Error => DiagnosticSeverity.Error, RuleSeverity.Warning => DiagnosticSeverity.Warning, _ => DiagnosticSeverity.Info }, d.Severity);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_fixed_example_yields_neither(string id)
    {
        var page = Page.Read(id);
        var source = Source(page.Fixed);
        if (RuleCatalog.Find(id)!.Scope is not (RuleScope.Declaration or RuleScope.AnalyzerReach or RuleScope.BuildInputs))
            Assert.DoesNotContain(ParityTests.RunAndValidateAll(source, page.FixedVersion), v => v.Id == id);
        Assert.DoesNotContain(await Verify.DiagnosticsWithInputs(page.FixedVersion, page.FixedInputs, source), d => d.Id == id);
    }

    [Fact]
    public void Every_page_links_to_the_code_of_its_check()
    {
        foreach (var rule in RuleCatalog.All)
        {
            var text = File.ReadAllText(Path.Combine(DocsDir, rule.Id + ".md"));
            var section = Regex.Match(text, @"## Where it is checked\n\n(.*)\n");
            Assert.True(section.Success, rule.Id + ".md has no \"Where it is checked\" section");
            var field = typeof(RuleCatalog).GetFields().Single(f => ReferenceEquals(f.GetValue(null), rule)).Name;
            var links = Regex.Matches(section.Groups[1].Value, @"\]\(\.\./\.\./([^)]+)\)").Select(m => m.Groups[1].Value).ToList();
            Assert.NotEmpty(links);
            foreach (var link in links)
            {
                var file = Path.Combine(DocsDir, "..", "..", link);
                Assert.True(File.Exists(file), rule.Id + ".md links to a missing file: " + link);
                Assert.Contains("RuleCatalog." + field, File.ReadAllText(file));
            }
        }
    }

    [Fact]
    public void Every_build_step_code_has_a_page_that_links_to_where_it_is_reported()
    {
        var codes = typeof(WriterCodes).GetFields().Where(f => f.IsLiteral).ToList();
        Assert.NotEmpty(codes);
        var index = File.ReadAllText(Path.Combine(DocsDir, "README.md"));
        foreach (var field in codes)
        {
            var id = (string)field.GetRawConstantValue()!;
            var path = Path.Combine(DocsDir, id + ".md");
            Assert.True(File.Exists(path), $"docs/diagnostics/{id}.md is missing (WriterCodes.{field.Name})");
            var text = File.ReadAllText(path);
            Assert.StartsWith($"# {id}: ", text, StringComparison.Ordinal);
            Assert.Contains($"[{id}]({id}.md)", index, StringComparison.Ordinal);
            Assert.Contains($"error {id}: ", text, StringComparison.Ordinal);
            var section = Regex.Match(text, @"## Where it is checked\n\n((?:.+\n)+)");
            Assert.True(section.Success, id + ".md has no \"Where it is checked\" section");
            var links = Regex.Matches(section.Groups[1].Value, @"\]\(\.\./\.\./([^)]+)\)").Select(m => m.Groups[1].Value).ToList();
            Assert.NotEmpty(links);
            foreach (var link in links)
            {
                var file = Path.Combine(DocsDir, "..", "..", link);
                Assert.True(File.Exists(file), id + ".md links to a missing file: " + link);
                var code = File.ReadAllText(file);
                Assert.True(code.Contains("WriterCodes." + field.Name, StringComparison.Ordinal) || code.Contains($"\"{id}\"", StringComparison.Ordinal),
                    $"{id}.md links to {link}, which does not report {id}");
            }
        }
    }

    /// <summary>The example as a compilable source: one app member of a [Manifests] class, or the page's own declaration.</summary>
    private static string Source(string example) =>
        "using System.Collections.Generic;\nusing k8s.Models;\n" + (example.StartsWith("[Manifests]", StringComparison.Ordinal)
            ? Verify.Usings + example
            : Verify.App(example.Trim().TrimEnd(';')));

    private static string FindDocs()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Dsl.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Dsl.sln not found"), "docs", "diagnostics");
    }

    /// <summary>
    /// The parts of a page the test reads. The format every page follows: a <c>## Bad</c> section with one <c>csharp</c> block,
    /// then <c>Reported as:</c> and one <c>text</c> block of <c>severity ID: message</c> lines, then a <c>## Fixed</c> section
    /// with one <c>csharp</c> block.
    /// </summary>
    /// <remarks>
    /// A page about the target Kubernetes version names it as <c>&lt;BerthKubernetesVersion&gt;1.25&lt;/BerthKubernetesVersion&gt;</c>
    /// in its Bad section (and, when it differs, before the code of its Fixed section); the examples are checked against it.
    /// A page about build inputs names the inputs its Fixed example declares as <c>&lt;BerthInput Include="env:NAME" /&gt;</c>
    /// before its code.
    /// </remarks>
    private sealed record Page(string Bad, IReadOnlyList<(string Severity, string Message)> Reported, string Fixed, string? BadVersion = null, string? FixedVersion = null, string? FixedInputs = null)
    {
        public static Page Read(string id)
        {
            var text = File.ReadAllText(Path.Combine(DocsDir, id + ".md")).Replace("\r\n", "\n");
            var bad = Section(text, "## Bad");
            var fixedPart = Section(text, "## Fixed");
            var code = Regex.Match(bad, "```csharp\n(.*?)```", RegexOptions.Singleline);
            var reported = Regex.Match(bad, "Reported as:\\s*\n\\s*```text\n(.*?)```", RegexOptions.Singleline);
            var good = Regex.Match(fixedPart, "```csharp\n(.*?)```", RegexOptions.Singleline);
            Assert.True(code.Success && reported.Success && good.Success, id + ".md does not follow the Bad / Reported as / Fixed format");
            var lines = reported.Groups[1].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => Regex.Match(l, "^(error|warning|info) " + id + ": (.*)$"))
                .Select(m =>
                {
                    Assert.True(m.Success, id + ".md: a \"Reported as\" line is not \"<severity> " + id + ": <message>\"");
                    return (m.Groups[1].Value, m.Groups[2].Value);
                })
                .ToList();
            var badVersion = Version(bad.Substring(0, code.Index));
            var inputs = Regex.Matches(fixedPart.Substring(0, good.Index), "<BerthInput Include=\"([^\"]+)\" />").Select(m => m.Groups[1].Value).ToList();
            return new Page(code.Groups[1].Value, lines, good.Groups[1].Value, badVersion, Version(fixedPart.Substring(0, good.Index)) ?? badVersion,
                inputs.Count > 0 ? string.Join("|", inputs) : null);
        }

        private static string? Version(string text)
        {
            var match = Regex.Match(text, "<BerthKubernetesVersion>([^<]*)</BerthKubernetesVersion>");
            return match.Success ? match.Groups[1].Value : null;
        }

        private static string Section(string text, string heading)
        {
            var start = text.IndexOf(heading + "\n", StringComparison.Ordinal);
            Assert.True(start >= 0, "no " + heading);
            var next = text.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
            return next < 0 ? text.Substring(start) : text.Substring(start, next - start);
        }
    }
}
