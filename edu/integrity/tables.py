"""Reports as downloads: CSV (UTF-8) and XLSX workbooks made of plain rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

Table = tuple[Sequence[str], Iterable[Sequence[object]]]  # header, rows


def as_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """One table as CSV."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def as_xlsx(sheets: dict[str, Table]) -> bytes:
    """A workbook with one sheet per table, in order."""
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for title, (header, rows) in sheets.items():
        sheet = book.create_sheet(title)
        sheet.append(list(header))
        for row in rows:
            sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
