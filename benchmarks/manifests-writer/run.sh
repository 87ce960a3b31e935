#!/usr/bin/env bash
# Whole-process benchmark of the build-time manifest writer (see benchmarks/README.md).
#
#   benchmarks/manifests-writer/run.sh [COUNT...]        default: 1000 10000
#
# For each COUNT it generates a [Manifests] project with COUNT apps (benchmarks/shared/BenchApps.cs: a StatefulSet
# and its headless Service each), builds it once with the manifest step off, then times with hyperfine:
#   writer    the real build step, `dotnet exec Berth.Writer.dll <Fleet.dll> - <out>`, output folder emptied first
#   console   benchmarks/manifests-writer/console: the same work (build, validate, serialize, write) without
#             assembly loading, registry or index, apps built by a loop
#   before    the console serializing with KubernetesYaml.SerializeAll, as ManifestYaml.Serialize did before
#   naive     the console with a plain KubernetesYaml.SerializeAll loop and no validation (the design's baseline)
# and prints the medians against the targets (1,000 apps <= 0.55 s, 10,000 <= 3.8 s).
#
# Environment: BENCH_DIR (default /dev/shm/berth-manifests-bench: memory, so that other processes' disk I/O on a
# shared machine does not time the disk; a real build writes to its bin folder),
# RUNS (default 10), MODES (default "writer console naive"), BENCH_ENV (extra VAR=value pairs for the timed
# processes, e.g. "DOTNET_TieredCompilation=0"), R2R=1 to also time ReadyToRun builds of the writer and console
# (published for linux-x64 with the runtime's own target framework, net10.0).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bench="${BENCH_DIR:-/dev/shm/berth-manifests-bench}"
runs="${RUNS:-10}"
modes="${MODES:-writer console before naive}"
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(1000 10000)

command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install -y hyperfine" >&2; exit 2; }
mkdir -p "$bench"

echo "== building the writer and the console (Release)"
dotnet build "$repo/src/Berth.Writer/Berth.Writer.csproj" -c Release -v:q -nologo | grep -E "error|Warn|->" || true
dotnet build "$here/console/Berth.ManifestsConsole.csproj" -c Release -f net8.0 -v:q -nologo | grep -E "error|Warn|->" || true
writer="$repo/src/Berth.Writer/bin/Release/net8.0/Berth.Writer.dll"
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
  echo "== publishing ReadyToRun builds (net10.0, linux-x64)"
  r2r_publish Berth.Writer "$repo/src/Berth.Writer"
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
      console) names+=("console $count"); commands+=("${env[*]} dotnet exec $console $count $out berth");;
      before) names+=("before $count"); commands+=("${env[*]} dotnet exec $console $count $out before");;
      naive) names+=("naive $count"); commands+=("${env[*]} dotnet exec $console $count $out naive");;
    esac
  done
  if [ "${R2R:-0}" = 1 ]; then
    names+=("writer-r2r $count"); commands+=("${env[*]} dotnet exec $bench/Berth.Writer-r2r/Berth.Writer.dll $fleet - $out")
    names+=("console-r2r $count"); commands+=("${env[*]} dotnet exec $bench/Berth.ManifestsConsole-r2r/Berth.ManifestsConsole.dll $count $out berth")
  fi
  args=()
  for i in "${!commands[@]}"; do args+=(-n "${names[$i]}" "${commands[$i]}"); done
  echo "== $count apps"
  hyperfine --warmup 1 --runs "$runs" --prepare "rm -rf $out" --export-json "$bench/result-$count.json" "${args[@]}"
  summary+=("$(python3 - "$bench/result-$count.json" "${target[$count]:-0}" <<'PY'
import json, sys
target = float(sys.argv[2])
for r in json.load(open(sys.argv[1]))["results"]:
    name, median = r["command"], r["median"]
    verdict = ""
    if target and not name.startswith(("naive", "before")):
        verdict = ("meets " if median <= target else "misses ") + f"{target:g} s"
    print(f"{name:<18} {median:7.3f} s median (min {r['min']:.3f}, max {r['max']:.3f}; user {r['user']:.2f} s, sys {r['system']:.2f} s)  {verdict}")
PY
)")
done

echo
echo "== summary ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%s\n' "${summary[@]}"
