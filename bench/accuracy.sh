#!/usr/bin/env bash
# Accuracy: how far the monitor's reported token/user times are from a delay injected by a local
# Cells-like server, side by side with curl's time_total for the same two requests, in one run.
#
#   bench/accuracy.sh            full: 4 delays, 200 probes and 200 curl pairs per delay after 60 s of warm-up (about 4 min)
#   bench/accuracy.sh --smoke    about 30 s: 4 delays, 20 samples each
#   options: --samples N  --warmup SECONDS  --delays "0 5 50 200"  --targets-per-delay K  --curl-gap SECONDS
#            --keep-cpus-awake   a busy loop per core at the idle scheduling class (see below)
#
# One fake server per delay (same delay for the token and the user step); one monitor at DEBUG
# with K targets per delay, every 1 s. After the warm-up, curl runs the same two requests
# (POST token, then GET user with the fresh id_token) N times per delay while the monitor keeps
# probing, so both see the same machine at the same time. curl keeps the monitor's cadence: one
# pair per delay every --curl-gap seconds (default 1, a target's interval), the delays side by side;
# --curl-gap 0 runs the pairs back to back, which keeps curl's and the server's caches hot.
#
# --keep-cpus-awake runs one busy loop per core at the idle scheduling class (chrt --idle: any other
# task preempts it). On a virtual machine an idle vCPU halts, and waking it for the other end of a
# loopback connection took about a millisecond here (the fake server's own time after a 50 ms sleep:
# 1.4 ms median with idle CPUs, 0.23 ms with awake ones). Awake CPUs lower every median and, here,
# raised the tails (bench/README.md); the default leaves the machine as production would.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SAMPLES=200 WARMUP=60 DELAYS="0 5 50 200" PER_DELAY=5 CURL_GAP=1 AWAKE=0 MODE=full
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) MODE=smoke SAMPLES=20 WARMUP=6 PER_DELAY=3 ;;
    --samples) SAMPLES=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --delays) DELAYS=$2; shift ;;
    --targets-per-delay) PER_DELAY=$2; shift ;;
    --curl-gap) CURL_GAP=$2; shift ;;
    --keep-cpus-awake) AWAKE=1 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

bench_init accuracy
ensure_packages
ensure_jar
MACHINE="$(machine_line)"
START_DATE="$(date -u '+%Y-%m-%d %H:%M UTC')"

PROPS="$WORK/targets.properties"
echo 'quarkus.log.category."io.cellsprobe".level=DEBUG' >"$PROPS"
declare -A PORT
for d in $DELAYS; do
  start_fake "fake-$d" "$d" "$d" --timings
  PORT[$d]=$FAKE_PORT
  write_targets "$PROPS" "$PER_DELAY" "http://127.0.0.1:$FAKE_PORT" "d${d}_" 1s 900ms
done

if [ "$AWAKE" = 1 ]; then
  for ((c = 0; c < $(nproc); c++)); do
    chrt --idle 0 sh -c 'while :; do :; done' &
    PIDS+=($!)
  done
fi
start_monitor monitor "$PROPS"
wait_for "$(metrics_url)" 60
log "monitor up (pid $MON_PID); warming up for $WARMUP s"
sleep "$WARMUP"
SKIP=$(stat -c %s "$WORK/monitor.log")

# curl_pairs delay: SAMPLES token+user pairs against that delay's server, CURL_GAP seconds apart
curl_pairs() {
  local d=$1 i id_token
  : >"$WORK/curl-$d-token.txt"
  : >"$WORK/curl-$d-user.txt"
  for ((i = 0; i < SAMPLES; i++)); do
    curl -sS -o "$WORK/token-$d.json" -w '%{time_total}\n' -X POST -u 'cells-front:bench-secret' \
      --data "grant_type=password&username=monitor&password=bench-password&scope=email%20profile%20pydio&nonce=n$i" \
      "http://127.0.0.1:${PORT[$d]}/auth/dex/token" >>"$WORK/curl-$d-token.txt"
    id_token="$(sed -n 's/.*"id_token": *"\([^"]*\)".*/\1/p' "$WORK/token-$d.json")"
    curl -sS -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $id_token" \
      "http://127.0.0.1:${PORT[$d]}/a/user/monitor" >>"$WORK/curl-$d-user.txt"
    sleep "$CURL_GAP"
  done
}
if [ "$CURL_GAP" = 0 ]; then
  for d in $DELAYS; do log "curl: $SAMPLES token+user pairs at $d ms, back to back"; curl_pairs "$d"; done
else
  log "curl: $SAMPLES token+user pairs per delay, one every $CURL_GAP s, the delays side by side"
  CURL_PIDS=()
  for d in $DELAYS; do curl_pairs "$d" & CURL_PIDS+=($!); done
  wait "${CURL_PIDS[@]}"
fi

# Until the monitor has SAMPLES successful probes per delay after the warm-up.
for ((i = 0; i < 600; i++)); do
  enough=1
  for d in $DELAYS; do
    n=$(tail -c +"$((SKIP + 1))" "$WORK/monitor.log" | grep -c "Probe of target d${d}_[0-9]*: success" || true)
    [ "$n" -ge "$SAMPLES" ] || enough=0
  done
  [ "$enough" = 1 ] && break
  sleep 1
done
stop_pid "$MON_PID"
for d in $DELAYS; do curl -fsS "http://127.0.0.1:${PORT[$d]}/timings" >"$WORK/fake-$d-timings.txt"; done

{
  echo "## Accuracy ($MODE) - $START_DATE"
  echo
  echo "Machine: $MACHINE. JVM flags: \`${BENCH_JAVA_OPTS:-none}\`."
  echo "Delays injected per step by bench/fake_cells.py; $PER_DELAY targets per delay every 1 s, warm-up $WARMUP s;"
  echo "curl: one token+user pair per delay every $CURL_GAP s (0 = back to back); CPUs $([ "$AWAKE" = 1 ] && echo 'kept awake (busy loops at the idle scheduling class)' || echo 'free to idle');"
  echo "figures are (measured - injected): the monitor's DEBUG step times vs curl's time_total, same requests, same run;"
  echo "the last column is the fake server's own share: its time from request to answer minus the injected delay (p99, over all requests of that step)."
  echo
  $BENCHLIB accuracy "$WORK/monitor.log" "$SKIP" "$WORK" $DELAYS
} | write_result "accuracy-$MODE"
