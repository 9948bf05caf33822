"""The `partnernet` command: parses arguments, calls the library, prints. Nothing else.

Every command takes `--store` (a SQLite path, the default `partnernet.sqlite`, or a
`bolt://`/`neo4j://` URI; also $PARTNERNET_STORE) and most take `--json`. The commands live
in modules by what users do with them; `common` holds the app, the shared options and the one
error path. Importing this package registers them all.
"""

from __future__ import annotations

from importlib import import_module

from partnernet.cli.common import _friendly_errors, app

# Registered in this order, which is the order `partnernet --help` lists them in.
COMMAND_MODULES = ("data", "planning", "maps", "history", "audit", "evaluate", "server")
for _module in COMMAND_MODULES:
    import_module(f"partnernet.cli.{_module}")

__all__ = ["COMMAND_MODULES", "app", "main"]


def main() -> None:
    with _friendly_errors():
        app()
