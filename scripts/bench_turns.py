"""Turn-taking speed: from the trainee's last word to the written note, through the real practice loop.

A ~20 s reply is played into ``session.practice_round`` through ``session.RecordedReply`` (the simulated
microphone: 30 ms blocks into the recognition stream and the end-of-speech detector), one block every 30 ms of
wall-clock time, as a microphone delivers them, followed by quiet room noise. Printed per reply:

- last word -> end of speech decided, end of speech decided -> note shown, last word -> note shown
  (budget, design.md: note within 2.0 s of the last word and 1.0 s of the decision, 20 s reply, 2 cores);
- the audio the decoder still had to decode when the reply ended (the work left after the decision), and where
  the reply was cut into stretches decoded while the trainee went on;
- the word error rate of the streamed transcript against a whole-file decode of the same audio (and
  against the reference transcript for the real recording).

Each reply runs twice: with the recogniser's text guiding the end of speech (the app), and with the text
withheld (the old fixed 1.5 s silence) for comparison. "Last word" is where Silero VAD (offline, whole file,
no padding) hears the voice stop. "Note shown" is after the attempt is analysed and the terminal note rendered.

With ``--simulated-clock`` (for a busy machine, where the decoder cannot keep real-time pace): blocks are fed
without waiting and, after each, the audio clock stops until the decoder has finished what it was given, as on
an idle machine; the decision is then read on the audio clock, the note on the wall clock, and each Whisper
call's wall time (taken alone) gives the real-time estimate printed beside them.

Usage: python scripts/bench_turns.py [--reply WAV] [--no-fixed] [--simulated-clock]
Replies: the bundled 20 s espeak-ng demo reply and, when ../shared is present, three consecutive LJ Speech
clips (one real reader, ~22 s). Run it on an idle machine: other processes on the 2 cores slow the decoder.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

SHARED_ASR = Path(os.environ.get("VOICE_DEESC_SHARED", REPO.parent / "shared")) / "data" / "asr"
DEMO = REPO / "src" / "voice_deesc" / "data" / "demo_reply.wav"
REAL_CLIPS = ("LJ001-0001.wav", "LJ001-0002.wav", "LJ001-0003.wav")
SCENARIO = "lost-housing-voucher"
QUIET_AFTER_S = 4.0
ROOM_DBFS = -65.0


@dataclass(frozen=True)
class Reply:
    name: str
    samples: np.ndarray
    reference: str | None


@dataclass
class Timings:
    started: float = 0.0
    decided: float = 0.0
    finished: float = 0.0
    reason: str = ""
    fed_s: float = 0.0
    """Audio fed so far (the simulated clock)."""
    stream: Any = None
    decodes: list[tuple[float, float]] = field(default_factory=list)
    """(audio clock when the decoder took the work, wall seconds the decode took) per Whisper call."""


class TimedTranscriber:
    """The real transcriber, noting when the reply's final decode (``finish``) returns."""

    def __init__(self, transcriber, timings: Timings) -> None:  # type: ignore[no-untyped-def]
        self._transcriber = transcriber
        self._timings = timings
        self.engine, self.model = transcriber.engine, transcriber.model

    def transcribe(self, audio, *, prompt=None):  # type: ignore[no-untyped-def]
        return self._transcriber.transcribe(audio, prompt=prompt)

    def stream(self, *, sample_rate_hz: int = 16_000, prompt: str | None = None):  # type: ignore[no-untyped-def]
        stream = self._transcriber.stream(sample_rate_hz=sample_rate_hz, prompt=prompt)
        self._timings.stream = stream
        real_finish = stream.finish

        def finish():  # type: ignore[no-untyped-def]
            transcript = real_finish()
            self._timings.finished = time.perf_counter()
            return transcript

        stream.finish = finish
        return stream


class PacedReply:
    """``RecordedReply`` handing each block over when a microphone would: once its 30 ms have passed."""

    def __init__(self, path: Path, timings: Timings, *, withhold_text: bool, simulated: bool) -> None:
        from voice_deesc.session import RecordedReply

        self._reply = RecordedReply(path)
        self._timings = timings
        self._withhold_text = withhold_text
        self._simulated = simulated

    def record(self, *, on_block, end_silence_s):  # type: ignore[no-untyped-def]
        def paced(block: np.ndarray) -> object:
            self._timings.fed_s += len(block) / 16_000
            if not self._simulated:
                delay = self._timings.started + self._timings.fed_s - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
            heard = on_block(block)
            if self._simulated:  # the audio clock stops while the decoder works: it always keeps up
                self._timings.stream.wait_until_decoded()
                heard = self._timings.stream.heard()
            return str(heard) if self._withhold_text else heard

        self._timings.started = time.perf_counter()
        samples, reason = self._reply.record(on_block=paced, end_silence_s=end_silence_s)
        self._timings.decided = time.perf_counter()
        self._timings.reason = reason
        return samples, reason


def speech_end_s(samples: np.ndarray) -> float:
    """Where Silero VAD hears the last voice in the whole recording (no padding)."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    stamps = get_speech_timestamps(samples, VadOptions(speech_pad_ms=0), 16_000)
    return stamps[-1]["end"] / 16_000 if stamps else 0.0


def replies(chosen: Path | None) -> list[Reply]:
    from voice_deesc.audio import load_audio

    if chosen is not None:
        return [Reply(chosen.name, load_audio(chosen).samples, None)]
    found = [Reply("demo reply (espeak-ng, 20 s)", load_audio(DEMO).samples, None)]
    if all((SHARED_ASR / clip).is_file() for clip in REAL_CLIPS):
        lines = (SHARED_ASR / "transcripts.tsv").read_text(encoding="utf-8").splitlines()
        references = dict(line.split("\t")[:2] for line in lines[1:])
        samples = np.concatenate([load_audio(SHARED_ASR / clip).samples for clip in REAL_CLIPS])
        reference = " ".join(references[clip] for clip in REAL_CLIPS)
        found.append(Reply(f"LJ Speech x3 (real, {len(samples) / 16_000:.0f} s)", samples, reference))
    return found


def run_turn(reply: Reply, transcriber, scenario, *, withhold_text: bool, simulated: bool, folder: Path) -> None:  # type: ignore[no-untyped-def]
    import soundfile as sf
    from rich.console import Console

    from voice_deesc.asr.wer import count_errors
    from voice_deesc.pipeline import recognition_prompt
    from voice_deesc.reports.terminal import build
    from voice_deesc.session import practice_round

    room = np.random.default_rng(0).normal(0, 10 ** (ROOM_DBFS / 20), int(QUIET_AFTER_S * 16_000))
    fed = np.concatenate([reply.samples, room.astype(np.float32)])
    path = folder / "reply.wav"
    sf.write(str(path), fed, 16_000)
    timings = Timings()
    real_decode = type(transcriber).decode

    def logged_decode(samples, **options):  # type: ignore[no-untyped-def]
        began, clock = time.perf_counter(), timings.fed_s
        words = real_decode(transcriber, samples, **options)
        timings.decodes.append((clock, time.perf_counter() - began))
        return words

    transcriber.decode = logged_decode
    try:
        result = practice_round(
            scenario,
            TimedTranscriber(transcriber, timings),
            PacedReply(path, timings, withhold_text=withhold_text, simulated=simulated),
            speak=False,
            keep_history=False,
        )
        Console(file=io.StringIO(), width=100).print(build(result.attempt, color=False))
        shown = time.perf_counter()
    finally:
        del transcriber.decode
    voice_end = speech_end_s(fed)
    label = "fixed 1.5 s silence (text withheld)" if withhold_text else "VAD + recogniser's sentence end"
    print(f"  {label}: ended '{timings.reason}'; the voice ends at {voice_end:.2f} s of the recording")
    note_s = shown - timings.decided
    if simulated:
        decision_s = timings.fed_s - voice_end
        began, took = next(((c, w) for c, w in reversed(timings.decodes) if c <= timings.fed_s), (0.0, 0.0))
        ready_s = began + took - voice_end
        print(
            f"    last word -> decision {decision_s:5.2f} s (audio clock, decoder kept up)"
            f" | decision -> note {note_s:5.2f} s (wall clock)"
        )
        print(
            f"    the last decode began {began - voice_end:+.2f} s from the last word and took {took:.2f} s alone:"
            f" real time on this machine, last word -> note ~ {max(decision_s, ready_s) + note_s:.2f} s"
        )
    else:
        last_word = timings.started + voice_end
        print(
            f"    last word -> decision {timings.decided - last_word:5.2f} s"
            f" | decision -> note {note_s:5.2f} s | last word -> note {shown - last_word:5.2f} s"
        )
    print(
        f"    after the decision: final decode {timings.finished - timings.decided:4.2f} s,"
        f" save + analysis + note {shown - timings.finished:4.2f} s"
    )
    transcript = result.attempt.transcript
    extras = transcript.extras
    print(
        f"    left to decode at the decision {extras.get('undecoded_at_finish_s', float('nan')):.2f} s of audio;"
        f" decoder calls {extras.get('decoder_calls')}, probes {extras.get('probes')}"
    )
    cuts = [cut for cut in extras.get("cuts_s", []) if cut < voice_end]
    print(
        f"    stretches cut before the last word: {len(cuts)} (at {', '.join(f'{c:.1f}' for c in cuts) or '-'} s);"
        f" {voice_end - (cuts[-1] if cuts else 0.0):.1f} s of speech after the last cut"
    )
    whole = transcriber.transcribe(result.audio, prompt=recognition_prompt(scenario))
    line = f"    WER streamed vs whole-file {count_errors(whole.text, transcript.text).wer:.1%}"
    if reply.reference is not None:
        line += (
            f"; vs reference: streamed {count_errors(reply.reference, transcript.text).wer:.1%},"
            f" whole-file {count_errors(reply.reference, whole.text).wer:.1%}"
        )
    print(line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reply", type=Path, help="a WAV reply to use instead of the built-in ones")
    parser.add_argument("--no-fixed", action="store_true", help="skip the fixed-silence comparison run")
    parser.add_argument(
        "--simulated-clock",
        action="store_true",
        help="feed without waiting and stop the audio clock while the decoder works (for a busy machine)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["VOICE_DEESC_HOME"] = str(Path(tmp) / "home")
        from voice_deesc.asr.whisper import WhisperTranscriber
        from voice_deesc.delivery.analyse import warm_up
        from voice_deesc.scenarios.load import get_scenario

        transcriber = WhisperTranscriber()
        warm_up()
        scenario = get_scenario(SCENARIO)
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work slows the decoder)")
        first = True
        for reply in replies(args.reply):
            cold = " (its first run is this process's first turn: one-off loading included)" if first else ""
            print(f"{reply.name}{cold}")
            first = False
            run_turn(
                reply, transcriber, scenario, withhold_text=False, simulated=args.simulated_clock, folder=Path(tmp)
            )
            if not args.no_fixed:
                run_turn(
                    reply, transcriber, scenario, withhold_text=True, simulated=args.simulated_clock, folder=Path(tmp)
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
