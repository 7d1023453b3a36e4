"""Websites and e-mail addresses a fiche writes in its own text, outside the contact block.

Rules (general, not per organisation):

* Lines that are only a URL are link-dump debris of the PDF extraction, unless the line above
  (no blank in between) ends with ":" and so introduces it ("… o.a. onderwijs:" /
  "https://roma.foyer.be"). An e-mail address broken at a hyphen over two lines is joined.
  URLs cut off at a hyphen ("www.go-") are dropped.
* A website belongs to the organisation when its host names the organisation
  ("roma.foyer.be" for "Romawerking Foyer") or when the line presents it as a website ("via de
  website …", "Meer info: …") and the host is no other fiche's contact website.
* An e-mail address belongs to the organisation when its domain names the organisation
  (other addresses, e.g. a partner's registration address, stay with the offer that gives them).
* An offer (service) takes the e-mail address and the website written in its own text (the
  website when its host names the offer or the organisation, or is presented as a website).
* In a fiche split into sub-organisations, a link goes to the sub-organisation whose text holds
  it or whose name (or overlay match key) it contains; the parent gets the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wegwijzer.ingest.clean import is_link_debris, normalize_inline
from wegwijzer.ingest.contacts import find_emails, find_websites
from wegwijzer.ingest.records import ContactInfo, OrganizationRec, ServiceRec

_CUE_RE = re.compile(r"\b(?:website|websites|meer info\w*|voor meer informatie|zie (?:ook )?website)\b", re.I)
_BROKEN_EMAIL_RE = re.compile(r"\S+@\S*-$")
# words too common in names and hosts to tie one to the other
_GENERIC = {"brussel", "brusselse", "bruxelles", "brussels", "vlaanderen", "vlaamse", "centrum", "dienst",
            "werking", "onderwijs", "school", "scholen", "project", "vzw", "jeugd", "www", "http", "https"}


@dataclass
class Link:
    kind: str  # "email" or "website"
    value: str
    line: int  # 1-based
    cue: bool  # the line presents it as a website / more info


def text_links(lines: list[str], start: int, end: int) -> list[Link]:
    """Links in document lines ``start``..``end`` (1-based, inclusive)."""
    found: list[Link] = []
    for no in range(start, end + 1):
        raw = lines[no - 1]
        if is_link_debris(raw) and not _introduced(lines, no):
            continue
        text = normalize_inline(raw)
        if _BROKEN_EMAIL_RE.search(text):
            text += _continuation(lines, no)
        cue = bool(_CUE_RE.search(text))
        for email in find_emails(text):
            found.append(Link("email", email, no, cue))
        for url in find_websites(text):
            if not url.rstrip("/").endswith("-"):
                found.append(Link("website", url, no, cue))
    return found


def _introduced(lines: list[str], no: int) -> bool:
    previous = lines[no - 2] if no >= 2 else ""
    return bool(previous.strip()) and not is_link_debris(previous) and previous.rstrip().endswith(":")


def _continuation(lines: list[str], no: int) -> str:
    for raw in lines[no:no + 3]:
        if raw.strip():
            token = raw.strip().split()[0]
            return token if re.match(r"^[a-z0-9.-]+\.[a-z]{2,}$", token, re.I) else ""
    return ""


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) >= 4 and w not in _GENERIC}


def host_of(link: str) -> str:
    host = link.split("@", 1)[1] if "@" in link else re.sub(r"^[a-z]+://", "", link.lower()).split("/")[0]
    return host.removeprefix("www.")


def names_host(name: str, link: str) -> bool:
    """Does the host (or e-mail domain) of ``link`` name ``name``?"""
    labels = [label for label in host_of(link).split(".")[:-1] if len(label) >= 4 and label not in _GENERIC]
    squashed = re.sub(r"[^a-z0-9]", "", name.lower())
    return any(word in label for word in _words(name) for label in labels) or any(
        label in squashed for label in labels)


def known_links(org: OrganizationRec) -> set[str]:
    return {v.lower().rstrip("/") for info in org.contact_infos for v in (*info.emails, *info.websites)}


def assign_links(orgs: list[OrganizationRec], owners: list[tuple[list[str], set[int]]], links: list[Link],
                 foreign_hosts: set[str]) -> None:
    """Attach the fiche's text links to its organisations (parent first in ``orgs``).

    ``owners`` gives per organisation the words that identify it (name, overlay match keys)
    and the lines of its own text.
    """
    for link in links:
        keyed = next((i for i, (keys, _) in enumerate(owners)
                      if i and any(k.lower() in link.value for k in keys)), None)
        index = keyed if keyed is not None else next(
            (i for i, (_, own_lines) in enumerate(owners) if i and link.line in own_lines), 0)
        org = orgs[index]
        names = [org.name, *owners[index][0]]
        own_host = keyed is not None or any(names_host(n, link.value) for n in names)
        if link.kind == "email" and not own_host:
            continue
        if link.kind == "website" and not (own_host or (link.cue and host_of(link.value) not in foreign_hosts)):
            continue
        if link.value.lower().rstrip("/") in known_links(org):
            continue
        _add(org, link)


def _add(org: OrganizationRec, link: Link) -> None:
    info = next((i for i in org.contact_infos if i.heading is None and not i.addresses and not i.phones), None)
    if info is None:
        info = ContactInfo(line_start=link.line, line_end=link.line)
        org.contact_infos.append(info)
    (info.emails if link.kind == "email" else info.websites).append(link.value)
    info.line_start = min(info.line_start or link.line, link.line)
    info.line_end = max(info.line_end or link.line, link.line)
    if link.kind == "email":
        org.email = org.email or link.value
    else:
        org.website = org.website or link.value


def service_links(service: ServiceRec, org_name: str, links: list[Link], lines: range) -> None:
    """The e-mail address and website an offer gives in its own text (``lines``)."""
    own = [link for link in links if link.line in lines]
    email = next((link.value for link in own if link.kind == "email"), None)
    website = next((link.value for link in own if link.kind == "website" and (
        link.cue or names_host(service.name, link.value) or names_host(org_name, link.value))), None)
    service.email = email or service.email
    service.url = website or service.url
