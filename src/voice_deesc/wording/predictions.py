"""When a predicted outcome ("you'll be fine") is not the blanket reassurance the lexicon flags it as.

A prediction waves the worry away only when it stands bare. Tied to a condition in its sentence ("as long as you
keep taking them, you'll be fine") it says what the outcome depends on: information. Grounded in the client's named
strengths ("you'll be fine, you're resourceful") it affirms the client. analyse.py asks both before it keeps a
minimizing phrase, so the lexicon's "you'll be fine" need not spell out every condition or strength that excuses it.
"""

from __future__ import annotations

from voice_deesc.wording.text import SENTENCE_END, NormalText, sentence_start, word_set

CONDITION_OPENERS = (
    ("as", "long", "as"),
    ("so", "long", "as"),
    ("as", "soon", "as"),
    ("once",),
    ("if",),
    ("provided",),
)
"""Openers of a condition on an outcome ("as long as you keep taking them, you'll be fine")."""
CONDITION_SUBJECTS = word_set("""you we they it i your the this that""")
HEDGES = frozenset({("you", "ask", "me"), ("you", "think", "about"), ("you", "want", "my"), ("i", "am", "honest")})
"""An "if" that hedges the speaker's opinion ("if you ask me, it'll be fine") sets no condition on the outcome."""


def conditional_outcome(normal: NormalText, first: int, stop: int) -> bool:
    """A predicted outcome ("you'll be fine", "you will feel better") tied to a condition in its sentence ("as long as
    you avoid the crowds, you'll be fine", "you'll feel better once you've slept") says what the outcome depends on:
    information, not a blanket reassurance that waves the worry away. Only predictions ("will") are excused; "it's
    not a big deal if you miss one" still shrinks the problem."""
    words = normal.words()
    if "will" not in words[first:stop]:
        return False
    lo = sentence_start(words, first)
    hi = stop
    while hi < len(words) and words[hi] not in SENTENCE_END:
        hi += 1
    for i in [*range(lo, first), *range(stop, hi)]:
        for opener in CONDITION_OPENERS:
            j = i + len(opener)
            opens = tuple(words[i:j]) == opener and j < hi and words[j] in CONDITION_SUBJECTS
            if opens and tuple(words[j : j + 3]) not in HEDGES:
                return True
    return False


STRENGTHS = word_set(
    """resourceful strong capable smart tough resilient determined brave clever talented skilled hardworking
    organised organized careful sensible thoughtful persistent stubborn courageous"""
)
"""Strengths an affirmation names ("you're resourceful"), the grounds that turn a prediction into an affirmation."""
STRENGTH_FRAMES = (("you", "are"), ("you", "seem"), ("you", "sound"), ("because", "you"), ("since", "you"))


def grounded_outcome(normal: NormalText, first: int, stop: int) -> bool:
    """ "You'll be fine. You're resourceful, you've already found extra work": a prediction the speaker grounds in
    the client's named strengths, in the same or the next sentence, affirms the client rather than waving the worry
    away. "Because you ..." gives the grounds too. A bare "you'll be fine" stays a blanket reassurance."""
    words = normal.words()
    if "will" not in words[first:stop]:
        return False
    ends = 0
    i = stop
    while i < len(words) and ends < 2:
        if words[i] in SENTENCE_END:
            ends += 1
        elif tuple(words[i : i + 2]) in STRENGTH_FRAMES:
            after = [w for w in words[i + 2 : i + 5] if w not in {"so", "very", "really", "clearly", "a", "an"}]
            if words[i] in {"because", "since"} or (after and after[0] in STRENGTHS):
                return True
        i += 1
    return False
