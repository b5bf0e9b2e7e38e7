"""A university's list of students as a CSV file (site.md's columns
`nama_lengkap,email,nomor_hp,nim,program_studi,jenis_kelamin`): read into the application
service's rows, with what cannot be read named by line and column. The values themselves are
checked by the service (edu/internships/service.py), whose problems come back here as lines
and columns too."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from edu.errors import Problem
from edu.internships.service import StudentDraft
from edu.participants.models import Gender
from web.i18n import N_
from web.internships.words import messages

COLUMNS = ("nama_lengkap", "email", "nomor_hp", "nim", "program_studi", "jenis_kelamin")
REQUIRED = ("nama_lengkap", "email", "nim", "program_studi")
# The service's names of a row's fields, as the file's columns.
COLUMN_OF = {"fullName": "nama_lengkap", "email": "email", "phone": "nomor_hp",
             "studentNumber": "nim", "studyProgram": "program_studi",
             "gender": "jenis_kelamin"}
GENDERS = {"P": Gender.FEMALE, "L": Gender.MALE}
HEADER_LINE = 1


@dataclass(frozen=True)
class Mistake:
    """One thing wrong in the file: its line (1 is the header), its column if it is about
    one, and a sentence (msgid)."""

    line: int
    column: str | None
    message: str


@dataclass
class StudentFile:
    rows: list[StudentDraft] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # each row's line in the file
    mistakes: list[Mistake] = field(default_factory=list)

    def add_service_problems(self, problems: list[Problem]) -> list[Problem]:
        """Turn the service's `students.N.field` problems into mistakes at a line and
        column; the others (about the whole application) are given back."""
        rest = []
        for p in problems:
            head, _, tail = (p.field or "").partition(".")
            index, _, name = tail.partition(".")
            if head == "students" and index.isdigit() and int(index) < len(self.lines):
                self.mistakes.append(Mistake(self.lines[int(index)], COLUMN_OF.get(name),
                                             messages([p], f"students.{index}.")[name]))
            else:
                rest.append(p)
        self.mistakes.sort(key=lambda m: (m.line, COLUMNS.index(m.column)
                                          if m.column in COLUMNS else -1))
        return rest

    def bad_lines(self) -> set[int]:
        return {m.line for m in self.mistakes}


def decode(data: bytes) -> str | None:
    """UTF-8 text (a byte-order mark is fine), or None."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def read_students(text: str) -> StudentFile:
    """The rows of the file: a header row naming the columns (any order, any case), then
    one student a line; comma or semicolon between values; empty lines are skipped."""
    out = StudentFile()
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader, [])]
    missing = [c for c in REQUIRED if c not in header]
    for column in missing:
        out.mistakes.append(Mistake(HEADER_LINE, column,
                                    N_("This column is missing from the header row.")))
    if missing:
        return out
    line = reader.line_num
    for cells in reader:
        start, line = line + 1, reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            out.mistakes.append(Mistake(start, None,
                                        N_("More values than the header row has columns.")))
        value = dict(zip(header, (c.strip() for c in cells), strict=False))
        gender_code = value.get("jenis_kelamin", "").upper()
        if gender_code and gender_code not in GENDERS:
            out.mistakes.append(Mistake(start, "jenis_kelamin", N_("Write P or L.")))
        out.lines.append(start)
        out.rows.append(StudentDraft(
            full_name=value.get("nama_lengkap", ""), email=value.get("email", ""),
            student_number=value.get("nim", ""), study_program=value.get("program_studi", ""),
            phone=value.get("nomor_hp") or None, gender=GENDERS.get(gender_code)))
    if not out.rows and not out.mistakes:
        out.mistakes.append(Mistake(HEADER_LINE + 1, None,
                                    N_("The file has no student under its header row.")))
    return out
