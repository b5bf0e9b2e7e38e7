"""A class list file (site.md's `Impor peserta` columns) read into import rows: CSV with a BOM
or semicolons, XLSX's first sheet, both date forms; every bad cell named by line and column;
the service's own refusals named the same way, before anything is written."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from edu.db import Database, utcnow
from edu.errors import UserError
from edu.participants.models import Gender, Participant
from edu.registrations.class_file import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    class_file_from_stored,
    read_class_file,
)
from edu.registrations.held_imports import (
    HOLD_FOR,
    HeldImport,
    hold_import,
    sweep_held_imports,
    take_held_import,
)
from edu.registrations.service import check_import
from tests.edu.sessionkit import plan, staff

HEADER = "nama_lengkap,email,nomor_hp,jenis_kelamin,tanggal_lahir,kode_wilayah,disabilitas,instansi"
GOOD = "Baiq Nurul Aini,baiq@example.id,0812 3456 7890,P,2001-04-17,5271,tidak,SMAN 1 Mataram"


def where(problems: list) -> list[tuple[int | None, str | None, str]]:
    return [(p.line, p.column, p.code) for p in problems]


def xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_good_csv_with_a_bom_and_both_date_forms() -> None:
    text = "\n".join([HEADER, GOOD,
                      "Lalu Ahmad,lalu@example.id,,L,17/08/2002,5201,ya,"])
    read = read_class_file(b"\xef\xbb\xbf" + text.encode())
    assert read.problems == []
    first, second = (r.row for r in read.rows)
    assert first.details.full_name == "Baiq Nurul Aini"
    assert first.details.gender is Gender.FEMALE and first.details.birth_date == date(2001, 4, 17)
    assert second.details.gender is Gender.MALE and second.details.birth_date == date(2002, 8, 17)
    assert second.details.disability is True and second.details.phone is None
    assert [r.line for r in read.rows] == [2, 3]


def test_semicolons_and_the_optional_guardian_column() -> None:
    text = (HEADER + ",persetujuan_wali").replace(",", ";") + "\n" + \
        "Siti;siti@example.id;;P;2010-01-02;5271;tidak;SMPN 2;ya\n"
    read = read_class_file(text.encode())
    assert read.problems == [] and read.rows[0].row.guardian_consent is True


def test_every_bad_cell_is_named_by_line_and_column() -> None:
    text = "\n".join([HEADER, GOOD, "",  # a blank line still counts as a line
                      "Lalu Ahmad,lalu@example.id,,X,2002-17-08,5201,mungkin,",
                      "Dewi,dewi@example.id,,P,31/02/2003,5271,,"])
    read = read_class_file(text.encode())
    assert where(read.problems) == [
        (4, "jenis_kelamin", "INVALID_GENDER"), (4, "tanggal_lahir", "INVALID_DATE_FORMAT"),
        (4, "disabilitas", "INVALID_YES_NO"), (5, "tanggal_lahir", "INVALID_DATE_FORMAT")]


def test_missing_and_unknown_columns_are_named_on_the_header_line() -> None:
    read = read_class_file(b"nama lengkap,email\nA,a@example.id\n")
    assert (1, "nama_lengkap", "MISSING_COLUMN") in where(read.problems)
    assert (1, "nama lengkap", "UNKNOWN_COLUMN") in where(read.problems)
    assert read.rows == []


def test_files_that_cannot_be_read_say_why() -> None:
    assert where(read_class_file(b"").problems) == [(None, None, "EMPTY_FILE")]
    assert where(read_class_file(HEADER.encode()).problems) == [(None, None, "NO_ROWS")]
    latin = (HEADER + "\n" + GOOD + "\nJos\xe9,j@example.id,,L,,5271,tidak,\n").encode("latin-1")
    assert where(read_class_file(latin).problems) == [(3, None, "NOT_UTF8")]
    big = (HEADER + "\n" + (GOOD + "\n") * (MAX_FILE_BYTES // len(GOOD) + 1)).encode()
    assert where(read_class_file(big).problems) == [(None, None, "FILE_TOO_LARGE")]
    many = (HEADER + "\n" + "\n".join(
        GOOD.replace("baiq@", f"b{i}@") for i in range(MAX_ROWS + 1))).encode()
    assert where(read_class_file(many).problems) == [(None, None, "TOO_MANY_ROWS")]
    assert where(read_class_file(b"PK\x03\x04 not really a workbook").problems) == [
        (None, None, "INVALID_XLSX")]


def test_an_xlsx_first_sheet_reads_as_the_csv_does() -> None:
    data = xlsx([HEADER.split(","),
                 ["Baiq Nurul Aini", "baiq@example.id", "081234567890", "P", date(2001, 4, 17),
                  5271, "tidak", "SMAN 1 Mataram"],
                 ["Lalu Ahmad", "lalu@example.id", None, "L", "2002/08/17", "5201", "ya", None]])
    read = read_class_file(data)
    assert where(read.problems) == [(3, "tanggal_lahir", "INVALID_DATE_FORMAT")]
    first = read.rows[0]
    assert first.values["tanggal_lahir"] == "2001-04-17" and first.values["kode_wilayah"] == "5271"
    assert first.row.details.birth_date == date(2001, 4, 17)


def test_the_services_refusals_land_on_their_lines(database: Database) -> None:
    officer = staff(database, region="5271")
    sid = plan(database, officer)
    text = "\n".join([HEADER, GOOD, GOOD.replace("Baiq Nurul Aini", "Baiq Lain"),
                      "Rina,rina@example.id,12,P,2001-01-01,9999,tidak,"])
    read = read_class_file(text.encode())
    assert read.problems == []
    with database.reader() as db:
        problems = read.by_line(check_import(db, officer, session_id=sid,
                                             rows=[r.row for r in read.rows]))
    assert set(where(problems)) == {(3, "email", "DUPLICATE_IN_INPUT"),
                                    (4, "nomor_hp", "INVALID_PHONE"),
                                    (4, "kode_wilayah", "UNKNOWN_REGION")}


def test_a_held_file_comes_back_once_to_its_officer(database: Database) -> None:
    officer = staff(database, region="5271")
    other = staff(database, region="5271")
    sid = plan(database, officer)
    read = read_class_file((HEADER + "\n" + GOOD + "\n").encode())
    with database.transaction() as db:
        token = hold_import(db, officer, session_id=sid, class_file=read)
    for who, session_id in ((other, sid), (officer, sid + 1)):
        with pytest.raises(UserError) as refused, database.transaction() as db:
            take_held_import(db, who, session_id=session_id, token=token)
        assert refused.value.problems[0].code == "IMPORT_EXPIRED"
    with database.transaction() as db:
        back = take_held_import(db, officer, session_id=sid, token=token)
    assert back.rows[0].row == read.rows[0].row and back.rows[0].line == 2
    assert [r.row for r in class_file_from_stored(read.stored()).rows] == \
        [r.row for r in read.rows]
    with database.reader() as db:
        assert db.scalar(select(func.count()).select_from(HeldImport)) == 0
        assert db.scalar(select(func.count()).select_from(Participant)) == 0


def test_previews_nobody_confirmed_are_forgotten(database: Database) -> None:
    officer = staff(database, region="5271")
    sid = plan(database, officer)
    read = read_class_file((HEADER + "\n" + GOOD + "\n").encode())
    with database.transaction() as db:
        token = hold_import(db, officer, session_id=sid, class_file=read)
    with database.transaction() as db:
        assert sweep_held_imports(db, utcnow() + HOLD_FOR / 2) == 0
        assert sweep_held_imports(db, utcnow() + HOLD_FOR * 2) == 1
    with pytest.raises(UserError), database.transaction() as db:
        take_held_import(db, officer, session_id=sid, token=token)


def test_a_workbook_that_unpacks_to_too_much_is_not_opened() -> None:
    out = io.BytesIO(xlsx([HEADER.split(","), GOOD.split(",")]))
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/zeros.bin", bytes(MAX_UNPACKED_BYTES))
    assert len(out.getvalue()) < MAX_FILE_BYTES
    assert where(read_class_file(out.getvalue()).problems) == [
        (None, None, "UNPACKS_TOO_LARGE")]
