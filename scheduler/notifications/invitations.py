"""Calendar invitations for mail (iTIP, RFC 5546): the session's feed event, with its stable
UID and SEQUENCE, under METHOD:REQUEST or METHOD:CANCEL with an organizer and one attendee.
The subscribed feeds never carry METHOD; only these attachments do."""

from __future__ import annotations

from email.utils import parseaddr

from scheduler.feeds.build import PRODID, FeedEvent, _event_lines
from scheduler.feeds.ical import CRLF, escape_text, fold, vtimezone


def invitation(event: FeedEvent, method: str, *, organizer: str, attendee: str,
               attendee_name: str) -> bytes:
    """A VCALENDAR with one VEVENT, addressed to one attendee."""
    name, address = parseaddr(organizer)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", f"METHOD:{method}",
             "CALSCALE:GREGORIAN", *vtimezone(event.tzid)]
    body = _event_lines(event)
    role = "PARTSTAT=NEEDS-ACTION;RSVP=FALSE" if method == "REQUEST" else "PARTSTAT=DECLINED"
    people = [f"ORGANIZER;CN={_param(name or address)}:mailto:{address}",
              f"ATTENDEE;CN={_param(attendee_name)};ROLE=REQ-PARTICIPANT;{role}:"
              f"mailto:{attendee}"]
    lines += body[:-1] + people + body[-1:] + ["END:VCALENDAR"]
    return CRLF.join(fold(line.encode()) for line in lines) + CRLF


def _param(value: str) -> str:
    # A parameter value in quotes may hold anything but quotes and line breaks.
    return '"' + escape_text(value).replace('"', "'").replace("\\n", " ") + '"'
