"""Print the design.md budgets that the stage benchmarks do not cover: start-up, peak memory, batch throughput.

    python scripts/bench_budgets.py [--shared ../shared]

- `voice-deesc --help` wall time (budget 0.5 s), best of 5 runs.
- Peak resident memory of one `voice-deesc evaluate` with the Whisper engine (budget 700 MB).
- `voice-deesc batch` over ../shared/data/asr on every core: audio-seconds per wall-second.
Stage timings: scripts/bench_asr.py (engines) and scripts/bench_analysis.py (delivery + wording + scoring).
Figures vary with machine load; nothing here is asserted.
"""

from __future__ import annotations

import argparse
import os
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
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "src"))
    with tempfile.TemporaryDirectory() as home:
        env = _env(home)
        print(f"voice-deesc --help: {help_time_s(env):.3f} s (budget 0.5 s)")
        print(f"peak memory, evaluate with Whisper: {evaluate_peak_mb(env):.0f} MB (budget 700 MB)")
        asr = args.shared / "data" / "asr"
        if asr.is_dir():
            print(f"batch over {asr} on {os.cpu_count()} cores: {batch_throughput(env, asr)}")
        else:
            print(f"batch: skipped, {asr} is absent")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
