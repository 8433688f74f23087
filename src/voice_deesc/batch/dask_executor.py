"""The Dask executor: every file an independent task on a Dask cluster, for batches past one machine.

Each task runs the pure pipeline on one file (:func:`voice_deesc.batch.work.analyse_job`); the engine is
loaded once per worker process by the cached loader and kept. Rows stream back in order of completion. A task
that raises is retried once, then reported as an error row; a worker that dies has its tasks moved to another
(Dask's own rule). Workers need voice-deesc installed (``pip install 'voice-deesc[dask]'``) and must be able
to read the files at the paths given, e.g. on a shared folder.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator, Sequence
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

RETRIES = 1
"""A task that raised is tried once more before it is reported (a bad input never raises: it is an error row)."""
CONNECT_TIMEOUT_S = 20
LOCAL_WORKER_CONFIG = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
}
"""Dask's worker defaults cost this workload about half its speed (measured: 0.7 against the process pool's 1.5
audio-seconds per second). A fixed ``MALLOC_TRIM_THRESHOLD_`` also fixes glibc's mmap threshold, so every
analysis array is mapped and unmapped afresh; the statistical profiler samples the task's deep Python stack
every 10 ms. Both are turned off for the cluster this machine starts; README shows the same for a real one."""
INSTALL_HINT = "install Dask with `pip install 'voice-deesc[dask]'` (or pip install dask distributed)"


def analyse_on_worker(job: Job, spec: EngineSpec) -> Row:
    """The task: this worker's engine (loaded on its first task, then kept), then the pure pipeline."""
    try:
        transcriber = cached_engine(spec)
    except Exception as e:  # the same row every executor gives when a worker's engine cannot start
        return engine_error_row(job, e)
    return analyse_job(job, transcriber)


def run_dask(
    jobs: Sequence[Job], spec: EngineSpec, *, scheduler: str | None = None, workers: int | None = None
) -> Iterator[tuple[int, Row]]:
    """``(index, row)`` for every job as it completes, on the cluster at ``scheduler`` or a new local one.

    Raises
    ------
    UsageError
        Dask is not installed.
    VoiceDeescError
        No scheduler answered at ``scheduler``.
    """
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as e:
        from voice_deesc.errors import UsageError

        raise UsageError(f"--executor dask needs Dask, which is not installed — {INSTALL_HINT}") from e
    with contextlib.ExitStack() as stack:
        if scheduler:
            client = stack.enter_context(_connect(Client, scheduler))
        else:
            import dask

            stack.enter_context(dask.config.set(LOCAL_WORKER_CONFIG))
            cluster = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=max(1, min(workers or os.cpu_count() or 1, len(jobs))),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
            stack.enter_context(cluster)
            client = stack.enter_context(Client(cluster))  # type: ignore[no-untyped-call]
        run = uuid.uuid4().hex[:8]
        futures = {
            client.submit(analyse_on_worker, job, spec, key=f"voice-deesc-{run}-{i}", retries=RETRIES, pure=False): i
            for i, job in enumerate(jobs)
        }
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            index = futures[future]
            yield index, _result(future, jobs[index])
            future.release()


def _connect(client_class: Any, scheduler: str) -> Any:
    from voice_deesc.errors import VoiceDeescError

    try:
        return client_class(scheduler, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError) as e:
        raise VoiceDeescError(
            f"{scheduler}: no Dask scheduler answered ({e}) — start one with `dask scheduler` and workers with "
            "`dask worker ADDRESS --nthreads 1`, or leave out --scheduler for a cluster on this machine"
        ) from e


def _result(future: Any, job: Job) -> Row:
    """The task's row, or an error row for a task that raised twice or lost its workers too often."""
    if future.status == "error":
        error = future.exception()
        if type(error).__name__ == "KilledWorker":  # Dask gave up after the task's workers died repeatedly
            message = (
                f"{job.file}: the workers analysing this file stopped unexpectedly (killed, or out of memory) "
                "— try this file alone with `voice-deesc evaluate`"
            )
            return {"file": job.file, "error": message, "audio_s": 0.0}
        return unexpected_error_row(job, error, tries=RETRIES + 1)
    if future.status == "cancelled":
        return {"file": job.file, "error": f"{job.file}: the cluster cancelled this file's task", "audio_s": 0.0}
    row: Row = future.result()
    return row
