#!/usr/bin/env bash
# Scale bench (not a test): 1,000 simulated hosts (dev.wharf.systemtests.simulator.HostSimulator, the real agent
# protocol over HTTP from one JVM) and 100,000 containers (100 services x 1,000 replicas, submitted at once);
# placements per second end to end (placed, persisted, dispatched to the host), the control plane's CPU and memory.
#   bench/scale/run.sh              # H2 (default)
#   DB=postgresql bench/scale/run.sh
# Settings: HOSTS (1000), SERVICES (100), REPLICAS (1000), INTERVAL_MS (10000: heartbeat period per simulated host),
# TTL/GRACE (30/30 s), HEAP (4g),
# SKIP_BUILD=1 to reuse the build in */target-scale. Runs the control plane on a free port with a temp data dir
# (and PostgreSQL in a temp dir), and removes the processes and dirs when done.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib/common.sh"

DB=${DB:-h2}
HOSTS=${HOSTS:-1000}
SERVICES=${SERVICES:-100}
REPLICAS=${REPLICAS:-1000}
INTERVAL_MS=${INTERVAL_MS:-10000}
# TTL + grace: the simulated hosts heartbeat every 10 s; a control plane saturated by placement must not declare
# them down (Nomad likewise stretches the TTL with the node count: max_heartbeats_per_second)
TTL=${TTL:-30}
GRACE=${GRACE:-30}
TARGET=target-scale

cd "$WHARF_REPO"
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f "webapp/$TARGET/wharf.war" ]; then
  log "building the WAR and the simulator into */$TARGET"
  mvn -B -q -o -Dwharf.target=$TARGET -pl webapp,system-tests -am package -Dmaven.test.skip=true
fi

WORK=$(mktemp -d /tmp/wharf-bench-scale-XXXXXX)
PORT=$(free_port)
PG_PID=
export WHARF_CP_PORT=$PORT WHARF_DATA_DIR=$WORK/data WHARF_RUN_DIR=$WORK/run \
  WHARF_WAR=$WHARF_REPO/webapp/$TARGET/wharf.war WHARF_PAYARA_JAR=$WHARF_REPO/webapp/$TARGET/payara-micro.jar
cleanup() {
  if [ -f "$WORK/run/control-plane.pid" ]; then
    pid=$(cat "$WORK/run/control-plane.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  if [ -n "$PG_PID" ]; then
    su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D $WORK/pg/data -m fast -w stop" >/dev/null 2>&1 || kill "$PG_PID" || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ "$DB" = postgresql ]; then
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
  chmod 711 "$WORK"; mkdir -p "$WORK/pg"; chown postgres:postgres "$WORK/pg"
  su postgres -s /bin/sh -c "$PG_BIN/initdb -D $WORK/pg/data -U wharf --auth=trust -E UTF8 --no-sync" >/dev/null
  PG_PORT=$(free_port)
  su postgres -s /bin/sh -c "exec $PG_BIN/postgres -D $WORK/pg/data -p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 \
    -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" > "$WORK/pg/postgres.log" 2>&1 &
  PG_PID=$!
  for _ in $(seq 100); do "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT" >/dev/null 2>&1 && break; sleep 0.2; done
  su postgres -s /bin/sh -c "$PG_BIN/createdb -h 127.0.0.1 -p $PG_PORT -U wharf wharf"
  export WHARF_DB_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/wharf WHARF_DB_USER=wharf
  log "PostgreSQL on 127.0.0.1:$PG_PORT (fsync off, as in the ITs)"
fi

# started as scripts/control-plane does, plus the heap and heartbeat settings
mkdir -p "$WORK/run/tmp" "$WORK/data"
java -Xmx"${HEAP:-4g}" -Djava.io.tmpdir="$WORK/run/tmp" -Dwharf.data.dir="$WORK/data" \
  -Dwharf.heartbeat.ttl-seconds="$TTL" -Dwharf.heartbeat.grace-seconds="$GRACE" \
  -jar "$WHARF_PAYARA_JAR" --deploy "$WHARF_WAR" --contextroot / --port "$PORT" \
  --hzconfigfile "$WHARF_REPO/webapp/src/main/payara/hz-local.xml" > "$WORK/run/control-plane.log" 2>&1 < /dev/null &
CP_PID=$!
echo "$CP_PID" > "$WORK/run/control-plane.pid"
for _ in $(seq 300); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/api/v1/health" && break; sleep 1; done
curl -fs -o /dev/null "http://127.0.0.1:$PORT/api/v1/health" || { tail -30 "$WORK/run/control-plane.log"; die "control plane did not start"; }
M2=${M2_REPO:-$HOME/.m2/repository}/com/fasterxml/jackson/core
CP="system-tests/$TARGET/classes:shared-model/$TARGET/classes:$M2/jackson-core/2.20.0/jackson-core-2.20.0.jar"
CP="$CP:$M2/jackson-databind/2.20.0/jackson-databind-2.20.0.jar:$M2/jackson-annotations/2.20/jackson-annotations-2.20.jar"
log "bench: $HOSTS hosts, $SERVICES services x $REPLICAS replicas, DB $DB, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx2g -cp "$CP" dev.wharf.systemtests.simulator.ScaleBench --url "http://127.0.0.1:$PORT/" --data-dir "$WORK/data" \
  --cp-pid "$CP_PID" --hosts "$HOSTS" --services "$SERVICES" --replicas "$REPLICAS" --interval-ms "$INTERVAL_MS"
echo "control plane heap after the run:"
jcmd "$CP_PID" GC.heap_info 2>/dev/null | head -3 || true
