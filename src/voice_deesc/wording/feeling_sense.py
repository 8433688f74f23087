"""Word sense of feeling words in a reply: when a word that shares a feeling's stem names an action instead.

The feeling families compare words by snowball stem, and some feelings are participles of everyday verbs: "used"
(as in "I feel used") has the stem of "use", "lost" and "done" are past tenses too. In a reply they are feelings
after a linking verb ("you feel used", "you're lost", "you're done with it") and actions when they are the clause's
own verb with an object ("you used meth", "you lost your job", "you've done time") or a different form of the verb
("you use it on weekends"). Measured on AnnoMI dev (counsellor utterances about substance use and health), these
verb senses were the commonest kind of wrong "reflects the client's feeling".
"""

from __future__ import annotations

from functools import lru_cache

from voice_deesc.wording.lexicon import LEXICON_PATH, lexicon_data
from voice_deesc.wording.stemming import stem
from voice_deesc.wording.text import word_set

MAIN_VERB_GAP = word_set(
    """have has had 've 'd did just really also still never ever always recently already sometimes often once
    then only even"""
)
"""Words that may stand between "you" and a verb without making it a complement ("you have just used it")."""
NOT_AN_OBJECT = word_set(
    """about by with to at for from of in on over up out off down because and but so or if when while as than like
    that too now again yet anymore , . ! ? ; :"""
)
"""A word after the verb that starts no object: "you worried about it", "you're lost and alone"."""


@lru_cache(maxsize=1)
def participle_stems() -> frozenset[str]:
    """Stems whose feeling forms in the lexicon are all "-ed" participles ("used"): "use" shares the stem only."""
    forms: dict[str, set[str]] = {}
    for words in lexicon_data(LEXICON_PATH).get("feelings", {}).values():
        for w in (w for w in words if " " not in w):
            forms.setdefault(stem(w), set()).add(w)
    return frozenset(s for s, f in forms.items() if participle_only(frozenset(f)))


def participle_only(entries: frozenset[str]) -> bool:
    """Whether a feeling's lexicon forms sharing one stem are all "-ed" participles ("used"), so other forms of the
    verb ("use", "using") are not that feeling."""
    return bool(entries) and all(e.endswith("ed") for e in entries)


def acts_not_feels(words: list[str], you: int, k: int, stop: int, *, participle: bool) -> bool:
    """Word ``k`` after "you" at ``you`` names an action, not the client's feeling.

    Only a word that is the clause's own verb counts (nothing but auxiliaries and adverbs after "you"). Then, when
    ``participle`` says the feeling is known only as an "-ed" participle ("used"), any other form ("use", "using")
    is the verb; and a past form that takes an object is an action.

    >>> acts_not_feels("you use it on weekends".split(), 0, 1, 5, participle=True)
    True
    >>> acts_not_feels("you used meth last year".split(), 0, 1, 5, participle=True)
    True
    >>> acts_not_feels("you lost your job".split(), 0, 1, 4, participle=False)
    True
    >>> acts_not_feels("you feel used by them".split(), 0, 2, 5, participle=True)
    False
    >>> acts_not_feels("you are lost and alone".split(), 0, 2, 5, participle=False)
    False
    >>> acts_not_feels("you miss your kids".split(), 0, 1, 4, participle=False)
    False
    >>> acts_not_feels("you find it overwhelming".split(), 0, 3, 4, participle=True)
    False
    """
    word = words[k]
    if any(w not in MAIN_VERB_GAP for w in words[you + 1 : k]):
        return False  # a linking verb or more stands between: "you feel used", "you find it overwhelming"
    if participle and not word.endswith("ed"):
        return True
    if not (word.endswith("ed") or word in IRREGULAR_PAST):
        return False  # a present-tense feeling verb: "you miss your kids", "you hate it there"
    return k + 1 < stop and words[k + 1] not in NOT_AN_OBJECT


IRREGULAR_PAST = word_set("""lost done""")
"""The feeling words that are also irregular past forms of everyday verbs ("lose", "do")."""
