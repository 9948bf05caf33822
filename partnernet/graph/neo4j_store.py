"""The Neo4j backend: the GraphStore protocol on a Neo4j 5 server, through the official driver.

Every statement comes from `partnernet.graph.cypher`; this module batches, retries and maps
errors, and `neo4j_tx` holds what runs inside a transaction (parameters in, rows out). It
behaves exactly like the SQLite store (the contract suite checks both): same merge rule, same
rejections and reasons, same search ranking, and subgraph reads go through the same
`GraphRecords` → `graph_from_records` path, so analyses receive identical networkx graphs
from either backend.

Writes are batched `UNWIND … MERGE` statements, one per label (nodes) or per relationship
type, one transaction per batch (its endpoint checks and all its statements). Every write is
an idempotent MERGE, so a batch that fails on a lost connection, a server restart or a commit
whose outcome is unknown (`IncompleteCommit`) is simply replayed, with backoff, for up to
`retry_seconds` (after such a replay its rows count as unchanged rather than created). A batch
the server refuses as bad data (`ClientError`) is never retried as is: it is split in halves
until the offending rows are isolated, and those go to `WriteReport.rejected` with the
server's message while the other rows land.

The password is handed to the driver and kept nowhere else; it appears in no repr, log line or
error message.

Size: over ~600 lines on purpose: the whole GraphStore protocol for this backend in one file,
method for method beside `sqlite_store.py`, so the two read side by side; the Cypher itself
lives in `cypher.py` and `neo4j_tx.py`.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import Any, TypeVar

import networkx as nx
from neo4j import (
    READ_ACCESS,
    Driver,
    GraphDatabase,
    ManagedTransaction,
    NotificationDisabledClassification,
    Query,
)
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConnectionAcquisitionTimeoutError,
    DriverError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from partnernet.foundation.errors import InvalidInput, TooLarge, UserError
from partnernet.foundation.gc_pause import collector_paused
from partnernet.graph import cypher, neo4j_tx
from partnernet.graph.audit import AuditEntry
from partnernet.graph.cypher import Statement
from partnernet.graph.model import (
    Node,
    NodeKind,
    Relationship,
    RelType,
    node_from_props,
)
from partnernet.graph.store import (
    DATA_VERSION_KEY,
    WHOLE_GRAPH,
    Direction,
    GraphStats,
    Neighbour,
    RejectedWrite,
    Scope,
    StoreError,
    WriteReport,
    check_meta_key,
    endpoint_problem,
    graph_from_records,
    rank_search,
    rel_label,
)

log = logging.getLogger(__name__)

T = TypeVar("T")

# Neo4j error codes that mean "this data cannot be written" (isolate the rows, never retry),
# except those that mean the statement itself is wrong (a bug here, not bad rows).
_DATA_ERROR_PREFIXES = ("Neo.ClientError.Statement.", "Neo.ClientError.Schema.")
_STATEMENT_ERRORS = frozenset(
    {
        "Neo.ClientError.Statement.SyntaxError",
        "Neo.ClientError.Statement.SemanticError",
        "Neo.ClientError.Statement.ParameterMissing",
    }
)


# Writes sort a window of this many batches by kind/type, so that a batch holds few kinds (one
# statement, one round trip each) rather than a slice of every kind.
_WINDOW_BATCHES = 10


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    if size < 1:
        raise ValueError("batch_size must be >= 1")
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _runs(rows: list[T], key: Callable[[T], object]) -> Iterator[list[T]]:
    """Split rows, in order, into runs without a repeated key (one UNWIND statement each), so
    that a key given twice in a batch merges in sequence, as it does in SQLite."""
    run: list[T] = []
    seen: set[object] = set()
    for row in rows:
        k = key(row)
        if k in seen:
            yield run
            run, seen = [], set()
        run.append(row)
        seen.add(k)
    if run:
        yield run


def _first_kind_wins(window: list[Node], report: WriteReport) -> list[Node]:
    """The nodes of `window` minus those whose id came earlier in it as another kind (those
    are rejected, as they would be once the first is stored), so that the window can be
    sorted by kind without changing which kind an id gets."""
    first: dict[str, NodeKind] = {}
    kept: list[Node] = []
    for node in window:
        known = first.setdefault(node.id, node.kind)
        if known is not node.kind:
            report.rejected.append(neo4j_tx.kind_conflict(node, known))
        else:
            kept.append(node)
    return kept


def _is_data_error(exc: BaseException) -> bool:
    code = str(getattr(exc, "code", "") or "")
    return (
        isinstance(exc, ClientError)
        and code.startswith(_DATA_ERROR_PREFIXES)
        and code not in _STATEMENT_ERRORS
    )


def _is_transient(exc: BaseException) -> bool:
    if isinstance(
        exc,
        IncompleteCommit
        | ServiceUnavailable
        | SessionExpired
        | TransientError
        | ConnectionAcquisitionTimeoutError,
    ):
        return True
    if isinstance(exc, Neo4jError | DriverError):
        return exc.is_retryable()
    return isinstance(exc, OSError)  # a socket error the driver did not wrap


def _server_message(exc: Neo4jError) -> str:
    return f"Neo4j refused the row ({exc.code}): {exc.message}"


def _query_error(exc: Neo4jError, timeout: float) -> UserError:
    """A researcher's query the server refused or stopped, as an error the user can act on."""
    code = str(exc.code or "")
    message = (exc.message or str(exc)).splitlines()[0][:300]
    if "TransactionTimedOut" in code or code.endswith(".Transaction.Terminated"):
        return TooLarge(f"the query was stopped at its time limit of {timeout:g} s")
    if "MemoryPoolOutOfMemoryError" in code or "MemoryLimitExceeded" in code:
        return TooLarge(
            "the query needs more memory than one query may use "
            "(the server's db.memory.transaction.max); narrow it or add a LIMIT"
        )
    return InvalidInput(f"Neo4j refused the query: {message}")


class _BadRows(Exception):
    """A batch the server refused as bad data (carries the ClientError)."""

    def __init__(self, error: ClientError) -> None:
        super().__init__(str(error))
        self.error = error


class Neo4jStore:
    """GraphStore on a Neo4j 5 server (`bolt://` or `neo4j://` URI)."""

    def __init__(
        self,
        uri: str,
        user: str = "neo4j",
        password: str = "",
        database: str | None = None,
        batch_size: int = 5000,
        *,
        retry_seconds: float = 120.0,
        connection_timeout: float = 10.0,
    ) -> None:
        self.uri = uri
        self.user = user
        self.database = database
        self.batch_size = batch_size
        self.retry_seconds = retry_seconds
        # Neo4j's own counters of what the write statements did (nodes_created, …), summed
        # over committed transactions: a second load of the same data adds nothing here.
        self.counters: Counter[str] = Counter()
        try:
            self._driver: Driver = GraphDatabase.driver(
                uri,
                auth=(user, password),
                connection_timeout=connection_timeout,
                # A request must not wait a minute (the driver's default) for a connection
                # to a server that is gone; the store's own retry decides how long to try.
                connection_acquisition_timeout=connection_timeout + 5.0,
                # The store retries whole batches itself (see _retrying); the driver's own
                # retry window only smooths over brief blips inside one attempt.
                max_transaction_retry_time=2.0,
                # Labels and types come from the enums, so statements name labels that a
                # young database has never seen: the server's "unknown label" warnings are
                # expected noise, not a sign of a typo.
                notifications_disabled_classifications=[
                    NotificationDisabledClassification.UNRECOGNIZED
                ],
            )
        except (ValueError, DriverError) as exc:
            raise StoreError(f"cannot open Neo4j store at {uri}: {exc}") from None
        try:
            self._driver.verify_connectivity()
        except AuthError:
            self._driver.close()
            raise StoreError(
                f"Neo4j at {uri} refused the credentials for user {user!r} "
                "(check PARTNERNET_NEO4J_USER / PARTNERNET_NEO4J_PASSWORD)"
            ) from None
        except (Neo4jError, DriverError, OSError) as exc:
            self._driver.close()
            raise StoreError(f"cannot reach Neo4j at {uri}: {type(exc).__name__}: {exc}") from None
        try:
            self.init_schema()
        except BaseException:
            self._driver.close()
            raise

    def __repr__(self) -> str:
        return f"Neo4jStore(uri={self.uri!r}, user={self.user!r}, database={self.database!r})"

    # -- plumbing -------------------------------------------------------------------------

    def _retrying(self, what: str, attempt: Callable[[], T]) -> T:
        """Run `attempt`, replaying it on transient / connection failures with backoff."""
        deadline = time.monotonic() + self.retry_seconds
        delay = 0.2
        while True:
            try:
                return attempt()
            except _BadRows:
                raise
            except AuthError:
                raise StoreError(f"Neo4j at {self.uri} refused the credentials") from None
            except Exception as exc:
                if not _is_transient(exc):
                    if isinstance(exc, Neo4jError | DriverError):
                        raise StoreError(
                            f"Neo4j at {self.uri} failed during {what}: {exc}"
                        ) from exc
                    raise
                if time.monotonic() + delay > deadline:
                    raise StoreError(
                        f"Neo4j at {self.uri} stayed unavailable for {self.retry_seconds:.0f} s "
                        f"during {what}: {type(exc).__name__}: {exc}"
                    ) from exc
                log.warning(
                    "Neo4j at %s: %s failed (%s); retrying in %.1f s",
                    self.uri,
                    what,
                    type(exc).__name__,
                    delay,
                )
                time.sleep(delay)
                delay = min(delay * 2, 2.0)  # short: resume soon after a restart

    def _write(self, what: str, work: Callable[[ManagedTransaction], T]) -> T:
        """One write transaction, replayed on transient failures (every write is a MERGE)."""

        def attempt() -> T:
            with self._driver.session(database=self.database) as session:
                try:
                    return session.execute_write(work)
                except ClientError as exc:
                    if _is_data_error(exc):
                        raise _BadRows(exc) from exc
                    raise

        return self._retrying(what, attempt)

    def _read(self, what: str, work: Callable[[ManagedTransaction], T]) -> T:
        # Every read here consumes its whole result inside the transaction, so the server is
        # asked for all records at once (fetch_size -1): it streams while the driver decodes,
        # instead of idling between pulls of 1,000 records (a province read: 0.48 -> 0.21 s
        # with the streamed statements of cypher._records_tail).
        def attempt() -> T:
            with self._driver.session(database=self.database, fetch_size=-1) as session:
                return session.execute_read(work)

        return self._retrying(what, attempt)

    def _query(self, statement: Statement, **params: Any) -> list[dict[str, Any]]:
        """A read returning all rows as dicts."""

        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            return [record.data() for record in neo4j_tx.run(tx, statement, params)]

        return self._read(statement.name, work)

    # -- writer ---------------------------------------------------------------------------

    def init_schema(self) -> None:
        existing = {row["name"] for row in self._query(cypher.INDEX_NAMES)}
        existing |= {row["name"] for row in self._query(cypher.CONSTRAINT_NAMES)}
        missing = [s for s in cypher.schema_statements() if s.name not in existing]
        if not missing:
            return

        def create(tx: ManagedTransaction) -> None:
            for statement in missing:  # one schema transaction: one commit, not sixty
                neo4j_tx.run(tx, statement, {}).consume()

        self._write("schema", create)
        self._write("await indexes", neo4j_tx.consume(cypher.AWAIT_INDEXES, timeout_seconds=300))

    def clear(self) -> None:
        # The deletes run in many transactions, so the version moves on twice: before them,
        # so that a clear cut short (crash, lost connection) leaves no deleted data under the
        # old version; and after them, with the meta keys going, so that anything derived
        # from a half-cleared graph while they ran is stamped with a version that is gone.
        self._write("clear (data version)", neo4j_tx.bump_data_version)

        def attempt() -> None:
            with self._driver.session(database=self.database) as session:
                # CALL … IN TRANSACTIONS needs an auto-commit query.
                for statement in (cypher.CLEAR_RELATIONSHIPS, cypher.CLEAR, cypher.CLEAR_AUDIT):
                    session.run(statement.text).consume()  # type: ignore[arg-type,unused-ignore]

        self._retrying("clear", attempt)

        def meta(tx: ManagedTransaction) -> None:
            neo4j_tx.run(tx, cypher.CLEAR_META, {"version_key": DATA_VERSION_KEY}).consume()
            neo4j_tx.bump_data_version(tx)

        self._write("clear (meta)", meta)

    def set_meta(self, key: str, value: str) -> None:
        params = {"key": check_meta_key(key), "value": value}
        try:
            self._write("set_meta", neo4j_tx.consume(cypher.SET_META, **params))
        except _BadRows as bad:  # nothing to isolate: one value, which the server refused
            raise StoreError(f"Neo4j at {self.uri} refused meta key {key!r}: {bad}") from None

    def close(self) -> None:
        self._driver.close()

    def harness_token(self) -> str | None:
        """The token of the test harness marker node, if this database has one."""
        rows = self._query(cypher.HARNESS_TOKEN)
        token = rows[0]["token"] if rows else None
        return str(token) if token is not None else None

    def run_read_only(
        self,
        query: str,
        params: Mapping[str, Any],
        *,
        timeout: float,
        row_limit: int,
        check_plan: Callable[[Mapping[str, Any]], None] | None = None,
    ) -> tuple[list[str], list[list[Any]], bool]:
        """Run a researcher's own query (the one place text from outside reaches the server).

        First the server parses and plans it (`EXPLAIN`, which runs nothing) and `check_plan`
        judges the plan (the caller's allowlist; it raises to refuse); then it runs as one
        auto-commit query in READ access mode with the server-side transaction timeout
        `timeout` (the server stops it there, and its memory limit stops a query that would
        take the heap), fetching at most `row_limit` rows. Auto-commit, not a managed
        transaction: the driver must not replay a query that hit a limit.
        Returns (columns, rows, truncated). The server's refusals are `UserError`s (syntax
        400; time and memory limits `TooLarge`); a lost server is a `StoreError`."""
        args = dict(params)
        try:
            with self._driver.session(
                database=self.database,
                default_access_mode=READ_ACCESS,
                fetch_size=min(row_limit + 1, 1000),
            ) as session:
                if check_plan is not None:
                    plan = session.run(Query("EXPLAIN " + query, timeout=timeout), args)
                    check_plan(plan.consume().plan or {})
                result = session.run(Query(query, timeout=timeout), args)
                columns = [str(key) for key in result.keys()]  # noqa: SIM118 (a Result)
                rows: list[list[Any]] = []
                for record in result:
                    if len(rows) == row_limit:
                        return columns, rows, True
                    rows.append(list(record.values()))
                return columns, rows, False
        except Neo4jError as exc:
            raise _query_error(exc, timeout) from None
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise StoreError(f"Neo4j at {self.uri} is not reachable: {exc}") from None

    def upsert_nodes(self, nodes: Iterable[Node], batch_size: int | None = None) -> WriteReport:
        report = WriteReport()
        size = batch_size or self.batch_size
        for window in _chunks(nodes, size * _WINDOW_BATCHES):
            kept = _first_kind_wins(window, report)
            kept.sort(key=lambda n: n.kind.value)  # stable: a repeated id keeps its order
            for batch in _chunks(kept, size):
                report.add(self._isolating(batch, self._write_node_batch, lambda n: n.id))
        return report

    def upsert_relationships(
        self, rels: Iterable[Relationship], batch_size: int | None = None
    ) -> WriteReport:
        report = WriteReport()
        size = batch_size or self.batch_size
        for window in _chunks(rels, size * _WINDOW_BATCHES):
            window.sort(key=lambda r: r.type.value)  # stable: a repeated key keeps its order
            for batch in _chunks(window, size):
                report.add(self._isolating(batch, self._write_rel_batch, rel_label))
        return report

    def _isolating(
        self,
        batch: list[T],
        write: Callable[[list[T]], WriteReport],
        name: Callable[[T], str],
    ) -> WriteReport:
        """Write a batch; if the server refuses it as bad data, bisect to find the bad rows."""
        try:
            return write(batch)
        except _BadRows as bad:
            if len(batch) == 1:
                return WriteReport(
                    rejected=[RejectedWrite(item=name(batch[0]), reason=_server_message(bad.error))]
                )
            middle = len(batch) // 2
            report = self._isolating(batch[:middle], write, name)
            return report.add(self._isolating(batch[middle:], write, name))

    def _write_node_batch(self, batch: list[Node]) -> WriteReport:
        def work(tx: ManagedTransaction) -> tuple[WriteReport, Counter[str]]:
            report = WriteReport()
            counters: Counter[str] = Counter()
            kinds = neo4j_tx.kinds_in(tx, {node.id for node in batch})
            groups: dict[NodeKind, list[dict[str, Any]]] = {}
            for node in batch:
                known = kinds.get(node.id)
                if known is not None and known is not node.kind:
                    report.rejected.append(neo4j_tx.kind_conflict(node, known))
                    continue
                kinds[node.id] = node.kind
                groups.setdefault(node.kind, []).append(neo4j_tx.node_row(node))
            for kind, rows in groups.items():
                statement = cypher.upsert_nodes(kind)
                for run in _runs(rows, lambda row: row["id"]):
                    result = neo4j_tx.run(tx, statement, {"batch": {"rows": run}})
                    updated = int(result.single(strict=True)["updated"])
                    created = neo4j_tx.add_counters(counters, result.consume()).nodes_created
                    report.created += created
                    report.updated += updated
                    report.unchanged += len(run) - created - updated
            if report.created or report.updated:  # same transaction: see data_version
                neo4j_tx.bump_data_version(tx)
            return report, counters

        report, counters = self._write(f"upsert of {len(batch)} nodes", work)
        self.counters.update(counters)
        return report

    def _write_rel_batch(self, batch: list[Relationship]) -> WriteReport:
        def work(tx: ManagedTransaction) -> tuple[WriteReport, Counter[str]]:
            report = WriteReport()
            counters: Counter[str] = Counter()
            kinds = neo4j_tx.kinds_in(tx, {r.source for r in batch} | {r.target for r in batch})
            groups: dict[tuple[RelType, NodeKind, NodeKind], list[dict[str, Any]]] = {}
            for rel in batch:
                reason = endpoint_problem(rel, kinds)
                if reason:
                    report.rejected.append(RejectedWrite(item=rel_label(rel), reason=reason))
                    continue
                key = (rel.type, kinds[rel.source], kinds[rel.target])
                groups.setdefault(key, []).append(neo4j_tx.rel_row(rel))
            for (type_, source, target), rows in groups.items():
                statement = cypher.upsert_relationships(type_, source, target)
                for run in _runs(rows, lambda row: (row["source"], row["target"])):
                    result = neo4j_tx.run(tx, statement, {"batch": {"rows": run}})
                    record = result.single(strict=True)
                    created = neo4j_tx.add_counters(
                        counters, result.consume()
                    ).relationships_created
                    matched, updated = int(record["matched"]), int(record["updated"])
                    report.created += created
                    report.updated += updated
                    report.unchanged += matched - created - updated
                    if matched < len(run):  # endpoints deleted since the kind check
                        report.rejected.extend(neo4j_tx.vanished(tx, type_, run))
            if report.created or report.updated:  # same transaction: see data_version
                neo4j_tx.bump_data_version(tx)
            return report, counters

        report, counters = self._write(f"upsert of {len(batch)} relationships", work)
        self.counters.update(counters)
        return report

    # -- audit trail (graph/audit.py; what runs in the transaction: neo4j_tx.py) -----------

    def add_audit(self, entries: Sequence[AuditEntry]) -> None:
        for batch in _chunks(entries, 5000):

            def work(tx: ManagedTransaction, rows: list[AuditEntry] = batch) -> None:
                neo4j_tx.add_audit(tx, rows)

            self._write("audit", work)

    def audit_page(
        self,
        *,
        node_id: str | None = None,
        province_code: str | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> tuple[int, list[AuditEntry]]:
        return self._read(
            "audit page",
            lambda tx: neo4j_tx.audit_page(tx, node_id, province_code, offset, limit),
        )

    def get_audit(self, entry_id: str) -> AuditEntry | None:
        rows = self._query(cypher.GET_AUDIT, id=entry_id)
        return AuditEntry.model_validate_json(rows[0]["body"]) if rows else None

    def get_nodes(self, ids: Sequence[str]) -> dict[str, Node]:
        return {i: node_from_props(*found) for i, found in self._fetch_nodes(ids).items()}

    def get_relationships(
        self, keys: Sequence[tuple[str, str, str]]
    ) -> dict[tuple[str, str, str], Relationship]:
        rows = [{"type": t, "source": s, "target": g} for t, s, g in dict.fromkeys(keys)]
        if not rows:
            return {}
        found = self._query(cypher.RELATIONSHIPS_BY_KEYS, lookup={"keys": rows})
        return {
            (r["type"], r["source"], r["target"]): Relationship.from_props(
                r["type"], r["source"], r["target"], r["props"]
            )
            for r in found
        }

    def restore_node(self, kind: NodeKind, node_id: str, props: Mapping[str, Any] | None) -> None:
        self._write("restore", lambda tx: neo4j_tx.restore_node(tx, kind, node_id, props))

    def restore_relationship(
        self, type_: RelType, source: str, target: str, props: Mapping[str, Any] | None
    ) -> None:
        self._write(
            "restore",
            lambda tx: neo4j_tx.restore_relationship(tx, type_, source, target, props),
        )

    # -- reader ---------------------------------------------------------------------------

    def get_node(self, node_id: str) -> Node | None:
        found = self._fetch_nodes([node_id]).get(node_id)
        return node_from_props(*found) if found else None

    def get_relationship(self, type_: RelType, source: str, target: str) -> Relationship | None:
        rows = self._query(cypher.get_relationship(type_), source=source, target=target)
        if not rows:
            return None
        return Relationship.from_props(type_, source, target, rows[0]["props"])

    def existing_ids(self, ids: Iterable[str]) -> dict[str, NodeKind]:
        wanted = neo4j_tx.unique(ids)
        if not wanted:
            return {}
        return self._read("existing_ids", lambda tx: neo4j_tx.kinds_in(tx, wanted))

    def iter_nodes(self, kind: NodeKind | None = None) -> Iterator[Node]:
        rows = self._query(cypher.iter_nodes(kind))
        nodes: list[tuple[str, NodeKind, dict[str, Any]]] = []
        for row in rows:
            found = neo4j_tx.kind_of(row["labels"])
            if found is not None:
                nodes.append((row["id"], found, neo4j_tx.public(row["props"])))
        nodes.sort(key=lambda item: item[0])  # Python's (code point) order, as SQLite's
        for _, found, props in nodes:
            yield node_from_props(found, props)

    def nodes_page(
        self,
        kinds: Sequence[NodeKind],
        *,
        province_code: str | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> tuple[int, list[Node]]:
        if not kinds:
            return 0, []
        statement = cypher.node_ids(kinds, in_province=province_code is not None)
        params = {} if province_code is None else {"province": province_code}
        ids = sorted(self._query(statement, **params)[0]["ids"])  # Python's order, as SQLite's
        page = ids[max(0, offset) : max(0, offset) + max(0, limit)]
        found = self._fetch_nodes(page)
        return len(ids), [node_from_props(*found[i]) for i in page if i in found]

    def search(
        self, text: str, kinds: Sequence[NodeKind] | None = None, limit: int = 20
    ) -> list[Node]:
        from partnernet.foundation.thai import normalize_key

        query = normalize_key(text)
        if not query:
            return []
        rows = self._query(cypher.search_candidates(kinds or None), query=query)
        found_kinds = {row["id"]: neo4j_tx.kind_of(row["labels"]) for row in rows}
        candidates = [(row["id"], row["keys"]) for row in rows if found_kinds[row["id"]]]
        ids = rank_search(text, candidates, {k: v.value for k, v in found_kinds.items() if v})[
            :limit
        ]
        found = self._fetch_nodes(ids)
        return [node_from_props(*found[node_id]) for node_id in ids if node_id in found]

    def fulltext(self, query: str, limit: int = 20) -> list[tuple[str, float]]:
        """Word search over names and aliases with the full-text index (Thai analyzer; Lucene
        query syntax), best first: for researchers, beside the exact-key `search`."""

        def work(tx: ManagedTransaction) -> list[tuple[str, float]]:
            neo4j_tx.run(tx, cypher.FULLTEXT_REFRESH, {}).consume()
            params = {"index": cypher.FULLTEXT_INDEX, "query": query, "limit": limit}
            return [
                (r["id"], float(r["score"]))
                for r in neo4j_tx.run(tx, cypher.FULLTEXT_SEARCH, params)
            ]

        return self._read("full-text search", work)

    def neighbours(
        self,
        node_id: str,
        rel_types: Sequence[RelType] | None = None,
        direction: Direction = "both",
    ) -> list[Neighbour]:
        if direction not in ("out", "in", "both"):
            raise InvalidInput(f"direction must be 'out', 'in' or 'both', not {direction!r}")
        rows = self._query(
            cypher.NEIGHBOURS,
            id=node_id,
            lookup={"types": [t.value for t in rel_types] if rel_types else None},
            outgoing=direction in ("out", "both"),
            incoming=direction in ("in", "both"),
        )
        result: list[Neighbour] = []
        for row in rows:
            kind = neo4j_tx.kind_of(row["labels"])
            type_ = neo4j_tx.TYPE_BY_NAME.get(row["type"])
            if kind is None or type_ is None:
                continue
            rel = Relationship.from_props(type_, row["source"], row["target"], row["rel_props"])
            node = node_from_props(kind, neo4j_tx.public(row["props"]))
            result.append(Neighbour(rel, node, "out" if row["out"] else "in"))
        result.sort(key=lambda n: (n.relationship.type.value, n.node.id, n.direction))
        return result

    @collector_paused()
    def subgraph(self, scope: Scope = WHOLE_GRAPH) -> nx.MultiDiGraph:
        if scope.is_whole:
            return graph_from_records(self._read("subgraph", neo4j_tx.whole_graph))
        if scope.ego is not None:
            ego, radius = scope.ego, scope.radius
            return graph_from_records(
                self._read("ego subgraph", lambda tx: neo4j_tx.ego_records(tx, ego, radius))
            )
        params: dict[str, Any]
        if scope.provinces is not None:
            statement = cypher.PROVINCE_SUBGRAPH
            params = {"lookup": {"codes": sorted(scope.provinces)}}
        else:
            statement, params = cypher.ISSUE_SUBGRAPH, {"issue": scope.issue}
        return graph_from_records(
            self._read(statement.name, lambda tx: neo4j_tx.scoped_records(tx, statement, params))
        )

    def stats(self) -> GraphStats:
        def work(tx: ManagedTransaction) -> GraphStats:
            node_counts = neo4j_tx.run(tx, cypher.NODE_COUNTS, {}).single(strict=True)["counts"]
            rel_counts = neo4j_tx.run(tx, cypher.RELATIONSHIP_COUNTS, {}).single(strict=True)[
                "counts"
            ]
            nodes = {
                name: int(n)
                for name, n in zip(cypher.COUNTED_LABELS, node_counts, strict=True)
                if n
            }
            rels = {
                t.value: int(n) for t, n in zip(cypher.COUNTED_TYPES, rel_counts, strict=True) if n
            }
            return GraphStats(
                nodes=dict(sorted(nodes.items())), relationships=dict(sorted(rels.items()))
            )

        return self._read("stats", work)

    def get_meta(self, key: str) -> str | None:
        rows = self._query(cypher.GET_META, key=check_meta_key(key))
        value = rows[0]["value"] if rows else None
        return None if value is None else str(value)

    def data_version(self) -> int:
        rows = self._query(cypher.GET_META, key=DATA_VERSION_KEY)
        return int(rows[0]["value"]) if rows else 0  # no node yet: nothing was ever written

    # -- internals ------------------------------------------------------------------------

    def _fetch_nodes(self, ids: Sequence[str]) -> dict[str, tuple[NodeKind, dict[str, Any]]]:
        wanted = neo4j_tx.unique(ids)
        if not wanted:
            return {}

        def work(tx: ManagedTransaction) -> dict[str, tuple[NodeKind, dict[str, Any]]]:
            found: dict[str, tuple[NodeKind, dict[str, Any]]] = {}
            for record in neo4j_tx.run(tx, cypher.NODES_BY_IDS, {"lookup": {"ids": wanted}}):
                kind = neo4j_tx.kind_of(record["labels"])
                if kind is not None:
                    found[record["id"]] = (kind, neo4j_tx.public(record["props"]))
            return found

        return self._read("node lookup", work)
