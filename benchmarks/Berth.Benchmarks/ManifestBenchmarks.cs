using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using k8s;

namespace Berth.Benchmarks;

/// <summary>
/// Steady-state cost of the writer's work for N apps (a StatefulSet and its headless Service each): building the
/// objects, validating them as one set, and serializing them, the naive way (KubernetesYaml.SerializeAll) and
/// Berth's (ManifestYaml.Serialize, byte-identical). Startup and JIT are what the whole-process harness measures.
/// </summary>
[MemoryDiagnoser]
public class ManifestBenchmarks
{
    private StatefulApp[] _apps = null!;
    private IReadOnlyList<AppManifests> _built = null!;

    [Params(100, 1000)]
    public int Apps { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _apps = Enumerable.Range(0, Apps).Select(BenchApps.App).ToArray();
        _built = new ManifestSet(_apps).Build();
    }

    [Benchmark(Description = "Build (StatefulApp.Build)")]
    public IReadOnlyList<AppManifests> Build() => new ManifestSet(_apps).Build();

    [Benchmark(Description = "Build + Validate (ManifestSet.Validate)")]
    public int Validate() => new ManifestSet(_apps).Validate().Count;

    [Benchmark(Baseline = true, Description = "Serialize: KubernetesYaml.SerializeAll")]
    public int SerializeNaive()
    {
        var length = 0;
        foreach (var app in _built)
            length += KubernetesYaml.SerializeAll(app.Objects).Length;
        return length;
    }

    [Benchmark(Description = "Serialize: ManifestYaml.Serialize")]
    public int SerializeBerth()
    {
        var length = 0;
        foreach (var app in _built)
            length += ManifestYaml.Serialize(app).Length;
        return length;
    }

    [Benchmark(Description = "Build + Validate + Serialize (ManifestSet.Render)")]
    public int Render() => new ManifestSet(_apps).Render().Count;
}
