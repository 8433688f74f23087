"""Testers' batch runs: many recorded replies through the same pipeline, on every core or on a Dask cluster.

A bad file becomes an error row, never an aborted run. ``plan`` decides what each file is judged against,
``work`` analyses one file (the same task on every executor), ``local`` and ``dask_executor`` run the tasks,
``expect`` checks the results against a tester's expectations, ``outputs`` writes JUnit XML and CSV.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from voice_deesc.batch.plan import collect_inputs
from voice_deesc.batch.summary import BatchSummary
from voice_deesc.batch.work import EngineSpec, Job, Row

__all__ = ["BatchSummary", "EngineSpec", "Job", "collect_inputs", "run_batch", "run_jobs"]


def run_jobs(
    jobs: Sequence[Job],
    *,
    engine: str = "auto",
    vosk_model: Path | None = None,
    workers: int | None = None,
    executor: str = "local",
    scheduler: str | None = None,
) -> Iterator[tuple[int, Row]]:
    """``(index, row)`` per job: in input order from the local pool, in order of completion from Dask."""
    model = str(vosk_model) if vosk_model else None
    if executor == "dask":
        from voice_deesc.batch.dask_executor import run_dask

        # One Whisper thread per task: a Dask worker runs as many tasks at once as it has threads.
        yield from run_dask(jobs, EngineSpec(engine, model, 1), scheduler=scheduler, workers=workers)
        return
    from voice_deesc.batch.local import local_workers, run_local

    count, threads = local_workers(workers, len(jobs))
    yield from run_local(jobs, EngineSpec(engine, model, threads), workers=count)


def run_batch(
    files: Sequence[Path],
    *,
    scenario_ref: str | None,
    engine: str = "auto",
    vosk_model: Path | None = None,
    jobs: int | None = None,
    baseline: Path | None = None,
    executor: str = "local",
    scheduler: str | None = None,
) -> Iterator[dict[str, Any]]:
    """One row per file, ``{"file", "attempt"}`` or ``{"file", "error"}``, then ``{"summary": BatchSummary}``.

    Every file answers ``scenario_ref`` and is judged against ``baseline`` (the trainee's neutral reading).
    """
    started = time.perf_counter()
    plan = [Job(str(f), scenario_ref, str(baseline) if baseline else None) for f in files]
    summary = BatchSummary()
    for _, row in run_jobs(
        plan, engine=engine, vosk_model=vosk_model, workers=jobs, executor=executor, scheduler=scheduler
    ):
        summary.add(row)
        row = dict(row)
        row.pop("audio_s", None)
        row.pop("analysis_s", None)
        yield row
    summary.wall_s = time.perf_counter() - started
    yield {"summary": summary}
