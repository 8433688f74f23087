"""A scenario's goals and avoid list, checked against the findings and reported as met / missed / kept / broken.

Instructors write goals in plain words ("Reflect the fear of losing custody", "Offer a choice"). The words of a
goal point to rubric categories through [goal_words] of lexicon.toml; its remaining content words are the topic
("fear", "custody"). A goal is met when every category it points to was found and, if it names a topic, the
reply mentions at least a third of the topic words (by stem; feeling words by family). A goal whose words point
to no category is checked on its topic words alone. An avoid item is broken when a finding of a flagged category
its words point to ([avoid_words]) was found, or one of its extra [checks] phrases occurs in the reply.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voice_deesc.wording.lexicon import LEXICON_PATH, _compile_list, lexicon_data
from voice_deesc.wording.negation import is_negated
from voice_deesc.wording.reflection import STOPWORDS, expand_feelings, stem
from voice_deesc.wording.rubric import GoalCheck
from voice_deesc.wording.text import NormalText, normalise, word_set

if TYPE_CHECKING:
    from voice_deesc.wording.rubric import Finding

MIN_TOPIC_WORDS = 1
"""Topic words of a goal the reply must mention (by stem or feeling family) for the goal to count as met."""
GOAL_FILLER = word_set(
    """reflect validate offer acknowledge invite ask explore name client him her them his their he she they
    it that this those these work first step start choosing choose choice option options together
    jointly find out open question questions without before asked directly caringly being feeling
    feelings respect honestly help follow including such leave room create space safely notice treat
    bring bringing stay offering another inviting invite explore clear calmly gently yourself
    whether wants"""
)


@lru_cache(maxsize=2)
def _tables(path: Path = LEXICON_PATH) -> tuple[dict[str, list[str]], dict[str, list[str]], dict[str, Any]]:
    data = lexicon_data(path)
    checks = {key: _compile_list(list(phrases)) for key, phrases in data.get("checks", {}).items()}
    return data.get("goal_words", {}), data.get("avoid_words", {}), checks


def _keys_named(text: str, table: dict[str, list[str]]) -> list[tuple[str, ...]]:
    """The table keys whose cues occur in ``text``; a key "a|b" means either category will do."""
    lowered = " " + " ".join(text.lower().replace("’", "'").split()) + " "
    return [tuple(key.split("|")) for key, cues in table.items() if any(cue in lowered for cue in cues)]


def _topic_words(goal: str) -> list[str]:
    """Content words of a goal that name its topic; words after "without"/"rather than"/"instead of" are excluded."""
    words: list[str] = []
    skipping = False
    tokens = normalise(goal).tokens
    for i, token in enumerate(tokens):
        text = token.text
        if token.is_punct:
            skipping = False
            continue
        if text == "without" or (text in {"rather", "instead"} and i + 1 < len(tokens)):
            skipping = True
        if skipping or not text.isalpha() or len(text) <= 2 or text in STOPWORDS or text in GOAL_FILLER:
            continue
        words.append(text)
    return list(dict.fromkeys(words))


def check_goals(
    goals: tuple[str, ...], avoid: tuple[str, ...], findings: list[Finding], normal: NormalText
) -> list[GoalCheck]:
    """Check a scenario's goals and avoid items against a reply's findings and words."""
    goal_words, avoid_words, checks = _tables()
    found: dict[str, list[Finding]] = {}
    for f in findings:
        found.setdefault(f.category, []).append(f)
    reply_stems = {stem(t.text) for t in normal.tokens if t.text.isalpha()}
    reply_words = {t.text: stem(t.text) for t in normal.tokens if t.text.isalpha()}
    results: list[GoalCheck] = []
    for goal in goals:
        keys = _keys_named(goal, goal_words)
        categories = tuple(dict.fromkeys(c for key in keys for c in key))
        topic = _topic_words(goal)
        hit_topic = [w for w in topic if expand_feelings({stem(w)}) & reply_stems]
        missing_keys = ["|".join(key) for key in keys if not any(c in found for c in key)]
        topic_ok = not topic or len(hit_topic) >= MIN_TOPIC_WORDS
        met = not missing_keys and topic_ok
        evidence = [found[c][0].evidence for c in categories if c in found]
        evidence += [w for w, s in reply_words.items() if any(s in expand_feelings({stem(t)}) for t in hit_topic)]
        missing = missing_keys + ([] if topic_ok else [f"a mention of {' / '.join(topic)}"])
        results.append(
            GoalCheck(
                goal,
                "goal",
                "met" if met else "missed",
                categories,
                tuple(dict.fromkeys(evidence)),
                () if met else tuple(missing),
            )
        )
    for item in avoid:
        categories = tuple(dict.fromkeys(c for key in _keys_named(item, avoid_words) for c in key))
        evidence = [f.evidence for c in categories for f in found.get(c, [])]
        extra = [pattern for key, pattern in checks.items() if pattern is not None and key in item.lower()]
        for pattern in extra:
            for m in pattern.finditer(normal.string):
                first, stop = normal.token_span(m.start(), m.end())
                if not is_negated(normal, first):
                    a, b = normal.char_span(first, stop)
                    evidence.append(normal.original[a:b])
        status = "unchecked" if not categories and not extra else "broken" if evidence else "kept"
        results.append(GoalCheck(item, "avoid", status, tuple(categories), tuple(dict.fromkeys(evidence))))
    return results
