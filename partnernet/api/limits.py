"""Request limits: body size (413 before any parsing) and per-identity rate limiting (429).

`BodyLimitMiddleware` is plain ASGI so that it runs before FastAPI reads a byte: a declared
`Content-Length` over the limit is refused at once, and a body sent without one (chunked) is
counted as it streams and cut off at the limit. Upload routes get a larger limit.

`RateLimiter` is an in-memory token bucket per identity (API key id, or client address for
requests without a key): `per_minute` tokens a minute, up to `burst` at once.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_MAX_IDENTITIES = 20_000


class BodyTooLarge(HTTPException):
    """Raised from `receive` when a streamed body passes the limit. An HTTPException, so that
    FastAPI's body parsing passes it on unchanged and the error handler answers 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body is larger than the limit of {limit:,} bytes")
        self.limit = limit


def _problem_body(limit: int, path: str) -> bytes:
    return json.dumps(
        {
            "type": "about:blank",
            "title": "Payload too large",
            "status": 413,
            "detail": f"request body is larger than the limit of {limit:,} bytes",
            "instance": path,
        }
    ).encode("utf-8")


class BodyLimitMiddleware:
    """413 for bodies over `limit` bytes (`upload_limit` under `upload_prefixes`)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        limit: int,
        upload_limit: int,
        upload_prefixes: Sequence[str] = (),
    ) -> None:
        self.app = app
        self.limit = limit
        self.upload_limit = upload_limit
        self.upload_prefixes = tuple(upload_prefixes)

    def _limit_for(self, path: str) -> int:
        return self.upload_limit if path.startswith(self.upload_prefixes) else self.limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        limit = self._limit_for(path)
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared < 0 or declared > limit:
                    await _send_413(send, limit, path)
                    return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if started:
                raise
            await _send_413(send, limit, path)


async def _send_413(send: Send, limit: int, path: str) -> None:
    body = _problem_body(limit, path)
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class SecurityHeadersMiddleware:
    """Headers every response carries (pages add their own Content-Security-Policy)."""

    HEADERS = (
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"SAMEORIGIN"),
        (b"cross-origin-opener-policy", b"same-origin"),
    )

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.HEADERS if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


class FloodGuard:
    """429 before routing for an API caller already over its rate limit.

    A flood from one caller over its limit was answered 429 only after FastAPI had routed
    each request and solved its dependencies; at hundreds a second that work is what slowed
    everyone else's reads (`bench/attack_bench.py`). `over_limit(scope)` (`deps.over_limit`)
    only *peeks* at the buckets the authentication dependency charges, so the answer is the
    one the dependency would give, at a fraction of the cost; whatever is not refused here is
    checked there as before. Only under `prefix`, and never `skip` (`/health`).
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        over_limit: Callable[[Scope], float | None],
        prefix: str,
        skip: Sequence[str] = (),
    ) -> None:
        self.app = app
        self.over_limit = over_limit
        self.prefix = prefix
        self.skip = tuple(skip)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path = str(scope.get("path", ""))
            if path.startswith(self.prefix) and not path.startswith(self.skip):
                wait = self.over_limit(scope)
                if wait is not None:
                    from partnernet.api.errors import RateLimited, problem

                    refused = RateLimited(wait)
                    response = problem(429, refused.detail, instance=path, headers=refused.headers)
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)


class RateLimiter:
    """Token buckets by identity; `check` returns None or the seconds to wait."""

    def __init__(self, per_minute: int, burst: int) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(max(1, burst))
        self.enabled = per_minute > 0
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, identity: str, cost: float = 1.0) -> float | None:
        if not self.enabled:
            return None
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.pop(identity, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= cost:
                self._buckets[identity] = (tokens - cost, now)
                wait = None
            else:
                self._buckets[identity] = (tokens, now)
                wait = (cost - tokens) / self.rate
            while len(self._buckets) > _MAX_IDENTITIES:
                self._buckets.popitem(last=False)
        return wait

    def peek(self, identity: str, cost: float = 1.0) -> float | None:
        """Like `check` but takes nothing: whether `identity` is over its limit right now
        (the failed-attempt limit is asked this BEFORE a key is hashed)."""
        if not self.enabled:
            return None
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(identity, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        return None if tokens >= cost else (cost - tokens) / self.rate

    def remaining(self, identity: str) -> float:
        """The tokens `identity` has right now (what heavy work's cost comes out of)."""
        if not self.enabled:
            return float("inf")
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(identity, (self.burst, now))
        return min(self.burst, tokens + (now - last) * self.rate)

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {"identities": len(self._buckets), "per_second": self.rate, "burst": self.burst}
