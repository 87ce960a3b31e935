#!/usr/bin/env bash
# Stops the Berth test cluster started by eng/cluster/up.sh (etcd,
# kube-apiserver, kube-controller-manager). Idempotent.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=common.sh
. "$HERE/common.sh"
CLUSTER_LOG_TAG=down

# PIDs of processes that belong to this cluster even without PID files: any
# process running one of the cached kube binaries, or an etcd whose data dir
# is in the state dir.
stray_pids() {
  local d pid exe cmd
  for d in /proc/[0-9]*; do
    pid="${d#/proc/}"
    [ "$pid" = "$$" ] && continue
    exe="$(readlink "$d/exe" 2>/dev/null || true)"
    [ -n "$exe" ] || continue
    exe="${exe% (deleted)}"
    case "$exe" in
      "$BERTH_CLUSTER_BIN"/*|"$BERTH_CLUSTER_DIR"/*) echo "$pid"; continue ;;
    esac
    if [ "$exe" = "$ETCD_BIN" ]; then
      cmd="$(tr '\0' ' ' < "$d/cmdline" 2>/dev/null || true)"
      case "$cmd" in *"--data-dir=$BERTH_CLUSTER_DIR/"*) echo "$pid" ;; esac
    fi
  done
}

alive() { kill -0 "$1" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }

# A stopped process may stay a zombie until its parent (often init) reaps it:
# give that a moment so that `pgrep` right after down.sh shows nothing.
wait_reaped() {
  local p i
  for p in "$@"; do
    for i in $(seq 1 30); do
      [ -e "/proc/$p" ] || break
      sleep 0.1
    done
  done
}

stop_pids() {  # stop_pids NAME PID... : TERM, wait up to 20s, then KILL
  local name="$1"; shift
  local pids=() p
  for p in "$@"; do alive "$p" && pids+=("$p"); done
  [ "${#pids[@]}" -gt 0 ] || return 0
  clog "stopping $name (pid ${pids[*]})"
  kill -TERM "${pids[@]}" 2>/dev/null || true
  local i
  for i in $(seq 1 100); do
    local left=()
    for p in "${pids[@]}"; do alive "$p" && left+=("$p"); done
    [ "${#left[@]}" -gt 0 ] || { wait_reaped "${pids[@]}"; return 0; }
    sleep 0.2
  done
  clog "$name did not exit after SIGTERM; sending SIGKILL"
  kill -KILL "${pids[@]}" 2>/dev/null || true
  for i in $(seq 1 50); do
    local left=()
    for p in "${pids[@]}"; do alive "$p" && left+=("$p"); done
    [ "${#left[@]}" -gt 0 ] || { wait_reaped "${pids[@]}"; return 0; }
    sleep 0.1
  done
  echo "down.sh: could not stop $name: ${pids[*]}" >&2
  return 1
}

for c in "${COMPONENTS[@]}"; do
  pidfile="$BERTH_CLUSTER_DIR/$c.pid"
  if [ -f "$pidfile" ]; then
    pid="$(cat "$pidfile" 2>/dev/null || true)"
    if [[ "$pid" =~ ^[0-9]+$ ]]; then
      # only signal it if it still is that component (PIDs get reused)
      exe="$(readlink "/proc/$pid/exe" 2>/dev/null || true)"
      case "${exe% (deleted)}" in
        "$APISERVER_BIN"|"$CONTROLLER_MANAGER_BIN"|"$ETCD_BIN") stop_pids "$c" "$pid" ;;
      esac
    fi
    rm -f "$pidfile"
  fi
done

mapfile -t strays < <(stray_pids)
if [ "${#strays[@]}" -gt 0 ]; then
  stop_pids "stray cluster processes" "${strays[@]}"
fi
clog "cluster stopped"
