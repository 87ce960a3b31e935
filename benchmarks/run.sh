#!/usr/bin/env bash
# The benchmark command of issue 11 (see benchmarks/README.md):
#
#   benchmarks/run.sh                       # everything; the cluster part only when BERTH_KUBECONFIG names a live cluster
#   RUNS=3 PARTS=writer benchmarks/run.sh   # fewer runs, one part
#
# Whole processes, runs interleaved (each round runs every contender once, in turn), timed with GNU time: wall time,
# CPU time (user + sys, children included) and peak memory (max RSS). It prints one table per part with the median,
# min and max wall time, the median CPU time and peak memory, the ratio of each median to the reference row's and
# the target, with the load average before and after each part, and writes the same to OUT.
#
# Parts (PARTS, default "writer apply cli analyzer build"):
#   writer  1,000 and 10,000 apps (WRITER_COUNTS) of issue 11's realistic workload (benchmarks/shared/BenchApps.cs
#           Realistic: one warning and five infos per app): the build-step writer as the package ships it (net10.0
#           ReadyToRun, dotnet exec Berth.Writer.dll <Fleet.dll> - <out>), the naive KubernetesYaml loop
#           (manifests-writer/console naive: build + KubernetesYaml.SerializeAll, no validation, one thread) and
#           cdk8s-plus (benchmarks/peers: one chart, pinned versions, installed with npm into BENCH_CACHE). Checks that
#           the writer's YAML is byte for byte the console's (ManifestYaml) and counts its findings.
#   apply   APPLY_COUNT (100) apps to the cluster of BERTH_KUBECONFIG: `berth apply --assembly` against
#           `kubectl apply --server-side -f <the writer's YAML>`, each into a new namespace (create) and again
#           (unchanged); the requests each sent per app, from the API server's own apiserver_request_total.
#   cli     a repeated command in a project folder (CLI_PROJECT, default samples/Postgres): `berth render --no-build`
#           from the startup cache, the same asking MSBuild (--no-cache: what it cost before the cache), `berth --help`
#           (process start) and `kubectl version --client`.
#   analyzer  compile (`dotnet build -t:Rebuild`) of a class library of ANALYZER_COUNT (1,000) realistic apps written as
#           source (benchmarks/analyzer/run.sh generate): with Berth's analyzers and generator (and the SDK's analyzers, on
#           by default) against RunAnalyzers=false, and the SDK's analyzers alone; checks that each Berth build reports
#           one BERTH055 warning per app. Target (issue 11): Berth's analyzers + generator add ≤ 10 % of the compile's CPU.
#   build   BUILD_COUNT (100) apps in one project referencing the Berth package packed from this tree (PackageReference,
#           the realistic app written out as source, ten apps a file): `dotnet build` after touching an unrelated file,
#           after editing it, and with nothing changed (no-op), with Berth on and with the package's analyzers, generator
#           and writer step off (the same project in a second folder).
#
# Environment: RUNS (5), BENCH_DIR (/dev/shm/berth-bench: memory, so that other processes' disk traffic is not what is
# timed), BENCH_CACHE (~/.cache/berth-bench: the npm peers), OUT (BENCH_DIR/results.md), BEFORE_WRITER (the
# Berth.Writer.dll of another build, timed beside the writer as "writer-before"), BEFORE_CLI (the Berth.Cli.dll of another
# build, timed beside berth apply as "berth-before"). The CLI timed is published as the tool package's linux-x64 part
# (ReadyToRun, net10.0) into BENCH_DIR/cli.
# Needs: the .NET SDK, node and npm (apt-get install -y nodejs npm), GNU time (installed here when missing, as root).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
bench="${BENCH_DIR:-/dev/shm/berth-bench}"
cache="${BENCH_CACHE:-$HOME/.cache/berth-bench}"
runs="${RUNS:-5}"
parts="${PARTS:-writer apply cli analyzer build}"
counts="${WRITER_COUNTS:-1000 10000}"
apply_count="${APPLY_COUNT:-100}"
out_file="${OUT:-$bench/results.md}"
mkdir -p "$bench" "$cache"
. "$here/shared/realistic-apps.sh"

if [ ! -x /usr/bin/time ]; then
  echo "== installing GNU time" >&2
  apt-get install -y time >/dev/null
fi

times="$bench/times.tsv"
: > "$times"
report="$bench/report.md"
: > "$report"
say() { echo "$@" | tee -a "$report"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# timed PART NAME COMMAND...: one run; appends "PART NAME wall user sys maxrss_kb" to $times.
timed() {
  local part=$1 name=$2
  shift 2
  if ! /usr/bin/time -f "%e %U %S %M" -o "$bench/time.tmp" "$@" >"$bench/last.out" 2>"$bench/last.err"; then
    echo "FAILED: $name: $*" >&2
    tail -n 20 "$bench/last.out" "$bench/last.err" >&2
    exit 1
  fi
  printf '%s\t%s\t%s\n' "$part" "$name" "$(tail -1 "$bench/time.tmp" | tr ' ' '\t')" >>"$times"
}

# table PART REFERENCE [NAME=TARGET_SECONDS[|NAME=TARGET_SECONDS...]]: the markdown table of one part; ratios are medians over the reference's.
table() {
  local part=$1 ref=$2
  shift 2
  awk -F'\t' -v part="$part" -v ref="$ref" -v targets="$*" '
    function median(list,   n, a, i, j, t) {
      n = split(list, a, " ")
      for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
      return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    BEGIN { nt = split(targets, tl, "|"); for (i = 1; i <= nt; i++) { split(tl[i], kv, "="); target[kv[1]] = kv[2] } }
    $1 == part {
      if (!($2 in wall)) order[++n] = $2
      wall[$2] = wall[$2] " " $3; cpu[$2] = cpu[$2] " " ($4 + $5); rss[$2] = rss[$2] " " $6
      if (!($2 in min) || $3 < min[$2]) min[$2] = $3
      if (!($2 in max) || $3 > max[$2]) max[$2] = $3
      runs[$2]++
    }
    END {
      printf "| %s | runs | wall median | wall min–max | CPU median (user+sys) | peak RSS | wall ratio to %s | CPU ratio | target |\n", part, ref
      print "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
      r = median(wall[ref]); rc = median(cpu[ref])
      for (i = 1; i <= n; i++) {
        k = order[i]; m = median(wall[k])
        verdict = ""
        if (k in target) verdict = (m <= target[k] ? "met (≤ " : "NOT met (≤ ") target[k] " s)"
        c = median(cpu[k])
        printf "| %s | %d | %.3f s | %.3f–%.3f s | %.2f s | %.0f MiB | %.2f | %.2f | %s |\n", k, runs[k], m, min[k], max[k], c, median(rss[k]) / 1024, (r > 0 ? m / r : 0), (rc > 0 ? c / rc : 0), verdict
      }
    }' "$times"
}

{
  echo "# Berth benchmarks, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo);" \
       ".NET $(dotnet --list-runtimes | awk '/NETCore.App/ { v = $2 } END { print v }'), node $(node --version 2>/dev/null || echo none), git $(git -C "$repo" rev-parse --short HEAD);" \
       "RUNS=$runs, load average at the start $(load)."
  echo
} | tee -a "$report"

# ---------------------------------------------------------------------------------------------------- build
echo "== building the writer (net10.0 ReadyToRun, as the package ships it), the console and the CLI (Release)" >&2
writer="$bench/writer/Berth.Writer.dll"
console="$repo/benchmarks/manifests-writer/console/bin/Release/net8.0/Berth.ManifestsConsole.dll"
# The CLI as `dotnet tool install` gets it on linux-x64: the tool package's Berth.Cli.linux-x64, published ReadyToRun.
cli="$bench/cli/Berth.Cli.dll"
cli_built=
build_cli() {
  [ -n "$cli_built" ] && return
  rm -rf "$bench/cli"
  dotnet publish "$repo/src/Berth.Cli/Berth.Cli.csproj" -c Release -r linux-x64 -o "$bench/cli" -v:q -nologo | grep -E " error |rror\(s\)" >&2 || true
  cli_built=1
}
rm -rf "$bench/writer"
dotnet publish "$repo/src/Berth.Package/writer-net10.0/Berth.Writer.csproj" -c Release -o "$bench/writer" -v:q -nologo | grep -E " error |rror\(s\)" >&2 || true
dotnet build "$repo/benchmarks/manifests-writer/console/Berth.ManifestsConsole.csproj" -c Release -v:q -nologo | grep -E " error |rror\(s\)" >&2 || true

generate() { # COUNT: a [Manifests] project of COUNT realistic apps in $bench/apps-COUNT, built once
  local count=$1 dir="$bench/apps-$1"
  if [ -f "$dir/bin/Release/net10.0/Fleet.dll" ] && [ "$dir/Apps.cs" -nt "$here/shared/BenchApps.cs" ] && [ "$dir/Apps.cs" -nt "$here/run.sh" ]; then
    return
  fi
  echo "== generating and building $count apps in $dir" >&2
  mkdir -p "$dir"
  cat >"$dir/Fleet.csproj" <<EOF
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
    <Compile Include="$here/shared/BenchApps.cs" Link="BenchApps.cs" />
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
      printf '    public static StatefulApp App%05d => BenchApps.Realistic(%d);\n' "$i" "$i"
    done
    echo "}"
    echo "public static class Program { public static int Main() => 0; }"
  } >"$dir/Apps.cs"
  dotnet build "$dir/Fleet.csproj" -c Release -v:q -nologo | grep -E " error |rror\(s\)" >&2 || true
  [ -f "$dir/bin/Release/net10.0/Fleet.dll" ]
}

# ---------------------------------------------------------------------------------------------------- writer
if [[ " $parts " == *" writer "* ]]; then
  echo "== installing the npm peers (benchmarks/peers/package.json, pinned) into $cache/npm" >&2
  mkdir -p "$cache/npm"
  if ! cmp -s "$here/peers/package.json" "$cache/npm/package.json" || [ ! -d "$cache/npm/node_modules/cdk8s-plus-31" ]; then
    cp "$here/peers/package.json" "$cache/npm/package.json"
    (cd "$cache/npm" && npm install --no-audit --no-fund --loglevel=error >&2)
  fi
  cp "$here/peers/cdk8s-synth.js" "$cache/npm/cdk8s-synth.js"

  for count in $counts; do
    generate "$count"
    fleet="$bench/apps-$count/bin/Release/net10.0/Fleet.dll"
    out="$bench/out-$count"
    # correctness first: the writer's YAML is the console's (ManifestYaml over the same definitions), and its findings
    rm -rf "$out" "$out-console"
    dotnet exec "$writer" "$fleet" - "$out" >"$bench/writer-$count.out" 2>"$bench/writer-$count.err"
    BERTH_BENCH_WORKLOAD=realistic dotnet exec "$console" "$count" "$out-console" berth >/dev/null
    if diff -rq -x index.json "$out" "$out-console" >/dev/null; then same="byte for byte the console's"; else same="**DIFFERENT** from the console's (diff -r $out $out-console)"; fi
    warnings=$(grep -c ": warning BERTH" "$bench/writer-$count.out" || true)
    infos=$(grep -c ": info BERTH" "$bench/writer-$count.err" || true)

    echo "== writer, $count apps: $runs interleaved rounds" >&2
    before="$(load)"
    for ((r = 1; r <= runs; r++)); do
      rm -rf "$out"; timed "writer-$count" writer dotnet exec "$writer" "$fleet" - "$out"
      if [ -n "${BEFORE_WRITER:-}" ]; then rm -rf "$out"; timed "writer-$count" writer-before dotnet exec "$BEFORE_WRITER" "$fleet" - "$out"; fi
      rm -rf "$out"; timed "writer-$count" "naive KubernetesYaml loop" env BERTH_BENCH_WORKLOAD=realistic dotnet exec "$console" "$count" "$out" naive
      rm -rf "$out"; timed "writer-$count" "cdk8s-plus (one chart)" node "$cache/npm/cdk8s-synth.js" "$count" "$out"
    done
    rm -rf "$out"
    declare -A writer_target=([1000]=0.35 [10000]=2.5)
    {
      echo "## Writer, $count apps (load average before $before, after $(load))"
      echo
      echo "The writer reported $warnings warnings and $infos infos ($(awk -v w="$warnings" -v i="$infos" -v n="$count" 'BEGIN { printf "%.1f and %.1f per app", w / n, i / n }')); its YAML files are $same."
      echo
      table "writer-$count" "cdk8s-plus (one chart)" "writer=${writer_target[$count]:-0}"
      echo
    } | tee -a "$report"
  done
fi

# ---------------------------------------------------------------------------------------------------- apply
kubeconfig="${BERTH_KUBECONFIG:-}"
if [[ " $parts " == *" apply "* ]]; then
  if [ -z "$kubeconfig" ] || ! kubectl --kubeconfig "$kubeconfig" get --raw /readyz >/dev/null 2>&1; then
    say "## Apply: skipped (no live cluster: start one with eng/cluster/up.sh and export BERTH_KUBECONFIG)"
    say ""
  else
    echo "== building the CLI (Release) and the $apply_count-app project" >&2
    build_cli
    generate "$apply_count"
    fleet="$bench/apps-$apply_count/bin/Release/net10.0/Fleet.dll"
    yaml="$bench/apply-yaml-$apply_count"
    rm -rf "$yaml" "$bench/apply-out"
    dotnet exec "$writer" "$fleet" - "$bench/apply-out" >/dev/null 2>&1
    mkdir -p "$yaml" && cp "$bench/apply-out"/*.yaml "$yaml/"
    # A whole-number quantity is written as a YAML number (cpu: 1); kubectl sends it as a JSON number, which the 1.20
    # API server's server-side apply refuses ("expected string"). Quoted for kubectl: the same objects.
    sed -i -E 's/^( +(cpu|memory|storage|ephemeral-storage): )([0-9.]+)$/\1"\3"/' "$yaml"/*.yaml
    k() { kubectl --kubeconfig "$kubeconfig" "$@"; }
    # The API server's count of the requests for the applied kinds (its own metric; controllers' status writes and
    # watches left out), by verb.
    requests() {
      k get --raw /metrics | awk '/^apiserver_request_total\{/ && /resource="(services|statefulsets|configmaps|namespaces)"/ && !/verb="WATCH"/ && !/subresource="status"/ {
          match($0, /verb="[A-Z]+"/); verb = substr($0, RSTART + 6, RLENGTH - 7); n[verb] += $NF }
        END { for (v in n) printf "%s=%d ", v, n[v] }'
    }
    per_app() { # BEFORE AFTER: the requests between two snapshots, per app
      awk -v b="$1" -v a="$2" -v n="$apply_count" 'BEGIN {
          split(b, bl, " "); for (i in bl) { split(bl[i], kv, "="); before[kv[1]] = kv[2] }
          split(a, al, " "); for (i in al) { split(al[i], kv, "="); d = kv[2] - before[kv[1]]; if (d > 0) { total += d; s = s sprintf("%s %d, ", kv[1], d) } }
          printf "%.2f per app (%s%d in all)", total / n, s, total }'
    }
    declare -A sent=()
    apply_run() { # TOOL NAMESPACE PHASE
      local tool=$1 ns=$2 phase=$3 b a
      b="$(requests)"
      case $tool in
        berth) timed apply "berth apply, $phase" env KUBECONFIG="$kubeconfig" dotnet "$cli" apply --assembly "$fleet" -n "$ns" ;;
        berth-before) timed apply "berth-before apply, $phase" env KUBECONFIG="$kubeconfig" dotnet "$BEFORE_CLI" apply --assembly "$fleet" -n "$ns" ;;
        kubectl) timed apply "kubectl apply --server-side, $phase" kubectl --kubeconfig "$kubeconfig" apply --server-side -f "$yaml" -n "$ns" ;;
      esac
      a="$(requests)"
      sent["$tool, $phase"]="$(per_app "$b" "$a")"
    }
    echo "== apply, $apply_count apps: $runs interleaved rounds" >&2
    before="$(load)"
    stamp=$(date +%s)
    tools="berth kubectl${BEFORE_CLI:+ berth-before}"
    for ((r = 1; r <= runs; r++)); do
      # the order rotates per round: the first tool of a round runs while the previous round's namespaces are deleted
      read -r -a order <<<"$tools"
      shift_by=$(((r - 1) % ${#order[@]}))
      for tool in "${order[@]:shift_by}" "${order[@]:0:shift_by}"; do
        ns="bench-$tool-$stamp-$r"
        k create namespace "$ns" >/dev/null
        apply_run "$tool" "$ns" create
        apply_run "$tool" "$ns" unchanged
      done
      for tool in $tools; do k delete namespace "bench-$tool-$stamp-$r" --wait=false >/dev/null; done
    done
    {
      echo "## Apply, $apply_count apps to a real API server (load average before $before, after $(load))"
      echo
      echo "Each run applies the $apply_count apps into a new namespace (create), then again (unchanged). Requests sent for Services, StatefulSets, ConfigMaps and Namespaces (the API server's apiserver_request_total, last round):"
      echo
      for tool in $tools; do for phase in create unchanged; do echo "* $tool, $phase: ${sent["$tool, $phase"]:-?}"; done; done
      echo
      table apply "kubectl apply --server-side, create"
      echo
      awk -F'\t' '$1 == "apply" { w[$2] = w[$2] " " $3 }
        function median(list,   n, a, i, j, t) { n = split(list, a, " "); for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }; return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
        END { split("create unchanged", ph, " ")
          for (i = 1; i <= 2; i++) { kb = median(w["kubectl apply --server-side, " ph[i]]); bb = median(w["berth apply, " ph[i]])
            printf "Berth is %.2f× as fast as kubectl (%s; target ≥ 3×: %s).\n\n", kb / bb, ph[i], (kb / bb >= 3 ? "met" : "NOT met") } }' "$times"
    } | tee -a "$report"
  fi
fi

# ---------------------------------------------------------------------------------------------------- cli
if [[ " $parts " == *" cli "* ]]; then
  project_dir="$(cd "${CLI_PROJECT:-$repo/samples/Postgres}" && pwd)"
  echo "== building the CLI (Release) and $project_dir" >&2
  build_cli
  dotnet build "$project_dir" -v:q -nologo | grep -E " error |rror\(s\)" >&2 || true
  in_project() { (cd "$project_dir" && "$@"); }
  in_project dotnet "$cli" render --no-build >/dev/null 2>&1 # writes the startup cache
  in_project dotnet "$cli" render --no-build >/dev/null 2>&1
  echo "== cli: $runs interleaved rounds" >&2
  before="$(load)"
  for ((r = 1; r <= runs; r++)); do
    timed cli "berth render --no-build (startup cache)" bash -c "cd '$project_dir' && dotnet '$cli' render --no-build"
    timed cli "berth render --no-build --no-cache (MSBuild)" bash -c "cd '$project_dir' && dotnet '$cli' render --no-build --no-cache"
    timed cli "berth --help (process start)" dotnet "$cli" --help
    timed cli "kubectl version --client" kubectl version --client
  done
  {
    echo "## CLI: a repeated command in $(realpath --relative-to="$repo" "$project_dir") (load average before $before, after $(load))"
    echo
    table cli "berth render --no-build (startup cache)" "berth render --no-build (startup cache)=0.5"
    echo
  } | tee -a "$report"
fi

# ---------------------------------------------------------------------------------------------------- analyzer
if [[ " $parts " == *" analyzer "* ]]; then
  analyzer_count="${ANALYZER_COUNT:-1000}"
  adir="$bench/analyzer-$analyzer_count"
  echo "== analyzer: building the analyzers and generator (Release), generating $analyzer_count apps in $adir" >&2
  "$here/analyzer/run.sh" generate "$analyzer_count" "$adir" >&2
  berth_args=(-p:BerthAnalyzers="$repo/analyzers/Berth.Analyzers/bin/Release/netstandard2.0"
    -p:BerthGenerator="$repo/src/Berth.Generator/bin/Release/netstandard2.0/Berth.Generator.dll")
  compile=(dotnet build "$adir/Fleet.csproj" -t:Rebuild --no-restore -v:q -nologo)
  "${compile[@]}" "${berth_args[@]}" >"$bench/analyzer-warm.out" 2>&1 || { cat "$bench/analyzer-warm.out" >&2; exit 1; }
  echo "== analyzer: $runs interleaved rounds" >&2
  before="$(load)"
  for ((r = 1; r <= runs; r++)); do
    timed analyzer "compile, RunAnalyzers=false" "${compile[@]}" -p:RunAnalyzers=false
    timed analyzer "SDK analyzers only" "${compile[@]}" -p:BerthAnalyzers=none
    timed analyzer "Berth analyzers + generator (+ SDK analyzers)" "${compile[@]}" "${berth_args[@]}"
    found=$(grep -o 'warning BERTH055.*' "$bench/last.out" | sort -u | wc -l) # the build prints each warning twice
    [ "$found" -eq "$analyzer_count" ] || { echo "FAILED: Berth build reported $found BERTH055 warnings, expected $analyzer_count" >&2; exit 1; }
  done
  {
    echo "## Analyzer: compile of $analyzer_count apps (load average before $before, after $(load))"
    echo
    echo "Each Berth build reported the $analyzer_count BERTH055 warnings (one per app). Read the CPU column on a shared machine."
    echo
    table analyzer "compile, RunAnalyzers=false"
    echo
    awk -F'\t' '
      function median(list,   n, a, i, j, t) {
        n = split(list, a, " ")
        for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
        return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
      }
      $1 == "analyzer" { cpu[$2] = cpu[$2] " " ($4 + $5) }
      END {
        none = median(cpu["compile, RunAnalyzers=false"]); sdk = median(cpu["SDK analyzers only"]); berth = median(cpu["Berth analyzers + generator (+ SDK analyzers)"])
        pct = (berth - none) / none * 100
        printf "Analyzers + generator add %.2f s of CPU (%.0f %%) to the compile without analyzers: target ≤ 10 %%: %s. Of that, the SDK analyzers alone add %.2f s; the Berth analyzers and generator add %.2f s (%.0f %%) on top of them.\n", \
          berth - none, pct, (pct <= 10 ? "met" : "**NOT met**"), sdk - none, berth - sdk, (berth - sdk) / none * 100
      }' "$times"
    echo
  } | tee -a "$report"
fi

# ---------------------------------------------------------------------------------------------------- build (issue 11 target 4)
if [[ " $parts " == *" build "* ]]; then
  # The Berth package packed from this tree into a local feed (as tests/Berth.Package.Tests' PackageFixture does), and
  # two copies of one BUILD_COUNT-app project that references it as users do: "on" (Berth as shipped) and "off" (the
  # package's analyzers and generator removed from the compilation and BerthGenerateManifests=false; the package has no
  # one switch for its analyzers and generator: RunAnalyzers=false still runs generators, so "off" removes the
  # package's Analyzer items). Two folders, so that neither configuration's switch invalidates the other's build.
  build_count="${BUILD_COUNT:-100}"
  # As users run it: MSBuild node reuse and the compiler server on, whatever this machine's environment turns off (the
  # servers started here exit by themselves when idle).
  as_user=(env -u MSBUILDDISABLENODEREUSE -u UseSharedCompilation -u DOTNET_CLI_USE_MSBUILD_SERVER)
  bdir="$bench/build"
  echo "== packing the Berth package into $bdir/feed" >&2
  rm -rf "$bdir"
  mkdir -p "$bdir/feed"
  dotnet pack "$repo/src/Berth.Package/Berth.Package.csproj" -c Release -o "$bdir/feed" -v:q -nologo | grep -E " error |rror\(s\)" >&2 || true
  package="$(ls "$bdir"/feed/Berth.*.nupkg | grep -v '\.symbols\.' | head -1)"
  version="$(basename "$package" .nupkg)"; version="${version#Berth.}"
  # Berth comes from the feed only (a Berth of the same version in the machine's packages folder is not this tree's);
  # everything else from the machine's packages folder, restored into the benchmark's own packages folder.
  cat >"$bdir/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="berth-bench-feed" value="$bdir/feed" />
    <add key="machine-packages" value="${NUGET_PACKAGES:-$HOME/.nuget/packages}" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="berth-bench-feed"><package pattern="Berth" /></packageSource>
    <packageSource key="machine-packages"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
EOF
  echo "<Project />" >"$bdir/Directory.Build.props"
  echo "<Project />" >"$bdir/Directory.Build.targets"
  for config in on off; do
    d="$bdir/$config"
    mkdir -p "$d"
    {
      echo '<Project Sdk="Microsoft.NET.Sdk">'
      echo '  <PropertyGroup>'
      echo '    <OutputType>Exe</OutputType>'
      echo '    <TargetFramework>net10.0</TargetFramework>'
      echo '    <Nullable>enable</Nullable>'
      echo "    <RestorePackagesPath>$bdir/packages</RestorePackagesPath>"
      [ "$config" = off ] && echo '    <BerthGenerateManifests>false</BerthGenerateManifests>'
      echo '  </PropertyGroup>'
      echo '  <ItemGroup>'
      echo "    <PackageReference Include=\"Berth\" Version=\"$version\" />"
      echo '  </ItemGroup>'
      if [ "$config" = off ]; then
        echo '  <Target Name="BenchBerthAnalyzersOff" BeforeTargets="CoreCompile">'
        echo '    <ItemGroup><Analyzer Remove="@(Analyzer)" Condition="'"'"'%(Analyzer.NuGetPackageId)'"'"' == '"'"'Berth'"'"'" /></ItemGroup>'
        echo '  </Target>'
      fi
      echo '</Project>'
    } >"$d/Fleet.csproj"
    # The realistic apps written out as source (shared/realistic-apps.sh), ten to a file, in one partial [Manifests]
    # class.
    per_file=10
    for ((f = 0; f * per_file < build_count; f++)); do
      {
        echo "using Berth;"
        echo "namespace Fleet;"
        echo "public static partial class Apps"
        echo "{"
        end=$(((f + 1) * per_file < build_count ? (f + 1) * per_file : build_count))
        realistic_apps $((f * per_file)) "$end" "=>"
        echo "}"
      } >"$d/Apps$f.cs"
    done
    printf 'using Berth;\nnamespace Fleet;\n[Manifests]\npublic static partial class Apps\n{\n}\n' >"$d/Manifests.cs"
    printf 'namespace Fleet;\npublic static class Program\n{\n    public static int Main() => Unrelated.Answer() > 0 ? 0 : 1;\n}\n' >"$d/Program.cs"
    printf 'namespace Fleet;\ninternal static class Unrelated\n{\n    public static int Answer() => 1;\n}\n' >"$d/Unrelated.cs"
    echo "== restoring and building $d (not timed: it also starts the build server)" >&2
    (cd "$d" && "${as_user[@]}" dotnet build -nologo -v:q >"$bdir/first-$config.out" 2>&1) || { tail -n 30 "$bdir/first-$config.out" >&2; exit 1; }
  done
  [ -f "$bdir/on/bin/Debug/net10.0/manifests/index.json" ] || { echo "FAILED: the on build wrote no manifests" >&2; exit 1; }
  [ ! -d "$bdir/off/bin/Debug/net10.0/manifests" ] || { echo "FAILED: the off build wrote manifests" >&2; exit 1; }
  echo "== build, $build_count apps: $runs interleaved rounds" >&2
  before="$(load)"
  edit=0
  for ((r = 1; r <= runs; r++)); do
    for config in on off; do
      d="$bdir/$config"
      touch "$d/Unrelated.cs"
      timed build "edit-build (touch Unrelated.cs), $config" "${as_user[@]}" bash -c "cd '$d' && dotnet build -nologo"
      edit=$((edit + 1))
      sed -i -E "s/=> [0-9]+;/=> $((edit + 1));/" "$d/Unrelated.cs"
      timed build "edit-build (edit Unrelated.cs), $config" "${as_user[@]}" bash -c "cd '$d' && dotnet build -nologo"
      timed build "no-op build, $config" "${as_user[@]}" bash -c "cd '$d' && dotnet build -nologo"
    done
  done
  {
    echo "## Build, $build_count apps (load average before $before, after $(load))"
    echo
    echo "\`dotnet build\` (build server on, as users run it) of one project referencing the Berth package packed from this tree, its apps the realistic app written out as source over $(( (build_count + 9) / 10 )) files; \"off\" is the same project with the package's analyzers and generator removed from the compilation and BerthGenerateManifests=false. Edit-build (touch): Unrelated.cs touched, same content; edit-build (edit): a number in Unrelated.cs changed (a new assembly, so the writer runs)."
    echo
    table build "edit-build (touch Unrelated.cs), off"
    echo
    awk -F'\t' '$1 == "build" { w[$2] = w[$2] " " $3 }
      function median(list,   n, a, i, j, t) { n = split(list, a, " "); for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }; return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
      END {
        split("edit-build (touch Unrelated.cs)|edit-build (edit Unrelated.cs)", kinds, "|")
        for (i = 1; i <= 2; i++) { on = median(w[kinds[i] ", on"]); off = median(w[kinds[i] ", off"])
          printf "* %s: on %.2f s, off %.2f s: %.2f× (target ≤ 1.15×: %s)\n", kinds[i], on, off, on / off, (on / off <= 1.15 ? "met" : "NOT met") }
        on = median(w["no-op build, on"]); off = median(w["no-op build, off"])
        printf "* no-op build: on %.2f s, off %.2f s: +%.2f s (target ≤ +0.1 s: %s)\n\n", on, off, on - off, (on - off <= 0.1 ? "met" : "NOT met") }' "$times"
  } | tee -a "$report"
fi

mkdir -p "$(dirname "$out_file")"
cp "$report" "$out_file"
echo "== written to $out_file (raw times: $times)" >&2
