"""Server settings: environment variables with the `PARTNERNET_` prefix (or a `.env` file given
to `Settings(_env_file=...)`), secrets as `SecretStr` so they never show in a repr or a log.

    PARTNERNET_STORE             SQLite path or bolt:// / neo4j:// URI (as the CLI)
    PARTNERNET_API_KEYS          comma-separated key entries (see `partnernet.api.auth`)
    PARTNERNET_API_KEYS_FILE     file of hashed key entries, one per line (./partnernet.keys)
    PARTNERNET_PUBLIC_READS      with keys configured, let reads through without a key
    PARTNERNET_MAX_BODY_BYTES    … and the limits below

With no keys at all the server is read-only: reads are open, every write answers 401.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

MIB = 1024 * 1024


class Settings(BaseSettings):
    """Everything `create_app` reads; defaults suit `partnernet serve` on loopback."""

    model_config = SettingsConfigDict(env_prefix="PARTNERNET_", extra="ignore", frozen=True)

    store: str | None = Field(
        default=None, description="SQLite file or bolt:// / neo4j:// URI (default: the CLI's)."
    )
    api_keys: SecretStr | None = Field(
        default=None,
        description="Comma-separated `role:key` (hashed at start) or hashed entries.",
    )
    api_keys_file: Path | None = Field(
        default=Path("partnernet.keys"),
        description="File of hashed key entries (`partnernet keys add` writes it); a missing "
        "file means no keys from it.",
    )
    public_reads: bool = Field(
        default=False,
        description="With keys configured, serve the pages and reads without a key; writes "
        "still need an editor key, Cypher and key management an admin key.",
    )
    template: Path | None = Field(
        default=None, description="Partnership template instead of the shipped one."
    )
    upload_dir: Path | None = Field(
        default=None, description="Where uploads and their rejects files go (default: temp)."
    )
    min_key_length: int = Field(default=24, ge=16, le=256)
    key_hash_cost: int = Field(
        default=2**14,
        ge=2**10,
        le=2**20,
        description="scrypt N for keys hashed by the server (a power of two).",
    )
    secure_cookies: bool = Field(
        default=False,
        description="Mark the session cookie Secure even over plain HTTP (behind a TLS proxy); "
        "it is always Secure when the request came over HTTPS.",
    )
    session_seconds: float = Field(
        default=12 * 3600, gt=0, description="How long a browser session lasts."
    )

    max_body_bytes: int = Field(default=1 * MIB, ge=1024)
    max_upload_bytes: int = Field(default=20 * MIB, ge=1024)
    max_upload_files: int = Field(default=10, ge=1, le=1000)
    max_upload_rows: int = Field(default=200_000, ge=1)
    max_upload_cells: int = Field(
        default=10_000_000, ge=1, description="Declared rows x columns of one uploaded sheet."
    )

    rate_limit_per_minute: int = Field(default=1200, ge=0, description="0 turns it off.")
    rate_limit_burst: int = Field(default=200, ge=1)
    auth_failures_per_minute: int = Field(default=30, ge=1)

    heavy_workers: int = Field(
        default=2, ge=1, le=64, description="Threads for exports and uploads (their own)."
    )
    heavy_queue: int = Field(
        default=4, ge=0, description="Heavy requests admitted beyond those running; more: 503."
    )
    heavy_processes: bool = Field(
        default=True,
        description="Run exports in the lane's child processes (when the server opened its "
        "store itself), so their Python work does not slow cheap requests; off: threads.",
    )
    heavy_per_key: int = Field(
        default=2, ge=1, description="Heavy requests one caller may have at once; more: 429."
    )
    heavy_cost: float = Field(
        default=10.0,
        ge=0,
        description="Rate-limit tokens a heavy request takes, times its kind's weight "
        "(heavy.COST_WEIGHTS: exports, uploads, whole-graph analyses 1).",
    )

    analysis_timeout_seconds: float = Field(default=30.0, gt=0)
    analysis_workers: int = Field(default=2, ge=1, le=64)
    analysis_queue: int = Field(default=32, ge=1)
    analysis_per_key: int = Field(
        default=4,
        ge=1,
        description="Uncached analyses or renders one caller may have running at once; more: 429.",
    )
    cache_entries: int = Field(default=512, ge=1)

    store_connect_timeout_seconds: float = Field(
        default=3.0, gt=0, le=120, description="Neo4j: how long to wait for a connection."
    )
    store_retry_seconds: float = Field(
        default=5.0,
        ge=0,
        le=600,
        description="Neo4j: how long a request retries a lost server before answering 503.",
    )
    health_timeout_seconds: float = Field(
        default=2.0, gt=0, le=30, description="How long /health waits for the store's answer."
    )

    cypher_timeout_seconds: float = Field(default=10.0, gt=0, le=600)
    cypher_row_limit: int = Field(default=1000, ge=1, le=100_000)
    cypher_user: str | None = Field(
        default=None, description="A read-only Neo4j user for the Cypher endpoint."
    )
    cypher_password: SecretStr | None = None

    @field_validator("key_hash_cost")
    @classmethod
    def _power_of_two(cls, value: int) -> int:
        if value & (value - 1):
            raise ValueError("key_hash_cost must be a power of two")
        return value
