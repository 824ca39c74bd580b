#!/usr/bin/env bash
# Accuracy: how far the monitor's reported token/user times are from a delay injected by a local
# Cells-like server, side by side with curl's time_total for the same two requests, in one run.
#
#   bench/accuracy.sh            full: 4 delays, 200 probes and 200 curl pairs per delay after 60 s of warm-up (about 4 min)
#   bench/accuracy.sh --smoke    about 30 s: 4 delays, 20 samples each
#   bench/accuracy.sh --https    the same over HTTPS (defaults: delays "0 50", 3 targets per delay)
#            --no-tls-tickets    (with --https) the fake servers hand out no session tickets, so no
#                                client can resume a TLS session: every request a full handshake
#   options: --samples N  --warmup SECONDS  --delays "0 5 50 200"  --targets-per-delay K  --curl-gap SECONDS
#            --keep-cpus-awake   a busy loop per core at the idle scheduling class (see below)
#            --monitor LABEL=JAR several monitors side by side, each with the same targets (repeatable;
#                                default: one, "ours" = $CELLS_PROBE_JAR)
#            --stagger SECONDS   start the monitors this far apart (default 15 with several monitors):
#                                each one's start-up and first probes then see the machine as a lone
#                                monitor's do, not beside the others' start-ups; the warm-up counts from the last
#
# One fake server per delay (same delay for the token and the user step); one monitor at DEBUG
# with K targets per delay, every 1 s. After the warm-up, curl runs the same two requests
# (POST token, then GET user with the fresh id_token) N times per delay while the monitor keeps
# probing, so both see the same machine at the same time. curl keeps the monitor's cadence: one
# pair per delay every --curl-gap seconds (default 1, a target's interval), the delays side by side;
# --curl-gap 0 runs the pairs back to back, which keeps curl's and the server's caches hot.
# Reported: each monitor's steady state (after the warm-up) and each target's first 10 probes after
# start, against curl.
#
# --https: every fake server serves HTTPS with one self-signed RSA 2048 certificate for IP 127.0.0.1,
# made by openssl in the work directory; the monitors trust it through each target's tls.ca-file
# (host name checked, as in production) and curl through --cacert. Both open a new TLS connection per
# request (the probe keeps no connection alive), so every step pays a full handshake.
#
# --keep-cpus-awake runs one busy loop per core at the idle scheduling class (chrt --idle: any other
# task preempts it). On a virtual machine an idle vCPU halts, and waking it for the other end of a
# loopback connection took about a millisecond here (the fake server's own time after a 50 ms sleep:
# 1.4 ms median with idle CPUs, 0.23 ms with awake ones). Awake CPUs lower every median and, here,
# raised the tails (bench/README.md); the default leaves the machine as production would.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SAMPLES=200 WARMUP=60 DELAYS="" PER_DELAY="" CURL_GAP=1 AWAKE=0 MODE=full HTTPS=0 MONITORS=() STAGGER="" NO_TICKETS=0
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) MODE=smoke SAMPLES=20 WARMUP=6 PER_DELAY=${PER_DELAY:-3} ;;
    --https) HTTPS=1 ;;
    --no-tls-tickets) NO_TICKETS=1 ;;
    --monitor) MONITORS+=("$2"); shift ;;
    --stagger) STAGGER=$2; shift ;;
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

if [ "$HTTPS" = 1 ]; then
  DELAYS=${DELAYS:-0 50} PER_DELAY=${PER_DELAY:-3} SCHEME=https MODE="$MODE-https"
else
  DELAYS=${DELAYS:-0 5 50 200} PER_DELAY=${PER_DELAY:-5} SCHEME=http
fi
[ ${#MONITORS[@]} -gt 0 ] || MONITORS=("ours=$CELLS_PROBE_JAR")
[ -n "$STAGGER" ] || { [ ${#MONITORS[@]} -gt 1 ] && [ "${MODE%-https}" = full ] && STAGGER=15 || STAGGER=0; }

bench_init accuracy
ensure_packages
ensure_jar
for m in "${MONITORS[@]}"; do
  [ -f "${m#*=}" ] || { echo "--monitor $m: no such jar" >&2; exit 2; }
done
MACHINE="$(machine_line)"
START_DATE="$(date -u '+%Y-%m-%d %H:%M UTC')"

FAKE_TLS=() CURL_TLS=()
if [ "$HTTPS" = 1 ]; then
  command -v openssl >/dev/null || { echo "--https needs openssl (apt-get install openssl)" >&2; exit 2; }
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
    -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>"$WORK/openssl.log"
  FAKE_TLS=(--tls-cert "$WORK/cert.pem" --tls-key "$WORK/key.pem")
  [ "$NO_TICKETS" = 0 ] || FAKE_TLS+=(--no-tls-tickets)
  CURL_TLS=(--cacert "$WORK/cert.pem")
fi

PROPS="$WORK/targets.properties"
echo 'quarkus.log.category."io.cellsprobe".level=DEBUG' >"$PROPS"
declare -A PORT
for d in $DELAYS; do
  start_fake "fake-$d" "$d" "$d" --timings "${FAKE_TLS[@]}"
  PORT[$d]=$FAKE_PORT
  write_targets "$PROPS" "$PER_DELAY" "$SCHEME://127.0.0.1:$FAKE_PORT" "d${d}_" 1s 900ms
  if [ "$HTTPS" = 1 ]; then
    for ((i = 1; i <= PER_DELAY; i++)); do echo "cells-probe.targets.d${d}_$i.tls.ca-file=$WORK/cert.pem"; done >>"$PROPS"
  fi
done

if [ "$AWAKE" = 1 ]; then
  for ((c = 0; c < $(nproc); c++)); do
    chrt --idle 0 sh -c 'while :; do :; done' &
    PIDS+=($!)
  done
fi
declare -A MON_PIDS
for m in "${MONITORS[@]}"; do
  label=${m%%=*}
  [ "$m" = "${MONITORS[0]}" ] || sleep "$STAGGER"
  CELLS_PROBE_JAR=${m#*=} start_monitor "monitor-$label" "$PROPS"
  MON_PIDS[$label]=$MON_PID
  wait_for "$(metrics_url)" 60
  log "monitor $label up (pid $MON_PID)"
done
log "warming up for $WARMUP s"
sleep "$WARMUP"
declare -A SKIP
for label in "${!MON_PIDS[@]}"; do SKIP[$label]=$(stat -c %s "$WORK/monitor-$label.log"); done

# curl_pairs delay: SAMPLES token+user pairs against that delay's server, CURL_GAP seconds apart
curl_pairs() {
  local d=$1 i id_token
  : >"$WORK/curl-$d-token.txt"
  : >"$WORK/curl-$d-user.txt"
  for ((i = 0; i < SAMPLES; i++)); do
    curl -sS "${CURL_TLS[@]}" -o "$WORK/token-$d.json" -w '%{time_total}\n' -X POST -u 'cells-front:bench-secret' \
      --data "grant_type=password&username=monitor&password=bench-password&scope=email%20profile%20pydio&nonce=n$i" \
      "$SCHEME://127.0.0.1:${PORT[$d]}/auth/dex/token" >>"$WORK/curl-$d-token.txt"
    id_token="$(sed -n 's/.*"id_token": *"\([^"]*\)".*/\1/p' "$WORK/token-$d.json")"
    curl -sS "${CURL_TLS[@]}" -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $id_token" \
      "$SCHEME://127.0.0.1:${PORT[$d]}/a/user/monitor" >>"$WORK/curl-$d-user.txt"
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

# Until every monitor has SAMPLES successful probes per delay after the warm-up.
for ((i = 0; i < 600; i++)); do
  enough=1
  for label in "${!MON_PIDS[@]}"; do
    for d in $DELAYS; do
      n=$(tail -c +"$((SKIP[$label] + 1))" "$WORK/monitor-$label.log" | grep -c "Probe of target d${d}_[0-9]*: success" || true)
      [ "$n" -ge "$SAMPLES" ] || enough=0
    done
  done
  [ "$enough" = 1 ] && break
  sleep 1
done
REPORT_ARGS=() COSTS=""
for m in "${MONITORS[@]}"; do
  label=${m%%=*}
  pid=${MON_PIDS[$label]}
  COSTS+="| $label | \`${m#*=}\` | $(rss_of "$pid") MiB | $(cpu_of "$pid") s | $(grep -o 'started in [0-9.]*s\|warmed up: [^(]*' "$WORK/monitor-$label.log" | sed 's/warmed up: //' | paste -sd ';' | sed 's/;/; /g') |"$'\n'
  stop_pid "$pid"
  REPORT_ARGS+=("$label" "$WORK/monitor-$label.log" "${SKIP[$label]}")
done
STATS=""
for d in $DELAYS; do
  curl -fsS "${CURL_TLS[@]}" "$SCHEME://127.0.0.1:${PORT[$d]}/timings" >"$WORK/fake-$d-timings.txt"
  STATS+="$d ms: $(curl -fsS "${CURL_TLS[@]}" "$SCHEME://127.0.0.1:${PORT[$d]}/stats"); "
done

{
  echo "## Accuracy ($MODE) - $START_DATE"
  echo
  echo "Machine: $MACHINE. JVM flags: \`${BENCH_JAVA_OPTS:-none}\`. Scheme: $SCHEME$([ "$HTTPS" = 1 ] && echo " (self-signed RSA 2048, trusted through tls.ca-file / curl --cacert, a new TLS connection per request; session tickets $([ "$NO_TICKETS" = 1 ] && echo 'off: no resumption possible' || echo 'on'))")."
  echo "Delays injected per step by bench/fake_cells.py; per monitor $PER_DELAY targets per delay every 1 s, warm-up $WARMUP s;"
  echo "curl: one token+user pair per delay every $CURL_GAP s (0 = back to back); CPUs $([ "$AWAKE" = 1 ] && echo 'kept awake (busy loops at the idle scheduling class)' || echo 'free to idle');"
  echo "figures are (measured - injected): the monitor's DEBUG step times vs curl's time_total, same requests, same run;"
  echo "the last column is the fake server's own share: its time from request to answer minus the injected delay (p99, over all requests of that step)."
  echo
  echo
  echo "Monitors started $STAGGER s apart, in this order. Requests the fake servers answered, all clients (tls_resumed: over a resumed TLS session): $STATS"
  echo
  echo "| monitor | jar | RSS at the end | CPU in all | start-up; client warm-up (from its log) |"
  echo "|---|---|---:|---:|---|"
  printf '%s' "$COSTS"
  echo
  $BENCHLIB accuracy "$WORK" "$DELAYS" "${REPORT_ARGS[@]}"
} | write_result "accuracy-$MODE"
