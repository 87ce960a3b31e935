#!/usr/bin/env bash
# Stops the Berth test cluster started by eng/cluster/up.sh (etcd,
# kube-apiserver, kube-controller-manager). Idempotent.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=common.sh
. "$HERE/common.sh"
CLUSTER_LOG_TAG=down

# The state dir without trailing slashes, and its canonical form (the two differ
# when a part of it is a symlink); a component's command line names one of them.
STATE_DIR="$BERTH_CLUSTER_DIR"
while [ "${#STATE_DIR}" -gt 1 ] && [ "${STATE_DIR%/}" != "$STATE_DIR" ]; do STATE_DIR="${STATE_DIR%/}"; done
STATE_DIR_CANON="$(readlink -m -- "$STATE_DIR" 2>/dev/null || echo "$STATE_DIR")"

# True if the command line of process $1 names this cluster's state dir or a
# path in it, as an argument or as the value of --flag=VALUE: up.sh gives each
# component such a path (etcd --data-dir, kube-apiserver --cert-dir and certs,
# kube-controller-manager --kubeconfig). Whole path components only, so the
# processes of a cluster in /tmp/berth-cluster-2 never match /tmp/berth-cluster.
# Ports are not used: another developer's cluster may have been started with
# the same ports (its up.sh then failed, or ours will), and it must survive.
names_state_dir() {
  local arg value d
  local -a args=()
  mapfile -d "" -t args 2>/dev/null < "/proc/$1/cmdline" || return 1
  for arg in "${args[@]}"; do
    value="$arg"
    case "$arg" in -*=*) value="${arg#*=}" ;; esac
    for d in "$STATE_DIR" "$STATE_DIR_CANON"; do
      case "$value" in "$d"|"$d"/*) return 0 ;; esac
    done
  done
  return 1
}

# True if process $1 runs one of the cluster's binaries (the cached
# kube-apiserver or kube-controller-manager, or etcd).
runs_cluster_binary() {
  local exe
  exe="$(readlink "/proc/$1/exe" 2>/dev/null || true)"
  case "${exe% (deleted)}" in
    "$APISERVER_BIN"|"$CONTROLLER_MANAGER_BIN"|"$ETCD_BIN") return 0 ;;
  esac
  return 1
}

# PIDs of processes that belong to this cluster even without PID files: those
# running a cluster binary whose command line names this cluster's state dir.
# The binary cache is shared by every cluster on the machine, so the binary
# alone says nothing about which cluster a process belongs to.
stray_pids() {
  local d pid
  for d in /proc/[0-9]*; do
    pid="${d#/proc/}"
    [ "$pid" = "$$" ] && continue
    runs_cluster_binary "$pid" && names_state_dir "$pid" && echo "$pid"
  done
  return 0
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
      # only signal it if it still is a component of this cluster (PIDs get reused)
      if runs_cluster_binary "$pid" && names_state_dir "$pid"; then
        stop_pids "$c" "$pid"
      fi
    fi
    rm -f "$pidfile"
  fi
done

mapfile -t strays < <(stray_pids)
if [ "${#strays[@]}" -gt 0 ]; then
  stop_pids "stray cluster processes" "${strays[@]}"
fi
clog "cluster stopped"
