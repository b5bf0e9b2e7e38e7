"""Two-factor sign-in's answers in words (msgids)."""

from __future__ import annotations

from edu.errors import UserError
from web.forms import FALLBACK
from web.i18n import N_

CODE_REFUSALS = {
    "BAD_CODE": N_("This code is not right. Type the 6 digits your app shows now, or one of "
                   "your recovery codes."),
    "CODE_USED": N_("This code has just been used. Wait for the next one in your app."),
    "ACCOUNT_LOCKED": N_("Too many wrong codes or passwords: this account is locked until "
                         "%(until)s."),
    "TOO_MANY_ATTEMPTS": N_("Too many failed sign-ins from this device: try again after "
                            "%(until)s."),
}
MESSAGES = {
    "BAD_CODE": N_("This code is not right: type the 6 digits your app shows now."),
    "CODE_USED": N_("This code has just been used. Wait for the next one in your app."),
    "TOTP_REQUIRED": N_("An administrator keeps two-factor sign-in on."),
    "TOTP_ALREADY_ENABLED": N_("Two-factor sign-in is already on."),
    "TOTP_NOT_ENABLED": N_("Two-factor sign-in is not on."),
    "TOTP_NOT_STARTED": N_("Open the enrolment page again."),
}


def code_error(err: UserError) -> str:
    """The first problem of a refused code, as a msgid."""
    return MESSAGES.get(err.problems[0].code, FALLBACK)
