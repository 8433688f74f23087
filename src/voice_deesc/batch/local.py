"""The local executor: a pool of worker processes on this machine, one per core by default.

Each worker process loads its own engine once (Whisper with a share of the cores, so the workers together use
every core without oversubscribing). Rows come back in input order. A worker that dies costs only the files it
held: they are tried again in a fresh pool.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from voice_deesc.batch.work import (
    EngineSpec,
    Job,
    Row,
    analyse_job,
    cached_engine,
    engine_error_row,
    unexpected_error_row,
)

MAX_TRIES = 3
"""A file whose worker died this many times is reported as an error row, so one poison file cannot stall a run."""
PARENT_POLL_S = 1.0
"""How often a worker checks that the batch process is still alive (the portable second guard)."""
PR_SET_PDEATHSIG = 1
"""prctl option (linux/prctl.h): a signal the kernel sends this process when its parent dies."""

_worker_state: dict[str, Any] = {}


def _init_worker(spec: EngineSpec, parent: int) -> None:
    """Load the engine once per worker; a failure becomes the error row of every file this worker is given."""
    _die_with_parent(parent)
    # A worker must stop when told: default SIGTERM, whatever the process it was forked from installed.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    try:
        _worker_state["transcriber"] = cached_engine(spec)
    except Exception as e:  # reported per file by _analyse_one, so the pool itself never breaks
        _worker_state["error"] = e


def _die_with_parent(parent: int) -> None:
    """Make sure this worker never outlives the batch process, however that process ends (even SIGKILL).

    Linux delivers SIGKILL to the worker when its parent dies (``PR_SET_PDEATHSIG``); elsewhere, and as a
    second guard, a daemon thread notices the parent is gone (we were re-parented) and exits.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before we got here
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_S)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _analyse_one(job: Job) -> Row:
    if "error" in _worker_state:
        return engine_error_row(job, _worker_state["error"])
    return analyse_job(job, _worker_state["transcriber"])


def local_workers(jobs: int | None, files: int) -> tuple[int, int]:
    """(worker processes, Whisper threads each): one per core by default, never more workers than files."""
    workers = max(1, min(jobs or os.cpu_count() or 1, files or 1))
    return workers, max(1, (os.cpu_count() or 1) // workers)


def run_local(jobs: Sequence[Job], spec: EngineSpec, *, workers: int) -> Iterator[tuple[int, Row]]:
    """``(index, row)`` for every job, in input order, from a pool of ``workers`` processes.

    A worker that dies (killed, out of memory, a crash in a native library) costs only the files it was
    analysing: the pool is restarted and they are tried again, up to ``MAX_TRIES`` times each, then reported
    as error rows.
    """
    results: dict[int, Row] = {}
    tries: dict[int, int] = dict.fromkeys(range(len(jobs)), 0)
    pending = list(range(len(jobs)))
    next_out = 0
    while pending:
        for index, result in _run_pool(jobs, pending, workers, (spec, os.getpid())):
            tries[index] += 1
            if result is not None:
                results[index] = result
            elif tries[index] >= MAX_TRIES:
                results[index] = {"file": jobs[index].file, "error": _died_message(jobs[index]), "audio_s": 0.0}
            while next_out in results:  # rows go out in input order as soon as they can
                yield next_out, results.pop(next_out)
                next_out += 1
        pending = [i for i in pending if i >= next_out and i not in results]


def _run_pool(
    jobs: Sequence[Job], indices: list[int], workers: int, init_args: tuple[Any, ...]
) -> Iterator[tuple[int, Row | None]]:
    """(index, result) as files finish; ``None`` for files lost with a dying worker (the pool stops there).

    At most ``workers`` files are in flight, so when a worker dies only those few are suspects.
    """
    queue = iter(indices)
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=init_args) as pool:
        running: dict[Future[Row], int] = {}

        def top_up() -> None:
            for index in itertools.islice(queue, workers - len(running)):
                running[pool.submit(_analyse_one, jobs[index])] = index

        try:
            top_up()
        except BrokenProcessPool:
            return
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                index = running.pop(future)
                result = _outcome(future, jobs[index])
                broken |= result is None
                yield index, result
            if broken:
                for future, index in running.items():
                    yield index, _outcome(future, jobs[index])
                _kill_workers(pool)
                return
            try:
                top_up()
            except BrokenProcessPool:
                return


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """SIGKILL what is left of a broken pool: the executor only sends SIGTERM and then waits for each worker,
    and a worker stuck on a lock its dead sibling held (or one that ignores SIGTERM) would hang the run."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.kill()


def _outcome(future: Future[Row], job: Job) -> Row | None:
    """The worker's row; ``None`` when its process died; an error row for an unexpected exception."""
    error = future.exception()
    if error is None:
        return future.result()
    if isinstance(error, BrokenProcessPool):
        return None
    return unexpected_error_row(job, error, tries=1)


def _died_message(job: Job) -> str:
    return (
        f"{job.file}: the worker analysing this file stopped unexpectedly {MAX_TRIES} times (killed, or out of "
        "memory) — try this file alone with `voice-deesc evaluate`"
    )
