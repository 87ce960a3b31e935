using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// dotnet run -c Release --project benchmarks/Berth.Benchmarks -- [BenchmarkDotNet options, e.g. --filter '*Serialize*']
// In-process toolchain: no per-benchmark project build (slow on 2 cores); a short job by default (--job to change).
var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortRun-InProcess"));
BenchmarkSwitcher.FromAssembly(typeof(Berth.Benchmarks.ManifestBenchmarks).Assembly).Run(args, config);
