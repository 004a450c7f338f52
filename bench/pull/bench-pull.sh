#!/usr/bin/env bash
# Pull benchmark (issue 3): the three-layer fixture (middle layer ~50 MB) from a local docker-registry, pulled by
# Wharf, `skopeo copy` to a directory, Podman and dockerd, each from empty storage every run. Prints the median of
# RUNS runs (default 7) per tool and the ratios to Podman. Not part of the test suite.
#
#   bench/pull/bench-pull.sh [RUNS]
#
# Needs: a built tree (mvn -Dwharf.target=target-img -pl host-daemon -am package), root, docker CLI, skopeo,
# docker-registry. Installs podman and docker.io from Debian with apt-get when missing. Everything runs on private
# paths under a temp dir, which is removed at the end (processes stopped by PID, mounts undone).
set -euo pipefail

RUNS=${1:-7}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TARGET=${WHARF_TARGET:-target-img}
DAEMON_JAR=${DAEMON_JAR:-$ROOT/host-daemon/$TARGET/wharf-daemon.jar}
SEED_JAR=${SEED_JAR:-$ROOT/test-support/$TARGET/wharf-seed.jar}
MIDDLE=${MIDDLE:-50M}
WORK=$(mktemp -d /tmp/wharf-bench-pull.XXXXXX)
BRIDGE=whpull$$
PIDS=()

log() { echo "[bench-pull] $*" >&2; }

cleanup() {
  set +e
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for _ in $(seq 100); do
    alive=0; for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break; sleep 0.1
  done
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
  if [ -d "$WORK/pm" ]; then podman --root "$WORK/pm/root" --runroot "$WORK/pm/run" rmi -a -f >/dev/null 2>&1; fi
  grep -o " $WORK[^ ]*" /proc/self/mountinfo | sort -r | while read -r m; do umount -l "$m" 2>/dev/null; done
  ip link del "$BRIDGE" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

for f in "$DAEMON_JAR" "$SEED_JAR"; do
  [ -f "$f" ] || { log "missing $f: build first (mvn -Dwharf.target=$TARGET -pl host-daemon -am package -DskipTests)"; exit 2; }
done
need=()
command -v podman >/dev/null || need+=(podman)
command -v dockerd >/dev/null || need+=(docker.io)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]} from Debian"
  apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
wait_sock() { for _ in $(seq 200); do [ -S "$1" ] && return 0; sleep 0.1; done; log "no socket $1"; exit 1; }

# registry with the fixture
PORT=$(free_port)
mkdir -p "$WORK/reg/storage"
cat > "$WORK/reg/config.yml" <<YML
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $WORK/reg/storage
http:
  addr: 127.0.0.1:$PORT
  secret: bench
YML
docker-registry serve "$WORK/reg/config.yml" > "$WORK/reg/log" 2>&1 & PIDS+=($!)
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/v2/" >/dev/null && break; sleep 0.1; done
java -jar "$SEED_JAR" --registry "127.0.0.1:$PORT" --middle-size "$MIDDLE" >/dev/null
REF=127.0.0.1:$PORT/multilayer:latest
log "fixture $REF (middle layer $MIDDLE)"

# Wharf
mkdir -p "$WORK/wh"
java -jar "$DAEMON_JAR" --data-root "$WORK/wh/data" --exec-root "$WORK/wh/exec" -H "unix://$WORK/wh/docker.sock" \
  > "$WORK/wh/log" 2>&1 & PIDS+=($!)
wait_sock "$WORK/wh/docker.sock"
wh() { DOCKER_HOST="unix://$WORK/wh/docker.sock" DOCKER_CONFIG="$WORK/wh/cli" docker "$@"; }

# dockerd on private paths with its own bridge (a second dockerd with --bridge=none would delete docker0)
mkdir -p "$WORK/dk"
ip link add "$BRIDGE" type bridge && ip addr add 10.213.77.1/24 dev "$BRIDGE" && ip link set "$BRIDGE" up
cat > "$WORK/dk/daemon.json" <<JSON
{"deprecated-key-path": "$WORK/dk/key.json"}
JSON
dockerd --config-file "$WORK/dk/daemon.json" --data-root "$WORK/dk/data" --exec-root "$WORK/dk/exec" \
  --pidfile "$WORK/dk/pid" -H "unix://$WORK/dk/docker.sock" --bridge "$BRIDGE" --iptables=false --ip-masq=false \
  > "$WORK/dk/log" 2>&1 & PIDS+=($!)
wait_sock "$WORK/dk/docker.sock"
dk() { DOCKER_HOST="unix://$WORK/dk/docker.sock" DOCKER_CONFIG="$WORK/dk/cli" docker "$@"; }

pm() { podman --root "$WORK/pm/root" --runroot "$WORK/pm/run" --storage-driver overlay "$@"; }
mkdir -p "$WORK/pm"

declare -A TIMES
measure() { # name, pull command, reset command
  local name=$1 pull=$2 reset=$3 t0 t1
  eval "$reset" >/dev/null 2>&1 || true
  eval "$pull" >/dev/null            # warm-up run (caches, JIT), not counted
  for i in $(seq "$RUNS"); do
    eval "$reset" >/dev/null 2>&1 || true
    sync
    t0=$(now_ms); eval "$pull" >/dev/null; t1=$(now_ms)
    TIMES[$name]+="$((t1 - t0)) "
  done
  log "$name: ${TIMES[$name]}ms"
}

measure wharf   "wh pull -q $REF"   "wh rmi -f $REF"
measure skopeo  "skopeo copy -q --src-tls-verify=false docker://$REF dir:$WORK/sk" "rm -rf $WORK/sk"
measure podman  "pm pull -q --tls-verify=false $REF" "pm rmi -a -f"
measure dockerd "dk pull -q $REF"   "dk rmi -f $REF"

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
minmax() { tr ' ' '\n' | grep -v '^$' | sort -n | awk 'NR==1{mn=$1} {mx=$1} END {print mn "/" mx}'; }
PM=$(echo "${TIMES[podman]}" | median)
printf '\npull of %s (3 layers, middle %s), median of %s runs, fresh storage each run\n' "$REF" "$MIDDLE" "$RUNS"
printf '%-8s %10s %12s %10s\n' tool median_ms min/max_ms vs_podman
for t in wharf skopeo podman dockerd; do
  m=$(echo "${TIMES[$t]}" | median)
  printf '%-8s %10s %12s %10s\n' "$t" "$m" "$(echo "${TIMES[$t]}" | minmax)" "$(awk -v a="$m" -v b="$PM" 'BEGIN{printf "%.2fx", a/b}')"
done
