#!/usr/bin/env bash
# Runs every test project of Dsl.sln against a real Kubernetes API server and controller manager.
# Installs and starts the test cluster (eng/cluster), runs `dotnet test`, stops the cluster, and ends with
# one line "N passed, N failed, N skipped" summing all test projects. Exit code: 0 only if nothing failed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

results="$(mktemp -d /tmp/berth-test-results.XXXXXX)"
cleanup() { bash "$root/eng/cluster/down.sh" >/dev/null 2>&1 || true; }
trap cleanup EXIT

echo "==> test cluster: install (cached after the first run) and start"
bash eng/cluster/install.sh
bash eng/cluster/up.sh
export BERTH_KUBECONFIG="${BERTH_CLUSTER_DIR:-/tmp/berth-cluster}/kubeconfig"

echo "==> build"
dotnet build Dsl.sln -c Release -nologo -v q

echo "==> test"
set +e
# -m:1: one test project at a time. The client and CLI tests share one cluster and each runs a node
# simulator; running them side by side would let one simulator act on the other's pods.
dotnet test Dsl.sln -c Release --no-build -nologo -m:1 --logger "trx" --results-directory "$results" "$@"
status=$?
set -e

passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  total=$(get total); p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout); a=$(get aborted)
  passed=$((passed + p)); failed=$((failed + f + e + t + a))
  skipped=$((skipped + total - p - f - e - t - a))
done
if [ "$files" -eq 0 ]; then echo "no test results were written"; failed=$((failed + 1)); fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then echo "dotnet test exited with $status"; failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
