"""Domain errors of the editorial workflow; each carries an HTTP status and a Dutch message.

``message`` is a Dutch msgid (translated by the web layer) with ``{name}`` placeholders filled
from ``values``: ``str(error)`` gives the Dutch text with the placeholders filled in.
"""

from __future__ import annotations

from typing import Any


class EditorialError(Exception):
    status: int = 400
    default_message: str = "Deze wijziging kan niet worden verwerkt."

    def __init__(self, message: str | None = None, **values: Any) -> None:
        self.message = message or self.default_message
        self.values: dict[str, Any] = values
        super().__init__(self.text)

    @property
    def text(self) -> str:
        """The Dutch message with its placeholders filled in."""
        try:
            return self.message.format(**self.values)
        except (KeyError, IndexError, ValueError):
            return self.message


class RecordNotFound(EditorialError):
    status = 404
    default_message = "Dit gegeven bestaat niet (meer)."


class SuggestionNotFound(EditorialError):
    status = 404
    default_message = "Deze voorgestelde wijziging bestaat niet."


class InvalidField(EditorialError):
    status = 422
    default_message = "Ongeldige waarde."


class NotAllowed(EditorialError):
    status = 403
    default_message = "U hebt geen toegang tot deze handeling."


class NotAuthenticated(NotAllowed):
    status = 401
    default_message = "Meld u aan om dit te doen."


class RateLimited(EditorialError):
    status = 429
    default_message = "U hebt te veel wijzigingen na elkaar voorgesteld. Probeer het over een uur opnieuw."


class AlreadyReviewed(EditorialError):
    status = 409
    default_message = "Deze voorgestelde wijziging is al behandeld."


class StaleVersion(EditorialError):
    """A save based on an outdated version: nothing was written; both versions travel with the error."""

    status = 409
    default_message = ("Iemand anders heeft dit gegeven intussen gewijzigd. Uw wijziging is niet opgeslagen: "
                       "vergelijk beide versies en probeer opnieuw.")

    def __init__(
        self,
        record_type: str,
        record_id: str,
        current: dict[str, str],
        current_version: int,
        yours: dict[str, str],
        your_version: int,
        message: str | None = None,
        **values: Any,
    ) -> None:
        self.record_type = record_type
        self.record_id = record_id
        self.current = current
        self.current_version = current_version
        self.yours = yours
        self.your_version = your_version
        super().__init__(message, **values)
