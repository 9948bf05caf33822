"""Limits checked before the work, not after it (issue 22, finding 3).

A 2 MB workbook declaring 8 million rows took 248 s and 4.7 GB before its 413; a 1.8 KB one
declaring `A1:XFD20000` cost 34 s of CPU. So the readers ask here:

- `budget = reading()` once per file, then `budget.check_sheet(rows, columns, where)` with an
  XLSX sheet's *declared* dimensions (openpyxl's read-only `max_row`/`max_column`, from the
  sheet's `<dimension>`) before reading a row of it;
- `budget.count(where)` for every row as it streams (CSV, XLSX, JSON), stopping at the limit,
  so a file that under-declares (or declares nothing) is cut off as soon as it passes;
- `check_encoding(name)`: only text encodings (`rot13`, `hex`, `zlib` are codecs too, but not
  text: they used to end in a 500 and a traceback).

The limits in force are a `Limits` set with `applied(...)` around a read (the API applies its
settings to each upload, the CLI its `--max-rows`/`--max-cells` options); one `applied` block
counts rows over everything read inside it. Outside any block `CLI_LIMITS` hold. Over a limit
raises `TooLarge` (HTTP 413, CLI exit 2) with a one-line message naming the option to raise it.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from partnernet.foundation.errors import InvalidInput, TooLarge


@dataclass(frozen=True)
class Limits:
    """What one read may hold. `option` names how the user raises them (in messages)."""

    max_rows: int = 5_000_000
    max_cells: int = 100_000_000  # declared rows x columns of one sheet
    option: str = "--max-rows / --max-cells"


CLI_LIMITS = Limits()


@dataclass
class Budget:
    """Rows counted against a `Limits` (one `applied` block, or one file outside any)."""

    limits: Limits
    rows: int = field(default=0)

    def check_sheet(self, rows: int | None, columns: int | None, where: str) -> None:
        """Refuse a sheet whose declared size is over the limits, before reading it."""
        limits = self.limits
        rows, columns = rows or 0, columns or 0
        if rows - 1 > limits.max_rows:  # the header row is not a data row
            raise TooLarge(
                f"{where}: the sheet declares {rows:,} rows; the limit is {limits.max_rows:,} "
                f"(raise it with {limits.option})"
            )
        if rows * columns > limits.max_cells:
            raise TooLarge(
                f"{where}: the sheet declares {rows:,} rows x {columns:,} columns "
                f"({rows * columns:,} cells); the limit is {limits.max_cells:,} cells "
                f"(delete the unused columns and rows, or raise it with {limits.option})"
            )

    def count(self, where: str) -> None:
        """Count one data row; `TooLarge` once the rows read pass the limit."""
        self.rows += 1
        if self.rows > self.limits.max_rows:
            raise TooLarge(
                f"{where}: more than {self.limits.max_rows:,} rows; reading stopped there "
                f"(raise the limit with {self.limits.option})"
            )


_current: ContextVar[Budget | None] = ContextVar("partnernet_ingest_limits", default=None)


@contextmanager
def applied(limits: Limits) -> Iterator[Budget]:
    """Read under these limits; rows are counted over the whole block."""
    budget = Budget(limits)
    token = _current.set(budget)
    try:
        yield budget
    finally:
        _current.reset(token)


def reading() -> Budget:
    """What a reader counts one file's rows against: the block's budget, or outside any
    block a fresh one with `CLI_LIMITS` for this file."""
    return _current.get() or Budget(CLI_LIMITS)


def check_encoding(name: str | None) -> str | None:
    """The name if it is a text encoding Python knows; `InvalidInput` otherwise."""
    if not name:
        return None
    try:
        info = codecs.lookup(name)
        # Python marks its transforms (hex, zlib, base64, rot13...) as not text encodings;
        # decoding with one raises LookupError deep in a reader.
        if not getattr(info, "_is_text_encoding", True):
            raise LookupError(name)
    except LookupError:
        raise InvalidInput(f"unknown or non-text encoding {name!r} (try cp874 or utf-8)") from None
    return name
