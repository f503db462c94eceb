"""Where /sparql queries run: killable worker processes over a read-only snapshot.

pyoxigraph has no query timeout or cancellation (Oxigraph issue #1926 recommends running
each query in a subprocess and killing it at the deadline). So the server keeps:

- a **snapshot** of its store: ``Store.backup`` makes a consistent checkpoint in a few
  milliseconds (hard links to the immutable data files when on the same file system).
  A new generation is taken after every write through the API; old generations are
  deleted once no running query uses them.
- a small **pool of worker processes** (``python -m tlkg.api.workers``), long-lived, each
  holding the current snapshot open read-only (reopened only when the generation
  changes). A query is sent over a pipe; when no answer comes within the timeout, the
  worker is killed (SIGKILL) and a fresh one is started in the background, and the
  client gets 503.

Stores without the ``snapshot`` capability (in memory, a remote endpoint) run queries in
a thread of the server process instead (``GraphStore.run_query_job``); there the timeout
only stops the waiting, not the query.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Protocol

import tlkg
from tlkg.graph.store.base import GraphStore, QueryJob, QueryOutcome

log = logging.getLogger("tlkg.api")

READY_TIMEOUT_S = 120.0
WORKER_MIN_MEMORY_BYTES = 1024 * 1024 * 1024  # heap cap: a quarter of RAM, at least 1 GiB


def timeout_outcome(timeout_s: float) -> QueryOutcome:
    return QueryOutcome.error(
        503,
        f"query timed out: it ran longer than {timeout_s:g} s, the limit on this endpoint; "
        "simplify it or add LIMIT",
    )


class QueryRunner(Protocol):
    """Runs /sparql jobs; ``refresh`` is called after every write to the store."""

    def start(self) -> None: ...

    def run(self, job: QueryJob) -> QueryOutcome: ...

    def refresh(self) -> None: ...

    def wait_ready(self, timeout_s: float = ...) -> bool:
        """Block until the runner can answer at once (tests, benchmarks)."""
        ...

    def close(self) -> None: ...


# ---- the worker process --------------------------------------------------------------------
def _die_with_parent() -> None:
    """Exit when the server process goes away, even in the middle of a long query (a
    watchdog thread; PR_SET_PDEATHSIG would fire when the spawning *thread* ends)."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="tlkg-parent-watch", daemon=True).start()


def _limit_memory() -> None:
    """Cap the worker's heap (RLIMIT_DATA), so that a query building huge intermediate
    results fails in its worker (answered 500, worker replaced) instead of exhausting
    the machine's memory before the timeout."""
    try:
        import resource

        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        cap = max(WORKER_MIN_MEMORY_BYTES, total // 4)
        soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        if soft == resource.RLIM_INFINITY or soft > cap:
            resource.setrlimit(resource.RLIMIT_DATA, (cap, hard))
    except (ImportError, OSError, ValueError):
        pass


def worker_main(conn: Connection) -> None:
    """Loop: receive (generation, snapshot path, QueryJob), answer a QueryOutcome."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
    _die_with_parent()
    _limit_memory()
    from tlkg.graph.store.user_query import Snapshot, check

    with contextlib.suppress(Exception):
        check("ASK {}")  # warm rdflib's parser before saying ready
    try:
        conn.send("ready")
    except OSError:
        return  # the server went away while we started
    snapshot: Snapshot | None = None
    generation = -1
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        gen, path, job = message
        if gen != generation:
            snapshot = None
            try:
                snapshot = Snapshot(path)
                generation = gen
            except OSError as exc:
                generation = -1
                outcome = QueryOutcome.error(500, f"cannot open the store snapshot: {exc}")
        if generation == gen and snapshot is not None:
            try:
                outcome = snapshot.run(job)
            except Exception as exc:  # a bug: report it, keep serving
                outcome = QueryOutcome.error(500, f"internal error: {type(exc).__name__}")
        try:
            conn.send(outcome)
        except OSError:
            return


def _start_worker() -> _Worker:
    """A fresh worker: ``python -m tlkg.api.workers FD`` with one end of a socket pair.
    (A plain subprocess rather than multiprocessing's "spawn", which would re-import the
    server's ``__main__`` module in the child.)"""
    parent, child = socket.socketpair()
    env = dict(os.environ)
    root = str(Path(tlkg.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "tlkg.api.workers", str(child.fileno())],
            pass_fds=(child.fileno(),),
            stdin=subprocess.DEVNULL,
            env=env,
        )
    finally:
        child.close()
    return _Worker(process, Connection(parent.detach()))


# ---- snapshots -----------------------------------------------------------------------------
def _snapshot_root(store_path: Path) -> Path:
    """A private folder for snapshots, on the store's file system (hard links) when the
    system temp folder is elsewhere."""
    tmp = Path(tempfile.gettempdir())
    try:
        same_fs = os.stat(store_path).st_dev == os.stat(tmp).st_dev
    except OSError:
        same_fs = False
    if same_fs:
        return Path(tempfile.mkdtemp(prefix="tlkg-snapshots-"))
    return Path(tempfile.mkdtemp(prefix=f".{store_path.name}.snapshots-", dir=store_path.parent))


@dataclass(eq=False)
class _Worker:
    process: Any  # subprocess.Popen
    conn: Connection


@dataclass
class SnapshotPool:
    """Worker processes over snapshots of a store with the ``snapshot`` capability,
    open read-write (see module doc)."""

    store: GraphStore
    timeout_s: float
    size: int = 2
    _root: Path | None = None
    _generation: int = 0
    _path: str = ""
    _idle: queue.Queue[_Worker] = field(default_factory=queue.Queue)
    _busy_count: dict[int, int] = field(default_factory=dict)  # generation -> running queries
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _start_lock: threading.Lock = field(default_factory=threading.Lock)
    _workers: list[_Worker] = field(default_factory=list)
    _closed: bool = False
    _started: bool = False
    _failures: int = 0

    def start(self) -> None:
        with self._start_lock:
            if self._started:
                return
            assert self.store.path is not None, "a store with snapshots has a folder"
            self._root = _snapshot_root(self.store.path)
            self.refresh()
            for _ in range(self.size):
                self._spawn_async()
            self._started = True

    # -- snapshots --
    def refresh(self) -> None:
        """Take a new snapshot; later queries see it, running ones keep theirs. (Before
        ``start`` there is nothing to refresh: start takes the first snapshot.)"""
        if self._root is None:
            return
        with self._lock:
            gen = self._generation + 1
            target = self._root / f"gen-{gen}"
            self.store.flush()
            self.store.snapshot(target)
            self._generation, self._path = gen, str(target)
        self._collect()

    def _collect(self) -> None:
        """Delete snapshot generations that neither the current state nor a running
        query uses. An idle worker still holding an old one reopens before its next job."""
        if self._root is None:
            return
        with self._lock:
            keep = {self._generation} | {g for g, n in self._busy_count.items() if n > 0}
        for child in self._root.iterdir():
            try:
                gen = int(child.name.removeprefix("gen-"))
            except ValueError:
                continue
            if gen not in keep:
                shutil.rmtree(child, ignore_errors=True)

    # -- workers --
    def _spawn_async(self) -> None:
        threading.Thread(target=self._spawn, name="tlkg-sparql-spawn", daemon=True).start()

    def _spawn(self) -> None:
        if self._closed:
            return
        worker = _start_worker()
        ready = False
        try:
            ready = worker.conn.poll(READY_TIMEOUT_S) and worker.conn.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready or self._closed:
            self._kill(worker)
            if not self._closed:
                self._failures += 1
                log.error("a SPARQL worker failed to start (%d failures)", self._failures)
                if self._failures < 5:
                    self._spawn_async()
            return
        self._failures = 0
        with self._lock:
            self._workers.append(worker)
        self._idle.put(worker)

    def _kill(self, worker: _Worker) -> None:
        with contextlib.suppress(Exception):
            worker.process.kill()
            worker.process.wait(5)
        with contextlib.suppress(Exception):
            worker.conn.close()
        with self._lock:
            if worker in self._workers:
                self._workers.remove(worker)

    def run(self, job: QueryJob) -> QueryOutcome:
        if self._closed:
            return QueryOutcome.error(503, "server is shutting down")
        if not self._started:
            self.start()
        if self._failures >= 5 and not self._workers:
            return QueryOutcome.error(503, "the SPARQL workers cannot start; see the server log")
        worker = self._take_worker()
        if worker is None:
            return QueryOutcome.error(503, "server busy: every SPARQL worker is running a query")
        with self._lock:
            gen, path = self._generation, self._path
            self._busy_count[gen] = self._busy_count.get(gen, 0) + 1
        try:
            worker.conn.send((gen, path, job))
            if worker.conn.poll(self.timeout_s):
                outcome: QueryOutcome = worker.conn.recv()
                self._idle.put(worker)
                return outcome
            log.warning("SPARQL query exceeded %g s; worker killed", self.timeout_s)
            self._kill(worker)
            self._spawn_async()
            return timeout_outcome(self.timeout_s)
        except (EOFError, OSError) as exc:
            log.error("a SPARQL worker died: %s", exc)
            self._kill(worker)
            self._spawn_async()
            return QueryOutcome.error(500, "the query worker failed (out of memory?)")
        finally:
            with self._lock:
                self._busy_count[gen] -= 1
            if gen != self._generation:
                self._collect()

    def _take_worker(self) -> _Worker | None:
        """A free, live worker. Waiting has its own budget (the query timeout, and at
        least long enough for a worker to start); a worker found dead is replaced."""
        deadline = time.monotonic() + max(self.timeout_s, 30.0)
        while True:
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                return None
            if worker.process.poll() is None:
                return worker
            log.error("a SPARQL worker had exited (status %s)", worker.process.returncode)
            self._kill(worker)
            self._spawn_async()

    def wait_ready(self, timeout_s: float = READY_TIMEOUT_S) -> bool:
        """Block until every worker has started (tests, benchmarks)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with self._lock:
                if len(self._workers) >= self.size:
                    return True
            time.sleep(0.02)
        return False

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._workers)
        for w in workers:
            with contextlib.suppress(Exception):
                w.conn.send(None)
        for w in workers:
            with contextlib.suppress(Exception):
                w.process.wait(1)
            self._kill(w)
        if self._root is not None:
            shutil.rmtree(self._root, ignore_errors=True)
            self._root = None


# ---- in-process (in-memory or remote stores) --------------------------------------------------
@dataclass
class InProcessRunner:
    """Runs queries in threads of the server. The timeout bounds the client's wait; an
    overrunning query keeps its thread until it ends (no cancellation in pyoxigraph),
    so at most ``size`` queries run at once. Meant for tests and ``--memory``; a public
    endpoint should use an on-disk store (worker processes)."""

    store: GraphStore
    timeout_s: float
    size: int = 2
    _pool: ThreadPoolExecutor | None = None
    _slots: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(2))

    def start(self) -> None:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.size, thread_name_prefix="tlkg-sparql")
            self._slots = threading.Semaphore(self.size)

    def run(self, job: QueryJob) -> QueryOutcome:
        self.start()
        assert self._pool is not None
        if not self._slots.acquire(timeout=self.timeout_s):
            return QueryOutcome.error(503, "server busy: every SPARQL slot is running a query")
        future = self._pool.submit(self.store.run_query_job, job)
        future.add_done_callback(lambda _f: self._slots.release())
        try:
            return future.result(timeout=self.timeout_s)
        except FutureTimeout:
            return timeout_outcome(self.timeout_s)

    def refresh(self) -> None:
        pass

    def wait_ready(self, timeout_s: float = READY_TIMEOUT_S) -> bool:
        return True

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def runner_for(store: GraphStore, timeout_s: float, size: int = 2) -> QueryRunner:
    """Worker processes over snapshots when the store can make them and is ours to write
    (so that it knows when to take a new one); threads of the server otherwise."""
    if store.capabilities.snapshot and not store.read_only:
        return SnapshotPool(store, timeout_s, size)
    return InProcessRunner(store, timeout_s, size)


if __name__ == "__main__":
    worker_main(Connection(int(sys.argv[1])))
