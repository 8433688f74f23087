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
    from voice_deesc.scenarios import Scenario

RUBRIC_PHRASES = ("Calm down", "it sounds like", "I hear you", "security", "together")
"""Flagged and credited phrases alike (domain.md rubric): command_feelings, reflection, presence,
threat_ultimatum, collaboration. Short on purpose: a long prompt invites Whisper to repeat it."""
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
        e.g. ``"The housing voucher that expired: voucher, eleven months, form, shelter, did everything.
        Calm down, it sounds like, I hear you, security, together."``
    """
    if scenario is None:
        return None
    facts = ", ".join(scenario.key_content[:MAX_KEY_CONTENT])
    topic = scenario.title.strip().rstrip(".")
    return f"{topic}: {facts}. {', '.join(RUBRIC_PHRASES)}." if facts else f"{topic}. {', '.join(RUBRIC_PHRASES)}."
