"""Reply text made uniform for matching, whatever wrote it: a typist, Whisper (punctuated) or Vosk (bare lowercase).

The normal form is lowercase words separated by single spaces, with contractions spelled out ("I'm" and "im" both
become "i am"; a bare "lets" only where it opens a clause, since "the hostel lets you" is a verb), digits spelled as
words, and punctuation kept as its own token ("," "." "?") so that phrases do not run across sentence ends. Every
normal token remembers the characters of the original text it came from, so a match in the normal form maps back to
the trainee's exact words.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

SENTENCE_END = frozenset(".?!;")
"""Tokens that close a sentence; a phrase never spans one."""
CLAUSE_PUNCT = frozenset(",:")

_TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*|[.?!;]+|[,:]|\s[-–—]+\s|[–—]|\"|“|”")

_WHOLE = {
    "im": "i am",
    "ive": "i have",
    "youre": "you are",
    "youve": "you have",
    "youll": "you will",
    "youd": "you would",
    "theyre": "they are",
    "theyve": "they have",
    "theyll": "they will",
    "thats": "that is",
    "theres": "there is",
    "whats": "what is",
    "hows": "how is",
    "wheres": "where is",
    "whos": "who is",
    "lets": "let us",
    "dont": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "cant": "can not",
    "cannot": "can not",
    "wont": "will not",
    "isnt": "is not",
    "arent": "are not",
    "wasnt": "was not",
    "werent": "were not",
    "havent": "have not",
    "hasnt": "has not",
    "hadnt": "had not",
    "couldnt": "could not",
    "wouldnt": "would not",
    "shouldnt": "should not",
    "aint": "is not",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "got to",
    "ok": "okay",
    "u": "you",
    "ur": "your",
    "r": "are",
    "shes": "she is",
    "hes": "he is",
    "can't": "can not",
    "won't": "will not",
    "ain't": "is not",
    "shan't": "shall not",
    "let's": "let us",
    "y'all": "you all",
    "it's": "it is",
    "that's": "that is",
    "there's": "there is",
    "here's": "here is",
    "what's": "what is",
    "who's": "who is",
    "where's": "where is",
    "how's": "how is",
    "he's": "he is",
    "she's": "she is",
    "why's": "why is",
    "when's": "when is",
}
_SUFFIXES = (("n't", " not"), ("'re", " are"), ("'ve", " have"), ("'ll", " will"), ("'d", " would"), ("'m", " am"))
_ONES = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"),
    *("thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"),
)
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def word_set(text: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated string (easier to read and extend than a list)."""
    return frozenset(text.split())


LETS_LEADS = word_set("""so okay and then now well right alright yeah yes come just but um uh oh ok""")
"""Words after which a recogniser's "lets" is still "let's" ("okay lets ring them"); after any other word it is the
verb ("the hostel lets you store bags"). "let's" with its apostrophe is always "let us"."""


def sentence_start(words: list[str], i: int, marks: frozenset[str] = SENTENCE_END) -> int:
    """Where the sentence holding word ``i`` begins: back past every word to the nearest mark in ``marks`` (with
    ``SENTENCE_END | CLAUSE_PUNCT``, the clause's start instead)."""
    while i > 0 and words[i - 1] not in marks:
        i -= 1
    return i


@dataclass(frozen=True)
class Token:
    """One word (or punctuation mark) of the normal form."""

    text: str
    start_char: int
    """Start of the original word in the reply text."""
    end_char: int
    quoted: bool = False
    """Inside quotation marks in the reply (reported words)."""

    @property
    def is_punct(self) -> bool:
        return not self.text[0].isalnum()


@dataclass(frozen=True)
class NormalText:
    """The normal form of a reply and the way back to the original characters."""

    original: str
    tokens: tuple[Token, ...]
    string: str
    """Tokens joined by single spaces; the text the lexicon's patterns run on."""
    offsets: tuple[int, ...]
    """Start of each token in ``string``."""

    def token_at(self, pos: int) -> int:
        """Index of the token that covers position ``pos`` of ``string``."""
        return max(0, bisect_right(self.offsets, pos) - 1)

    def token_span(self, start: int, end: int) -> tuple[int, int]:
        """Tokens [first, last+1) that a match [start, end) of ``string`` covers."""
        return self.token_at(start), self.token_at(max(start, end - 1)) + 1

    def char_span(self, first: int, stop: int) -> tuple[int, int]:
        """Original character span of tokens [first, stop)."""
        return self.tokens[first].start_char, self.tokens[stop - 1].end_char

    def words(self) -> list[str]:
        return [t.text for t in self.tokens]


def number_words(value: int) -> str:
    """Spell 0-99 as a recogniser would ("11" -> "eleven"), so Whisper digits match Vosk words."""
    if value < 20:
        return _ONES[value]
    if value < 100:
        tens, ones = divmod(value, 10)
        return _TENS[tens] + ("" if ones == 0 else " " + _ONES[ones])
    return str(value)


@lru_cache(maxsize=4096)
def expand_word(word: str) -> tuple[str, ...]:
    """Lowercase one word and spell out its contraction ("don't" -> ("do", "not"))."""
    w = word.lower().replace("’", "'")
    if w.isdigit():
        return tuple(number_words(int(w)).split()) if len(w) <= 2 else (w,)
    if w in _WHOLE:
        return tuple(_WHOLE[w].split())
    for suffix, spelled in _SUFFIXES:
        if w.endswith(suffix) and len(w) > len(suffix):
            stem = w[: -len(suffix)]
            if suffix == "n't":
                stem = {"ca": "can", "wo": "will", "sha": "shall", "ai": "is"}.get(stem, stem)
            return (stem, *spelled.split())
    if w.endswith("'s"):
        return (w[:-2], "'s")
    return (w,)


def normalise(text: str) -> NormalText:
    """Tokenise and normalise a reply; see the module docstring."""
    tokens: list[Token] = []
    quoted = False
    for match in _TOKEN_RE.finditer(text):
        raw = match.group(0).strip()
        start, end = match.start(), match.end()
        if raw in {'"', "“", "”"}:
            quoted = raw == "“" or (raw == '"' and not quoted)
            continue
        if raw[0] in "-–—":
            tokens.append(Token(",", start, end, quoted))
        elif not raw[0].isalnum():
            tokens.append(Token("?" if "?" in raw else raw[0], start, end, quoted))
        elif raw.lower() == "lets" and tokens and tokens[-1].text.isalnum() and tokens[-1].text not in LETS_LEADS:
            tokens.append(Token("lets", start, end, quoted))  # "the county usually lets you": a verb, not "let's"
        else:
            for part in expand_word(raw):
                if part == "'s":
                    continue
                tokens.append(Token(part, start, end, quoted))
    offsets: list[int] = []
    position = 0
    for token in tokens:
        offsets.append(position)
        position += len(token.text) + 1
    return NormalText(text, tuple(tokens), " ".join(t.text for t in tokens), tuple(offsets))


def plain_form(text: str) -> str:
    """The reply as a Vosk-style recogniser gives it: lowercase, no punctuation (apostrophes kept)."""
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", text.lower().replace("’", "'")).split())


def sentence_spans(normal: NormalText) -> list[tuple[int, int]]:
    """Token spans of the sentences, each up to (not including) its ".", "?", "!" or ";" (a recogniser's unpunctuated
    reply is one sentence); no span is empty."""
    spans: list[tuple[int, int]] = []
    start = 0
    for i, token in enumerate(normal.tokens):
        if token.text in SENTENCE_END:
            if i > start:
                spans.append((start, i))
            start = i + 1
    if start < len(normal.tokens):
        spans.append((start, len(normal.tokens)))
    return spans
