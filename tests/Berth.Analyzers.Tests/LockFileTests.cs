using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Berth.Planning;
using Berth.Registry;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Berth.Analyzers.Tests;

/// <summary>
/// BERTH098 and BERTH099 while typing: the lock file as an additional file (as the package's targets hand it to the compiler),
/// written by the build step's own code (<see cref="ManifestPlan"/> with a <see cref="ProjectLock"/>) from the definition as
/// it was; the analyzer reports a constant change at the argument, with the build step's message.
/// </summary>
public sealed class LockFileTests : IDisposable
{
    private const string LockPath = "/src/app/berth.lock.json";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "berth-analyzer-lock-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    private static StatefulApp Db(string size, string? storageClass = null) => StatefulApp.Named("db").InNamespace("data")
        .Container("db", "postgres:16.4", c => c.Mount("data", "/var/lib/postgresql/data"))
        .VolumeClaim("data", size, storageClass: storageClass);

    private static string Source(string size, string storageClass = "null") => Verify.App(
        "StatefulApp.Named(\"db\").InNamespace(\"data\")\n" +
        "    .Container(\"db\", \"postgres:16.4\", c => c.Mount(\"data\", \"/var/lib/postgresql/data\"))\n" +
        $"    .VolumeClaim(\"data\", {size}, storageClass: {storageClass})");

    /// <summary>The lock the build step writes for <paramref name="app"/> as <c>Infra.App</c>, and what it says about <paramref name="now"/>.</summary>
    private (string Lock, PlanDiagnostic[] BuildStep) Build(StatefulApp app, StatefulApp now)
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "berth.lock.json");
        var projectLock = ProjectLock.Load(path);
        var first = ManifestPlan.Create(new[] { PlannedApp.Create(new ManifestEntry("Infra", "App", null, null, 0, () => app)) }, projectLock: projectLock);
        projectLock.Write(first.LockResult!);
        var second = ManifestPlan.Create(new[] { PlannedApp.Create(new ManifestEntry("Infra", "App", null, null, 0, () => now)) }, projectLock: ProjectLock.Load(path));
        return (File.ReadAllText(path), second.Diagnostics.Where(d => d.Id.StartsWith("BERTH09", StringComparison.Ordinal) && d.Id != "BERTH092").ToArray());
    }

    private static async Task<Diagnostic[]> Analyze(string lockText, params string[] sources)
    {
        var compilation = Verify.Compile(sources);
        var options = new AnalyzerOptions(ImmutableArray.Create<AdditionalText>(new LockText(LockPath, lockText)));
        var analyzed = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new BerthAnalyzer()), options);
        return (await analyzed.GetAnalyzerDiagnosticsAsync()).Where(d => d.Id is "BERTH098" or "BERTH099").ToArray();
    }

    [Fact]
    public async Task A_constant_claim_size_changed_against_the_lock_is_reported_at_the_argument_with_the_build_steps_message()
    {
        var (lockText, buildStep) = Build(Db("20Gi"), Db("30Gi"));
        var source = Source("\"30Gi\"");

        var d = Assert.Single(await Analyze(lockText, source));
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("\"30Gi\"", source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
        var message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Assert.Single(buildStep).Message, message);
        Assert.StartsWith("Infra.App: claim template data requests 30Gi, but berth.lock.json has 20Gi", message);
        Assert.Contains("'berth resize db data 30Gi'", message);
    }

    [Fact]
    public async Task A_storage_class_change_is_reported_at_its_argument()
    {
        var (lockText, _) = Build(Db("20Gi"), Db("20Gi", "fast"));
        var source = Source("\"20Gi\"", "\"fast\"");
        var d = Assert.Single(await Analyze(lockText, source));
        Assert.Equal("\"fast\"", source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
    }

    [Fact]
    public async Task The_locked_values_a_value_the_compiler_cannot_know_and_an_app_not_in_the_lock_are_quiet()
    {
        var (lockText, _) = Build(Db("20Gi"), Db("20Gi"));
        Assert.Empty(await Analyze(lockText, Source("\"20Gi\"")));
        Assert.Empty(await Analyze(lockText, Source("Environment.GetEnvironmentVariable(\"SIZE\") ?? \"30Gi\"")));
        Assert.Empty(await Analyze(lockText, Source("\"30Gi\"").Replace("StatefulApp App {", "StatefulApp Other {")));
        Assert.Empty(await Analyze(lockText.Replace("\"Infra.App\"", "\"Infra.Gone\""), Source("\"30Gi\"")));
    }

    [Fact]
    public async Task A_lock_with_a_merge_conflict_is_reported_on_its_line()
    {
        var (lockText, _) = Build(Db("20Gi"), Db("20Gi"));
        var lines = lockText.Split('\n').ToList();
        var size = lines.FindIndex(l => l.Contains("\"size\"", StringComparison.Ordinal));
        lines.Insert(size, "<<<<<<< HEAD");
        var d = Assert.Single(await Analyze(string.Join("\n", lines), Source("\"20Gi\"")));
        Assert.Equal("BERTH099", d.Id);
        Assert.Equal(LockPath, d.Location.GetLineSpan().Path);
        Assert.Equal(size, d.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains($"berth.lock.json cannot be read (line {size + 1}: a merge conflict marker", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    private sealed class LockText : AdditionalText
    {
        private readonly string _text;

        public LockText(string path, string text)
        {
            Path = path;
            _text = text;
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(_text);
    }
}
