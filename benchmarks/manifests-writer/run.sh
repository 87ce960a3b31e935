#!/usr/bin/env bash
# Whole-process benchmark of the build-time manifest writer (see benchmarks/README.md).
#
#   benchmarks/manifests-writer/run.sh [COUNT...]        default: 1000 10000
#
# For each COUNT it generates a [Manifests] project with COUNT apps (benchmarks/shared/BenchApps.cs: a StatefulSet
# and its headless Service each), builds it once with the manifest step off, then times with hyperfine:
#   writer    the real build step as the package runs it on MSBuild/.NET 10: the net10.0 writer published
#             ReadyToRun for linux-x64 (src/Berth.Package/writer-net10.0) as Berth.Package.csproj publishes it into
#             tools/net10.0/,
#             `dotnet exec Berth.Writer.dll <Fleet.dll> - <out>`, output folder emptied first
#   writer-il the net8.0 writer (IL only; tools/net8.0/, what MSBuild on .NET 8/9 runs, and what the samples run
#             from src/Berth.Writer/bin) on the same .NET 10 runtime
#   console   benchmarks/manifests-writer/console: the same work (build, validate, serialize, write) without
#             assembly loading, registry or index, apps built by a loop
#   before    the console serializing with KubernetesYaml.SerializeAll, as ManifestYaml.Serialize did before
#   naive     the console with a plain KubernetesYaml.SerializeAll loop and no validation (the design's baseline)
# and prints the medians with their CPU time against the targets (1,000 apps <= 0.55 s, 10,000 <= 3.8 s), the load
# average around each size, one run of the writer with its phase timings (BERTH_WRITER_TIMINGS=1), and checks that
# the writer's YAML is byte for byte the console's.
#
# Environment: BENCH_DIR (default /dev/shm/berth-manifests-bench: memory, so that other processes' disk I/O on a
# shared machine does not time the disk; a real build writes to its bin folder),
# RUNS (default 10), MODES (default "writer writer-il console before naive"), BENCH_ENV (extra VAR=value pairs for the timed
# processes, e.g. "DOTNET_TieredCompilation=0"), R2R=1 to also time a ReadyToRun build of the console (published for
# linux-x64 with the runtime's own target framework, net10.0; the writer is always timed ReadyToRun).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bench="${BENCH_DIR:-/dev/shm/berth-manifests-bench}"
runs="${RUNS:-10}"
modes="${MODES:-writer writer-il console before naive}"
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(1000 10000)

command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install -y hyperfine" >&2; exit 2; }
mkdir -p "$bench"

echo "== building the writer (net8.0 IL; net10.0 ReadyToRun as the package ships it) and the console (Release)"
dotnet build "$repo/src/Berth.Writer/Berth.Writer.csproj" -c Release -v:q -nologo | grep -E "error|Warn|->" || true
rm -rf "$bench/writer-net10.0"
dotnet publish "$repo/src/Berth.Package/writer-net10.0/Berth.Writer.csproj" -c Release -o "$bench/writer-net10.0" -v:q -nologo | grep -E " error |Warn" || true
dotnet build "$here/console/Berth.ManifestsConsole.csproj" -c Release -f net8.0 -v:q -nologo | grep -E "error|Warn|->" || true
writer="$bench/writer-net10.0/Berth.Writer.dll"
writer_il="$repo/src/Berth.Writer/bin/Release/net8.0/Berth.Writer.dll"
console="$here/console/bin/Release/net8.0/Berth.ManifestsConsole.dll"
r2r_publish() { # NAME SOURCE-DIR: a ReadyToRun (net10.0, linux-x64) copy of a tool, built in $bench so that the
  # repository's obj folders (shared with other builds) are not restored for another framework or RID
  local name=$1 source=$2 dir="$bench/r2r-src/$1"
  mkdir -p "$dir"
  cat > "$dir/$name.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <AssemblyName>$name</AssemblyName>
    <Nullable>enable</Nullable>
    <LangVersion>latest</LangVersion>
    <ImplicitUsings>disable</ImplicitUsings>
    <InvariantGlobalization>true</InvariantGlobalization>
    <TieredPGO>false</TieredPGO>
    <ConcurrentGarbageCollection>false</ConcurrentGarbageCollection>
    <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
    <PublishReadyToRun>true</PublishReadyToRun>
    <RuntimeIdentifier>linux-x64</RuntimeIdentifier>
    <SelfContained>false</SelfContained>
  </PropertyGroup>
  <ItemGroup>
    <Compile Include="$source/*.cs;$repo/benchmarks/shared/BenchApps.cs" />
    <Reference Include="$repo/src/Berth/bin/Release/net8.0/Berth.dll" />
    <Reference Include="$repo/src/Berth/bin/Release/net8.0/Berth.Rules.dll" />
    <PackageReference Include="KubernetesClient" Version="21.0.8" />
  </ItemGroup>
</Project>
EOF
  dotnet publish "$dir/$name.csproj" -c Release -o "$bench/$name-r2r" -v:q -nologo | grep -E " error " || true
}
if [ "${R2R:-0}" = 1 ]; then
  echo "== publishing a ReadyToRun build of the console (net10.0, linux-x64)"
  r2r_publish Berth.ManifestsConsole "$here/console"
fi

generate() { # COUNT DIR: a [Manifests] class with COUNT app properties
  local count=$1 dir=$2
  mkdir -p "$dir"
  cat > "$dir/Fleet.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <!-- The benchmark runs the writer itself. -->
    <BerthGenerateManifests>false</BerthGenerateManifests>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$repo/src/Berth/Berth.csproj" />
    <ProjectReference Include="$repo/src/Berth.Generator/Berth.Generator.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
    <Compile Include="$repo/benchmarks/shared/BenchApps.cs" Link="BenchApps.cs" />
  </ItemGroup>
</Project>
EOF
  {
    echo "using Berth;"
    echo "using Berth.Benchmarks;"
    echo "namespace Fleet;"
    echo "[Manifests]"
    echo "public static partial class Apps"
    echo "{"
    for ((i = 0; i < count; i++)); do
      printf '    public static StatefulApp App%05d => BenchApps.App(%d);\n' "$i" "$i"
    done
    echo "}"
    echo "public static class Program { public static int Main() => 0; }"
  } > "$dir/Apps.cs"
}

declare -A target=([1000]=0.55 [10000]=3.8)
summary=()
for count in "${counts[@]}"; do
  project="$bench/apps-$count"
  if [ ! -f "$project/bin/Release/net10.0/Fleet.dll" ] || [ "$here/run.sh" -nt "$project/Apps.cs" ] || [ "$repo/benchmarks/shared/BenchApps.cs" -nt "$project/Apps.cs" ]; then
    echo "== generating and building $count apps in $project"
    generate "$count" "$project"
    dotnet build "$project/Fleet.csproj" -c Release -v:q -nologo | grep -E "error|->" || true
  fi
  fleet="$project/bin/Release/net10.0/Fleet.dll"
  out="$bench/out-$count"
  env=(env ${BENCH_ENV:-})
  commands=()
  names=()
  for mode in $modes; do
    case $mode in
      writer) names+=("writer $count"); commands+=("${env[*]} dotnet exec $writer $fleet - $out");;
      writer-il) names+=("writer-il $count"); commands+=("${env[*]} dotnet exec $writer_il $fleet - $out");;
      console) names+=("console $count"); commands+=("${env[*]} dotnet exec $console $count $out berth");;
      before) names+=("before $count"); commands+=("${env[*]} dotnet exec $console $count $out before");;
      naive) names+=("naive $count"); commands+=("${env[*]} dotnet exec $console $count $out naive");;
    esac
  done
  if [ "${R2R:-0}" = 1 ]; then
    names+=("console-r2r $count"); commands+=("${env[*]} dotnet exec $bench/Berth.ManifestsConsole-r2r/Berth.ManifestsConsole.dll $count $out berth")
  fi
  args=()
  for i in "${!commands[@]}"; do args+=(-n "${names[$i]}" "${commands[$i]}"); done
  echo "== $count apps"
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  hyperfine --warmup 1 --runs "$runs" --prepare "rm -rf $out" --export-json "$bench/result-$count.json" "${args[@]}"
  load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
  # One more writer run with its phase timings, and the check that its YAML is the console's.
  rm -rf "$out-writer" "$out-console"
  phases="$(env ${BENCH_ENV:-} BERTH_WRITER_TIMINGS=1 dotnet exec "$writer" "$fleet" - "$out-writer" | grep "timings" || true)"
  dotnet exec "$console" "$count" "$out-console" berth
  if diff -rq -x index.json "$out-writer" "$out-console" >/dev/null; then same="the writer's $count YAML files are byte for byte the console's"; else same="DIFFERENT: the writer's YAML differs from the console's (diff -r $out-writer $out-console)"; fi
  summary+=("-- $count apps (load average before ${load_before}, after ${load_after}); $same")
  summary+=("   writer phases: ${phases#Berth: timings: }")
  summary+=("$(python3 - "$bench/result-$count.json" "${target[$count]:-0}" <<'PY'
import json, sys
target = float(sys.argv[2])
for r in json.load(open(sys.argv[1]))["results"]:
    name, median = r["command"], r["median"]
    verdict = ""
    if target and not name.startswith(("naive", "before")):
        verdict = ("meets " if median <= target else "misses ") + f"{target:g} s"
    print(f"{name:<18} {median:7.3f} s median (min {r['min']:.3f}, max {r['max']:.3f}; CPU {r['user'] + r['system']:.2f} s = user {r['user']:.2f} + sys {r['system']:.2f}, means)  {verdict}")
PY
)")
done

echo
echo "== summary ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%s\n' "${summary[@]}"
