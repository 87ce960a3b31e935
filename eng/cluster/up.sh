#!/usr/bin/env bash
# Starts the Berth test cluster: etcd + kube-apiserver + kube-controller-manager
# (Kubernetes 1.20.2, built by eng/cluster/install.sh) on 127.0.0.1.
# State (certs, tokens, etcd data, logs, PID files, kubeconfig) goes to a fresh
# ${BERTH_CLUSTER_DIR:-/tmp/berth-cluster}. If the cluster is already up it is
# stopped and started again from scratch. There is no kubelet: tests run a node
# simulator (tests/Berth.Testing/Cluster/NodeSimulator.cs).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=common.sh
. "$HERE/common.sh"
CLUSTER_LOG_TAG=up

for b in "$APISERVER_BIN" "$CONTROLLER_MANAGER_BIN"; do
  if [ ! -x "$b" ]; then
    echo "up.sh: $b not found; run eng/cluster/install.sh first" >&2
    exit 1
  fi
done
for t in "$ETCD_BIN" openssl kubectl curl; do
  command -v "$t" >/dev/null || { echo "up.sh: '$t' not found (eng/cluster/install.sh installs etcd and openssl)" >&2; exit 1; }
done

start_time=$(date +%s)
"$HERE/down.sh"
case "$BERTH_CLUSTER_DIR" in /|"") echo "up.sh: refusing BERTH_CLUSTER_DIR='$BERTH_CLUSTER_DIR'" >&2; exit 1 ;; esac
rm -rf "$BERTH_CLUSTER_DIR"
mkdir -p "$BERTH_CLUSTER_DIR"/{pki,logs}
chmod 700 "$BERTH_CLUSTER_DIR"
D="$BERTH_CLUSTER_DIR"
PKI="$D/pki"

on_error() {
  echo "up.sh: failed; last log lines:" >&2
  local f
  for f in "$D"/logs/*.log; do
    [ -f "$f" ] || continue
    echo "--- $f" >&2
    tail -n 20 "$f" >&2
  done
  "$HERE/down.sh" >&2 || true
}
trap on_error ERR

# ---------------------------------------------------------------- certificates
clog "generating certificates and tokens in $PKI"
(
  cd "$PKI"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 3650 \
    -subj "/CN=berth-test-ca" 2>/dev/null
  cat > server.ext <<EXT
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost,IP:$SERVICE_FIRST_IP,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local
EXT
  openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr \
    -subj "/CN=kube-apiserver" 2>/dev/null
  openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
    -out apiserver.crt -days 3650 -extfile server.ext 2>/dev/null
  # service-account token signing key pair (apiserver verifies, controller manager's token controller signs)
  openssl genrsa -out sa.key 2048 2>/dev/null
  openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
)
ADMIN_TOKEN="$(openssl rand -hex 24)"
CM_TOKEN="$(openssl rand -hex 24)"
# token,user,uid,"group1,group2"
cat > "$PKI/tokens.csv" <<TOK
$ADMIN_TOKEN,berth-admin,berth-admin,"system:masters"
$CM_TOKEN,system:kube-controller-manager,system:kube-controller-manager,"system:masters"
TOK
chmod 600 "$PKI"/*.key "$PKI/tokens.csv"

CA_DATA="$(base64 -w0 < "$PKI/ca.crt")"
write_kubeconfig() {  # write_kubeconfig FILE USER TOKEN
  cat > "$1" <<KC
apiVersion: v1
kind: Config
clusters:
- name: berth
  cluster:
    server: https://127.0.0.1:$APISERVER_PORT
    certificate-authority-data: $CA_DATA
users:
- name: $2
  user:
    token: $3
contexts:
- name: berth
  context:
    cluster: berth
    user: $2
    namespace: default
current-context: berth
KC
  chmod 600 "$1"
}
write_kubeconfig "$D/controller-manager.kubeconfig" system:kube-controller-manager "$CM_TOKEN"

start() {  # start NAME CMD... : detached, logs to $D/logs/NAME.log, pid to $D/NAME.pid, argv to $D/NAME.args
  local name="$1"; shift
  printf '%s\0' "$@" > "$D/$name.args"   # NUL-separated, for component.sh start
  setsid "$@" </dev/null >"$D/logs/$name.log" 2>&1 &
  echo $! > "$D/$name.pid"
  clog "started $name (pid $!), log $D/logs/$name.log"
}

wait_for() {  # wait_for WHAT TIMEOUT_S PIDNAME CMD... : poll CMD until success
  local what="$1" timeout="$2" pidname="$3"; shift 3
  local deadline=$(( $(date +%s) + timeout ))
  until "$@" >/dev/null 2>&1; do
    if ! kill -0 "$(cat "$D/$pidname.pid")" 2>/dev/null; then
      echo "up.sh: $pidname exited while waiting for $what" >&2
      return 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "up.sh: timed out after ${timeout}s waiting for $what" >&2
      return 1
    fi
    sleep 0.5
  done
  clog "$what: ok"
}

# ------------------------------------------------------------------------ etcd
start etcd "$ETCD_BIN" \
  --name berth \
  --data-dir="$D/etcd" \
  --listen-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" \
  --advertise-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster "berth=http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster-state new \
  --snapshot-count 10000
wait_for "etcd health" 30 etcd curl -fsS "http://127.0.0.1:$ETCD_CLIENT_PORT/health"

# -------------------------------------------------------------- kube-apiserver
start kube-apiserver "$APISERVER_BIN" \
  --etcd-servers="http://127.0.0.1:$ETCD_CLIENT_PORT" \
  --bind-address=127.0.0.1 \
  --advertise-address=127.0.0.1 \
  --secure-port="$APISERVER_PORT" \
  --insecure-port=0 \
  --cert-dir="$D/apiserver-certs" \
  --tls-cert-file="$PKI/apiserver.crt" \
  --tls-private-key-file="$PKI/apiserver.key" \
  --client-ca-file="$PKI/ca.crt" \
  --token-auth-file="$PKI/tokens.csv" \
  --authorization-mode=RBAC \
  --service-account-key-file="$PKI/sa.pub" \
  --service-account-signing-key-file="$PKI/sa.key" \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --api-audiences=https://kubernetes.default.svc.cluster.local \
  --service-cluster-ip-range="$SERVICE_CIDR" \
  --endpoint-reconciler-type=none \
  --allow-privileged=true \
  --profiling=false \
  --v=1
write_kubeconfig "$KUBECONFIG_FILE" berth-admin "$ADMIN_TOKEN"
wait_for "kube-apiserver /readyz" 90 kube-apiserver \
  kubectl --kubeconfig "$KUBECONFIG_FILE" get --raw /readyz
wait_for "namespace default" 30 kube-apiserver \
  kubectl --kubeconfig "$KUBECONFIG_FILE" get namespace default

# ----------------------------------------------------- kube-controller-manager
# nodelifecycle is off: simulated nodes have no kubelet and must not be tainted/evicted.
start kube-controller-manager "$CONTROLLER_MANAGER_BIN" \
  --kubeconfig="$D/controller-manager.kubeconfig" \
  --controllers='*,-nodelifecycle' \
  --leader-elect=false \
  --use-service-account-credentials=false \
  --service-account-private-key-file="$PKI/sa.key" \
  --root-ca-file="$PKI/ca.crt" \
  --cluster-signing-cert-file="$PKI/ca.crt" \
  --cluster-signing-key-file="$PKI/ca.key" \
  --flex-volume-plugin-dir="$D/flexvolume" \
  --address=127.0.0.1 \
  --port="$CONTROLLER_MANAGER_PORT" \
  --secure-port=0 \
  --profiling=false \
  --v=1
wait_for "kube-controller-manager /healthz" 60 kube-controller-manager \
  curl -fsS "http://127.0.0.1:$CONTROLLER_MANAGER_PORT/healthz"
# The token controller must be working before pods can be admitted (ServiceAccount admission).
wait_for "service account default/default with token" 60 kube-controller-manager \
  bash -c "kubectl --kubeconfig '$KUBECONFIG_FILE' -n default get serviceaccount default -o jsonpath='{.secrets[0].name}' | grep -q ."

trap - ERR
clog "cluster up in $(( $(date +%s) - start_time ))s (apiserver https://127.0.0.1:$APISERVER_PORT, etcd 127.0.0.1:$ETCD_CLIENT_PORT)"
clog "kubeconfig: $KUBECONFIG_FILE"
echo "$KUBECONFIG_FILE"
