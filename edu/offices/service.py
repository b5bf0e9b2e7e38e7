"""Looking up regions and offices."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu.errors import UserError
from edu.offices.models import Office, Region


def get_region(db: Session, code: str, *, field: str = "regionCode") -> Region:
    """The region with this code, or a userError naming the input field."""
    region = db.get(Region, code)
    if region is None:
        raise UserError("UNKNOWN_REGION", field, f"Unknown region code {code!r}.")
    return region


def list_regions(db: Session) -> list[Region]:
    """Every region, the province first."""
    return list(db.scalars(select(Region).order_by(Region.code)))


def get_office(db: Session, region_code: str) -> Office:
    """The office serving a region (each region has exactly one)."""
    office = db.get(Office, region_code)
    if office is None:
        raise UserError("UNKNOWN_REGION", "regionCode", f"No office for region {region_code!r}.")
    return office


def region_in_scope(scope_code: str | None, region_code: str) -> bool:
    """A scope of `52` covers every code that starts with 52; None means no region scope."""
    return scope_code is None or region_code.startswith(scope_code)
