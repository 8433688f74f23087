"""Testers' batch runs: many recorded replies through the same pipeline, on every core.

Each worker process loads its own engine once (Whisper with one CPU thread per worker, so the
workers together use every core without oversubscribing). A bad file becomes an error row, never
an aborted run: a tester gets one line per input, in input order.
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

AUDIO_SUFFIXES = (".wav", ".flac", ".ogg")
MAX_TRIES = 3
"""A file whose worker died this many times is reported as an error row, so one poison file cannot stall a run."""
PARENT_POLL_S = 1.0
"""How often a worker checks that the batch process is still alive (the portable second guard)."""
PR_SET_PDEATHSIG = 1
"""prctl option (linux/prctl.h): a signal the kernel sends this process when its parent dies."""

_worker_state: dict[str, Any] = {}


@dataclass(frozen=True)
class BatchSummary:
    files: int
    failed: int
    audio_s: float
    wall_s: float

    @property
    def throughput(self) -> float:
        """Audio seconds analysed per wall-clock second."""
        return self.audio_s / self.wall_s if self.wall_s > 0 else 0.0


def collect_inputs(paths: Sequence[Path]) -> list[Path]:
    """Files as given, and the audio files inside any folder given (sorted, so runs are reproducible)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in AUDIO_SUFFIXES))
        else:
            files.append(path)
    return files


def _init_worker(
    engine: str,
    vosk_model: str | None,
    scenario_ref: str | None,
    threads: int,
    parent: int,
    baseline: str | None = None,
) -> None:
    """Load the engine (and the neutral reading) once per worker; a failure becomes every file's error row."""
    _die_with_parent(parent)
    # A worker must stop when told: default SIGTERM, whatever the process it was forked from installed.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    from voice_deesc.errors import VoiceDeescError

    try:
        from voice_deesc.asr import load_transcriber
        from voice_deesc.scenarios.load import get_scenario

        model = Path(vosk_model) if vosk_model else None
        # Whisper gets a share of the cores so that the workers together use each core once.
        _worker_state["transcriber"] = load_transcriber(engine, vosk_model=model, whisper_threads=threads)
        _worker_state["scenario"] = get_scenario(scenario_ref) if scenario_ref else None
        if baseline is not None:
            from voice_deesc.audio import load_audio

            _worker_state["baseline"] = load_audio(baseline)
    except VoiceDeescError as e:
        _worker_state["error"] = f"the speech engine could not start in a worker: {e}"
    except Exception as e:  # a third-party loader failing its own way must still not break the pool
        _worker_state["error"] = f"the speech engine could not start in a worker ({type(e).__name__}: {e})"


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


def _analyse_one(path: str) -> dict[str, Any]:
    from voice_deesc.audio import load_audio
    from voice_deesc.errors import VoiceDeescError
    from voice_deesc.pipeline import analyse
    from voice_deesc.speech import prepare_reply

    if "error" in _worker_state:
        return {"file": path, "error": _worker_state["error"], "audio_s": 0.0}
    try:
        audio, speech = prepare_reply(load_audio(path))
        if not speech.has_speech:  # the same verdict, and the same words, as `evaluate`
            return {"file": path, "error": f"{path}: {speech.message}", "audio_s": audio.duration_s}
        attempt = analyse(
            audio,
            _worker_state["scenario"],
            _worker_state["transcriber"],
            audio_path=path,
            speech=speech,
            baseline=_worker_state.get("baseline"),
        )
    except VoiceDeescError as e:
        return {"file": path, "error": str(e), "audio_s": 0.0}
    return {"file": path, "attempt": attempt.to_dict(), "audio_s": audio.duration_s}


def run_batch(
    files: Sequence[Path],
    *,
    scenario_ref: str | None,
    engine: str = "auto",
    vosk_model: Path | None = None,
    jobs: int | None = None,
    baseline: Path | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield one result per file, in input order: ``{"file", "attempt"}`` or ``{"file", "error"}``.

    ``baseline`` is the trainee's neutral reading: every reply's delivery is judged as the change from it.

    A worker that dies (killed, out of memory, a crash in a native library) costs only the files it was
    analysing: the pool is restarted and they are tried again, up to ``MAX_TRIES`` times each, then reported
    as error rows. The last item yielded is ``{"summary": BatchSummary}``.
    """
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(files) or 1))
    threads = max(1, (os.cpu_count() or 1) // jobs)
    started = time.perf_counter()
    init_args = (
        engine,
        str(vosk_model) if vosk_model else None,
        scenario_ref,
        threads,
        os.getpid(),
        str(baseline) if baseline else None,
    )
    results: dict[int, dict[str, Any]] = {}
    tries: dict[int, int] = dict.fromkeys(range(len(files)), 0)
    pending = list(range(len(files)))
    audio_s, failed, next_out = 0.0, 0, 0
    while pending:
        for index, result in _run_pool(files, pending, jobs, init_args):
            tries[index] += 1
            if result is not None:
                results[index] = result
            elif tries[index] >= MAX_TRIES:
                results[index] = {"file": str(files[index]), "error": _died_message(files[index]), "audio_s": 0.0}
            while next_out in results:  # rows go out in input order as soon as they can
                row = results.pop(next_out)
                audio_s += float(row.pop("audio_s"))
                failed += "error" in row
                next_out += 1
                yield row
        pending = [i for i in pending if i >= next_out and i not in results]
    yield {"summary": BatchSummary(len(files), failed, audio_s, time.perf_counter() - started)}


def _run_pool(
    files: Sequence[Path], indices: list[int], jobs: int, init_args: tuple[Any, ...]
) -> Iterator[tuple[int, dict[str, Any] | None]]:
    """(index, result) as files finish; ``None`` for files lost with a dying worker (the pool stops there).

    At most ``jobs`` files are in flight, so when a worker dies only those few are suspects.
    """
    queue = iter(indices)
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=init_args) as pool:
        running: dict[Future[dict[str, Any]], int] = {}

        def top_up() -> None:
            for index in itertools.islice(queue, jobs - len(running)):
                running[pool.submit(_analyse_one, str(files[index]))] = index

        try:
            top_up()
        except BrokenProcessPool:
            return
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                index = running.pop(future)
                result = _outcome(future, files[index])
                broken |= result is None
                yield index, result
            if broken:
                for future, index in running.items():
                    yield index, _outcome(future, files[index])
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


def _outcome(future: Future[dict[str, Any]], path: Path) -> dict[str, Any] | None:
    """The worker's row; ``None`` when its process died; an error row for an unexpected exception."""
    error = future.exception()
    if error is None:
        return future.result()
    if isinstance(error, BrokenProcessPool):
        return None
    message = f"{path}: the analysis failed unexpectedly ({type(error).__name__}: {error}) — please report this"
    return {"file": str(path), "error": message, "audio_s": 0.0}


def _died_message(path: Path) -> str:
    return (
        f"{path}: the worker analysing this file stopped unexpectedly {MAX_TRIES} times (killed, or out of "
        "memory) — try this file alone with `voice-deesc evaluate`"
    )
