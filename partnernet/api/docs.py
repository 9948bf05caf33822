"""An offline API reference at /docs, built from the OpenAPI document (Swagger UI and ReDoc
load their scripts from a CDN, which planners' offices often cannot reach).

Each operation gets a request example that can be pasted into a shell: `curl` against this
server, with the key header where the operation needs one, path and query values from the
parameters' documented examples, and the JSON body from the body schema's first example (a
file upload for multipart bodies). The markup is the `docs.html` template (autoescaped); the
descriptions' bit of markdown (`code`, **bold**, paragraphs, lists) is rendered after escaping,
so only our own tags appear; the page has no script.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from partnernet.api import web

router = APIRouter(include_in_schema=False)
_METHODS = ("get", "post", "put", "patch", "delete")
# Path parameters whose schema carries no example: a value from the shipped sample.
_SAMPLE_VALUES = {
    "org_id": "council:subdistrict:400118",
    "proposal_id": "proposal:2022-09-10-forum:1",
    "upload_id": "<upload id from POST /api/v1/ingest>",
    "key_id": "<key id from GET /api/v1/keys>",
}
_OPTIONAL_IN_EXAMPLE = 2  # optional query parameters (with an example) shown per request
_SCOPES = frozenset({"province", "region", "issue"})  # one scope per example (some exclude)


def markdown(text: str) -> Markup:
    """The little markdown of our descriptions, on already-escaped text: paragraphs, `- `
    lists, `code`, **bold** and *emphasis*."""
    html = str(escape(text))
    html = re.sub(r"`([^`]+)`", r"<code>\1</code>", html)
    html = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", html)
    html = re.sub(r"(?<![*\w])\*([^*\s][^*]*)\*(?![*\w])", r"<em>\1</em>", html)
    blocks = []
    for block in re.split(r"\n\s*\n", html.strip()):
        lines = block.splitlines()
        if lines and all(line.lstrip().startswith("- ") for line in lines):
            items = "".join(f"<li>{line.lstrip()[2:]}</li>" for line in lines)
            blocks.append(f"<ul>{items}</ul>")
        elif block:
            blocks.append(f"<p>{' '.join(line.strip() for line in lines)}</p>")
    return Markup("".join(blocks))


def _resolve(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        found: dict[str, Any] = document["components"]["schemas"][ref.rsplit("/", 1)[1]]
        return found
    return schema


def example_value(param: dict[str, Any], document: dict[str, Any]) -> Any:
    """A parameter's documented example, its enum's first value or default, else None."""
    for source in (param, param.get("schema", {})):
        if "example" in source:
            return source["example"]
        if source.get("examples"):
            examples = source["examples"]
            first = examples[0] if isinstance(examples, list) else next(iter(examples.values()))
            return first.get("value") if isinstance(first, dict) else first
    schema = param.get("schema", {})
    for option in [schema, *schema.get("anyOf", [])]:
        resolved = _resolve(option, document)
        if resolved.get("enum"):
            return resolved["enum"][0]
    return _SAMPLE_VALUES.get(str(param.get("name")))


@dataclass
class RequestExample:
    """One operation's example request, as values (tests send it; `curl` prints it)."""

    method: str
    path: str  # path parameters filled in
    query: list[tuple[str, str]] = field(default_factory=list)
    json_body: Any = None
    files: list[str] = field(default_factory=list)  # multipart file fields
    needs_key: bool = False
    download: bool = False  # the answer is a file (not JSON): curl saves it under its name


def request_example(
    path: str, method: str, op: dict[str, Any], document: dict[str, Any]
) -> RequestExample:
    """The example request of one operation (see the module docstring). Query parameters:
    the required ones and up to two optional ones with an example, never two scopes."""
    example = RequestExample(method.upper(), path, needs_key=bool(op.get("security")))
    answer = op.get("responses", {}).get("200", {}).get("content", {})
    example.download = bool(answer) and not any("json" in kind for kind in answer)
    optional = 0
    scoped = False
    for param in op.get("parameters", []):
        value = example_value(param, document)
        where, name = param.get("in"), str(param.get("name"))
        if where == "path":
            filled = str(value if value is not None else name)
            example.path = example.path.replace("{" + name + "}", filled)
        elif where == "query" and value is not None:
            required = bool(param.get("required"))
            extra = optional >= _OPTIONAL_IN_EXAMPLE or (scoped and name in _SCOPES)
            if not required and extra:
                continue
            optional += 0 if required else 1
            scoped = scoped or name in _SCOPES
            text = str(value).lower() if isinstance(value, bool) else str(value)
            example.query.append((name, text))
    content = op.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        schema = _resolve(content["application/json"].get("schema", {}), document)
        example.json_body = (schema.get("examples") or [{}])[0]
    elif "multipart/form-data" in content:
        schema = _resolve(content["multipart/form-data"].get("schema", {}), document)
        example.files = [
            name
            for name, prop in schema.get("properties", {}).items()
            if prop.get("type") == "array" or prop.get("contentMediaType")
        ]
    return example


def curl(base: str, example: RequestExample) -> str:
    """The example as a `curl` command to paste into a shell."""
    parts = ["curl"]
    if example.method != "GET":
        parts.append(f"-X {example.method}")
    elif example.query:
        parts.append("-G")
    parts.append(shlex.quote(base.rstrip("/") + example.path))
    if example.needs_key:
        parts.append('-H "X-API-Key: $PARTNERNET_KEY"')
    parts += [f"--data-urlencode {shlex.quote(f'{k}={v}')}" for k, v in example.query]
    if example.json_body is not None:
        body = json.dumps(example.json_body, ensure_ascii=False)
        parts += ["-H 'Content-Type: application/json'", f"--data {shlex.quote(body)}"]
    parts += [f"-F {name}=@organizations.csv" for name in example.files]
    if example.download:
        parts.append("-OJ")  # save under the name the server gives (Content-Disposition)
    return " \\\n  ".join(parts)


def _operation(
    base: str, path: str, method: str, op: dict[str, Any], document: dict[str, Any]
) -> dict[str, Any]:
    return {
        "id": f"{method}-{re.sub(r'[^a-z0-9]+', '-', path.lower()).strip('-')}",
        "method": method.upper(),
        "path": path,
        "summary": op.get("summary", ""),
        "description": markdown(op.get("description", "")),
        "parameters": [
            {
                "name": p.get("name"),
                "where": p.get("in"),
                "required": bool(p.get("required")),
                "description": p.get("description", ""),
                "example": example_value(p, document),
            }
            for p in op.get("parameters", [])
        ],
        "body": ", ".join(op.get("requestBody", {}).get("content", {})),
        "responses": [
            (code, response.get("description", ""))
            for code, response in sorted(op.get("responses", {}).items())
        ],
        "example": curl(base, request_example(path, method, op, document)),
    }


def sections(schema: dict[str, Any], base: str) -> list[tuple[str, list[dict[str, Any]]]]:
    """The operations grouped by their first tag, in the document's order."""
    found: dict[str, list[dict[str, Any]]] = {}
    for path, operations in schema.get("paths", {}).items():
        for method in _METHODS:
            if method in operations:
                op = operations[method]
                tag = (op.get("tags") or ["other"])[0]
                found.setdefault(tag, []).append(_operation(base, path, method, op, schema))
    return list(found.items())


@router.get("/docs", response_class=HTMLResponse)
def reference(request: Request) -> HTMLResponse:
    schema = request.app.openapi()
    info = schema.get("info", {})
    tags = {t["name"]: t.get("description", "") for t in schema.get("tags", [])}
    return web.render(
        "docs.html",
        lang="en",
        script=None,
        title=info.get("title", ""),
        version=info.get("version", ""),
        description=markdown(info.get("description", "")),
        tags=tags,
        sections=sections(schema, str(request.base_url)),
    )
