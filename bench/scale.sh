#!/usr/bin/env bash
# Scale: N targets at one interval against a fast local Cells-like server, and in the same run the
# same N targets as single-GET probes of blackbox_exporter driven by a real Prometheus.
#
#   bench/scale.sh                     full: 10, 100, 1000 and 2000 targets, 10 s interval, 30 s warm-up, 300 s window each
#   bench/scale.sh --smoke             about 30 s: 10 targets at 1 s, 5 s warm-up, 10 s window
#   options: --sizes "10 100"  --window SECONDS  --warmup SECONDS  --interval 10s
#   env:     CELLS_PROBE_JAR (default target/quarkus-app/quarkus-run.jar), BENCH_JAVA_OPTS (JVM flags)
#
# Per size, five processes run at once on 127.0.0.1: the fake Cells (bench/fake_cells.py), the
# monitor (N targets from a properties file passed with -Dquarkus.config.locations), a Prometheus
# scraping the monitor's /q/metrics at the interval (as in production), blackbox_exporter (module
# http_2xx), and a second Prometheus scraping /probe?target=http://127.0.0.1:<fake>/healthz?n=<i>
# for i = 1..N at the same interval. CPU (utime+stime from /proc/<pid>/stat) is read at the start
# and the end of the window after the warm-up; requests are counted by the fake server.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SIZES="10 100 1000 2000" WINDOW=300 WARMUP=30 INTERVAL=10s MODE=full
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) MODE=smoke SIZES="10" WINDOW=10 WARMUP=5 INTERVAL=1s ;;
    --sizes) SIZES=$2; shift ;;
    --window) WINDOW=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --interval) INTERVAL=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

bench_init scale
ensure_packages prometheus prometheus-blackbox-exporter
ensure_jar
MACHINE="$(machine_line)"
START_DATE="$(date -u '+%Y-%m-%d %H:%M UTC')"
INTERVAL_S="$(calc "float('${INTERVAL%s}')")"
# a probe's timeout must be shorter than its interval
TIMEOUT="$(calc "int(min(5000, $INTERVAL_S * 1000 * 0.8))")ms"

fake_count() { curl -fsS "http://127.0.0.1:$FAKE_PORT/stats" | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['$1'] if '$1' != 'probe' else d['token'] + d['user'])"; }
median_of() { tr ' ' '\n' | python3 -c "import statistics,sys; v=[float(x) for x in sys.stdin.read().split()]; print(statistics.median(v))"; }

start_prometheus() { # name config -> PROM_PID PROM_PORT
  PROM_PORT="$(free_port)"
  prometheus --config.file="$2" --storage.tsdb.path="$WORK/$1-data" --storage.tsdb.retention.time=2h \
    --web.listen-address="127.0.0.1:$PROM_PORT" --log.level=warn >"$WORK/$1.log" 2>&1 &
  PROM_PID=$!
  PIDS+=("$PROM_PID")
  wait_for "http://127.0.0.1:$PROM_PORT/-/ready" 60
}

# One size, in a subshell: its processes are stopped by its own trap if it fails.
measure_size() {
  log "=== $N targets every $INTERVAL (warm-up $WARMUP s, window $WINDOW s)"
  start_fake "fake-$N" 0 0
  PROPS="$WORK/targets-$N.properties"
  : >"$PROPS"
  write_targets "$PROPS" "$N" "http://127.0.0.1:$FAKE_PORT" t "$INTERVAL" "$TIMEOUT"
  start_monitor "monitor-$N" "$PROPS"
  wait_for "$(metrics_url)" 120
  configured=$(grep -c '^cells-probe.targets.t[0-9]*.url=' "$PROPS")
  # The probe series appear with the first probe (up to one interval after start-up), then all at once.
  for ((i = 0; i < 2 * (${INTERVAL_S%.*} + 60); i++)); do
    grep -q 'first probe:' "$WORK/monitor-$N.log" && break
    sleep 0.5
  done
  registered=$(curl -fsS -H 'Accept: text/plain' "$(metrics_url)" | grep -c '^cells_probe_target_info{' || true)
  [ "$registered" = "$configured" ] || { echo "monitor registered $registered targets of $configured (quarkus.config.locations?)" >&2; exit 1; }

  BB_PORT="$(free_port)"
  printf 'modules:\n  http_2xx:\n    prober: http\n    timeout: %s\n    http:\n      preferred_ip_protocol: ip4\n' "$TIMEOUT" >"$WORK/blackbox.yml"
  prometheus-blackbox-exporter --config.file="$WORK/blackbox.yml" --web.listen-address="127.0.0.1:$BB_PORT" \
    --log.level=warn >"$WORK/blackbox-$N.log" 2>&1 &
  BB_PID=$!
  PIDS+=("$BB_PID")
  wait_for "http://127.0.0.1:$BB_PORT/metrics" 30

  {
    printf 'global:\n  scrape_interval: %s\n  scrape_timeout: %s\nscrape_configs:\n' "$INTERVAL" "$TIMEOUT"
    printf '  - job_name: blackbox\n    metrics_path: /probe\n    params: {module: [http_2xx]}\n    static_configs:\n      - targets:\n'
    for ((i = 1; i <= N; i++)); do printf '          - http://127.0.0.1:%s/healthz?n=%d\n' "$FAKE_PORT" "$i"; done
    printf '    relabel_configs:\n      - {source_labels: [__address__], target_label: __param_target}\n'
    printf '      - {source_labels: [__param_target], target_label: instance}\n'
    printf '      - {target_label: __address__, replacement: "127.0.0.1:%s"}\n' "$BB_PORT"
  } >"$WORK/prometheus-bb-$N.yml"
  start_prometheus "prometheus-bb-$N" "$WORK/prometheus-bb-$N.yml"
  PROM_BB_PID=$PROM_PID
  printf 'global:\n  scrape_interval: %s\n  scrape_timeout: %s\nscrape_configs:\n  - job_name: cells-probe\n    metrics_path: /q/metrics\n    static_configs:\n      - targets: ["127.0.0.1:%s"]\n' \
    "$INTERVAL" "$TIMEOUT" "$MON_MGMT" >"$WORK/prometheus-ours-$N.yml"
  start_prometheus "prometheus-ours-$N" "$WORK/prometheus-ours-$N.yml"
  PROM_OURS_PID=$PROM_PID PROM_OURS_PORT=$PROM_PORT

  sleep "$WARMUP"
  # the snapshot first (its scrape costs CPU before the window), then CPU
  $BENCHLIB snap "$(metrics_url)" "$WORK/metrics-$N-0.txt"
  bb0=$(fake_count healthz) req0=$(fake_count probe)
  c_mon0=$(cpu_of "$MON_PID") c_bb0=$(cpu_of "$BB_PID") c_po0=$(cpu_of "$PROM_OURS_PID") c_pb0=$(cpu_of "$PROM_BB_PID") c_fake0=$(cpu_of "$FAKE_PID")
  t0=$(date +%s.%N)
  sleep "$WINDOW"
  # CPU first, then the snapshot (its scrape is after the window)
  c_mon1=$(cpu_of "$MON_PID") c_bb1=$(cpu_of "$BB_PID") c_po1=$(cpu_of "$PROM_OURS_PID") c_pb1=$(cpu_of "$PROM_BB_PID") c_fake1=$(cpu_of "$FAKE_PID")
  t1=$(date +%s.%N)
  bb1=$(fake_count healthz) req1=$(fake_count probe)
  $BENCHLIB snap "$(metrics_url)" "$WORK/metrics-$N-1.txt"
  rss_mon=$(rss_of "$MON_PID") rss_bb=$(rss_of "$BB_PID") rss_po=$(rss_of "$PROM_OURS_PID") rss_pb=$(rss_of "$PROM_BB_PID")
  prom_scrape_avg=$($BENCHLIB promq "http://127.0.0.1:$PROM_OURS_PORT" "avg_over_time(scrape_duration_seconds{job=\"cells-probe\"}[${WINDOW}s])")
  prom_scrape_max=$($BENCHLIB promq "http://127.0.0.1:$PROM_OURS_PORT" "max_over_time(scrape_duration_seconds{job=\"cells-probe\"}[${WINDOW}s])")

  # scrape time and size, 5 times, after the window; the monitor's CPU across them (probes go on meanwhile)
  times="" size=0
  c_s0=$(cpu_of "$MON_PID") ts0=$(date +%s.%N)
  for i in 1 2 3 4 5; do
    read -r t s < <(curl -sS -o /dev/null -H 'Accept: text/plain' -w '%{time_total} %{size_download}\n' "$(metrics_url)")
    times="$times $t" size=$s
  done
  c_s1=$(cpu_of "$MON_PID") ts1=$(date +%s.%N)
  # minus what the probes cost over the same time at the window's rate
  scrape_cpu=$(calc "max(0, (($c_s1 - $c_s0) - ($c_mon1 - $c_mon0) / ($t1 - $t0) * ($ts1 - $ts0)) / 5 * 1000)")
  scrape_med=$(echo "$times" | median_of)
  scrape_max=$(echo "$times" | tr ' ' '\n' | sort -g | tail -1)

  read -r ok0 fail0 skip0 < <($BENCHLIB runs "$WORK/metrics-$N-0.txt")
  read -r ok1 fail1 skip1 < <($BENCHLIB runs "$WORK/metrics-$N-1.txt")
  read -r lag50 lag99 lagn lagover < <($BENCHLIB lag "$WORK/metrics-$N-0.txt" "$WORK/metrics-$N-1.txt")
  secs=$(calc "$t1 - $t0")
  probes=$((ok1 + fail1 - ok0 - fail0))
  fails=$((fail1 - fail0)) skips=$((skip1 - skip0))
  reqs=$((req1 - req0)) bbreqs=$((bb1 - bb0))
  mon_cpu=$(calc "$c_mon1 - $c_mon0") bb_cpu=$(calc "$c_bb1 - $c_bb0")
  po_cpu=$(calc "$c_po1 - $c_po0") pb_cpu=$(calc "$c_pb1 - $c_pb0") fake_cpu=$(calc "$c_fake1 - $c_fake0")
  if [ "$probes" -le 0 ] || [ "$bbreqs" -le 0 ] || [ "$reqs" -le 0 ]; then
    echo "no probes measured ($probes probes, $reqs requests, $bbreqs blackbox requests): see $WORK" >&2; exit 1
  fi
  ours_per_req=$(calc "$mon_cpu / max($reqs, 1) * 1000")
  bb_per_req=$(calc "$bb_cpu / max($bbreqs, 1) * 1000")
  ours_sys_per_req=$(calc "($mon_cpu + $po_cpu) / max($reqs, 1) * 1000")
  bb_sys_per_req=$(calc "($bb_cpu + $pb_cpu) / max($bbreqs, 1) * 1000")

  echo "| $N | $(calc "round($secs)") s | $probes | $fails / $skips | $(calc "round($mon_cpu / max($probes,1) * 1000, 3)") ms | $(calc "round(100 * $mon_cpu / $secs, 1)") % | $lag50 / $lag99 ms ($lagn, $lagover > 1 s) | $rss_mon MiB | $(calc "round($scrape_med * 1000, 1)") / $(calc "round($scrape_max * 1000, 1)") ms | $(calc "round($prom_scrape_avg * 1000, 1)") / $(calc "round($prom_scrape_max * 1000, 1)") ms | $(calc "round($size / 1024)") KiB | $(calc "round($scrape_cpu)") ms |" >>"$WORK/mon-rows.md"
  echo "| $N | $reqs | $bbreqs | $(calc "round($ours_per_req, 3)") ms | $(calc "round($bb_per_req, 3)") ms | **$(calc "round($ours_per_req / max($bb_per_req, 1e-9), 2)")** | $(calc "round($ours_sys_per_req, 3)") / $(calc "round($bb_sys_per_req, 3)") ms = $(calc "round($ours_sys_per_req / max($bb_sys_per_req, 1e-9), 2)") | $rss_mon / $rss_bb MiB | $rss_po / $rss_pb MiB | $(calc "round(100 * $fake_cpu / $secs, 1)") % |" >>"$WORK/cmp-rows.md"
  cp "$WORK/metrics-$N-1.txt" "$WORK/last-scrape.txt"
  echo "$N" >"$WORK/last-n"

  for pid in "$PROM_BB_PID" "$PROM_OURS_PID" "$BB_PID" "$MON_PID" "$FAKE_PID"; do stop_pid "$pid"; done
}

: >"$WORK/mon-rows.md"
: >"$WORK/cmp-rows.md"
for N in $SIZES; do
  set +e
  (
    trap bench_cleanup EXIT
    set -e
    measure_size
  )
  rc=$?
  set -e
  if [ "$rc" != 0 ]; then
    oom=$(grep -c OutOfMemoryError "$WORK/monitor-$N.log" 2>/dev/null || true)
    why="failed (exit $rc)"
    [ "${oom:-0}" -gt 0 ] && why="failed: **OutOfMemoryError** x$oom in the monitor's log ($(grep OutOfMemoryError "$WORK/monitor-$N.log" | grep -c '/q/metrics') serving /q/metrics)"
    echo "| $N | $why | | | | | | | | | | |" >>"$WORK/mon-rows.md"
    log "$N targets: $why (logs in $WORK)"
    [ "$MODE" = smoke ] && exit 1
  fi
done
[ -s "$WORK/last-n" ] || { echo "no size measured" >&2; exit 1; }
LAST_N=$(cat "$WORK/last-n")

{
  echo "## Scale ($MODE) - $START_DATE"
  echo
  echo "Machine: $MACHINE. Monitor JVM flags: \`${BENCH_JAVA_OPTS:-none}\`. Interval $INTERVAL, probe timeout $TIMEOUT,"
  echo "warm-up $WARMUP s, then a $WINDOW s window per size (sizes run one after the other)."
  echo
  echo "### The monitor"
  echo
  echo "| targets | window | probes | failed / skipped | CPU per probe | CPU (of one core) | schedule drift p50 / p99 (lag samples, above 1 s) | RSS | /q/metrics scrape median / max (curl, 5x) | scrape avg / max (Prometheus) | scrape size (text) | CPU per scrape |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  cat "$WORK/mon-rows.md"
  echo
  echo "### Ours vs blackbox_exporter, same run, same targets (CPU per HTTP request; ours makes 2 per probe)"
  echo
  echo "| targets | our requests | blackbox requests | ours CPU/request | blackbox CPU/request | ratio ours/blackbox | with each one's Prometheus: ours / blackbox = ratio | RSS ours / blackbox | RSS Prometheus ours / blackbox | fake server CPU |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  cat "$WORK/cmp-rows.md"
  echo
  echo "### What /q/metrics holds at $LAST_N targets (text format)"
  echo
  $BENCHLIB families "$WORK/last-scrape.txt"
  echo
  all=$(stat -c %s "$WORK/last-scrape.txt")
  echo "The same scrape, $(calc "round($all / 1024)") KiB, if (sizes exact, computed from this scrape; time roughly follows size):"
  echo
  echo "| change | size | of today's |"
  echo "|---|---:|---:|"
  $BENCHLIB whatif "$WORK/last-scrape.txt"
} | write_result "scale-$MODE"
