"""The single entry point every front end uses: audio (or typed text) in, an Attempt out.

Everything here except the speech engine is a pure function of its inputs. Stages hand each other typed
records: delivery -> calm score, wording, and both (with the scenario's model phrasings) -> assessment.
"""

from __future__ import annotations

import contextlib
import platform
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from voice_deesc import ATTEMPT_SCHEMA, __version__
from voice_deesc.asr.base import Transcriber, Transcript
from voice_deesc.audio import Audio
from voice_deesc.background import Background
from voice_deesc.delivery.analyse import Delivery, analyse_delivery, measure_voice
from voice_deesc.delivery.record import delivery_from_v1
from voice_deesc.delivery.score import CalmScore, score_calm
from voice_deesc.feedback.assess import Assessment, PreviousScores, assess, compare_with
from voice_deesc.feedback.evidence import Phrasing, model_reply_sentences
from voice_deesc.scenarios.model import Scenario
from voice_deesc.speech import NO_WORDS_NOTE, SpeechCheck, prepare_reply
from voice_deesc.wording.analyse import analyse_wording
from voice_deesc.wording.rubric import Polarity, Wording

ATTEMPT_SCHEMA_V1 = "voice-deesc.attempt/1"
"""The flat first version, still read from older history rows."""


@dataclass(frozen=True)
class Attempt:
    """One reply and everything learned from it; its JSON form is the public ``voice-deesc.attempt/2`` schema."""

    scenario_id: str | None
    created_at: str
    audio_path: str | None
    transcript: Transcript
    delivery: Delivery | None
    calm: CalmScore | None
    wording: Wording
    assessment: Assessment
    warnings: tuple[str, ...] = ()
    versions: dict[str, str] = field(default_factory=dict)

    @property
    def heard_speech(self) -> bool:
        return bool(self.transcript.words)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": ATTEMPT_SCHEMA,
            "scenario_id": self.scenario_id,
            "created_at": self.created_at,
            "audio_path": self.audio_path,
            "transcript": self.transcript.to_dict(),
            "delivery": None if self.delivery is None else self.delivery.to_dict(),
            "calm": None if self.calm is None else self.calm.to_dict(),
            "wording": self.wording.to_dict(),
            "assessment": self.assessment.to_dict(),
            "warnings": list(self.warnings),
            "versions": dict(self.versions),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Attempt:
        """Rebuild from :meth:`to_dict` output, of this version or the flat ``attempt/1``."""
        delivery = data.get("delivery")
        calm = data.get("calm")
        if delivery is not None:
            v1 = data.get("schema") == ATTEMPT_SCHEMA_V1
            delivery = delivery_from_v1(delivery) if v1 else Delivery.from_dict(delivery)
        return cls(
            scenario_id=data.get("scenario_id"),
            created_at=str(data["created_at"]),
            audio_path=data.get("audio_path"),
            transcript=Transcript.from_dict(data["transcript"]),
            delivery=delivery,
            calm=None if calm is None else CalmScore.from_dict(calm),
            wording=Wording.from_dict(data["wording"]),
            assessment=Assessment.from_dict(data["assessment"]),
            warnings=tuple(data.get("warnings") or ()),
            versions=dict(data.get("versions") or {}),
        )


def analyse(
    audio: Audio,
    scenario: Scenario | None,
    transcriber: Transcriber,
    *,
    audio_path: str | None = None,
    baseline: Audio | None = None,
    transcript: Transcript | None = None,
    speech: SpeechCheck | None = None,
) -> Attempt:
    """Transcribe, measure and assess one spoken reply.

    ``baseline`` is the trainee's neutral reading: delivery measures become deltas from it. When the
    scenario has a recorded client clip, the reply is also compared with it (mirroring). ``transcript``
    is the result of a stream fed while the trainee spoke (practice); without it the audio is transcribed here.
    ``speech`` is the verdict of ``speech.prepare_reply`` when the caller already ran it on ``audio``.
    """
    wording_ready = _prepare_wording(scenario)
    if speech is None:
        audio, speech = prepare_reply(audio)
    warnings = list(audio.notes)
    decoding: Background[Transcript] | None = None
    if not speech.has_speech:
        transcript = Transcript((), "", transcriber.engine, transcriber.model)
        warnings.append(speech.message)
    elif transcript is None:
        prompt = recognition_prompt(scenario)
        decoding = Background(lambda: transcriber.transcribe(audio, prompt=prompt), name="transcribe")
    # The voice is measured while the recogniser decodes: both are native code, and neither needs the other.
    client_warnings: list[str] = []
    client_audio = _client_audio(scenario, client_warnings)
    measures = measure_voice(audio, baseline=baseline, client_audio=client_audio)
    if decoding is not None:
        transcript = decoding.result()
    assert transcript is not None  # every branch above gave one
    wording_ready.result()
    if speech.has_speech and not transcript.words:
        warnings.append(NO_WORDS_NOTE)
    warnings += client_warnings
    delivery = analyse_delivery(audio, transcript, measures=measures)
    calm = score_calm(delivery)
    return _finish(scenario, transcript, delivery, calm, audio_path, warnings + list(delivery.warnings))


def _prepare_wording(scenario: Scenario | None) -> Background[None]:
    """Load the wording model and analyse the model reply's phrasings while the recogniser decodes.

    Both are cached for the process, and the recogniser spends its time in native code, so on a cold start the
    wording analysis no longer waits for its ~0.5 s of loading after the transcript is ready. A failure here is
    left for the wording analysis itself to report (it falls back to rules alone with a note).
    """

    def prepare() -> None:
        with contextlib.suppress(Exception):
            model_phrasings(scenario)

    return Background(prepare, name="prepare-wording")


def analyse_text(text: str, scenario: Scenario | None, *, client_text: str = "") -> Attempt:
    """The wording half alone, for a typed reply: no delivery, no calm score."""
    return _finish(scenario, Transcript.from_text(text), None, None, None, [], client_text=client_text)


HISTORY_NOT_UPDATED = "history was not updated"


def record_or_note(attempt: Attempt, *, path: Path | None = None) -> Attempt:
    """:func:`record_and_compare`, except that a history fault keeps the finished analysis with a note saying so.

    A locked, damaged or newer history must never cost the trainee the feedback they just earned.
    """
    from voice_deesc.errors import StorageError

    try:
        return record_and_compare(attempt, path=path)
    except StorageError as e:
        return replace(attempt, warnings=(*attempt.warnings, f"{HISTORY_NOT_UPDATED}: {e}"))


def record_and_compare(attempt: Attempt, *, path: Path | None = None) -> Attempt:
    """Add the change since the previous attempt at the same scenario, store the attempt, and return it.

    Parameters
    ----------
    attempt : Attempt
        A freshly analysed attempt.
    path : Path, optional
        The history file (default: the user's).

    Returns
    -------
    Attempt
        ``attempt`` with ``assessment.previous`` and ``assessment.change`` set when history exists.

    Like is compared with like: the previous attempt is the latest one judged the same way (with or without
    the trainee's neutral reading). When only attempts judged the other way exist, the latest of them is the
    previous one, the change covers the wording alone (a calm score against a baseline and one against general
    targets are different measures), and a note in the attempt's warnings says so.
    """
    from voice_deesc.history import History, judged_with_baseline

    with_baseline = judged_with_baseline(attempt)
    with History(path) as history:
        past = history.previous_attempt(attempt.scenario_id, used_baseline=with_baseline)
        alike = past is not None or attempt.calm is None
        if past is None:
            past = history.previous_attempt(attempt.scenario_id)
        if past is not None:
            previous = PreviousScores(past.created_at, past.calm, past.non_judgmental, past.overall, past.band)
            assessment = compare_with(attempt.assessment, previous)
            if not alike:
                wording_only = {k: v for k, v in (assessment.change or {}).items() if k == "non_judgmental"}
                assessment = replace(assessment, change=wording_only)
                note = judged_differently_note(with_baseline=with_baseline, when=past.created_at[:10])
                attempt = replace(attempt, warnings=(*attempt.warnings, note))
            attempt = replace(attempt, assessment=assessment)
        history.record_attempt(attempt)
    return attempt


def judged_differently_note(*, with_baseline: bool, when: str) -> str:
    """Why the calm and overall change is missing: the previous attempt was judged the other way."""
    now, then = ("against", "without") if with_baseline else ("without", "against")
    return (
        f"This attempt was judged {now} your neutral reading and your previous one ({when}) {then} it, "
        "so only the wording change is shown."
    )


def model_phrasings(scenario: Scenario | None) -> tuple[Phrasing, ...]:
    """The scenario's model reply, sentence by sentence, with the credit categories the rubric finds in each."""
    return _phrasings(scenario.model_reply) if scenario is not None else ()


@lru_cache(maxsize=64)
def _phrasings(model_reply: str) -> tuple[Phrasing, ...]:
    out = []
    for sentence in model_reply_sentences(model_reply):
        wording = analyse_wording(Transcript.from_text(sentence))
        found = frozenset(f.category for f in wording.findings if f.polarity == Polarity.CREDIT)
        out.append(Phrasing(sentence, found))
    return tuple(out)


def _client_audio(scenario: Scenario | None, warnings: list[str]) -> Audio | None:
    """The scenario's recorded client clip for the mirroring comparison; a bad clip is a warning, not a failure."""
    if scenario is None or scenario.client_audio is None:
        return None
    from voice_deesc.audio import load_audio
    from voice_deesc.errors import AudioError

    try:
        return load_audio(scenario.client_audio)
    except AudioError as e:
        warnings.append(f"the client clip could not be compared with the reply: {e}")
        return None


def recognition_prompt(scenario: Scenario | None) -> str | None:
    """Name the scenario's topic and balanced rubric phrases so the recogniser expects them (asr/prompt.py)."""
    from voice_deesc.asr.prompt import recognition_prompt as build_prompt

    return build_prompt(scenario)


def _finish(
    scenario: Scenario | None,
    transcript: Transcript,
    delivery: Delivery | None,
    calm: CalmScore | None,
    audio_path: str | None,
    warnings: list[str],
    *,
    client_text: str = "",
) -> Attempt:
    wording = analyse_wording(transcript, scenario, client_text=client_text)
    assessment = assess(wording, calm, scenario, transcript=transcript, phrasings=model_phrasings(scenario))
    return Attempt(
        scenario_id=scenario.id if scenario else None,
        created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        audio_path=audio_path,
        transcript=transcript,
        delivery=delivery,
        calm=calm,
        wording=wording,
        assessment=assessment,
        warnings=tuple(dict.fromkeys(warnings)),
        versions={"voice_deesc": __version__, "python": platform.python_version()},
    )
