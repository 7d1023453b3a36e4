"""Opening hours in Dutch (and some French) text -> ScheduleRec (RFC 5545 days, "HH:MM").

Covered phrasings: "maandag tot vrijdag van 9u tot 17u", "ma-vr 9.00-12.30 en 13.30-16.30",
"woensdag 13u-17u", "dinsdag en donderdag van 9u30 tot 12u", "(Ma-Do 14-17u)",
"maandag, dinsdag en donderdag van 17h00 tot 21h00", "- Dinsdag 09.00 – 16.00",
"woensdagnamiddag om 13u30" (only an opening time). One record per time range; each record
gets the days of the nearest day expression before it, and as description the clause from that
day expression up to the last time range using it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wegwijzer.ingest.records import ScheduleRec

_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
_DAY_NAMES: dict[str, int] = {
    "maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3, "vrijdag": 4, "zaterdag": 5, "zondag": 6,
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
    "ma": 0, "di": 1, "wo": 2, "do": 3, "vr": 4, "za": 5, "zo": 6,
}
_FULL_DAY = (
    r"(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|lundi|mardi|mercredi|jeudi|"
    r"vendredi|samedi|dimanche)(?:voormiddag|namiddag|middag|avond|morgen|ochtend)?s?"
)
_SHORT_DAY = r"(?:ma|di|wo|do|vr|za|zo)\.?"
_DAY = rf"(?:{_FULL_DAY}|{_SHORT_DAY})"
_RANGE_SEP = r"(?:\s*[-–—/]\s*|\s+(?:tot(?:\s+en\s+met)?|t\.?e\.?m\.?|t/m|au|à)\s+)"
_LIST_SEP = r"(?:\s*,\s*|\s+(?:en|et|&)\s+)"
_DAY_GROUP_RE = re.compile(
    rf"(?<![\w])(?:van\s+|de\s+|du\s+|op\s+|elke\s+)?{_DAY}(?:(?:{_RANGE_SEP}|{_LIST_SEP}){_DAY})*(?![\w])",
    re.IGNORECASE,
)
_DAY_TOKEN_RE = re.compile(rf"(?P<day>{_DAY})(?![\w])", re.IGNORECASE)
_TIME = r"\d{1,2}(?:\s?[u:h.]\s?\d{2}|\s?(?:u|h|uur)(?![a-z]))?"
_TIME_RANGE_RE = re.compile(
    rf"(?<![\d.,/])(?:van\s+|de\s+|vanaf\s+)?(?P<t1>{_TIME})\s*(?:-|–|—|tot|à)\s*(?P<t2>{_TIME})(?![\d])",
    re.IGNORECASE,
)
_SINGLE_TIME_RE = re.compile(r"(?:om|vanaf|à|dès)\s+(?P<t1>\d{1,2}\s?[u:h.]\s?\d{0,2})(?![\d])", re.IGNORECASE)
_AGE_AFTER_RE = re.compile(r"^\s*(?:jaar|jarigen|j\b|%|euro|€|ans)", re.IGNORECASE)
_SENTENCE_END_RE = re.compile(r"[.;!?]\s")
_LEADING_WORD_RE = re.compile(r"^(?:op|van|elke|de|du|le)\s+", re.IGNORECASE)
_TIME_PARTS_RE = re.compile(r"(\d{1,2})(?:\s?[u:h.]\s?(\d{2}))?")


@dataclass
class _DayGroup:
    start: int
    end: int
    days: list[int]


def _parse_time(text: str) -> str | None:
    match = _TIME_PARTS_RE.match(text.strip())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 24 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def _has_unit(text: str) -> bool:
    return bool(re.search(r"[u:h]|\.\d{2}|uur", text, re.IGNORECASE))


def _days_of(group_text: str) -> list[int]:
    tokens = list(_DAY_TOKEN_RE.finditer(group_text))
    days: list[int] = []
    for index, token in enumerate(tokens):
        day = _day_index(token.group("day"))
        if day is None:
            continue
        between = group_text[tokens[index - 1].end(): token.start()] if index else ""
        if index and days and re.fullmatch(_RANGE_SEP, between, re.IGNORECASE):
            days.extend(range(days[-1] + 1, day + 1))
        elif day not in days:
            days.append(day)
    return days


def _day_index(token: str) -> int | None:
    word = token.lower().rstrip(".")
    for name, index in _DAY_NAMES.items():
        if word == name or (len(name) > 2 and word.startswith(name)):
            return index
    return None


def _day_groups(text: str) -> list[_DayGroup]:
    groups: list[_DayGroup] = []
    for match in _DAY_GROUP_RE.finditer(text):
        tokens = _DAY_TOKEN_RE.findall(match.group(0))
        short_only = all(len(t.rstrip(".")) == 2 for t in tokens)
        followed_by_time = re.match(r"\s*(?:van\s+)?\d", text[match.end():]) is not None
        if short_only and len(tokens) < 2 and not followed_by_time:
            continue  # "zo", "do" alone are ordinary words
        days = _days_of(match.group(0))
        if days:
            groups.append(_DayGroup(match.start(), match.end(), days))
    return groups


def _byday(days: list[int]) -> str:
    return ",".join(_DAYS[d] for d in days)


def _time_ranges(text: str, groups: list[_DayGroup]) -> list[tuple[int, int, str, str | None]]:
    found: list[tuple[int, int, str, str | None]] = []
    for match in _TIME_RANGE_RE.finditer(text):
        t1, t2 = match.group("t1"), match.group("t2")
        if _AGE_AFTER_RE.match(text[match.end():]):
            continue
        near_day = any(0 <= match.start() - g.end <= 25 for g in groups)
        if not (_has_unit(t1) or _has_unit(t2) or near_day):
            continue
        opens, closes = _parse_time(t1), _parse_time(t2)
        if opens and closes:
            found.append((match.start(), match.end(), opens, closes))
    covered = [(s, e) for s, e, _, _ in found]
    for match in _SINGLE_TIME_RE.finditer(text):
        if any(s <= match.start() < e for s, e in covered):
            continue
        if any(0 <= match.start() - g.end <= 15 for g in groups) and (opens := _parse_time(match.group("t1"))):
            found.append((match.start(), match.end(), opens, None))
    return sorted(found)


def extract_schedules(text: str) -> list[ScheduleRec]:
    """Opening hours found anywhere in ``text``; one ScheduleRec per time range."""
    text = re.sub(r"\s+", " ", text)
    groups = _day_groups(text)
    ranges = _time_ranges(text, groups)
    assigned: list[tuple[_DayGroup | None, int, int, str, str | None]] = []
    for start, end, opens, closes in ranges:
        previous = [g for g in groups if g.end <= start]
        group = previous[-1] if previous else None
        if group and _SENTENCE_END_RE.search(text[group.end: start]):
            group = None  # the days belong to an earlier sentence
        assigned.append((group, start, end, opens, closes))
    records: list[ScheduleRec] = []
    for group, _start, _end, opens, closes in assigned:
        same = [a for a in assigned if a[0] is group]
        clause_start = group.start if group else min(a[1] for a in same)
        clause_end = max(a[2] for a in same)
        description = _LEADING_WORD_RE.sub("", text[clause_start:clause_end].strip(" (),;"))
        byday = _byday(group.days) if group else None
        records.append(ScheduleRec(byday=byday, opens_at=opens, closes_at=closes, description=description))
    return records
