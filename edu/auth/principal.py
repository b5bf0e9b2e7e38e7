"""The caller of a service function, and the checks every service makes on it."""

from __future__ import annotations

from dataclasses import dataclass

from edu.auth.models import Role
from edu.errors import Forbidden, Unauthenticated
from edu.offices.service import region_in_scope


@dataclass(frozen=True)
class Principal:
    """Anonymous, a staff member with a role and scope, or a participant."""

    name: str = "anonymous"
    role: Role | None = None
    staff_id: int | None = None
    participant_id: int | None = None
    region_code: str | None = None
    university_id: int | None = None

    @property
    def is_anonymous(self) -> bool:
        return self.staff_id is None and self.participant_id is None

    @property
    def is_staff(self) -> bool:
        return self.staff_id is not None

    def has_role(self, *roles: Role) -> bool:
        return self.role is not None and self.role in roles

    def require_staff(self, *roles: Role) -> None:
        """Staff with one of `roles` (ADMIN always passes), else UNAUTHENTICATED/FORBIDDEN."""
        if self.is_anonymous:
            raise Unauthenticated()
        if self.role is Role.ADMIN or (self.role is not None and self.role in roles):
            return
        raise Forbidden()

    def require_participant(self) -> int:
        if self.participant_id is None:
            if self.is_anonymous:
                raise Unauthenticated("Use the participant token that Register returned.")
            raise Forbidden("Only a participant can do this.")
        return self.participant_id

    def covers_region(self, region_code: str) -> bool:
        """Whether this staff member's regional scope includes the region (ADMIN: all)."""
        if self.role is Role.ADMIN:
            return True
        return self.region_code is not None and region_in_scope(self.region_code, region_code)

    def require_region(self, region_code: str) -> None:
        if not self.covers_region(region_code):
            raise Forbidden(f"Region {region_code} is outside your scope.")


ANONYMOUS = Principal()
