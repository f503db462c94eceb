"""A throwaway Virtuoso (Debian's ``virtuoso-opensource``) for the contract tests.

The server runs on 127.0.0.1 only, on free ports, with its database in a temporary
folder; it is stopped (its whole process group) when the test session ends, also after a
failure. Locally the tests that need it skip when the package is absent; in CI
(``CI=true`` or ``TLKG_CI=1``) they fail instead, so a missing server never passes
silently.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

SERVER_BINARIES = ("virtuoso-t",)
ISQL_BINARIES = ("isql-vt", "isql-v", "isql")
START_TIMEOUT_S = 120.0
USER = "dba"
PASSWORD = "dba"

INI = """\
[Database]
DatabaseFile       = {db}/virtuoso.db
ErrorLogFile       = {db}/virtuoso.log
LockFile           = {db}/virtuoso.lck
TransactionFile    = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {db}/virtuoso-temp.db
TransactionFile    = {db}/virtuoso-temp.trx
Striping           = 0

[Parameters]
ServerPort          = 127.0.0.1:{sql_port}
DisableUnixSocket   = 1
DisableTcpSocket    = 0
MaxClientConnections = 10
CheckpointInterval  = 60
CaseMode            = 2
DirsAllowed         = ., {db}
NumberOfBuffers     = 10000
MaxDirtyBuffers     = 6000
ThreadsPerQuery     = 2
MaxQueryMem         = 512M

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {db}/vsp
MaxClientConnections = 10
ServerThreads        = 10
MaxKeepAlives        = 10
KeepAliveTimeout     = 10
Charset              = UTF-8
EnabledDavVSP        = 0

[SPARQL]
ResultSetMaxRows           = {max_rows}
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = 60
"""


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes") or os.environ.get(
        "TLKG_CI", ""
    ) not in ("", "0")


def find_binary(names: tuple[str, ...]) -> str | None:
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class VirtuosoServer:
    """One Virtuoso process; ``endpoint`` is its SPARQL URL."""

    folder: Path
    max_rows: int = 1_000_000
    binary: str = "virtuoso-t"
    isql: str | None = None
    sql_port: int = 0
    http_port: int = 0
    proc: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def endpoint(self) -> str:
        return f"{self.base}/sparql"

    @property
    def auth_endpoint(self) -> str:
        """The endpoint that requires HTTP digest authentication (user dba)."""
        return f"{self.base}/sparql-auth"

    def start(self) -> VirtuosoServer:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "vsp").mkdir(exist_ok=True)
        self.sql_port, self.http_port = free_port(), free_port()
        ini = self.folder / "virtuoso.ini"
        ini.write_text(
            INI.format(
                db=self.folder,
                sql_port=self.sql_port,
                http_port=self.http_port,
                max_rows=self.max_rows,
            )
        )
        log = open(self.folder / "stdout.log", "wb")  # noqa: SIM115 - the child owns it
        self.proc = subprocess.Popen(
            [self.binary, "-f", "-c", str(ini)],
            cwd=self.folder,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, so that stop() gets all of it
        )
        log.close()
        try:
            self._wait_ready()
            self._grant_update()
        except BaseException:
            self.stop()
            raise
        return self

    def _log_tail(self) -> str:
        lines: list[str] = []
        for name in ("stdout.log", "virtuoso.log"):
            path = self.folder / name
            if path.exists():
                lines += path.read_text(errors="replace").splitlines()[-5:]
        return " | ".join(lines)

    def _wait_ready(self) -> None:
        assert self.proc is not None
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"virtuoso-t exited with {self.proc.returncode}: {self._log_tail()}"
                )
            try:
                r = httpx.get(
                    self.endpoint,
                    params={"query": "ASK {}"},
                    headers={"Accept": "application/sparql-results+json"},
                    timeout=2.0,
                )
                if r.status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"virtuoso did not answer within {START_TIMEOUT_S:g} s")

    def isql_exec(self, sql: str) -> str:
        if self.isql is None:
            raise RuntimeError("no isql binary (isql-vt) found")
        done = subprocess.run(
            [self.isql, f"127.0.0.1:{self.sql_port}", USER, PASSWORD, f"exec={sql}"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if done.returncode != 0 or "*** Error" in done.stdout:
            raise RuntimeError(f"isql failed: {done.stdout.strip()} {done.stderr.strip()}")
        return done.stdout

    def _grant_update(self) -> None:
        # The anonymous /sparql user may read only; these tests need it to write too.
        self.isql_exec('grant SPARQL_UPDATE to "SPARQL";')

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        except ProcessLookupError:
            pass


def start_virtuoso(folder: Path, *, max_rows: int = 1_000_000) -> VirtuosoServer:
    """Start a server, or skip (fail in CI) when Virtuoso is not installed."""
    binary = find_binary(SERVER_BINARIES)
    if binary is None:
        reason = (
            "Virtuoso is not installed (no virtuoso-t on PATH; apt-get install virtuoso-opensource)"
        )
        if in_ci():
            pytest.fail(f"{reason}; CI must run the Virtuoso contract tests", pytrace=False)
        pytest.skip(reason)
    server = VirtuosoServer(folder, max_rows=max_rows, binary=binary)
    server.isql = find_binary(ISQL_BINARIES)
    return server.start()


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    try:
        yield server
    finally:
        server.stop()
