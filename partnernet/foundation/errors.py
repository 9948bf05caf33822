"""The one family of errors a user can fix.

Anything raised as a `UserError` is the user's to mend (a typo in a province, a file that is
not a table, an id that does not exist): the CLI prints its message on one line and exits 2,
the API answers with the status the class names and the message as the problem's detail.
Everything else is a bug: the CLI exits 1 naming a log file with the traceback, the API answers
500 with an error id and logs the traceback. A plain `ValueError` is therefore a bug, not bad
input; code that validates input raises one of these (or a subclass of its own).
"""

from __future__ import annotations

from datetime import UTC
from pathlib import Path


class UserError(Exception):
    """A mistake the user can fix: the CLI prints one line and exits 2; the API answers 4xx."""

    http_status = 400
    exit_code = 2


class InvalidInput(UserError, ValueError):
    """A value that cannot be used as given (a bad date, an unknown format, a bad row). Also a
    `ValueError`, so that pydantic validators raising it still produce validation errors."""

    http_status = 422


class NotFound(UserError, LookupError):
    """Something named does not exist (an id, a province with no data, a store file)."""

    http_status = 404


class Conflict(UserError):
    """The request clashes with what is stored (an id taken, a confusable of an existing id)."""

    http_status = 409


class TooLarge(UserError):
    """Input over a configured limit (file size, rows, cells); the message names the option."""

    http_status = 413


class Unavailable(UserError):
    """A service the command needs cannot be reached (the Neo4j server is down)."""

    http_status = 503


LOG_DIR_ENV = "PARTNERNET_LOG_DIR"


def new_error_id() -> str:
    """A short id that ties what a user sees to the traceback in a log."""
    import secrets

    return secrets.token_hex(4)


def write_bug_report(exc: BaseException, error_id: str | None = None) -> Path:
    """Write `exc`'s traceback to a log file ($PARTNERNET_LOG_DIR, else the system's temp
    folder) and return its path: the one line a user sees names it, the traceback stays out
    of their terminal."""
    import os
    import tempfile
    import traceback
    from datetime import datetime

    folder = Path(os.environ.get(LOG_DIR_ENV) or Path(tempfile.gettempdir()) / "partnernet-logs")
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = folder / f"error-{stamp}-{error_id or new_error_id()}.log"
    path.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
    return path
