"""The reference regions."""

from __future__ import annotations

import strawberry

from edu.offices.service import list_regions
from schema.offices.types import Region


@strawberry.type
class OfficeQueries:
    @strawberry.field(description="The province and its kabupaten/kota, by official code.")
    def regions(self, info: strawberry.Info) -> list[Region]:
        return [Region.from_model(r) for r in list_regions(info.context.db)]
