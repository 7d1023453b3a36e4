"""TOTP second factor (RFC 6238, 30-second steps, 6 digits) with pyotp, and its QR code as inline SVG."""

from __future__ import annotations

import re
from datetime import datetime

import pyotp
import segno

ISSUER = "Wegwijzer"
STEP_SECONDS = 30
#: codes of the step before and after the current one are accepted (clock drift)
DRIFT_STEPS = 1
_CODE = re.compile(r"^\d{6}$")


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    """The ``otpauth://`` URI an authenticator app reads."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def step_of(moment: datetime) -> int:
    return int(moment.timestamp()) // STEP_SECONDS


def code_at(secret: str, moment: datetime) -> str:
    return pyotp.TOTP(secret).at(moment)


def matching_step(secret: str, code: str, now: datetime, last_step: int | None = None) -> int | None:
    """The time step whose code this is (within the allowed drift), or None.

    A step at or before ``last_step`` (the last accepted one) is refused: a code works once."""
    cleaned = re.sub(r"\s", "", code or "")
    if not _CODE.match(cleaned):
        return None
    totp = pyotp.TOTP(secret)
    current = step_of(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if last_step is not None and step <= last_step:
            continue
        if pyotp.utils.strings_equal(totp.generate_otp(step), cleaned):
            return step
    return None


def qr_svg(uri: str, title: str) -> str:
    """The URI as an inline SVG QR code (no script, no style attribute: fits the strict CSP)."""
    svg = segno.make(uri, error="m").svg_inline(scale=4, border=4, title=title, dark="#000", light="#fff",
                                                svgclass="totp-qr", lineclass=None, omitsize=False)
    return svg.replace("<svg ", '<svg role="img" ', 1)


def display_secret(secret: str) -> str:
    """The secret in groups of four, easier to type."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
