"""Run a throw-away Neo4j Community 5.26 LTS server for partnernet's tests and users.

The server's jars come from Maven Central through ``pom.xml`` beside this file (resolved once
into ``~/.m2``; later starts reuse a cached classpath and need no network). Everything the
server writes -- config, data, logs, pid, the generated password -- lives in one state
directory (default ``.neo4j/`` at the repository root).

    scripts/neo4j start|stop|status|env [--dir DIR]

Only the standard library is needed, except ``start``, which uses the official ``neo4j``
driver to wait for Bolt and to create the ``(:PartnernetTestHarness {token})`` marker node.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
POM = HERE / "pom.xml"
DEFAULT_DIR = REPO / ".neo4j"
DEFAULT_VERSION = "5.26.30"  # newest 5.26.x on Maven Central when written; NEO4J_VERSION overrides
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1"

SERVER_MAIN = "org.neo4j.server.CommunityEntryPoint"  # what bin/neo4j runs (neo4j-<v>.jar)
ADMIN_MAIN = "org.neo4j.cli.AdminTool"  # what bin/neo4j-admin runs (neo4j-command-line)
USER = "neo4j"
MARKER_LABEL = "PartnernetTestHarness"

# The JVM flags that Neo4j 5's own neo4j.conf passes through server.jvm.additional; launched
# directly, we pass them ourselves. The --add-opens are required on Java 17+.
JVM_FLAGS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
]


class Fail(Exception):
    """A failure reported to the user as one message and a non-zero exit."""


class State:
    """Paths inside one state directory."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.conf_dir = self.root / "conf"
        self.conf = self.conf_dir / "neo4j.conf"
        self.data = self.root / "data"
        self.logs = self.root / "logs"
        self.console_log = self.logs / "console.log"
        self.neo4j_log = self.logs / "neo4j.log"
        self.pid_file = self.root / "neo4j.pid"
        self.instance = self.root / "instance.json"
        self.secrets = self.root / "secrets.json"  # password + token; lives as long as data/
        self.classpath = self.root / "classpath.txt"
        self.classpath_key = self.root / "classpath.key"
        self.lock = self.root / ".lock"


# --------------------------------------------------------------------------- small helpers


def log(msg: str) -> None:
    print(f"neo4j: {msg}", file=sys.stderr, flush=True)


def env_str(name: str, default: str) -> str:
    return os.environ.get(name) or default


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically with mode 0600 (never readable by others)."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def tail(path: Path, since: int = 0, lines: int = 40) -> str:
    """The last ``lines`` lines written to ``path`` after byte offset ``since``."""
    try:
        with open(path, "rb") as f:
            f.seek(since)
            text = f.read().decode("utf-8", errors="replace")
    except OSError:
        return f"({path} does not exist)"
    return "\n".join(text.strip("\n").splitlines()[-lines:]) or "(nothing)"


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        # As the server binds (SO_REUSEADDR): a port whose old connections linger in
        # TIME_WAIT right after a stop is free to it.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def bolt_port(state: State) -> int:
    """The port of the previous start when it is still free, so clients (and a load that
    survives a restart) reconnect to the same URI; otherwise a new free port."""
    try:
        for line in state.conf.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            if key.strip() == "server.bolt.listen_address":
                previous = int(value.rsplit(":", 1)[1])
                if port_is_free(previous):
                    return previous
    except (OSError, ValueError, IndexError):
        pass
    return free_loopback_port()


@contextlib.contextmanager
def locked(state: State) -> Iterator[None]:
    """Serialise start/stop on one state directory."""
    state.root.mkdir(mode=0o700, parents=True, exist_ok=True)
    with open(state.lock, "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        yield


def java_cmd() -> str:
    if os.environ.get("JAVA"):
        return os.environ["JAVA"]
    if os.environ.get("JAVA_HOME"):
        return str(Path(os.environ["JAVA_HOME"]) / "bin" / "java")
    found = shutil.which("java")
    if not found:
        raise Fail(
            "java not found: install Java 17 or 21 (e.g. apt-get install openjdk-17-jre-headless)"
        )
    return found


# --------------------------------------------------------------------------- process state


def server_pid(state: State) -> int | None:
    """The pid of the server this state dir started, if it is still running."""
    try:
        pid = int(state.pid_file.read_text().strip())
    except (OSError, ValueError):
        return None
    proc = Path(f"/proc/{pid}/cmdline")
    if proc.parent.parent.exists():  # Linux: check it is really our java (pids get reused)
        try:
            cmdline = proc.read_bytes().decode(errors="replace")
        except OSError:
            return None
        args = cmdline.split("\0")
        return pid if SERVER_MAIN in args and dir_flag(state) in args else None
    try:
        os.kill(pid, 0)
    except OSError:
        return None
    return pid


def dir_flag(state: State) -> str:
    return f"-Dpartnernet.neo4j.dir={state.root}"


# --------------------------------------------------------------------------- classpath


def resolve_classpath(state: State, version: str) -> list[str]:
    """Jars of Neo4j ``version``: cached in the state dir, else resolved by Maven into ~/.m2."""
    key = hashlib.sha256(POM.read_bytes() + version.encode()).hexdigest()
    if state.classpath_key.exists() and state.classpath_key.read_text().strip() == key:
        jars = state.classpath.read_text().strip().split(os.pathsep)
        if jars and all(Path(j).is_file() for j in jars):
            return jars
    mvn = env_str("MVN", "mvn")
    if not shutil.which(mvn):
        raise Fail("mvn not found: install Maven 3.8+ (e.g. apt-get install maven)")
    out = state.root / "classpath.new"
    base = [
        mvn,
        "-B",
        "-q",
        "-f",
        str(POM),
        f"{DEPENDENCY_PLUGIN}:build-classpath",
        f"-Dneo4j.version={version}",
        f"-Dmdep.outputFile={out}",
    ]
    t0 = time.monotonic()
    # Offline first: after the first resolve everything is in ~/.m2.
    done = subprocess.run([*base, "-o"], capture_output=True, text=True)
    if done.returncode != 0:
        log(f"resolving Neo4j {version} jars with Maven (first time: about a minute) ...")
        done = subprocess.run(base, capture_output=True, text=True)
    if done.returncode != 0:
        raise Fail(
            f"Maven could not resolve Neo4j {version}:\n{(done.stdout + done.stderr)[-3000:]}"
        )
    jars = out.read_text().strip().split(os.pathsep)
    os.replace(out, state.classpath)
    state.classpath_key.write_text(key + "\n")
    log(f"resolved {len(jars)} jars in {time.monotonic() - t0:.1f} s")
    return jars


# --------------------------------------------------------------------------- config


def write_conf(state: State, bolt_port: int) -> None:
    heap = env_str("NEO4J_HEAP", "1g")
    settings = {
        "server.default_listen_address": "127.0.0.1",
        "server.default_advertised_address": "127.0.0.1",
        "server.bolt.enabled": "true",
        "server.bolt.listen_address": f"127.0.0.1:{bolt_port}",
        "server.bolt.advertised_address": f"127.0.0.1:{bolt_port}",
        "server.bolt.tls_level": "DISABLED",
        "server.http.enabled": "false",
        "server.https.enabled": "false",
        "server.directories.data": str(state.data),
        "server.directories.logs": str(state.logs),
        "server.directories.run": str(state.root / "run"),
        "server.directories.plugins": str(state.root / "plugins"),
        "server.directories.licenses": str(state.root / "licenses"),
        "server.memory.heap.initial_size": heap,
        "server.memory.heap.max_size": heap,
        "server.memory.pagecache.size": env_str("NEO4J_PAGECACHE", "512m"),
        "dbms.security.auth_enabled": "true",
        "dbms.usage_report.enabled": "false",  # no phoning home (and no network here anyway)
        "db.tx_log.rotation.retention_policy": "2 files",  # tests churn data: keep disk small
        "db.transaction.timeout": env_str("NEO4J_TX_TIMEOUT", "600s"),
        # Hardening (issue 22, docs/security.md): what the read-only Cypher endpoint's own
        # check refuses must fail here too, should that check ever be wrong.
        # No LOAD CSV from files (and no import directory at all: server.directories.import
        # is left unset), so no file on this machine can be read through Cypher.
        "dbms.security.allow_csv_import_from_file_urls": "false",
        # Only these plugin procedures and functions load (apoc, gds... dropped in plugins/
        # stay unregistered). Measured on 5.26: Neo4j's own built-ins (dbms.listConfig...)
        # are NOT covered by this list; on Community only the endpoint's plan check stops
        # them (on Enterprise/Aura deny EXECUTE to the endpoint's user: docs/security.md).
        "dbms.security.procedures.allowlist": (
            "db.labels,db.relationshipTypes,db.propertyKeys,db.schema.visualization,"
            "db.schema.nodeTypeProperties,db.schema.relTypeProperties,"
            "db.index.fulltext.queryNodes,db.index.fulltext.queryRelationships,"
            "db.awaitIndexes,db.awaitIndex,db.ping,dbms.components,dbms.routing.getRoutingTable"
        ),
        # A transaction may not take the heap: one over its limit fails alone with a
        # MemoryLimitExceeded error instead of starving every other query.
        "db.memory.transaction.max": env_str("NEO4J_TX_MEMORY", "256m"),
        "db.memory.transaction.total.max": env_str("NEO4J_TX_MEMORY_TOTAL", "512m"),
        # Netty's default 5 s quiet period, paid twice, made every stop take ~11 s.
        "internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",
    }
    state.conf_dir.mkdir(parents=True, exist_ok=True)
    lines = ["# Written by scripts/neo4j on every start; edits are overwritten."]
    lines += [f"{k}={v}" for k, v in settings.items()]
    state.conf.write_text("\n".join(lines) + "\n", encoding="utf-8")


def set_initial_password(state: State, jars: list[str], password: str) -> None:
    """Store the password before the first start, as ``neo4j-admin dbms set-initial-password``."""
    pw_file = state.root / ".initial-password"
    write_private(pw_file, password)  # passed as @file (picocli) so it never shows in `ps`
    try:
        env = {
            **os.environ,
            "CLASSPATH": os.pathsep.join(jars),
            "NEO4J_HOME": str(state.root),
            "NEO4J_CONF": str(state.conf_dir),
        }
        done = subprocess.run(
            [java_cmd(), "-Xmx256m", ADMIN_MAIN, "dbms", "set-initial-password", f"@{pw_file}"],
            env=env,
            capture_output=True,
            text=True,
        )
    finally:
        pw_file.unlink(missing_ok=True)
    if done.returncode != 0:
        raise Fail(f"set-initial-password failed:\n{(done.stdout + done.stderr)[-3000:]}")


# --------------------------------------------------------------------------- readiness


def require_driver() -> None:
    try:
        import neo4j  # noqa: F401
    except ImportError as e:
        raise Fail(
            f"the neo4j Python driver is missing for {sys.executable} ({e}); "
            "run with PYTHON=.venv/bin/python or pip install neo4j"
        ) from e


def wait_for_bolt(
    proc: subprocess.Popen[bytes], uri: str, password: str, token: str, timeout: float
) -> None:
    """Wait until Bolt answers a query on the default database, then create the marker."""
    import neo4j  # the official driver; checked by require_driver()
    from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired

    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise Fail(f"the server exited with code {proc.returncode} while starting")
        try:
            # session.run, not execute_query: no built-in retries with back-off (and their
            # warnings); this loop polls on its own.
            with (
                neo4j.GraphDatabase.driver(
                    uri, auth=(USER, password), connection_timeout=5, max_transaction_retry_time=0
                ) as driver,
                driver.session() as session,
            ):
                session.run("RETURN 1").consume()
                session.run(f"MERGE (:{MARKER_LABEL} {{token: $token}})", token=token).consume()
                return
        except AuthError as e:  # retrying cannot help
            raise Fail(f"the server rejected the stored password: {e}") from e
        except (ServiceUnavailable, SessionExpired, Neo4jError, OSError) as e:
            last = e  # not listening yet, or the database is still coming online
        time.sleep(0.25)
    raise Fail(f"Bolt did not answer within {timeout:.0f} s (last error: {last})")


# --------------------------------------------------------------------------- commands


def cmd_start(state: State, timeout: float) -> int:
    with locked(state):
        pid = server_pid(state)
        info = read_json(state.instance)
        if pid is not None and info is not None:
            print(f"neo4j already running at {info['uri']} (pid {pid}); instance: {state.instance}")
            return 0
        if pid is not None:  # running but half-started (e.g. killed `start`): restart cleanly
            stop_pid(pid)
        state.pid_file.unlink(missing_ok=True)
        state.instance.unlink(missing_ok=True)

        require_driver()
        version = env_str("NEO4J_VERSION", DEFAULT_VERSION)
        jars = resolve_classpath(state, version)

        has_system_db = (state.data / "databases" / "system").exists()
        secret = read_json(state.secrets)
        if secret is None:
            if has_system_db:
                raise Fail(
                    f"{state.data} holds a database whose password is unknown "
                    f"({state.secrets} is missing); remove {state.data} to start afresh"
                )
            secret = {
                "user": USER,
                "password": secrets.token_hex(16),
                "token": secrets.token_hex(16),
            }
            write_private(state.secrets, json.dumps(secret, indent=2) + "\n")
        port = bolt_port(state)
        write_conf(state, port)
        if not has_system_db:  # only takes effect before the very first start
            set_initial_password(state, jars, secret["password"])

        state.logs.mkdir(parents=True, exist_ok=True)
        heap = env_str("NEO4J_HEAP", "1g")
        cmd = [
            java_cmd(),
            f"-Xms{heap}",
            f"-Xmx{heap}",
            *JVM_FLAGS,
            dir_flag(state),  # lets stop/status recognise our pid
            SERVER_MAIN,
            f"--home-dir={state.root}",
            f"--config-dir={state.conf_dir}",
        ]
        env = {
            **os.environ,
            "CLASSPATH": os.pathsep.join(jars),
            "NEO4J_HOME": str(state.root),
            "NEO4J_CONF": str(state.conf_dir),
        }
        t0 = time.monotonic()
        log_offsets = {p: size(p) for p in (state.neo4j_log, state.console_log)}
        with open(state.console_log, "ab") as out:
            proc = subprocess.Popen(
                cmd,
                env=env,
                cwd=state.root,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        state.pid_file.write_text(f"{proc.pid}\n")
        uri = f"bolt://127.0.0.1:{port}"
        try:
            wait_for_bolt(proc, uri, secret["password"], secret["token"], timeout)
        except (Fail, KeyboardInterrupt) as e:
            stop_pid(proc.pid)
            state.pid_file.unlink(missing_ok=True)
            logs = "".join(
                f"\n--- {p} (this start):\n{tail(p, offset)}" for p, offset in log_offsets.items()
            )
            raise Fail(f"{e}{logs}") from None
        elapsed = time.monotonic() - t0
        info = {
            "uri": uri,
            "user": USER,
            "password": secret["password"],
            "pid": proc.pid,
            "token": secret["token"],
            "version": version,
            "dir": str(state.root),
            "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "start_seconds": round(elapsed, 1),
        }
        write_private(state.instance, json.dumps(info, indent=2) + "\n")
        print(
            f"neo4j {version} running at {uri} (pid {proc.pid}; Bolt answered in "
            f"{elapsed:.1f} s); instance: {state.instance}"
        )
        return 0


def stop_pid(pid: int, timeout: float = 60.0) -> bool:
    """SIGTERM (clean shutdown), then SIGKILL after ``timeout``; True if it had to kill."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            if os.waitpid(pid, os.WNOHANG)[0] == pid:  # our own child (start failed)
                return False
        if not _alive(pid):
            return False
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
    return True


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def cmd_stop(state: State) -> int:
    with locked(state):
        pid = server_pid(state)
        if pid is None:
            print("neo4j not running")
        else:
            t0 = time.monotonic()
            killed = stop_pid(pid, float(env_str("NEO4J_STOP_TIMEOUT", "60")))
            how = "killed after the timeout" if killed else "stopped"
            print(f"neo4j {how} (pid {pid}, {time.monotonic() - t0:.1f} s)")
        state.pid_file.unlink(missing_ok=True)
        state.instance.unlink(missing_ok=True)
        return 0


def cmd_status(state: State) -> int:
    pid = server_pid(state)
    info = read_json(state.instance)
    if pid is None:
        print("neo4j not running")
        return 3
    if info is None:
        print(f"neo4j starting or half-started (pid {pid}; no {state.instance})")
        return 3
    print(
        f"neo4j running at {info['uri']} (pid {pid}, version {info.get('version')}); "
        f"instance: {state.instance}"
    )
    return 0


def cmd_env(state: State) -> int:
    info = read_json(state.instance)
    if server_pid(state) is None or info is None:
        raise Fail(f"not running (no live server for {state.root}); run scripts/neo4j start")
    values = {
        "PARTNERNET_STORE": info["uri"],
        "PARTNERNET_NEO4J_USER": info["user"],
        "PARTNERNET_NEO4J_PASSWORD": info["password"],
        "PARTNERNET_NEO4J_INSTANCE": str(state.instance),
    }
    for name, value in values.items():
        print(f"export {name}={shlex.quote(str(value))}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/neo4j", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["start", "stop", "status", "env"])
    parser.add_argument(
        "--dir",
        type=Path,
        default=Path(env_str("NEO4J_DIR", str(DEFAULT_DIR))),
        help="state directory (default: .neo4j/ at the repository root)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=float(env_str("NEO4J_START_TIMEOUT", "180")),
        help="seconds to wait for Bolt on start (default 180)",
    )
    args = parser.parse_args(argv)
    state = State(args.dir)
    try:
        if args.command == "start":
            return cmd_start(state, args.timeout)
        if args.command == "stop":
            return cmd_stop(state)
        if args.command == "status":
            return cmd_status(state)
        return cmd_env(state)
    except Fail as e:
        log(f"error: {e}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
