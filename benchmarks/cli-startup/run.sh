#!/usr/bin/env bash
# Startup of `berth` in a project folder, with and without the startup cache (see benchmarks/README.md).
#
#   benchmarks/cli-startup/run.sh [PROJECT_DIR]        default: samples/Postgres
#
# Builds the CLI (Release) and the project once, then times, interleaved, RUNS (default 10) runs of each mode, in
# the project folder:
#   msbuild   berth render --no-build --no-cache   asks MSBuild for the output and references each time: what every
#                                                  --no-build command did before the startup cache
#   cached    berth render --no-build              the startup cache (obj/berth/), written by a first run
#   assembly  berth render --assembly <dll>        no project at all: the floor for loading and rendering the apps
#   help      berth --help                         the floor for starting the process
#   build     berth render                         builds first (an up-to-date build); only with BUILD=1
# and prints the median and the minimum wall time and the median CPU time (user+sys, children included) of each,
# with the load average (the figures are only comparable on an otherwise idle machine; CPU time much less so).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
project_dir="$(cd "${1:-$repo/samples/Postgres}" && pwd)"
runs="${RUNS:-10}"
modes="msbuild cached assembly help"
[ "${BUILD:-0}" = 1 ] && modes="$modes build"

echo "== building the CLI (Release) and $project_dir"
# the CLI as the tool package installs it on linux-x64 (ReadyToRun)
dotnet publish "$repo/src/Berth.Cli/Berth.Cli.csproj" -c Release -r linux-x64 -o "$repo/src/Berth.Cli/bin/bench-cli" -v:q -nologo | grep -E " error |rror\(s\)" || true
dotnet build "$project_dir" -v:q -nologo | grep -E " error |rror\(s\)" || true
cli="$repo/src/Berth.Cli/bin/bench-cli/Berth.Cli.dll"
assembly="$(cd "$project_dir" && dotnet msbuild -nologo -getProperty:TargetPath)"

berth() { (cd "$project_dir" && dotnet "$cli" "$@" >/dev/null 2>&1) || { echo "berth $* failed:" >&2; (cd "$project_dir" && dotnet "$cli" "$@" 2>&1 >/dev/null | tail -5) >&2; exit 1; }; }
run_mode() {
  case "$1" in
    msbuild) berth render --no-build --no-cache ;;
    cached) berth render --no-build ;;
    assembly) berth render --assembly "$assembly" ;;
    help) berth --help ;;
    build) berth render ;;
  esac
}

echo "== warming up (the first --no-build run writes the startup cache)"
berth render --no-build
berth render --no-build

results="$(mktemp)"
trap 'rm -f "$results"' EXIT
echo "== $runs runs per mode, interleaved; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 0; i < runs; i++)); do
  for mode in $modes; do
    # %e wall seconds, %U+%S CPU seconds of berth and the processes it waited for (dotnet msbuild).
    /usr/bin/time -f "$mode %e %U %S" -a -o "$results" bash -c "$(declare -f berth run_mode); project_dir='$project_dir' cli='$cli' assembly='$assembly' run_mode $mode"
  done
done
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
printf '%-9s %10s %10s %10s\n' mode "median s" "min s" "cpu s"
for mode in $modes; do
  wall="$(awk -v m="$mode" '$1 == m { print $2 }' "$results")"
  cpu="$(awk -v m="$mode" '$1 == m { print $3 + $4 }' "$results")"
  printf '%-9s %10s %10s %10s\n' "$mode" "$(median <<<"$wall")" "$(sort -n <<<"$wall" | head -1)" "$(median <<<"$cpu")"
done
