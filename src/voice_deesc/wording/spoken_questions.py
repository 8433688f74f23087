"""Spoken questions that word order alone does not show: those that drop their auxiliary ("you okay", "want some
water") and yes/no shapes that invite the client to go on ("is there anything else ...?").

Split from questions.py, which finds where every question starts and calls these two.
"""

from __future__ import annotations

from voice_deesc.wording.question_words import ADDRESS, ELLIPTIC_SUBJECTS, INVITE_REACH, INVITING, WELLBEING
from voice_deesc.wording.text import CLAUSE_PUNCT, SENTENCE_END


def elliptical_question(words: list[str], i: int, *, opens: bool) -> str | None:
    """Spoken questions that drop their auxiliary, found without a "?" (a recogniser gives none): "you okay",
    "you doing alright", "everyone safe", "want some water", "need anything", and "anything else" as an invitation.
    Each must open its clause and end it (punctuation, the reply's end, or the speaker starting a new clause: "you
    alright i saw you out here"), so "you okay with that plan" or "want to talk" are left to the other rules.
    ``opens``: the word at ``i`` begins its clause."""
    if not opens:
        return None
    j = i + 1
    if words[i] in ELLIPTIC_SUBJECTS:
        if words[j : j + 1] and words[j] in {"doing", "feeling", "holding", "keeping"}:
            j += 2 if words[j + 1 : j + 2] == ["up"] else 1
        if not (words[j : j + 1] and words[j] in WELLBEING):
            return None
        j += 1
        kind = "closed"
    elif words[i] == "anything":
        if words[j : j + 1] != ["else"]:
            return None
        j += 1
        kind = "open"
    else:
        if not (words[j : j + 1] and words[j] in {"some", "anything", "a"}):
            return None
        j += 2
        kind = "closed"
    j += 1 if words[j : j + 1] and words[j] in ADDRESS else 0  # "you alright, mate"
    speaker = words[i] != "anything" and words[j : j + 1] in (["i"], ["we"])  # "anything else i can do" goes on
    ends = j >= len(words) or words[j] in SENTENCE_END or words[j] in CLAUSE_PUNCT or speaker
    return kind if ends else None


def invites_more(words: list[str], i: int) -> bool:
    """ "Is there anything else ...?", "Any other concerns ...?", "Can you think of ...?": a yes/no shape that asks
    the client to go on and list, which counsellors code as open."""
    span = " " + " ".join(words[i : i + INVITE_REACH]) + " "
    return any(f" {phrase} " in span for phrase in INVITING)
