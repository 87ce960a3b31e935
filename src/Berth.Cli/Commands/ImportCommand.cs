using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Berth.Cli.Import;
using Berth.Cli.Output;
using Berth.Rules;

namespace Berth.Cli.Commands;

/// <summary><c>berth import</c>: existing YAML (kubectl, Helm or Kustomize output) to a [Manifests] C# file.</summary>
internal static class ImportCommand
{
    public static Command Import(CliApp cli)
    {
        var input = new Argument<string>("input") { Description = "A YAML or JSON file, a folder of them, or - for standard input (helm template … | berth import -)." };
        var className = new Option<string>("--class") { Description = "The name of the generated [Manifests] class.", HelpName = "name", DefaultValueFactory = _ => "Imported" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the C# file here instead of to stdout.", HelpName = "file" };
        var check = new Option<bool>("--check") { Description = "Fail (exit 1) unless the generated code renders the input objects again, equal after the documented defaulting rules." };
        var only = new Option<bool>("--only-statefulsets") { Description = "Leave out objects that belong to no StatefulSet (listed as skipped) instead of carrying them with the first app." };
        var command = new Command("import", "Write a [Manifests] C# file from existing StatefulSet YAML: the DSL's own methods where they express it, the rest kept verbatim; then compile it, prove the round trip and list the input's BERTH findings.")
        {
            input, className, output, check, only,
        };
        cli.SetHandler(command, async ctx =>
        {
            var source = ctx.Parse.GetValue(input)!;
            var notInput = new System.Collections.Generic.List<string>();
            var objects = ManifestInput.Read(source, ctx.WorkingDirectory, Console.In, notInput);
            foreach (var line in notInput)
                ctx.Console.Note("left out " + line);
            var result = Importer.Run(objects, source == "-" ? "standard input" : source, ctx.Parse.GetValue(className)!, ctx.NamespaceOption, ctx.Parse.GetValue(only));
            var console = ctx.Console;

            var file = ctx.Parse.GetValue(output);
            if (file is null)
            {
                console.Out.Write(result.Code);
            }
            else
            {
                var path = Path.GetFullPath(file, ctx.WorkingDirectory);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllTextAsync(path, result.Code, new UTF8Encoding(false), ctx.CancellationToken).ConfigureAwait(false);
            }

            var plan = result.Plan;
            console.Note($"imported {plan.Apps.Count} StatefulSet(s) from {objects.Count} object(s){(file is null ? string.Empty : " into " + file)}:");
            foreach (var app in plan.Apps)
                console.Note($"  {app.Property}: {string.Join(", ", app.Objects.Select(o => o.Ref))}{(app.Extras.Count == 0 ? string.Empty : $" ({app.Extras.Count} carried verbatim)")}");
            foreach (var (obj, reason) in plan.Skipped)
                console.Note($"  skipped {obj.Ref}: {reason}");
            foreach (var note in plan.Notes)
                console.Warn(note);
            foreach (var warning in result.CompilerWarnings)
                console.Warn("compiler: " + warning);

            if (result.Differences.Count == 0)
            {
                console.Note($"round trip: the code renders the {plan.Apps.Sum(a => a.Objects.Count())} object(s) as in the input (after the defaulting rules in docs/guides/moving-in.md)");
            }
            else
            {
                foreach (var difference in result.Differences)
                    console.Error.WriteLine("  " + difference);
                var message = $"round trip: {result.Differences.Count} difference(s) between the input and what the code renders";
                if (ctx.Parse.GetValue(check))
                    throw new CliException(message);
                console.Warn(message);
            }

            if (result.Findings.Count == 0)
            {
                console.Note("review: no BERTH findings");
            }
            else
            {
                console.Note($"review: {result.Findings.Count} BERTH finding(s) in the input:");
                foreach (var finding in result.Findings.OrderByDescending(f => f.Severity).ThenBy(f => f.Id, StringComparer.Ordinal))
                    console.Error.WriteLine($"  {finding.Severity.ToString().ToLowerInvariant()} {finding.Id}: {CliConsole.OneLine(finding.Message)} ({finding.Rule.HelpLink})");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
