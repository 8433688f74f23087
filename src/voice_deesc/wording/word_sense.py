"""Word sense for reflections: when a clause that shares the client's words still does not say them back.

- "Miss" names a feeling for someone or something loved ("you miss your kids"), not an event one failed to reach
  ("you missed your appointment", "you missed the bus"): the second is content, never a feeling word.
- A clause about people in general ("everyone has to pay rent", "people wait months for a flat") states a rule of
  the world; it may share the client's words, but it is not about the client.
- A clause that says what usually happens ("the job centre usually sends a letter") or what a named party can or has
  to do ("the hostel can give you a cupboard") informs; a reflection says back what the client said happened or
  feels. Nor does a clause on how often the world goes a certain way ("landlords always evict tenants who
  complain"), or another party's account passed on ("the council says you never applied").

And for flags (``flag_sense_cancels``), when the words of a flag do something else here:
- "Try not to worry about everything at once" paces the work (one thing at a time); the order is about how much
  to take on, not about the feeling, so it is no command about feelings.
- "Is he a loser, or is he just unlucky?" offers the client two readings of a third person and lets them choose;
  the label is put to the client as one option, not pinned on anyone by the speaker. A label on the client ("are
  you a loser or what?") or stated outright ("he's a loser") stays a label.
"""

from __future__ import annotations

from collections.abc import Callable

from voice_deesc.wording.question_words import AUX, DETERMINERS
from voice_deesc.wording.text import CLAUSE_PUNCT, SENTENCE_END, NormalText, sentence_start, word_set

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


FREQUENCY = word_set("""always often rarely mostly seldom""")
FREQUENCY_PHRASES = (("all", "the", "time"), ("these", "days"), ("every", "time"), ("every", "week"), ("every", "day"))
"""How often something happens to anyone ("councils make mistakes all the time", "landlords always evict tenants
who complain"): a clause without the client in it that says how the world goes, not what happened to them."""
STORY_SUBJECTS = word_set("""it that this he she i we they there his her my our their its not no never""")
"""A clause led by one of these is about someone or something in the client's story ("she always picks on him",
"it's always the same"), or has no subject of its own ("missing him all the time"): not a rule of the world."""
CLIENT_WORDS = word_set("""you your yours yourself""")
NOT_SAYER = word_set("""you i we to would could can might will should did do does just cannot not never n't 'd""")
"""Before "say": the client ("you say") or the speaker ("I'd say"), or not a subject at all ("to say")."""
PRONOUNS = word_set("""he she it they that this which who what""")
"""Before "says": a story told in the present ("and he says, ...") or a thing ("that says a lot about you"); only a
named party relaying its account ("the council says", "your roommate says") counts."""


def _never(word: str) -> bool:
    return False


def generalises(words: list[str], first: int, stop: int) -> bool:
    """The clause [first, stop) says how often things go a certain way, with no "you" in it.

    >>> generalises("landlords always evict tenants who complain".split(), 0, 6)
    True
    >>> generalises("he always lets you down".split(), 0, 5)
    False
    """
    piece = words[first:stop]
    lead = next((w for w in piece if w not in LEAD), "")
    if CLIENT_WORDS & set(piece) or lead in STORY_SUBJECTS or lead.endswith("ing"):
        return False
    return bool(FREQUENCY & set(piece)) or any(
        tuple(piece[k : k + len(f)]) == f for f in FREQUENCY_PHRASES for k in range(len(piece))
    )


SERVICE_MODALS = word_set("""can""")
"""Not "could": "the driver could see you had paid" is the client's story."""
STATE_VERBS = word_set("""be feel seem get make take hurt happen go look sound""")
"""After "can": how things may be or feel ("video calls can feel less personal", "it can take a while"), which
supporters offer as a reflection of how it is for the client; other verbs say what someone is able to do."""
SUBJECT_REACH = 6
"""Most words from a clause's subject to its "can" ("the council's environmental health team can")."""
ADVERBS = word_set("""also really definitely sometimes often still just even actually usually probably always""")


def names_a_service(words: list[str], first: int, stop: int) -> bool:
    """A named party that can or has to act ("the hostel can give you a cupboard", "solicitors have to tell you"):
    information about what is open to the client, not what the client said.

    >>> names_a_service("the day centre can send the letters by post".split(), 0, 9)
    True
    >>> names_a_service("she can't even look at you".split(), 0, 6)
    False
    """
    lead = next((k for k in range(first, stop) if words[k] not in LEAD), stop)
    if lead == stop or words[lead] in (STORY_SUBJECTS | CLIENT_WORDS) - {"your"}:
        return False
    for k in range(lead + 1, min(stop - 1, lead + SUBJECT_REACH)):
        if words[k] in CLIENT_WORDS or words[k] in {"not", "n't", "never"}:
            return False
        if words[k] in PERMITS and words[k + 1] in CLIENT_WORDS and words[k + 2 : k + 3] != ["down"]:
            return True  # "the county usually lets you reinstate", "most pounds will let you take your tools"
        modal = words[k] in SERVICE_MODALS or (words[k] in {"have", "has"} and words[k + 1] == "to")
        if modal:
            after = k + 2 if words[k] in {"have", "has"} else k + 1
            rest = [w for w in words[after:stop] if w not in ADVERBS]
            verb = rest[0] if rest else ""
            if verb == "be" and len(rest) > 1 and _participle(rest[1]):
                return True  # "sanctions can be challenged", "the ban can be appealed": a way open to the client
            return verb not in STATE_VERBS and verb not in {"", "not", "n't", "never", "have", "to"}
        if words[lead] == "your" and words[k] in AUX_VERBS:
            return False  # "your mum has been ...", "your kids are ...": the client's story, unless a service acts
    return False


PERMITS = word_set("""lets allows allow let""")
"""A party that lets or allows the client do something ("the hostel lets you store bags"): what is open to them. Not
"lets you down", and not when negated ("they wouldn't let you see her", which the "not" before it rules out)."""
AUX_VERBS = word_set("""is are was were has have had do does did would will""")
IRREGULAR_PARTICIPLES = word_set(
    """taken given done seen made sent paid brought bought kept held heard told sold shown known written driven
    chosen moved sorted"""
)


def _participle(word: str) -> bool:
    """A past participle by its shape ("challenged", "appealed") or from a short list ("taken", "given")."""
    return word.endswith("ed") or word in IRREGULAR_PARTICIPLES


def relays_version(words: list[str], first: int, stop: int, clients_own: Callable[[str], bool] = _never) -> bool:
    """Someone else's present account is passed on in the sentence up to ``stop`` ("the council says you never
    applied", "the staff say you shoved him first"): their version, not the client's content said back. "You say ...",
    what someone said in the client's own story ("he said you were lying", "and he says, 'you've got diabetes'"), and
    a party the client named as saying it (``clients_own``: "probation says you have to", for a client who said "my
    probation officer says I have to") still can be.

    >>> relays_version("the landlord says the notice was planned".split(), 0, 6)
    True
    >>> relays_version("you say nobody listened".split(), 0, 4)
    False
    """
    start = sentence_start(words, first)
    return any(
        words[k] in {"says", "say"}
        and k > start
        and words[k - 1] not in NOT_SAYER | PRONOUNS
        and words[k + 1 : k + 2] != [","]
        and not clients_own(words[k - 1])
        for k in range(start, stop)
    )


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
    start = sentence_start(words, first)
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
