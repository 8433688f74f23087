"""Questions found from wording and word order, not from a question mark (Vosk gives none).

A question starts where
- a question word (what/how/where/when/who/which/why) begins a clause and is followed by question word order
  ("what did you", "how are you", "what happened", "how long have you"), not by a statement's
  ("what you went through", "I can see why you're upset");
  A spoken filler ("I mean, what do you think?") or an opening preposition ("In what way has it helped?") does
  not embed the question; a question phrase of amount or kind may be the subject itself ("How many beds are
  left?", "What kind of help is there?"), while a question word before a determiner and a verb with no inversion
  starts a statement's subject ("What the letter says is ...");
- an auxiliary comes before its subject at the start of a clause ("did you", "are you", "is there",
  "could you tell me"), which in a statement it never does ("you did", "if you did, you'd ...");
- a sentence ends in "?" and holds no question of the kinds above (``marked``): a statement-order question ("You've
  heard of it?", "So more than twenty drinks a week?"), a fragment ("How often?", "What sort of stresses?") or a
  question word left in place ("So that would be like what?"); a fragment opening on an invitation ("Anything
  else?", "Any other thoughts?") is open. Only a writer or Whisper gives the "?", so these
  are found in typed and Whisper text, not in Vosk's. A statement-order one asks for a yes or no (closed); when it
  also says back what the client said or feels ("Your caseworker keeps cancelling on you?") it is a reflection
  offered for checking as well, and when it checks what others told the client ("Someone told you to get over
  it?") analyse.py counts it as that reflection only.
The kind: how/what/tell-me requests are open, as are yes/no shapes that ask the client to go on ("is there anything
else ...?", "can you think of ...?", coded open by AnnoMI's counsellors), and so are who/where questions about what
the client would or could do ("where would you start?", "who could you call?"); yes/no, either/or,
who/where/when/which about facts and how-many are closed (MITI 4.2.1: a closed question asks for a yes/no or a
narrow answer); why-questions are their own kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from voice_deesc.wording.question_words import (
    ATTENTION_GETTERS,
    AUX,
    CLOSED_WH,
    DETERMINERS,
    DISCOURSE,
    ELLIPTIC_SUBJECTS,
    EMBEDDERS,
    FILLERS,
    FRAGMENT_INVITES,
    GLUE_BEFORE_SPEAKER,
    INVITING,
    LEADING_PREPS,
    MAX_QUESTION_WORDS,
    MID_SUBJECTS,
    MODALS_BEFORE_AUX,
    NARROW_HOW,
    NOT_BEFORE_QUESTION,
    NOT_VERB_BEFORE_OBJECT,
    OFFER_VERBS,
    OPEN_WH,
    PRONOUN_SUBJECTS,
    QUESTION_VERBS,
    REQUEST_VERBS,
    SUBJECTS,
    TRAILING,
    WH_GAP,
    WHO_WOULD_NOT,
)
from voice_deesc.wording.spoken_questions import (
    asks_their_view,
    elliptical_question,
    invites_more,
    tagged_statement,
    without_restarts,
)
from voice_deesc.wording.text import CLAUSE_PUNCT, SENTENCE_END, NormalText, sentence_start, word_set


@dataclass(frozen=True)
class Question:
    """One question in the reply, as a token span of the normal form."""

    first: int
    stop: int
    kind: str
    """``open``, ``closed`` or ``why``."""
    marked: bool = False
    """A statement read as a question by its "?" alone: it may also be a reflection offered for checking."""


def find_questions(normal: NormalText) -> list[Question]:
    """All questions of the reply, in order, with their kinds."""
    words = without_restarts(normal)
    starts: list[tuple[int, str]] = []
    i = 0
    n = len(words)
    while i < n:
        kind = _question_at(words, i)
        if kind:
            starts.append((i, kind))
        i += 1
    starts = _drop_nested(words, starts)
    starts = [
        (first, kind)
        for first, kind in starts
        if not _attention_getter(words, first) and not _relative_clause(words, first) and not _inverted_if(words, first)
    ]
    questions: list[Question] = []
    for idx, (first, kind) in enumerate(starts):
        limit = starts[idx + 1][0] if idx + 1 < len(starts) else n
        stop = first + 1
        while stop < min(limit, first + MAX_QUESTION_WORDS) and words[stop] not in SENTENCE_END:
            if stop >= first + 2 and words[stop] in {"i", "we"} and words[stop - 1] not in GLUE_BEFORE_SPEAKER:
                break  # "what happened this morning | i'm here": the speaker starts a new clause
            stop += 1
        while stop > first + 1 and (words[stop - 1] in TRAILING or not words[stop - 1][0].isalnum()):
            stop -= 1
        questions.append(Question(first, stop, kind))
    questions += _marked_questions(words, questions)
    return sorted((q for q in questions if not _quoted(normal, q)), key=lambda q: q.first)


def _sentence_end(words: list[str], i: int) -> str:
    """The mark that ends the sentence holding word ``i`` ("." when the text runs out unmarked)."""
    return next((w for w in words[i:] if w in SENTENCE_END), ".")


def _relative_clause(words: list[str], first: int) -> bool:
    """ "..., which is why I'd like to rebook it", "your GP, who knows you best, ...": after a comma, in a sentence
    that ends without "?", which/who/where/when add to what was said; they ask nothing."""
    return words[first] in CLOSED_WH and first > 0 and words[first - 1] == "," and _sentence_end(words, first) != "?"


def _inverted_if(words: list[str], first: int) -> bool:
    """ "Had you read the letter, you'd have seen the date", "Should the council refuse, I'll help you appeal", "had
    you turned up, none of this would have happened": a condition by inversion, closed by a comma and a main clause
    (a subject pronoun first, or a "would"), in a sentence without "?"."""
    if words[first] not in {"had", "should", "were"} or _sentence_end(words, first) == "?":
        return False
    if first > 0 and words[first - 1] not in SENTENCE_END and words[first - 1] not in DISCOURSE:
        return False
    comma = next((k for k in range(first + 2, len(words)) if words[k] in CLAUSE_PUNCT or words[k] in SENTENCE_END), 0)
    if not comma or words[comma] != ",":
        return False
    main = words[comma + 1 : next((k for k in range(comma + 1, len(words)) if words[k] in SENTENCE_END), len(words))]
    return main[:1] in (["i"], ["you"], ["we"], ["they"]) or "would" in main  # "..., none of this would have happened"


def _bare_tag(words: list[str], i: int) -> bool:
    """A recogniser's tag with no comma: "you always have an excuse don't you", "it's freezing in here isn't it":
    auxiliary [+ not] + the pronoun the sentence already has as subject, as the last words of an unpunctuated
    sentence."""
    j = i + 2 if words[i + 1 : i + 2] == ["not"] else i + 1
    if j >= len(words) or words[j] not in PRONOUN_SUBJECTS or (j + 1 < len(words) and words[j + 1] not in SENTENCE_END):
        return False
    before = words[sentence_start(words, i) : i]
    return (
        len(before) >= 3
        and not any(not w[0].isalnum() for w in before)
        and words[j] in before
        and before[-1] not in {"or", "and", "so", "but", "if", "what", "how", "why", "where", "when", "who"}
    )


def _attention_getter(words: list[str], first: int) -> bool:
    """ "Do you know what, that's not fair on you": "do you know what" closed by a comma only turns the listener to
    what comes next, like "You know what? ..." (``ATTENTION_GETTERS``); it asks nothing. (Without "do", "you know
    what, ..." never starts a question by word order, so it needs no check here.)"""
    end = first + 4
    return words[first:end] == ["do", "you", "know", "what"] and end < len(words) and words[end] in CLAUSE_PUNCT


def _quoted(normal: NormalText, q: Question) -> bool:
    """A question in quotation marks, or whose "?" is inside them, reports someone's words ('she keeps asking "where
    were you?"'); the speaker does not ask it."""
    tokens = normal.tokens
    return tokens[q.first].quoted or (q.stop < len(tokens) and tokens[q.stop].text == "?" and tokens[q.stop].quoted)


def _marked_questions(words: list[str], found: list[Question]) -> list[Question]:
    """Sentences ending in "?" that word order did not already make a question (see the module docstring)."""
    out: list[Question] = []
    start = 0
    for end, word in enumerate(words):
        if word not in SENTENCE_END:
            continue
        first = start
        start = end + 1
        while first < end and (words[first] in DISCOURSE or not words[first][0].isalnum()):
            first += 1
        if first >= end and word == "?" and end > start_of(words, end):
            first = start_of(words, end)  # "Yeah?", "Right?": a bare check-in asks for a yes or no
        if word != "?" or first >= end or any(first <= q.first < end for q in found):
            continue
        if words[first : first + 4] == ["why", "do", "not", "you"] or words[first : first + 2] == ["why", "not"]:
            continue  # "why don't you just ...?" suggests (premature advice); it does not ask
        if tagged_statement(words, first, end) or words[first : first + 3] in WHO_WOULD_NOT:
            continue  # "We'll sort it out, okay?": a tag asks for agreement, not an answer
        if words[first:end] in ATTENTION_GETTERS:
            continue  # "You know what? We'll call together.": announces what follows, asks nothing
        kind, by_word = _marked_kind(words[first:end])
        out.append(Question(first, end, kind, marked=not by_word))
    return out


def start_of(words: list[str], end: int) -> int:
    """Index of the first token of the sentence that ends at ``end``."""
    i = end - 1
    while i >= 0 and words[i] not in SENTENCE_END:
        i -= 1
    return i + 1


def _marked_kind(sentence: list[str]) -> tuple[str, bool]:
    """The kind, and whether a question word says so: "How often?" and "like what?" ask by their question word; a
    statement read as a question asks yes or no. A fragment that opens on an invitation to go on ("Anything
    else?", "Any other thoughts on what might help?") asks for more, like "is there anything else ...?"."""
    if _opens_invitation(sentence):
        return "open", True
    for position in (0, len(sentence) - 1, len(sentence) - 2):
        word = sentence[position] if 0 <= position < len(sentence) else ""
        nxt = sentence[position + 1] if position + 1 < len(sentence) else "."
        if word == "why":
            return "why", True
        if word == "what" or (word == "how" and nxt not in NARROW_HOW):
            return "open", True
        if word in CLOSED_WH or word == "how":
            return "closed", True
    return "closed", False


def _opens_invitation(sentence: list[str]) -> bool:
    """The sentence starts with one of the INVITING phrases that begin with "any"/"anything"/"something"."""
    head = " " + " ".join(sentence[:3]) + " "
    return any(head.startswith(f" {phrase} ") for phrase in INVITING if phrase.split()[0] in FRAGMENT_INVITES)


def _clause_start(words: list[str], i: int) -> bool:
    """Token ``i`` can begin a clause: nothing before it but punctuation or discourse words."""
    j = i - 1
    while j >= 0 and words[j] in DISCOURSE:
        j -= 1
    return j < 0 or words[j] in SENTENCE_END or words[j] in CLAUSE_PUNCT


def _prev(words: list[str], i: int) -> str:
    return words[i - 1] if i > 0 else "."


def _question_at(words: list[str], i: int) -> str | None:
    word = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else "."
    prev = _prev(words, i)
    if word == "why":
        if prev in EMBEDDERS and not _clause_start(words, i):
            return None
        if nxt == "do" and words[i + 2 : i + 4] == ["not", "you"]:
            return None  # "why don't you (just) ..." is a suggestion: premature_advice
        if nxt == "not" and words[i + 2 : i + 3] == ["just"]:
            return None
        if nxt in AUX or nxt in {"not", "on"} or _clause_start(words, i):
            return "why"
        return None
    if word in LEADING_PREPS and nxt in OPEN_WH | CLOSED_WH and _clause_start(words, i):
        return _wh_kind(words, i + 1, opens=True)  # "In what way has it helped?", "To what extent ...?"
    if word in OPEN_WH or word in CLOSED_WH:
        return _wh_kind(words, i, opens=_clause_start(words, i) or _after_filler(words, i))
    if word in ELLIPTIC_SUBJECTS or word in OFFER_VERBS or word == "anything":
        return elliptical_question(words, i, opens=_clause_start(words, i))
    if word in AUX and _inverted(words, i):
        if not _clause_start(words, i):
            if prev in MODALS_BEFORE_AUX:
                return None  # "I'll have you barred", "the manager will have you removed": a verb chain, not a question
            if prev in PRONOUN_SUBJECTS and not _object_you(words, i):
                return None  # "if you did you'd ...": the auxiliary belongs to the clause before
            if prev in EMBEDDERS or prev in NOT_BEFORE_QUESTION or _subject_after(words, i) not in MID_SUBJECTS:
                return None  # "this is the third time", "the hardest part is ...": a statement
        if _tag(words, i) or _bare_tag(words, i):
            return None  # "..., isn't it?" asks for agreement, not information
        if _emphatic_order(words, i):
            return None  # "Don't you raise your voice to me.": an order, said with "you" for weight
        return "open" if _request(words, i) or invites_more(words, i) else "closed"
    return None


ASKING_AFTER_DONT_YOU = word_set(
    """think want know feel see remember like love hate have need mean wish agree get find ever reckon believe
    wonder care miss trust understand realise realize just also sometimes usually still already"""
)
"""Verbs and adverbs after "don't you" that ask ("don't you think ...", "don't you want to call her"); other verbs
there give an order ("don't you start", "don't you worry about that")."""


def _emphatic_order(words: list[str], i: int) -> bool:
    """ "Don't you raise your voice to me", "don't you start with me": "do not you" and a verb that does not ask, in a
    sentence that does not end in "?", is an emphatic imperative, not a question."""
    return (
        words[i] == "do"
        and words[i + 1 : i + 3] == ["not", "you"]
        and i + 3 < len(words)
        and words[i + 3] not in ASKING_AFTER_DONT_YOU
        and words[i + 3] not in SENTENCE_END
        and _sentence_end(words, i) != "?"
    )


def _wh_kind(words: list[str], i: int, *, opens: bool) -> str | None:
    """The kind of the question a question word at ``i`` starts, or None when it starts a statement's clause;
    ``opens`` says the word begins its clause (after punctuation, discourse words or a spoken filler)."""
    word = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else "."
    if _prev(words, i) in EMBEDDERS and not opens:
        return None
    if word in CLOSED_WH and not opens:
        return None  # "someone who can help", "the day when ...": a relative clause
    if not _wh_question_order(words, i):
        return None
    if words[i : i + 3] in WHO_WOULD_NOT:
        return None  # "who wouldn't be angry?" says anyone would: it validates, it does not ask
    if word in {"where", "who"} and words[i + 2 : i + 3] in (["you"], ["we"]) and asks_their_view(words, i + 1):
        return "open"  # "where would you start?", "who could you call?": the client's own answer
    if word in CLOSED_WH or (word == "how" and nxt in NARROW_HOW):
        return "closed"
    return "open"


def _after_filler(words: list[str], i: int) -> bool:
    """ "I mean, what do you think the next step is?", "you know, how did you manage?": a spoken filler before an
    inverted question does not embed it. Without the inversion ("I mean what I said", "you know what happened")
    the words stay a statement, so the auxiliary and its subject must follow the question word."""
    if i < 2 or (words[i - 2], words[i - 1]) not in FILLERS or not _clause_start(words, i - 2):
        return False
    return i + 2 < len(words) and words[i + 1] in AUX and words[i + 2] in SUBJECTS


def _wh_question_order(words: list[str], i: int) -> bool:
    """After a question word: an inverted auxiliary, a question verb, or an auxiliary as verb of the wh-subject."""
    rest = words[i + 1 : i + 2 + WH_GAP + 1]
    if not rest:
        return False
    first = rest[0]
    if first in {"if", "about", "else", "come"}:
        return True  # what if / what about / how come
    if first in QUESTION_VERBS:
        return True
    if _clause_start(words, i) and len(first) > 3 and first.endswith(("s", "ed")) and first not in SUBJECTS:
        return True  # "What feels hardest?", "What worked before?": the question word is the subject
    if first in AUX:
        after = words[i + 2] if i + 2 < len(words) else "."
        if first == "has" and after in {"you", "we", "they", "i"}:
            return True  # "What has you so worried?": the question word is the subject, "has" the verb
        return after not in PRONOUN_SUBJECTS or _inverted(words, i + 1)
    for k in range(1, WH_GAP + 1):
        j = i + 1 + k
        if j + 1 < len(words) and words[j] in AUX and words[j + 1] in SUBJECTS:
            if k >= 2 and _free_relative(words, i):
                return False  # "What the letter says is that ...": a statement's subject, then its verb
            return all(w not in PRONOUN_SUBJECTS for w in words[i + 1 : j])
        if j < len(words) and words[j] in AUX and _free_relative(words, i):
            return False  # "What the doctor is saying is ...": the first verb ends a statement's subject
    return _wh_phrase_subject(words, i)


def _free_relative(words: list[str], i: int) -> bool:
    """A question word then a determiner ("what the doctor ...", "what this means ...") starts a noun phrase that is
    the subject of a statement; an oath ("what the hell ...") does not."""
    after = words[i + 1 : i + 3]
    return bool(after) and after[0] in DETERMINERS and after[1:] not in (["hell"], ["heck"])


def _wh_phrase_subject(words: list[str], i: int) -> bool:
    """ "How many beds are left", "What kind of help is there", "Which one is closer": a question phrase of amount or
    kind is the subject, so its verb follows with no inversion. Only these phrases: "what the doctor is saying"
    is a statement's subject."""
    if not _clause_start(words, i):
        return False
    head = words[i + 1 : i + 2]
    if not (words[i] == "how" and head in (["many"], ["much"])) and not (
        words[i] == "which" or (words[i] == "what" and head in (["kind"], ["type"], ["sort"]))
    ):
        return False
    for j in range(i + 2, min(i + 2 + WH_GAP, len(words) - 1)):
        if words[j] in SENTENCE_END or words[j] in CLAUSE_PUNCT or words[j] in PRONOUN_SUBJECTS:
            return False
        if words[j] in AUX:
            return words[j + 1] not in SUBJECTS
    return False


def _inverted(words: list[str], i: int) -> bool:
    """Auxiliary at ``i`` followed by its subject, in agreement ("did you", "did not you", "is there"; not "is you")."""
    j = i + 1
    if j < len(words) and words[j] == "not":
        j += 1
    if j >= len(words) or words[j] not in SUBJECTS:
        return False
    return _agrees(words[i], words[j])


_PLURAL_AUX = frozenset(["are", "were", "do", "have"])
_SINGULAR_AUX = frozenset(["is", "does", "has"])


def _agrees(aux: str, subject: str) -> bool:
    if subject in {"you", "we", "they"}:
        return aux not in _SINGULAR_AUX and aux not in {"am", "was"}
    if subject == "there":
        return aux != "am"
    if subject in {"a", "an", "any", "some"}:
        return aux not in {"have", "has", "had", "do", "am"}  # "have a good day" is not a question
    if subject == "i":
        return aux not in _SINGULAR_AUX and aux not in {"are", "were"}
    if subject in PRONOUN_SUBJECTS or subject in {
        "there",
        "that",
        "this",
        "anyone",
        "anybody",
        "someone",
        "somebody",
        "anything",
        "something",
        "everyone",
        "everything",
    }:
        return aux not in _PLURAL_AUX and aux != "am"
    return aux != "am"


def _object_you(words: list[str], i: int) -> bool:
    """'I hear you are you okay', 'I'll respect it can we talk': the pronoun before the auxiliary is an object."""
    if i < 2 or words[i - 1] not in {"you", "it", "them", "him", "her"}:
        return False
    verb = words[i - 2]
    return verb.isalpha() and verb not in AUX and verb not in PRONOUN_SUBJECTS and verb not in NOT_VERB_BEFORE_OBJECT


def _tag(words: list[str], i: int) -> bool:
    """A tag: after a comma that closes a statement, auxiliary [+ not] + pronoun, then the sentence ends ("..., don't
    they?", "He wasn't happy about it, was he?"); the auxiliary starts no question of its own (with a "?" the whole
    sentence is the question, found by its mark). After discourse words alone ("Okay, did you?") the auxiliary asks."""
    if i == 0 or words[i - 1] != ",":
        return False
    j = i + 2 if words[i + 1 : i + 2] == ["not"] else i + 1
    after = words[j + 1] if j + 1 < len(words) else "."
    if words[j : j + 1] == [] or words[j] not in PRONOUN_SUBJECTS | {"there", "that"} or after not in SENTENCE_END:
        return False
    k = i - 2
    while k >= 0 and words[k] in DISCOURSE:
        k -= 1
    return k >= 0 and words[k] not in SENTENCE_END


def _subject_after(words: list[str], i: int) -> str:
    j = i + 1
    if j < len(words) and words[j] == "not":
        j += 1
    return words[j] if j < len(words) else "."


def _request(words: list[str], i: int) -> bool:
    """'could you tell me', 'can you say more', 'would you talk to me about': a request to talk is open."""
    if words[i] not in {"can", "could", "would", "will"}:
        return False
    window = words[i + 1 : i + 6]
    return any(w in REQUEST_VERBS for w in window) and ("me" in window or "more" in window or "about" in window)


def _drop_nested(words: list[str], starts: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """An inversion right after a question word is the same question ("how are you" is one question)."""
    kept: list[tuple[int, str]] = []
    for first, kind in starts:
        if kept:
            last_first, _ = kept[-1]
            between = words[last_first:first]
            nested = (
                words[first] in AUX
                and words[last_first] not in AUX
                and first - last_first <= WH_GAP + 1
                and not any(w in QUESTION_VERBS or w.endswith("ed") for w in between[1:])
            )
            if nested and not any(w in SENTENCE_END or w in CLAUSE_PUNCT for w in between):
                continue
        kept.append((first, kind))
    return kept
