#!/usr/bin/env python3
"""Helpers for the bench/*.sh scripts (stdlib only): free ports, /proc readings, Prometheus text
parsing, histogram quantiles, percentiles and the accuracy statistics.

    benchlib.py freeport [N]                 N free TCP ports on 127.0.0.1, one a line
    benchlib.py cpu PID                      utime+stime of PID in seconds (/proc/PID/stat, CLK_TCK)
    benchlib.py rss PID                      VmRSS and VmHWM of PID in MiB
    benchlib.py snap URL FILE                GET URL (Accept: text/plain) into FILE
    benchlib.py runs FILE                    sum of cells_probe_runs_total, by result and in all
    benchlib.py lag FILE0 FILE1              p50/p99 (ms) of cells_probe_schedule_lag_seconds between two snapshots
    benchlib.py families FILE                bytes and lines of a scrape by metric family
    benchlib.py whatif FILE                  sizes of the same scrape under possible switches (fewer buckets, ...)
    benchlib.py accuracy DIR "DELAY..." LABEL LOG SKIP [LABEL LOG SKIP...]
                                             accuracy tables from each monitor's DEBUG lines (steady state: after
                                             byte SKIP; and each target's first 10 probes) against curl's timings
                                             in DIR/curl-<delay>-<step>.txt
    benchlib.py startup LOG LAUNCH_EPOCH     start-up times read from a monitor's log
    benchlib.py pctl P FILE                  P-th percentile of the numbers in FILE (one a line)
    benchlib.py promq URL QUERY              first value of a Prometheus instant query, or nan
"""
import json
import math
import os
import re
import socket
import sys
import urllib.request
from datetime import datetime


def freeport(n=1):
    socks = []
    for _ in range(int(n)):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
    for s in socks:
        print(s.getsockname()[1])
        s.close()


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # after the ")" field 3 (state) is index 0: utime is field 14, stime field 15
    ticks = int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def rss(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value = line.split(":")
                out[key] = int(value.split()[0]) / 1024
    return out["VmRSS"], out["VmHWM"]


def snap(url, path):
    req = urllib.request.Request(url, headers={"Accept": "text/plain"})
    with urllib.request.urlopen(req, timeout=60) as resp, open(path, "wb") as f:
        f.write(resp.read())


SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)')


def samples(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            m = SAMPLE.match(line)
            if m:
                yield m.group(1), m.group(2) or "", float(m.group(3))


def runs(path):
    total = {"success": 0.0, "failure": 0.0}
    skipped = 0.0
    for name, labels, value in samples(path):
        if name == "cells_probe_runs_total":
            total["success" if 'result="success"' in labels else "failure"] += value
        elif name == "cells_probe_skipped_total":
            skipped += value
    return total["success"], total["failure"], skipped


def lag_buckets(path):
    buckets, count = {}, 0.0
    for name, labels, value in samples(path):
        if name == "cells_probe_schedule_lag_seconds_bucket":
            le = re.search(r'le="([^"]+)"', labels).group(1)
            buckets[math.inf if le == "+Inf" else float(le)] = value
        elif name == "cells_probe_schedule_lag_seconds_count":
            count = value
    return buckets, count


def histogram_quantile(q, cumulative):
    """Prometheus' histogram_quantile on {le: cumulative count}: linear within the bucket."""
    les = sorted(cumulative)
    total = cumulative[les[-1]]
    if total <= 0:
        return float("nan")
    rank = q * total
    lower, below = 0.0, 0.0
    for le in les:
        if cumulative[le] >= rank:
            if math.isinf(le):
                return lower  # like Prometheus: the highest finite bound
            return lower + (le - lower) * (rank - below) / max(cumulative[le] - below, 1e-12)
        lower, below = le, cumulative[le]
    return lower


def lag(path0, path1):
    b0, c0 = lag_buckets(path0)
    b1, c1 = lag_buckets(path1)
    delta = {le: b1[le] - b0.get(le, 0.0) for le in b1}
    p50 = histogram_quantile(0.5, delta) * 1000
    p99 = histogram_quantile(0.99, delta) * 1000
    over = [le for le in sorted(delta) if not math.isinf(le)]
    top = over[-1] if over else math.inf
    above = delta.get(math.inf, 0) - delta.get(top, 0)
    print(f"{p50:.2f} {p99:.2f} {int(c1 - c0)} {int(above)}")


def families(path):
    sizes = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                parts = line.split()
                name = parts[2] if len(parts) > 2 else "#"
            else:
                name = SAMPLE.match(line).group(1) if SAMPLE.match(line) else "?"
                for suffix in ("_bucket", "_count", "_sum", "_total", "_max", "_created"):
                    if name.endswith(suffix):
                        name = name[: -len(suffix)]
                        break
            entry = sizes.setdefault(name, [0, 0])
            entry[0] += len(line.encode())
            entry[1] += 0 if line.startswith("#") else 1
    total = sum(v[0] for v in sizes.values())
    print("| metric family | bytes | share | samples |")
    print("|---|---:|---:|---:|")
    for name, (size, lines) in sorted(sizes.items(), key=lambda kv: -kv[1][0])[:12]:
        print(f"| `{name}` | {size:,} | {100 * size / total:.1f} % | {lines:,} |")
    print(f"| all | {total:,} | 100 % | {sum(v[1] for v in sizes.values()):,} |")


def whatif(path):
    """Sizes of the same scrape under possible switches (exact bytes, from the scrape itself)."""
    with open(path, encoding="utf-8") as f:
        lines = f.readlines()
    total = sum(len(l.encode()) for l in lines)

    def size(drop):
        return sum(len(l.encode()) for l in lines if not drop(l))

    def le(line):
        m = re.search(r'le="([^"]+)"', line)
        return m.group(1) if m else None

    six = {"0.01", "0.05", "0.25", "1.0", "5.0", "30.0", "+Inf"}
    dur = "cells_probe_duration_seconds_bucket"
    step_phase = re.compile(r'phase="(?!total")')
    cases = [
        ("duration histograms with 6 buckets (10 ms, 50 ms, 250 ms, 1 s, 5 s, 30 s) instead of 12",
         lambda l: l.startswith(dur) and le(l) not in six),
        ("duration buckets for phase=\"total\" only (steps keep count, sum, max)",
         lambda l: l.startswith(dur) and step_phase.search(l) is not None and le(l) != "+Inf"),
        ("no duration buckets at all (count, sum, max only)",
         lambda l: l.startswith(dur) and le(l) != "+Inf"),
        ("failure counters only once non-zero (today every step x reason is exported at 0)",
         lambda l: l.startswith("cells_probe_failures_total{") and l.rstrip().endswith(" 0.0")),
        ("6 buckets and failure counters only once non-zero",
         lambda l: (l.startswith(dur) and le(l) not in six)
         or (l.startswith("cells_probe_failures_total{") and l.rstrip().endswith(" 0.0"))),
        ("no HELP/TYPE comment lines (for scale: they are per family, not per series)",
         lambda l: l.startswith("#")),
    ]
    for text, drop in cases:
        s = size(drop)
        print(f"| {text} | {s / 1024:,.0f} KiB | {100 * s / total:.0f} % |")


def percentile(values, p):
    """Linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return float("nan")
    v = sorted(values)
    k = (len(v) - 1) * p / 100
    lo, hi = math.floor(k), math.ceil(k)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


PROBE_LINE = re.compile(r"Probe of target (\S+): (success|failure)\S* in ([\d.]+) ms(?: \((.*)\))?")


def read_probes(log, skip_before=0):
    """{target: [(total, {phase: ms})]} from DEBUG lines, skipping the first skip_before bytes."""
    out, failures = {}, {}
    with open(log, encoding="utf-8", errors="replace") as f:
        f.seek(skip_before)
        for line in f:
            m = PROBE_LINE.search(line)
            if not m:
                continue
            target = m.group(1)
            if m.group(2) != "success":
                failures[target] = failures.get(target, 0) + 1
                continue
            phases = {}
            for part in (m.group(4) or "").split(", "):
                if part:
                    name, ms, _ = part.split(" ")
                    phases[name] = float(ms)
            out.setdefault(target, []).append((float(m.group(3)), phases))
    return out, failures


def read_numbers(path):
    with open(path) as f:
        return [float(x) for x in f.read().split()]


def step_samples(probes, failures, delay, first=None):
    """Token and user times (ms) of the targets of one delay, and their failed probes; with first=N
    only each target's first N successful probes."""
    steps = {"token": [], "user": []}
    for target, results in probes.items():
        if target.startswith(f"d{delay}_"):
            for _, phases in results[:first]:
                for step in steps:
                    steps[step].append(phases[step])
    return steps, sum(n for target, n in failures.items() if target.startswith(f"d{delay}_"))


def accuracy(directory, delays, monitors):
    """monitors: [(label, log, skip)]. Steady state (each log after byte skip) and the first 10 probes
    of every target after start, each monitor against curl's pairs of the same minutes."""
    delays = delays.split()
    steady = {label: read_probes(log, int(skip)) for label, log, skip in monitors}
    start = {label: read_probes(log, 0) for label, log, _ in monitors}
    curl = {}
    for delay in delays:
        for step in ("token", "user"):
            curl[delay, step] = [x * 1000 - float(delay)
                                 for x in read_numbers(os.path.join(directory, f"curl-{delay}-{step}.txt"))]
    ratios = {label: [] for label in steady}
    print("Steady state (after the warm-up), (measured - injected) in ms; ratios are to curl's figure in the same row group.")
    print()
    print("| injected delay per step | step | client | n | median | p90 | p99 | median / curl | p90 / curl "
          "| fake server's own p99 |")
    print("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|")
    missing = False
    for delay in delays:
        d = float(delay)
        for step in ("token", "user"):
            theirs = curl[delay, step]
            c50, c90, c99 = (percentile(theirs, p) for p in (50, 90, 99))
            server = float("nan")
            timings = os.path.join(directory, f"fake-{delay}-timings.txt")
            if os.path.exists(timings):
                with open(timings) as f:
                    server = percentile([float(x.split()[2]) - d for x in f if x.startswith(step + " ")], 99)
            print(f"| {delay} ms | {step} | curl | {len(theirs)} | {c50:.3f} | {c90:.3f} | {c99:.3f} | | "
                  f"| {server:.3f} |")
            for label, (probes, failures) in steady.items():
                samples, nfail = step_samples(probes, failures, delay)
                mine = [x - d for x in samples[step]]
                m50, m90, m99 = (percentile(mine, p) for p in (50, 90, 99))
                missing |= math.isnan(m50) or math.isnan(c50)
                r50, r90 = m50 / c50 if c50 > 0 else float("nan"), m90 / c90 if c90 > 0 else float("nan")
                ratios[label] += [r50, r90]
                failed = f" ({nfail} failed)" if nfail and step == "token" else ""
                print(f"| {delay} ms | {step} | {label}{failed} | {len(mine)} | {m50:.3f} | {m90:.3f} | {m99:.3f} "
                      f"| **{r50:.2f}** | **{r90:.2f}** | |")
    print()
    for label, values in ratios.items():
        values = [v for v in values if not math.isnan(v)]
        print(f"{label}: median and p90 over curl's, all rows: {min(values, default=float('nan')):.2f} to "
              f"{max(values, default=float('nan')):.2f} (issue 13's goal, over HTTPS: at most 1.1).")
    print()
    print("First 10 probes of every target after start (all of them, warm-up or not), (measured - injected) in ms,")
    print("against curl's steady-state median of the same row (each curl is a new process: always a first request).")
    print()
    print("| injected delay per step | step | client | n | median | p90 | max | median / curl median | max / curl median |")
    print("|---:|---|---|---:|---:|---:|---:|---:|---:|")
    for delay in delays:
        d = float(delay)
        for step in ("token", "user"):
            c50 = percentile(curl[delay, step], 50)
            for label, (probes, failures) in start.items():
                samples, _ = step_samples(probes, failures, delay, first=10)
                first = [x - d for x in samples[step]]
                f50, f90 = percentile(first, 50), percentile(first, 90)
                fmax = max(first, default=float("nan"))
                missing |= math.isnan(f50)
                print(f"| {delay} ms | {step} | {label} | {len(first)} | {f50:.3f} | {f90:.3f} | {fmax:.3f} "
                      f"| **{f50 / c50:.2f}** | {fmax / c50:.2f} |")
    if missing:
        sys.exit("accuracy: a delay has no samples (see the monitor's log)")


LOG_TIME = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3})")


def log_epoch(line):
    m = LOG_TIME.match(line)
    return datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S,%f").timestamp() if m else None


def startup(log, launch):
    """Prints: started_s first_result_s first_offset_s (seconds from launch, from log timestamps)."""
    launch = float(launch)
    started = first = offset = None
    with open(log, encoding="utf-8", errors="replace") as f:
        for line in f:
            if started is None and " started in " in line:
                started = log_epoch(line)
            m = re.search(r"first probe in (\d+) ms", line)
            if m and offset is None:
                offset = int(m.group(1)) / 1000
            if first is None and "first probe:" in line:
                first = log_epoch(line)
    fmt = lambda t: "nan" if t is None else f"{t - launch:.3f}"
    print(fmt(started), fmt(first), "nan" if offset is None else f"{offset:.3f}")


def main(argv):
    cmd, args = argv[1], argv[2:]
    if cmd == "freeport":
        freeport(*args)
    elif cmd == "cpu":
        print(f"{cpu_seconds(args[0]):.2f}")
    elif cmd == "rss":
        print("%.1f %.1f" % rss(args[0]))
    elif cmd == "snap":
        snap(args[0], args[1])
    elif cmd == "runs":
        print("%d %d %d" % runs(args[0]))
    elif cmd == "lag":
        lag(args[0], args[1])
    elif cmd == "families":
        families(args[0])
    elif cmd == "whatif":
        whatif(args[0])
    elif cmd == "accuracy":
        accuracy(args[0], args[1], [tuple(args[i:i + 3]) for i in range(2, len(args), 3)])
    elif cmd == "startup":
        startup(args[0], args[1])
    elif cmd == "pctl":
        print(f"{percentile(read_numbers(args[1]), float(args[0])):.4f}")
    elif cmd == "promq":
        # promq URL QUERY: first value of an instant query, or nan
        url = args[0] + "/api/v1/query?" + urllib.parse.urlencode({"query": args[1]})
        try:
            with urllib.request.urlopen(url, timeout=10) as resp:
                result = json.load(resp)["data"]["result"]
            print(result[0]["value"][1] if result else "nan")
        except Exception:
            print("nan")
    else:
        sys.exit(f"unknown command {cmd}\n{__doc__}")


if __name__ == "__main__":
    import urllib.parse
    main(sys.argv)
