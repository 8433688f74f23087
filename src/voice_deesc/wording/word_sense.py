"""Word sense for reflections: when a clause that shares the client's words still does not say them back.

- "Miss" names a feeling for someone or something loved ("you miss your kids"), not an event one failed to reach
  ("you missed your appointment", "you missed the bus"): the second is content, never a feeling word.
- A clause about people in general ("everyone has to pay rent", "people wait months for a flat") states a rule of
  the world; it may share the client's words, but it is not about the client.
- A clause that says what usually happens ("the job centre usually sends a letter") informs; a reflection says back
  what the client said happened or feels.

And for flags (``flag_sense_cancels``), when the words of a flag do something else here:
- "Try not to worry about everything at once" paces the work (one thing at a time); the order is about how much
  to take on, not about the feeling, so it is no command about feelings.
- "Is he a loser, or is he just unlucky?" offers the client two readings of a third person and lets them choose;
  the label is put to the client as one option, not pinned on anyone by the speaker. A label on the client ("are
  you a loser or what?") or stated outright ("he's a loser") stays a label.
"""

from __future__ import annotations

from voice_deesc.wording.question_words import AUX, DETERMINERS
from voice_deesc.wording.text import CLAUSE_PUNCT, SENTENCE_END, NormalText, word_set

MISSED_EVENTS = word_set(
    """appointment appointments bus train deadline payment payments call calls meeting meetings dose doses session
    sessions class classes work school shift shifts letter flight court hearing interview curfew signing group
    groups check review slot it that one out"""
)
"""What one misses without grieving it, after an optional determiner."""
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


HABITUAL = word_set("""usually normally generally typically routinely""")
"""Adverbs that make a clause say what usually happens ("the job centre usually sends a letter"): information about
how things go, not what the client said happened. Modals of possibility and advice ("your interview can be
rearranged") inform too, but a rule on them cost more than it gave on the dev files: with "can", "could", "should"
and "may", ESConv dev reflection recall 0.543 -> 0.517 (general normalising lines such as "video calls can feel
less personal", which ESConv's supporters filed as reflections of feeling) for AnnoMI dev reflection precision
0.581 -> 0.585; with "will", "would" and "might" as well, AnnoMI dev reflection recall 0.631 -> 0.601 (the client's
own hopes and habits: "you'd like your pass back", "she would look after what you ate")."""
FRAME_VERBS = word_set(
    """think thinks thought thinking feel feels felt worry worried worrying afraid scared sure know knew wonder
    wondering said says told hope hoping wish fear fearing believe expect expected convinced"""
)
"""A habit named after one of these belongs to what the client thinks or said ("you said he usually calls")."""


def informs(words: list[str], first: int, stop: int) -> bool:
    """The clause [first, stop) says what usually happens: information, not the client's content said back.

    >>> informs("the office usually sends a letter".split(), 0, 6)
    True
    >>> informs("you said he usually calls on sundays".split(), 0, 7)
    False
    """
    for word in words[first:stop]:
        if word in FRAME_VERBS:
            return False
        if word in HABITUAL:
            return True
    return False


AT_ONCE = (("at", "once"), ("at", "the", "same", "time"), ("all", "in", "one", "go"))
"""Ends of a worry's object that make it about how much to take on at a time."""
NO_ALTERNATIVE = word_set("""what something anything whatever not""") | SENTENCE_END
"""After "or", words that offer no second reading ("is he a junkie or what?" only presses the label)."""
NEW_SUBJECTS = word_set("""i we they he she""")
"""Subjects that start a new clause inside unpunctuated speech; "you" may sit inside the worry's object ("about
everything you have to do at once")."""
PACING_REACH = 8
"""Words from "about" to "at once" ("about all of the forms and the calls at once")."""
CLIENT_SIDE = word_set("""you yourself i me we us""")
"""Words that put an either-or question on the client or the speaker ("are you ...", "am I ..."); "your brother"
is still a third person."""


def flag_sense_cancels(normal: NormalText, category: str, first: int, stop: int) -> bool:
    """The flag's words at [first, stop) do something else in this sentence (see the module docstring).

    >>> from voice_deesc.wording.text import normalise
    >>> n = normalise("Try not to worry about every bill at once.")
    >>> flag_sense_cancels(n, "command_feelings", 0, 4)
    True
    >>> flag_sense_cancels(normalise("Try not to worry."), "command_feelings", 0, 4)
    False
    """
    words = normal.words()
    if category == "command_feelings":
        return _paces(words, stop)
    if category == "labeling":
        return _offered_about_another(words, first, stop)
    return False


def _paces(words: list[str], stop: int) -> bool:
    """ "... worry about [object] at once": the object runs on to "at once" within its clause."""
    if words[stop : stop + 1] != ["about"]:
        return False
    for j in range(stop + 1, min(len(words), stop + 1 + PACING_REACH)):
        if words[j] in SENTENCE_END or words[j] in CLAUSE_PUNCT or words[j] in NEW_SUBJECTS:
            return False  # "don't worry about the rent i'll sort it at once": the speaker's clause, not the object
        if any(tuple(words[j : j + len(end)]) == end for end in AT_ONCE):
            return True
    return False


def _offered_about_another(words: list[str], first: int, stop: int) -> bool:
    """The label sits in a yes/no question about a third person ("is he ...", "was your brother ...") that goes on
    to an alternative ("... or ..."), and nothing in it before the label points at the client."""
    start = first
    while start > 0 and words[start - 1] not in SENTENCE_END:
        start -= 1
    while start < first and (words[start] in LEAD or words[start] in CLAUSE_PUNCT):
        start += 1
    if start + 1 >= first or words[start] not in AUX or words[start + 1] in CLIENT_SIDE | {"not"}:
        return False
    if any(w in CLIENT_SIDE for w in words[start:first]):
        return False
    k = stop
    while k + 1 < len(words) and words[k] not in SENTENCE_END:
        if words[k] == "or" and words[k + 1] not in NO_ALTERNATIVE:
            return True
        k += 1
    return False
