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

# The domain's enum classes themselves (a type checker sees classes), registered with
# strawberry as GraphQL enums.
Segment = _Segment
strawberry.enum(Segment, name="Segment", description="Target segment (basis pemilih).")
SessionFormat = _SessionFormat
strawberry.enum(SessionFormat, name="SessionFormat")
Method = _Method
strawberry.enum(Method, name="Method", description="Method of PKPU 9/2022.")
SessionStatus = _SessionStatus
strawberry.enum(SessionStatus, name="SessionStatus")
Gender = _Gender
strawberry.enum(Gender, name="Gender")
RegistrationStatus = _RegistrationStatus
strawberry.enum(RegistrationStatus, name="RegistrationStatus")
AttendanceStatus = _AttendanceStatus
strawberry.enum(AttendanceStatus, name="AttendanceStatus")
Role = _Role
strawberry.enum(Role, name="Role")
