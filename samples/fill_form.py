#!/usr/bin/env python3
"""Fills a blank tuanthu form (.xlsx written by `tuanthu forms`) as a person would in Excel.

Python standard library only (zipfile + xml.etree). The identity sheet `tuanthu` says which
cell answers which requirement (docs/report-format.md, "Forms"); this fills those cells:

  fill(blank, out, {("", "document.number"): "245/BC-UBND",
                    ("", "document.date"): Serial(45964),        # a date typed into a date cell
                    ("II.1", "ket-qua"): "Trong năm 2025, …",    # text
                    ("II.1", "so-buoi-tuyen-truyen"): 12,        # a number
                    ("II.4", "ty-le-bhyt"): "98,5%"})            # text typed into a number cell

Used by samples/generate.py to make samples/2025/forms/; also runnable:
  fill_form.py BLANK.xlsx OUT.xlsx TASK/REQUIREMENT=VALUE …   (numbers stay numbers)
"""
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
ET.register_namespace("", MAIN)
ET.register_namespace("r", REL)
# Fixed zip timestamps: the same inputs give the same bytes.
FIXED_TIME = (2025, 1, 1, 0, 0, 0)


class Serial(float):
    """A number Excel stores for a date typed into a date cell (days since 30/12/1899)."""


def excel_serial(year, month, day):
    import datetime
    return Serial((datetime.date(year, month, day) - datetime.date(1899, 12, 30)).days)


def _q(tag):
    return "{%s}%s" % (MAIN, tag)


def _col_row(ref):
    m = re.fullmatch(r"\$?([A-Z]+)\$?([0-9]+)", ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return col, int(m.group(2))


def _parse_ref(text):
    m = re.fullmatch(r"'((?:[^']|'')+)'!(.+)", text)
    if m:
        return m.group(1).replace("''", "'"), m.group(2).replace("$", "")
    sheet, cell = text.rsplit("!", 1)
    return sheet, cell.replace("$", "")


class Workbook:
    def __init__(self, path):
        with zipfile.ZipFile(path) as z:
            self.entries = [(i, z.read(i.filename)) for i in z.infolist()]
        self.data = {i.filename: d for i, d in self.entries}
        wb = ET.fromstring(self.data["xl/workbook.xml"])
        rels = ET.fromstring(self.data["xl/_rels/workbook.xml.rels"])
        targets = {r.get("Id"): r.get("Target") for r in rels}
        self.sheets = {}
        for s in wb.iter(_q("sheet")):
            t = targets[s.get("{%s}id" % REL)]
            self.sheets[s.get("name")] = t[1:] if t.startswith("/") else "xl/" + t
        self.shared = []
        if "xl/sharedStrings.xml" in self.data:
            for si in ET.fromstring(self.data["xl/sharedStrings.xml"]).iter(_q("si")):
                self.shared.append("".join(t.text or "" for t in si.iter(_q("t"))))

    def cells(self, sheet):
        out = {}
        root = ET.fromstring(self.data[self.sheets[sheet]])
        for c in root.iter(_q("c")):
            v = c.find(_q("v"))
            if c.get("t") == "s" and v is not None:
                out[c.get("r")] = self.shared[int(v.text)]
            elif c.get("t") == "inlineStr":
                out[c.get("r")] = "".join(t.text or "" for t in c.iter(_q("t")))
            elif v is not None:
                out[c.get("r")] = v.text
        return out

    def identity(self):
        """{(task, requirement): (sheet, cell)} from the `tuanthu` sheet."""
        cells = self.cells("tuanthu")
        rows = {}
        for ref, value in cells.items():
            col, row = _col_row(ref)
            rows.setdefault(row, {})[col] = value
        out, header = {}, None
        for row in sorted(rows):
            r = rows[row]
            if r.get(1) == "task" and r.get(2) == "requirement":
                header = row
            elif header is not None and r.get(3):
                out[(r.get(1, ""), r.get(2, ""))] = _parse_ref(r[3])
        return out

    def set_cells(self, sheet, values):
        """values: {cell ref: str | int | float | Serial}; strings become inline strings."""
        part = self.sheets[sheet]
        root = ET.fromstring(self.data[part])
        data = root.find(_q("sheetData"))
        rows = {int(r.get("r")): r for r in data.findall(_q("row"))}
        for ref, value in values.items():
            col, row_no = _col_row(ref)
            row = rows.get(row_no)
            if row is None:
                row = ET.SubElement(data, _q("row"), {"r": str(row_no)})
                rows[row_no] = row
            cell = next((c for c in row.findall(_q("c")) if c.get("r") == ref), None)
            if cell is None:
                cell = ET.SubElement(row, _q("c"), {"r": ref})
            style = cell.get("s")
            for child in list(cell):
                cell.remove(child)
            for a in list(cell.attrib):
                del cell.attrib[a]
            cell.set("r", ref)
            if style is not None:
                cell.set("s", style)
            if isinstance(value, str):
                cell.set("t", "inlineStr")
                is_ = ET.SubElement(cell, _q("is"))
                t = ET.SubElement(is_, _q("t"))
                t.text = value
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            else:
                v = ET.SubElement(cell, _q("v"))
                v.text = str(int(value)) if float(value).is_integer() else repr(float(value))
            # Cells must stay in column order within their row.
            row[:] = sorted(row, key=lambda c: _col_row(c.get("r"))[0])
        self.data[part] = ET.tostring(root, encoding="UTF-8", xml_declaration=True)

    def remove_sheet(self, name):
        """Drops a sheet as copying the visible content into a new workbook would."""
        part = self.sheets.pop(name)
        wb = ET.fromstring(self.data["xl/workbook.xml"])
        sheets = wb.find(_q("sheets"))
        for s in list(sheets):
            if s.get("name") == name:
                sheets.remove(s)
        self.data["xl/workbook.xml"] = ET.tostring(wb, encoding="UTF-8", xml_declaration=True)
        rels = ET.fromstring(self.data["xl/_rels/workbook.xml.rels"])
        for r in list(rels):
            if "xl/" + r.get("Target") == part:
                rels.remove(r)
        self.data["xl/_rels/workbook.xml.rels"] = ET.tostring(rels, encoding="UTF-8",
                                                              xml_declaration=True)
        ct = self.data["[Content_Types].xml"].decode()
        ct = re.sub(r'<Override PartName="/%s"[^>]*/>' % re.escape(part), "", ct)
        self.data["[Content_Types].xml"] = ct.encode()
        del self.data[part]

    def save(self, path):
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for info, _ in self.entries:
                if info.filename not in self.data:
                    continue
                zi = zipfile.ZipInfo(info.filename, FIXED_TIME)
                zi.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(zi, self.data[info.filename])


def fill(blank, out, values, tamper=None):
    """Fills `blank` with values keyed by (task, requirement) and writes `out`."""
    wb = Workbook(blank)
    where = wb.identity()
    by_sheet = {}
    for key, value in values.items():
        sheet, cell = where[key]
        by_sheet.setdefault(sheet, {})[cell] = value
    for sheet, cells in by_sheet.items():
        wb.set_cells(sheet, cells)
    if tamper:
        tamper(wb)
    wb.save(out)


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    values = {}
    for arg in argv[3:]:
        key, value = arg.split("=", 1)
        task, req = key.split("/", 1) if "/" in key else ("", key)
        try:
            values[(task, req)] = int(value)
        except ValueError:
            try:
                values[(task, req)] = float(value)
            except ValueError:
                values[(task, req)] = value
    fill(argv[1], argv[2], values)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
