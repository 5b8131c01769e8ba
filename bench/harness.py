#!/usr/bin/env python3
"""Times `tuanthu check` against its floors on generated scenarios (scripts/bench runs it).

For each scenario: the read floor and the pugixml parse floor (bench/floor.cpp), `check`
without outputs at --jobs 1 and 2, and `check` writing JSON + workbook; wall time (median
of --runs), MB/s, reports/s and peak RSS of each, then the targets of bench/README.md as
ratios. Outputs written at --jobs 1 and --jobs 2 are compared byte for byte.
"""
import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time


def measure(cmd, ok_codes=(0, 1)):
    """Runs cmd once; returns (wall seconds, peak RSS in MB) of that child alone."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    if proc.returncode not in ok_codes:
        sys.exit("bench: %s exited %d\n%s" % (" ".join(cmd), proc.returncode, err[-2000:]))
    return wall, usage.ru_maxrss / 1024.0


def median_of(cmd, runs):
    samples = [measure(cmd) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), max(s[1] for s in samples)


def digest(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True, help="folder with tuanthu and floor")
    ap.add_argument("--data", required=True, help="scenario folder (plan.xml, reports/)")
    ap.add_argument("--runs", type=int, default=5)
    o = ap.parse_args()

    reports = os.path.join(o.data, "reports")
    files = sorted(os.listdir(reports))
    size_mb = sum(os.path.getsize(os.path.join(reports, f)) for f in files) / 1e6
    tuanthu = os.path.join(o.bin, "tuanthu")
    floor = os.path.join(o.bin, "floor")
    check = [tuanthu, "check", "--plan", os.path.join(o.data, "plan.xml"), "--period", "2025",
             "--as-of", "2025-11-20"]
    out = tempfile.mkdtemp(prefix="tuanthu-bench-out-")

    rows = []

    def row(name, cmd):
        wall, rss = median_of(cmd, o.runs)
        rows.append((name, wall, rss))
        return wall, rss

    row("read floor (bytes into memory)", [floor, "read", reports])
    parse, _ = row("parse floor (pugixml parse + walk)", [floor, "parse", reports])
    j1, _ = row("check --jobs 1, no outputs", check + ["--jobs", "1", reports])
    j2, _ = row("check --jobs 2, no outputs", check + ["--jobs", "2", reports])
    outputs = {}
    for jobs in (1, 2):
        json_path = os.path.join(out, "j%d.json" % jobs)
        xlsx_path = os.path.join(out, "j%d.xlsx" % jobs)
        wall, rss = row("check --jobs %d, JSON + workbook" % jobs,
                        check + ["--jobs", str(jobs), "--json", json_path, "--out", xlsx_path,
                                 reports])
        outputs[jobs] = (digest(json_path), digest(xlsx_path), wall, rss)

    print("%s: %d files, %.1f MB (median of %d runs)" % (o.data, len(files), size_mb, o.runs))
    print("| what | wall s | MB/s | reports/s | peak RSS MB |")
    print("|---|---:|---:|---:|---:|")
    for name, wall, rss in rows:
        print("| %s | %.3f | %.0f | %.0f | %.0f |"
              % (name, wall, size_mb / wall, len(files) / wall, rss))
    same = outputs[1][:2] == outputs[2][:2]
    print()
    print("| target | measured | met |")
    print("|---|---:|---|")
    print("| check --jobs 1 within 3x the parse floor | %.2fx | %s |"
          % (j1 / parse, "yes" if j1 <= 3 * parse else "no"))
    print("| --jobs 2 at least 1.7x faster than --jobs 1 | %.2fx | %s |"
          % (j1 / j2, "yes" if j1 / j2 >= 1.7 else "no"))
    print("| peak RSS with JSON + workbook under 300 MB | %.0f MB | %s |"
          % (outputs[2][3], "yes" if outputs[2][3] < 300 else "no"))
    print("| end to end (check + outputs, --jobs 2) | %.3f s | |" % outputs[2][2])
    print("| output bytes identical at --jobs 1 and 2 | %s | %s |"
          % ("JSON %s, xlsx %s" % ("same" if outputs[1][0] == outputs[2][0] else "differ",
                                   "same" if outputs[1][1] == outputs[2][1] else "differ"),
             "yes" if same else "no"))
    for f in os.listdir(out):
        os.remove(os.path.join(out, f))
    os.rmdir(out)


if __name__ == "__main__":
    main()
