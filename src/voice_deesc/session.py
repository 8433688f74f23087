"""The practice loop as a library: the client speaks, the trainee replies, the reply is analysed and kept.

Any front end drives a round through :func:`practice_round` (the CLI's ``practice`` is one): it prints nothing,
but reports what happens as typed events to a callback, and returns the analysed :class:`RoundResult` for the
front end to show. The reply comes from a :class:`ReplySource`: the :class:`Microphone`, or a
:class:`RecordedReply` that feeds a WAV file through the same streaming path (30 ms blocks into the recognition
stream and the end-of-speech detector), so tests and later multi-turn conversations exercise the real loop.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from voice_deesc.audio import SAMPLE_RATE_HZ

if TYPE_CHECKING:
    from voice_deesc.asr.base import Transcriber, Transcript, TranscriptStream
    from voice_deesc.audio import Audio
    from voice_deesc.pipeline import Attempt
    from voice_deesc.scenarios.model import Scenario

BLOCK_S = 0.03
"""A recorded reply is fed in blocks of this length: the microphone's block size (devices.BLOCK_S)."""
RECORDINGS_FOLDER = "recordings"
"""Sub-folder of the user's data folder where every reply is kept."""

BlockSink = Callable[[np.ndarray], object]


# --- events: what a front end may want to show while a round runs ---------------------------------------------------


@dataclass(frozen=True)
class ClientSpoke:
    """The client's statement was played (``played``) or, with no speaker or speech turned off, must be shown."""

    scenario: Scenario
    played: bool


@dataclass(frozen=True)
class Listening:
    """Recording of the trainee's reply has started."""


@dataclass(frozen=True)
class ReplySaved:
    """The reply is on disk (before analysis, so nothing is lost if a later step fails)."""

    path: Path
    reason: str
    """Why recording stopped: "finished", "no speech", "time limit" or "end of recording"."""


Event = ClientSpoke | Listening | ReplySaved
"""Everything :func:`practice_round` reports, in the order it happens."""


def _quietly(prepare: Callable[[Scenario], object], scenario: Scenario) -> None:
    """Run a warm-up whose failure the analysis itself will report (the wording falls back to rules with a note)."""
    with contextlib.suppress(Exception):
        prepare(scenario)


def _ignore(event: Event) -> None:
    """The default event callback: a front end that only wants the result."""


# --- where the reply comes from --------------------------------------------------------------------------------------


class ReplySource(Protocol):
    """Hands the trainee's reply to ``on_block`` block by block and returns all of it with the reason it ended."""

    def record(self, *, on_block: BlockSink, end_silence_s: float | None) -> tuple[np.ndarray, str]:
        """Samples (float32 mono at ``SAMPLE_RATE_HZ``) and why recording stopped."""
        ...


@dataclass(frozen=True)
class Microphone:
    """The default input device; recording stops when the trainee has been quiet for a moment."""

    @staticmethod
    def check() -> None:
        """Raise DeviceError (with the file-input alternative) when there is no microphone."""
        from voice_deesc import devices
        from voice_deesc.errors import DeviceError

        if not devices.has_input_device():
            raise DeviceError(
                "no microphone found — record your reply with another program and run "
                "`voice-deesc evaluate REPLY.wav --scenario ID` (or `voice-deesc practice --replies REPLY.wav`)"
            )

    def record(self, *, on_block: BlockSink, end_silence_s: float | None) -> tuple[np.ndarray, str]:
        from voice_deesc import devices

        return devices.record_reply(end_silence_s=end_silence_s, on_block=on_block)


@dataclass(frozen=True)
class RecordedReply:
    """A recorded reply played into the loop as if spoken: the same blocks and end-of-speech decision.

    The file's clock waits for the recogniser: each block is handed over once the decoder has caught up with the
    ones before it, as it does in real time on an idle machine. A tester's result then depends only on the file,
    never on how busy the machine was (a free-running feed outpaces the decoder, whose merged backlog and the end
    of speech read from it would vary run to run).
    """

    path: Path
    decoder_keeps_up: bool = True

    def record(self, *, on_block: BlockSink, end_silence_s: float | None) -> tuple[np.ndarray, str]:
        from voice_deesc.audio import load_audio

        return feed_blocks(load_audio(self.path).samples, on_block=on_block, end_silence_s=end_silence_s)


def feed_blocks(
    samples: np.ndarray, *, on_block: BlockSink, end_silence_s: float | None = None
) -> tuple[np.ndarray, str]:
    """Stream ``samples`` (mono, ``SAMPLE_RATE_HZ``) in microphone-sized blocks until end of speech or of the file.

    Returns
    -------
    samples : np.ndarray, shape (n,)
        What was fed, up to the block where the end-of-speech detector stopped.
    reason : str
        The detector's reason, or "end of recording" when the file ran out first.
    """
    from voice_deesc.endpointing import END_SILENCE_S, EndOfSpeech

    block = round(BLOCK_S * SAMPLE_RATE_HZ)
    detector = EndOfSpeech(SAMPLE_RATE_HZ, end_silence_s=end_silence_s or END_SILENCE_S)
    end = 0
    for start in range(0, len(samples), block):
        end = min(start + block, len(samples))
        chunk = samples[start:end]
        if detector.push(chunk, on_block(chunk)):  # the stream's text so far tells how the reply ends
            break
    return samples[:end], detector.reason or "end of recording"


# --- one round -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundResult:
    """One answered statement: the analysed attempt, the reply's audio and where it is kept."""

    attempt: Attempt
    audio: Audio
    recording: Path


def practice_round(
    scenario: Scenario,
    transcriber: Transcriber,
    replies: ReplySource,
    *,
    baseline: Audio | None = None,
    speak: bool = True,
    end_silence_s: float | None = None,
    keep_history: bool = True,
    agitation: int | None = None,
    on_event: Callable[[Event], None] = _ignore,
) -> RoundResult:
    """Play the client's statement, take the reply from ``replies`` while recognising it, save, analyse, store.

    Parameters
    ----------
    scenario : Scenario
    transcriber : Transcriber
        Loaded once by the front end and reused for every round.
    replies : ReplySource
        ``Microphone()`` or ``RecordedReply(path)``.
    baseline : Audio, optional
        The trainee's neutral reading (commands.common.load_chosen_baseline picks it).
    speak : bool
        Play the client's voice when a speaker exists; otherwise the front end shows the statement
        (``ClientSpoke.played`` is False).
    end_silence_s : float > 0, optional
        Silence that ends the reply (default: ``endpointing.END_SILENCE_S``).
    keep_history : bool
        Store an attempt that heard speech, with the change since the previous one at this scenario.
    agitation : int 0-10, optional
        How agitated the client sounds (``tts.client_voice``) when no recorded clip is played; default: the
        ordinary client voice.
    on_event : callable
        Called with each :data:`Event` as it happens.
    """
    from voice_deesc import devices
    from voice_deesc.audio import from_array, save_audio
    from voice_deesc.paths import data_home
    from voice_deesc.pipeline import analyse

    _warm_up_in_background(scenario)
    played = speak and devices.has_output_device()
    if played:
        _play_client(scenario, agitation)
    on_event(ClientSpoke(scenario, played))
    on_event(Listening())
    samples, reason, transcript = _hear_reply(scenario, transcriber, replies, end_silence_s)
    audio = from_array(samples, SAMPLE_RATE_HZ)
    # Saved before analysis, so a crash or a full disk later never loses the trainee's recording.
    recording = save_audio(audio, new_recording_path(data_home() / RECORDINGS_FOLDER, scenario.id))
    on_event(ReplySaved(recording, reason))
    attempt = analyse(audio, scenario, transcriber, audio_path=str(recording), baseline=baseline, transcript=transcript)
    return RoundResult(_in_history(attempt, keep_history), audio, recording)


def _warm_up_in_background(scenario: Scenario) -> None:
    """Pay the analysis' one-off start-up costs (the pitch tracker, the wording model and this turn's model phrasings:
    ~1 s cold against 0.2 s warm, scripts/bench_turns.py) while the client is speaking, not after the trainee stops."""
    from voice_deesc.delivery.analyse import warm_up
    from voice_deesc.pipeline import model_phrasings

    threading.Thread(target=warm_up, daemon=True).start()
    threading.Thread(target=_quietly, args=(model_phrasings, scenario), daemon=True).start()


def _hear_reply(
    scenario: Scenario, transcriber: Transcriber, replies: ReplySource, end_silence_s: float | None
) -> tuple[np.ndarray, str, Transcript]:
    """Recognition runs while the trainee speaks, so after they stop only the last stretch is left to decode."""
    from voice_deesc.pipeline import recognition_prompt

    stream = transcriber.stream(prompt=recognition_prompt(scenario))
    feed = _kept_up(stream) if getattr(replies, "decoder_keeps_up", False) else stream.feed
    samples, reason = replies.record(on_block=feed, end_silence_s=end_silence_s)
    return samples, reason, stream.finish()


def _in_history(attempt: Attempt, keep_history: bool) -> Attempt:
    """Only a reply in which speech was heard is stored: a silent one (a muted microphone, an empty file) must not
    become the previous attempt the next one is compared with. A history fault becomes a note, never a lost result."""
    if attempt.heard_speech and keep_history:
        from voice_deesc.pipeline import record_or_note

        attempt = record_or_note(attempt)
    return attempt


def _kept_up(stream: TranscriptStream) -> BlockSink:
    """``stream.feed`` on a clock that waits for the decoder (streams that decode on the caller's thread, like
    Vosk's, always keep up)."""
    if hasattr(stream, "decoder_keeps_up"):
        stream.decoder_keeps_up = True
    return stream.feed


def _play_client(scenario: Scenario, agitation: int | None = None) -> None:
    from voice_deesc import devices, tts
    from voice_deesc.paths import spoken_dir

    voice = tts.VoiceSettings() if agitation is None else tts.client_voice(agitation)
    clip = scenario.client_audio or tts.synthesize_voice(scenario.client_statement, spoken_dir() / "client.wav", voice)
    devices.play_file(clip)


def new_recording_path(folder: Path, scenario_id: str) -> Path:
    """A name no earlier recording has: the time to the second, plus a counter when two rounds share it."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"{scenario_id}-{stamp}.wav"
    counter = 1
    while path.exists():
        counter += 1
        path = folder / f"{scenario_id}-{stamp}-{counter}.wav"
    return path
