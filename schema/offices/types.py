"""Regions (and the office serving each)."""

from __future__ import annotations

import strawberry
from sqlalchemy.orm import Session

from edu.offices.models import Region as RegionModel
from edu.offices.service import list_regions


@strawberry.type
class Region:
    """A province or kabupaten/kota by its official code."""

    code: str
    name: str
    level: str

    @classmethod
    def from_model(cls, r: RegionModel) -> Region:
        return cls(code=r.code, name=r.name, level=r.level)


# Regions are reference data that only a migration changes: read once when the app starts,
# so that `region` is a plain attribute on every object that has one (no resolver per row).
REGIONS: dict[str, Region] = {}


def load_regions(db: Session) -> None:
    REGIONS.clear()
    REGIONS.update({r.code: Region.from_model(r) for r in list_regions(db)})
