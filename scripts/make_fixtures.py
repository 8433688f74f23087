"""Make a reproducible set of spoken replies for `voice-deesc batch --expect`: every built-in scenario, many ways.

For each scenario, with espeak-ng (voice en-us; no dither, seeded noise, so every run writes the same audio):

  calm.flac         the scenario's model reply, unhurried: espeak-ng at 120 words per minute (heard as ~140)
  rushed.flac       the same words at 250 words per minute
  strained.flac     the same words pitched up and louder, with the spectral tilt of a pressed voice
  judgmental.flac   a blaming, commanding reply, spoken as calmly as calm.flac
  hesitant.flac     the model reply with long silences between its sentences
  noisy.flac        calm.flac with seeded white noise at 10 dB SNR
  clipped.flac      calm.flac driven 12 dB into hard clipping
  phone8k.flac      calm.flac at 8 kHz, as a phone line carries it
  silence.flac      four seconds of near-silence (a microphone left open)

with `manifest.csv` (file, scenario, baseline) and `expectations.toml`, which states what must hold however the
scoring is tuned: rushed and strained score below their calm twin, the judgmental reply is flagged, clipping is
measured, silence gets the same verdict as in `evaluate`. Margins are wide on purpose; see the file's comments.

    python scripts/make_fixtures.py OUT/                       # every built-in scenario, whole model replies
    python scripts/make_fixtures.py tests/fixtures/batch --scenario lost-housing-voucher --sentences 2
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr
from scipy.signal import lfilter

REPO = Path(__file__).resolve().parents[1]
RATE_HZ = 16_000
FORMATS = {"flac": "PCM_16", "ogg": "VORBIS"}
VOICE = "en-us"
CALM_WPM = 120
RUSHED_WPM = 250
SEED = 14
JUDGMENTAL = (
    "You need to calm down. This is your own fault, you should have read the form. "
    "Stop complaining, it is not a big deal."
)
"""Commanding a feeling, blame and minimising: flags in every scenario's rubric (domain.md)."""

EXPECTATIONS = """\
# What must hold for every scenario's fixtures, written by scripts/make_fixtures.py.
# Scores are compared with the same scenario's calm reply (PATH@calm.flac), not fixed, so retuning the score
# does not break them; the margins are wide on purpose: each states a behaviour, not a calibration.

["*/calm.flac"]
# The model reply, calmly spoken: nothing in its wording is a flag.
no_findings = ["command_feelings", "judgment_blame", "labeling", "threat_ultimatum", "minimizing", "arguing"]
checks = ["non_judgmental >= 60", "delivery.rate.words_per_minute < 190"]
no_flags = ["rate"]

["*/rushed.flac"]
# The same words far faster: the pace is measured as faster and flagged, and the calm score is no higher
# (not "lower": with synthetic speech the calm score can sit at its floor for both).
checks = [
  "delivery.rate.words_per_minute > delivery.rate.words_per_minute@calm.flac + 40",
  "calm <= calm@calm.flac",
]
flags = ["rate"]

["*/strained.flac"]
# Higher, louder and pressed: the vocal effort measure sees it and the calm score drops.
checks = ["delivery.effort.alpha_ratio_db > delivery.effort.alpha_ratio_db@calm.flac + 3", "calm < calm@calm.flac"]

["*/judgmental.flac"]
# Calm voice, blaming words: the wording is flagged and scores far below the model reply's.
findings = ["command_feelings"]
checks = ["non_judgmental < non_judgmental@calm.flac - 20"]
band = ["developing", "needs work"]

["*/hesitant.flac"]
# Long silences between sentences are measured as long pauses.
checks = ["delivery.pauses.max_s >= 1.5", "delivery.pauses.max_s > delivery.pauses.max_s@calm.flac + 1"]

["*/noisy.flac"]
# Noise at 10 dB SNR: the reply is still heard, and its wording still judged near the clean one.
checks = ["non_judgmental >= non_judgmental@calm.flac - 25", "delivery.rate.word_count >= 5"]

["*/clipped.flac"]
# Driven into clipping: the clipping is measured.
checks = ["delivery.loudness.clipped_fraction > 0.01"]

["*/phone8k.flac"]
# A phone line's 8 kHz: still heard, still judged near the full-band reply.
checks = ["non_judgmental >= non_judgmental@calm.flac - 25", "delivery.rate.word_count >= 5"]

["*/silence.flac"]
# The verdict `evaluate` gives for a recording without speech.
error = "no speech"
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write (one subfolder per scenario)")
    parser.add_argument("--scenario", action="append", help="only these scenario ids (default: every built-in)")
    parser.add_argument("--sentences", type=int, default=None, help="speak only the first N sentences of each reply")
    parser.add_argument(
        "--format",
        choices=sorted(FORMATS),
        default="flac",
        help="flac (lossless, the default) or ogg (Vorbis, about a fifth of the size: the set shipped in tests)",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "src"))
    from voice_deesc.scenarios.load import builtin_dir, get_scenario

    ids = args.scenario or sorted(p.parent.name for p in builtin_dir().glob("*/scenario.toml"))
    rows = []
    for scenario_id in ids:
        reply = _first_sentences(get_scenario(scenario_id).model_reply, args.sentences)
        folder = args.out / scenario_id
        folder.mkdir(parents=True, exist_ok=True)
        for name, samples, rate in variants(reply):
            path = folder / f"{name}.{args.format}"
            sf.write(path, samples, rate, format=args.format.upper(), subtype=FORMATS[args.format])
            rows.append((f"{scenario_id}/{path.name}", scenario_id, ""))
    with (args.out / "manifest.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("file", "scenario", "baseline"))
        writer.writerows(rows)
    (args.out / "expectations.toml").write_text(EXPECTATIONS.replace(".flac", f".{args.format}"), encoding="utf-8")
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(f"wrote {len(rows)} recordings for {len(ids)} scenarios to {args.out} ({size / 1024:.0f} KB)")
    return 0


def variants(reply: str) -> list[tuple[str, np.ndarray, int]]:
    """(name, samples, sample rate) of every variant of one reply."""
    calm = speak(reply, wpm=CALM_WPM)
    rng = np.random.default_rng(SEED)
    noise = rng.standard_normal(len(calm)).astype(np.float32)
    noise *= _rms(calm) / _rms(noise) / 10 ** (10 / 20)
    hesitant = speak(_with_breaks(reply, ms=2500), wpm=CALM_WPM, ssml=True)
    silence = (rng.standard_normal(4 * RATE_HZ) * 1e-4).astype(np.float32)
    return [
        ("calm", calm, RATE_HZ),
        ("rushed", speak(reply, wpm=RUSHED_WPM), RATE_HZ),
        ("strained", _strain(speak(reply, wpm=CALM_WPM + 20, pitch=85, amplitude=180)), RATE_HZ),
        ("judgmental", speak(JUDGMENTAL, wpm=CALM_WPM), RATE_HZ),
        ("hesitant", hesitant, RATE_HZ),
        ("noisy", np.clip(calm + noise, -1, 1), RATE_HZ),
        ("clipped", np.clip(calm * 4.0 / max(1e-9, float(np.max(np.abs(calm)))), -1, 1), RATE_HZ),
        ("phone8k", soxr.resample(calm, RATE_HZ, 8_000, quality="HQ").astype(np.float32), 8_000),
        ("silence", silence, RATE_HZ),
    ]


def speak(text: str, *, wpm: int, pitch: int = 50, amplitude: int = 100, ssml: bool = False) -> np.ndarray:
    """espeak-ng's voice at ``wpm``, mono float32 at 16 kHz (espeak-ng is deterministic for the same input)."""
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "speech.wav"
        command = ["espeak-ng", "-v", VOICE, "-s", str(wpm), "-p", str(pitch), "-a", str(amplitude), "-w", str(wav)]
        subprocess.run([*command, *(["-m"] if ssml else []), text], check=True, capture_output=True)
        samples, rate = sf.read(io.BytesIO(wav.read_bytes()), dtype="float32")
    return soxr.resample(samples, rate, RATE_HZ, quality="HQ").astype(np.float32)


def _strain(samples: np.ndarray) -> np.ndarray:
    """Tilt the spectrum towards the highs, as a pressed, effortful voice does (first-order pre-emphasis)."""
    tilted = lfilter([1.0, -0.9], [1.0], samples).astype(np.float32)
    return tilted * (0.9 / max(1e-9, float(np.max(np.abs(tilted)))))


def _with_breaks(text: str, *, ms: int) -> str:
    sentences = _sentences(text)
    return "<speak>" + f' <break time="{ms}ms"/> '.join(sentences) + "</speak>"


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if s.strip()]


def _first_sentences(text: str, count: int | None) -> str:
    sentences = _sentences(text)
    return " ".join(sentences[:count] if count else sentences)


def _rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) or 1e-9


if __name__ == "__main__":
    raise SystemExit(main())
