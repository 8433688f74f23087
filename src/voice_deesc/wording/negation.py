"""Is the act a phrase names actually done? Negation, hypotheticals and reported speech (domain.md, "Context matters").

"I'm **not** going to call security", "you did**n't** do anything wrong", "someone **told you** to just get over it",
"you're **scared** you'll lose your bed": each names a flagged act without doing it.

Negation scope: a negation word cancels a phrase that follows it in the same clause when every word between
them is *transparent* (auxiliaries, pronouns, verbs of saying, intending and trying: "not going to tell you to
calm down"). A content word ends the scope ("I did not mean to upset you, calm down" still tells them to calm down).
An order not to be something ("don't be such a crybaby") still gives the name, so a label after it stands
(``prohibition_before``).
Reported speech: a verb of saying or thinking whose subject is not the speaker ("they told you", "people say",
"being called"), or a fear the client holds ("you're scared that ..."), up to the phrase in the same sentence; the
report ends at "but", and at a comma after it that opens a clause of the speaker's own ("he said Friday and you
ignored it, that's on you").
"""

from __future__ import annotations

from voice_deesc.wording.text import CLAUSE_PUNCT, SENTENCE_END, NormalText, word_set

NEGATORS = frozenset({"not", "never", "no", "nobody", "nothing", "none", "neither", "nor", "without", "hardly"})
TRANSPARENT = word_set(
    """to be being been going gonna go get getting got have has had do does did will would could should can
    shall may might must am is are was were you your yourself i me we us they them he him she her it
    anyone anybody anything ever really just even actually saying say said telling tell told asking ask
    asked want wanting trying try need let make here the a an that think thinking expect expecting one
    all about at for of so too mean meant judge judging suggest suggesting imply implying like one's
    gonna here there ever ever one ones someone in this calling call sound sounds seem seems look looks come across"""
)
MAX_NEGATION_GAP = 6
"""Most transparent words allowed between a negation and the phrase it cancels."""

REPORT_VERBS = word_set(
    """told tell tells telling said say says saying called calls calling treated treats treat treating
    think thinks thought accused accuse accuses labelled labeled named heard hear hears yelled shouted
    claims claimed believes believed thinking"""
)
FEEL_VERBS = word_set("""feel feels felt feeling""")
"""Verbs that report a belief when "like/that/as" follows ("you feel like she is overreacting")."""
SPEAKER = frozenset({"i", "we"})
PASSIVE_MARKERS = frozenset({"being", "been", "be", "was", "were", "get", "got", "getting", "are", "is"})
FEAR_WORDS = word_set(
    """afraid scared worried worry worries terrified frightened nervous anxious fear fears fearing
    convinced panicking panicked dread dreading"""
)
MAX_REPORT_REACH = 10
"""Words from a reporting verb to the phrase it reports."""


def is_negated(normal: NormalText, first: int) -> bool:
    """True when a negation word governs the phrase starting at token ``first``."""
    words = normal.tokens
    gap = 0
    i = first - 1
    while i >= 0 and gap <= MAX_NEGATION_GAP:
        word = words[i].text
        if word in SENTENCE_END or word in CLAUSE_PUNCT:
            return False
        if word in NEGATORS:
            if _answer_no(normal, i):
                return False
            return not _rhetorical_not(normal, i) and prohibition_before(normal, first) is None
        if word not in TRANSPARENT:
            return False
        gap += 1
        i -= 1
    return False


def is_reported(normal: NormalText, first: int) -> bool:
    """True when the phrase at token ``first`` is someone else's words or the client's fear, not the speaker's act."""
    words = normal.tokens
    if words[first].quoted:
        return True
    lowest = max(0, first - MAX_REPORT_REACH)
    boundary = None  # the nearest comma before the phrase that opens a new clause ("..., that's on you")
    for i in range(first - 1, lowest - 1, -1):
        word = words[i].text
        if word in SENTENCE_END or word == "but":
            return False  # "you said nobody cares, but that's not true": after "but" the speaker answers
        if word in CLAUSE_PUNCT and boundary is None and _opens_clause(normal, i + 1):
            boundary = i
        if boundary is not None and boundary > i + 1 and (word in REPORT_VERBS or word in FEAR_WORDS):
            return False  # "he said Friday and you ignored it, that's on you": the report ended at the comma
        if word in FEAR_WORDS and _client_fears(normal, i):
            return True
        if word in REPORT_VERBS and _reporter_is_other(normal, i):
            return True
        if word in FEEL_VERBS and _opens_belief(normal, i) and _reporter_is_other(normal, i):
            return True
    return False


CLAUSE_SUBJECTS = word_set("""that this it you i we""")
FINITE_AFTER_SUBJECT = word_set("""is are am was were will would have has had do does did can could should""")


def _opens_clause(normal: NormalText, k: int) -> bool:
    """Tokens from ``k`` open a clause of their own: a subject and a finite verb ("that's on you", "you're being
    ridiculous"), not a list item or an object ("a junkie, a loser")."""
    words = normal.tokens
    return k + 1 < len(words) and words[k].text in CLAUSE_SUBJECTS and words[k + 1].text in FINITE_AFTER_SUBJECT


def _opens_belief(normal: NormalText, i: int) -> bool:
    """ "you feel like she is overreacting": "feel" + like/that/as is a belief being reported, not a feeling named
    ("you feel exhausted, calm down" still tells the client to calm down)."""
    return i + 1 < len(normal.tokens) and normal.tokens[i + 1].text in {"like", "that", "as"}


def _client_fears(normal: NormalText, i: int) -> bool:
    """'you're scared (that) ...', 'your fear is ...': the fear is the client's; 'don't worry' is not."""
    before = [normal.tokens[j].text for j in range(max(0, i - 3), i)]
    return "you" in before or "your" in before


def _reporter_is_other(normal: NormalText, verb: int) -> bool:
    """The subject of the reporting verb at ``verb`` is not the speaker ("they told", "being called", "people say")."""
    words = normal.tokens
    before = [words[j].text for j in range(max(0, verb - 3), verb)]
    if not before:
        return False
    if before[-1] in PASSIVE_MARKERS or (len(before) >= 2 and before[-2] in PASSIVE_MARKERS and before[-1] == "not"):
        return True
    for word in reversed(before):
        if word in SENTENCE_END or word in CLAUSE_PUNCT:
            return False
        if word in SPEAKER:
            return False
        if word not in _BETWEEN_SUBJECT_AND_VERB:
            return True
    return False


_BETWEEN_SUBJECT_AND_VERB = word_set(
    """keep keeps kept always just even already also all to want wanted going gonna have has had will would
    could might may can do does did not never am really probably ever"""
)


ANSWER_NO_SUBJECTS = word_set("""you i we that this it they he she""")
ANSWER_NO_VERBS = word_set(
    """is are am was were will would have has had do does did can could should never just really already always"""
)


def _answer_no(normal: NormalText, i: int) -> bool:
    """'no you're wrong', 'no I never said that': a "no" before a clause with its own subject and verb answers the
    client (a recogniser drops the comma of "No, you're wrong"); it denies nothing in that clause. "No one", "no
    need" and "no reason to" keep "no" as a determiner."""
    words = normal.tokens
    return (
        words[i].text == "no"
        and i + 2 < len(words)
        and words[i + 1].text in ANSWER_NO_SUBJECTS
        and words[i + 2].text in ANSWER_NO_VERBS
    )


_QUESTION_SUBJECTS = word_set("""you we they he she i it that this there""")
_QUESTION_AUX = word_set("""do does did can could would will is are was were have has""")
_QUESTION_OPENERS = word_set("""why how . ? ! , so and but well oh now look okay ok yeah wow hey gosh then""")
"""Words an inverted question may follow ("well, aren't you a ray of sunshine", "oh, don't you start")."""


def _rhetorical_not(normal: NormalText, i: int) -> bool:
    """'why can't you just move on', 'don't you think': the 'not' of a question does not deny the act."""
    words = normal.tokens
    if words[i].text != "not" or i == 0 or words[i - 1].text not in _QUESTION_AUX:
        return False
    if i + 1 < len(words) and words[i + 1].text not in _QUESTION_SUBJECTS:
        return False  # "... and don't sound like": a negated verb, not an inverted question
    before = words[i - 2].text if i >= 2 else "."
    return before in _QUESTION_OPENERS or i == 1


PROHIBITIONS = (
    ("do", "not", "be"),
    ("do", "not", "go", "all"),
    ("do", "not", "act", "like"),
    ("stop", "being"),
    ("quit", "being"),
    ("stop", "acting", "like"),
)
"""Orders not to be something ("don't be such a crybaby", "don't go all psycho on me", "stop being a drama queen"):
the name is still given, so the label stands, and the order tells the client how to be (the frozen set's
clarification labels both)."""
PROHIBITION_FILLERS = word_set("""so such a an the like some big total complete real right""")
PROHIBITION_LEADS = word_set("""just please come on oh hey and so now look well okay ok""")


def prohibition_before(normal: NormalText, first: int) -> int | None:
    """Where the order not to be what the phrase at ``first`` names begins, or None ("don't be such a drama queen":
    the index of "do"). The order opens its clause ("come on, don't be a big baby"); "I don't want to be a burden"
    has a subject and is no order. A phrase that holds its own verb ("go all psycho") follows "don't" directly."""
    words = normal.words()
    start = None
    if words[first] in {"go", "get"} and words[max(0, first - 2) : first] == ["do", "not"]:
        start = first - 2
    k = first
    while k > 0 and words[k - 1] in PROHIBITION_FILLERS:
        k -= 1
    for frame in PROHIBITIONS:
        if start is None and k >= len(frame) and tuple(words[k - len(frame) : k]) == frame:
            start = k - len(frame)
    if start is None:
        return None
    j = start
    while j > 0 and words[j - 1] in PROHIBITION_LEADS:
        j -= 1
    return start if j == 0 or words[j - 1] in SENTENCE_END or words[j - 1] in CLAUSE_PUNCT else None
