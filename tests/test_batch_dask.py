"""The Dask executor's own rules on a real in-process cluster: a task that raises is retried once, then reported."""

from __future__ import annotations

import threading

import pytest

distributed = pytest.importorskip("distributed")

from voice_deesc.batch import dask_executor, run_jobs  # noqa: E402
from voice_deesc.batch.work import Job  # noqa: E402


def test_a_task_that_raises_is_retried_once_then_reported_and_the_others_go_on(monkeypatch, tmp_path):
    calls: dict[str, int] = {}
    lock = threading.Lock()

    def flaky(job, transcriber):
        with lock:
            calls[job.file] = calls.get(job.file, 0) + 1
            tries = calls[job.file]
        if job.file == "always.wav" or (job.file == "once.wav" and tries == 1):
            raise RuntimeError(f"boom {tries}")
        return {"file": job.file, "attempt": {"tries": tries}, "audio_s": 1.0, "analysis_s": 0.0}

    # The engine and the analysis are replaced only here: what is tested is the executor's retry rule.
    monkeypatch.setattr(dask_executor, "cached_engine", lambda spec: None)
    monkeypatch.setattr(dask_executor, "analyse_job", flaky)
    jobs = [Job("fine.wav"), Job("once.wav"), Job("always.wav")]
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as c:
        rows = dict(run_jobs(jobs, engine="whisper", executor="dask", scheduler=c.scheduler_address))
    assert calls == {"fine.wav": 1, "once.wav": 2, "always.wav": 2}
    assert rows[0]["attempt"] == {"tries": 1} and rows[1]["attempt"] == {"tries": 2}
    assert rows[2]["error"] == (
        "always.wav: the analysis failed unexpectedly 2 times (RuntimeError: boom 2) — please report this"
    )


def test_without_dask_installed_the_executor_says_how_to_get_it(monkeypatch):
    import builtins

    from voice_deesc.errors import UsageError

    real_import = builtins.__import__

    def no_distributed(name, *args, **kwargs):
        if name == "distributed" or name.startswith("distributed."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_distributed)
    with pytest.raises(UsageError, match=r"pip install 'voice-deesc\[dask\]'"):
        list(run_jobs([Job("a.wav")], executor="dask"))
