#!/usr/bin/env bash
# Installs the real test cluster for Berth: etcd (Debian's etcd-server) and
# kube-apiserver + kube-controller-manager 1.20.2 built from Debian's
# `kubernetes` source package with Go 1.15 (from bullseye).
#
# Idempotent: when the binaries are already cached it only makes sure the
# runtime packages are installed. Binaries are cached OUTSIDE the repo in
#   ${BERTH_CLUSTER_CACHE:-/var/cache/berth/kube-1.20.2}/bin
# Must run as root (apt-get). See eng/cluster/README.md.
set -euo pipefail

CACHE="${BERTH_CLUSTER_CACHE:-/var/cache/berth/kube-1.20.2}"
BIN="$CACHE/bin"
KUBE_VERSION="v1.20.2"
RUNTIME_PKGS=(etcd-server openssl curl)
BUILD_PKGS=(etcd-server golang-1.15-go rsync jq build-essential openssl dpkg-dev curl)
SOURCES_FILE=/etc/apt/sources.list.d/berth-kube.sources
PREFS_FILE=/etc/apt/preferences.d/berth-bullseye

log() { printf '[install %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

# Installing etcd-server must not start a system etcd (no init system here, and
# we run our own on non-default ports): block service starts during apt runs.
apt_install() {
  local created_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
    created_policy=1
  fi
  local rc=0
  $SUDO apt-get install -y --no-install-recommends "$@" || rc=$?
  if [ "$created_policy" = 1 ]; then $SUDO rm -f /usr/sbin/policy-rc.d; fi
  return "$rc"
}

missing_pkgs() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}

have_binaries() {
  [ -x "$BIN/kube-apiserver" ] && [ -x "$BIN/kube-controller-manager" ]
}

if have_binaries; then
  mapfile -t missing < <(missing_pkgs "${RUNTIME_PKGS[@]}")
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing runtime packages: ${missing[*]}"
    $SUDO apt-get update -qq || true
    apt_install "${missing[@]}"
  fi
  log "cached binaries present in $BIN; nothing to build"
  exit 0
fi

# --- apt sources: deb-src for bookworm (kubernetes source), deb for bullseye (Go 1.15)
# The mirror URI comes from the machine's own Debian sources file.
debian_uri() {
  local f
  for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    # first stanza whose Suites contain plain "bookworm"
    awk '
      BEGIN { RS=""; FS="\n" }
      {
        uri=""; suites="";
        for (i=1;i<=NF;i++) {
          if ($i ~ /^URIs:/)   { uri=$i;    sub(/^URIs:[ \t]*/, "", uri) }
          if ($i ~ /^Suites:/) { suites=$i; sub(/^Suites:[ \t]*/, "", suites) }
        }
        n=split(suites, s, /[ \t]+/)
        for (j=1;j<=n;j++) if (s[j]=="bookworm" && uri!="") { split(uri,u,/[ \t]+/); print u[1]; exit }
      }' "$f" && return 0
  done
  if [ -f /etc/apt/sources.list ]; then
    awk '$1=="deb" && $3=="bookworm" {print $2; exit}' /etc/apt/sources.list
  fi
}

URI="$(debian_uri | head -n1)"
if [ -z "$URI" ]; then
  echo "install.sh: could not find the Debian bookworm URI in /etc/apt/sources.list.d/*.sources" >&2
  exit 1
fi
log "Debian mirror from apt sources: $URI"

KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
$SUDO tee "$SOURCES_FILE" >/dev/null <<SRC
# Added by Berth eng/cluster/install.sh
Types: deb-src
URIs: $URI
Suites: bookworm
Components: main
Signed-By: $KEYRING

Types: deb
URIs: $URI
Suites: bullseye
Components: main
Signed-By: $KEYRING
SRC

# Nothing comes from bullseye unless asked for: only the Go 1.15 packages.
$SUDO tee "$PREFS_FILE" >/dev/null <<'PREF'
# Added by Berth eng/cluster/install.sh
Package: *
Pin: release n=bullseye
Pin-Priority: 1

Package: golang-1.15 golang-1.15-go golang-1.15-src golang-1.15-doc
Pin: release n=bullseye
Pin-Priority: 500
PREF

log "apt-get update"
$SUDO apt-get update -qq
log "installing build packages: ${BUILD_PKGS[*]}"
apt_install "${BUILD_PKGS[@]}"

GO15=/usr/lib/go-1.15/bin
if [ ! -x "$GO15/go" ]; then
  echo "install.sh: $GO15/go not found after installing golang-1.15-go" >&2
  exit 1
fi

# --- fetch and unpack the kubernetes source
$SUDO mkdir -p "$CACHE"
WORK="$(mktemp -d "${CACHE%/}/build.XXXXXX")"
chmod 755 "$WORK"
if id _apt >/dev/null 2>&1; then chown _apt "$WORK"; fi   # apt-get source downloads as user _apt
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT

log "downloading Debian source package 'kubernetes' into $WORK"
( cd "$WORK" && apt-get source --download-only kubernetes >/dev/null )
ORIG="$(ls "$WORK"/kubernetes_*.orig.tar.* | head -n1)"
log "unpacking $(basename "$ORIG")"
mkdir -p "$WORK/src"
tar -xf "$ORIG" -C "$WORK/src"
SRC="$(find "$WORK/src" -mindepth 1 -maxdepth 1 -type d | head -n1)"
[ -f "$SRC/Makefile" ] || SRC="$WORK/src"
[ -d "$SRC/vendor" ] || { echo "install.sh: vendor/ missing in $ORIG" >&2; exit 1; }

# GOPATH layout as debian/rules sets it up: .go/src/k8s.io/kubernetes -> source tree
mkdir -p "$WORK/.go/src/k8s.io"
ln -s "$SRC" "$WORK/.go/src/k8s.io/kubernetes"

export GOPATH="$WORK/.go"
export GOCACHE="$WORK/.gocache"
export GO111MODULE=off   # GOPATH mode; vendor/ is used from the tree
export PATH="$GO15:$PATH"
export KUBE_GIT_VERSION="$KUBE_VERSION"
export KUBE_GIT_TREE_STATE=clean
export KUBE_GIT_MAJOR=1 KUBE_GIT_MINOR=20
log "building kube-apiserver and kube-controller-manager with $(go version) (takes ~6 min on 2 cores)"
start=$(date +%s)
(
  cd "$WORK/.go/src/k8s.io/kubernetes"
  make WHAT="cmd/kube-apiserver cmd/kube-controller-manager" 2>&1 | sed -u 's/^/  [make] /'
)
log "build finished in $(( $(date +%s) - start ))s"

OUT="$SRC/_output/bin"
[ -x "$OUT/kube-apiserver" ] || OUT="$SRC/_output/local/bin/linux/amd64"
mkdir -p "$BIN.new"
install -m 0755 "$OUT/kube-apiserver" "$OUT/kube-controller-manager" "$BIN.new/"
rm -rf "$BIN"
mv "$BIN.new" "$BIN"
"$BIN/kube-apiserver" --version
log "binaries cached in $BIN"
