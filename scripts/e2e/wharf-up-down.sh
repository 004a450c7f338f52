#!/usr/bin/env bash
# Acceptance of the foundation: `scripts/wharf up` on private dirs and ports, then the stock docker CLI and
# curl against what it printed, then `scripts/wharf down` leaves no process, mount or socket behind.
set -eu  # no pipefail: `curl | grep -q` may end curl with SIGPIPE after a match
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

export WHARF_HOME; WHARF_HOME=$(mktemp -d /tmp/wharf-e2e-XXXXXX)
export WHARF_EXEC_ROOT=/run/wharf-e2e-$$
export WHARF_CP_PORT; WHARF_CP_PORT=$(free_port)
export WHARF_REGISTRY_PORT; WHARF_REGISTRY_PORT=$(free_port)
export WHARF_SKIP_BUILD=${WHARF_SKIP_BUILD:-1}   # scripts/test has just built everything
# the daemon leaves its bridge and nft table on `down` (as dockerd leaves docker0); this test removes the ones it made
net_hash=$(printf %s "$WHARF_EXEC_ROOT" | sha256sum | cut -c1-6)
cleanup() {
  ip link del "wharf$net_hash" 2>/dev/null || true
  nft delete table inet "wharf-$net_hash" 2>/dev/null || true
  grep -q " $WHARF_HOME" /proc/self/mountinfo || rm -rf "$WHARF_HOME"
  grep -q " $WHARF_EXEC_ROOT" /proc/self/mountinfo || rm -rf "$WHARF_EXEC_ROOT"
}
fail() {
  echo "E2E FAILED: $*" >&2
  for l in daemon control-plane; do echo "--- $l log (tail)" >&2; tail -30 "$WHARF_HOME/run/$l.log" >&2 || true; done
  "$WHARF_REPO/scripts/wharf" down >/dev/null 2>&1 || true
  keep=/tmp/wharf-e2e-failed-$(date +%s); mkdir -p "$keep"; cp -r "$WHARF_HOME/run" "$keep/" 2>/dev/null || true
  echo "logs kept in $keep" >&2
  cleanup
  exit 1
}
trap 'fail "unexpected error on line $LINENO"' ERR

"$WHARF_REPO/scripts/wharf" up > "$WHARF_HOME/up.out"
cat "$WHARF_HOME/up.out"
for k in WHARF_URL WHARF_ADMIN_USER WHARF_ADMIN_PASSWORD DOCKER_HOST WHARF_REGISTRY; do
  grep -q "^$k=" "$WHARF_HOME/up.out" || fail "wharf up did not print $k"
done
# shellcheck disable=SC1091
source "$WHARF_HOME/run/wharf.env"
export DOCKER_HOST
[ "$WHARF_ADMIN_PASSWORD" != admin ] && [ ${#WHARF_ADMIN_PASSWORD} -ge 12 ] || fail "admin password is not a generated one"

docker version > "$WHARF_HOME/version.out" || fail "docker version failed"
grep -q "Server: Wharf" "$WHARF_HOME/version.out" || fail "docker version does not show the Wharf server"
grep -Eq "API version: +1\.[0-9]+" "$WHARF_HOME/version.out" || fail "no server API version"
curl -fsS "$WHARF_URL/api/v1/health" | grep -q '"UP"' || fail "health endpoint did not answer UP"
curl -fsS "$WHARF_URL/login.xhtml" | grep -qi "password" || fail "dashboard login page did not render"
curl -fsS "http://$WHARF_REGISTRY/v2/busybox/tags/list" | grep -q latest || fail "registry was not seeded with busybox"
token=$(curl -fsS -X POST "$WHARF_URL/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$WHARF_ADMIN_USER\",\"password\":\"$WHARF_ADMIN_PASSWORD\"}" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || fail "cannot log in to the REST API with the printed admin credentials"
for _ in $(seq 30); do
  curl -fsS "$WHARF_URL/api/v1/hosts" -H "Authorization: Bearer $token" | grep -q '"state":"ready"' && break
  sleep 1
done
curl -fsS "$WHARF_URL/api/v1/hosts" -H "Authorization: Bearer $token" | grep -q '"state":"ready"' \
  || fail "the local daemon did not join the control plane as a ready host"

export WHARF_URL WHARF_ADMIN_USER WHARF_ADMIN_PASSWORD WHARF_REGISTRY WHARF_HOME
docker run --rm "$WHARF_REGISTRY/busybox" echo hello | grep -qx hello || fail "docker run through the printed DOCKER_HOST failed"
"$WHARF_REPO/scripts/e2e/control-plane-dispatch.sh" || fail "control-plane dispatch"

docker create --name e2e-left-$$ "$WHARF_REGISTRY/busybox" true >/dev/null   # a container `down` must not leave mounted

pids=$(cat "$WHARF_HOME"/run/*.pid 2>/dev/null || true)
"$WHARF_REPO/scripts/wharf" down
trap - ERR
for p in $pids; do kill -0 "$p" 2>/dev/null && fail "process $p still runs after wharf down"; done
[ -S "$WHARF_EXEC_ROOT/docker.sock" ] && fail "socket left behind"
if grep -q " $WHARF_HOME" /proc/self/mountinfo; then fail "mounts left under $WHARF_HOME"; fi
cleanup
echo "E2E OK: wharf up/down"
