"""The domain's enums, exposed as GraphQL enums under their own names."""

from __future__ import annotations

import strawberry

from edu.auth.models import Role as _Role
from edu.participants.models import Gender as _Gender
from edu.registrations.models import AttendanceStatus as _AttendanceStatus
from edu.registrations.models import RegistrationStatus as _RegistrationStatus
from edu.sessions.models import Method as _Method
from edu.sessions.models import Segment as _Segment
from edu.sessions.models import SessionFormat as _SessionFormat
from edu.sessions.models import SessionStatus as _SessionStatus

Segment = strawberry.enum(_Segment, name="Segment", description="Target segment (basis pemilih).")
SessionFormat = strawberry.enum(_SessionFormat, name="SessionFormat")
Method = strawberry.enum(_Method, name="Method", description="Method of PKPU 9/2022.")
SessionStatus = strawberry.enum(_SessionStatus, name="SessionStatus")
Gender = strawberry.enum(_Gender, name="Gender")
RegistrationStatus = strawberry.enum(_RegistrationStatus, name="RegistrationStatus")
AttendanceStatus = strawberry.enum(_AttendanceStatus, name="AttendanceStatus")
Role = strawberry.enum(_Role, name="Role")
