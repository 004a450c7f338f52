#!/usr/bin/env bash
# Bench (not a test): GET /api/v1/containers (first page, 100 items) with 10,000 containers in the database,
# 50 concurrent clients, wrk on loopback. Goal: p99 < 50 ms. Prints throughput and latency percentiles.
#   bench/api/bench-api.sh            # H2 (default)
# Settings: CONTAINERS (10000), CONNECTIONS (50), DURATION (30s), THREADS (2), SKIP_BUILD=1 to reuse the WAR.
# Builds into webapp/target-bench, runs the control plane on a free port with a temp data dir, and removes both
# the process and the dir when done.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib/common.sh"

CONTAINERS=${CONTAINERS:-10000}
CONNECTIONS=${CONNECTIONS:-50}
DURATION=${DURATION:-30s}
THREADS=${THREADS:-2}
TARGET=target-bench

command -v wrk >/dev/null || ensure_packages wrk
command -v python3 >/dev/null || ensure_packages python3

cd "$WHARF_REPO"
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f "webapp/$TARGET/wharf.war" ]; then
  log "building the WAR into webapp/$TARGET"
  mvn -B -q -Dwharf.target=$TARGET -pl webapp -am package -DskipTests
fi

WORK=$(mktemp -d /tmp/wharf-bench-api-XXXXXX)
PORT=$(free_port)
export WHARF_CP_PORT=$PORT WHARF_DATA_DIR=$WORK/data WHARF_RUN_DIR=$WORK/run \
  WHARF_WAR=$WHARF_REPO/webapp/$TARGET/wharf.war WHARF_PAYARA_JAR=$WHARF_REPO/webapp/$TARGET/payara-micro.jar
HEARTBEAT_PID=
cleanup() {
  [ -n "$HEARTBEAT_PID" ] && kill "$HEARTBEAT_PID" 2>/dev/null || true
  "$WHARF_REPO/scripts/control-plane" stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
"$WHARF_REPO/scripts/control-plane" start
BASE=http://127.0.0.1:$PORT

log "seeding $CONTAINERS containers through the API"
TOKEN=$(python3 "$(dirname "${BASH_SOURCE[0]}")/seed.py" "$BASE" "$WORK/data" "$CONTAINERS")
python3 "$(dirname "${BASH_SOURCE[0]}")/heartbeat.py" "$BASE" "$WORK/bench-host.json" &
HEARTBEAT_PID=$!

log "warm-up (10 s)"
wrk -t"$THREADS" -c"$CONNECTIONS" -d10s -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/containers" >/dev/null
CP_PID=$(cat "$WORK/run/control-plane.pid")
cpu_ticks() { awk '{print $14 + $15}' "/proc/$CP_PID/stat"; }
log "measuring: $CONNECTIONS connections, $DURATION, GET /api/v1/containers"
TICKS_BEFORE=$(cpu_ticks)
OUT=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/containers")
TICKS_AFTER=$(cpu_ticks)
echo "$OUT"
REQUESTS=$(echo "$OUT" | awk '/requests in/{print $1}')
# the control plane's own CPU per request: a figure that other load on the machine does not inflate much
CPU_MS=$(awk -v t=$((TICKS_AFTER - TICKS_BEFORE)) -v hz="$(getconf CLK_TCK)" -v n="$REQUESTS" \
  'BEGIN{printf "%.2f", t * 1000 / hz / n}')
echo "control-plane CPU per request: ${CPU_MS} ms"
BYTES=$(curl -fs -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/containers" | wc -c)
ITEMS=$(curl -fs -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/containers" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
echo "first page: $ITEMS containers, $BYTES bytes; cores: $(nproc); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
P99=$(echo "$OUT" | awk '$1=="99%"{print $2}')
RPS=$(echo "$OUT" | awk '/Requests\/sec/{print $2}')
echo "RESULT requests/s=$RPS p99=$P99 cpu/request=${CPU_MS}ms"
