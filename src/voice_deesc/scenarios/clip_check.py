"""Does a recorded client clip say the written line, and does it sound as agitated as the scenario says?

Two checks an instructor cannot easily make by ear on their own recording:

- the words: the clip is transcribed by the app's own recogniser and compared with the written line by word error
  rate, so a skipped sentence or an ad-lib is caught (the written line is what the wording analysis reads);
- the delivery: vocal effort, pitch and rate, measured exactly as the reply's are (``delivery.baseline.profile_voice``),
  because the mirroring check compares the trainee's reply with this clip. A level-5 "shouting" client read in a
  calm voice would make every calm reply look no calmer than the client.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from voice_deesc.audio import SAMPLE_RATE_HZ, Audio, resample
from voice_deesc.delivery.baseline import VoiceProfile, profile_voice
from voice_deesc.delivery.calibration import RAISED_STEP_EFFORT_DB, TYPICAL_EFFORT_DB
from voice_deesc.textenum import TextEnum

if TYPE_CHECKING:
    from voice_deesc.asr.base import Transcriber

MISMATCH_WER = 0.35
"""Word error rate above which the clip is said not to match its line (scripts/measure_client_clips.py): the 49 real
recordings of ../shared/data/asr, prepared as clips, score median 0.04 against their own line (above 0.35 only two
lines of under ten words with names or "I'm" read as "I am") and at least 0.75 against another line; the 16 built-in
statements spoken by espeak-ng score at most 0.29. A client line has 2-5 sentences, so one dropped sentence of two
or an ad-libbed line is caught."""
RAISED_FROM_LEVEL = 4
"""Levels 4-5 (domain.md: towards shouting) need an audibly raised voice."""
MILD_UP_TO_LEVEL = 2
"""Levels 1-2 (mild frustration) should not be acted as shouting."""


class Intensity(TextEnum):
    """How raised the clip's voice is, from vocal effort (alpha ratio above calm speech; delivery/score.py)."""

    CALM = "calm"
    """Within one raised-voice step of calm speech."""
    RAISED = "raised"
    """At least one raised-voice step (~+6 dB of vocal level) above calm speech."""
    STRONG = "strongly raised"
    """Two steps or more: shouting."""


@dataclass(frozen=True)
class LineCheck:
    """The clip's words against the written line."""

    heard: str
    """What the recogniser heard."""
    word_error_rate: float
    """Edits per written word, after the ASR benchmark's text normalisation (asr/wer.py)."""

    @property
    def matches(self) -> bool:
        return self.word_error_rate <= MISMATCH_WER


@dataclass(frozen=True)
class Agitation:
    """The clip's delivery, for the mirroring check."""

    profile: VoiceProfile
    """Loudness, effort, pitch and rate, as the mirroring check will read them."""
    effort_above_calm_db: float | None
    """Alpha ratio minus that of calm speech (``TYPICAL_EFFORT_DB``); None with too little voiced speech."""
    intensity: Intensity | None
    difficulty: int

    @property
    def advice(self) -> str:
        """One line when the acting and the scenario's level disagree ('' when they fit or cannot be judged)."""
        if self.intensity is None:
            return ""
        if self.difficulty >= RAISED_FROM_LEVEL and self.intensity is Intensity.CALM:
            return (
                f"the clip sounds calm, but the scenario is level {self.difficulty} (towards shouting): a calm reply "
                "will not sound calmer than this client — record it again with more force (see the recording "
                "guide), or lower the difficulty"
            )
        if self.difficulty <= MILD_UP_TO_LEVEL and self.intensity is Intensity.STRONG:
            return (
                f"the clip sounds like shouting, but the scenario is level {self.difficulty} (mild frustration) — "
                "record it again less forcefully, or raise the difficulty"
            )
        return ""


def check_line(audio: Audio, line: str, transcriber: Transcriber) -> LineCheck:
    """Transcribe ``audio`` with ``transcriber`` and compare what it heard with the written ``line``."""
    from voice_deesc.asr.wer import count_errors

    transcript = transcriber.transcribe(_at_analysis_rate(audio))
    return LineCheck(transcript.text.strip(), round(count_errors(line, transcript.text).wer, 3))


def measure_agitation(audio: Audio, difficulty: int) -> Agitation:
    """Measure the clip's vocal effort, pitch and rate, and say how raised the voice is."""
    profile = profile_voice(_at_analysis_rate(audio))
    if profile.effort_db is None:
        return Agitation(profile, None, None, difficulty)
    above = round(profile.effort_db - TYPICAL_EFFORT_DB, 2)
    if above >= 2 * RAISED_STEP_EFFORT_DB:
        intensity = Intensity.STRONG
    elif above >= RAISED_STEP_EFFORT_DB:
        intensity = Intensity.RAISED
    else:
        intensity = Intensity.CALM
    return Agitation(profile, above, intensity, difficulty)


def describe_agitation(agitation: Agitation) -> str:
    """The figures in one line, e.g. 'vocal effort +3.1 dB above calm speech (raised), pitch 182 Hz ...'."""
    p = agitation.profile
    parts = []
    if agitation.effort_above_calm_db is not None and agitation.intensity is not None:
        parts.append(f"vocal effort {agitation.effort_above_calm_db:+.1f} dB from calm speech ({agitation.intensity})")
    if p.pitch_median_hz is not None:
        spread = f", varying {p.pitch_sd_st:.1f} semitones" if p.pitch_sd_st is not None else ""
        parts.append(f"pitch {p.pitch_median_hz:.0f} Hz{spread}")
    if p.rate_sps is not None:
        parts.append(f"{p.rate_sps:.1f} syllables/s")
    return ", ".join(parts) if parts else "too little voiced speech to measure"


def _at_analysis_rate(audio: Audio) -> Audio:
    if audio.sample_rate == SAMPLE_RATE_HZ:
        return audio
    return Audio(resample(audio.samples, audio.sample_rate, SAMPLE_RATE_HZ), SAMPLE_RATE_HZ, audio.notes)
