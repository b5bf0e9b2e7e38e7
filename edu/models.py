"""Every model, imported once so that the metadata (and Alembic) sees all tables."""

from edu.accounts.models import (
    BrowserSession,
    RecoveryCode,
    SignInChallenge,
    SignInFailure,
    StaffAccount,
)
from edu.audit import AuditEvent
from edu.auth.models import ApiToken, Role, Staff
from edu.calendar.models import StudentCalendar
from edu.certificates.keys import SigningKey
from edu.certificates.models import (
    Certificate,
    CertificateBatch,
    CertificateLookup,
    CertificateOffice,
    CertificateSequence,
)
from edu.db import Base
from edu.idempotency.models import IdempotencyKey
from edu.integrity.models import (
    CollectiveLeaveDay,
    ServiceStandard,
    SessionRequest,
    SurveyAnswer,
    SurveyParticipation,
)
from edu.internships.models import (
    Evaluation,
    Internship,
    InternshipTransition,
    LogbookEntry,
    Placement,
    Student,
)
from edu.notifications.models import Notice
from edu.notifications.webhooks import WebhookEndpoint
from edu.offices.models import Office, Region
from edu.participants.models import Participant
from edu.perf.data_version import DataVersion
from edu.registrations.held_imports import HeldImport
from edu.registrations.models import Registration, RegistrationRequest
from edu.sessions.models import EduSession, SessionFacilitator
from edu.settings.models import DeploymentSetting
from edu.universities.models import University

__all__ = [
    "ApiToken", "AuditEvent", "Base", "Certificate", "CertificateBatch", "CertificateLookup",
    "CertificateOffice", "CertificateSequence", "DataVersion", "DeploymentSetting", "EduSession",
    "Evaluation", "IdempotencyKey", "Internship", "Notice",
    "InternshipTransition", "LogbookEntry", "Placement", "Student",
    "Office", "Participant", "Region",
    "Registration", "RegistrationRequest", "Role", "SessionFacilitator", "SigningKey", "Staff",
    "StudentCalendar", "University", "WebhookEndpoint",
    "CollectiveLeaveDay", "ServiceStandard", "SurveyAnswer", "SurveyParticipation",
    "BrowserSession", "SignInFailure", "StaffAccount", "RecoveryCode", "SignInChallenge",
    "HeldImport",
    "SessionRequest",
]
