"""Spreadsheet exports: formula-safe cells and CSV that Excel opens in UTF-8."""

import csv

from django.http import HttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Excel reads a CSV file as UTF-8 (Arabic) only when it starts with a byte-order mark.
BOM = "\ufeff"


def safe_cell(value):
    """Neutralise text a spreadsheet would run as a formula (CSV injection)."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def csv_response(filename, header, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(BOM)
    writer = csv.writer(response)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return response


def xlsx_response(filename, header, rows, *, title="export"):
    """An XLSX download; text cells are made formula-safe like CSV cells, numbers stay numbers.

    openpyxl's write-only mode streams rows to a temporary file instead of holding the sheet.
    """
    import io

    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([safe_cell(h) for h in header])
    for row in rows:
        sheet.append([v if isinstance(v, int | float) else safe_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
