"""The recognition prompt: tell the recogniser what the reply is likely to be about.

Measured (design.md): tiny.en hears "Calm down, you need to…" as "Come down, …" and "voucher" as
"mouth"; an ``initial_prompt`` that names the scenario's topic and a *balanced* set of rubric phrases
fixes both. Balanced matters: the prompt biases recognition toward its words, so it must name phrases
the rubric flags ("calm down", "security") as readily as the ones it praises ("it sounds like",
"I hear you", "together"); a prompt of praised phrases only would turn mumbled replies into better
ones than the trainee said. tests/test_asr_whisper.py checks that silence and unrelated speech do not
pick up prompt words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from voice_deesc.scenarios.model import Scenario

RUBRIC_PHRASES = ("it sounds like", "I hear you", "calm down", "security", "together")
"""Credited and flagged phrases alike (domain.md rubric): reflection, presence, command_feelings,
threat_ultimatum, collaboration. Short on purpose: a long prompt invites Whisper to repeat it.

The order and punctuation are measured, and tiny.en is sensitive to both: on the demo reply (espeak-ng,
"You need to calm down a little", "your voucher is gone") 15 wordings of the same content were tried;
6 heard "calm down", 3 heard "voucher", and only this one (title sentence, capitalised facts, then the
phrases with "calm down" third) heard both. Without a prompt: "come down" and "my church".
On the 49 unrelated real clips it leaves WER unchanged (scripts/bench_asr.py)."""
MAX_KEY_CONTENT = 6
"""Scenario facts named in the prompt; Whisper keeps only the last 223 prompt tokens anyway."""


def recognition_prompt(scenario: Scenario | None) -> str | None:
    """An ``initial_prompt`` for Whisper: the scenario's topic, its key facts and the rubric phrases.

    Parameters
    ----------
    scenario : Scenario or None
        The scenario being practised; without one there is no topic and no prompt (None).

    Returns
    -------
    str or None
        e.g. ``"The housing voucher that expired. Voucher, eleven months, form, shelter, did everything.
        It sounds like, I hear you, calm down, security, together."``
    """
    if scenario is None:
        return None
    parts = [scenario.title.strip().rstrip(".")]
    facts = ", ".join(fact.strip() for fact in scenario.key_content[:MAX_KEY_CONTENT] if fact.strip())
    if facts:
        parts.append(facts[0].upper() + facts[1:])
    phrases = ", ".join(RUBRIC_PHRASES)
    parts.append(phrases[0].upper() + phrases[1:])
    return ". ".join(parts) + "."
