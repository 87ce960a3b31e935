#!/usr/bin/env bash
# Stops or starts one component of the running Berth test cluster, for tests that
# need an API server outage or a stopped controller manager (garbage collector):
#   eng/cluster/component.sh stop  kube-apiserver|kube-controller-manager|etcd
#   eng/cluster/component.sh start kube-apiserver|kube-controller-manager|etcd
# stop: SIGTERM to the PID in $BERTH_CLUSTER_DIR/NAME.pid (SIGKILL after 20 s),
# only if that process still is this cluster's component. start: runs again the
# exact command line up.sh used (recorded NUL-separated in $BERTH_CLUSTER_DIR/NAME.args),
# appending to its log, and waits until it is healthy. Both are idempotent.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=common.sh
. "$HERE/common.sh"
CLUSTER_LOG_TAG=component

usage() { echo "usage: component.sh stop|start kube-apiserver|kube-controller-manager|etcd" >&2; exit 2; }
[ $# -eq 2 ] || usage
action="$1" name="$2"
case "$name" in kube-apiserver|kube-controller-manager|etcd) ;; *) usage ;; esac
D="$BERTH_CLUSTER_DIR"
pidfile="$D/$name.pid"
argsfile="$D/$name.args"

alive() { kill -0 "$1" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }

# The PID of the running component, if the PID file names a live process whose
# command line is the one recorded (PIDs get reused).
running_pid() {
  [ -f "$pidfile" ] || return 1
  local pid
  pid="$(cat "$pidfile" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] && alive "$pid" || return 1
  # not cmp -s: it compares sizes first, and /proc files have none
  cmp "/proc/$pid/cmdline" "$argsfile" >/dev/null 2>&1 || return 1
  echo "$pid"
}

healthy() {
  case "$name" in
    etcd) curl -fsS "http://127.0.0.1:$ETCD_CLIENT_PORT/health" ;;
    kube-apiserver) kubectl --kubeconfig "$KUBECONFIG_FILE" get --raw /readyz ;;
    kube-controller-manager) curl -fsS "http://127.0.0.1:$CONTROLLER_MANAGER_PORT/healthz" ;;
  esac
}

case "$action" in
  stop)
    if pid="$(running_pid)"; then
      clog "stopping $name (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do alive "$pid" || break; sleep 0.2; done
      if alive "$pid"; then
        clog "$name did not exit after SIGTERM; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do alive "$pid" || break; sleep 0.1; done
      fi
      alive "$pid" && { echo "component.sh: could not stop $name (pid $pid)" >&2; exit 1; }
      clog "$name stopped"
    else
      clog "$name is not running"
    fi
    ;;
  start)
    [ -f "$argsfile" ] || { echo "component.sh: $argsfile not found; start the cluster with eng/cluster/up.sh" >&2; exit 1; }
    if pid="$(running_pid)"; then
      clog "$name already running (pid $pid)"
      exit 0
    fi
    mapfile -d '' -t argv < "$argsfile"
    setsid "${argv[@]}" </dev/null >>"$D/logs/$name.log" 2>&1 &
    echo $! > "$pidfile"
    clog "started $name (pid $!)"
    deadline=$(( $(date +%s) + 90 ))
    until healthy >/dev/null 2>&1; do
      alive "$(cat "$pidfile")" || { echo "component.sh: $name exited; see $D/logs/$name.log" >&2; tail -n 20 "$D/logs/$name.log" >&2; exit 1; }
      [ "$(date +%s)" -lt "$deadline" ] || { echo "component.sh: $name not healthy after 90s" >&2; exit 1; }
      sleep 0.3
    done
    clog "$name healthy"
    ;;
  *) usage ;;
esac
