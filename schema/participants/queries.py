"""`me`: the caller's own data."""

from __future__ import annotations

import strawberry

from edu.participants.models import Participant as ParticipantModel
from schema.participants.types import Me, Participant


@strawberry.type
class ParticipantQueries:
    @strawberry.field(description="Who the token belongs to; a participant sees their own data.")
    def me(self, info: strawberry.Info) -> Me | None:
        who = info.context.principal
        if who.is_anonymous:
            return None
        participant = None
        if who.participant_id is not None:
            model = info.context.db.get(ParticipantModel, who.participant_id)
            participant = Participant.from_model(model, contact=True) if model else None
        return Me(participant=participant, staff_name=who.name if who.is_staff else None,
                  role=who.role.value if who.role else None)
