#!/usr/bin/env python3
"""Times `tuanthu check` against its floors on generated scenarios (scripts/bench runs it).

For each scenario: the read floor and the pugixml parse floor (bench/floor.cpp), `check`
without outputs at --jobs 1 and 2, and `check` writing JSON + workbook; wall time (median
of --runs), MB/s, reports/s and peak RSS of each, then the targets of bench/README.md as
ratios. Outputs written at --jobs 1 and --jobs 2 are compared byte for byte.

Then each writer on its own (`check --jobs 2 --timings` with that one output: the writer's
own wall time as tuanthu prints it, and the process's peak RSS against check alone), each
against its floor (bench/floor.cpp: the same output bytes written again with the same
library and nothing around it, timed inside the floor program: `floor xlsx` libxlsxwriter,
`floor docx` / `docx-dir` libzip, `floor txt-dir` open-write-close per letter, `floor json`
stdio in 64 KB pieces; the letters folders also with the host's temporary folder, syncfs
and rename), and the run end to end with every output.
"""
import argparse
import hashlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TIMING = re.compile(r"^timing: (\S+)(?: .*)? ([0-9.]+) s$", re.M)


def measure(cmd, ok_codes=(0, 1), text=None):
    """Runs cmd once; returns (wall seconds, peak RSS in MB) of that child alone. `text`,
    when given, gets the child's stdout and stderr."""
    # Into a file, not a pipe: wait4 must reap the child itself (for its rusage), and a
    # long stderr (findings, --timings) can never block it.
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=log if text is not None else subprocess.DEVNULL,
                                stderr=log)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        err = log.read().decode("utf-8", "replace")
    if proc.returncode not in ok_codes:
        sys.exit("bench: %s exited %d\n%s" % (" ".join(cmd), proc.returncode, err[-2000:]))
    if text is not None:
        text.append(err)
    return wall, usage.ru_maxrss / 1024.0


_aside = [0]


def set_aside(path):
    """Moves an earlier run's output out of the way instead of deleting it: this machine's
    file system is mounted with online discard, and for some seconds after 10,000 files are
    deleted the next journal commit stalls every new file (the letters' write took 2-4 s
    instead of 0.23 s). Everything set aside goes with the harness's own folder at the end."""
    if not os.path.lexists(path):
        return
    _aside[0] += 1
    trash = os.path.join(os.path.dirname(os.path.normpath(path)), ".aside")
    os.makedirs(trash, exist_ok=True)
    os.rename(path, os.path.join(trash, str(_aside[0])))


def timed(cmd, runs, clear=()):
    """Runs cmd `runs` times; returns the median of each `timing:` figure it printed (by
    name), the median wall time and the highest peak RSS. `clear`: folders set aside before
    each run (a letters folder must be the run's own)."""
    figures, walls, rss = {}, [], 0.0
    for _ in range(runs):
        for d in clear:
            set_aside(d)
        text = []
        wall, peak = measure(cmd, text=text)
        walls.append(wall)
        rss = max(rss, peak)
        for name, secs in TIMING.findall(text[0]):
            figures.setdefault(name, []).append(float(secs))
    return ({k: statistics.median(v) for k, v in figures.items()}, statistics.median(walls), rss)


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
    # Each writer on its own, at --jobs 2 (the default on this machine).
    check2 = check + ["--jobs", "2", "--timings"]
    alone, alone_wall, alone_rss = timed(check2 + [reports], o.runs)
    writers = [
        ("JSON", "json", ["--out", os.path.join(out, "w.json")], []),
        ("workbook", "xlsx-report", ["--out", os.path.join(out, "w.xlsx")], []),
        ("Word report", "docx-report", ["--out", os.path.join(out, "w.docx")], []),
        ("letters, docx", "docx-letters",
         ["--out", os.path.join(out, "ld") + "/", "--letters", "docx"], [os.path.join(out, "ld")]),
        ("letters, txt", "letters",
         ["--out", os.path.join(out, "lt") + "/", "--letters", "txt"], [os.path.join(out, "lt")]),
    ]
    writer_rows = []
    for label, plugin, flags, clear in writers:
        figures, wall, rss = timed(check2 + flags + [reports], o.runs, clear)
        writer_rows.append((label, figures.get(plugin), figures.get("commit"), figures.get("check"),
                            wall, rss))
    # Each writer's floor: the same output bytes written again with the same library and
    # nothing around it (bench/floor.cpp), timed inside the floor program.
    def floor_of(mode, src, dst, runs, *extra):
        figures, shape = {}, ""
        for _ in range(runs):
            set_aside(dst)
            text = []
            measure([floor, mode, src, dst] + list(extra), ok_codes=(0,), text=text)
            for name, secs in re.findall(r"^(write|commit) ([0-9.]+) s$", text[0], re.M):
                figures.setdefault(name, []).append(float(secs))
            shape = text[0].splitlines()[0]
        return {k: statistics.median(v) for k, v in figures.items()}, shape
    w = lambda name: os.path.join(out, name)
    floors = {  # writer label -> (floor label, its figures)
        "JSON": ("stdio, 64 KB pieces", floor_of("json", w("w.json"), w("f.json"), o.runs)),
        "workbook": ("libxlsxwriter alone", floor_of("xlsx", w("w.xlsx"), w("f.xlsx"), o.runs)),
        "Word report": ("libzip alone", floor_of("docx", w("w.docx"), w("f.docx"), o.runs)),
        "letters, docx": ("libzip alone, plain writes",
                          floor_of("docx-dir", w("ld"), w("fld"), o.runs)),
        "letters, txt": ("open, write, close", floor_of("txt-dir", w("lt"), w("flt"), o.runs)),
    }
    # The library floors: the writer's own libraries producing the same bytes with no logic
    # around them, as the workbook's floor is libxlsxwriter's (for the text letters, whose
    # only library is the system, the floor above is already that).
    library = {
        "JSON": ("nlohmann dump alone", floor_of("json-lib", w("w.json"), w("fj.json"), o.runs)),
        "Word report": ("pugixml serialising + libzip alone",
                        floor_of("docx-lib", w("w.docx"), w("fd.docx"), o.runs)),
        "letters, docx": ("pugixml serialising + libzip alone",
                          floor_of("docx-lib", w("ld"), w("fldl"), o.runs)),
    }
    # The host builds a letters folder in a temporary sibling, then one syncfs and a rename
    # (AtomicDirectory; the writer itself writes each file plainly): the same steps, timed.
    durable = {
        "letters, docx": floor_of("docx-dir", w("ld"), w("fld"), o.runs, "--durable"),
        "letters, txt": floor_of("txt-dir", w("lt"), w("flt"), o.runs, "--durable"),
    }
    # End to end with every output.
    every = check + ["--jobs", "2",
                     "--out", os.path.join(out, "e.json"), "--out", os.path.join(out, "e.xlsx"),
                     "--out", os.path.join(out, "e.docx"),
                     "--out", os.path.join(out, "eld") + "/", "--letters", "docx",
                     "--feedback", os.path.join(out, "elt") + "/", reports]
    every_walls, every_rss = [], 0.0
    for _ in range(o.runs):
        for d in ("eld", "elt"):
            set_aside(os.path.join(out, d))
        wall, rss = measure(every)
        every_walls.append(wall)
        every_rss = max(every_rss, rss)
    every_wall = statistics.median(every_walls)

    print()
    print("Each writer on its own (`check --jobs 2 --timings` with that one output; writer s is "
          "the writer's own wall time, median; a floor's writer s is its `write`, its commit s "
          "its `commit`):")
    print()
    def secs(x):
        return "%.3f" % x if x is not None else "?"
    print("| writer | writer s | commit s (sync, rename) | check s (same runs) | process wall s | peak RSS MB | RSS over check alone MB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print("| (check alone) | | | %s | %.3f | %.0f | |" % (secs(alone.get("check")), alone_wall, alone_rss))
    for label, w_s, commit_s, chk, wall, rss in writer_rows:
        print("| %s | %s | %s | %s | %.3f | %.0f | %+.0f |"
              % (label, secs(w_s), secs(commit_s), secs(chk), wall, rss, rss - alone_rss))
        (how, (fig, shape)) = floors[label]
        print("| floor: %s (%s) | %s | | | | | |" % (how, shape, secs(fig.get("write"))))
        if label in library:
            (how, (fig, shape)) = library[label]
            print("| library floor: %s (%s) | %s | | | | | |" % (how, shape, secs(fig.get("write"))))
        if label in durable:
            fig, _ = durable[label]
            print("| floor with the host's durability (temporary folder, syncfs, rename) | %s | %s"
                  " | | | | |" % (secs(fig.get("write")), secs(fig.get("commit"))))
    print("| end to end, every output (JSON, workbook, Word report, letters docx and txt) | | | | %.3f | %.0f | %+.0f |"
          % (every_wall, every_rss, every_rss - alone_rss))

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
    # Each writer against its floor: the writer's own time (`timing: <plugin>`) over the
    # floor's `write`; the folder writers also with the commit (sync, rename) on both sides.
    def ratio(what, mine, base):
        if mine is None or not base:
            print("| %s | ? | no |" % what)
            return
        print("| %s | %.2fx (%.3f / %.3f s) | %s |"
              % (what, mine / base, mine, base, "yes" if mine <= 1.5 * base else "no"))
    for label, w_s, commit_s, _, _, _ in writer_rows:
        ratio("%s within 1.5x its floor (%s)" % (label, floors[label][0]), w_s,
              floors[label][1][0].get("write"))
        if label in library:
            ratio("%s within 1.5x its library floor (%s)" % (label, library[label][0]), w_s,
                  library[label][1][0].get("write"))
        if label in durable and w_s is not None and commit_s is not None:
            fig = durable[label][0]
            ratio("%s with its commit within 1.5x its durable floor" % label, w_s + commit_s,
                  fig.get("write", 0) + fig.get("commit", 0))
    if os.path.basename(os.path.normpath(o.data)).startswith("district"):
        print("| end to end with every output under 100 ms | %.3f s | %s |"
              % (every_wall, "yes" if every_wall < 0.1 else "no"))
    else:
        print("| end to end with every output (--jobs 2) | %.3f s | |" % every_wall)
    print("| output bytes identical at --jobs 1 and 2 | %s | %s |"
          % ("JSON %s, xlsx %s" % ("same" if outputs[1][0] == outputs[2][0] else "differ",
                                   "same" if outputs[1][1] == outputs[2][1] else "differ"),
             "yes" if same else "no"))
    shutil.rmtree(out)


if __name__ == "__main__":
    main()
