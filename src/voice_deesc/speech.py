"""Is there a voice in this recording? Decided relative to the recording's own level, by a real detector.

One absolute level cannot tell a quiet microphone from an empty room: a reply peaking at -42 dBFS is
clearly speech, a loud fan is not. So the level is first measured robustly, a copy is scaled to a fixed
peak, and Silero VAD (the voice-activity detector that ships inside the faster-whisper wheel and runs on
onnxruntime) decides whether any stretch of it is speech. A quiet recording that holds speech has its
level raised before recognition and analysis, and the report says so.

Every front end (``evaluate``, ``batch``, the practice loop) goes through :func:`prepare_reply` inside
``pipeline.analyse``, so the same file always gets the same verdict.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from voice_deesc.audio import SAMPLE_RATE_HZ, Audio, resample
from voice_deesc.textenum import TextEnum

DIGITAL_SILENCE_DBFS = -90.0
"""Below this the file holds no sound at all (a muted input writes zeros or dither)."""
QUIET_LEVEL_DBFS = -30.0
"""A reply whose loud samples stay under this was recorded with too little gain: raise it before analysis.
Normal speech at a headset microphone peaks between -12 and -3 dBFS."""
TARGET_LEVEL_DBFS = -6.0
"""Where a quiet reply's loud samples are brought to (and where the detector's copy is scaled to)."""
MAX_GAIN_DB = 60.0
"""Never raise more than this: past it the microphone was off and only its noise would be amplified."""
LEVEL_PERCENTILE = 99.9
"""The 'loud samples' level: robust to a single click, unlike the plain peak."""
MIN_SPEECH_S = 0.3
"""Less detected speech than this (a cough, a click) is not a reply."""
VAD_BLOCK_S = 30.0
"""The detector sees the recording in blocks this long (its LSTM state restarts at each; speech is seconds long)."""
STOP_AFTER_SPEECH_S = 3.0
"""Enough speech to call it a reply; scanning further would only cost time on a long file."""
VAD_MIN_SPEECH_MS = 250
"""Silero stretches shorter than this are dropped (its documented option ``min_speech_duration_ms``)."""

QUIET_NOTE = "very quiet recording — analysed after raising the level by {gain_db:.0f} dB; turn the microphone up"
NO_WORDS_NOTE = "speech heard but no words recognised — delivery only; speak English, clearly and close to the mic"
NOISE_MESSAGE = "only noise — no speech was heard; record the reply again closer to the microphone"
SILENT_MESSAGE = "no speech was heard: the recording is silent (no sound at all) — check the microphone is on"


class Presence(TextEnum):
    """What the detector found."""

    SPEECH = "speech"
    NOISE = "noise"
    SILENT = "silent"


@dataclass(frozen=True)
class SpeechCheck:
    """The speech-presence verdict for one recording."""

    presence: Presence
    speech_s: float
    """Seconds the detector marked as speech (it stops counting past ``STOP_AFTER_SPEECH_S``)."""
    level_dbfs: float
    """Level of the loud samples (the ``LEVEL_PERCENTILE`` of absolute values), before any gain."""
    gain_db: float = 0.0
    """Gain applied to the recording for analysis (0 unless it was very quiet)."""

    @property
    def has_speech(self) -> bool:
        return self.presence is Presence.SPEECH

    @property
    def message(self) -> str:
        """The one-line reason a recording without speech cannot be assessed ('' when it has speech)."""
        return {Presence.SPEECH: "", Presence.NOISE: NOISE_MESSAGE, Presence.SILENT: SILENT_MESSAGE}[self.presence]


def check_speech(audio: Audio) -> SpeechCheck:
    """Find speech in ``audio`` relative to its own level.

    Parameters
    ----------
    audio : Audio
        Any rate; the detector sees a 16 kHz copy scaled so its loud samples sit at ``TARGET_LEVEL_DBFS``.

    Returns
    -------
    SpeechCheck
        ``SILENT`` when there is no sound, ``NOISE`` when there is sound but under ``MIN_SPEECH_S`` of speech.
    """
    level = _level_dbfs(audio.samples)
    if level < DIGITAL_SILENCE_DBFS:
        return SpeechCheck(Presence.SILENT, 0.0, level)
    samples = (
        audio.samples
        if audio.sample_rate == SAMPLE_RATE_HZ
        else resample(audio.samples, audio.sample_rate, SAMPLE_RATE_HZ)
    )
    speech_s = _speech_seconds(samples, gain=np.float32(10 ** ((TARGET_LEVEL_DBFS - level) / 20)))
    return SpeechCheck(Presence.SPEECH if speech_s >= MIN_SPEECH_S else Presence.NOISE, speech_s, level)


def prepare_reply(audio: Audio) -> tuple[Audio, SpeechCheck]:
    """Check for speech and raise a quiet reply's level; returns the audio to analyse and the verdict.

    A recording that holds speech but whose loud samples stay under ``QUIET_LEVEL_DBFS`` is amplified
    to ``TARGET_LEVEL_DBFS`` (at most ``MAX_GAIN_DB``) and noted, so recognition and the delivery
    measures see a normal level.
    """
    check = check_speech(audio)
    if not check.has_speech or check.level_dbfs >= QUIET_LEVEL_DBFS:
        return audio, check
    gain_db = min(MAX_GAIN_DB, TARGET_LEVEL_DBFS - check.level_dbfs)
    raised = np.clip(audio.samples * np.float32(10 ** (gain_db / 20)), -1.0, 1.0).astype(np.float32)
    note = QUIET_NOTE.format(gain_db=gain_db)
    return replace(audio, samples=raised, notes=(*audio.notes, note)), replace(check, gain_db=gain_db)


def _level_dbfs(samples: np.ndarray) -> float:
    if samples.size == 0:
        return -np.inf
    level = float(np.percentile(np.abs(samples), LEVEL_PERCENTILE))
    return 20.0 * np.log10(level) if level > 0 else -np.inf


def _speech_seconds(samples: np.ndarray, *, gain: np.float32) -> float:
    """Seconds of speech Silero VAD finds in 16 kHz ``samples`` scaled by ``gain``, block by block.

    Blocks of ``VAD_BLOCK_S`` keep the detector's memory flat on long files; the scan stops as soon as
    ``STOP_AFTER_SPEECH_S`` of speech is found, since presence is all that is asked.
    """
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    options = VadOptions(min_speech_duration_ms=VAD_MIN_SPEECH_MS)
    step = int(VAD_BLOCK_S * SAMPLE_RATE_HZ)
    found = 0
    for start in range(0, len(samples), step):
        block = np.clip(samples[start : start + step] * gain, -1.0, 1.0).astype(np.float32)
        found += sum(s["end"] - s["start"] for s in get_speech_timestamps(block, options, SAMPLE_RATE_HZ))
        if found >= STOP_AFTER_SPEECH_S * SAMPLE_RATE_HZ:
            break
    return found / SAMPLE_RATE_HZ


VAD_WINDOW = 512
"""Silero's window at 16 kHz (32 ms): one speech probability per window."""
VAD_CONTEXT = 64
"""Samples of the previous window Silero sees in front of each window (as faster-whisper feeds it)."""


class VoiceActivity:
    """Silero VAD fed as audio arrives: the speech probability of every 32 ms window, with its memory kept.

    faster-whisper only runs the detector over a whole recording; the end-of-speech decision needs it
    block by block while the trainee talks. This feeds the same ONNX model the same inputs (each window
    with the last 64 samples of the one before, the LSTM state carried over), one window at a time.
    """

    def __init__(self) -> None:
        from faster_whisper.vad import get_vad_model

        self._session = get_vad_model().session
        self._state = np.zeros((2, 1, 1, 128), np.float32)
        self._context = np.zeros(VAD_CONTEXT, np.float32)
        self._buffer = np.zeros(0, np.float32)
        self.windows = 0
        """Windows scored so far (each ``VAD_WINDOW`` samples at 16 kHz)."""

    def push(self, samples: np.ndarray) -> np.ndarray:
        """Speech probabilities of the windows completed by these 16 kHz mono float samples (may be empty)."""
        self._buffer = np.concatenate([self._buffer, np.asarray(samples, np.float32)])
        count = len(self._buffer) // VAD_WINDOW
        if not count:
            return np.zeros(0, np.float32)
        windows = self._buffer[: count * VAD_WINDOW].reshape(count, VAD_WINDOW)
        contexts = np.concatenate([self._context[np.newaxis, :], windows[:-1, -VAD_CONTEXT:]])
        # The model reads the first axis as time, so several windows go in one call with the state carried.
        output, h, c = self._session.run(
            None, {"input": np.concatenate([contexts, windows], axis=1), "h": self._state[0], "c": self._state[1]}
        )
        self._state = np.stack([h, c])
        self._context = windows[-1, -VAD_CONTEXT:].copy()
        probabilities = np.ravel(output).astype(np.float32)
        self._buffer = self._buffer[count * VAD_WINDOW :]
        self.windows += count
        return probabilities
