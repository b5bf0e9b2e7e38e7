"""A class list as schools send it (site.md's `Impor peserta` columns), read into import rows.

CSV (UTF-8, a BOM is fine, comma or semicolon) or XLSX (the first sheet), a header row first.
Every problem is named by its line in the file (the header is line 1) and its column, so a
page can say "Baris 4, kolom tanggal_lahir"; the service's own checks (`check_import`) name
rows by index and API field, and `by_line` turns those into lines and columns too.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from edu.errors import Problem
from edu.participants.models import Gender
from edu.participants.service import ParticipantDetails
from edu.registrations.service import ImportRow

# Column → the API field the service names it by.
COLUMNS = {
    "nama_lengkap": "fullName", "email": "email", "nomor_hp": "phone",
    "jenis_kelamin": "gender", "tanggal_lahir": "birthDate", "kode_wilayah": "regionCode",
    "disabilitas": "disability", "instansi": "institution",
}
OPTIONAL = {"persetujuan_wali": "guardianConsent"}
FIELD_COLUMNS = {api: column for column, api in {**COLUMNS, **OPTIONAL}.items()}
MAX_FILE_BYTES = 512 * 1024  # a class of 500 is about 60 KB as CSV; under the 1 MiB body limit
MAX_ROWS = 500
# What an XLSX may unpack to: a small zip can hold gigabytes of zeros (a "zip bomb"), and
# openpyxl keeps a sheet's shared strings in memory. A 500-row class is under 1 MB unpacked.
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
GENDERS = {"P": Gender.FEMALE, "L": Gender.MALE}
YES_NO = {"ya": True, "tidak": False, "": False}
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ROW_FIELD = re.compile(r"^participants\.(\d+)\.(\w+)$")


@dataclass(frozen=True)
class LineProblem:
    """One problem of the file: its line (None: the whole file) and column (None: the row)."""

    line: int | None
    column: str | None
    code: str
    message: str


@dataclass(frozen=True)
class FileRow:
    line: int
    values: dict[str, str]  # the cells as text, by column: what the preview shows
    row: ImportRow


@dataclass
class ClassFile:
    rows: list[FileRow] = field(default_factory=list)
    problems: list[LineProblem] = field(default_factory=list)

    def by_line(self, problems: list[Problem]) -> list[LineProblem]:
        """The service's problems (`participants.N.field`) as lines and columns of the file."""
        out = []
        for p in problems:
            match = _ROW_FIELD.match(p.field or "")
            if match and int(match[1]) < len(self.rows):
                out.append(LineProblem(self.rows[int(match[1])].line,
                                       FIELD_COLUMNS.get(match[2]), p.code, p.message))
            else:
                out.append(LineProblem(None, None, p.code, p.message))
        return out

    def stored(self) -> list[dict[str, Any]]:
        """The rows as plain data, to keep between the preview and the confirmation."""
        return [{"line": r.line, "values": r.values} for r in self.rows]


def file_too_large() -> ClassFile:
    """The answer for a file over MAX_FILE_BYTES (read or not)."""
    return _whole("FILE_TOO_LARGE", f"The file is larger than {MAX_FILE_BYTES} bytes.")


def read_class_file(data: bytes) -> ClassFile:
    """The rows of an uploaded CSV or XLSX class list, and every problem in it."""
    if len(data) > MAX_FILE_BYTES:
        return file_too_large()
    if not data.strip():
        return _whole("EMPTY_FILE", "The file is empty.")
    try:
        header, records = _xlsx(data) if data.startswith(b"PK\x03\x04") else _csv(data)
    except _Unreadable as err:
        return ClassFile(problems=[err.problem])
    return _parse(header, records)


def class_file_from_stored(stored: list[dict[str, Any]]) -> ClassFile:
    """The class file kept by `ClassFile.stored`, read again by the same rules."""
    header = [*COLUMNS, *OPTIONAL]
    return _parse(header, [(int(r["line"]), [str(r["values"].get(c, "")) for c in header])
                           for r in stored])


class _Unreadable(Exception):
    def __init__(self, problem: LineProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _whole(code: str, message: str) -> ClassFile:
    return ClassFile(problems=[LineProblem(None, None, code, message)])


Records = list[tuple[int, list[str]]]


def _csv(data: bytes) -> tuple[list[str], Records]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        raise _Unreadable(LineProblem(line, None, "NOT_UTF8",
                                      "The file is not UTF-8 text (save it as CSV UTF-8).")
                          ) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    records: Records = []
    line = 1
    try:
        for cells in reader:
            if header is None:
                header = cells
            elif any(c.strip() for c in cells):
                records.append((line, cells))
                if len(records) > MAX_ROWS:
                    break
            line = reader.line_num + 1  # where the next record starts
    except csv.Error as err:
        raise _Unreadable(LineProblem(line, None, "INVALID_CSV", str(err))) from None
    return header or [], records


def _xlsx(data: bytes) -> tuple[list[str], Records]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # Declared sizes bind: zipfile never unpacks an entry beyond its declared size.
            if sum(i.file_size for i in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise _Unreadable(LineProblem(None, None, "UNPACKS_TOO_LARGE",
                                              "The workbook unpacks to too much data."))
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as err:
        raise _Unreadable(LineProblem(None, None, "INVALID_XLSX",
                                      f"The file is not a readable XLSX workbook ({err}).")
                          ) from None
    try:
        sheet = book.worksheets[0]
        header: list[str] | None = None
        records: Records = []
        width = len(COLUMNS) + len(OPTIONAL) + 10  # a sheet may claim thousands of columns
        for line, values in enumerate(sheet.iter_rows(max_col=width, values_only=True), 1):
            cells = [_cell(v) for v in values]
            if header is None:
                header = cells
            elif any(c.strip() for c in cells):
                records.append((line, cells))
                if len(records) > MAX_ROWS:
                    break
        return header or [], records
    finally:
        book.close()


def _cell(value: object) -> str:
    """A cell as the text a CSV would hold: dates as YYYY-MM-DD, whole numbers without .0."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _parse(header: list[str], records: Records) -> ClassFile:
    names = [h.strip().lower() for h in header]
    out = ClassFile()
    missing = [c for c in COLUMNS if c not in names]
    unknown = [n for n in names if n and n not in COLUMNS and n not in OPTIONAL]
    for column in missing:
        out.problems.append(LineProblem(1, column, "MISSING_COLUMN", "This column is missing."))
    for column in unknown:
        out.problems.append(LineProblem(1, column, "UNKNOWN_COLUMN", "Unknown column."))
    if missing or unknown:
        return out
    if not records:
        out.problems.append(LineProblem(None, None, "NO_ROWS", "The file has no participants."))
        return out
    if len(records) > MAX_ROWS:
        out.problems.append(LineProblem(None, None, "TOO_MANY_ROWS",
                                        f"At most {MAX_ROWS} participants in one file."))
        return out
    for line, cells in records:
        values = {c: (cells[i].strip() if i < len(cells) else "") for i, c in enumerate(names)
                  if c}
        row, problems = _row(line, values)
        out.problems += problems
        out.rows.append(FileRow(line, values, row))
    return out


def _row(line: int, v: dict[str, str]) -> tuple[ImportRow, list[LineProblem]]:
    problems: list[LineProblem] = []

    def bad(column: str, code: str, message: str) -> None:
        problems.append(LineProblem(line, column, code, message))

    gender = GENDERS.get(v["jenis_kelamin"].upper())
    if v["jenis_kelamin"] and gender is None:
        bad("jenis_kelamin", "INVALID_GENDER", "P or L.")
    birth = _date(v["tanggal_lahir"])
    if v["tanggal_lahir"] and birth is None:
        bad("tanggal_lahir", "INVALID_DATE_FORMAT", "A date as YYYY-MM-DD or DD/MM/YYYY.")
    flags = {}
    for column in ("disabilitas", "persetujuan_wali"):
        text = v.get(column, "").lower()
        flags[column] = YES_NO.get(text, False)
        if text not in YES_NO:
            bad(column, "INVALID_YES_NO", "ya or tidak.")
    details = ParticipantDetails(
        full_name=v["nama_lengkap"] or None, email=v["email"] or None,
        phone=v["nomor_hp"] or None, gender=gender, birth_date=birth,
        region_code=v["kode_wilayah"] or None, disability=flags["disabilitas"],
        institution=v["instansi"] or None)
    return ImportRow(details, flags["persetujuan_wali"]), problems


def _date(text: str) -> date | None:
    try:
        if match := _DMY.match(text):
            return date(int(match[3]), int(match[2]), int(match[1]))
        return date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None
