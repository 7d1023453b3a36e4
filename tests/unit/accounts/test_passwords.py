"""Argon2 password hashing and the password policy."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from wegwijzer.accounts.passwords import hash_password, needs_rehash, policy_problem, verify_password


def test_hash_is_argon2id_salted_and_verifies() -> None:
    first, second = hash_password("correct horse battery"), hash_password("correct horse battery")
    assert first.startswith("$argon2id$") and first != second
    assert "correct horse battery" not in first
    assert verify_password(first, "correct horse battery")


@pytest.mark.parametrize("attempt", ["Correct horse battery", "correct horse batter", "", "x" * 2000])
def test_wrong_password_does_not_verify(attempt: str) -> None:
    assert not verify_password(hash_password("correct horse battery"), attempt)


@pytest.mark.parametrize("stored", [None, "", "not a hash", "$argon2id$garbage"])
def test_missing_or_broken_hash_never_verifies(stored: str | None) -> None:
    assert not verify_password(stored, "correct horse battery")


def test_hash_made_with_other_parameters_needs_a_rehash() -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)
    old = hash_password("correct horse battery", hasher=weak)
    assert verify_password(old, "correct horse battery")
    assert needs_rehash(old)
    assert not needs_rehash(hash_password("correct horse battery"))


@pytest.mark.parametrize(("password", "ok"), [
    ("elf tekens!", False), ("twaalf tekens", True), (" " * 12, False), ("a" * 1025, False), ("a" * 1024, True),
])
def test_policy_needs_twelve_characters(password: str, ok: bool) -> None:
    assert (policy_problem(password) is None) is ok
