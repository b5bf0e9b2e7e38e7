"""Looking up regions and what a regional scope covers."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu.offices.models import Office, Region


def list_regions(db: Session) -> list[Region]:
    """Every region, the province first."""
    return list(db.scalars(select(Region).order_by(Region.code)))


def region_in_scope(scope_code: str | None, region_code: str) -> bool:
    """A scope of `52` covers every code that starts with 52; None means no region scope."""
    return scope_code is None or region_code.startswith(scope_code)


def list_offices(db: Session) -> list[Office]:
    """Every office (one per region), the province's first."""
    return list(db.scalars(select(Office).order_by(Office.region_code)))
