"""TOTP (RFC 6238): codes of the current step and one step of drift, each step usable once."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest

from wegwijzer.accounts import totp

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NOW = datetime(2026, 3, 1, 12, 0, 10, tzinfo=UTC)


@pytest.mark.parametrize(("seconds", "code"), [(59, "287082"), (1111111109, "081804"), (1234567890, "005924")])
def test_rfc6238_reference_values(seconds: int, code: str) -> None:
    # RFC 6238 appendix B (SHA-1, secret "12345678901234567890"), the last six of its eight digits
    secret = base64.b32encode(b"12345678901234567890").decode()
    assert totp.code_at(secret, datetime.fromtimestamp(seconds, UTC)) == code


@pytest.mark.parametrize("offset", [-30, 0, 30])
def test_codes_within_one_step_of_drift_are_accepted(offset: int) -> None:
    code = totp.code_at(SECRET, NOW + timedelta(seconds=offset))
    assert totp.matching_step(SECRET, code, NOW) == totp.step_of(NOW) + offset // 30


@pytest.mark.parametrize("offset", [-90, 90])
def test_codes_further_away_are_refused(offset: int) -> None:
    assert totp.matching_step(SECRET, totp.code_at(SECRET, NOW + timedelta(seconds=offset)), NOW) is None


def test_a_used_step_is_refused() -> None:
    code = totp.code_at(SECRET, NOW)
    step = totp.matching_step(SECRET, code, NOW)
    assert step is not None
    assert totp.matching_step(SECRET, code, NOW, last_step=step) is None
    later = totp.code_at(SECRET, NOW + timedelta(seconds=30))
    assert totp.matching_step(SECRET, later, NOW, last_step=step) == step + 1


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "12 34 5x"])
def test_malformed_codes_are_refused(code: str) -> None:
    assert totp.matching_step(SECRET, code, NOW) is None


def test_spaces_in_a_code_are_ignored() -> None:
    code = totp.code_at(SECRET, NOW)
    assert totp.matching_step(SECRET, f"{code[:3]} {code[3:]}", NOW) is not None


def test_provisioning_uri_and_qr_code() -> None:
    uri = totp.provisioning_uri(SECRET, "redacteur@example.org")
    assert uri.startswith("otpauth://totp/Wegwijzer:redacteur%40example.org?") and f"secret={SECRET}" in uri
    svg = totp.qr_svg(uri, "QR <code>")
    assert svg.startswith('<svg role="img" ') and "<title>QR &lt;code&gt;</title>" in svg
    assert "style=" not in svg and "<script" not in svg


def test_new_secrets_differ_and_are_base32() -> None:
    first, second = totp.new_secret(), totp.new_secret()
    assert first != second and len(first) >= 32 and set(first) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
