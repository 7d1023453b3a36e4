"""The one error type of the database tools: a message for the user and an exit status."""

from __future__ import annotations

#: exit status for input the user must change (a bad URL, a missing file, a missing --yes)
USAGE = 2
#: exit status for a failure while doing the work (unreachable server, pg_dump failed, mismatch)
FAILURE = 1


class DbToolError(RuntimeError):
    """A problem with a user-facing, one-line message; nothing was half-written."""

    def __init__(self, message: str, exit_code: int = FAILURE) -> None:
        super().__init__(message)
        self.exit_code = exit_code
