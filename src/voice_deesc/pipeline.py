"""The single entry point every front end uses: audio (or typed text) in, an Attempt out.

Everything here except the speech engine is a pure function of its inputs.
"""

from __future__ import annotations

import platform
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from voice_deesc import ATTEMPT_SCHEMA, __version__
from voice_deesc.asr.base import Transcriber, Transcript
from voice_deesc.audio import Audio
from voice_deesc.delivery.analyse import Delivery, analyse_delivery
from voice_deesc.delivery.score import CalmScore, score_calm
from voice_deesc.feedback.assess import Assessment, assess
from voice_deesc.scenarios.model import Scenario
from voice_deesc.speech import NO_WORDS_NOTE, SpeechCheck, prepare_reply
from voice_deesc.wording.analyse import Wording, analyse_wording


@dataclass(frozen=True)
class Attempt:
    """One reply and everything learned from it; its JSON form is the public ``voice-deesc.attempt/1`` schema."""

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
    if speech is None:
        audio, speech = prepare_reply(audio)
    warnings = list(audio.notes)
    if not speech.has_speech:
        transcript = Transcript((), "", transcriber.engine, transcriber.model)
        warnings.append(speech.message)
    elif transcript is None:
        transcript = transcriber.transcribe(audio, prompt=recognition_prompt(scenario))
    if speech.has_speech and not transcript.words:
        warnings.append(NO_WORDS_NOTE)
    client_audio = _client_audio(scenario, warnings)
    delivery = analyse_delivery(audio, transcript, baseline=baseline, client_audio=client_audio)
    calm = score_calm(delivery)
    return _finish(scenario, transcript, delivery, calm, audio_path, warnings + list(delivery.warnings))


def analyse_text(text: str, scenario: Scenario | None, *, client_text: str = "") -> Attempt:
    """The wording half alone, for a typed reply: no delivery, no calm score."""
    return _finish(scenario, Transcript.from_text(text), None, None, None, [], client_text=client_text)


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
    wording = analyse_wording(
        transcript, scenario, client_text=client_text or (scenario.client_statement if scenario else "")
    )
    assessment = assess(wording, calm, scenario, transcript=transcript)
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
