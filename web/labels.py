"""The words for the domain's enums (msgids: the catalogue translates them)."""

from __future__ import annotations

from edu.registrations.models import RegistrationStatus
from edu.sessions.models import Segment, SessionFormat
from web.i18n import N_

SEGMENTS = {
    Segment.FAMILY: N_("Families"),
    Segment.FIRST_TIME_VOTERS: N_("First-time voters"),
    Segment.YOUNG_VOTERS: N_("Young voters"),
    Segment.WOMEN: N_("Women"),
    Segment.PEOPLE_WITH_DISABILITIES: N_("People with disabilities"),
    Segment.SPECIAL_NEEDS: N_("People with special needs"),
    Segment.MARGINALIZED: N_("Marginalised groups"),
    Segment.COMMUNITY: N_("Communities"),
    Segment.RELIGIOUS: N_("Religious groups"),
    Segment.NETIZENS: N_("Netizens"),
    Segment.GENERAL_PUBLIC: N_("General public"),
}
FORMATS = {
    SessionFormat.IN_PERSON: N_("In person"),
    SessionFormat.ONLINE: N_("Online"),
    SessionFormat.HYBRID: N_("In person and online"),
}
STATUSES = {
    RegistrationStatus.CONFIRMED: N_("Confirmed"),
    RegistrationStatus.WAITLISTED: N_("On the waitlist"),
    RegistrationStatus.CANCELLED: N_("Cancelled"),
}
