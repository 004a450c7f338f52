#!/usr/bin/env bash
# Container run benchmark (issue 4), one run, every engine on private paths under a temp dir:
#  1. `run --rm busybox true`, R times (default 20, after 3 warm-ups): Wharf vs dockerd vs Podman, and the floor:
#     bare `runc run` / `crun run` of the same busybox bundle. Median/min/max in ms, and ratios to dockerd.
#  2. N (default 50) detached `run -d busybox sleep 3600`: total time per engine.
#  3. Engine memory (PSS, /proc/PID/smaps_rollup) idle and with the N containers: Wharf = daemon + its conmons;
#     dockerd = dockerd + containerd + shims; Podman = its conmons (no daemon).
#
#   bench/containers/bench-run.sh [R] [N]
#
# Needs: a built tree (mvn -Dwharf.target=target-ctr -pl host-daemon,test-support -am package -Dmaven.test.skip), root,
# docker CLI, docker-registry, runc; crun, dockerd (with containerd) and podman when present (each skipped when
# missing). dockerd runs with --bridge "$BRIDGE" --iptables=false and Wharf/Podman with --network none, so that the
# figures compare the container path, not the network set-up (bench/network covers that). Not part of the tests.
set -euo pipefail

R=${1:-20}
N=${2:-50}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TARGET=${WHARF_TARGET:-target-ctr}
DAEMON_JAR=${DAEMON_JAR:-$ROOT/host-daemon/$TARGET/wharf-daemon.jar}
SEED_JAR=${SEED_JAR:-$ROOT/test-support/$TARGET/wharf-seed.jar}
WORK=$(mktemp -d /tmp/wharf-bench-run.XXXXXX)
BRIDGE=whbr$$
PIDS=()

log() { echo "[bench-run] $*" >&2; }

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
  for h in /sys/fs/cgroup/*/; do for d in "$h"wharfbench* ; do [ -d "$d" ] && rmdir "$d"/* "$d" 2>/dev/null; done; done
  rm -rf "$WORK"
}
trap cleanup EXIT

for f in "$DAEMON_JAR" "$SEED_JAR"; do
  [ -f "$f" ] || { log "missing $f: build first"; exit 2; }
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
wait_sock() { for _ in $(seq 600); do [ -S "$1" ] && return 0; sleep 0.1; done; log "no socket $1"; exit 1; }
pss_kb() { local t=0 p v; for p in "$@"; do v=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0); t=$((t + ${v:-0})); done; echo "$t"; }
stats() { sort -n | awk '{a[NR]=$1} END {printf "%d %d %d", a[int((NR+1)/2)], a[1], a[NR]}'; }

declare -A RUN MEM BATCH

# time R runs of a command (after 3 warm-ups); prints "median min max"
time_runs() {
  local i t0
  for i in 1 2 3; do "$@" >/dev/null; done
  for i in $(seq "$R"); do t0=$(date +%s%N); "$@" >/dev/null; echo $(( ($(date +%s%N) - t0) / 1000000 )); done | stats
}

# a local registry with the busybox fixture
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

engine() { # name, cli-function, pids-function, run args...
  local name=$1 cli=$2 pids=$3 t0 t1; shift 3
  RUN[$name]=$(time_runs $cli run --rm "$@" "$REF" true)
  MEM[$name.idle]=$(pss_kb $($pids))
  t0=$(now_ms)
  for i in $(seq "$N"); do $cli run -d "$@" "$REF" sleep 3600 >/dev/null; done
  t1=$(now_ms)
  BATCH[$name]=$((t1 - t0))
  MEM[$name.busy]=$(pss_kb $($pids))
  $cli rm -f $($cli ps -aq) >/dev/null 2>&1 || true
  log "$name: run --rm ${RUN[$name]} (median min max ms); $N detached in ${BATCH[$name]} ms; PSS ${MEM[$name.idle]} -> ${MEM[$name.busy]} kB"
}

# Wharf
mkdir -p "$WORK/wh"
java -jar "$DAEMON_JAR" --data-root "$WORK/wh/data" --exec-root "$WORK/wh/exec" -H "unix://$WORK/wh/docker.sock" \
  > "$WORK/wh/log" 2>&1 & WH_PID=$!; PIDS+=($WH_PID)
wait_sock "$WORK/wh/docker.sock"
wh() { DOCKER_HOST="unix://$WORK/wh/docker.sock" DOCKER_CONFIG="$WORK/wh/cli" docker "$@"; }
wh_pids() { echo "$WH_PID"; pgrep -f "conmon .*-b $WORK/wh/" || true; }
for _ in $(seq 100); do wh version >/dev/null 2>&1 && break; sleep 0.2; done
wh pull -q "$REF" >/dev/null
engine wharf wh wh_pids --network none

if command -v dockerd >/dev/null && command -v containerd >/dev/null; then
  mkdir -p "$WORK/dk"
  # its own bridge: a second dockerd with --bridge none would delete another one's docker0
  ip link add "$BRIDGE" type bridge && ip addr add 10.213.79.1/24 dev "$BRIDGE" && ip link set "$BRIDGE" up
  echo "{\"deprecated-key-path\": \"$WORK/dk/key.json\", \"insecure-registries\": [\"127.0.0.1:$PORT\"]}" > "$WORK/dk/daemon.json"
  dockerd --config-file "$WORK/dk/daemon.json" --data-root "$WORK/dk/data" --exec-root "$WORK/dk/exec" \
    --pidfile "$WORK/dk/pid" -H "unix://$WORK/dk/docker.sock" --bridge "$BRIDGE" --iptables=false --ip-masq=false \
    > "$WORK/dk/log" 2>&1 & DK_PID=$!; PIDS+=($DK_PID)
  wait_sock "$WORK/dk/docker.sock"
  dk() { DOCKER_HOST="unix://$WORK/dk/docker.sock" DOCKER_CONFIG="$WORK/dk/cli" docker "$@"; }
  dk_pids() { echo "$DK_PID"; pgrep -P "$DK_PID" || true; pgrep -f "containerd-shim.*$WORK/dk/" || true; }
  dk pull -q "$REF" >/dev/null
  engine dockerd dk dk_pids --network none
fi

if command -v podman >/dev/null; then
  mkdir -p "$WORK/pm/net"
  pm() {
    if [ "$1" = run ]; then shift; set -- run --ulimit nofile=20000:20000 --ulimit nproc=32768:32768 "$@"; fi
    podman --root "$WORK/pm/root" --runroot "$WORK/pm/run" --network-config-dir "$WORK/pm/net" --runtime runc \
      --cgroup-manager cgroupfs "$@"
  }
  pm_pids() { pgrep -f "conmon .*$WORK/pm/" || true; }
  pm pull -q --tls-verify=false "$REF" >/dev/null
  engine podman pm pm_pids --network none
fi

# the floor: the bare runtimes on one bundle of the same rootfs
mkdir -p "$WORK/bundle/rootfs/bin" "$WORK/bundle/rootfs/proc" "$WORK/bundle/rootfs/dev" "$WORK/bundle/rootfs/sys"
cp /bin/busybox "$WORK/bundle/rootfs/bin/busybox"
ln -s busybox "$WORK/bundle/rootfs/bin/true"
(cd "$WORK/bundle" && runc spec && python3 - <<'PY'
import json
c = json.load(open('config.json'))
c['process']['terminal'] = False
c['process']['args'] = ['/bin/true']
c['linux']['cgroupsPath'] = '/wharfbench/c'
json.dump(c, open('config.json', 'w'))
PY
)
RUN[runc]=$(time_runs runc --root "$WORK/runc" run -b "$WORK/bundle" bench-runc)
if command -v crun >/dev/null; then
  # crun 1.8 refuses hybrid cgroups: hide the v2 mount in a private mount namespace (see docs/containers.md)
  crun_run() { unshare -m --propagation private sh -c "umount /sys/fs/cgroup/unified 2>/dev/null; crun --root $WORK/crun run -b $WORK/bundle bench-crun"; }
  RUN[crun]=$(time_runs crun_run)
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'; }
read -r DKMED _ _ <<< "${RUN[dockerd]:-0 0 0}"
read -r PMMED _ _ <<< "${RUN[podman]:-0 0 0}"
printf '\n`run --rm busybox true`, %s runs each (ms)\n' "$R"
printf '%-8s %7s %7s %7s %12s\n' what median min max vs_dockerd
for k in wharf dockerd podman runc crun; do
  [ -n "${RUN[$k]:-}" ] || continue
  read -r med min max <<< "${RUN[$k]}"
  printf '%-8s %7s %7s %7s %12s\n' "$k" "$med" "$min" "$max" "$(ratio "$med" "$DKMED")"
done
printf '\n%s detached starts (ms) and engine PSS (MiB): idle -> with %s containers\n' "$N" "$N"
printf '%-8s %9s %10s %10s %10s\n' engine starts vs_podman pss_idle pss_busy
for k in wharf dockerd podman; do
  [ -n "${BATCH[$k]:-}" ] || continue
  printf '%-8s %9s %10s %10s %10s\n' "$k" "${BATCH[$k]}" "$(ratio "${BATCH[$k]}" "${BATCH[podman]:-0}")" \
    "$(( ${MEM[$k.idle]} / 1024 ))" "$(( ${MEM[$k.busy]} / 1024 ))"
done
[ -n "${MEM[dockerd.busy]:-}" ] && printf 'wharf PSS with %s containers / dockerd+containerd+shims: %s\n' "$N" \
  "$(ratio "${MEM[wharf.busy]}" "${MEM[dockerd.busy]}")"
