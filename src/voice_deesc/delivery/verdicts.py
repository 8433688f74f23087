"""The calm analysis' vocabulary: which measure, what verdict, which way it is off, and where.

Typed so feedback never reads advice back out of a sentence: every fact a tip needs (the measure, the value and
its unit, the target band, the moment in seconds, the direction, the sub-case) is a field. Depends on nothing else
in the package except the word-run record, so the scoring, feedback and reports can all import it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from voice_deesc.textenum import TextEnum


class Measure(TextEnum):
    """Every delivery measure the calm score judges (its keys in ``BANDS`` and ``WEIGHTS``)."""

    SPEECH = "speech"
    """Not a measure of calm: the verdict given when no speech was heard at all."""
    EFFORT = "effort"
    PITCH_LEVEL = "pitch_level"
    RATE = "rate"
    PAUSES = "pauses"
    STEADINESS = "steadiness"
    PITCH_VARIETY = "pitch_variety"
    PITCH_END_RISE = "pitch_end_rise"
    MIRRORING = "mirroring"
    EFFORT_VS_BASELINE = "effort_vs_baseline"
    LOUDNESS_VS_BASELINE = "loudness_vs_baseline"
    PITCH_VS_BASELINE = "pitch_vs_baseline"
    RATE_VS_BASELINE = "rate_vs_baseline"

    @property
    def vs_baseline(self) -> bool:
        return self.value.endswith("_vs_baseline")


class Verdict(TextEnum):
    OK = "ok"
    WATCH = "watch"
    FLAG = "flag"


class Direction(TextEnum):
    """Where the value sits against its calm target."""

    WITHIN = "within"
    ABOVE = "above"
    """Faster, louder, higher or more effortful than calm."""
    BELOW = "below"
    """Slower, flatter or quieter than calm."""


class Aspect(TextEnum):
    """Which case of a measure a verdict describes (a measure can go wrong in more than one way)."""

    LEVEL = "level"
    """The measure's value against its band (the plain case)."""
    NO_SPEECH = "no_speech"
    HALTING = "halting"
    """Rate: slower than conversation."""
    SPED_UP = "sped_up"
    """Rate: calm overall, but a stretch well above the reply's own rate."""
    LONG_RUN = "long_run"
    """Pauses: a long stretch of speech with no pause."""
    LONG_SILENCE = "long_silence"
    SLOW_START = "slow_start"
    AFTER_VALIDATION = "after_validation"
    NATURAL = "natural"
    """Pauses: the count of natural pauses (value = count)."""
    CLIPPED = "clipped"
    RISE = "rise"
    """Steadiness: a sudden rise above the reply's usual level."""
    TREND = "trend"
    """Steadiness: the voice grew louder toward the end."""
    PRESSED = "pressed"
    """Effort vs baseline: quieter than the neutral reading, yet as bright, so the voice tensed."""
    LOUDER = "louder"
    """Effort vs baseline: read from the level rise over the neutral reading (one raised step per +6 dB)."""
    CALMER = "calmer"
    """Mirroring: the reply stayed calmer than the client."""
    CLOSE_EFFORT = "close_effort"
    FASTER = "faster"


@dataclass(frozen=True)
class Band:
    """Where a measure stops being calm (``calm_edge``), deserves a look (``watch_at``) and is flagged."""

    calm_edge: float
    watch_at: float
    flag_at: float
    unit: str
    source: str = field(default="", compare=False)
    """Where the thresholds come from (domain.md); not stored in the JSON."""

    def to_dict(self) -> dict[str, Any]:
        return {"calm_edge": self.calm_edge, "watch_at": self.watch_at, "flag_at": self.flag_at, "unit": self.unit}


@dataclass(frozen=True)
class WordRun:
    """A stretch of consecutive recognised words and its speaking rate."""

    start_s: float
    end_s: float
    words_per_minute: float
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "start_s": self.start_s,
            "end_s": self.end_s,
            "words_per_minute": self.words_per_minute,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WordRun:
        return cls(float(data["start_s"]), float(data["end_s"]), float(data["words_per_minute"]), str(data["text"]))


@dataclass(frozen=True)
class MeasureVerdict:
    """One measure judged against its target, with everything feedback needs to phrase advice."""

    measure: Measure
    verdict: Verdict
    value: float | None
    """In ``unit``; for ``pitch_variety`` the pitch SD in semitones (the band is on its negative)."""
    message: str
    """The report's note, written by :mod:`voice_deesc.feedback.messages` from the fields below."""
    at_s: float | None = None
    """The moment the verdict points at (seconds from the start of the reply), when it is not ok."""
    strain: float = 0.0
    """0 (calm) to 1 (as far from calm as the flag threshold); the score subtracts ``weight * strain``."""
    weight: float = 0.0
    unit: str = ""
    aspect: Aspect = Aspect.LEVEL
    direction: Direction = Direction.WITHIN
    band: Band | None = None
    """The target band the value was judged against (``None`` for measures judged by rule)."""
    phrase: str = ""
    """The validating phrase a pause followed (``after_validation``)."""
    detail: float | None = None
    """A second number the sentence names: the pace difference from the client (mirroring, %)."""
    estimated: bool = False
    """Rate: the word count was estimated from syllables (no transcript)."""
    stretch: WordRun | None = None
    """Rate flagged with no rushed stretch of its own: the fastest run of words, to point at."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "measure": self.measure.value,
            "verdict": self.verdict.value,
            "value": self.value,
            "message": self.message,
            "at_s": self.at_s,
            "strain": self.strain,
            "weight": self.weight,
            "unit": self.unit,
            "aspect": self.aspect.value,
            "direction": self.direction.value,
            "band": None if self.band is None else self.band.to_dict(),
            "phrase": self.phrase,
            "detail": self.detail,
            "estimated": self.estimated,
            "stretch": None if self.stretch is None else self.stretch.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MeasureVerdict:
        """Rebuild from :meth:`to_dict` output; version-1 verdicts (no aspect, unit or band) get the defaults."""
        band = data.get("band")
        stretch = data.get("stretch")
        return cls(
            Measure(data["measure"]),
            Verdict(data["verdict"]),
            data.get("value"),
            str(data.get("message", "")),
            data.get("at_s"),
            float(data.get("strain", 0.0)),
            float(data.get("weight", 0.0)),
            str(data.get("unit", "")),
            Aspect(data.get("aspect", Aspect.LEVEL.value)),
            Direction(data.get("direction", Direction.WITHIN.value)),
            None if band is None else Band(band["calm_edge"], band["watch_at"], band["flag_at"], band["unit"]),
            str(data.get("phrase", "")),
            data.get("detail"),
            bool(data.get("estimated", False)),
            None if stretch is None else WordRun.from_dict(stretch),
        )


@dataclass(frozen=True)
class CalmScore:
    score: int
    verdicts: tuple[MeasureVerdict, ...]
    used_baseline: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "used_baseline": self.used_baseline,
            "verdicts": [v.to_dict() for v in self.verdicts],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CalmScore:
        verdicts = tuple(MeasureVerdict.from_dict(d) for d in data.get("verdicts", []))
        return cls(int(data["score"]), verdicts, bool(data.get("used_baseline", False)))
