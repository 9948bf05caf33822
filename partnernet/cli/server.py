"""`serve` (the HTTP API and web pages) and `keys` (API keys with roles)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from partnernet.cli.common import (
    StoreOption,
    _friendly_errors,
    _run,
    app,
)


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 8000,
    store: StoreOption = None,
) -> None:
    """The HTTP API (/api/v1, OpenAPI at /docs) and the web pages, with uvicorn. Without API
    keys it serves read-only; add keys with `partnernet keys add`."""
    from partnernet.api.app import serve as run_server

    typer.echo(f"partnernet on http://{host}:{port}/  (API: http://{host}:{port}/docs)")
    with _friendly_errors():
        run_server(host, port, store_uri=store)


keys_app = typer.Typer(
    help="API keys: viewer (read), editor (write, ingest), admin.", no_args_is_help=True
)
app.add_typer(keys_app, name="keys")
KeysFileOption = Annotated[
    Path | None,
    typer.Option(
        "--file", help="Keys file (default $PARTNERNET_API_KEYS_FILE or ./partnernet.keys)."
    ),
]


def _keys_file(path: Path | None) -> Path:
    from partnernet.api.settings import Settings

    found = path or Settings().api_keys_file
    if found is None:
        typer.echo("error: no keys file configured; pass --file", err=True)
        raise typer.Exit(2)
    return found


@keys_app.command("add")
def keys_add(
    role: Annotated[str, typer.Option("--role", help="viewer, editor or admin")],
    name: Annotated[str | None, typer.Option("--name")] = None,
    file: KeysFileOption = None,
) -> None:
    """Create a key; it is printed once, only its hash is stored."""
    from partnernet.api.auth import append_key, generate_key

    target = _keys_file(file)
    plain, entry = _run(lambda: generate_key(role, name))
    _run(lambda: append_key(target, entry))
    typer.echo(plain)
    typer.echo(f"stored the hash in {target}; the key is not shown again", err=True)


@keys_app.command("list")
def keys_list(file: KeysFileOption = None) -> None:
    """The keys in the file (ids, roles, names; never the keys)."""
    from partnernet.api.auth import list_keys

    for key in _run(lambda: list_keys(_keys_file(file))):
        typer.echo(f"{key.key_id}  {key.role.value:<7} {key.name}")


@keys_app.command("revoke")
def keys_revoke(key_id: Annotated[str, typer.Argument()], file: KeysFileOption = None) -> None:
    """Remove a key from the file."""
    from partnernet.api.auth import revoke_key

    if not _run(lambda: revoke_key(_keys_file(file), key_id)):
        typer.echo(f"error: no key {key_id!r}", err=True)
        raise typer.Exit(2)
    typer.echo(f"revoked {key_id}")
