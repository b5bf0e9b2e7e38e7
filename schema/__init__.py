"""The GraphQL schema: `from schema import schema`.

Each domain contributes a query class and a mutation class; the root types inherit them all.
"""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry import relay

from schema.calendar.mutations import CalendarMutations
from schema.calendar.queries import CalendarQueries
from schema.certificates.mutations import CertificateMutations
from schema.certificates.queries import CertificateQueries
from schema.ids import resolve_node
from schema.integrity.mutations import IntegrityMutations
from schema.integrity.queries import IntegrityQueries
from schema.internships.mutations import InternshipMutations
from schema.internships.queries import InternshipQueries
from schema.notifications.mutations import NotificationMutations
from schema.notifications.queries import NotificationQueries
from schema.offices.queries import OfficeQueries
from schema.participants.mutations import ParticipantMutations
from schema.participants.queries import ParticipantQueries
from schema.privacy.mutations import PrivacyMutations
from schema.scalars import Date, DateTime
from schema.sessions.mutations import SessionMutations
from schema.sessions.queries import SessionQueries
from schema.tokens.mutations import TokenMutations
from schema.tokens.queries import TokenQueries

QUERIES: tuple[type, ...] = (SessionQueries, ParticipantQueries, OfficeQueries, InternshipQueries,
                             CalendarQueries, CertificateQueries, TokenQueries,
                             NotificationQueries, IntegrityQueries)
MUTATIONS: tuple[type, ...] = (SessionMutations, ParticipantMutations, InternshipMutations,
                               CalendarMutations, CertificateMutations, TokenMutations,
                               PrivacyMutations, NotificationMutations, IntegrityMutations)


@strawberry.type
class Query(*QUERIES):  # type: ignore[misc]
    node: relay.Node | None = strawberry.field(resolver=resolve_node,
                                               description="Any object by its global id.")


@strawberry.type
class Mutation(*MUTATIONS):  # type: ignore[misc]
    pass


schema = strawberry.Schema(
    query=Query,
    mutation=Mutation,
    scalar_overrides={datetime: DateTime, date: Date},
)
