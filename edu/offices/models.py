"""Regions by official code, and the office (satker) of each."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from edu.db import Base


class Region(Base):
    """A province or kabupaten/kota by its official code (`52`, `5271` …); reference data."""

    __tablename__ = "regions"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(16))  # PROVINCE, REGENCY or CITY
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"))


class Office(Base):
    """The KPU office (satker) of one region, with what differs from office to office."""

    __tablename__ = "offices"

    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    timezone: Mapped[str] = mapped_column(String(40))
    division_name: Mapped[str] = mapped_column(String(160))
    # Level and unit codes that letter and certificate numbers carry, e.g. KPU-Kot and 5271.
    level_code: Mapped[str] = mapped_column(String(16))
