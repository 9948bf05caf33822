"""FastAPI dependencies: the app state, who is calling (API key or session cookie), roles,
rate limits.

Access rules:
- no keys configured: the server is read-only; reads are open, writes answer 401;
- keys configured: reads need a viewer key (unless `public_reads`), writes an editor key,
  key management and Cypher an admin key; no or an unknown key → 401, too low a role → 403;
- a key comes in the `X-API-Key` header or as `Authorization: Bearer …`; the web pages sign
  in once and then send the server-side session's id in a cookie (never the key); writes
  authenticated by the cookie must also carry the `X-Partnernet-Request` header (a cross-site
  form cannot send it);
- every identified caller (key id, else client address) is rate limited; failed key checks
  are limited per address more strictly, and an address over that limit is answered 429
  before its key is hashed (a flood of wrong keys costs no scrypt).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyCookie, APIKeyHeader
from starlette.concurrency import run_in_threadpool
from starlette.types import Scope

from partnernet.api.auth import CSRF_HEADER, KEY_HEADER, SESSION_COOKIE, Role
from partnernet.api.errors import Forbidden, RateLimited, Unauthorized
from partnernet.api.state import AppState
from partnernet.service.audit import AuditContext

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

header_scheme = APIKeyHeader(
    name=KEY_HEADER,
    auto_error=False,
    scheme_name="ApiKey",
    description="An API key (`partnernet keys add --role viewer|editor|admin`).",
)
cookie_scheme = APIKeyCookie(
    name=SESSION_COOKIE,
    auto_error=False,
    scheme_name="Session",
    description="A session id set by POST /api/v1/session (used by the web pages).",
)


@dataclass(frozen=True)
class Principal:
    role: Role | None  # None: no key
    key_id: str | None
    name: str
    via: Literal["header", "cookie", "none"]


ANONYMOUS = Principal(role=None, key_id=None, name="anonymous", via="none")


async def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.partnernet
    return state


StateDep = Annotated[AppState, Depends(get_state)]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _presented(request: Request, header_key: str | None) -> str | None:
    if header_key:
        return header_key.strip()
    auth = request.headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


async def authenticate(
    request: Request,
    state: StateDep,
    header_key: Annotated[str | None, Security(header_scheme)] = None,
    cookie_session: Annotated[str | None, Security(cookie_scheme)] = None,
) -> Principal:
    """Who is calling; 401 for a key that is not valid, 429 over the rate limit. On the
    event loop: every request comes through here, the 429s of a flood included, and a
    thread hop each would slow everyone's requests; only the scrypt of a key not seen
    lately runs on a thread."""
    plain = _presented(request, header_key)
    address = client_address(request)
    principal = ANONYMOUS
    if plain is not None:
        failures = f"fail:{address}"
        known, key = state.keys.cached(plain)
        if not known:
            wait = state.auth_failures.peek(failures)
            if wait is not None:  # before hashing: a flood of wrong keys costs no scrypt
                raise RateLimited(wait)
            key = await run_in_threadpool(state.keys.verify, plain)
        if key is None:
            wait = state.auth_failures.check(failures)
            if wait is not None:
                raise RateLimited(wait)
            raise Unauthorized(
                "the API key is not valid",
                headers={"WWW-Authenticate": f'ApiKey header="{KEY_HEADER}"'},
            )
        principal = Principal(role=key.role, key_id=key.key_id, name=key.name, via="header")
    elif cookie_session:
        # A session names a key id; the key is looked up again, so revoking it ends the
        # session. An unknown or expired session: carry on without it.
        key_id = state.sessions.key_id(cookie_session.strip())
        found = state.keys.get(key_id) if key_id else None
        if found is not None:
            principal = Principal(
                role=found.role, key_id=found.key_id, name=found.name, via="cookie"
            )
    identity = f"key:{principal.key_id}" if principal.key_id else f"ip:{address}"
    wait = state.limiter.check(identity)
    if wait is not None:
        raise RateLimited(wait)
    return principal


PrincipalDep = Annotated[Principal, Depends(authenticate)]


def over_limit(state: AppState, scope: Scope) -> float | None:
    """What `authenticate` would answer 429 for, known without hashing or routing (the
    seconds to wait, or None): `limits.FloodGuard` asks this before a request is routed.
    Only peeks; a request with a session cookie and no key is left to `authenticate`."""
    headers = dict(scope.get("headers") or [])
    client = scope.get("client")
    address = client[0] if client else "unknown"
    plain = headers.get(KEY_HEADER.lower().encode(), b"").decode("latin-1").strip()
    if not plain:
        scheme, _, token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
        plain = token.strip() if scheme.lower() == "bearer" else ""
    if not plain:
        if b"cookie" in headers:
            return None
        return state.limiter.peek(f"ip:{address}")
    known, key = state.keys.cached(plain)
    if not known or key is None:  # unknown (would be hashed) or a known wrong key
        return state.auth_failures.peek(f"fail:{address}")
    return state.limiter.peek(f"key:{key.key_id}")


def identity(request: Request, principal: Principal) -> str:
    """Whom limits count against: the key id, else the client address."""
    return f"key:{principal.key_id}" if principal.key_id else f"ip:{client_address(request)}"


async def caller(request: Request, principal: PrincipalDep) -> str:
    """The identity heavy work is counted against (see `identity`)."""
    return identity(request, principal)


CallerDep = Annotated[str, Depends(caller)]


def require(role: Role) -> Callable[..., Awaitable[Principal]]:
    """A dependency admitting callers with at least `role` (see the module docstring)."""

    async def dependency(request: Request, state: StateDep, principal: PrincipalDep) -> Principal:
        if role is Role.VIEWER and (state.read_only or state.settings.public_reads):
            return principal
        if state.read_only:
            raise Unauthorized(
                "this server is read-only: no API keys are configured "
                "(create one with `partnernet keys add --role editor`)"
            )
        if principal.role is None:
            raise Unauthorized(
                f"this needs an API key with the {role.value} role, in the {KEY_HEADER} header",
                headers={"WWW-Authenticate": f'ApiKey header="{KEY_HEADER}"'},
            )
        if not principal.role.allows(role):
            raise Forbidden(
                f"this needs the {role.value} role; the key {principal.name!r} has "
                f"{principal.role.value}"
            )
        if (
            principal.via == "cookie"
            and request.method not in _SAFE_METHODS
            and not request.headers.get(CSRF_HEADER)
        ):
            raise Forbidden(
                f"requests signed in by the session cookie need the {CSRF_HEADER} header"
            )
        return principal

    dependency.__name__ = f"require_{role.value}"
    return dependency


Viewer = Annotated[Principal, Depends(require(Role.VIEWER))]
Editor = Annotated[Principal, Depends(require(Role.EDITOR))]
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]


def audit_context(principal: Principal, source: str) -> AuditContext:
    """Who the audit trail names for a write by `principal` (its key's name and id)."""
    who = f"{principal.name} [{principal.key_id}]" if principal.key_id else principal.name
    return AuditContext(who=who, source=source)
