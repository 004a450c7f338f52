#!/usr/bin/env bash
# Acceptance of the control plane's dispatch (issue 6), against a running `scripts/wharf up` whose settings are in
# the environment (WHARF_URL, WHARF_ADMIN_*, DOCKER_HOST, WHARF_REGISTRY): a container created over REST runs on the
# daemon, its state and IP come back, it serves its page, restarts of the control plane and a kill -9 of the daemon
# converge without duplicates, and stop/remove over REST act on the host.
set -eu  # no pipefail: `curl | grep -q` may end curl with SIGPIPE after a match
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
fail() { echo "DISPATCH E2E FAILED: $*" >&2; exit 1; }

token=$(curl -fsS -X POST "$WHARF_URL/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$WHARF_ADMIN_USER\",\"password\":\"$WHARF_ADMIN_PASSWORD\"}" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
api() { local m=$1 p=$2; shift 2; curl -fsS -X "$m" "$WHARF_URL/api/v1$p" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval('d'+sys.argv[1]))" "$1"; }
wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...
  local t=$1 what=$2; shift 2
  for _ in $(seq $((t * 2))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  fail "timed out after ${t}s waiting for: $what"
}
observed() { api GET "/containers/$name" | field "['observed']['$1'] if d['observed'] else None"; }
is_running() { [ "$(observed state)" = running ]; }
is_exited() { [ "$(observed state)" = exited ]; }

name=e2e-web-$$
api POST /containers -d "{\"name\":\"$name\",\"image\":\"$WHARF_REGISTRY/busybox\",\"command\":[\"sh\",\"-c\",\"echo hello-from-$name; exec httpd -f -p 80 -h /etc\"]}" >/dev/null
api POST "/containers/$name/start" >/dev/null
wait_for 60 "$name observed running" is_running
ip=$(observed ipAddress)
[ -n "$ip" ] && [ "$ip" != None ] || fail "no IP address reported for $name"
docker ps --format '{{.Names}}' | grep -qx "$name" || fail "$name is not running on the daemon"
curl -fsS -m 5 "http://$ip/passwd" | grep -q '^root:' || fail "$name does not serve its page at $ip"
daemon_id=$(docker inspect -f '{{.Id}}' "$name")
api GET "/containers/$name/logs?tail=10" | grep -q "hello-from-$name" || fail "its logs do not stream through the API"
api POST "/containers/$name/exec" -d '{"cmd":["cat","/etc/hostname"]}' | grep -q '"exitCode":0' || fail "exec through the API failed"

echo "restart the control plane while the container runs"
WHARF_RUN_DIR=$WHARF_HOME/run "$WHARF_REPO/scripts/control-plane" stop
WHARF_CP_PORT=${WHARF_URL##*:} WHARF_DATA_DIR=$WHARF_HOME/control-plane WHARF_RUN_DIR=$WHARF_HOME/run \
  "$WHARF_REPO/scripts/control-plane" start >/dev/null
token=$(curl -fsS -X POST "$WHARF_URL/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$WHARF_ADMIN_USER\",\"password\":\"$WHARF_ADMIN_PASSWORD\"}" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
sleep 12
[ "$(docker ps -a --filter "name=^$name\$" -q | wc -l)" = 1 ] || fail "duplicate containers after a control-plane restart"
[ "$(docker inspect -f '{{.Id}} {{.State.Running}}' "$name")" = "$daemon_id true" ] || fail "$name was restarted or replaced"
[ "$(api GET "/containers/$name" | field "['desiredState']")" = running ] || fail "desired state lost"

echo "kill -9 the daemon and start it again"
kill -9 "$(cat "$WHARF_HOME/run/daemon.pid")"
sleep 1
"$WHARF_REPO/scripts/wharf" up >/dev/null
wait_for 30 "daemon back" docker version
sleep 12
[ "$(docker ps -a --filter "name=^$name\$" -q | wc -l)" = 1 ] || fail "duplicate containers after a daemon restart"
[ "$(docker inspect -f '{{.Id}} {{.State.Running}}' "$name")" = "$daemon_id true" ] || fail "$name did not survive the daemon restart"
wait_for 30 "$name observed running after the daemon restart" is_running

echo "stop and remove through the API"
api POST "/containers/$name/stop" >/dev/null
wait_for 60 "$name observed exited" is_exited
[ "$(docker inspect -f '{{.State.Running}}' "$name")" = false ] || fail "$name still runs on the host after stop"
api DELETE "/containers/$name" >/dev/null
gone() { [ -z "$(docker ps -a --filter "name=^$name\$" -q)" ]; }
wait_for 60 "$name removed from the host" gone
echo "a one-shot container without a restart policy finishes and stays exited (Docker's 'no')"
name=e2e-job-$$
api POST /containers -d "{\"name\":\"$name\",\"image\":\"$WHARF_REGISTRY/busybox\",\"command\":[\"echo\",\"job-done\"]}" >/dev/null
api POST "/containers/$name/start" >/dev/null
wait_for 60 "$name observed exited" is_exited
started=$(docker inspect -f '{{.State.StartedAt}}' "$name")
sleep 5  # the reconciler's first back-off is 1 s: a restart would show by now
[ "$(docker inspect -f '{{.State.Running}} {{.State.StartedAt}} {{.RestartCount}}' "$name")" = "false $started 0" ] \
  || fail "$name was started again although its restart policy is 'no'"
[ "$(docker logs "$name")" = job-done ] || fail "$name ran more than once: $(docker logs "$name")"
api POST "/containers/$name/start" >/dev/null  # as `docker start`: a finished job runs again
ran_twice() { [ "$(docker logs "$name" | grep -c job-done)" = 2 ]; }
wait_for 60 "$name run again by a start" ran_twice
api DELETE "/containers/$name" >/dev/null
wait_for 60 "$name removed from the host" gone
echo "E2E OK: control-plane dispatch"
