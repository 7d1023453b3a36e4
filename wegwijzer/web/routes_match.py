"""The guided questionnaire (``/wegwijzer``) and its explained result (``/wegwijzer/resultaat``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from wegwijzer.caching import RESULTS, digest
from wegwijzer.insight.demand import record_match
from wegwijzer.match.profile import MAX_AGE, MIN_AGE, ProfileError, build_profile
from wegwijzer.web import params
from wegwijzer.web.cache import directory
from wegwijzer.web.i18n import N_, translations
from wegwijzer.web.rendering import WebError, language, render

router = APIRouter()
RESULT_LIMIT = 10

#: form field -> (taxonomy, profile argument); ``nood`` repeats, the others take one value
FIELDS: dict[str, tuple[str, str]] = {
    "wie": ("doelgroep", "asker"),
    "niveau": ("onderwijsniveau", "level"),
    "richting": ("studierichting", "stream"),
    "taal": ("onderwijstaal", "school_language"),
    "gemeente": ("gemeente", "municipality"),
}
FORM_KEYS = ("tekst", "leeftijd", *FIELDS, "nood")


def form_values(request: Request) -> dict[str, Any]:
    """The raw values of the form, to fill it in again (escaped by the template)."""
    values: dict[str, Any] = {key: request.query_params.get(key, "")[:params.MAX_TEXT_LENGTH]
                              for key in FORM_KEYS if key != "nood"}
    values["nood"] = request.query_params.getlist("nood")[:params.MAX_VALUES]
    return values


Errors = dict[str, tuple[str, dict[str, Any]]]  # field -> (Dutch msgid, values of its placeholders)


def _check(errors: Errors, key: str, read: Any) -> Any:
    try:
        return read()
    except WebError as exc:
        errors[key] = (exc.message, exc.values)
        return None


def read_profile_arguments(request: Request) -> tuple[dict[str, Any], Errors]:
    """The arguments of ``build_profile`` and the Dutch (msgid) error of each bad field."""
    errors: dict[str, str] = {}
    args: dict[str, Any] = {}
    args["text"] = _check(errors, "tekst", lambda: params.text(request, "tekst", params.MAX_TEXT_LENGTH)) or None
    raw_age = request.query_params.get("leeftijd", "").strip()
    if raw_age and not (raw_age.isdigit() and MIN_AGE <= int(raw_age) <= MAX_AGE):
        errors["leeftijd"] = (N_("Geef de leeftijd als een geheel getal van {low} tot {high}."),
                              {"low": MIN_AGE, "high": MAX_AGE})
    else:
        args["age"] = int(raw_age) if raw_age else None
    for key, (taxonomy, argument) in FIELDS.items():
        args[argument] = _check(errors, key, lambda k=key, t=taxonomy: params.slug(request, k, t))
    args["needs"] = list(_check(errors, "nood", lambda: params.slugs(request, "nood", "nood")) or ())
    if not errors and not any(v for v in args.values()):
        errors["_form"] = (N_("Beantwoord minstens één vraag of beschrijf de situatie in het tekstvak."), {})
    return args, errors


def _form(request: Request, errors: Errors, status: int = 200) -> HTMLResponse:
    gettext = translations(language(request)).gettext
    shown = {key: gettext(msg).format(**values) for key, (msg, values) in errors.items()}
    return render(request, "questionnaire.html", {"values": form_values(request), "errors": shown,
                                                  "min_age": MIN_AGE, "max_age": MAX_AGE}, status_code=status)


@router.get("/wegwijzer", response_class=HTMLResponse)
def questionnaire(request: Request) -> HTMLResponse:
    params.check_language(request)
    return _form(request, {})


@router.get("/wegwijzer/resultaat", response_class=HTMLResponse)
def result(request: Request) -> HTMLResponse:
    params.check_language(request)
    args, errors = read_profile_arguments(request)
    if errors:
        return _form(request, errors, status=422)
    try:
        profile = build_profile(**args)
    except ProfileError as exc:  # a last line of defence; the fields above were already checked
        return _form(request, {"_form": (exc.message_nl.replace("{", "{{").replace("}", "}}"), {})}, status=422)
    with request.app.state.db.session() as session:
        matcher = directory(session).matcher
        if profile.text:  # a description of a young person is never kept, not even in memory (see caching.py)
            outcome = matcher.run(profile, limit=RESULT_LIMIT)
        else:
            outcome = RESULTS.answer(session, ("match-web", digest(profile), RESULT_LIMIT),
                                     lambda: matcher.run(profile, limit=RESULT_LIMIT))
    record_match(request.app.state.demand, profile.needs, profile.age, len(outcome.results))  # aggregated, never raises
    response = render(request, "match_result.html", {"outcome": outcome, "profile": profile,
                                                     "values": form_values(request)})
    response.headers["Cache-Control"] = "no-store"  # the URL may hold a description of a young person
    return response
