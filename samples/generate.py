#!/usr/bin/env python3
"""Generates the 2025 sample reports in samples/2025/ from the seed plan.

The samples are inputs, written once by this script and committed; rerun it after
changing the plan or the scenarios below (`python3 samples/generate.py`). Every
deliberate defect is listed in SCENARIOS and documented in samples/README.md.
Output is deterministic (fixed seed).

Some units report by filled Excel form instead of XML (FORMS below): their blank forms are
made by `tuanthu forms` (the built binary: build/bin/tuanthu, or --tuanthu PATH) and filled
by samples/fill_form.py with the same content their XML report would have had, written into
samples/2025/forms/. One is re-saved by LibreOffice when soffice is installed (otherwise it
stays as written, and the script says so). Without the binary the forms are left as they are.
"""
import os
import random
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
PLAN = os.path.join(HERE, "..", "rules", "q12-ct33-2024.xml")
OUT = os.path.join(HERE, "2025")
NS = {"p": "urn:tuanthu:plan:1"}
YEAR = 2025
rng = random.Random(20251105)

plan = ET.parse(PLAN).getroot()
units = {u.get("id"): u for u in plan.iter("{urn:tuanthu:plan:1}unit")}
unit_order = [u.get("id") for u in plan.iter("{urn:tuanthu:plan:1}unit")]
groups = {g.get("id"): [m.get("ref") for m in g.findall("p:member", NS)]
          for g in plan.iter("{urn:tuanthu:plan:1}group")}


def expand(ref, seen=None):
    seen = seen or set()
    if ref in units:
        return [ref]
    if ref in seen:
        return []
    seen.add(ref)
    out = []
    for m in groups.get(ref, []):
        out += [u for u in expand(m, seen) if u not in out]
    return out


tasks = []
assign = {}  # unit -> [(task_id, role)]
for t in plan.iter("{urn:tuanthu:plan:1}task"):
    if not (int(t.get("from")) <= YEAR <= int(t.get("to"))):
        continue
    tasks.append(t)
    for tag, role in (("lead", "lead"), ("support", "support")):
        for r in t.findall("p:" + tag, NS):
            for u in expand(r.get("ref")):
                lst = assign.setdefault(u, [])
                ex = [i for i, (tid, _) in enumerate(lst) if tid == t.get("id")]
                if ex:
                    if role == "lead":
                        lst[ex[0]] = (t.get("id"), "lead")
                else:
                    lst.append((t.get("id"), role))

# ---- natural text ------------------------------------------------------------
OPENERS = [
    "Trong năm {y}, đơn vị đã",
    "Năm {y}, {who} tiếp tục",
    "Thực hiện Kế hoạch của Ủy ban nhân dân quận, trong năm {y} đơn vị đã",
]
TASK_TEXT = {
    "II.1": "tổ chức tuyên truyền các chương trình hành động vì trẻ em, lồng ghép vào các buổi sinh hoạt khu phố, "
            "tổ dân phố và các cuộc họp của cơ quan; phối hợp thăm hỏi, tặng quà trẻ em có hoàn cảnh khó khăn, "
            "trẻ em mồ côi nhân dịp Tết Trung thu và Tháng hành động vì trẻ em; biểu dương các gia đình, cá nhân "
            "tiêu biểu trong công tác chăm sóc, giáo dục và bảo vệ trẻ em.",
    "II.2": "rà soát, cập nhật thông tin trẻ em vào cơ sở dữ liệu, đối chiếu với cơ sở dữ liệu quốc gia về dân cư; "
            "phối hợp hướng dẫn phụ huynh làm thủ tục đăng ký cư trú và cấp Căn cước cho trẻ em theo Luật Căn cước "
            "năm 2023, tổ chức cấp lưu động tại trường học và khu phố cho các cháu chưa có điều kiện đi lại.",
    "II.3": "phối hợp kiểm tra các cơ sở trợ giúp xã hội, nhóm trẻ độc lập và các hoạt động từ thiện có liên quan "
            "đến trẻ em trên địa bàn; kịp thời nắm bắt, xử lý các trường hợp trẻ em bị xâm hại, bạo lực, đồng thời "
            "vận động doanh nghiệp, nhà hảo tâm đóng góp học bổng, xe đạp và nhu yếu phẩm cho trẻ em khó khăn.",
    "II.4": "phối hợp triển khai các giải pháp dinh dưỡng cho trẻ em dưới 5 tuổi, cân đo định kỳ tại trạm y tế; "
            "vận động gia đình tham gia bảo hiểm y tế cho trẻ em dưới 16 tuổi; kiểm tra công tác y tế trường học "
            "và phối hợp tầm soát, phát hiện sớm rối loạn phát triển, ưu tiên trẻ em mồ côi.",
    "II.5": "tổ chức các hoạt động vui chơi, giải trí, văn nghệ, thể dục thể thao cho thiếu nhi trong dịp hè, "
            "Tết Trung thu và Ngày Quốc tế thiếu nhi; duy trì các điểm sinh hoạt hè an toàn, thân thiện tại khu phố "
            "và nhà văn hóa, chú trọng trẻ em có hoàn cảnh đặc biệt được tham gia miễn phí.",
    "II.6": "phối hợp với nhà trường và gia đình giáo dục đạo đức, lối sống, kỹ năng sống cho trẻ em; tuyên truyền "
            "bảo vệ trẻ em trước thông tin không có lợi trên không gian mạng; theo dõi, vận động trẻ em trong độ tuổi "
            "đến lớp, không để trẻ em làm công việc ảnh hưởng đến học tập và sức khỏe.",
    "IV.1": "chủ trì hướng dẫn, theo dõi, đôn đốc các phòng ban, đoàn thể và Ủy ban nhân dân 11 phường triển khai Kế hoạch; "
            "tổ chức sơ kết giữa năm, tổng hợp khó khăn, vướng mắc và tham mưu Ủy ban nhân dân quận báo cáo Sở Lao động - "
            "Thương binh và Xã hội, Quận ủy theo đúng thời gian quy định.",
    "IV.2": "ban hành kế hoạch triển khai của đơn vị, tổ chức tập huấn nâng cao năng lực cho cán bộ, công chức, viên chức "
            "về các vấn đề liên quan trẻ em; hướng dẫn chuyên môn cho Ủy ban nhân dân 11 phường và chủ động phối hợp Phòng "
            "Lao động - Thương binh và Xã hội đề xuất các hoạt động liên ngành.",
    "IV.3": "tham mưu Ủy ban nhân dân quận bố trí kinh phí thực hiện Kế hoạch trong dự toán chi thường xuyên; hướng dẫn "
            "các cơ quan, đơn vị và Ủy ban nhân dân 11 phường lập dự toán, sử dụng và thanh quyết toán kinh phí đúng quy định, "
            "kịp thời tháo gỡ vướng mắc phát sinh.",
    "IV.4": "xây dựng chương trình phối hợp triển khai Chỉ thị số 33-CT/TU; tuyên truyền kiến thức phòng, chống bạo lực, "
            "xâm hại trẻ em đến đoàn viên, hội viên và người dân; tổ chức giám sát việc thực hiện chính sách đối với trẻ em "
            "và vận động hội viên hỗ trợ trẻ em có hoàn cảnh khó khăn.",
    "IV.5": "ban hành kế hoạch triển khai tại phường, kiện toàn Ban bảo vệ trẻ em và đội ngũ cộng tác viên khu phố; "
            "chăm lo, hỗ trợ kịp thời trẻ em có hoàn cảnh đặc biệt, trẻ em mồ côi; tuyên truyền phòng, chống xâm hại, "
            "tai nạn thương tích và đuối nước trẻ em, tổ chức lớp dạy bơi miễn phí trong dịp hè.",
}
CLOSERS = [
    " Kết quả bước đầu góp phần nâng cao nhận thức của người dân về trách nhiệm chăm sóc, bảo vệ trẻ em.",
    " Qua đó, công tác bảo vệ trẻ em trên địa bàn có chuyển biến tích cực, không phát sinh điểm nóng.",
    " Đơn vị sẽ tiếp tục duy trì và nhân rộng các cách làm hiệu quả trong năm tới.",
]


def narrative(unit_id, task_id):
    who = short(unit_id)
    s = rng.choice(OPENERS).format(y=YEAR, who=who) + " " + TASK_TEXT[task_id]
    return escape(s + rng.choice(CLOSERS))


def short(unit_id):
    u = units[unit_id]
    return u.get("short-name") or u.get("name")


is_ward = lambda u: u.startswith("p-")


def number_for(req_id, unit_id):
    big = 1.0 if not is_ward(unit_id) else 0.35
    table = {
        "so-buoi-tuyen-truyen": (8, 40), "so-tre-hcdb-duoc-ho-tro": (60, 420), "so-mo-hinh-nhan-rong": (2, 9),
        "so-tre-cap-can-cuoc": (1800, 9500), "so-cuoc-kiem-tra": (6, 24), "so-vu-xam-hai": (1, 9),
        "kinh-phi-xa-hoi-hoa": (350, 2400), "so-tre-duoc-tam-soat": (900, 4200), "so-hoat-dong-van-hoa": (24, 90),
        "so-luot-tre-tham-gia": (3500, 18000), "so-buoi-ky-nang-song": (40, 160), "so-cuoc-kiem-tra-don-doc": (6, 14),
        "so-lop-tap-huan": (2, 8), "kinh-phi-bo-tri": (1200, 3800), "so-cuoc-giam-sat": (2, 8),
        "so-vu-duoi-nuoc": (0, 0), "so-can-bo-chuyen-trach": (1, 2), "so-cong-tac-vien": (12, 34),
    }
    lo, hi = table.get(req_id, (1, 50))
    v = rng.randint(lo, hi)
    if req_id in ("so-tre-hcdb-duoc-ho-tro", "so-buoi-tuyen-truyen"):
        v = max(lo, int(v * big))
    return vi_int(v)


def vi_int(v):
    return f"{v:,}".replace(",", ".")


def percent_for(req_id):
    ranges = {"ty-le-tre-co-can-cuoc": (88.0, 99.5), "ty-le-cap-nhat-csdl": (96.0, 100.0),
              "ty-le-bhyt": (100.0, 100.0), "ty-le-suy-dinh-duong": (3.1, 5.8),
              "ty-le-truong-y-te-hoc-duong": (92.0, 100.0), "ty-le-pcgd-mam-non": (97.0, 99.8),
              "ty-le-tpt-doi-dat-chuan": (85.0, 100.0)}
    lo, hi = ranges.get(req_id, (80.0, 100.0))
    v = round(rng.uniform(lo, hi), 1)
    s = f"{v:.1f}".replace(".", ",")
    return (s[:-2] if s.endswith(",0") else s) + "%"


def requirements(task, role):
    for r in task.findall("p:requirement", NS):
        roles = (r.get("roles") or "lead support").split()
        if role in roles:
            yield r


# ---- scenarios (see samples/README.md) ----------------------------------------
MISSING = {"p-trung-my-tay", "ldld", "thong-ke"}
# Units that send a filled Excel form instead of an XML report, and how they filled it.
FORMS = {
    "gddt": "complete",               # numbers typed as numbers, dates as dates
    "p-dong-hung-thuan": "complete",  # … with 1 drowning case against the target = 0
    "yte": "as text",                 # "98,5%" and "03/11/2025" typed as text
    "mttq": "libreoffice",            # filled, then opened and saved again in LibreOffice
}
# A missing unit whose form arrived damaged: its content pasted into a workbook of its own,
# without the form's identity sheet. Refused (form-not-a-form); the unit stays missing.
TAMPERED = "ldld"
SIGNER_TITLES = {"gddt": "Trưởng phòng", "p-dong-hung-thuan": "Chủ tịch", "yte": "Trưởng phòng",
                 "mttq": "Chủ tịch", "ldld": "Chủ tịch"}
LATE = {"p-thoi-an": ("2025-11-06", "2025-11-08"), "hccb": ("2025-11-10", "2025-11-12")}


def build(unit_id, *, doc_date, received, number, signer="", period=str(YEAR), unit_attr=None,
          unit_name=None, override=None, drop_tasks=(), drop_values=(), issuer=None):
    override = override or {}
    u = units[unit_id]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    who = f'unit="{unit_attr or unit_id}"' if unit_name is None else f'unit-name="{unit_name}"'
    lines.append(f'<report xmlns="urn:tuanthu:report:1" plan="q12-ct33-2024" period="{period}" {who}>')
    place = u.get("name").replace("Ủy ban nhân dân phường ", "") if is_ward(unit_id) else "Quận 12"
    sign = f' signer="{signer}"' if signer else ""
    lines.append(f'  <document kind="BC" number="{number}" date="{doc_date}" place="{place}"{sign}>')
    lines.append(f'    <issuer>{issuer if issuer is not None else u.get("name")}</issuer>')
    lines.append('  </document>')
    if received:
        lines.append(f'  <received date="{received}"/>')
    for tid, role in assign[unit_id]:
        if tid in drop_tasks:
            continue
        task = next(t for t in tasks if t.get("id") == tid)
        lines.append(f'  <task ref="{tid}">')
        for r in requirements(task, role):
            rid = r.get("id")
            if (tid, rid) in drop_values:
                continue
            kind = r.get("kind")
            if (tid, rid) in override:
                val = override[(tid, rid)]
            elif kind == "narrative":
                val = narrative(unit_id, tid)
            elif kind == "number":
                val = number_for(rid, unit_id)
            elif kind == "percent":
                val = percent_for(rid)
            elif kind == "document":
                n = rng.randint(20, 180)
                code = "UBND" if is_ward(unit_id) else unit_code(unit_id)
                lines.append(f'    <value ref="{rid}" number="{n}/KH-{code}" date="{YEAR}-0{rng.randint(1, 3)}-{rng.randint(10, 28)}">'
                             f'Kế hoạch thực hiện Chỉ thị số 33-CT/TU năm {YEAR}</value>')
                continue
            else:
                val = f"{YEAR}-06-01"
            lines.append(f'    <value ref="{rid}">{val}</value>')
        lines.append('  </task>')
    lines.append('</report>')
    return "\n".join(lines) + "\n"


CODES = {"ldtbxh": "LĐTBXH", "cong-an": "CAQ", "gddt": "GDĐT", "thong-ke": "CCTK", "yte": "YT",
         "ttyt": "TTYT", "bhxh": "BHXH", "vhtt": "VHTT", "ttvhtt": "TTVHTT", "tckh": "TCKH",
         "mttq": "MTTQ", "quan-doan": "QĐ", "hlhpn": "HLHPN", "ldld": "LĐLĐ", "hccb": "HCCB"}


def unit_code(u):
    return CODES.get(u, "UBND")


SIGNERS = ["Nguyễn Văn Hùng", "Trần Thị Mai", "Lê Minh Tuấn", "Phạm Thị Thu Hà", "Võ Thanh Sơn",
           "Huỳnh Ngọc Lan", "Đặng Quốc Bảo", "Bùi Thị Hồng", "Đỗ Văn Phúc", "Ngô Thị Kim Yến"]


def default_doc(unit_id):
    day = rng.randint(27, 31) if rng.random() < 0.5 else rng.randint(1, 3)
    month = 10 if day >= 27 else 11
    doc = f"{YEAR}-{month:02d}-{day:02d}"
    rec_day = min(day + rng.randint(1, 2), 31 if month == 10 else 5)
    rec = f"{YEAR}-{month:02d}-{rec_day:02d}"
    number = f"{rng.randint(60, 480)}/BC-{unit_code(unit_id)}"
    return doc, rec, number


def write(name, content):
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="\n") as f:
        f.write(content)


# ---- filled forms ------------------------------------------------------------------
RNS = "{urn:tuanthu:report:1}"


def vi_date(iso):
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{d:02d}/{m:02d}/{y}"


def form_values(xml_text, unit_id, style):
    """The cells a person fills for the content of an XML report, typed as `style` says."""
    import fill_form
    report = ET.fromstring(xml_text)
    doc = report.find(RNS + "document")
    kinds = {(t.get("id"), r.get("id")): r.get("kind")
             for t in tasks for r in t.findall("p:requirement", NS)}
    y, m, d = (int(x) for x in doc.get("date").split("-"))
    values = {("", "document.number"): doc.get("number"),
              ("", "document.signer"): doc.get("signer"),
              ("", "document.signer-title"): SIGNER_TITLES[unit_id]}
    values[("", "document.date")] = ("03/11/2025" if style == "as text"
                                     else fill_form.excel_serial(y, m, d))
    for task in report.findall(RNS + "task"):
        for v in task.findall(RNS + "value"):
            key = (task.get("ref"), v.get("ref"))
            kind, text = kinds[key], v.text or ""
            if kind == "document":
                # Written the way people write it, not as attributes.
                values[key] = f"Kế hoạch số {v.get('number')} ngày {vi_date(v.get('date'))}"
            elif kind == "number" and style != "as text":
                values[key] = int(text.replace(".", ""))
            elif kind == "percent" and style != "as text":
                values[key] = float(text.rstrip("%").replace(",", "."))
            else:
                values[key] = text
    if style == "as text":
        values[("II.4", "ty-le-truong-y-te-hoc-duong")] = "98,5%"
    return values


def make_forms(pending, tuanthu):
    """Fills the forms of the units in `pending` ({unit: xml}) into samples/2025/forms/."""
    import fill_form
    forms_dir = os.path.join(OUT, "forms")
    units = sorted(pending) + [TAMPERED]
    with tempfile.TemporaryDirectory() as tmp:
        blank = os.path.join(tmp, "bieu-mau")
        cmd = [tuanthu, "forms", "--plan", PLAN, "--period", str(YEAR), "--out", blank]
        for u in units:
            cmd += ["--unit", u]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        if os.path.isdir(forms_dir):
            shutil.rmtree(forms_dir)
        os.makedirs(forms_dir)
        for unit_id in units:
            out = os.path.join(forms_dir, f"{unit_id}.xlsx")
            if unit_id == TAMPERED:
                xml_text = build(unit_id, doc_date="2025-11-03", received=None,
                                 number="52/BC-LĐLĐ", signer="Trần Thị Mai")
                fill_form.fill(os.path.join(blank, f"{unit_id}.xlsx"), out,
                               form_values(xml_text, unit_id, "complete"),
                               tamper=lambda wb: wb.remove_sheet("tuanthu"))
                continue
            style = FORMS[unit_id]
            fill_form.fill(os.path.join(blank, f"{unit_id}.xlsx"), out,
                           form_values(pending[unit_id], unit_id, style))
            if style == "libreoffice":
                resave(out, tmp)


def resave(path, tmp):
    soffice = shutil.which("soffice")
    if not soffice:
        print(f"generate.py: soffice not found; {os.path.basename(path)} is not re-saved by "
              "LibreOffice", file=sys.stderr)
        return
    out_dir = os.path.join(tmp, "lo")
    os.makedirs(out_dir, exist_ok=True)
    env = dict(os.environ, HOME=out_dir)
    subprocess.run([soffice, "--headless", "--norestore", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", out_dir, path],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    shutil.copyfile(os.path.join(out_dir, os.path.basename(path)), path)


def main():
    tuanthu = os.path.join(HERE, "..", "build", "bin", "tuanthu")
    if "--tuanthu" in sys.argv:
        tuanthu = sys.argv[sys.argv.index("--tuanthu") + 1]
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if os.path.isfile(os.path.join(OUT, f)):
            os.remove(os.path.join(OUT, f))
    pending = {}  # unit → its XML report, to be sent as a filled form instead
    for uid in unit_order:
        if uid not in assign or uid in MISSING:
            continue
        doc, rec, number = default_doc(uid)
        kw = dict(doc_date=doc, received=rec, number=number, signer=rng.choice(SIGNERS))
        if uid in LATE:
            kw["doc_date"], kw["received"] = LATE[uid]
        if uid == "p-thoi-an":
            kw["number"] = "15/UBND-BC"  # type and issuer codes swapped
        if uid == "hlhpn":
            kw["signer"] = ""
        if uid == "p-hiep-thanh":
            kw["drop_tasks"] = ("II.6",)
        if uid == "ttyt":
            kw["drop_values"] = (("II.4", "so-tre-duoc-tam-soat"),)
        if uid == "bhxh":
            kw["override"] = {("II.4", "ty-le-bhyt"): "97,2%"}
        if uid == "quan-doan":
            kw["override"] = {("II.3", "ket-qua"): "Đang cập nhật"}
        if uid == "p-tan-chanh-hiep":
            kw["override"] = {("IV.5", "so-cong-tac-vien"): "khoảng 15 người"}
        if uid == "p-dong-hung-thuan":
            kw["override"] = {("IV.5", "so-vu-duoi-nuoc"): "1"}
        if uid == "vhtt":
            kw["override"] = {("II.5", "ket-qua"): "Đã tổ chức các hoạt động hè cho thiếu nhi."}
        if uid == "p-thanh-loc":
            kw["unit_name"] = "UBND phường Thạnh Lộc"
        if uid == "p-tan-thoi-nhat":
            # Another editor: decomposed Unicode (NFD), old tone placement, abbreviations.
            kw["unit_name"] = unicodedata.normalize("NFD", "Uỷ ban nhân dân P. Tân Thới Nhất")
        if uid == "p-an-phu-dong":
            # First, a draft sent early; the revised report below supersedes it.
            write(f"{uid}-ban-dau.xml", build(uid, **{**kw, "doc_date": "2025-10-24", "received": "2025-10-27",
                                                       "number": "201/BC-UBND"}))
        content = build(uid, **kw)
        if uid in FORMS:
            pending[uid] = content  # built all the same: the random draws stay in step
            continue
        write(f"{uid}.xml", content)
    # A stale file for the previous year, sent again by mistake.
    doc, rec, number = "2024-11-01", "2024-11-02", "198/BC-UBND"
    write("p-thanh-xuan-2024.xml", build("p-thanh-xuan", doc_date=doc, received=rec, number=number,
                                          signer="Võ Thanh Sơn", period="2024"))
    # A copy cut off in transit: not well-formed XML.
    good = build("p-hiep-thanh", doc_date="2025-11-02", received="2025-11-03", number="310/BC-UBND",
                 signer="Lê Minh Tuấn")
    write("p-hiep-thanh-ban-loi.xml", good[: len(good) // 2])
    # Not a report at all: a note the office keeps in the same folder.
    write("ghi-chu-van-thu.txt", "Danh sách báo cáo nhận qua hệ thống quản lý văn bản, cập nhật ngày 10/11/2025.\n")
    if os.access(tuanthu, os.X_OK):
        make_forms(pending, tuanthu)
    else:
        print(f"generate.py: {tuanthu} not found (build first, or --tuanthu PATH); "
              "samples/2025/forms/ left as it is", file=sys.stderr)


if __name__ == "__main__":
    main()
