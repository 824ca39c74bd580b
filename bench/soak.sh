#!/usr/bin/env bash
# Soak: many targets at a 1 s interval for minutes against a Cells-like server that rotates through
# faults (bench/fault_cells.py); heap after a full GC, threads and open file descriptors must stay flat.
#
#   bench/soak.sh                full: 50 targets every 1 s (timeout 800ms) for 10 min, 20 s per fault,
#                                20 s warm-up, a line of figures every 60 s (about 11 min in all)
#   bench/soak.sh --smoke        about 30 s, for CI: 10 targets for 18 s, 1.5 s per fault (one full cycle)
#   options: --minutes M  --targets N  --rotate-seconds S  --warmup S  --every S (trend line period)
#            --note TEXT (printed under the machine line, e.g. that other benchmarks shared the machine)
#   env:     CELLS_PROBE_JAR (default target/quarkus-app/quarkus-run.jar), BENCH_JAVA_OPTS (JVM flags),
#            BENCH_RESULTS (where the Markdown goes; default target/bench-results)
#
# Method. fault_cells.py starts holding "healthy". Once every target has probed, the warm-up runs one
# pass through every fault (1 s each; smoke 0.3 s) and then healthy, so the start sample already
# includes what the failure paths load or cache once. Then the server rotates for the soak, and at
# its end holds "healthy" again for a few seconds (hanging connections time out, Retry-After waits
# end) before the end sample: start and end are taken in the same state. A sample: scrape
# /q/metrics; `jcmd <pid> GC.run` (a full GC) and `jstat -gc` right after it: heap after GC = old +
# survivor used (eden is empty after a full GC; the sample is retried if a young GC slipped in);
# metaspace used; threads (/proc/<pid>/status) and open fds (/proc/<pid>/fd), the lowest of 5
# readings 0.1 s apart (a probe's socket in flight is not a leak); RSS. Trend samples in between
# show whichever fault was active.
#
# Verdict: flat if the end heap after GC is within +20 % or +5 MiB of the start, and threads and fds
# within +5. The exit status is non-zero only when the harness fails (a process did not start or
# died, a fault was never seen by the monitor, no probes ran), never for a "not flat" verdict.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

NOTE='' MODE=full TARGETS=50 INTERVAL=1s TIMEOUT=800ms SOAK_S=600 ROTATE=20 WARMUP=20 WARM_FAST=1 EVERY=60 SETTLE=5
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) MODE=smoke TARGETS=10 SOAK_S=18 ROTATE=1.5 WARMUP=6 WARM_FAST=0.3 EVERY=9 SETTLE=2.5 ;;
    --minutes) SOAK_S=$(python3 -c "print(round(float('$2') * 60))"); shift ;;
    --targets) TARGETS=$2; shift ;;
    --rotate-seconds) ROTATE=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --every) EVERY=$2; shift ;;
    --note) NOTE=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
python3 -c "import sys; sys.exit(0 if $WARMUP >= 12 * $WARM_FAST + 2 and $SOAK_S > 0 and $EVERY > 0 else 1)" ||
  { echo "--warmup must leave at least 2 s after the fast pass ($WARM_FAST s x 12 faults)" >&2; exit 2; }

for tool in jcmd jstat; do
  command -v "$tool" >/dev/null || { echo "$tool not found: the soak needs a JDK (jcmd, jstat)" >&2; exit 1; }
done
bench_init soak
ensure_packages
ensure_jar
MACHINE="$(machine_line)"
START_DATE="$(date -u '+%Y-%m-%d %H:%M UTC')"
SAMPLES="$WORK/samples.jsonl"
: >"$SAMPLES"

# The sampler and the report (Python, stdlib only; Prometheus text parsing from benchlib.py).
SOAKPY=$(cat <<'PY'
import json, os, re, subprocess, sys, time, urllib.request
sys.path.insert(0, os.environ["BENCH_DIR"])
import benchlib

def jstat_gc(pid):
    r = subprocess.run(["jstat", "-gc", str(pid)], capture_output=True, text=True, timeout=120)
    lines = r.stdout.strip().split("\n")
    if r.returncode != 0 or len(lines) < 2:
        raise SystemExit(f"jstat -gc {pid} failed: {r.stdout}{r.stderr}")
    return {k: (float(v) if v not in ("-", "") else 0.0) for k, v in zip(lines[0].split(), lines[1].split())}

def heap_after_full_gc(pid):
    """MiB: old + survivor used right after a full GC (no young GC in between), and metaspace used."""
    for _ in range(5):
        before = jstat_gc(pid)
        r = subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, text=True, timeout=120)
        if r.returncode != 0:
            raise SystemExit(f"jcmd {pid} GC.run failed: {r.stdout}{r.stderr}")
        after = jstat_gc(pid)
        if after["FGC"] > before["FGC"] and after["YGC"] == before["YGC"]:
            return (after["OU"] + after["S0U"] + after["S1U"]) / 1024, after["MU"] / 1024
    raise SystemExit("jcmd GC.run gave no full GC without a young GC right after it, 5 times "
                     "(is -XX:+DisableExplicitGC or -XX:+ExplicitGCInvokesConcurrent set?)")

def proc_counts(pid):
    threads, fds = [], []
    for _ in range(5):
        with open(f"/proc/{pid}/status") as f:
            threads.append(int(next(l for l in f if l.startswith("Threads:")).split()[1]))
        fds.append(len(os.listdir(f"/proc/{pid}/fd")))
        time.sleep(0.1)
    return min(threads), max(threads), min(fds), max(fds)

def get_json(url):
    with urllib.request.urlopen(url, timeout=30) as resp:
        return json.load(resp)

def machine_busy():
    """Busy and total CPU seconds of the whole machine, all cores (/proc/stat)."""
    with open("/proc/stat") as f:
        ticks = [int(x) for x in f.readline().split()[1:9]]
    hz = os.sysconf("SC_CLK_TCK")
    return (sum(ticks) - ticks[3] - ticks[4]) / hz, sum(ticks) / hz

def sample(label, pid, fault_pid, metrics_url, fault_url, scrape_file, out):
    pid = int(pid)
    server = get_json(fault_url + "/stats")
    benchlib.snap(metrics_url, scrape_file)
    now = time.time()
    ok, failed, skipped = benchlib.runs(scrape_file)
    failures, targets, suspended, backoff, stale = {}, 0, 0, 0, 0
    for name, labels, value in benchlib.samples(scrape_file):
        if name == "cells_probe_failures_total" and value:
            key = re.search(r'reason="([^"]*)"', labels).group(1) + "/" + re.search(r'phase="([^"]*)"', labels).group(1)
            failures[key] = failures.get(key, 0) + value
        elif name == "cells_probe_target_info":
            targets += 1
        elif name == "cells_probe_credentials_suspended":
            suspended += value > 0
        elif name == "cells_probe_backoff_seconds":
            backoff += value > 0
        elif name == "cells_probe_last_run_timestamp_seconds":
            stale += not (value > now - 5)  # NaN (never ran) counts as stale
    heap, meta = heap_after_full_gc(pid)
    tmin, tmax, fmin, fmax = proc_counts(pid)
    rss, hwm = benchlib.rss(pid)
    with open("/proc/loadavg") as f:
        load = float(f.read().split()[0])
    rec = {"label": label, "t": now, "fault": server["fault"], "heap": heap, "meta": meta, "threads": tmin,
           "threads_max": tmax, "fds": fmin, "fds_max": fmax, "rss": rss, "hwm": hwm,
           "cpu": benchlib.cpu_seconds(pid), "fault_cpu": benchlib.cpu_seconds(int(fault_pid)),
           "machine": machine_busy(), "load": load, "ok": ok, "failed": failed, "skipped": skipped,
           "failures": failures, "targets": targets, "suspended": suspended, "backoff": backoff, "stale": stale,
           "server": server}
    with open(out, "a") as f:
        f.write(json.dumps(rec) + "\n")
    print(f"{label:>7}: fault {server['fault']:15} heap after GC {heap:6.1f} MiB, metaspace {meta:5.1f} MiB, "
          f"threads {tmin}, fds {fmin}, RSS {rss:.0f} MiB, probes {ok + failed:.0f} ({failed:.0f} failed), "
          f"load {load}", file=sys.stderr)

def fmt_change(a, b, unit="", digits=0):
    d = b - a
    pct = f" ({100 * d / a:+.0f} %)" if a else ""
    return f"{d:+.{digits}f}{unit}{pct}"

def report(samples_file, verdict_file, errors_file):
    env = os.environ
    recs = [json.loads(l) for l in open(samples_file)]
    start, end = recs[0], recs[-1]
    sys.path.insert(0, env["BENCH_DIR"])
    from fault_cells import FAULTS
    mode, n = env["MODE"], int(env["TARGETS"])
    secs = end["t"] - start["t"]
    print(f"## Soak ({mode}) - {env['START_DATE']}")
    print()
    print(f"Machine: {env['MACHINE']}. Monitor JVM flags: `{env.get('BENCH_JAVA_OPTS') or 'none'}`.")
    print()
    busy = end["machine"][0] - start["machine"][0]
    mon = end["cpu"] - start["cpu"]
    fault = end["fault_cpu"] - start["fault_cpu"]
    if env.get("NOTE"):
        print(env["NOTE"].rstrip(".") + ".", end=" ")
    print(f"CPU from the start to the end sample, in % of one core ({os.cpu_count()} cores = {100 * os.cpu_count()} %): "
          f"all processes {100 * busy / secs:.0f} %, the monitor {100 * mon / secs:.0f} %, the fault server "
          f"{100 * fault / secs:.0f} %, everything else {100 * max(0.0, busy - mon - fault) / secs:.0f} %.")
    print()
    cycle = 12 * float(env["ROTATE"])
    print(f"{n} targets (`dex-password`), interval {env['INTERVAL']}, timeout {env['TIMEOUT']}, against "
          f"`bench/fault_cells.py` rotating every {float(env['ROTATE']):g} s through {len(FAULTS)} faults "
          f"(cycle {cycle:g} s; cycles in the {float(env['SOAK_S']):g} s soak: {float(env['SOAK_S']) / cycle:.3g}). "
          f"Warm-up {float(env['WARMUP']):g} s: one pass through every fault at {float(env['WARM_FAST']):g} s each, then "
          f"healthy. Start and end samples are both taken with the server holding `healthy` (the end "
          f"{float(env['SETTLE']):g} s after the rotation stopped); samples in between show the fault active then. "
          f"Heap after GC: `jcmd <pid> GC.run` (full GC), then `jstat -gc` old + survivor used; threads and fds: "
          f"lowest of 5 readings 0.1 s apart.")
    print()
    print("| sample | fault then | heap after full GC | metaspace | threads | open fds | RSS | probes so far (failed) "
          "| CPU since previous sample, % of one core: monitor / all processes | load avg |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    prev = None
    for r in recs:
        dt = max(r["t"] - prev["t"], 1e-9) if prev else 1
        cpu = "" if prev is None else (f"{100 * (r['cpu'] - prev['cpu']) / dt:.0f} % / "
                                       f"{100 * (r['machine'][0] - prev['machine'][0]) / dt:.0f} %")
        print(f"| {r['label']} | {r['fault']} | {r['heap']:.1f} MiB | {r['meta']:.1f} MiB | {r['threads']} | {r['fds']} "
              f"| {r['rss']:.0f} MiB | {r['ok'] + r['failed']:,.0f} ({r['failed']:,.0f}) | {cpu} | {r['load']} |")
        prev = r
    print()
    heap_limit = max(0.2 * start["heap"], 5.0)
    checks = [
        ("heap after full GC", start["heap"], end["heap"], " MiB", 1, f"+{heap_limit:.1f} MiB (+20 % or +5 MiB)",
         end["heap"] - start["heap"] <= heap_limit),
        ("threads", start["threads"], end["threads"], "", 0, "+5", end["threads"] - start["threads"] <= 5),
        ("open file descriptors", start["fds"], end["fds"], "", 0, "+5", end["fds"] - start["fds"] <= 5),
        ("RSS", start["rss"], end["rss"], " MiB", 0, "(not judged)", None),
        ("metaspace", start["meta"], end["meta"], " MiB", 1, "(not judged)", None),
    ]
    print("| figure | start | end | change | flat if at most | |")
    print("|---|---:|---:|---:|---:|---|")
    for name, a, b, unit, d, limit, ok in checks:
        mark = "" if ok is None else ("flat" if ok else "**NOT flat**")
        print(f"| {name} | {a:.{d}f}{unit} | {b:.{d}f}{unit} | {fmt_change(a, b, unit, d)} | {limit} | {mark} |")
    print()
    bad = [c[0] for c in checks if c[6] is False]
    verdict = "FLAT" if not bad else "NOT FLAT (" + ", ".join(bad) + ")"
    probes = end["ok"] + end["failed"] - start["ok"] - start["failed"]
    failed = end["failed"] - start["failed"]
    reasons = sorted(set(end["failures"]) | set(start["failures"]))
    delta = {k: end["failures"].get(k, 0) - start["failures"].get(k, 0) for k in reasons}
    expected = {}
    for name, expect in FAULTS:
        expected.setdefault(expect, []).append(name)
    errors = []
    if probes <= 0:
        errors.append("no probes ran between the start and end samples")
    if end["ok"] - start["ok"] <= 0:
        errors.append("no probe passed in the soak (the healthy phase was never seen)")
    for expect, names in expected.items():
        if expect != "success" and delta.get(expect, 0) <= 0:
            errors.append(f"the monitor counted no {expect} failure in the soak, expected from {', '.join(names)}: "
                          "fault_cells.py or the monitor's classification changed")
    liveness = (f"at the end {end['targets']}/{n} targets registered, {n - end['stale']}/{n} probed in the last 5 s, "
                f"{end['suspended']} suspended, {end['backoff']} backing off")
    print(f"**Verdict: {verdict}**" + (" (smoke: far too short to show a leak; it proves the harness works)"
                                        if mode == "smoke" else "") + f"; {liveness}.")
    print()
    print(f"Probes in the soak (start to end sample, {secs:.0f} s): {probes:,.0f} ({probes / secs:.1f}/s), "
          f"{failed:,.0f} failed, {end['skipped'] - start['skipped']:,.0f} skipped (previous run still going).")
    print()
    print("| result: reason/step | probes | faults meant to cause it |")
    print("|---|---:|---|")
    print(f"| success | {end['ok'] - start['ok']:,.0f} | {', '.join(expected['success'])} |")
    for k in sorted(set(delta) | set(e for e in expected if e != "success")):
        print(f"| {k} | {delta.get(k, 0):,.0f} | {', '.join(expected.get(k, [])) or '**none: not expected**'} |")
    print()
    s0, s1 = start["server"], end["server"]
    per_fault = ", ".join(f"{name} {s1['requests'][name]['token'] - s0['requests'][name]['token']:,}/"
                          f"{s1['requests'][name]['user'] - s0['requests'][name]['user']:,}" for name, _ in FAULTS)
    print(f"Fault server, token/user requests per fault in the soak: {per_fault}. Connections open at the end "
          f"sample: {s1['open']}. Big bodies: {s1['big_cut'] - s0['big_cut']:,} cut short by the monitor's reset, "
          f"{s1['big_done'] - s0['big_done']:,} written in full into the socket buffers before it.")
    with open(env["MON_LOG"], errors="replace") as f:
        log = f.read()
    print()
    groups = {}
    for m in re.finditer(r"^\S+ \S+ (WARN|ERROR)\s+\[([^\]]*)\] \([^)]*\) (.*)$", log, re.M):
        key = (m.group(1), m.group(2), re.sub(r"\d+", "N", m.group(3))[:100])
        groups[key] = groups.get(key, 0) + 1
    print(f"Monitor log, whole run: {sum(v for k, v in groups.items() if k[0] == 'WARN')} WARN, "
          f"{sum(v for k, v in groups.items() if k[0] == 'ERROR')} ERROR, {log.count('OutOfMemoryError')} "
          f"OutOfMemoryError lines" + (":" if groups else "."))
    if groups:
        print()
        print("| level | logger | message (digits as N) | lines |")
        print("|---|---|---|---:|")
        for (level, logger, msg), count in sorted(groups.items(), key=lambda kv: -kv[1])[:8]:
            print(f"| {level} | `{logger}` | {msg.replace('|', '/')} | {count:,} |")
    if errors:
        print()
        print("**Harness failure**: " + "; ".join(errors) + ".")
    with open(verdict_file, "w") as f:
        f.write(verdict + "\n")
    with open(errors_file, "w") as f:
        f.write("".join(e + "\n" for e in errors))

if __name__ == "__main__":
    {"sample": sample, "report": report}[sys.argv[1]](*sys.argv[2:])
PY
)
soakpy() { BENCH_DIR="$BENCH_DIR" python3 -c "$SOAKPY" "$@"; }

# start the fault server holding healthy -> FAULT_PID, FAULT_URL
rm -f "$WORK/faults.port"
python3 "$BENCH_DIR/fault_cells.py" --port-file "$WORK/faults.port" --rotate-seconds "$ROTATE" --hold healthy \
  >"$WORK/fault_cells.log" 2>&1 &
FAULT_PID=$!
PIDS+=("$FAULT_PID")
for ((i = 0; i < 200; i++)); do [ -s "$WORK/faults.port" ] && break; sleep 0.05; done
[ -s "$WORK/faults.port" ] || { cat "$WORK/fault_cells.log" >&2; echo "fault_cells.py did not start" >&2; exit 1; }
FAULT_URL="http://127.0.0.1:$(cat "$WORK/faults.port")"
control() { curl -fsS -X POST -o /dev/null "$FAULT_URL/control/$1"; }

PROPS="$WORK/targets.properties"
: >"$PROPS"
write_targets "$PROPS" "$TARGETS" "$FAULT_URL" t "$INTERVAL" "$TIMEOUT"
log "monitor: $TARGETS targets every $INTERVAL (timeout $TIMEOUT) against $FAULT_URL"
start_monitor monitor "$PROPS"
MON_LOG="$WORK/monitor.log"
alive() { kill -0 "$MON_PID" 2>/dev/null || { tail -30 "$MON_LOG" >&2; echo "the monitor died (log: $MON_LOG)" >&2; exit 1; }; }
wait_for "$(metrics_url)" 120 || { tail -30 "$MON_LOG" >&2; exit 1; }
for ((i = 0; i < 240; i++)); do grep -q 'first probe:' "$MON_LOG" && break; alive; sleep 0.25; done
registered=$(curl -fsS -H 'Accept: text/plain' "$(metrics_url)" | grep -c '^cells_probe_target_info{' || true)
[ "$registered" = "$TARGETS" ] || { echo "monitor registered $registered targets of $TARGETS" >&2; exit 1; }

sleep_until() { # epoch seconds
  local left
  left=$(python3 -c "import time; print(max(0.0, $1 - time.time()))")
  sleep "$left"
}
NSAMPLE=0
take() { # label
  alive
  NSAMPLE=$((NSAMPLE + 1))
  soakpy sample "$1" "$MON_PID" "$FAULT_PID" "$(metrics_url)" "$FAULT_URL" "$WORK/metrics-$NSAMPLE.txt" "$SAMPLES"
}

log "warm-up ${WARMUP} s: one pass through every fault at $WARM_FAST s each, then healthy"
warm_end=$(calc "$(date +%s.%N) + $WARMUP")
control "rotate?seconds=$WARM_FAST&cycles=1"
sleep_until "$warm_end"
control "hold?fault=healthy"
take start

log "soak $SOAK_S s: rotating every $ROTATE s (schedule in $WORK/fault_cells.log)"
soak_start=$(date +%s.%N)
control rotate
soak_end=$(calc "$soak_start + $SOAK_S")
for ((k = 1; ; k++)); do
  next=$(calc "$soak_start + $k * $EVERY")
  [ "$(calc "int($next < $soak_end - 1)")" = 1 ] || break
  sleep_until "$next"
  take "+$(calc "round($k * $EVERY)") s"
done
sleep_until "$soak_end"
control "hold?fault=healthy"
sleep "$SETTLE"
take end

export NOTE MODE TARGETS INTERVAL TIMEOUT SOAK_S ROTATE WARMUP WARM_FAST SETTLE MACHINE START_DATE MON_LOG BENCH_JAVA_OPTS
soakpy report "$SAMPLES" "$WORK/verdict" "$WORK/errors" | write_result "soak-$MODE"
log "verdict: $(cat "$WORK/verdict")"
if [ -s "$WORK/errors" ]; then
  log "harness failure: $(tr '\n' ' ' <"$WORK/errors")(logs in $WORK)"
  exit 1
fi
