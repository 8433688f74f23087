"""Which listening moves a reply made for this client (domain.md "What an instructor's verdict means", question 3).

The rules are stated in feedback/verdict.py's docstring (step 2), which scores the moves found here: a reflection
counts as this client's with their own content words, in general terms with a feeling word or a reflecting frame,
and not at all in a sentence that threatens, labels, blames, mocks or orders a feeling, or that is built on "if";
an invitation, a choice or an offer counts when it is about the client.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from functools import lru_cache

from voice_deesc.feedback.verdict_record import Move, MoveMade
from voice_deesc.scenarios.model import Scenario
from voice_deesc.wording.reflection import STOPWORDS, client_context, client_targets
from voice_deesc.wording.rubric import Category, Finding
from voice_deesc.wording.stemming import feeling_families, stem
from voice_deesc.wording.text import word_set

C = Category
GUIDE_MOVES = (Move.INVITED, Move.OFFERED_CHOICE, Move.TOGETHER)
"""Ways of inviting the client forward (open question, choice, working together)."""
MIN_CLIENT_WORDS_UNADDRESSED = 2
"""Client words a reflection needs when it does not address the client ("eleven months, and the voucher gone")."""
CATEGORY_MOVE = {
    C.VALIDATION: Move.VALIDATED,
    C.APOLOGY: Move.APOLOGISED,
    C.PRESENCE: Move.PRESENCE,
    C.OPEN_QUESTION: Move.INVITED,
    C.CHOICE_AUTONOMY: Move.OFFERED_CHOICE,
    C.COLLABORATION: Move.TOGETHER,
}
VOIDS_REFLECTION = frozenset(
    {C.THREAT_ULTIMATUM, C.LABELING, C.SARCASM_PROFANITY, C.JUDGMENT_BLAME, C.COMMAND_FEELINGS}
)
"""The flags that "can undo everything else in the reply" (domain.md) turn the client's words in their sentence
against the client ("you have plenty to live for, cheer up"): a reflection there does not count."""
ABOUT_CLIENT = frozenset(
    stem(w)
    for w in word_set(
        """help need happen happened feel feeling tell talk going worry worried mind matters matter hardest
        sort figure work plan next step through right support ready understand"""
    )
)
"""Words that make an invitation about the client ("what would help", "tell me what happened") rather than small
talk ("would you rather pizza or tacos")."""
REFLECTING_FRAME = re.compile(
    r"\b(?:sounds?|seems?|looks?) (?:like|as if|as though)\b"
    r"|\bi (?:can )?(?:hear|see|tell) (?:that |how )?you|\b(?:going|been) through\b|\bcarrying\b"
    r"|\byou(?:'re| are)? feel(?:ing)?\b|\byou felt\b"
    r"|\byou(?:'re| are| were)? (?:really |just |still )?(?:want|wanted|wish|hope|hoped|hoping)\b"
)
"""domain.md's reflecting frames: "it sounds like…", "you're feeling…", "I hear you / I can see you…", and saying
back what the client carries or wants ("you've been through a lot", "you just want to be heard")."""
SECOND_PERSON = frozenset({"you", "your", "you're", "you've", "you'd", "yourself"})
DISCOURSE_LEAD = word_set("""so okay ok well and but now yeah oh look honestly""")
SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)")
WORD = re.compile(r"[a-z']+")


def listening_moves(
    findings: Sequence[Finding], scenario: Scenario | None, text: str, ignored: Collection[int] = ()
) -> list[MoveMade]:
    """The moves made for this client, each once, in the order first made (``ignored``: misheard flags' indices)."""
    sentences = _sentences(text)
    voided = {
        _sentence_of(sentences, f.start_char)
        for i, f in enumerate(findings)
        if i not in ignored and f.category in VOIDS_REFLECTION
    } | {span for span in sentences if _hypothetical(text[span[0] : span[1]])}
    return _moves(findings, scenario, text, sentences, voided)


def reflection_may_be_misheard(text: str, stretches: Sequence[tuple[int, int]]) -> str:
    """The first misheard stretch (feedback/wording_tips.py ``misheard_stretches``) where a reflection could have
    been said: inside a statement addressed to the client ("it makes sense your tie -on hearing it", where the
    trainee said "you're tired of hearing it"). Empty when there is none: a stretch in a question, or in a sentence
    not said to the client, could not have been the reflection."""
    sentences = _sentences(text)
    for start, end in stretches:
        first, stop = _sentence_of(sentences, start)
        sentence = text[first:stop].strip()
        if not sentence.endswith("?") and _addressed(sentence):
            return text[start:end]
    return ""


def _sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in SENTENCE_END.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


def _sentence_of(sentences: list[tuple[int, int]], char: int) -> tuple[int, int]:
    return next((s for s in sentences if s[0] <= char < s[1]), sentences[-1])


def most_client_words(sentences: Sequence[str], scenario: Scenario | None) -> str:
    """The sentence that says back most of the client's own content words (a feeling word alone is generic), for a
    phrasing to try; empty when none has one."""

    def said_back(sentence: str) -> int:
        return len(_client_words(sentence, scenario)[0])

    best = max(sentences, key=said_back, default="")  # the first of equals
    return best if best and said_back(best) else ""


def _client_words(sentence: str, scenario: Scenario | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The sentence's words that are the client's own: (content words of the statement and key content, feeling
    words of the scenario's feelings and their families)."""
    if scenario is None:
        return (), ()
    said_by_client = client_context(scenario.client_statement, scenario.earlier_client_lines)
    targets, phrases = client_targets(said_by_client, scenario.feelings, scenario.key_content)
    feelings = _feeling_stems() | {stem(w) for f in scenario.feelings for w in f.lower().split()}
    content = (targets | {s for p in phrases for s in p}) - feelings
    all_words = WORD.findall(sentence.lower())
    words = [w for w in all_words if w not in STOPWORDS and len(w) > 2]
    said = [w for w in words if stem(w) in content]
    felt = [w for w in words if stem(w) in targets and stem(w) in feelings]
    stems = " " + " ".join(stem(w) for w in all_words) + " "
    for family in feeling_families().values():  # "let down" names the client's betrayal in two words
        if family & targets:
            felt += [m for m in family if " " in m and f" {m} " in stems]
    return tuple(dict.fromkeys(said)), tuple(dict.fromkeys(felt))


@lru_cache(maxsize=1)
def _feeling_stems() -> frozenset[str]:
    return frozenset(s for family in feeling_families().values() for s in family if " " not in s)


def _moves(
    findings: Sequence[Finding],
    scenario: Scenario | None,
    text: str,
    sentences: list[tuple[int, int]],
    flagged: set[tuple[int, int]],
) -> list[MoveMade]:
    made: dict[Move, MoveMade] = {}
    client_words: list[str] = []
    reflected = [
        f for f in findings if f.category == C.REFLECTION and _sentence_of(sentences, f.start_char) not in flagged
    ]
    for f in reflected:
        a, b = _sentence_of(sentences, f.start_char)
        said, felt = _client_words(text[a:b], scenario)
        client_words += [*said, *felt]
        if _reflects_client(text[a:b], said, felt) and Move.REFLECTED not in made:
            made[Move.REFLECTED] = MoveMade(Move.REFLECTED, f.evidence)
    if Move.REFLECTED in made:
        first = made[Move.REFLECTED]
        made[Move.REFLECTED] = MoveMade(Move.REFLECTED, first.evidence, tuple(dict.fromkeys(client_words)))
    else:
        general = [f for f in reflected if _reflects_in_general(text[slice(*_sentence_of(sentences, f.start_char))])]
        if general:
            made[Move.REFLECTED_GENERIC] = MoveMade(Move.REFLECTED_GENERIC, general[0].evidence)
    engaged = bool(made) or any(f.category in {C.VALIDATION, C.APOLOGY} for f in findings)
    for f in findings:
        move = CATEGORY_MOVE.get(f.category)
        if move is None or move in made:
            continue
        if move in GUIDE_MOVES and not engaged:
            a, b = _sentence_of(sentences, f.start_char)
            if not (any(_client_words(text[a:b], scenario)) or _about_client(text[a:b])):
                continue  # small talk phrased as a question or an offer
        made[move] = MoveMade(move, f.evidence)
    return list(made.values())


def _reflects_client(sentence: str, said: Sequence[str], felt: Sequence[str]) -> bool:
    """The client's own content (a feeling word alone is generic), said to them ("your room") or with a second word
    of theirs: one shared word in a remark about someone else ("the remote for the living room") is not a reflection.
    """
    return bool(said) and (_addressed(sentence) or len(said) + len(felt) >= MIN_CLIENT_WORDS_UNADDRESSED)


def _addressed(sentence: str) -> bool:
    return any(w in SECOND_PERSON for w in WORD.findall(sentence.lower()))


def _hypothetical(sentence: str) -> bool:
    """A sentence built on "if" says what would be, not what is: no reflection of the client."""
    words = WORD.findall(sentence.lower())
    while words and words[0] in DISCOURSE_LEAD:
        words = words[1:]
    return bool(words) and words[0] in {"if", "unless"}


def _reflects_in_general(sentence: str) -> bool:
    """A reflection without the client's words still reflects when it names a feeling ("I can see you're really
    angry") or uses a reflecting frame ("it sounds like you're going through a lot"), domain.md's two other forms;
    a remark about the client with neither ("maybe you just forgot where you put it") reflects nothing."""
    words = WORD.findall(sentence.lower())
    return bool(REFLECTING_FRAME.search(" ".join(words))) or any(stem(w) in _feeling_stems() for w in words)


def _about_client(sentence: str) -> bool:
    return any(stem(w) in ABOUT_CLIENT for w in WORD.findall(sentence.lower()))
