# Shared settings for eng/cluster/{up,down}.sh. Sourced, not executed.
# shellcheck shell=bash
BERTH_CLUSTER_CACHE="${BERTH_CLUSTER_CACHE:-/var/cache/berth/kube-1.20.2}"
BERTH_CLUSTER_DIR="${BERTH_CLUSTER_DIR:-/tmp/berth-cluster}"
BERTH_CLUSTER_BIN="$BERTH_CLUSTER_CACHE/bin"

ETCD_CLIENT_PORT="${BERTH_ETCD_CLIENT_PORT:-12379}"
ETCD_PEER_PORT="${BERTH_ETCD_PEER_PORT:-12380}"
APISERVER_PORT="${BERTH_APISERVER_PORT:-16443}"
CONTROLLER_MANAGER_PORT="${BERTH_CONTROLLER_MANAGER_PORT:-16252}"   # plain-HTTP /healthz on 127.0.0.1
SERVICE_CIDR="${BERTH_SERVICE_CIDR:-10.233.0.0/24}"                 # never routed; only allocates ClusterIPs
SERVICE_FIRST_IP="${BERTH_SERVICE_FIRST_IP:-10.233.0.1}"

ETCD_BIN="$(command -v etcd || echo /usr/bin/etcd)"
APISERVER_BIN="$BERTH_CLUSTER_BIN/kube-apiserver"
CONTROLLER_MANAGER_BIN="$BERTH_CLUSTER_BIN/kube-controller-manager"
KUBECONFIG_FILE="$BERTH_CLUSTER_DIR/kubeconfig"

COMPONENTS=(kube-controller-manager kube-apiserver etcd)   # stop order

clog() { printf '[%s %s] %s\n' "${CLUSTER_LOG_TAG:-cluster}" "$(date +%H:%M:%S)" "$*"; }
