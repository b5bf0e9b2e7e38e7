"""Participants, and `me` for whoever holds a participant token."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import strawberry
from strawberry import relay
from strawberry.dataloader import DataLoader

from edu.calendar.service import calendar_url
from edu.participants.models import Participant as ParticipantModel
from edu.registrations import service as registrations
from schema.certificates.types import Certificate, participant_certificates
from schema.connections import Connection, connection, page_window
from schema.enums import Gender
from schema.loaders import participants_by_id
from schema.sessions.types import Registration


def participant_loader(info: Any) -> DataLoader[int, ParticipantModel | None]:
    return info.context.loader(participants_by_id)


@strawberry.type
class Participant(relay.Node):
    """A participant. Contact and profile data only reach the person and staff in scope."""

    id: relay.NodeID[int]
    full_name: str
    email: str | None
    phone: str | None
    gender: Gender | None
    institution: str | None
    contact: strawberry.Private[bool]
    model: strawberry.Private[ParticipantModel]

    @classmethod
    def from_model(cls, p: ParticipantModel, *, contact: bool) -> Participant:
        return cls(
            id=p.id, full_name=p.full_name,
            email=p.email if contact else None, phone=p.phone if contact else None,
            gender=p.gender if contact else None,
            institution=p.institution if contact else None, contact=contact, model=p,
        )

    def _specific(self, info: strawberry.Info, field: str) -> Any:
        """Specific personal data (UU 27/2022): every read by staff is audited."""
        if not self.contact:
            return None
        if info.context.principal.is_staff:
            info.context.specific_reads.add((self.id, field))
        return getattr(self.model, field)

    @strawberry.field(description="Specific personal data: each read by staff is audited.")
    def birth_date(self, info: strawberry.Info) -> date | None:
        return self._specific(info, "birth_date")

    @strawberry.field(description="Specific personal data: each read by staff is audited.")
    def disability(self, info: strawberry.Info) -> bool | None:
        return self._specific(info, "disability")

    @classmethod
    def resolve_nodes(cls, *, info: Any, node_ids: Iterable[str], required: bool = False):
        # A participant is reached as themself (Me) or through a session's roster.
        me = info.context.principal.participant_id
        out = []
        for i in node_ids:
            p = info.context.db.get(ParticipantModel, int(i)) if int(i) == me else None
            out.append(cls.from_model(p, contact=True) if p else None)
        return out

    @strawberry.field(description="Secret feed of this person's sessions (rotate if leaked); "
                                  "for the person only.")
    def calendar_url(self, info: strawberry.Info) -> str | None:
        # The URL is a credential: staff reading a roster must not be able to subscribe.
        if info.context.principal.participant_id != self.id:
            return None
        return calendar_url(info.context.settings, self.model)

    @strawberry.field
    def registrations(self, info: strawberry.Info, first: int | None = None,
                      after: str | None = None) -> Connection[Registration]:
        offset, limit = page_window(first, after)
        total, rows = registrations.participant_registrations(
            info.context.db, info.context.principal, self.id, offset, limit
        )
        return connection(total, offset, rows, lambda r: Registration.from_model(r, True))

    @strawberry.field(description="Certificates of the sessions this person attended.")
    async def certificates(self, info: strawberry.Info) -> list[Certificate]:
        return await participant_certificates(info, self.id)


@strawberry.type
class Me:
    """The caller: a participant (with their own data) or a staff member."""

    participant: Participant | None
    staff_name: str | None
    role: str | None
