#!/usr/bin/env python3
"""Reads the workbooks of `qaward docs YEAR --xlsx` with openpyxl, a reader
that shares no code with the writer, and checks what Excel and WPS users
rely on: frozen headers, filters, the score cells' data validations with
their ranges and bounds, real dates, protection and the A4 page.

Usage: scripts/check-xlsx.py DOCS-FOLDER   (CI runs it on content/'s 2024)
"""

import datetime
import sys
from pathlib import Path

import openpyxl

DATE_FORMAT = 'yyyy"年"m"月"d"日"'
HEADER = ["条款", "评分项目", "分值", "得分"]
STAGES = {"score-sheet-material.xlsx": "资料评审", "score-sheet-onsite.xlsx": "现场评审"}

failures = []


def check(condition, what):
    if not condition:
        failures.append(what)


def page(ws, where, orientation, rows):
    check(ws.page_setup.paperSize == 9, f"{where}: paper is not A4")
    check(ws.page_setup.orientation == orientation, f"{where}: not {orientation}")
    check(ws.sheet_properties.pageSetUpPr.fitToPage, f"{where}: not fitted to the page")
    # fitToWidth defaults to 1 in the schema, so the writer leaves it out.
    fit = (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight)
    check(fit == (1, 0), f"{where}: fitted to {fit} pages, not to the width")
    check(ws.print_options.horizontalCentered, f"{where}: not centred")
    check(ws.print_title_rows == f"$1:${rows}", f"{where}: repeated rows {ws.print_title_rows}")


def applications(path):
    wb = openpyxl.load_workbook(path)
    check(wb.sheetnames == ["申报汇总表"], f"{path.name}: sheets {wb.sheetnames}")
    ws = wb["申报汇总表"]
    where = f"{path.name}!{ws.title}"
    check(ws.freeze_panes == "D3", f"{where}: frozen at {ws.freeze_panes}")
    check(ws.auto_filter.ref == f"A2:L{ws.max_row}", f"{where}: filter {ws.auto_filter.ref}")
    header = [c.value for c in ws[2]]
    check(header[7] == "申报日期" and header[11] == "撤回日期", f"{where}: header {header}")
    dates = 0
    for row in range(3, ws.max_row + 1):
        cell = ws.cell(row, 8)
        check(isinstance(cell.value, datetime.datetime), f"{where}!H{row}: {cell.value!r} is not a date")
        check(cell.number_format == DATE_FORMAT, f"{where}!H{row}: format {cell.number_format}")
        dates += 1
        withdrawn = ws.cell(row, 12)
        if withdrawn.value is not None:
            check(isinstance(withdrawn.value, datetime.datetime), f"{where}!L{row}: not a date")
            dates += 1
    page(ws, where, "landscape", 2)
    return 1, dates


def scores(path):
    wb = openpyxl.load_workbook(path)
    check(wb.sheetnames == ["资料评审得分", "现场评审得分"], f"{path.name}: sheets {wb.sheetnames}")
    for ws in wb.worksheets:
        where = f"{path.name}!{ws.title}"
        check(ws.freeze_panes == "D3", f"{where}: frozen at {ws.freeze_panes}")
        check(ws.auto_filter.ref == f"A2:M{ws.max_row}", f"{where}: filter {ws.auto_filter.ref}")
        check(ws["L2"].value.startswith("合计") and ws["M2"].value == "排名", f"{where}: header")
        page(ws, where, "landscape", 2)
    return len(wb.worksheets)


def score_sheets(path, stage):
    wb = openpyxl.load_workbook(path)
    check(wb.security is not None and wb.security.lockStructure, f"{path.name}: structure not locked")
    validations = 0
    for ws in wb.worksheets:
        where = f"{path.name}!{ws.title}"
        check(ws["A2"].value == "申报编号" and ws["B2"].value, f"{where}: no 申报编号 at A2:B2")
        check(ws["C2"].value == "评审阶段" and ws["D2"].value == stage, f"{where}: no 评审阶段 {stage} at C2:D2")
        check([c.value for c in ws[5]] == HEADER, f"{where}: header {[c.value for c in ws[5]]}")
        check(ws.freeze_panes == "A6", f"{where}: frozen at {ws.freeze_panes}")
        check(ws.auto_filter.ref == "A5:D28", f"{where}: filter {ws.auto_filter.ref}")
        check(ws.protection.sheet, f"{where}: not protected")
        check(ws["D29"].value == "=SUM(D6:D28)", f"{where}: total {ws['D29'].value!r}")
        rules = {}
        for dv in ws.data_validations.dataValidation:
            rules[str(dv.sqref)] = (dv.type, dv.operator or "between", dv.formula1, dv.formula2)
        for row in range(6, 29):
            maximum = ws.cell(row, 3).value
            rule = rules.get(f"D{row}")
            check(rule == ("whole", "between", "0", str(maximum)), f"{where}!D{row}: validation {rule}, maximum {maximum}")
            check(ws.cell(row, 4).protection.locked is False, f"{where}!D{row}: locked")
            check(ws.cell(row, 3).protection.locked is not False, f"{where}!C{row}: open")
            validations += 1
        page(ws, where, "portrait", 5)
    return len(wb.worksheets), validations


def main():
    folder = Path(sys.argv[1])
    sheets, dates = applications(folder / "applications.xlsx")
    sheets += scores(folder / "scores.xlsx")
    validations = 0
    for name, stage in STAGES.items():
        n, v = score_sheets(folder / name, stage)
        sheets += n
        validations += v
    for failure in failures:
        print(f"FAILED {failure}")
    print(
        f"openpyxl {openpyxl.__version__}: 4 workbooks, {sheets} sheets, {dates} dates, "
        f"{validations} score validations checked, {len(failures)} problems"
    )
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
