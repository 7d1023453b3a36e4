"""The editorial use cases, one import for the HTTP layers (web pages, API) and the CLI.

Every function takes an open SQLAlchemy ``Session`` (one transaction; the caller commits) and a
``Principal`` (``None``: anonymous), never commits, and raises ``EditorialError`` subclasses that carry
an HTTP status and a Dutch message. Every applied change (accept, direct edit, revert, mark_checked)
writes HSDS ``metadata`` rows and bumps the record's ``version`` with a conditional UPDATE.
"""

from __future__ import annotations

from wegwijzer.editorial.editing import edit_record, mark_checked, record_values
from wegwijzer.editorial.history import history, revert_change
from wegwijzer.editorial.policy import direct_edit_enabled, set_direct_edit
from wegwijzer.editorial.schemas import EditOutcome, HistoryEntry, RecordState, SuggestionView
from wegwijzer.editorial.suggestions import (
    accept_suggestion,
    count_suggestions,
    get_suggestion,
    list_suggestions,
    reject_suggestion,
    submit_suggestion,
)

__all__ = [
    "EditOutcome", "HistoryEntry", "RecordState", "SuggestionView",
    "accept_suggestion", "count_suggestions", "direct_edit_enabled", "edit_record", "get_suggestion",
    "history", "list_suggestions", "mark_checked", "record_values", "reject_suggestion", "revert_change",
    "set_direct_edit", "submit_suggestion",
]
