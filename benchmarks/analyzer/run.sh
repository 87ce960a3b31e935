#!/usr/bin/env bash
# Compile time of a project of N apps with and without the Berth analyzers (see benchmarks/README.md).
#
#   benchmarks/analyzer/run.sh [COUNT...]        default: 300 1000
#   benchmarks/analyzer/run.sh generate COUNT DIR   only build (Release) and generate the project of COUNT apps in DIR
#                                                   (benchmarks/run.sh's analyzer part times it)
#
# For each COUNT it generates a class library with COUNT apps written out as source (the analyzers read each chain;
# files of 100 apps), the issue's realistic app: 3 replicas, one container with a port, a readiness probe, requests
# and limits, a 1Gi claim (and its headless Service), then times `dotnet build -t:Rebuild` (whole process, /usr/bin/time)
# in the modes, interleaved, RUNS times each:
#   none     RunAnalyzers=false (the compile alone)
#   sdk      the SDK's own analyzers only (on by default in every project; Berth's off)
#   after    with the analyzers of this tree (analyzers/Berth.Analyzers, Release)
#   before   with the analyzers of commit $BEFORE (default 2777376: every app checked against every Service), built
#            from `git archive` in BENCH_DIR (only when BEFORE is not empty)
# and prints each run's wall time and CPU time (user + sys), the load average, and whether the before and after
# analyzers report the same BERTH warnings (the infos are not in the build output).
#
# Environment: BENCH_DIR (default /dev/shm/berth-analyzer-bench), RUNS (default 1), MODES (default "none after before"),
# BEFORE (default 2777376).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bench="${BENCH_DIR:-/dev/shm/berth-analyzer-bench}"
runs="${RUNS:-1}"
modes="${MODES:-none after before}"
before="${BEFORE-2777376}"
only_generate=""
if [ "${1:-}" = generate ]; then only_generate=1; modes=""; shift; fi
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(300 1000)
mkdir -p "$bench"
. "$here/../shared/realistic-apps.sh"

echo "== building Berth, the analyzers and the generator (Release)" >&2
dotnet build "$repo/src/Berth/Berth.csproj" -c Release -v:q -nologo | grep -E " error |->" >&2 || true
dotnet build "$repo/analyzers/Berth.Analyzers/Berth.Analyzers.csproj" -c Release -v:q -nologo | grep -E " error |->" >&2 || true
dotnet build "$repo/src/Berth.Generator/Berth.Generator.csproj" -c Release -v:q -nologo | grep -E " error |->" >&2 || true
lib="$repo/src/Berth/bin/Release/net8.0"
declare -A analyzers=([after]="$repo/analyzers/Berth.Analyzers/bin/Release/netstandard2.0")
if [[ " $modes " == *" before "* && -n "$before" ]]; then
  if [ ! -f "$bench/before-$before/analyzers/Berth.Analyzers/bin/Release/netstandard2.0/Berth.Analyzers.dll" ]; then
    echo "== building the analyzers of $before"
    rm -rf "$bench/before-$before" && mkdir -p "$bench/before-$before"
    git -C "$repo" archive "$before" | tar -x -C "$bench/before-$before"
    dotnet build "$bench/before-$before/analyzers/Berth.Analyzers/Berth.Analyzers.csproj" -c Release -v:q -nologo | grep -E " error |->" || true
  fi
  analyzers[before]="$bench/before-$before/analyzers/Berth.Analyzers/bin/Release/netstandard2.0"
fi

generate() { # COUNT DIR
  local count=$1 dir=$2
  rm -rf "$dir" && mkdir -p "$dir"
  cat > "$dir/Fleet.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <BerthAnalyzers Condition="'\$(BerthAnalyzers)' == ''">none</BerthAnalyzers>
  </PropertyGroup>
  <ItemGroup>
    <Reference Include="$lib/Berth.dll" />
    <Reference Include="$lib/Berth.Rules.dll" />
    <PackageReference Include="KubernetesClient" Version="21.0.8" />
    <Analyzer Condition="'\$(BerthAnalyzers)' != 'none'" Include="\$(BerthAnalyzers)/Berth.Analyzers.dll;\$(BerthAnalyzers)/Berth.Rules.dll" />
    <Analyzer Condition="'\$(BerthGenerator)' != ''" Include="\$(BerthGenerator)" />
  </ItemGroup>
</Project>
XML
  local file
  for ((f = 0; f < count / 100; f++)); do
    file="$dir/Fleet$f.cs"
    { echo "using Berth;"; echo; echo "public static class Fleet$f"; echo "{"
      realistic_apps $((f * 100)) $(((f + 1) * 100)) "{ get; } ="
      echo "}"; } > "$file"
  done
  dotnet restore "$dir/Fleet.csproj" -v:q -nologo >/dev/null
}

if [ -n "$only_generate" ]; then
  generate "${counts[0]}" "${counts[1]:?usage: run.sh generate COUNT DIR}"
  exit 0
fi

for count in "${counts[@]}"; do
  dir="$bench/apps-$count"
  generate "$count" "$dir"
  rm -f "$bench/warnings-$count-"*.txt
  echo "== $count apps; load: $(cut -d' ' -f1-3 /proc/loadavg)"
  for ((r = 1; r <= runs; r++)); do
    for mode in $modes; do
      case "$mode" in
        none) args=(-p:RunAnalyzers=false) ;;
        sdk) args=(-p:BerthAnalyzers=none) ;;
        *) args=(-p:BerthAnalyzers="${analyzers[$mode]}") ;;
      esac
      /usr/bin/time -o "$bench/time.txt" -f "%e %U %S" dotnet build "$dir/Fleet.csproj" -t:Rebuild --no-restore -v:q -nologo "${args[@]}" >"$bench/build-$mode.log" 2>&1 \
        || { echo "build failed ($mode):"; cat "$bench/build-$mode.log"; exit 1; }
      read -r wall user sys < "$bench/time.txt"
      grep -o 'warning BERTH.*' "$bench/build-$mode.log" | sort -u > "$bench/warnings-$count-$mode.txt" || true
      printf '%6s apps  %-6s  wall %7.2f s  cpu %7.2f s  BERTH warnings %5s  load %s\n' "$count" "$mode" "$wall" "$(echo "$user + $sys" | bc)" \
        "$(wc -l < "$bench/warnings-$count-$mode.txt")" "$(cut -d' ' -f1 /proc/loadavg)"
    done
  done
  if [ -f "$bench/warnings-$count-before.txt" ] && [ -f "$bench/warnings-$count-after.txt" ]; then
    cmp -s "$bench/warnings-$count-before.txt" "$bench/warnings-$count-after.txt" && echo "   before and after report the same BERTH warnings" \
      || echo "   before and after report DIFFERENT BERTH warnings: diff $bench/warnings-$count-{before,after}.txt"
  fi
done
