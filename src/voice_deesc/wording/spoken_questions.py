"""Spoken questions that word order alone does not show: those that drop their auxiliary ("you okay", "want some
water") and yes/no shapes that invite the client to go on ("is there anything else ...?"); and the spoken restarts
("w-where do you ...", "who-who-who are they") that would otherwise hide a question word behind a fragment; and
whether a who/where question asks for the client's own view ("where would you start?") or a fact, and tags
("..., okay?") that make a statement no question.

Split from questions.py, which finds where every question starts and calls these two.
"""

from __future__ import annotations

from voice_deesc.wording.question_words import (
    ADDRESS,
    AUX,
    CLOSED_WH,
    ELLIPTIC_SUBJECTS,
    HYPOTHETICAL_AUX,
    INVITE_REACH,
    INVITING,
    OPEN_WH,
    PRONOUN_SUBJECTS,
    TAG_PHRASES,
    TAG_WORDS,
    VIEW_VERBS,
    WELLBEING,
)
from voice_deesc.wording.text import CLAUSE_PUNCT, SENTENCE_END, NormalText

RESTART = "um"
"""What a restarted fragment reads as: a filler (question_words.DISCOURSE), so the clause opens on the word said
in full."""


def without_restarts(normal: NormalText) -> list[str]:
    """The words of the reply with each spoken restart read as a filler, so the clause opens on the words said in
    full. A transcriber marks a cut-off with a hyphen: a fragment joined to the word it begins again ("w-where",
    "wh-what", "i-i-it", "which-which"), or up to ``MAX_RESTART_WORDS`` words cut off and then said again ("where do
    you- where do you feel ..."). Without this the fragment sits before the question word and embeds it ("so w
    where do you ..." has no clause-opening "where"). A short clause cut off before a new question drops out
    (``_abandon``). A hyphenated word whose second part does not begin with the
    first ("check-in") or whose first part is a word-forming prefix ("re-read", "co-sign") is kept.

    >>> from voice_deesc.wording.text import normalise
    >>> without_restarts(normalise("So w-where do you start?"))[:3]
    ['so', 'um', 'where']
    >>> without_restarts(normalise("Where do you- where do you stand?"))[:4]
    ['um', 'um', 'um', 'where']
    """
    tokens = normal.tokens
    words = [t.text for t in tokens]
    for i in range(len(tokens) - 1):
        here, nxt = tokens[i], tokens[i + 1]
        if normal.original[here.end_char : here.end_char + 1] != "-" or here.start_char == nxt.start_char:
            continue
        if nxt.start_char == here.end_char + 1 and _begins_again(here.text, nxt.text):
            words[i] = RESTART
            continue
        for size in range(MAX_RESTART_WORDS, 0, -1):
            cut, again = words[i + 1 - size : i + 1], words[i + 1 : i + 1 + size]
            if i + 1 >= size and cut == again and all(w[0].isalpha() for w in cut):
                words[i + 1 - size : i + 1] = [RESTART] * size
                break
        else:
            _abandon(normal, words, i)
    return words


def _abandon(normal: NormalText, words: list[str], i: int) -> None:
    """ "what-- is it the same friends?", "what if- can I show you ...": a short clause cut off by a dash and followed
    by a new question drops out, so the cut words do not join the question after them ("what is it ...")."""
    after = normal.original[normal.tokens[i].end_char :].lstrip("-–—")
    k = i + 1
    while k < len(words) - 1 and (words[k] in HESITATIONS or words[k] in CLAUSE_PUNCT):
        k += 1  # "what if- uh, can I ..."
    if not after[:1].isspace() or words[k] not in QUESTION_OPENERS:
        return
    j = i
    while j >= 0 and words[j] not in SENTENCE_END and words[j] not in CLAUSE_PUNCT and words[j] != RESTART:
        j -= 1  # back to the clause's start, or to the restart before it ("what-what-- where is ...")
    if i - j <= MAX_RESTART_WORDS:
        words[j + 1 : i + 1] = [RESTART] * (i - j)


HESITATIONS = frozenset({"uh", "um", "er", "erm", "hmm"})
QUESTION_OPENERS = AUX | OPEN_WH | CLOSED_WH | {"why"}
"""Words that start the new question after a cut-off clause."""
MAX_RESTART_WORDS = 4
"""Longest run of words cut off and said again that is read as one restart ("what do you- what do you ...")."""
BOUND_PREFIXES = frozenset({"re", "co", "ex", "pre", "un", "non", "de", "mid", "sub", "pro", "semi", "anti", "self"})
"""Prefixes written with a hyphen that begin a word of their own ("re-read", "pre-prepared"), not a restart."""
MAX_FRAGMENT = 3
"""Letters of a cut-off start ("w-", "wh-", "wha-"); a longer first part is a repeated word or a compound."""


def _begins_again(first: str, second: str) -> bool:
    """``first`` is the same word as ``second`` or a cut-off start of it ("who-who", "wh-what")."""
    if not first.isalpha() or first in BOUND_PREFIXES:
        return False
    return first == second or (len(first) <= MAX_FRAGMENT and second.startswith(first))


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


def asks_their_view(words: list[str], aux: int) -> bool:
    """After "where/who" + ``aux`` + you: a hypothetical ("would you", "could you") or "do you" + a verb of view or
    wish ("where do you want to start?") asks for the client's own answer; "where do you keep it?" asks a fact."""
    if words[aux] in HYPOTHETICAL_AUX:
        return True
    return words[aux] == "do" and words[aux + 2 : aux + 3] != [] and words[aux + 2] in VIEW_VERBS


def tagged_statement(words: list[str], first: int, end: int) -> bool:
    """A statement closed by a tag ("..., okay?", "..., right?", "..., isn't it?"): the labelling conventions count
    tag questions as no question, in typed text as in a recogniser's (which gives no "?" at all)."""
    sentence = words[first:end]
    for size in (3, 2, 1):
        tail = sentence[-size:]
        if len(sentence) > size + 1 and sentence[-size - 1] == "," and _is_tag(tail):
            return True
    return False


def _is_tag(tail: list[str]) -> bool:
    if len(tail) == 1:
        return tail[0] in TAG_WORDS
    if tail[0] in AUX and tail[-1] in PRONOUN_SUBJECTS | {"there", "that"}:
        return len(tail) == 2 or tail[1] == "not"
    return " ".join(tail) in TAG_PHRASES
