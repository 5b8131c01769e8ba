#!/usr/bin/env python3
"""Seeded generator of a plan and its reports, for the scale benchmarks (bench/README.md).

    python3 bench/generate.py SCENARIO OUT_DIR [--seed N] [--units N] [--tasks N] ...

writes OUT_DIR/plan.xml and OUT_DIR/reports/*.xml. The same scenario, options and seed give
the same bytes (tests/generator_test.sh compares two runs). Nothing it writes belongs in the
source tree: OUT_DIR is normally under /tmp.

Scenarios (each option below can override them):
    district   the seed plan's shape: 26 units, 11 tasks, 1 report per unit
    city       300 units, 20 tasks
    national   10,000 units, 40 tasks, 2 reports per unit (every report resubmitted once),
               ~20 KB a report, about 400 MB in all
"""
import argparse
import os
import random
import sys
import unicodedata
from xml.sax.saxutils import escape, quoteattr

SCENARIOS = {
    "district": dict(units=26, tasks=11, reqs=4, reports=1.0, size=4000),
    "city": dict(units=300, tasks=20, reqs=4, reports=1.0, size=8000),
    "national": dict(units=10000, tasks=40, reqs=4, reports=2.0, size=17000),
}
DEFAULTS = dict(nfd=0.2, late=0.1, incomplete=0.1, malformed=0.01, missing=0.03)

WARDS = ["Thạnh Lộc", "Thạnh Xuân", "Thới An", "Tân Chánh Hiệp", "An Phú Đông", "Tân Thới Hiệp",
         "Trung Mỹ Tây", "Tân Hưng Thuận", "Đông Hưng Thuận", "Tân Thới Nhất", "Hiệp Thành"]
SENTENCES = [
    "Trong năm, đơn vị đã tổ chức tuyên truyền các chương trình hành động vì trẻ em",
    "lồng ghép vào các buổi sinh hoạt khu phố, tổ dân phố và các trường học trên địa bàn",
    "thăm hỏi, tặng quà trẻ em có hoàn cảnh đặc biệt khó khăn nhân dịp Tết Trung thu",
    "phối hợp với Trạm Y tế rà soát, cấp thẻ bảo hiểm y tế cho trẻ em dưới sáu tuổi",
    "kiện toàn Ban điều hành, phân công cán bộ phụ trách công tác trẻ em ở từng khu phố",
    "tổ chức lớp dạy bơi an toàn cho học sinh tiểu học trong dịp hè",
    "cập nhật cơ sở dữ liệu trẻ em theo đúng hướng dẫn của cấp trên",
]


def narrative(rng, size):
    out = []
    while sum(len(s) + 2 for s in out) < size:
        out.append(rng.choice(SENTENCES))
    return "; ".join(out) + "."


def plan_xml(o, rng):
    units, members = [], []
    for i in range(o.units):
        ward = WARDS[i % len(WARDS)]
        uid = "u%05d" % i
        units.append('    <unit id="%s" name=%s short-name=%s kind="phường"/>' % (
            uid, quoteattr("Ủy ban nhân dân phường %s số %d" % (ward, i)),
            quoteattr("UBND phường %s %d" % (ward, i))))
        members.append('<member ref="%s"/>' % uid)
    tasks = []
    kinds = ["narrative", "number", "percent", "date", "document"]
    for t in range(o.tasks):
        reqs = ['      <requirement id="ket-qua" kind="narrative" min-words="20">Kết quả thực hiện'
                '</requirement>']
        for r in range(1, o.reqs):
            kind = kinds[1 + (t + r) % 4]
            target = ' target="&gt;=95"' if kind == "percent" else ""
            reqs.append('      <requirement id="r%d" kind="%s" roles="lead support"%s>Chỉ tiêu %d.%d'
                        '</requirement>' % (r, kind, target, t + 1, r))
        tasks.append('    <task id="T%d" from="2024" to="2030">\n      <title>Nhiệm vụ %d</title>\n'
                     '      <lead ref="u%05d"/><support ref="all"/>\n%s\n    </task>'
                     % (t + 1, t + 1, t % o.units, "\n".join(reqs)))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<plan xmlns="urn:tuanthu:plan:1" id="bench" version="1">\n'
            '  <document kind="KH" number="1/KH-UBND" date="2024-01-15" place="Quận 12">\n'
            '    <issuer>Ủy ban nhân dân quận 12</issuer><title>Kế hoạch thử tải</title>\n'
            '  </document>\n  <units>\n%s\n    <group id="all" name="mọi phường">%s</group>\n'
            '  </units>\n  <reporting>\n'
            '    <cycle frequency="annual" first="2024" last="2030" due="11-05" to="u00000"/>\n'
            '  </reporting>\n  <tasks>\n%s\n  </tasks>\n</plan>\n'
            % ("\n".join(units), "".join(members), "\n".join(tasks)))


def value_xml(rng, kind, size, incomplete):
    if incomplete and rng.random() < 0.3:
        return None
    if kind == "number":
        return str(rng.randrange(0, 5000))
    if kind == "percent":
        return "%s%%" % str(round(rng.uniform(85, 100), 1)).replace(".", ",")
    if kind == "date":
        return "%02d/%02d/2025" % (rng.randrange(1, 28), rng.randrange(1, 12))
    return narrative(rng, size)


def report_xml(o, rng, unit, day, per_value):
    nfd = rng.random() < o.nfd
    incomplete = rng.random() < o.incomplete
    kinds = ["narrative", "number", "percent", "date", "document"]
    parts = []
    for t in range(o.tasks):
        if incomplete and rng.random() < 0.1:
            continue
        vals = []
        text = value_xml(rng, "narrative", per_value, incomplete)
        if text is not None:
            vals.append('    <value ref="ket-qua">%s</value>' % escape(text))
        for r in range(1, o.reqs):
            kind = kinds[1 + (t + r) % 4]
            if kind == "document":
                vals.append('    <value ref="r%d" number="%d/KH-UBND" date="2025-02-%02d">Kế hoạch'
                            '</value>' % (r, rng.randrange(1, 300), rng.randrange(1, 28)))
                continue
            v = value_xml(rng, kind, per_value, incomplete)
            if v is not None:
                vals.append('    <value ref="r%d">%s</value>' % (r, escape(v)))
        parts.append('  <task ref="T%d">\n%s\n  </task>' % (t + 1, "\n".join(vals)))
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<report xmlns="urn:tuanthu:report:1" plan="bench" period="2025" unit="%s">\n'
            '  <document kind="BC" number="%d/BC-UBND" date="2025-%s" signer="Nguyễn Văn A">\n'
            '    <issuer>Ủy ban nhân dân phường</issuer>\n  </document>\n'
            '  <received date="2025-%s"/>\n%s\n</report>\n'
            % (unit, rng.randrange(1, 500), day, day, "\n".join(parts)))
    if nfd:
        body = unicodedata.normalize("NFD", body)
    if rng.random() < o.malformed:
        body = body[: len(body) // 2]  # truncated in transit
    return body


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("scenario", choices=sorted(SCENARIOS))
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    for k in ("units", "tasks", "reqs", "size"):
        ap.add_argument("--" + k, type=int, help="override the scenario's %s" % k)
    ap.add_argument("--reports", type=float, help="reports per unit (2 = every unit resubmits once)")
    for k, v in DEFAULTS.items():
        ap.add_argument("--" + k, type=float, default=v, help="share of units (default %g)" % v)
    o = ap.parse_args()
    for k, v in SCENARIOS[o.scenario].items():
        if getattr(o, k) is None:
            setattr(o, k, v)
    rng = random.Random(o.seed)
    os.makedirs(os.path.join(o.out, "reports"), exist_ok=True)
    with open(os.path.join(o.out, "plan.xml"), "w", encoding="utf-8") as f:
        f.write(plan_xml(o, rng))
    per_value = max(40, o.size // max(1, o.tasks) - 60 * o.reqs)
    files = total = 0
    for i in range(o.units):
        if rng.random() < o.missing:
            continue
        copies = int(o.reports) + (1 if rng.random() < o.reports - int(o.reports) else 0)
        late = rng.random() < o.late
        for c in range(max(1, copies)):
            # Each resubmission a day later, never past 30 November (a 64th copy was
            # dated 11-67, and every such report drew report-bad-date).
            day = "11-%02d" % (rng.randrange(6, 20) if late else min(30, rng.randrange(1, 5) + c))
            name = "u%05d%s.xml" % (i, "" if c == 0 else "-lan-%d" % (c + 1))
            data = report_xml(o, rng, "u%05d" % i, day, per_value).encode("utf-8")
            with open(os.path.join(o.out, "reports", name), "wb") as f:
                f.write(data)
            files += 1
            total += len(data)
    print("%s: %d units, %d tasks, %d reports, %.1f MB in %s"
          % (o.scenario, o.units, o.tasks, files, total / 1e6, o.out), file=sys.stderr)


if __name__ == "__main__":
    main()
