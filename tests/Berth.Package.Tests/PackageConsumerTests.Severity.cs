using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Berth.Package.Tests;

/// <summary>The project's severity settings apply to the build step's reports as they apply to the analyzers'.</summary>
public sealed partial class PackageConsumerTests
{
    // The image tag is computed, so only the build step sees "latest" (BERTH070, a warning by default), at the .Container( call (line 10, column 10).
    private const string LatestInfra = """
        using Berth;

        namespace Consumer;

        [Manifests]
        public static partial class Infra
        {
            public static StatefulApp Web => StatefulApp.Named("web")
                .Replicas(2)
                .Container("web", string.Concat("nginx:", "latest"), c => c
                    .Port("http", 80)
                    .Requests(cpu: "10m", memory: "16Mi").Limits(memory: "32Mi")
                    .Readiness(Probe.Tcp("http")))
                .SpreadAcrossNodes();
        }
        """;

    [Fact]
    public async Task Editorconfig_globalconfig_and_NoWarn_severities_apply_to_the_build_steps_reports()
    {
        var project = _package.CreateProject("SeverityApp", "Library", ("Infra.cs", LatestInfra));
        var web = Path.Combine(Manifests(project), "web.yaml");
        var source = Path.Combine(project, "Infra.cs");
        string[] Lines(CliResult result, string code) => result.Output.Split('\n').Where(l => l.Contains(code)).Distinct().ToArray();

        var plain = await _package.RunAsync(project, NoInputs, "build");
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Contains(Lines(plain, "BERTH070"), l => l.Contains($"{source}(10,10): warning BERTH070:"));

        // none in an .editorconfig: not reported, and -warnaserror has nothing to fail on.
        var editorconfig = Path.Combine(project, ".editorconfig");
        File.WriteAllText(editorconfig, "root = true\n[*.cs]\ndotnet_diagnostic.BERTH070.severity = none\n");
        var none = await _package.RunAsync(project, NoInputs, "build", "-warnaserror");
        Assert.True(none.ExitCode == 0, none.ToString());
        Assert.True(Lines(none, "BERTH070").Length == 0, none.ToString());
        Assert.True(Lines(none, "manifest file(s) in").Length == 1, "the writer did not run again after the severity changed: " + none);
        Assert.True(File.Exists(web));

        // error in an .editorconfig, for a value only the build step knows: the build fails and the set writes nothing.
        File.WriteAllText(editorconfig, "root = true\n[*.cs]\ndotnet_diagnostic.BERTH070.severity = error\n");
        var error = await _package.RunAsync(project, NoInputs, "build");
        Assert.True(error.ExitCode != 0, "a severity of error from .editorconfig did not fail the build: " + error);
        Assert.Contains(Lines(error, "BERTH070"), l => l.Contains($"{source}(10,10): error BERTH070:"));
        Assert.False(File.Exists(web), "a set with an error left its file");

        // The same from a .globalconfig (found by the SDK next to the project).
        File.Delete(editorconfig);
        var globalconfig = Path.Combine(project, ".globalconfig");
        File.WriteAllText(globalconfig, "is_global = true\ndotnet_diagnostic.BERTH070.severity = error\n");
        var globalError = await _package.RunAsync(project, NoInputs, "build");
        Assert.True(globalError.ExitCode != 0, "a severity of error from .globalconfig did not fail the build: " + globalError);
        Assert.Contains(Lines(globalError, "BERTH070"), l => l.Contains("error BERTH070:"));
        File.WriteAllText(globalconfig, "is_global = true\ndotnet_diagnostic.BERTH070.severity = none\n");
        var globalNone = await _package.RunAsync(project, NoInputs, "build");
        Assert.True(globalNone.ExitCode == 0, globalNone.ToString());
        Assert.Empty(Lines(globalNone, "BERTH070"));
        Assert.True(File.Exists(web));

        // NoWarn, and TreatWarningsAsErrors, as the compiler takes them.
        File.Delete(globalconfig);
        var noWarn = await _package.RunAsync(project, NoInputs, "build", "-p:NoWarn=BERTH070");
        Assert.True(noWarn.ExitCode == 0, noWarn.ToString());
        Assert.Empty(Lines(noWarn, "BERTH070"));
        var asErrors = await _package.RunAsync(project, NoInputs, "build", "-p:TreatWarningsAsErrors=true");
        Assert.True(asErrors.ExitCode != 0, "TreatWarningsAsErrors did not fail the build: " + asErrors);
        Assert.Contains(Lines(asErrors, "BERTH070"), l => l.Contains("error BERTH070:"));
    }
}
