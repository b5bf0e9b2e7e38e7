"""What a certificate says: the fields that are printed, signed and hashed.

The same `CertificateContent` feeds the renderer (what is drawn), the signature (what is
signed) and the offline verifier (what must be found on the page), so the three cannot drift.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import asdict, dataclass, fields
from datetime import date

MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)
WEEKDAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

CONTENT_VERSION = 1


def nfc(text: str) -> str:
    """NFC-normalised, whitespace-collapsed text: decomposed accents draw misplaced."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def format_date_id(day: date) -> str:
    """`10 Desember 2026`: the Indonesian long date."""
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def format_day_id(day: date) -> str:
    """`Kamis, 10 Desember 2026`: with the weekday, as on invitations and letters."""
    return f"{WEEKDAYS_ID[day.weekday()]}, {format_date_id(day)}"


def format_period_id(first: date, last: date) -> str:
    """`1 Agustus – 30 September 2026`, or one date when both are the same day."""
    if first == last:
        return format_date_id(first)
    if first.year == last.year:
        return f"{first.day} {MONTHS_ID[first.month - 1]} – {format_date_id(last)}"
    return f"{format_date_id(first)} – {format_date_id(last)}"


@dataclass(frozen=True)
class CertificateContent:
    """Every field that is printed on a certificate (strings are NFC on construction)."""

    number: str
    kind: str  # SESSION or INTERNSHIP
    recipient_name: str
    role_line: str  # "telah mengikuti kegiatan", "telah menyelesaikan program magang"
    subject_title: str
    subject_date: str  # as printed: "10 Desember 2026" or a period
    issued_on: date
    place: str  # where it was signed: "Mataram"
    office_name: str
    division_name: str
    signer_name: str
    signer_title: str
    verification_url: str
    code: str

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str):
                object.__setattr__(self, f.name, nfc(value))

    @property
    def issued_on_text(self) -> str:
        return format_date_id(self.issued_on)

    def canonical(self) -> bytes:
        """Sorted-key compact JSON in UTF-8: the exact bytes that are signed and hashed."""
        data = asdict(self)
        data["issued_on"] = self.issued_on.isoformat()
        data["v"] = CONTENT_VERSION
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

    @classmethod
    def from_canonical(cls, raw: bytes) -> CertificateContent:
        data = json.loads(raw)
        if data.pop("v", None) != CONTENT_VERSION:
            raise ValueError("unknown certificate content version")
        data["issued_on"] = date.fromisoformat(data["issued_on"])
        return cls(**data)

    def content_hash(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()

    def printed_texts(self) -> list[str]:
        """The texts a verifier must find on the page (the rest is layout)."""
        return [self.recipient_name, self.number, self.subject_title, self.issued_on_text,
                self.code]
