"""Plain HTML forms that write (they work without script): who may post them and the form
token that stands in for the `X-Partnernet-Request` header.

A write signed in by the session cookie must prove it comes from our own page: page.js sends
the header, a plain form cannot, so the page puts a token in a hidden field instead. The token
is an HMAC of the session id under a secret of this process (sessions live in the process
too), so a page of another site can neither read nor forge it; the session cookie is also
SameSite=strict. Writes with the key in a header need neither.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from fastapi import Request

from partnernet.api.auth import CSRF_HEADER, SESSION_COOKIE, Role
from partnernet.api.deps import Principal
from partnernet.api.errors import Forbidden, Unauthorized
from partnernet.api.state import AppState

TOKEN_FIELD = "form_token"
_SECRET = secrets.token_bytes(32)


def form_token(request: Request) -> str:
    """The token the page's forms carry ('' without a session: nothing to protect)."""
    session = request.cookies.get(SESSION_COOKIE, "").strip()
    if not session:
        return ""
    return hmac.new(_SECRET, session.encode("utf-8"), hashlib.sha256).hexdigest()


def can(principal: Principal, role: Role) -> bool:
    return principal.role is not None and principal.role.allows(role)


def foreign_origin(request: Request) -> bool:
    """A POST sent by another site's page. (The pages send no referrer, so Chromium sends
    `Origin: null` for their own forms; the SameSite cookie already keeps other sites out.)"""
    if request.headers.get("sec-fetch-site") == "cross-site":
        return True
    origin = request.headers.get("origin") or "null"
    return origin != "null" and urlsplit(origin).netloc != request.url.netloc


def check_write(
    request: Request, state: AppState, principal: Principal, token: str | None, role: Role
) -> None:
    """Refuse a form post without `role` (401/403), sent from another site's page (403) or,
    signed in by the cookie, without the header or a valid token (403)."""
    if state.read_only:
        raise Unauthorized("this server is read-only: no API keys are configured")
    if principal.role is None:
        raise Unauthorized(f"sign in with a key with the {role.value} role first")
    if not principal.role.allows(role):
        raise Forbidden(
            f"this needs the {role.value} role; the key {principal.name!r} has "
            f"{principal.role.value}"
        )
    if foreign_origin(request):
        raise Forbidden("this form was sent from another site; nothing was changed")
    if principal.via != "cookie" or request.headers.get(CSRF_HEADER):
        return
    expected = form_token(request)
    if not (token and expected and hmac.compare_digest(token, expected)):
        raise Forbidden("the form has expired or does not come from this site; reload the page")
