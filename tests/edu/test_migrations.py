"""The migrations build exactly what the models declare, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

import edu.models  # noqa: F401  (every table)
from edu.db import Base, Database
from edu.offices.models import Office, Region


def test_migrations_match_the_models(database: Database) -> None:
    with database.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_regions_and_offices_ship_as_reference_data(database: Database) -> None:
    with database.reader() as db:
        codes = list(db.scalars(select(Region.code).order_by(Region.code)))
        assert codes == ["52", "5201", "5202", "5203", "5204", "5205", "5206", "5207",
                         "5208", "5271", "5272"]
        mataram = db.get(Office, "5271")
        assert mataram.name == "KPU Kota Mataram" and mataram.timezone == "Asia/Makassar"
        assert db.get(Region, "5271").parent_code == "52"
