"""/api/v1: health, stats, the browser session (sign in with a key), key management."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response, status

from partnernet.api.auth import SESSION_COOKIE
from partnernet.api.bodies import KeyCreate, SessionIn
from partnernet.api.deps import Admin, PrincipalDep, StateDep, Viewer, client_address
from partnernet.api.errors import NotFound, RateLimited, Unauthorized
from partnernet.api.routers._common import READ, WRITE, problems
from partnernet.api.schemas import HealthOut, KeyCreated, KeyOut, SessionOut, StatsOut
from partnernet.api.state import store_kind

router = APIRouter(tags=["server"])


@router.get(
    "/health",
    response_model=HealthOut,
    responses={503: {"model": HealthOut, "description": "The store does not answer."}},
    summary="Is the server up, and its store (no key needed)",
)
def health(state: StateDep, response: Response) -> dict[str, Any]:
    """Answers within `health_timeout_seconds` even when the store hangs (its check runs in a
    thread and is reused for 2 s); 503 with `store_state: unreachable` when the store does
    not answer, so a load balancer stops sending requests. `graph_version` is the one that
    check read ("" when the store does not answer): /health never waits on the store itself."""
    probe = state.probe.result()
    if probe.state != "ok":
        response.status_code = 503
        response.headers["Retry-After"] = "5"
    return {
        "status": "ok" if probe.state == "ok" else "degraded",
        "store": store_kind(state.store.uri),
        "store_state": probe.state,
        "store_check_ms": probe.checked_ms,
        "graph_version": probe.version,
        "cache": state.runner.stats(),
    }


@router.get(
    "/stats",
    response_model=StatsOut,
    responses=READ,
    summary="Nodes by label and relationships by type",
)
def stats(state: StateDep, _: Viewer) -> dict[str, Any]:
    found = state.store.stats()
    return {
        **found.model_dump(),
        "graph_version": state.graph_version(),
        "store": store_kind(state.store.uri),
    }


def _session(state: Any, role: str | None, name: str | None) -> dict[str, Any]:
    can_write = role in ("editor", "admin")
    return {
        "signed_in": role is not None,
        "role": role,
        "name": name,
        "read_only_server": state.read_only,
        "can_write": can_write,
    }


@router.get(
    "/session", response_model=SessionOut, responses=problems(401, 429), summary="Who the caller is"
)
def get_session(state: StateDep, principal: PrincipalDep) -> dict[str, Any]:
    role = principal.role.value if principal.role else None
    return _session(state, role, principal.name if principal.role else None)


def _secure(request: Request, state: StateDep) -> bool:
    return state.settings.secure_cookies or request.url.scheme == "https"


@router.post(
    "/session",
    response_model=SessionOut,
    responses=problems(400, 401, 413, 422, 429),
    summary="Sign in the browser with a key (sets an HttpOnly session cookie)",
)
def sign_in(
    body: SessionIn, request: Request, response: Response, state: StateDep
) -> dict[str, Any]:
    """The cookie holds a random session id the server maps to the key (never the key); the
    session ends at sign-out, after `session_seconds`, or when the key is revoked."""
    failures = f"fail:{client_address(request)}"
    wait = state.auth_failures.peek(failures)
    if wait is not None:
        raise RateLimited(wait)
    key = state.keys.verify(body.key.strip())
    if key is None:
        wait = state.auth_failures.check(failures)
        if wait is not None:
            raise RateLimited(wait)
        raise Unauthorized(
            "this server is read-only: no API keys are configured"
            if state.read_only
            else "the API key is not valid"
        )
    state.sessions.end(request.cookies.get(SESSION_COOKIE))
    response.set_cookie(
        SESSION_COOKIE,
        state.sessions.start(key.key_id),
        max_age=int(state.sessions.seconds),
        httponly=True,
        samesite="strict",
        secure=_secure(request, state),
        path="/",
    )
    return _session(state, key.role.value, key.name)


@router.delete("/session", response_model=SessionOut, summary="Sign out the browser")
def sign_out(request: Request, response: Response, state: StateDep) -> dict[str, Any]:
    """Ends the session on the server (the cookie no longer signs anything in) and clears it."""
    state.sessions.end(request.cookies.get(SESSION_COOKIE))
    response.delete_cookie(
        SESSION_COOKIE,
        path="/",
        httponly=True,
        samesite="strict",
        secure=_secure(request, state),
    )
    return _session(state, None, None)


def _key_out(key: Any) -> dict[str, Any]:
    return {"key_id": key.key_id, "role": key.role.value, "name": key.name, "source": key.source}


@router.get("/keys", response_model=list[KeyOut], responses=READ, summary="List API keys")
def list_keys(state: StateDep, _: Admin) -> list[dict[str, Any]]:
    """Ids, roles and names; never the keys or their hashes."""
    return [_key_out(k) for k in state.keys.listing()]


@router.post(
    "/keys",
    response_model=KeyCreated,
    status_code=status.HTTP_201_CREATED,
    responses=WRITE,
    summary="Create an API key",
)
def create_key(body: KeyCreate, state: StateDep, _: Admin) -> dict[str, Any]:
    """The key is shown only in this response; the server keeps its scrypt hash (in the keys
    file when one is configured, otherwise until restart)."""
    plain, key = state.keys.add(body.role, body.name)
    return {**_key_out(key), "key": plain}


@router.delete(
    "/keys/{key_id}", response_model=KeyOut, responses=WRITE, summary="Revoke an API key"
)
def revoke_key(
    key_id: Annotated[str, Path(pattern=r"^~?[0-9a-f]{8}$")], state: StateDep, _: Admin
) -> dict[str, Any]:
    key = state.keys.revoke(key_id)
    if key is None:
        raise NotFound(f"no key with id {key_id}")
    return _key_out(key)
