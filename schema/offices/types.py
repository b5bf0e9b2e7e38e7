"""Regions (and the office serving each)."""

from __future__ import annotations

from typing import Any

import strawberry

from edu.offices.models import Region as RegionModel
from schema.loaders import all_regions


@strawberry.type
class Region:
    """A province or kabupaten/kota by its official code."""

    code: str
    name: str
    level: str

    @classmethod
    def from_model(cls, r: RegionModel) -> Region:
        return cls(code=r.code, name=r.name, level=r.level)


def region_of(info: Any, code: str) -> Region | None:
    """The region for a code, from one per-request read of the reference table."""
    regions = info.context.cache.get("regions")
    if regions is None:
        regions = info.context.cache["regions"] = {
            c: Region.from_model(r) for c, r in all_regions(info.context.db).items()
        }
    return regions.get(code)
