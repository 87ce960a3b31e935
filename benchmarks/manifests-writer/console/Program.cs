using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Berth;
using Berth.Benchmarks;
using k8s;

// usage: Berth.ManifestsConsole <count> <output-dir> [berth|before|naive] [--timings] [--steady]
//   berth   validate (ManifestSet) + ManifestYaml.Serialize: the writer's work
//   before  validate + KubernetesYaml.SerializeAll: what ManifestYaml.Serialize did before it fed the emitter itself
//   naive   no validation + KubernetesYaml.SerializeAll: the design's baseline loop
var count = int.Parse(args[0]);
var output = args[1];
var mode = args.Length > 2 ? args[2] : "berth";
var timings = args.Contains("--timings");
var clock = Stopwatch.StartNew();
var marks = new List<(string, double)>();
void Mark(string what) { marks.Add((what, clock.Elapsed.TotalMilliseconds)); }

var apps = new StatefulApp[count];
for (var i = 0; i < count; i++) apps[i] = BenchApps.App(i);
Mark("define");
var set = new ManifestSet(apps);
var built = set.Build();
Mark("build");
if (mode != "naive")
{
    var errors = set.Validate().Count(v => v.Severity == Berth.Rules.RuleSeverity.Error);
    if (errors > 0) { Console.Error.WriteLine($"{errors} errors"); return 1; }
    Mark("validate");
}
var yaml = new string[count];
for (var i = 0; i < count; i++)
    yaml[i] = mode == "berth" ? ManifestYaml.Serialize(built[i]) : KubernetesYaml.SerializeAll(built[i].Objects);
Mark("serialize");
Directory.CreateDirectory(output);
for (var i = 0; i < count; i++)
    File.WriteAllBytes(Path.Combine(output, apps[i].Name + ".yaml"), Encoding.UTF8.GetBytes(yaml[i]));
Mark("write");
if (args.Contains("--steady"))
{
    for (var pass = 0; pass < 3; pass++)
    {
        var t = Stopwatch.StartNew();
        for (var i = 0; i < count; i++) _ = mode == "berth" ? ManifestYaml.Serialize(built[i]) : KubernetesYaml.SerializeAll(built[i].Objects);
        var ser = t.Elapsed.TotalMilliseconds; t.Restart();
        var b2 = set.Build(); var bld = t.Elapsed.TotalMilliseconds; t.Restart();
        set.Validate(); var val = t.Elapsed.TotalMilliseconds;
        Console.WriteLine($"pass {pass}: serialize {ser:F0} ms, build {bld:F0} ms, validate {val:F0} ms");
    }
}
if (timings)
{
    var last = 0.0;
    foreach (var (what, at) in marks) { Console.WriteLine($"{what,-10} {at - last,8:F1} ms"); last = at; }
    Console.WriteLine($"jit: {System.Runtime.JitInfo.GetCompiledMethodCount()} methods, {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:F0} ms; gc: {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
    Console.WriteLine($"{"total",-10} {last,8:F1} ms (in Main; process start = {(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds:F0} ms ago)");
}
return 0;
