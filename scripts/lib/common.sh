# Shared by scripts/wharf and scripts/test. Sourced, not run.
# shellcheck shell=bash

WHARF_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Debian packages Wharf needs at run time (daemon, registry, seeding) and for its tests.
WHARF_RUNTIME_PACKAGES=(conmon runc crun docker-registry skopeo busybox-static nftables libnftables1 iproute2
  apache2-utils curl ca-certificates maven openjdk-17-jdk-headless)
WHARF_TEST_PACKAGES=(iputils-ping inotify-tools chromium chromium-driver postgresql)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'wharf: %s\n' "$*" >&2; exit 1; }

require_root() {
  [ "$(id -u)" = 0 ] || die "must run as root (it mounts overlayfs, creates network namespaces and runs runc)"
}

# Installs the packages that are missing; runs `apt-get update` at most once per call, never when all are present.
ensure_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Builds the jars and the WAR (tests are run by scripts/test, not here).
build_wharf() {
  log "building Wharf (mvn package)"
  (cd "$WHARF_REPO" && mvn -B -q -DskipTests package) || die "build failed"
}

# A free TCP port on loopback.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || shuf -i 20000-60000 -n 1
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# pid file → running?
pid_alive() {
  [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

# Stops the process in a pid file: TERM, wait up to $2 seconds, then KILL.
stop_pidfile() {
  local pidfile=$1 grace=${2:-20} pid
  pid_alive "$pidfile" || { rm -f "$pidfile"; return 0; }
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq $((grace * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; sleep 0.2; fi
  rm -f "$pidfile"
}
