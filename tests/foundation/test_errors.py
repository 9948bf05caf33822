"""The error families: what a user can fix (exit 2 / its HTTP status, one line) and what is a
bug (exit 1 naming a log with the traceback / HTTP 500 with an error id)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnernet import cli
from partnernet.foundation.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    UserError,
    write_bug_report,
)
from partnernet.foundation.geography import UnknownPlaceError, resolve_province
from partnernet.foundation.thai import ThaiDateError, parse_thai_date
from partnernet.graph.model import ModelError
from partnernet.graph.sqlite_store import SqliteStore
from partnernet.graph.store import StoreError
from partnernet.service import analyses


def test_input_errors_are_user_errors_and_still_value_errors() -> None:
    # pydantic turns a ValueError raised in a validator into a validation error: InvalidInput
    # must stay one.
    for cls in (InvalidInput, ModelError, ThaiDateError):
        assert issubclass(cls, UserError) and issubclass(cls, ValueError)
    assert issubclass(UnknownPlaceError, NotFound)
    assert issubclass(StoreError, UserError)
    assert not issubclass(ValueError, UserError)
    with pytest.raises(UserError):
        resolve_province("Khon Kan")
    with pytest.raises(UserError):
        parse_thai_date("31 กุมภาพันธ์ 2566")
    assert (NotFound.http_status, Conflict.http_status, InvalidInput.http_status) == (
        404,
        409,
        422,
    )


def test_bug_report_holds_the_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARTNERNET_LOG_DIR", str(tmp_path))
    try:
        raise KeyError("inner")
    except KeyError as exc:
        path = write_bug_report(exc, "abc123")
    assert path.parent == tmp_path and "abc123" in path.name
    text = path.read_text(encoding="utf-8")
    assert "Traceback" in text and "KeyError: 'inner'" in text


def test_cli_user_error_is_one_line_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli.app, ["gaps", "--province", "Khon Kan", "--store", str(tmp_path / "x.sqlite")]
    )
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "Traceback" not in result.output


def test_cli_bug_is_exit_1_naming_the_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARTNERNET_LOG_DIR", str(tmp_path / "logs"))

    def broken(*args: object, **kwargs: object) -> object:
        raise ValueError("a plain ValueError inside the code is a bug, not bad input")

    monkeypatch.setattr(analyses, "hubs", broken)
    store = tmp_path / "s.sqlite"
    SqliteStore(store).close()  # a store must exist: commands that read never create one
    result = CliRunner().invoke(cli.app, ["hubs", "--store", str(store)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "internal error (ValueError)" in lines[0]
    logs = list((tmp_path / "logs").glob("error-*.log"))
    assert len(logs) == 1 and str(logs[0]) in lines[0]
    assert "a plain ValueError" in logs[0].read_text(encoding="utf-8")
