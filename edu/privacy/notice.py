"""The privacy notice every registration consents to: its version is kept with the consent."""

from __future__ import annotations

NOTICE_VERSION = "2026-12"
# What a registrant agrees to (the notice's summary, kept with each registration).
CONSENT_TEXT = ("Data pendaftaran (nama, kontak, tanggal lahir, wilayah) diproses KPU untuk "
                "penyelenggaraan dan pelaporan pendidikan pemilih")
DEFAULT_RETENTION_DAYS = 730  # two years after the last session or internship
