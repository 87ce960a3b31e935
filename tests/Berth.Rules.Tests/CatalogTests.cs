using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Berth.Rules.Tests;

public sealed class CatalogTests
{
    private static readonly string DocsDir = Path.Combine(RepoRoot(), "docs", "diagnostics");

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Dsl.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Dsl.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Ids_are_unique_and_well_formed()
    {
        var ids = RuleCatalog.All.Select(r => r.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(ids, id => Assert.Matches("^BERTH[0-9]{3}$", id));
        Assert.Equal(ids.OrderBy(i => i, StringComparer.Ordinal), ids);
    }

    [Fact]
    public void Every_rule_has_a_title_a_one_sentence_description_and_a_known_category()
    {
        Assert.All(RuleCatalog.All, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.Title), r.Id);
            Assert.EndsWith(".", r.Description);
            Assert.DoesNotMatch(@"\.\s+[A-Z]", r.Description); // one sentence
            Assert.Contains(r.Category, new[] { "Correctness", "Reliability", "Hygiene", "Security", "Build" });
        });
    }

    [Fact]
    public void Every_public_field_is_in_All_and_Find_finds_it()
    {
        var fields = typeof(RuleCatalog).GetFields().Where(f => f.FieldType == typeof(Rule)).Select(f => (Rule)f.GetValue(null)!).ToList();
        Assert.Equal(fields.Count, RuleCatalog.All.Count);
        Assert.All(fields, r => Assert.Contains(r, RuleCatalog.All));
        Assert.All(RuleCatalog.All, r => Assert.Same(r, RuleCatalog.Find(r.Id)));
        Assert.Same(RuleCatalog.SelectorMissing, RuleCatalog.Find("berth001"));
        Assert.Null(RuleCatalog.Find("BERTH999"));
    }

    [Fact]
    public void The_client_rule_is_reserved()
    {
        var r = RuleCatalog.Find("BERTH027");
        Assert.NotNull(r);
        Assert.Equal("Immutable StatefulSet field changed", r!.Title);
        Assert.Equal(RuleSeverity.Error, r.Severity);
    }

    [Theory]
    [InlineData("BERTH004", RuleSeverity.Error)]
    [InlineData("BERTH046", RuleSeverity.Info)]
    [InlineData("BERTH055", RuleSeverity.Warning)]
    [InlineData("BERTH070", RuleSeverity.Warning)]
    [InlineData("BERTH071", RuleSeverity.Warning)]
    [InlineData("BERTH051", RuleSeverity.Warning)]
    [InlineData("BERTH078", RuleSeverity.Error)]
    public void Severities_follow_the_catalog(string id, RuleSeverity severity) => Assert.Equal(severity, RuleCatalog.Find(id)!.Severity);

    [Fact]
    public void Help_links_end_with_the_page_name()
    {
        Assert.All(RuleCatalog.All, r => Assert.EndsWith("/docs/diagnostics/" + r.Id + ".md", r.HelpLink));
    }

    [Fact]
    public void Every_rule_has_a_page()
    {
        Assert.All(RuleCatalog.All, r => Assert.True(File.Exists(Path.Combine(DocsDir, r.Id + ".md")), "missing docs/diagnostics/" + r.Id + ".md"));
    }

    [Fact]
    public void Every_page_belongs_to_a_rule_or_a_build_step_code()
    {
        var pages = Directory.GetFiles(DocsDir, "*.md").Select(Path.GetFileNameWithoutExtension).Where(n => n != "README").ToList();
        var writerCodes = typeof(WriterCodes).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToHashSet();
        Assert.NotEmpty(pages);
        Assert.All(pages, p => Assert.True((RuleCatalog.Find(p!) != null && RuleCatalog.Find(p!)!.Id == p) || writerCodes.Contains(p!),
            p + ".md has no rule in the catalog and is no build-step code (WriterCodes)"));
    }

    [Fact]
    public void Every_page_has_the_rule_title_severity_and_sections()
    {
        Assert.All(RuleCatalog.All, r =>
        {
            var text = File.ReadAllText(Path.Combine(DocsDir, r.Id + ".md"));
            Assert.StartsWith("# " + r.Id + ": " + r.Title, text);
            Assert.Contains("Severity: " + r.Severity, text);
            Assert.Contains("#pragma warning disable " + r.Id, text);
            Assert.Contains("dotnet_diagnostic." + r.Id + ".severity = none", text);
            if (r.Id != "BERTH027")
            {
                Assert.Contains("## Bad", text);
                Assert.Contains("## Fixed", text);
            }
        });
    }

    [Fact]
    public void The_index_lists_every_rule()
    {
        var index = File.ReadAllText(Path.Combine(DocsDir, "README.md"));
        Assert.All(RuleCatalog.All, r =>
            Assert.Matches(new Regex(@"\|\s*\[" + r.Id + @"\]\(" + r.Id + @"\.md\)\s*\|\s*" + r.Severity + @"\s*\|\s*" + Regex.Escape(r.Title.Replace("|", "\\|")) + @"\s*\|"), index));
    }
}
