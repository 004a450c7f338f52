#!/usr/bin/env bash
# Bench (not part of the test suite): the dashboard's containers page with 10,000 containers in the database.
# Starts the built WAR on Payara Micro with a fresh data dir (or uses WHARF_URL + WHARF_DATA_DIR of a running
# one), fills the database through the REST API and times the first page and a filter. Goal: under 300 ms.
#   mvn -o -pl webapp -am package -DskipTests && bench/dashboard/bench-containers-page.sh [containers] [runs]
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TARGET=${WHARF_TARGET:-target}
COUNT=${1:-10000}
RUNS=${2:-30}
if [[ -n "${WHARF_URL:-}" ]]; then
  exec java "$REPO/bench/dashboard/ContainersPageBench.java" "$WHARF_URL" "$WHARF_DATA_DIR" "$COUNT" "$RUNS"
fi
WORK=$(mktemp -d /tmp/wharf-bench-dashboard.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$WORK/data" "$WORK/tmp"
java -Djava.io.tmpdir="$WORK/tmp" -Dwharf.data.dir="$WORK/data" -jar "$REPO/webapp/$TARGET/payara-micro.jar" \
  --deploy "$REPO/webapp/$TARGET/wharf.war" --contextroot / --port "$PORT" \
  --hzconfigfile "$REPO/webapp/src/main/payara/hz-local.xml" >"$WORK/payara.log" 2>&1 &
PAYARA=$!
trap 'rc=$?; kill $PAYARA 2>/dev/null; wait $PAYARA 2>/dev/null; rm -rf "$WORK"; exit $rc' EXIT
for _ in $(seq 240); do
  curl -sf -o /dev/null "http://localhost:$PORT/api/v1/health" && break
  kill -0 $PAYARA 2>/dev/null || { echo "Payara exited; log:"; tail -40 "$WORK/payara.log"; exit 1; }
  sleep 1
done
java "$REPO/bench/dashboard/ContainersPageBench.java" "http://localhost:$PORT/" "$WORK/data" "$COUNT" "$RUNS"
