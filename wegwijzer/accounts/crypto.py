"""Random secrets and their digests: what a person holds (cookie, token, link) is stored only hashed."""

from __future__ import annotations

import hashlib
import hmac
import secrets

#: prefix of personal API tokens, so a leaked token is recognisable (e.g. by secret scanners)
TOKEN_PREFIX = "ww_"


def new_secret(nbytes: int = 32) -> str:
    """A URL-safe random string with ``nbytes`` bytes of entropy."""
    return secrets.token_urlsafe(nbytes)


def new_api_token() -> str:
    return TOKEN_PREFIX + new_secret(32)


def digest(value: str) -> str:
    """SHA-256 hex digest of a secret (random secrets need no salt or slow hash)."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def sign(key: str, message: str) -> str:
    """HMAC-SHA-256 of ``message`` under ``key`` (hex)."""
    return hmac.new(key.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    """Constant-time comparison."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
