"""Conversations for the history and report tests, built from replies judged by the real pipeline.

Typed replies go through ``pipeline.analyse_text`` (the real wording analysis and assessment); a spoken reply goes
through espeak-ng, Whisper and the delivery analysis (``spoken_turn``). The client lines follow the built-in
``lost-housing-voucher`` pack.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from voice_deesc.conversation.record import Branch, ConversationResult, EndState, TurnResult
from voice_deesc.pipeline import analyse, analyse_text
from voice_deesc.scenarios.load import get_scenario

SCENARIO_ID = "lost-housing-voucher"
STARTED_AT = "2026-12-02T09:15:00+00:00"
CLIENT_LINES = (
    "They told me my voucher expired because your program never sent the form. Eleven months!",
    "Don't tell me to calm down. I did everything they asked.",
    "So what am I supposed to do tonight?",
)
REFLECTING = "It sounds like you're scared about tonight. What happened?"
COMMANDING = "Calm down, you need to follow the rules."
TOGETHER = "Let's figure this out together. Would you like to call them now?"
AGITATION = (7, 5, 8, 4)
"""Before the first turn, then after each of the three replies above."""
BRANCHES = (Branch.SETTLES, Branch.ESCALATES, Branch.SETTLES)
STRAINED_GAIN = 4.0
"""x4 (+12 dB), clipped: a raised voice close to the microphone (as in test_feedback_spoken_replies)."""
RUSHED_WPM = 250


def typed_turn(
    index: int, text: str, *, branch: Branch, agitation: int, after: int, recording: str | None = None, scenario=None
) -> TurnResult:
    """Turn ``index`` (1-based) answered by the typed ``text``, judged by the real wording analysis."""
    scenario = scenario or get_scenario(SCENARIO_ID)
    client = CLIENT_LINES[(index - 1) % len(CLIENT_LINES)]
    attempt = analyse_text(text, scenario, client_text=client)
    return TurnResult(
        index=index,
        turn_id=f"turn-{index}",
        client_text=client,
        agitation=agitation,
        attempt=attempt,
        recording=recording,
        branch=branch,
        next_turn=None,
        agitation_after=after,
    )


def settled_conversation(*, recordings: tuple[str | None, ...] = (None, None, None)) -> ConversationResult:
    """Three typed turns (reflect, command, collaborate) that settle, escalate, settle and end settled."""
    texts = (REFLECTING, COMMANDING, TOGETHER)
    turns = []
    for i, (text, branch) in enumerate(zip(texts, BRANCHES, strict=True)):
        turn = typed_turn(
            i + 1, text, branch=branch, agitation=AGITATION[i], after=AGITATION[i + 1], recording=recordings[i]
        )
        turns.append(replace(turn, next_turn=f"turn-{i + 2}" if i < 2 else None))
    return ConversationResult(SCENARIO_ID, STARTED_AT, tuple(turns), EndState.SETTLED)


def early_stop(result: ConversationResult, turns: int, why: str = "no more replies") -> ConversationResult:
    """``result`` cut after ``turns`` turns, as the loop leaves it when the replies run out."""
    return replace(result, turns=result.turns[:turns], end_state=None, stopped_because=why)


def spoken_turn(
    index: int, text: str, whisper, folder: Path, *, branch: Branch, agitation: int, after: int, strained: bool
) -> TurnResult:
    """Turn ``index`` answered out loud: espeak-ng speaks ``text`` (rushed and loud when ``strained``), the
    recording is saved to ``folder`` and judged by Whisper and the delivery analysis."""
    from voice_deesc.audio import save_audio
    from voice_deesc.tts import synthesize_audio

    audio = synthesize_audio(text, rate_wpm=RUSHED_WPM if strained else 125)
    if strained:
        audio = replace(audio, samples=np.clip(audio.samples * STRAINED_GAIN, -1.0, 1.0).astype(np.float32))
    path = save_audio(audio, folder / f"turn-{index}.wav")
    scenario = get_scenario(SCENARIO_ID)
    attempt = analyse(audio, scenario, whisper, audio_path=str(path))
    client = CLIENT_LINES[(index - 1) % len(CLIENT_LINES)]
    return TurnResult(index, f"turn-{index}", client, agitation, attempt, str(path), branch, None, after)
