"""One file's analysis as an independent task, the same on every executor (process pool or Dask worker).

A task is a :class:`Job` (file, scenario, neutral reading) and the engine it runs on; it returns a plain,
picklable row. Everything a worker loads (engine, scenarios, neutral readings) is cached for the life of the
worker process, so a thousand files cost one engine load per worker, not one per file.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from voice_deesc.asr.base import Transcriber
    from voice_deesc.audio import Audio
    from voice_deesc.scenarios.model import Scenario

Row = dict[str, Any]
"""``{"file", "attempt" or "error", "audio_s", "analysis_s"}``: what a task sends back (plain, picklable)."""


@dataclass(frozen=True)
class Job:
    """One recording and how to judge it: the scenario it answers and the neutral reading to compare with."""

    file: str
    scenario: str | None = None
    baseline: str | None = None


@dataclass(frozen=True)
class EngineSpec:
    """The speech engine every worker loads once: its name, Vosk model and Whisper's CPU threads."""

    engine: str
    vosk_model: str | None = None
    threads: int | None = None


_engine_lock = threading.Lock()


def cached_engine(spec: EngineSpec) -> Transcriber:
    """The worker's engine for ``spec``, loaded on first use and kept (the lock covers in-process workers)."""
    with _engine_lock:
        return _load_engine(spec)


@lru_cache(maxsize=2)
def _load_engine(spec: EngineSpec) -> Transcriber:
    from voice_deesc.asr import load_transcriber

    model = Path(spec.vosk_model) if spec.vosk_model else None
    return load_transcriber(spec.engine, vosk_model=model, whisper_threads=spec.threads)


@lru_cache(maxsize=64)
def _scenario(ref: str) -> Scenario:
    from voice_deesc.scenarios.load import get_scenario

    return get_scenario(ref)


@lru_cache(maxsize=8)
def _baseline(path: str) -> Audio:
    from voice_deesc.delivery.baseline import load_reading

    return load_reading(path)


def engine_error_row(job: Job, error: BaseException) -> Row:
    """The row of a file whose worker could not start its engine (every file on that worker gets it)."""
    from voice_deesc.errors import VoiceDeescError

    if isinstance(error, VoiceDeescError):
        message = f"the speech engine could not start in a worker: {error}"
    else:  # a third-party loader failing its own way must still not break the run
        message = f"the speech engine could not start in a worker ({type(error).__name__}: {error})"
    return {"file": job.file, "error": message, "audio_s": 0.0}


def analyse_job(job: Job, transcriber: Transcriber) -> Row:
    """Analyse one recording; a bad input (unreadable, silent, unknown scenario) is an error row, not a raise.

    Silence and noise get the verdict `evaluate` gives, in the same words. The row also says how long the
    analysis took (``analysis_s``, for JUnit), kept apart from the attempt so results compare across runs.
    """
    started = time.perf_counter()
    row = _analyse(job, transcriber)
    row["analysis_s"] = round(time.perf_counter() - started, 3)
    return row


def _analyse(job: Job, transcriber: Transcriber) -> Row:
    from voice_deesc.audio import load_audio
    from voice_deesc.errors import VoiceDeescError
    from voice_deesc.pipeline import analyse
    from voice_deesc.speech import prepare_reply

    audio_s = 0.0
    try:
        scenario = _scenario(job.scenario) if job.scenario else None
        baseline = _baseline(job.baseline) if job.baseline else None
        audio, speech = prepare_reply(load_audio(job.file))
        audio_s = audio.duration_s
        if not speech.has_speech:  # the same verdict, and the same words, as `evaluate`
            return {"file": job.file, "error": f"{job.file}: {speech.message}", "audio_s": audio_s}
        attempt = analyse(audio, scenario, transcriber, audio_path=job.file, speech=speech, baseline=baseline)
    except VoiceDeescError as e:
        return {"file": job.file, "error": str(e), "audio_s": audio_s}
    return {"file": job.file, "attempt": attempt.to_dict(), "audio_s": audio_s}


def unexpected_error_row(job: Job, error: BaseException, *, tries: int) -> Row:
    """The row of a task that raised (a bug, not a bad input) ``tries`` times."""
    times = "" if tries == 1 else f" {tries} times"
    return {
        "file": job.file,
        "error": f"{job.file}: the analysis failed unexpectedly{times} ({type(error).__name__}: {error}) "
        "— please report this",
        "audio_s": 0.0,
    }
