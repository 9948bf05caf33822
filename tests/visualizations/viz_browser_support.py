"""What the browser fixture hands to tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Opened:
    """A page opened with every non-file request blocked and counted."""

    page: Any
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def xss_count(self) -> int:
        return int(self.page.evaluate("window.__xss || 0"))
