"""`voice-deesc scenarios record ID [--turn N] [--from-wav FILE]`: a real voice for the client's line.

The work (trim, normalise, store, check) is in ``scenarios.client_clip`` and ``scenarios.clip_check``; this module
takes the recording (microphone with a level meter and retakes, or a file), and prints what was done and found.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TextIO

import numpy as np

from voice_deesc.commands.spinner import Spinner
from voice_deesc.errors import AudioError, DeviceError, ScenarioError, UsageError

if TYPE_CHECKING:
    from voice_deesc.audio import Audio
    from voice_deesc.scenarios.client_clip import PreparedClip
    from voice_deesc.scenarios.model import Scenario

MIC_RATE_HZ = 48_000
"""Every sound card offers 48 kHz natively; the take is converted to the pack's clip rate afterwards."""
END_OF_LINE_SILENCE_S = 2.0
"""A client line has pauses between sentences; two seconds of quiet ends the take (a reply uses 1.5 s)."""
METER_WIDTH = 30
METER_FLOOR_DBFS = -60.0
METER_REDRAW_BLOCKS = 3
"""The meter is redrawn every third 30 ms block: about ten times a second."""
NO_MICROPHONE = (
    "no microphone found — record the client's line with another program (see the recording guide in "
    "audio_scenarios/README.md) and import it: `voice-deesc scenarios record {id} --from-wav FILE.wav`"
)


def _line_of_turn(scenario: Scenario, turn: int | None) -> str:
    """What the client says in turn ``turn`` (the pack's ``[[turns]]`` in file order; turn 1 is the statement)."""
    turns = scenario.conversation.turns if scenario.conversation is not None else ()
    if turn in (None, 1):
        return turns[0].text if turns else scenario.client_statement
    if turn is not None and turn <= len(turns):
        return turns[turn - 1].text
    has = f"{len(turns)} turns" if turns else "one client turn, its statement"
    raise ScenarioError(
        f"{scenario.id}: has {has}; --turn {turn} is not one of them — give a turn from 1 to {max(len(turns), 1)} "
        "(`voice-deesc scenarios show` lists them in order)"
    )


def run_record(args: argparse.Namespace) -> int:
    from voice_deesc.scenarios.client_clip import load_clip_source, store_clip
    from voice_deesc.scenarios.load import get_scenario
    from voice_deesc.scenarios.review import refuse_unfinished

    if args.turn is not None and args.turn < 1:
        raise UsageError(f"--turn {args.turn}: turns count from 1 (turn 1 is the client statement)")
    scenario = get_scenario(args.id)
    refuse_unfinished(scenario, fields=("client_statement",))
    line = _line_of_turn(scenario, args.turn)
    if args.from_wav is not None:
        clip = _prepare_and_report(load_clip_source(args.from_wav), scenario, line, args, source=str(args.from_wav))
    else:
        take = _microphone_takes(scenario, line, args)
        if take is None:
            print("nothing stored", file=sys.stderr)
            return 1
        clip = take
    stored = store_clip(clip, scenario, turn=args.turn)
    if stored.copied_from is not None:
        print(
            f"copied the built-in pack to {stored.path.parent} first (your copy now takes the built-in one's place; "
            "the installed app is never changed)"
        )
    if stored.previous is not None:
        print(f"kept the clip it replaces as {stored.previous}")
    print(f"stored {stored.path}")
    return 0


def _prepare_and_report(
    audio: Audio, scenario: Scenario, line: str, args: argparse.Namespace, *, source: str
) -> PreparedClip:
    """Trim and normalise the take, then say what was done, what was heard and how agitated it sounds."""
    from voice_deesc.asr import load_transcriber
    from voice_deesc.scenarios.client_clip import CLIP_RATE_HZ, prepare_clip
    from voice_deesc.scenarios.clip_check import check_line, describe_agitation, measure_agitation

    with Spinner(sys.stderr) as spin:
        spin.stage("trimming and levelling the clip")
        clip = prepare_clip(audio, source=source)
        spin.stage("loading the speech model")
        transcriber = load_transcriber(args.engine, vosk_model=args.vosk_model)
        spin.stage("checking the words")
        heard = check_line(clip.audio, line, transcriber)
        spin.stage("measuring the delivery")
        agitation = measure_agitation(clip.audio, scenario.difficulty)
    print(
        f"clip: {clip.audio.duration_s:.1f} s, 16-bit mono {CLIP_RATE_HZ} Hz; cut {clip.trimmed_start_s:.1f} s of "
        f"silence before and {clip.trimmed_end_s:.1f} s after; level {clip.gain_db:+.1f} dB "
        f"(speech {clip.speech_level_dbfs:.0f} dBFS, peak {clip.peak_dbfs:.1f} dBFS)"
    )
    for note in audio.notes:  # what loading repaired: channels mixed down, a low rate, damaged samples
        print(f"note: {note}")
    print(f'heard: "{heard.heard}" ({heard.word_error_rate:.0%} word error rate against the written line)')
    if not heard.matches:
        print(
            f"warning: the clip does not match the written client_statement ({heard.word_error_rate:.0%} of its "
            "words differ) — read the line as written, or change the statement to what the client says",
            file=sys.stderr,
        )
    print(f"delivery (level {scenario.difficulty}): {describe_agitation(agitation)}")
    for warning in (*clip.warnings, *([agitation.advice] if agitation.advice else [])):
        print(f"warning: {warning}", file=sys.stderr)
    return clip


def _microphone_takes(scenario: Scenario, line: str, args: argparse.Namespace) -> PreparedClip | None:
    """Record until the instructor keeps a take (or quits: None); each take is checked before the question."""
    from voice_deesc.devices import has_input_device

    if not has_input_device():
        raise DeviceError(NO_MICROPHONE.format(id=scenario.id))
    print(f'Read the client\'s line (level {scenario.difficulty}, {scenario.client_emotion}):\n  "{line}"')
    while True:
        print("Recording — speak now; two seconds of quiet ends the take.", file=sys.stderr)
        try:
            clip = _prepare_and_report(_record_take(), scenario, line, args, source="the take")
        except AudioError as e:
            print(f"voice-deesc: {e}", file=sys.stderr)
            clip = None
        if clip is None:
            answer = _ask("[r]etake or [q]uit: ", unanswered="q")
        else:
            answer = _ask("Keep this take? [y]es, [r]etake, [q]uit: ", unanswered="y")
        if answer.startswith("q"):
            return None
        if clip is not None and not answer.startswith("r"):
            return clip


def _record_take() -> Audio:
    from voice_deesc.audio import from_array
    from voice_deesc.devices import record_reply
    from voice_deesc.scenarios.client_clip import CLIP_RATE_HZ

    meter = LevelMeter(sys.stderr)
    samples, reason = record_reply(
        sample_rate_hz=MIC_RATE_HZ, end_silence_s=END_OF_LINE_SILENCE_S, on_block=meter.update
    )
    meter.close()
    if reason == "no speech":
        raise AudioError("no speech was heard in the take — check the microphone is on and speak closer to it")
    return from_array(samples, MIC_RATE_HZ, sample_rate_hz=CLIP_RATE_HZ)


def _ask(question: str, *, unanswered: str) -> str:
    """The answer, lower-case; ``unanswered`` on an empty answer or when nobody can answer (no terminal)."""
    if not sys.stdin.isatty():
        return unanswered
    try:
        return input(question).strip().lower() or unanswered
    except EOFError:
        return unanswered


class LevelMeter:
    """A one-line input meter with the loudest level so far, so the instructor sees clipping before it ruins a take."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._blocks = 0
        self._peak_dbfs = METER_FLOOR_DBFS
        self._live = stream.isatty()

    def update(self, block: np.ndarray) -> None:
        from voice_deesc.audio import frame_levels_dbfs

        self._blocks += 1
        flat = np.ravel(block)
        if not self._live or not flat.size:
            return
        level = max(METER_FLOOR_DBFS, float(frame_levels_dbfs(flat, frame_length=flat.size)[0]))
        peak = float(np.max(np.abs(flat)))
        self._peak_dbfs = max(self._peak_dbfs, 20 * np.log10(peak) if peak > 0 else METER_FLOOR_DBFS)
        if self._blocks % METER_REDRAW_BLOCKS:
            return
        filled = round(METER_WIDTH * (level - METER_FLOOR_DBFS) / -METER_FLOOR_DBFS)
        warn = "  TOO LOUD: back off" if self._peak_dbfs > -1.0 else ""
        bar = "#" * filled + "." * (METER_WIDTH - filled)
        self._stream.write(f"\r  [{bar}] {level:5.0f} dBFS  loudest {self._peak_dbfs:4.0f}{warn}   ")
        self._stream.flush()

    def close(self) -> None:
        if self._live:
            self._stream.write("\n")
            self._stream.flush()
