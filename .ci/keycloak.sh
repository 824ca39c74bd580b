#!/usr/bin/env bash
# A throwaway Keycloak on 127.0.0.1 for KeycloakOidcIT (the oidc-password flavor against a real
# OpenID Connect provider). Everything lives under target/keycloak.
#
#   .ci/keycloak.sh start   fetch and unpack the dist (once), start `kc.sh start-dev` in the
#                           background and return at once; writes target/keycloak/keycloak.properties
#                           (a first start-up takes 1.5 to 2.5 minutes: overlap it with the build)
#   .ci/keycloak.sh wait    block until it answers HTTP (KEYCLOAK_WAIT_SECONDS, default 300)
#   .ci/keycloak.sh stop    stop it by its pid (its whole process group); nothing to do if not running
#
# The IT waits for readiness itself and provisions realm `cells`, client `cells-probe` and user
# `monitor` with the admin REST API, from the facts in keycloak.properties.
set -euo pipefail
cd "$(dirname "$0")/.."

KC_VERSION=26.5.6
KC_JAVA_HOME=${KEYCLOAK_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
WORK="$PWD/target/keycloak"
DIST="$WORK/keycloak-$KC_VERSION"
ZIP_DIR="$PWD/target/keycloak-dist"
ZIP="$ZIP_DIR/keycloak-quarkus-dist-$KC_VERSION.zip"
LOG="$WORK/keycloak.log"
PID_FILE="$WORK/keycloak.pid"
PROPERTIES="$WORK/keycloak.properties"
# Generated once and kept: Keycloak's dev database (in $DIST/data) keeps the bootstrap admin of
# the first start, so a restart must present the same admin password.
SECRETS="$WORK/secrets.env"

log() { echo "[keycloak] $*" >&2; }

# The pid from the pid file if that process is alive and not a zombie (a container's pid 1 may
# never reap it), else nothing.
running_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid state
  pid=$(cat "$PID_FILE")
  [ -r "/proc/$pid/stat" ] || return 1
  state=$(sed 's/^.*) //' "/proc/$pid/stat" | cut -d' ' -f1)
  [ "$state" != "Z" ] || return 1
  echo "$pid"
}

# A port nothing listens on at 127.0.0.1 (bash only: a fresh machine may lack python3 and ss).
# 8080, 8081, 9000 and 9001 are often taken on these machines; this range avoids them.
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  log "no free port found"
  return 1
}

random_secret() {
  # 24 alphanumeric characters; no shell, URL or form special characters to quote anywhere.
  LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c 24 || true
}

fetch_and_unpack() {
  if [ ! -x "$DIST/bin/kc.sh" ]; then
    if [ ! -f "$ZIP" ]; then
      log "fetching org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip from Maven Central"
      ./mvnw -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
        -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" -DoutputDirectory="$ZIP_DIR"
    fi
    log "unpacking $ZIP"
    mkdir -p "$WORK"
    if command -v unzip >/dev/null; then
      unzip -q -o "$ZIP" -d "$WORK"
    elif command -v python3 >/dev/null; then
      python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$ZIP" "$WORK"
    else
      (cd "$WORK" && "$KC_JAVA_HOME/bin/jar" xf "$ZIP")
    fi
    # python's zipfile and jar drop the executable bits.
    chmod +x "$DIST"/bin/*.sh
  fi
}

start() {
  local pid
  if pid=$(running_pid); then
    log "already running (pid $pid); facts in $PROPERTIES"
    return 0
  fi
  [ -x "$KC_JAVA_HOME/bin/java" ] || { log "no Java at $KC_JAVA_HOME (set KEYCLOAK_JAVA_HOME)"; return 1; }
  fetch_and_unpack

  if [ ! -f "$SECRETS" ]; then
    {
      echo "ADMIN_PASSWORD=$(random_secret)"
      echo "CLIENT_SECRET=$(random_secret)"
      echo "USER_PASSWORD=$(random_secret)"
    } >"$SECRETS"
    chmod 600 "$SECRETS"
  fi
  # shellcheck disable=SC1090
  . "$SECRETS"

  local port management_port
  port=$(free_port)
  management_port=$(free_port)
  while [ "$management_port" = "$port" ]; do management_port=$(free_port); done

  # setsid: Keycloak gets its own process group (kc.sh runs java as a child, and relaunches it
  # after a re-augmentation), so `stop` can end all of it by the one pid in the pid file.
  (
    cd "$DIST"
    export JAVA_HOME="$KC_JAVA_HOME"
    export KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD="$ADMIN_PASSWORD"
    setsid nohup bin/kc.sh start-dev \
      --http-host=127.0.0.1 --http-port="$port" \
      --http-management-port="$management_port" \
      >"$LOG" 2>&1 </dev/null &
    echo $! >"$PID_FILE"
  )
  pid=$(cat "$PID_FILE")
  date +%s >"$WORK/started-at"

  local tmp="$PROPERTIES.tmp"
  cat >"$tmp" <<EOF
# Written by .ci/keycloak.sh start; removed by stop. Read by io.cellsprobe.oidc.KeycloakOidcIT.
base-url=http://127.0.0.1:$port
issuer=http://127.0.0.1:$port/realms/cells
realm=cells
client-id=cells-probe
client-secret=$CLIENT_SECRET
username=monitor
password=$USER_PASSWORD
admin-username=admin
admin-password=$ADMIN_PASSWORD
pid=$pid
log=$LOG
EOF
  chmod 600 "$tmp"
  mv "$tmp" "$PROPERTIES"
  log "started (pid $pid) on http://127.0.0.1:$port; log $LOG; facts in $PROPERTIES"
}

# HTTP status of GET <path> on the running Keycloak, with bash's /dev/tcp (no curl needed).
http_status() {
  local port=$1 path=$2
  timeout 5 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\n\r\n" "$1" "$0" >&3
    head -n 1 <&3 | cut -d" " -f2' "$port" "$path" 2>/dev/null || true
}

wait_ready() {
  local limit=${KEYCLOAK_WAIT_SECONDS:-300} start port pid
  [ -f "$PROPERTIES" ] || { log "not started: run .ci/keycloak.sh start first"; return 1; }
  port=$(sed -n 's|^base-url=http://127.0.0.1:||p' "$PROPERTIES")
  start=$(date +%s)
  # The master realm's discovery document answers once the HTTP server and the database are up.
  until [ "$(http_status "$port" /realms/master/.well-known/openid-configuration)" = "200" ]; do
    if ! pid=$(running_pid); then
      log "Keycloak exited; last lines of $LOG:"
      tail -n 30 "$LOG" >&2
      return 1
    fi
    if [ $(($(date +%s) - start)) -ge "$limit" ]; then
      log "not ready after $limit s; last lines of $LOG:"
      tail -n 30 "$LOG" >&2
      return 1
    fi
    sleep 2
  done
  log "ready, $(($(date +%s) - $(cat "$WORK/started-at"))) s after start"
}

stop() {
  local pid
  if ! pid=$(running_pid); then
    log "not running"
    rm -f "$PID_FILE" "$PROPERTIES"
    return 0
  fi
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    running_pid >/dev/null || break
    sleep 0.5
  done
  if running_pid >/dev/null; then
    log "still running 30 s after SIGTERM: SIGKILL"
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE" "$PROPERTIES"
  log "stopped (pid $pid)"
}

case "${1:-}" in
  start) start ;;
  wait) wait_ready ;;
  stop) stop ;;
  *) echo "usage: $0 start|wait|stop" >&2; exit 2 ;;
esac
