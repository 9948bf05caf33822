"""What every router shares: documented error responses, pagination and scope parameters."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query

from partnernet.api.schemas import Problem

_DESCRIPTIONS = {
    400: "The body could not be read (not JSON, not form data, bad encoding).",
    401: "No API key, an invalid key, or a read-only server (no keys configured).",
    403: "The key's role is too low for this route.",
    404: "Not found; for places and issues, with the closest suggestions.",
    409: "Already exists.",
    413: "Request body, upload or row count over the limit.",
    422: "Invalid input, with the field errors or suggestions.",
    429: "Rate limit reached; see Retry-After.",
    501: "Not available with this store or build.",
    503: "Store unavailable, or an analysis is still running; see Retry-After.",
}


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": Problem, "description": _DESCRIPTIONS[code]} for code in codes}


READ = problems(401, 403, 422, 429, 503)
WRITE = problems(400, 401, 403, 404, 409, 413, 422, 429, 503)

Limit = Annotated[int, Query(ge=1, le=500, description="Page size.")]
AsOfQuery = Annotated[
    str | None,
    Query(
        max_length=60,
        description="As the network stood that day: 2023-03-22, 2566-03-22 or 22 มี.ค. 2566.",
        examples=["2566-03-22"],
    ),
]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip.")]
ProvinceQuery = Annotated[
    str | None,
    Query(
        max_length=200,
        description="Province: code 40, ขอนแก่น, จ.ขอนแก่น or Khon Kaen.",
        examples=["40"],
    ),
]
RegionQuery = Annotated[
    str | None,
    Query(
        max_length=200,
        description="Region: Northeast, อีสาน, region6:North, …",
        examples=["Northeast"],
    ),
]
IssueQuery = Annotated[
    str | None,
    Query(
        max_length=200,
        description="Issue code or Thai/English name (housing, ที่อยู่อาศัย).",
        examples=["housing"],
    ),
]
SeedQuery = Annotated[int, Query(ge=0, le=2**31 - 1, description="Random seed.")]
