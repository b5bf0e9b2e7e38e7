"""Roles in words (msgids)."""

from __future__ import annotations

from edu.auth.models import Role
from web.i18n import N_

ROLES = {
    Role.ADMIN: N_("Admin"),
    Role.EDUCATION_OFFICER: N_("Education officer"),
    Role.INTERNSHIP_OFFICER: N_("Internship officer"),
    Role.UNIVERSITY_COORDINATOR: N_("University coordinator"),
    Role.FACILITATOR: N_("Facilitator"),
}
