#!/usr/bin/env python3
"""Checks the Word files of `qaward docs YEAR --docx --pdf` as an office
would meet them, against the HTML beside them.

    python3 tests/docx/check.py DOCS_DIR

DOCS_DIR holds, for each document, NAME.html, NAME.pdf (Chromium's print
of the HTML, from --pdf) and NAME.docx. For every NAME.docx:

1. python-docx opens it: A4, margins 37/35/28/26 mm (the type area of
   GB/T 9704-2012, 156 x 225 mm), Normal in 仿宋_GB2312 16 pt, Title in
   方正小标宋简体 22 pt, every table with a grid as wide as the type area.
2. LibreOffice (headless, a profile folder of its own for this run)
   converts it to PDF, with tests/docx/fonts.conf mapping the named faces
   to the Noto CJK faces the HTML's CSS falls back to.
3. pdfinfo says A4 (595.28 x 841.89 pt) and the same number of pages as
   Chromium's print of the HTML.
4. pdftotext (content-stream order) finds every fact the HTML prints:
   the title, headings, addressee, 文号, reasons, dates, names, every
   table cell (scores by category, caps, the proposed winners), the
   signatures and the 落款.

Prints one line per document and `N passed, M failed`; exits 1 on any
failure.
"""

import html.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile

import docx
from docx.oxml.ns import qn
from docx.shared import Length

HERE = os.path.dirname(os.path.abspath(__file__))

# Elements of the HTML whose text is a fact the Word file must print too.
FACT_CLASSES = {
    "title", "issuer", "docno", "addressee", "reason", "signer", "date",
    "org", "group", "leader", "members", "total", "signed-by", "signed-date",
    "leader-signature", "excluded", "received", "summary", "findings",
    "concluded", "outcome", "category-score",
}
CELL_TAGS = {"td", "th"}


class Facts(html.parser.HTMLParser):
    """The texts of the fact elements, headings and table cells."""

    def __init__(self):
        super().__init__()
        self.open = []  # (tag, collects) for each open element
        self.texts = []  # texts being collected, one per collecting element
        self.facts = []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "meta", "link", "img", "input"):
            return
        classes = set((dict(attrs).get("class") or "").split())
        collects = bool(classes & FACT_CLASSES) or tag in CELL_TAGS or tag in ("h1", "h2")
        self.open.append((tag, collects))
        if collects:
            self.texts.append("")

    def handle_endtag(self, tag):
        while self.open:
            open_tag, collects = self.open.pop()
            if collects:
                self.facts.append(self.texts.pop())
            if open_tag == tag:
                break

    def handle_data(self, data):
        for i in range(len(self.texts)):
            self.texts[i] += data


def squeeze(text):
    """Text without whitespace (LibreOffice spaces Chinese from digits)."""
    return re.sub(r"\s+", "", text)


def facts_of(html_path):
    parser = Facts()
    with open(html_path, encoding="utf-8") as f:
        parser.feed(f.read())
    facts = {squeeze(t) for t in parser.facts}
    return sorted(f for f in facts if f and f != "—")


def mm(length):
    return round(length.mm, 1)


def check_structure(path):
    """What python-docx reads of the file; returns a list of problems."""
    problems = []
    d = docx.Document(path)
    section = d.sections[-1]
    if (mm(section.page_width), mm(section.page_height)) != (210.0, 297.0):
        problems.append(f"page {mm(section.page_width)} x {mm(section.page_height)} mm, not A4")
    margins = tuple(round(m.mm) for m in (section.top_margin, section.bottom_margin,
                                           section.left_margin, section.right_margin))
    if margins != (37, 35, 28, 26):
        problems.append(f"margins {margins}, not (37, 35, 28, 26) mm")
    width = Length(section.page_width - section.left_margin - section.right_margin)
    normal = d.styles["Normal"]
    fonts = normal.element.rPr.rFonts if normal.element.rPr is not None else None
    if normal.font.size is None or normal.font.size.pt != 16:
        problems.append("Normal is not 16 pt")
    if fonts is None or fonts.get(qn("w:eastAsia")) != "仿宋_GB2312":
        problems.append("Normal is not in 仿宋_GB2312")
    title = d.styles["Title"]
    if title.font.size is None or title.font.size.pt != 22:
        problems.append("Title is not 22 pt")
    if title.element.rPr.rFonts.get(qn("w:eastAsia")) != "方正小标宋简体":
        problems.append("Title is not in 方正小标宋简体")
    for i, table in enumerate(d.tables):
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        if not grid or abs(sum(grid) - width.twips) > 1:
            problems.append(f"table {i + 1}: grid {grid} is not the type area's {width.twips} twips")
    return problems


def convert(docx_files, out_dir):
    """LibreOffice to PDF, with its own profile and the CI font map."""
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    env = dict(os.environ, FONTCONFIG_FILE=os.path.join(HERE, "fonts.conf"))
    try:
        # LibreOffice's stderr (a warning about Java it does not need) is
        # shown only when the conversion fails.
        run = subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", out_dir, *docx_files],
            env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600,
        )
        if run.returncode != 0:
            sys.stderr.write(run.stdout + run.stderr)
            run.check_returncode()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def pdf_info(path):
    out = subprocess.run(["pdfinfo", path], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts(.*)$", out, re.M)
    return pages, float(size.group(1)), float(size.group(2)), size.group(3).strip()


def check(docs_dir):
    names = sorted(f[:-5] for f in os.listdir(docs_dir) if f.endswith(".docx"))
    if not names:
        print(f"check.py: no .docx in {docs_dir}", file=sys.stderr)
        return 1
    out_dir = tempfile.mkdtemp(prefix="qaward-docx-pdf-")
    passed = failed = 0
    try:
        convert([os.path.join(docs_dir, f"{n}.docx") for n in names], out_dir)
        for name in names:
            problems = check_structure(os.path.join(docs_dir, f"{name}.docx"))
            pdf = os.path.join(out_dir, f"{name}.pdf")
            pages, width, height, label = pdf_info(pdf)
            if abs(width - 595.28) > 0.1 or abs(height - 841.89) > 0.1 or label != "(A4)":
                problems.append(f"PDF page {width} x {height} pt {label}, not A4")
            html_pages = pdf_info(os.path.join(docs_dir, f"{name}.pdf"))[0]
            if pages != html_pages:
                problems.append(f"{pages} pages, the HTML prints to {html_pages}")
            text = squeeze(subprocess.run(["pdftotext", "-raw", pdf, "-"], check=True,
                                          capture_output=True, text=True).stdout)
            facts = facts_of(os.path.join(docs_dir, f"{name}.html"))
            missing = [f for f in facts if f not in text]
            if missing:
                problems.append(f"facts of the HTML not in the PDF: {missing}")
            status = "ok" if not problems else "FAILED"
            print(f"{status:6} {name}.docx: {pages} pages (HTML {html_pages}), "
                  f"{width:.2f} x {height:.2f} pt, {len(facts)} facts")
            for p in problems:
                print(f"       {p}")
            passed, failed = (passed + 1, failed) if not problems else (passed, failed + 1)
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(check(sys.argv[1]))
