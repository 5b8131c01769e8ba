#!/usr/bin/env python3
"""The writers' floors (bench/floor.cpp) write the very bytes their writer wrote; never timed.

  floor_test.py SOURCE TUANTHU FLOOR

`check` on the shipped samples writes the JSON, the Word report and both letters folders;
`floor json`, `floor json-lib`, `floor docx`, `floor docx-lib`, `floor docx-dir` and
`floor txt-dir` (plain and --durable) write
them again, and each must say (and be) byte for byte the same. A floor that wrote other
bytes would time other work than its writer's.
"""
import filecmp
import os
import subprocess
import sys
import tempfile

SOURCE, TUANTHU, FLOOR = sys.argv[1:4]


def run(cmd, ok=(0,)):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode not in ok:
        sys.exit("%s exited %d\n%s%s" % (" ".join(cmd), r.returncode, r.stdout, r.stderr))
    return r.stdout


def main():
    tmp = tempfile.mkdtemp(prefix="tuanthu-floor-test-")
    p = lambda *n: os.path.join(tmp, *n)
    run([TUANTHU, "check", "--plan", os.path.join(SOURCE, "rules", "q12-ct33-2024.xml"),
         "--period", "2025", "--as-of", "2025-11-20", "--jobs", "2",
         "--out", p("r.json"), "--out", p("r.docx"), "--out", p("ld") + "/", "--letters", "docx",
         "--feedback", p("lt") + "/", os.path.join(SOURCE, "samples", "2025")], ok=(0, 1))
    letters = [n for n in os.listdir(p("ld")) if n.endswith(".docx")]
    if not letters or len(os.listdir(p("lt"))) < 2:
        sys.exit("the samples gave no letters: nothing to compare")
    failures = []

    def expect(cmd, said, a, b):
        out = run(cmd)
        if said not in out or "write " not in out:
            failures.append("%s printed\n%s" % (" ".join(cmd), out))
        same = (filecmp.cmp(a, b, shallow=False) if os.path.isfile(a)
                else not filecmp.dircmp(a, b, ignore=[".tuanthu"]).diff_files
                and sorted(os.listdir(b)) == sorted(n for n in os.listdir(a) if n != ".tuanthu"))
        if not same:
            failures.append("%s: %s and %s differ" % (cmd[1], a, b))

    for piece in ("65536", "100"):
        expect([FLOOR, "json", p("r.json"), p("f%s.json" % piece), piece], "same bytes as the input: yes",
               p("r.json"), p("f%s.json" % piece))
    expect([FLOOR, "docx", p("r.docx"), p("f.docx")], "same bytes as the input: yes",
           p("r.docx"), p("f.docx"))
    expect([FLOOR, "json-lib", p("r.json"), p("fj.json")], "same bytes as the input: yes",
           p("r.json"), p("fj.json"))
    expect([FLOOR, "docx-lib", p("r.docx"), p("fd.docx")], "1 packages, 1 with the same bytes",
           p("r.docx"), p("fd.docx"))
    n = len(letters)
    expect([FLOOR, "docx-lib", p("ld"), p("fldl")],
           "%d packages, %d with the same bytes" % (n, n), p("ld"), p("fldl"))
    expect([FLOOR, "docx-dir", p("ld"), p("fld")], "same bytes as the input: %d of %d" % (n, n),
           p("ld"), p("fld"))
    t = len([x for x in os.listdir(p("lt")) if x.endswith(".txt")])
    for durable in ([], ["--durable"]):
        out = p("flt" + "".join(durable))
        expect([FLOOR, "txt-dir", p("lt"), out] + durable,
               "same bytes as the input: %d of %d" % (t, t), p("lt"), out)
    if "commit " not in run([FLOOR, "docx-dir", p("ld"), p("fld2"), "--durable"]):
        failures.append("floor docx-dir --durable printed no commit time")
    # A floor writes into a fresh folder only.
    if subprocess.run([FLOOR, "txt-dir", p("lt"), p("flt")], capture_output=True).returncode == 0:
        failures.append("floor txt-dir wrote into a folder that existed")
    subprocess.run(["rm", "-rf", tmp])
    if failures:
        sys.exit("\n".join(failures))
    print("floors: JSON, Word report, %d Word letters, %d text letters: same bytes" % (n, t))


if __name__ == "__main__":
    main()
