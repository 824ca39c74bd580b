#!/usr/bin/env bash
# Footprint: start-up to the first probe result, RSS idle with one target, RSS (and CPU) at 1,000
# targets, for one or more sets of JVM flags, against a fast local Cells-like server.
#
#   bench/footprint.sh           full: 4 flag sets x (5 start-ups, 60 s idle, 1000 targets every 10 s:
#                                30 s warm-up, 60 s window), about 12 min
#   bench/footprint.sh --smoke   about 30 s: 1 start-up, 8 s idle, 100 targets (5 s warm-up, 5 s window)
#   options: --runs R  --idle SECONDS  --targets N  --warmup SECONDS  --window SECONDS
#            --variants "none|-XX:+UseSerialGC|..."   JVM flag sets to compare ("none" = plain java -jar)
#   env:     CELLS_PROBE_JAR (default target/quarkus-app/quarkus-run.jar)
#
# Start-up is read from the monitor's own log timestamps against the launch time: "started in"
# (Quarkus ready) and the first "first probe:" line. The first probe of a target waits a random
# offset within its interval (logged as "first probe in X ms"), so the table also shows the time
# to the first result minus that offset: what start-up itself costs.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

RUNS=5 IDLE=60 BIG=1000 WARMUP=30 WINDOW=60 MODE=full
VARIANTS="none|-XX:+UseG1GC -Xmx256m|-XX:+UseG1GC -Xmx256m -XX:TieredStopAtLevel=1|-XX:+UseSerialGC -Xmx128m"
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) MODE=smoke RUNS=1 IDLE=8 BIG=100 WARMUP=5 WINDOW=5 VARIANTS="none" ;;
    --runs) RUNS=$2; shift ;;
    --idle) IDLE=$2; shift ;;
    --targets) BIG=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --window) WINDOW=$2; shift ;;
    --variants) VARIANTS=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

bench_init footprint
ensure_packages
ensure_jar
MACHINE="$(machine_line)"
START_DATE="$(date -u '+%Y-%m-%d %H:%M UTC')"
start_fake fake 0 0
URL="http://127.0.0.1:$FAKE_PORT"

ONE="$WORK/one.properties"
echo 'quarkus.log.category."io.cellsprobe".level=DEBUG' >"$ONE"
write_targets "$ONE" 1 "$URL" t 1s 900ms
MANY="$WORK/many.properties"
: >"$MANY"
write_targets "$MANY" "$BIG" "$URL" t 10s 5s

ROWS=()
IFS='|' read -r -a VARIANT_LIST <<<"$VARIANTS"
v=0
for variant in "${VARIANT_LIST[@]}"; do
  v=$((v + 1))
  flags=""
  [ "$variant" != "none" ] && flags="$variant"
  : >"$WORK/started-$v.txt"
  : >"$WORK/first-$v.txt"
  : >"$WORK/cost-$v.txt"
  : >"$WORK/probe-$v.txt"
  idle_rss="nan"
  for ((r = 1; r <= RUNS; r++)); do
    log "variant $v ($variant): start-up $r/$RUNS"
    BENCH_JAVA_OPTS="$flags" start_monitor "one-$v-$r" "$ONE"
    for ((i = 0; i < 1200; i++)); do
      grep -q 'first probe:' "$WORK/one-$v-$r.log" && break
      kill -0 "$MON_PID" 2>/dev/null || { cat "$WORK/one-$v-$r.log" >&2; exit 1; }
      sleep 0.05
    done
    read -r started first offset < <($BENCHLIB startup "$WORK/one-$v-$r.log" "$MON_LAUNCH")
    [ "$first" != nan ] || { echo "no first probe result in $WORK/one-$v-$r.log" >&2; exit 1; }
    echo "$started" >>"$WORK/started-$v.txt"
    echo "$first" >>"$WORK/first-$v.txt"
    calc "$first - $offset" >>"$WORK/cost-$v.txt"
    grep -m1 -o 'Probe of target t1: [a-z]* in [0-9.]*' "$WORK/one-$v-$r.log" | awk '{print $NF}' >>"$WORK/probe-$v.txt"
    if [ "$r" = 1 ]; then
      sleep "$IDLE"
      idle_rss=$(rss_of "$MON_PID")
    fi
    stop_pid "$MON_PID"
  done

  log "variant $v ($variant): $BIG targets"
  BENCH_JAVA_OPTS="$flags" start_monitor "many-$v" "$MANY"
  big="failed"
  if wait_for "$(metrics_url)" 120 && sleep "$WARMUP" &&
    c0=$(cpu_of "$MON_PID") && t0=$(date +%s.%N) &&
    $BENCHLIB snap "$(metrics_url)" "$WORK/many-$v-0.txt" && sleep "$WINDOW" &&
    $BENCHLIB snap "$(metrics_url)" "$WORK/many-$v-1.txt" &&
    c1=$(cpu_of "$MON_PID") && t1=$(date +%s.%N); then
    read -r big_rss big_hwm < <($BENCHLIB rss "$MON_PID")
    read -r ok0 fail0 _ < <($BENCHLIB runs "$WORK/many-$v-0.txt")
    read -r ok1 fail1 _ < <($BENCHLIB runs "$WORK/many-$v-1.txt")
    probes=$((ok1 + fail1 - ok0 - fail0))
    big="$big_rss MiB (peak $big_hwm) | $(calc "round(100 * ($c1 - $c0) / ($t1 - $t0), 1)") % ($probes probes, $(calc "round(1000 * ($c1 - $c0) / max($probes, 1), 2)") ms each)"
  fi
  [ "$big" = failed ] && big="failed | failed"
  if grep -q OutOfMemoryError "$WORK/many-$v.log"; then
    big="$big; **OutOfMemoryError** x$(grep -c 'OutOfMemoryError' "$WORK/many-$v.log") in the log ($(grep 'OutOfMemoryError' "$WORK/many-$v.log" | grep -c '/q/metrics') serving /q/metrics)"
  fi
  stop_pid "$MON_PID"

  med() { $BENCHLIB pctl 50 "$1"; }
  mx() { $BENCHLIB pctl 100 "$1"; }
  ROWS+=("| \`$variant\` | $(calc "round($(med "$WORK/started-$v.txt"), 2)") s | $(calc "round($(med "$WORK/first-$v.txt"), 2)") s (max $(calc "round($(mx "$WORK/first-$v.txt"), 2)")) | $(calc "round($(med "$WORK/cost-$v.txt"), 2)") s | $(calc "round($(med "$WORK/probe-$v.txt"), 1)") ms | $idle_rss MiB | $big |")
  log "${ROWS[-1]}"
done

{
  echo "## Footprint ($MODE) - $START_DATE"
  echo
  echo "Machine: $MACHINE."
  echo "Start-up: median of $RUNS launches, one target every 1 s. Idle RSS: one target, $IDLE s after start."
  echo "At $BIG targets every 10 s: RSS and CPU over a $WINDOW s window after $WARMUP s of warm-up (the window includes the two /q/metrics snapshots that count the probes)."
  echo
  echo "| JVM flags | ready (\"started in\") | first probe result | first result minus random offset | first probe's duration | RSS idle, 1 target | RSS at $BIG targets | CPU at $BIG targets (of one core) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${ROWS[@]}"
} | write_result "footprint-$MODE"
