"""API keys with roles (viewer < editor < admin), stored only as salted scrypt hashes.

A generated key reads `pn_<key id>_<secret>`: the 8-hex-digit key id is public (it names the
key in listings and revocations), the secret is 256 random bits. A *key entry* is what the
server stores, one per line of the keys file or comma-separated in `PARTNERNET_API_KEYS`:

    editor:1a2b3c4d:field-office:scrypt$16384$8$1$<salt>$<hash>

`PARTNERNET_API_KEYS` also takes `role:plain-key` items (e.g. from a secrets manager); they are
hashed at start and the plain text is dropped. A plain key shorter than `min_key_length`, with
too few distinct characters or from the list of well-known defaults refuses to start.

Verification costs one scrypt (~0.1 s) the first time a key is seen; after that a per-process
cache keyed by a peppered SHA-256 of the key answers for `VERIFIED_SECONDS`. An unknown key id
costs the same scrypt as a known one (against a dummy hash), so timing does not tell whether
an id exists; the caller's failed-attempt limit is checked BEFORE any hashing (deps.py), so
guessing cannot load the CPU.

Keys added or revoked in the keys file (`partnernet keys add|revoke`) reach a running server:
the ring looks at the file's modification time and size at most once a second and reloads it
when they change. Browser sign-ins get a server-side `Sessions` entry (a random id in the
cookie, never the key) that expires and that sign-out or revoking the key ends.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from partnernet.api.settings import Settings
from partnernet.foundation.errors import InvalidInput

log = logging.getLogger(__name__)

KEY_HEADER = "X-API-Key"
SESSION_COOKIE = "partnernet_session"
VERIFIED_SECONDS = 60.0  # how long a checked key is answered from the cache
RELOAD_SECONDS = 1.0  # how often the keys file's mtime and size are looked at
CSRF_HEADER = "X-Partnernet-Request"
DEFAULT_COST = 2**14
_KEY_RE = re.compile(r"^pn_([0-9a-f]{8})_[A-Za-z0-9_-]{20,200}$")
_NAME_RE = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")
_ID_RE = re.compile(r"^~?[0-9a-f]{8}$")
_MAX_KEY = 512
_CACHE = 4096

# Keys that appear in examples, tutorials and default configs; never accepted.
KNOWN_DEFAULTS = frozenset(
    {
        "changeme",
        "change-me",
        "change_me",
        "secret",
        "password",
        "admin",
        "administrator",
        "partnernet",
        "test",
        "testing",
        "apikey",
        "api-key",
        "api_key",
        "default",
        "example",
        "letmein",
        "token",
        "qwerty",
        "editor",
        "viewer",
        "changemechangemechangeme",
        "secretsecretsecretsecret",
        "pn_00000000_changeme-changeme-changeme",
        "pn_example_key_do_not_use",
        "your-api-key-here",
        "your_api_key_here",
        "insert-key-here",
        "0123456789abcdef0123456789abcdef",
        "abcdefghijklmnopqrstuvwxyz",
    }
)


class Role(StrEnum):
    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def allows(self, needed: Role) -> bool:
        return self.rank >= needed.rank


_RANK = {Role.VIEWER: 1, Role.EDITOR: 2, Role.ADMIN: 3}


class KeyConfigError(InvalidInput):
    """The configured keys cannot be used; the server refuses to start."""


@dataclass(frozen=True)
class ApiKey:
    key_id: str
    role: Role
    name: str
    digest: str  # scrypt$n$r$p$salt$hash
    source: str = "config"  # env · file · api

    @property
    def entry(self) -> str:
        return f"{self.role.value}:{self.key_id}:{self.name}:{self.digest}"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _scrypt(plain: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        plain.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=32
    )


def hash_key(plain: str, *, cost: int = DEFAULT_COST) -> str:
    """`scrypt$n$r$p$salt$hash` of a key, with a fresh random salt."""
    salt = os.urandom(16)
    return f"scrypt${cost}$8$1${_b64(salt)}${_b64(_scrypt(plain, salt, cost, 8, 1))}"


def check_digest(plain: str, digest: str) -> bool:
    try:
        scheme, n, r, p, salt, expected = digest.split("$")
        if scheme != "scrypt":
            return False
        actual = _scrypt(plain, _unb64(salt), int(n), int(r), int(p))
        return hmac.compare_digest(actual, _unb64(expected))
    except (ValueError, TypeError):
        return False


def key_id_of(plain: str) -> str:
    """The id a presented key is filed under: its embedded id, or a hash prefix."""
    found = _KEY_RE.match(plain)
    if found:
        return found.group(1)
    return "~" + hashlib.sha256(plain.encode("utf-8")).hexdigest()[:8]


def _role(text: str, where: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise KeyConfigError(
            f"{where}: unknown role {text.strip()!r}; expected viewer, editor or admin"
        ) from None


def _name(name: str | None, default: str) -> str:
    name = (name or default).strip()
    if not _NAME_RE.match(name):
        raise KeyConfigError(f"key name {name!r} must be 1-40 letters, digits, '.', '_' or '-'")
    return name


def generate_key(
    role: Role | str, name: str | None = None, *, cost: int = DEFAULT_COST
) -> tuple[str, str]:
    """A new random key: `(plain_key, hashed_entry)`. Show the plain key once; store only the
    entry (keys file or `PARTNERNET_API_KEYS`)."""
    found = _role(str(role), "generate_key")
    key_id = secrets.token_hex(4)
    plain = f"pn_{key_id}_{secrets.token_urlsafe(32)}"
    key = ApiKey(key_id, found, _name(name, f"{found.value}-{key_id}"), hash_key(plain, cost=cost))
    return plain, key.entry


def check_plain_key(plain: str, min_length: int = 24) -> None:
    """Refuse keys that are too short, too simple or well known."""
    lowered = plain.lower()
    if lowered in KNOWN_DEFAULTS or any(word in lowered for word in ("changeme", "example")):
        raise KeyConfigError(
            "a configured API key is a well-known default; generate one with "
            "`partnernet keys add --role ROLE`"
        )
    if len(plain) < min_length:
        raise KeyConfigError(f"a configured API key is shorter than {min_length} characters")
    if len(set(plain)) < 8:
        raise KeyConfigError("a configured API key has fewer than 8 distinct characters")
    if len(plain) > _MAX_KEY or any(c.isspace() or c in ",:" for c in plain):
        raise KeyConfigError(
            "a configured API key is longer than 512 characters or holds spaces, commas or colons"
        )


def parse_entry(text: str, where: str = "key entry", source: str = "config") -> ApiKey:
    """A hashed entry `role:key_id:name:scrypt$…`."""
    parts = text.strip().split(":")
    if len(parts) != 4 or not parts[3].startswith("scrypt$"):
        raise KeyConfigError(f"{where}: expected role:key_id:name:scrypt$… (a hashed entry)")
    role, key_id, name, digest = parts
    if not _ID_RE.match(key_id):
        raise KeyConfigError(f"{where}: bad key id {key_id!r}")
    if digest.count("$") != 5:
        raise KeyConfigError(f"{where}: malformed scrypt hash")
    return ApiKey(key_id, _role(role, where), _name(name, key_id), digest, source)


def _config_items(settings: Settings) -> Iterator[tuple[str, str, str]]:
    """(text, where, source) for every configured entry."""
    if settings.api_keys is not None:
        raw = settings.api_keys.get_secret_value()
        for n, item in enumerate(re.split(r"[,\n]", raw), 1):
            if item.strip():
                yield item.strip(), f"PARTNERNET_API_KEYS item {n}", "env"
    if settings.api_keys_file is not None:
        path = settings.api_keys_file
        if path.exists():
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if line.strip() and not line.lstrip().startswith("#"):
                    yield line.strip(), f"{path}:{n}", "file"


def _parse_items(
    items: Iterable[tuple[str, str, str]], settings: Settings, cost: int
) -> dict[str, ApiKey]:
    keys: dict[str, ApiKey] = {}
    for text, where, source in items:
        if text.count(":") == 3 and "scrypt$" in text:
            key = parse_entry(text, where, source)
        elif source == "file":
            raise KeyConfigError(
                f"{where}: the keys file holds only hashed entries "
                "(`partnernet keys add` writes them)"
            )
        else:
            role, sep, plain = text.partition(":")
            if not sep or not plain:
                raise KeyConfigError(f"{where}: expected role:key or a hashed entry")
            check_plain_key(plain, settings.min_key_length)
            key_id = key_id_of(plain)
            key = ApiKey(
                key_id,
                _role(role, where),
                f"env-{key_id.lstrip('~')}",
                hash_key(plain, cost=cost),
                source,
            )
        if key.key_id in keys:
            raise KeyConfigError(f"{where}: key id {key.key_id} is configured twice")
        keys[key.key_id] = key
    return keys


def load_keys(settings: Settings | None = None, *, cost: int | None = None) -> KeyRing:
    """The keys of the settings (environment and keys file); raises `KeyConfigError` for a
    malformed entry, a plain key in the keys file, a weak or default plain key, or a
    duplicate key id."""
    settings = settings or Settings()
    cost = cost or settings.key_hash_cost
    keys = _parse_items(_config_items(settings), settings, cost)
    return KeyRing(keys.values(), settings.api_keys_file, cost=cost)


def _file_stamp(path: Path | None) -> tuple[int, int] | None:
    try:
        found = path.stat() if path is not None else None
    except OSError:
        return None
    return (found.st_mtime_ns, found.st_size) if found is not None else None


class KeyRing:
    """The server's keys; thread-safe. Keys added or revoked through the API are written to the
    keys file when there is one (keys from the environment can only be revoked until restart);
    changes made to the file by others (the CLI) are picked up within `RELOAD_SECONDS`."""

    def __init__(
        self, keys: Iterable[ApiKey] = (), file: Path | None = None, *, cost: int = DEFAULT_COST
    ) -> None:
        self._keys = {k.key_id: k for k in keys}
        self._file = file
        self._cost = cost
        self._lock = threading.Lock()
        self._pepper = os.urandom(32)
        self._seen: OrderedDict[bytes, tuple[str | None, float]] = OrderedDict()
        # What an unknown key id is checked against, so that it costs what a known one does.
        self._dummy = hash_key(secrets.token_urlsafe(32), cost=cost)
        self._stamp = _file_stamp(file)
        self._looked = time.monotonic()

    # -- the keys file, reloaded when it changes ------------------------------------------

    def refresh(self, *, force: bool = False) -> None:
        """Reload the keys file's entries if its mtime or size changed (checked at most once
        every RELOAD_SECONDS). A file that no longer parses keeps the keys as they were."""
        if self._file is None:
            return
        now = time.monotonic()
        with self._lock:
            if not force and now - self._looked < RELOAD_SECONDS:
                return
            self._looked = now
            stamp = _file_stamp(self._file)
            if stamp == self._stamp and not force:
                return
            self._stamp = stamp
        try:
            lines = self._file.read_text(encoding="utf-8").splitlines() if stamp else []
            fresh = {
                key.key_id: key
                for key in (
                    parse_entry(line, f"{self._file}:{n}", "file")
                    for n, line in enumerate(lines, 1)
                    if line.strip() and not line.lstrip().startswith("#")
                )
            }
        except (OSError, KeyConfigError) as exc:
            log.warning("keys file %s not reloaded (keys unchanged): %s", self._file, exc)
            return
        with self._lock:
            kept = {k: v for k, v in self._keys.items() if v.source != "file"}
            self._keys = {**fresh, **kept}
            self._seen.clear()

    @property
    def configured(self) -> bool:
        self.refresh()
        return bool(self._keys)

    @property
    def file(self) -> Path | None:
        return self._file

    def listing(self) -> list[ApiKey]:
        self.refresh()
        with self._lock:
            return sorted(self._keys.values(), key=lambda k: (k.role.rank, k.name, k.key_id))

    def get(self, key_id: str) -> ApiKey | None:
        """The key with this id, if it is (still) configured."""
        self.refresh()
        with self._lock:
            return self._keys.get(key_id)

    def _token(self, plain: str) -> bytes:
        return hmac.new(self._pepper, plain.encode("utf-8", "replace"), "sha256").digest()

    def cached(self, plain: str) -> tuple[bool, ApiKey | None]:
        """(whether the cache knows this key, the key or None), without hashing: a caller over
        the failed-attempt limit may still use a key that was verified a moment ago."""
        if not plain or len(plain) > _MAX_KEY:
            return True, None
        self.refresh()
        token = self._token(plain)
        with self._lock:
            found = self._seen.get(token)
            if found is None or found[1] <= time.monotonic():
                return False, None
            self._seen.move_to_end(token)
            return True, self._keys.get(found[0]) if found[0] else None

    def verify(self, plain: str) -> ApiKey | None:
        """The key this plain text is, or None."""
        known, key = self.cached(plain)
        if known:
            return key
        token = self._token(plain)
        key_id = key_id_of(plain)
        now = time.monotonic()
        with self._lock:
            candidate = self._keys.get(key_id)
        # The same scrypt for a known and an unknown id: timing tells nothing about ids.
        matched = check_digest(plain, candidate.digest if candidate else self._dummy)
        found = candidate if candidate is not None and matched else None
        with self._lock:
            if found is None or found.key_id in self._keys:
                self._seen[token] = (found.key_id if found else None, now + VERIFIED_SECONDS)
                self._seen.move_to_end(token)
                while len(self._seen) > _CACHE:
                    self._seen.popitem(last=False)
        return found

    def add(self, role: Role | str, name: str | None = None) -> tuple[str, ApiKey]:
        plain, entry = generate_key(role, name, cost=self._cost)
        key = replace(parse_entry(entry), source="file" if self._file else "api")
        with self._lock:
            self._keys[key.key_id] = key
            if self._file is not None:
                append_key(self._file, key.entry)
                self._stamp = _file_stamp(self._file)
        return plain, key

    def revoke(self, key_id: str) -> ApiKey | None:
        """Remove a key (None if there is none); the last admin key cannot be revoked."""
        self.refresh()
        with self._lock:
            found = self._keys.get(key_id)
            admins = [k for k in self._keys.values() if k.role is Role.ADMIN]
            if found is not None and admins == [found]:
                raise KeyConfigError("the last admin key cannot be revoked; add another first")
            key = self._keys.pop(key_id, None)
            self._seen = OrderedDict((t, k) for t, k in self._seen.items() if k[0] != key_id)
            if key is not None and self._file is not None and key.source == "file":
                revoke_key(self._file, key_id)
                self._stamp = _file_stamp(self._file)
        return key


class Sessions:
    """Browser sessions held by the server (per process, in memory): a random id (the cookie)
    names a key id and an expiry. Sign-out ends one; a revoked key ends all of its sessions
    (the key is looked up again on every request). A restart signs everyone out."""

    def __init__(self, seconds: float, limit: int = 10_000) -> None:
        self.seconds = seconds
        self._limit = limit
        self._lock = threading.Lock()
        self._open: OrderedDict[str, tuple[str, float]] = OrderedDict()

    def start(self, key_id: str) -> str:
        session_id = secrets.token_urlsafe(32)
        with self._lock:
            self._open[session_id] = (key_id, time.monotonic() + self.seconds)
            while len(self._open) > self._limit:
                self._open.popitem(last=False)
        return session_id

    def key_id(self, session_id: str) -> str | None:
        """The key id of a live session, or None (unknown or expired)."""
        with self._lock:
            found = self._open.get(session_id)
            if found is None:
                return None
            if found[1] <= time.monotonic():
                del self._open[session_id]
                return None
            return found[0]

    def end(self, session_id: str | None) -> None:
        if session_id:
            with self._lock:
                self._open.pop(session_id, None)


# ---------------------------------------------------------------------------- keys file


def append_key(path: Path, entry: str) -> None:
    """Add a hashed entry to a keys file (created with owner-only permissions)."""
    parse_entry(entry, str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(entry.strip() + "\n")


def list_keys(path: Path) -> list[ApiKey]:
    """The entries of a keys file (hashes included; show only id, role and name)."""
    if not path.exists():
        return []
    return [
        parse_entry(line, f"{path}:{n}", "file")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.strip() and not line.lstrip().startswith("#")
    ]


def revoke_key(path: Path, key_id: str) -> bool:
    """Remove the entry with this key id from a keys file; whether there was one."""
    if not path.exists():
        return False
    lines = path.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if line.strip().split(":")[1:2] != [key_id]]
    if len(kept) == len(lines):
        return False
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("".join(line + "\n" for line in kept))
    os.replace(tmp, path)
    return True
