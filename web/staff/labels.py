"""The console's words for enums the public site does not show (msgids)."""

from __future__ import annotations

from edu.sessions.models import Method, SessionStatus
from web.i18n import N_

METHODS = {
    Method.FORUM: N_("Community forum"),
    Method.DISCUSSION: N_("Discussion"),
    Method.SEMINAR: N_("Seminars"),
    Method.WORKSHOP: N_("Workshop"),
    Method.TRAINING: N_("Training"),
    Method.LECTURE: N_("Lecture"),
    Method.SIMULATION: N_("Simulation"),
    Method.TALK_SHOW: N_("Talk show"),
    Method.LOCAL_CULTURE: N_("Local culture"),
    Method.PRINT_MEDIA: N_("Print media"),
    Method.BROADCAST: N_("Radio or TV"),
    Method.ONLINE_MEDIA: N_("Online media"),
    Method.SOCIAL_MEDIA: N_("Social media"),
    Method.OUTDOOR_MEDIA: N_("Outdoor media"),
}
SESSION_STATUSES = {
    SessionStatus.DRAFT: N_("Draft"),
    SessionStatus.PUBLISHED: N_("Published"),
    SessionStatus.COMPLETED: N_("Completed"),
    SessionStatus.CANCELLED: N_("Cancelled"),
}
