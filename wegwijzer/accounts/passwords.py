"""Password hashing with Argon2id (argon2-cffi) and the password policy."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from wegwijzer.accounts.text import N_

MIN_LENGTH = 12  # the messages below repeat these numbers
MAX_LENGTH = 1024  # hashing very long inputs costs time: refuse them early

_HASHER = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Hashed once per process (on first use, not at import), so that a login for an unknown e-mail costs
    as much time as a wrong password."""
    return _HASHER.hash("not a password of anyone, only for timing")


def policy_problem(password: str) -> str | None:
    """A Dutch explanation of why this password is not acceptable, or None."""
    if len(password) < MIN_LENGTH:
        return N_("Het wachtwoord moet minstens 12 tekens lang zijn.")
    if len(password) > MAX_LENGTH:
        return N_("Het wachtwoord mag hoogstens 1024 tekens lang zijn.")
    if not password.strip():
        return N_("Het wachtwoord mag niet alleen uit spaties bestaan.")
    return None


def hash_password(password: str, hasher: PasswordHasher = _HASHER) -> str:
    return hasher.hash(password)


def verify_password(stored: str | None, password: str, hasher: PasswordHasher = _HASHER) -> bool:
    """Whether ``password`` matches the stored hash (always takes one Argon2 verification)."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        return hasher.verify(stored or _dummy_hash(), password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str, hasher: PasswordHasher = _HASHER) -> bool:
    """Whether the hash was made with other parameters than the current ones (rehash on login)."""
    try:
        return hasher.check_needs_rehash(stored)
    except InvalidHashError:
        return True
