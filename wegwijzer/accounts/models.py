"""Account tables: users, their organisations, login sessions, API tokens, login attempts, mail tokens.

Secrets are never stored in clear: passwords as Argon2 hashes, session cookies, API tokens and
e-mailed links as SHA-256 hex digests of the random value the person holds.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wegwijzer.directory.models import Base, Id

Digest = String(64)  # SHA-256 hex


class User(Base):
    __tablename__ = "account_user"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    role: Mapped[str] = mapped_column(String(16))
    #: None until an invited person chose a password
    password_hash: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    #: a secret shown on the set-up page, confirmed by a first code
    totp_pending_secret: Mapped[str | None] = mapped_column(String(64))
    #: the last accepted TOTP time step (a code is never accepted twice)
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    memberships: Mapped[list[AccountOrganization]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def organization_ids(self) -> frozenset[str]:
        return frozenset(m.organization_id for m in self.memberships)


class AccountOrganization(Base):
    """A partner represents these organisations."""

    __tablename__ = "account_organization"
    user_id: Mapped[str] = mapped_column(Id, ForeignKey("account_user.id", ondelete="CASCADE"), primary_key=True)
    organization_id: Mapped[str] = mapped_column(
        Id, ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    user: Mapped[User] = relationship(back_populates="memberships")


class LoginSession(Base):
    """A web login; the cookie holds a random token, this table only its SHA-256."""

    __tablename__ = "account_session"
    token_hash: Mapped[str] = mapped_column(Digest, primary_key=True)
    user_id: Mapped[str] = mapped_column(Id, ForeignKey("account_user.id", ondelete="CASCADE"), index=True)
    #: password given, TOTP code still to come: not logged in yet
    pending_totp: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ApiToken(Base):
    """A personal API token (``Authorization: Bearer``); the table holds its SHA-256."""

    __tablename__ = "account_token"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    user_id: Mapped[str] = mapped_column(Id, ForeignKey("account_user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(Digest, unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LoginAttempt(Base):
    """One login attempt (password or code), for throttling per account and per client."""

    __tablename__ = "account_login_attempt"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    client: Mapped[str] = mapped_column(String(64), index=True)
    attempted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    succeeded: Mapped[bool] = mapped_column(Boolean)


class MailToken(Base):
    """A one-time link sent by e-mail: a password reset or an invitation."""

    __tablename__ = "account_mail_token"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    user_id: Mapped[str] = mapped_column(Id, ForeignKey("account_user.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))  # "reset" | "invite"
    token_hash: Mapped[str] = mapped_column(Digest, unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
