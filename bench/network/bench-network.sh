#!/usr/bin/env bash
# Network set-up benchmark (issue 5): start N (default 50) detached busybox containers on the default bridge and N
# with --network none, for Wharf, Podman and dockerd in one run. The difference per container is what bridge
# networking costs each engine per `run`. For Wharf it also prints the in-process set-up time the daemon logs
# ("network set-up of <id> took N us": namespace, veth, address, routes, /etc files, nft). Not part of the test suite.
#
#   bench/network/bench-network.sh [N]
#
# Needs: a built tree (mvn -Dwharf.target=target-net -pl host-daemon,test-support -am package -Dmaven.test.skip), root,
# docker CLI, docker-registry; podman and dockerd when present (each is skipped when missing). Everything runs on
# private paths under a temp dir. dockerd gets its own pre-made bridge and --iptables=false (so that it leaves no
# iptables chains behind), which makes its figure a lower bound. Podman runs with a private network config dir.
set -euo pipefail

N=${1:-50}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TARGET=${WHARF_TARGET:-target-net}
DAEMON_JAR=${DAEMON_JAR:-$ROOT/host-daemon/$TARGET/wharf-daemon.jar}
SEED_JAR=${SEED_JAR:-$ROOT/test-support/$TARGET/wharf-seed.jar}
WORK=$(mktemp -d /tmp/wharf-bench-net.XXXXXX)
BRIDGE=whbn$$
PIDS=()
# podman's CNI bridge plugin leaves its bridge and iptables-nft tables behind; remove them at the end only when
# they were not there before
HAD_CNI_BRIDGE=$(ip link show cni-podman0 >/dev/null 2>&1 && echo 1 || echo 0)
HAD_NAT=$(nft list table ip nat >/dev/null 2>&1 && echo 1 || echo 0)
HAD_FILTER=$(nft list table ip filter >/dev/null 2>&1 && echo 1 || echo 0)

log() { echo "[bench-network] $*" >&2; }

cleanup() {
  set +e
  [ -S "$WORK/wh/docker.sock" ] && wh rm -f $(wh ps -aq) >/dev/null 2>&1
  [ -S "$WORK/dk/docker.sock" ] && dk rm -f $(dk ps -aq) >/dev/null 2>&1
  [ -d "$WORK/pm" ] && pm rm -a -f >/dev/null 2>&1
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  sleep 2
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
  grep -o " $WORK[^ ]*" /proc/self/mountinfo | sort -r | while read -r m; do umount -l "$m" 2>/dev/null; done
  ip link del "$BRIDGE" 2>/dev/null
  [ "$HAD_CNI_BRIDGE" = 1 ] || ip link del cni-podman0 2>/dev/null
  [ "$HAD_NAT" = 1 ] || nft delete table ip nat 2>/dev/null
  [ "$HAD_FILTER" = 1 ] || nft delete table ip filter 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

for f in "$DAEMON_JAR" "$SEED_JAR"; do
  [ -f "$f" ] || { log "missing $f: build first"; exit 2; }
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
wait_sock() { for _ in $(seq 300); do [ -S "$1" ] && return 0; sleep 0.1; done; log "no socket $1"; exit 1; }

# a local registry with the busybox fixture, pulled by every engine
PORT=$(free_port)
mkdir -p "$WORK/reg/storage"
cat > "$WORK/reg/config.yml" <<YML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $WORK/reg/storage}}
http: {addr: "127.0.0.1:$PORT", secret: bench}
YML
docker-registry serve "$WORK/reg/config.yml" > "$WORK/reg/log" 2>&1 & PIDS+=($!)
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/v2/" >/dev/null && break; sleep 0.1; done
java -jar "$SEED_JAR" --registry "127.0.0.1:$PORT" >/dev/null
REF=127.0.0.1:$PORT/busybox:latest

declare -A TIMES
run_batch() { # engine-function, extra run args... → prints ms for N detached runs, then removes them
  local eng=$1; shift
  local t0 t1
  t0=$(now_ms)
  for i in $(seq "$N"); do $eng run -d "$@" "$REF" sleep 3600 >/dev/null; done
  t1=$(now_ms)
  $eng rm -f $($eng ps -aq) >/dev/null 2>&1 || true
  echo $((t1 - t0))
}
measure() { # name, engine-function
  local name=$1 eng=$2 none bridge
  $eng run --rm "$REF" true >/dev/null   # warm-up
  none=$(run_batch "$eng" --network none)
  bridge=$(run_batch "$eng")
  TIMES[$name]="$none $bridge"
  log "$name: $N runs: none ${none} ms, bridge ${bridge} ms"
}

# Wharf
mkdir -p "$WORK/wh"
java -jar "$DAEMON_JAR" --data-root "$WORK/wh/data" --exec-root "$WORK/wh/exec" -H "unix://$WORK/wh/docker.sock" \
  --log-level debug > "$WORK/wh/log" 2>&1 & PIDS+=($!)
wait_sock "$WORK/wh/docker.sock"
wh() { DOCKER_HOST="unix://$WORK/wh/docker.sock" DOCKER_CONFIG="$WORK/wh/cli" docker "$@"; }
wh pull -q "$REF" >/dev/null
measure wharf wh

if command -v dockerd >/dev/null; then
  mkdir -p "$WORK/dk"
  ip link add "$BRIDGE" type bridge && ip addr add 10.213.78.1/24 dev "$BRIDGE" && ip link set "$BRIDGE" up
  echo "{\"deprecated-key-path\": \"$WORK/dk/key.json\", \"insecure-registries\": [\"127.0.0.1:$PORT\"]}" > "$WORK/dk/daemon.json"
  dockerd --config-file "$WORK/dk/daemon.json" --data-root "$WORK/dk/data" --exec-root "$WORK/dk/exec" \
    --pidfile "$WORK/dk/pid" -H "unix://$WORK/dk/docker.sock" --bridge "$BRIDGE" --iptables=false --ip-masq=false \
    > "$WORK/dk/log" 2>&1 & PIDS+=($!)
  wait_sock "$WORK/dk/docker.sock"
  dk() { DOCKER_HOST="unix://$WORK/dk/docker.sock" DOCKER_CONFIG="$WORK/dk/cli" docker "$@"; }
  dk pull -q "$REF" >/dev/null
  measure dockerd dk
fi

if command -v podman >/dev/null; then
  mkdir -p "$WORK/pm/net"
  pm() {
    if [ "$1" = run ]; then shift; set -- run --ulimit nofile=20000:20000 --ulimit nproc=32768:32768 "$@"; fi
    podman --root "$WORK/pm/root" --runroot "$WORK/pm/run" --network-config-dir "$WORK/pm/net" --runtime runc \
      --cgroup-manager cgroupfs "$@"
  }
  pm pull -q --tls-verify=false "$REF" >/dev/null
  measure podman pm
fi

printf '\n%s detached `run`s of busybox, default bridge vs --network none\n' "$N"
printf '%-8s %10s %10s %16s\n' engine none_ms bridge_ms net_ms_per_run
for t in wharf dockerd podman; do
  [ -n "${TIMES[$t]:-}" ] || continue
  read -r none bridge <<< "${TIMES[$t]}"
  printf '%-8s %10s %10s %16s\n' "$t" "$none" "$bridge" "$(awk -v a="$bridge" -v b="$none" -v n="$N" 'BEGIN{printf "%.1f", (a-b)/n}')"
done
grep -o 'network set-up of [0-9a-f]* took [0-9]* us' "$WORK/wh/log" | awk '{print $NF=="us" ? $(NF-1) : $NF}' \
  | sort -n | awk '{a[NR]=$1} END {if (NR) printf "wharf in-process network set-up: median %.2f ms, max %.2f ms over %d\n", a[int((NR+1)/2)]/1000, a[NR]/1000, NR}'
