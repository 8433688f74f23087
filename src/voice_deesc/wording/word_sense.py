"""Word sense for reflections: when a clause that shares the client's words still does not say them back.

- "Miss" names a feeling for someone or something loved ("you miss your kids"), not an event one failed to reach
  ("you missed your appointment", "you missed the bus"): the second is content, never a feeling word.
- A clause about people in general ("everyone has to pay rent", "people wait months for a flat") states a rule of
  the world; it may share the client's words, but it is not about the client.
"""

from __future__ import annotations

from voice_deesc.wording.text import word_set

MISSED_EVENTS = word_set(
    """appointment appointments bus train deadline payment payments call calls meeting meetings dose doses session
    sessions class classes work school shift shifts letter flight court hearing interview curfew signing group
    groups check review slot it that one out"""
)
"""What one misses without grieving it, after an optional determiner."""
DETERMINERS = word_set("""the your my an a this that his her their our""")
GENERIC_SUBJECTS = word_set("""everyone everybody people anyone anybody nobody""")
LEAD = word_set("""so okay ok well and but now yeah oh look honestly""")


def missed_event(words: list[str], k: int, stop: int) -> bool:
    """Token ``k`` is a form of "miss" whose object is an event ("missed your appointment"), not a loved one.

    >>> missed_event("you missed your appointment".split(), 1, 4)
    True
    >>> missed_event("you miss your kids".split(), 1, 4)
    False
    """
    if not words[k].startswith("miss"):
        return False
    after = [w for w in words[k + 1 : min(stop, k + 4)] if w not in DETERMINERS]
    return bool(after) and after[0] in MISSED_EVENTS


def generic_subject(words: list[str], first: int, stop: int) -> bool:
    """The clause [first, stop) is about people in general, with no "you" in it.

    >>> generic_subject("everyone has to pay rent".split(), 0, 5)
    True
    >>> generic_subject("everyone here wants you to get the flat".split(), 0, 8)
    False
    """
    lead = first
    while lead < stop and words[lead] in LEAD:
        lead += 1
    return lead < stop and words[lead] in GENERIC_SUBJECTS and "you" not in words[lead:stop]
