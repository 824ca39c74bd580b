#!/usr/bin/env python3
"""Idle cost side by side: several monitors, each with its own JVM flags and/or properties, run AT
THE SAME TIME against one fake Cells server, so all of them see the same machine load. After a
warm-up, over a window: CPU of each process (utime+stime, /proc/<pid>/stat), CPU by thread group
(/proc/<pid>/task/*/stat, threads grouped by name), CPU per HTTP request (2 per probe), RSS; and
the start-up times from each monitor's log.

    bench/idle.py [--targets 10] [--interval 10s] [--warmup 60] [--window 120] [--threads]
                  "label=flags" ["label=flags" ...]

    flags: JVM flags and -D properties, e.g. "shipped=-XX:+UseG1GC -Xmx256m -XX:+ExitOnOutOfMemoryError";
           "--jar=PATH" among them runs that jar instead of CELLS_PROBE_JAR (two builds side by side)
    env:   CELLS_PROBE_JAR (default target/quarkus-app/quarkus-run.jar), BENCH_RESULTS (default target/bench-results)

Everything listens on 127.0.0.1; every process started here is stopped by its pid at the end.
"""
import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
CLK = os.sysconf("SC_CLK_TCK")


def thread_cpu(pid):
    """{thread name: cpu seconds} summed over the threads of that name (digits folded to #)."""
    out = defaultdict(float)
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                raw = f.read()
        except FileNotFoundError:
            continue  # the thread ended between listdir and open
        name = raw[raw.index("(") + 1:raw.rindex(")")]
        fields = raw.rsplit(")", 1)[1].split()
        out[re.sub(r"\d+", "#", name)] += (int(fields[11]) + int(fields[12])) / CLK
    return out


def threads_of(pid):
    return len(os.listdir(f"/proc/{pid}/task"))


def write_targets(path, n, url, interval, timeout):
    with open(path, "w") as f:
        for i in range(1, n + 1):
            p = f"cells-probe.targets.t{i}"
            f.write(f"{p}.url={url}\n{p}.api-key=cells-front\n{p}.api-secret=bench-secret\n"
                    f"{p}.username=monitor\n{p}.password=bench-password\n{p}.interval={interval}\n{p}.timeout={timeout}\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--targets", type=int, default=10)
    ap.add_argument("--interval", default="10s")
    ap.add_argument("--warmup", type=float, default=60)
    ap.add_argument("--window", type=float, default=120)
    ap.add_argument("--threads", action="store_true", help="print the CPU by thread group per variant")
    ap.add_argument("variants", nargs="+")
    a = ap.parse_args()
    jar = os.environ.get("CELLS_PROBE_JAR", f"{REPO}/target/quarkus-app/quarkus-run.jar")
    results = os.environ.get("BENCH_RESULTS", f"{REPO}/target/bench-results")
    # the monitor refuses unknown CELLS_PROBE_* variables, CELLS_PROBE_JAR included
    child_env = {k: v for k, v in os.environ.items() if k != "CELLS_PROBE_JAR"}
    work = tempfile.mkdtemp(prefix="bench-idle.")
    print(f"work directory {work}", file=sys.stderr)
    procs = []
    try:
        port_file = f"{work}/fake.port"
        fake = subprocess.Popen([sys.executable, f"{BENCH}/fake_cells.py", "--port-file", port_file],
                                stdout=open(f"{work}/fake.log", "w"), stderr=subprocess.STDOUT)
        procs.append(fake)
        for _ in range(200):
            if os.path.exists(port_file) and os.path.getsize(port_file):
                break
            time.sleep(0.05)
        url = f"http://127.0.0.1:{open(port_file).read().strip()}"
        interval_s = float(a.interval.rstrip("s"))
        props = f"{work}/targets.properties"
        write_targets(props, a.targets, url, a.interval, f"{int(min(5000, interval_s * 800))}ms")

        mons = []
        for v in a.variants:
            label, _, flags = v.partition("=")
            args = shlex.split(flags)
            own_jar = next((arg[len("--jar="):] for arg in args if arg.startswith("--jar=")), jar)
            args = [arg for arg in args if not arg.startswith("--jar=")]
            launch = time.time()
            log = f"{work}/{label}.log"
            p = subprocess.Popen(["java", *args, f"-Dquarkus.config.locations={props}",
                                  "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=0",
                                  "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=0",
                                  "-jar", own_jar], stdout=open(log, "w"), stderr=subprocess.STDOUT, env=child_env,
                                 cwd=os.path.dirname(own_jar))  # an AppCDS archive names the jars relative to it
            procs.append(p)
            mons.append((label, flags, p, log, launch))
        time.sleep(a.warmup)
        for label, _, p, log, _ in mons:
            if p.poll() is not None:
                sys.exit(f"{label} exited ({p.returncode}): see {log}")
        t0 = time.time()
        c0 = {m[0]: benchlib.cpu_seconds(m[2].pid) for m in mons}
        th0 = {m[0]: thread_cpu(m[2].pid) for m in mons}
        time.sleep(a.window)
        secs = time.time() - t0
        c1 = {m[0]: benchlib.cpu_seconds(m[2].pid) for m in mons}
        th1 = {m[0]: thread_cpu(m[2].pid) for m in mons}
        expected_probes = a.targets * secs / interval_s
        rows, thread_tables = [], []
        base_cpu = None
        for label, flags, p, log, launch in mons:
            cpu = c1[label] - c0[label]
            base_cpu = cpu if base_cpu is None else base_cpu
            rss, hwm = benchlib.rss(p.pid)
            with open(log, errors="replace") as f:
                text = f.read()
            m = re.search(r"started in ([0-9.]+)s", text)
            started = m.group(1) if m else "nan"
            per_req = 1000 * cpu / (2 * expected_probes)
            rows.append(f"| {label} | `{flags or 'none'}` | {rss:.0f} MiB (peak {hwm:.0f}) | {threads_of(p.pid)} | "
                        f"{100 * cpu / secs:.2f} % | {per_req:.2f} ms | {cpu / base_cpu:.2f} | {started} s |")
            delta = {k: th1[label].get(k, 0) - th0[label].get(k, 0) for k in th1[label]}
            lines = [f"#### {label}: CPU by thread over {secs:.0f} s ({cpu:.2f} s in all)", "",
                     "| threads (digits as #) | CPU s | share |", "|---|---:|---:|"]
            for k, d in sorted(delta.items(), key=lambda kv: -kv[1]):
                if d > 0:
                    lines.append(f"| `{k}` | {d:.2f} | {100 * d / max(cpu, 1e-9):.0f} % |")
            thread_tables.append("\n".join(lines))
        load = open("/proc/loadavg").read().split()[:3]
        out = [f"## Idle cost side by side - {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(t0))}", "",
               f"{a.targets} targets every {a.interval} against bench/fake_cells.py, all variants at once; "
               f"{a.warmup:.0f} s warm-up, {secs:.0f} s window; load average at the end {' '.join(load)}. "
               f"CPU per request: the window's CPU over 2 requests per expected probe "
               f"({expected_probes:.0f} probes).", "",
               "| variant | flags | RSS at the end | threads | CPU (of one core) | CPU per request | CPU / first row | started in |",
               "|---|---|---:|---:|---:|---:|---:|---:|", *rows]
        if a.threads:
            out += ["", *("\n" + t for t in thread_tables)]
        text = "\n".join(out) + "\n"
        print(text)
        os.makedirs(results, exist_ok=True)
        path = f"{results}/idle-{a.targets}-{time.strftime('%Y-%m-%d-%H%M', time.gmtime(t0))}.md"
        with open(path, "w") as f:
            f.write(text)
        print(f"results written to {path}", file=sys.stderr)
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
        for p in procs:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


if __name__ == "__main__":
    main()
