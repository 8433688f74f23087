"""Words compared by snowball stem, and feeling words by family ([feelings] in lexicon.toml).

Reflection, goals and the feedback on a reply all ask whether two words are "the same": "cancelled" and
"cancellation" if their stems agree, "furious" and "angry" if they share a feeling family. One stemmer and one
reading of the families keep those answers the same everywhere, and cached: a reply stems every word it has.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from voice_deesc.wording.lexicon import LEXICON_PATH, lexicon_data


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """The lowercase snowball stem; cached, as every word of every reply and client line comes through here."""
    return str(_stemmer().stemWord(word.lower()))


@lru_cache(maxsize=2)
def feeling_families(path: Path = LEXICON_PATH) -> dict[str, frozenset[str]]:
    """Family name -> stems of its words (a multi-word entry, "let down", as its words' stems joined by spaces)."""
    data = lexicon_data(path)
    families: dict[str, frozenset[str]] = {}
    for name, words in data.get("feelings", {}).items():
        families[name] = frozenset(" ".join(map(stem, w.split())) for w in words)
    return families


def feeling_stem_sets() -> tuple[frozenset[str], frozenset[tuple[str, ...]]]:
    """All feeling stems, single words apart from multi-word ones: a reply's word is looked up in the first, a run
    of its words ("let down") matched against the second."""
    singles: set[str] = set()
    multis: set[tuple[str, ...]] = set()
    for stems in feeling_families().values():
        for s in stems:
            if " " in s:
                multis.add(tuple(s.split()))
            else:
                singles.add(s)
    return frozenset(singles), frozenset(multis)


def expand_feelings(stems: set[str]) -> set[str]:
    """Add every word of a feeling family any of ``stems`` belongs to."""
    out = set(stems)
    for family in feeling_families().values():
        if family & stems:
            out |= {s for s in family if " " not in s}
    return out
