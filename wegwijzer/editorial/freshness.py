"""Freshness: which records need a look from an editor, and why.

Pure rules first (review due, e-mail and phone checks, reachability), then the use cases that
read the directory: services due for review, contact data that looks broken, and the editor's
dashboard (:func:`dashboard`). The link checker's runs and stored results live in
:mod:`wegwijzer.editorial.freshness_links`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from wegwijzer.directory.models import Organization, Service
from wegwijzer.editorial.freshness_links import ContactData, LinkStatus, RecordRef, broken_links, last_link_check
from wegwijzer.editorial.linkcheck import aware
from wegwijzer.editorial.services import count_suggestions, list_suggestions

# --- pure rules --------------------------------------------------------------------------------------

_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL_RE = re.compile(rf"{_LOCAL}@(?:{_LABEL}\.)+[A-Za-z]{{2,63}}")
#: +32 and 8 (landline, 0800) or 9 (mobile) digits, the first not 0; spaces, dots, slashes allowed
PHONE_RE = re.compile(r"\+32[1-9]\d{7,8}")
#: Belgian short numbers of helplines (102, 1712, 116 000 ...): valid although not in +32 form
SHORT_NUMBER_RE = re.compile(r"1\d{2,5}")
PHONE_SEPARATORS = re.compile(r"[\s./-]")
#: the dashboard's per-organisation table is built from at most this many (the oldest) suggestions
SUGGESTIONS_LISTED = 1000


def parse_day(value: str | None) -> date | None:
    """An HSDS date (``YYYY-MM-DD``, as ``assured_date`` stores it); None when missing or not a date."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def days_since(day: date | None, today: date) -> int | None:
    return None if day is None else (today - day).days


def is_due(assured_date: str | None, today: date, interval_days: int) -> bool:
    """Due for review: never checked (no or no valid ``assured_date``), or checked ``interval_days`` ago or more."""
    day = parse_day(assured_date)
    return day is None or (today - day).days >= interval_days


def looks_like_email(value: str | None) -> bool:
    """A plausible e-mail address (one @, a dotted domain with a letter TLD, no spaces), at most 254 chars."""
    text = (value or "").strip()
    return 0 < len(text) <= 254 and EMAIL_RE.fullmatch(text) is not None


def is_plus32_phone(value: str | None) -> bool:
    """A Belgian number written in international +32 form (or a short helpline number such as 1712)."""
    digits = PHONE_SEPARATORS.sub("", value or "")
    return PHONE_RE.fullmatch(digits) is not None or SHORT_NUMBER_RE.fullmatch(digits) is not None


# --- use cases ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueService:
    service: RecordRef
    organization: RecordRef
    assured_date: str | None  # as stored (None: never checked)
    days: int | None  # days since the last check


@dataclass(frozen=True)
class ContactIssue:
    """One contact value that looks wrong, or a service nobody can reach (``value`` empty)."""

    kind: str  # "invalid_email" | "phone_format" | "unreachable"
    record: RecordRef
    value: str = ""
    organization: RecordRef | None = None  # of an unreachable service


@dataclass(frozen=True)
class OrganizationSuggestions:
    organization: RecordRef
    count: int
    oldest_days: int


@dataclass(frozen=True)
class SuggestionSummary:
    """The unanswered (pending) suggestions: how many, how old the oldest is, per organisation."""

    count: int = 0
    oldest_days: int | None = None
    per_organization: list[OrganizationSuggestions] = field(default_factory=list)


@dataclass(frozen=True)
class Dashboard:
    now: datetime
    review_interval_days: int
    services_total: int
    due: list[DueService]
    broken_links: list[LinkStatus]
    invalid_emails: list[ContactIssue]
    phone_problems: list[ContactIssue]
    unreachable: list[ContactIssue]
    last_link_check: datetime | None
    suggestions: SuggestionSummary
    notes: list[str] = field(default_factory=list)

    @property
    def contact_problem_count(self) -> int:
        return len(self.broken_links) + len(self.invalid_emails) + len(self.phone_problems) + len(self.unreachable)


def due_services(session: Session, today: date, interval_days: int) -> list[DueService]:
    """Services (not defunct) not checked for ``interval_days``: never checked first, then the oldest."""
    rows = session.execute(
        select(Service.id, Service.name, Service.assured_date, Organization.id, Organization.name)
        .join(Organization, Organization.id == Service.organization_id)
        .where(Service.status != "defunct")
        .order_by(Organization.sort_order, Service.sort_order, Service.name)
    ).all()
    due = [
        DueService(RecordRef("service", sid, name), RecordRef("organization", oid, org_name), assured,
                   days_since(parse_day(assured), today))
        for sid, name, assured, oid, org_name in rows
        if is_due(assured, today, interval_days)
    ]
    return sorted(due, key=lambda d: (d.days is not None, -(d.days or 0)))


def _by_record(issue: ContactIssue) -> tuple[str, str, str]:
    return (issue.record.name.casefold(), issue.record.id, issue.value)


def contact_issues(data: ContactData) -> tuple[list[ContactIssue], list[ContactIssue], list[ContactIssue]]:
    """(invalid e-mails, phones not in +32 form, unreachable services) of the directory's contact data."""
    emails = sorted((ContactIssue("invalid_email", ref, value) for ref, value in data.emails
                     if not looks_like_email(value)), key=_by_record)
    phones = sorted((ContactIssue("phone_format", ref, value) for ref, value in data.phones
                     if not is_plus32_phone(value)), key=_by_record)
    unreachable = [ContactIssue("unreachable", ref, organization=data.service_org.get(ref.id))
                   for ref in data.services if not data.reachable(ref.id)]
    return emails, phones, unreachable


def summarize_suggestions(pending: list[tuple[str | None, str, datetime]], now: datetime,
                          total: int | None = None) -> SuggestionSummary:
    """Pure: (organisation id, its name, submitted at) of pending suggestions -> counts and ages in days.

    ``total`` is the full count when ``pending`` holds only the oldest ones.
    """
    if not pending:
        return SuggestionSummary(count=total or 0)
    per_org: dict[str | None, tuple[str, list[int]]] = {}
    for organization_id, name, created_at in pending:
        age = max(0, (now - aware(created_at)).days)  # type: ignore[operator]
        per_org.setdefault(organization_id, (name, []))[1].append(age)
    rows = [
        OrganizationSuggestions(RecordRef("organization", oid, name) if oid else RecordRef("none", "", ""),
                                len(ages), max(ages))
        for oid, (name, ages) in per_org.items()
    ]
    rows.sort(key=lambda r: (-r.oldest_days, -r.count, r.organization.name))
    return SuggestionSummary(max(total or 0, len(pending)), max(r.oldest_days for r in rows), rows)


def suggestion_summary(session: Session, now: datetime) -> SuggestionSummary:
    """The pending suggestions, through the suggestions service (per organisation: the oldest 1000)."""
    views = list_suggestions(session, status="pending", limit=SUGGESTIONS_LISTED, now=now)
    pending = [(v.organization_id, v.organization_name, v.created_at) for v in views]
    return summarize_suggestions(pending, now, total=count_suggestions(session, status="pending"))


def dashboard(session: Session, now: datetime, review_interval_days: int = 365) -> Dashboard:
    """Everything the editor's dashboard shows, read in one session."""
    data = ContactData.load(session)
    emails, phones, unreachable = contact_issues(data)
    return Dashboard(
        now=now,
        review_interval_days=review_interval_days,
        services_total=len(data.services),
        due=due_services(session, now.date(), review_interval_days),
        broken_links=broken_links(session, data.websites()),
        invalid_emails=emails,
        phone_problems=phones,
        unreachable=unreachable,
        last_link_check=aware(last_link_check(session)),
        suggestions=suggestion_summary(session, now),
    )
