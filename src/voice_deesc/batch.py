"""Testers' batch runs: many recorded replies through the same pipeline, on every core.

Each worker process loads its own engine once (Whisper with one CPU thread per worker, so the
workers together use every core without oversubscribing). A bad file becomes an error row, never
an aborted run: a tester gets one line per input, in input order.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

AUDIO_SUFFIXES = (".wav", ".flac", ".ogg")

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


def _init_worker(engine: str, vosk_model: str | None, scenario_ref: str | None, threads: int) -> None:
    from voice_deesc.asr import load_transcriber
    from voice_deesc.scenarios.load import get_scenario

    model = Path(vosk_model) if vosk_model else None
    # Whisper gets a share of the cores so that the workers together use each core once.
    transcriber = load_transcriber(engine, vosk_model=model, whisper_threads=threads)
    _worker_state["transcriber"] = transcriber
    _worker_state["scenario"] = get_scenario(scenario_ref) if scenario_ref else None


def _analyse_one(path: str) -> dict[str, Any]:
    from voice_deesc.audio import load_audio
    from voice_deesc.errors import VoiceDeescError
    from voice_deesc.pipeline import analyse

    try:
        audio = load_audio(path)
        attempt = analyse(audio, _worker_state["scenario"], _worker_state["transcriber"], audio_path=path)
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
) -> Iterator[dict[str, Any]]:
    """Yield one result per file, in input order: ``{"file", "attempt"}`` or ``{"file", "error"}``.

    The last item yielded is ``{"summary": BatchSummary}``.
    """
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(files) or 1))
    threads = max(1, (os.cpu_count() or 1) // jobs)
    started = time.perf_counter()
    audio_s = 0.0
    failed = 0
    init_args = (engine, str(vosk_model) if vosk_model else None, scenario_ref, threads)
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=init_args) as pool:
        for result in pool.map(_analyse_one, [str(f) for f in files]):
            audio_s += float(result.pop("audio_s"))
            failed += "error" in result
            yield result
    yield {"summary": BatchSummary(len(files), failed, audio_s, time.perf_counter() - started)}
