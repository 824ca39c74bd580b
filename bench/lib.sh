# Shared by bench/*.sh (sourced, not run). Everything listens on 127.0.0.1 only; every process
# started here is recorded and stopped by its pid on exit.

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
# The packaged monitor to measure; built when it is the default path and missing.
CELLS_PROBE_JAR="${CELLS_PROBE_JAR:-$REPO_DIR/target/quarkus-app/quarkus-run.jar}"
# JVM flags for the monitor; empty = README's production command (`java -jar ...`).
BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:-}"
BENCHLIB="python3 $BENCH_DIR/benchlib.py"
PIDS=()
WORK=""

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

bench_init() { # name
  WORK="$(mktemp -d "/tmp/bench-$1.XXXXXX")"
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
  log "work directory $WORK (logs of every process started)"
}

bench_cleanup() {
  local pid
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
  done
  PIDS=()
}

stop_pid() { # pid: stop one process started here
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  local kept=() p
  for p in "${PIDS[@]:-}"; do [ "$p" != "$1" ] && [ -n "$p" ] && kept+=("$p"); done
  PIDS=("${kept[@]:-}")
}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

ensure_jar() {
  if [ -f "$CELLS_PROBE_JAR" ]; then return; fi
  if [ "$CELLS_PROBE_JAR" != "$REPO_DIR/target/quarkus-app/quarkus-run.jar" ]; then
    echo "CELLS_PROBE_JAR=$CELLS_PROBE_JAR does not exist" >&2; exit 1
  fi
  log "building the jar (./mvnw -B -q package -DskipTests)"
  (cd "$REPO_DIR" && ./mvnw -B -q package -DskipTests)
}

# Debian packages; their services may start on all interfaces: stop them, we start our own.
ensure_packages() { # package... (checked by their binaries)
  local missing=0
  command -v curl >/dev/null || missing=1
  for p in "$@"; do
    case "$p" in
      prometheus) command -v prometheus >/dev/null || missing=1 ;;
      prometheus-blackbox-exporter) command -v prometheus-blackbox-exporter >/dev/null || missing=1 ;;
    esac
  done
  if [ "$missing" = 1 ]; then
    log "installing $* curl (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    # The packages would start their system services; keep them from starting (policy-rc.d, exit
    # 101) rather than stop them after, and remove the policy only if it is ours.
    local policy_added=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\n# cells-auth-probe bench: no service starts on package install\nexit 101\n' \
        | as_root tee /usr/sbin/policy-rc.d >/dev/null && as_root chmod 755 /usr/sbin/policy-rc.d && policy_added=1
    fi
    as_root apt-get install -y -qq "$@" curl >/dev/null 2>&1 ||
      { as_root apt-get update -qq && as_root apt-get install -y -qq "$@" curl >/dev/null; }
    if [ "$policy_added" = 1 ]; then as_root rm -f /usr/sbin/policy-rc.d; fi
  fi
}

free_port() { $BENCHLIB freeport; }

wait_for() { # url seconds: until it answers 2xx
  local deadline=$((SECONDS + $2))
  while [ "$SECONDS" -lt "$deadline" ]; do
    curl -fsS -o /dev/null --max-time 5 "$1" 2>/dev/null && return 0
    sleep 0.05
  done
  echo "timed out waiting for $1" >&2
  return 1
}

# start_fake name token_ms user_ms [fake_cells.py options...] -> sets FAKE_PORT, FAKE_PID
start_fake() {
  local name=$1 token=$2 user=$3
  shift 3
  rm -f "$WORK/$name.port"
  python3 "$BENCH_DIR/fake_cells.py" --port-file "$WORK/$name.port" --token-delay-ms "$token" --user-delay-ms "$user" "$@" \
    >"$WORK/$name.log" 2>&1 &
  FAKE_PID=$!
  PIDS+=("$FAKE_PID")
  local i
  for ((i = 0; i < 200; i++)); do [ -s "$WORK/$name.port" ] && break; sleep 0.05; done
  FAKE_PORT="$(cat "$WORK/$name.port")"
}

# write_targets file count url [prefix] [interval] [timeout]: cells-probe targets as properties
write_targets() {
  local file=$1 n=$2 url=$3 prefix=${4:-t} interval=${5:-10s} timeout=${6:-5s} i
  for ((i = 1; i <= n; i++)); do
    printf 'cells-probe.targets.%s%d.url=%s\ncells-probe.targets.%s%d.api-key=cells-front\ncells-probe.targets.%s%d.api-secret=bench-secret\ncells-probe.targets.%s%d.username=monitor\ncells-probe.targets.%s%d.password=bench-password\ncells-probe.targets.%s%d.interval=%s\ncells-probe.targets.%s%d.timeout=%s\n' \
      "$prefix" "$i" "$url" "$prefix" "$i" "$prefix" "$i" "$prefix" "$i" "$prefix" "$i" "$prefix" "$i" "$interval" "$prefix" "$i" "$timeout"
  done >>"$file"
}

# start_monitor name properties-file (its name must end in .properties: quarkus.config.locations
# ignores other files, and the monitor then stops with "no target configured") [extra java args...] -> sets MON_PID, MON_MGMT, MON_LAUNCH
start_monitor() {
  local name=$1 props=$2
  shift 2
  MON_MGMT="$(free_port)"
  MON_LAUNCH="$(date +%s.%N)"
  # without CELLS_PROBE_JAR: the monitor refuses unknown CELLS_PROBE_* variables and would not start
  # shellcheck disable=SC2086
  env -u CELLS_PROBE_JAR java $BENCH_JAVA_OPTS "$@" -Dquarkus.config.locations="$props" \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=0 \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$MON_MGMT" \
    -jar "$CELLS_PROBE_JAR" >"$WORK/$name.log" 2>&1 &
  MON_PID=$!
  PIDS+=("$MON_PID")
}

metrics_url() { echo "http://127.0.0.1:$MON_MGMT/q/metrics"; }

cpu_of() { $BENCHLIB cpu "$1"; }
rss_of() { $BENCHLIB rss "$1" | cut -d' ' -f1; }
calc() { python3 -c "import math; nan=float('nan'); print($1)"; }

machine_line() {
  local cpu
  cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
  echo "$(nproc) cores ($cpu), $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1), load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
}

# write_result name: stdin (Markdown) to stdout and to $BENCH_RESULTS/<name>-<date>.md; by default
# under target/, so a run leaves the tree clean (bench/results/ keeps the runs bench/README.md cites)
BENCH_RESULTS="${BENCH_RESULTS:-$REPO_DIR/target/bench-results}"
write_result() {
  mkdir -p "$BENCH_RESULTS"
  local out="$BENCH_RESULTS/$1-$(date +%Y-%m-%d-%H%M).md"
  tee "$out"
  log "results written to $out"
}
