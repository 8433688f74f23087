"""A scenario's goals and avoid list, checked against the findings and reported as met / missed / kept / broken.

Instructors write goals in plain words ("Reflect the fear of losing custody", "Offer a choice"). The words of a
goal point to rubric categories through [goal_words] of lexicon.toml; its remaining content words are the topic
("fear", "custody"). A goal is met when every category it points to was found and, if it names a topic, the
reply picks up its key content: at least a third of the topic words (``TOPIC_SHARE``, and at least one), so a
goal with four or more topic words needs two of them, not one incidental word. A topic word is picked up by
stem ("losing" / "lose"), by feeling family ("fear" / "scared"), or through ``RELATED_WORDS``, a small table of
everyday words for the same person or thing ("kids" for "children"). Not every word of a goal is its topic:
- words that tell the trainee how to speak rather than naming the client's situation (``GOAL_FILLER``:
  "in his own words", "how it was handled", "a way forward") are never asked for;
- examples ("such as the overflow site or the outreach van", "including asking the nurse", and the list after a
  colon) are one way to meet the goal, not the only one: their words are not required, but picking up a third of
  them (as for the topic) meets the goal's topic too, and a category cue inside them ("... together") is not
  required;
- an opening condition ("If he still leaves, help him leave safer") says when the goal applies, not its topic;
- what follows "without" / "rather than" / "instead of" is what to leave out ("without arguing"), except
  "without being ..." ("unplugged without being asked"), which tells what happened to the client.
A goal to "offer" something also needs an offer to work on it together or a choice (``GOAL_VERB_CUES``). Category
cues inside examples or after "without" are not required. A goal whose words point to no category is checked on
its topic words alone. An avoid item is broken when a
finding of a flagged category its words point to ([avoid_words]) was found, or one of its extra [checks] phrases
occurs in the reply.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voice_deesc.wording.lexicon import LEXICON_PATH, _compile_list, lexicon_data
from voice_deesc.wording.negation import is_negated
from voice_deesc.wording.reflection import STOPWORDS
from voice_deesc.wording.rubric import GoalCheck
from voice_deesc.wording.stemming import expand_feelings, stem
from voice_deesc.wording.text import NormalText, normalise, word_set

if TYPE_CHECKING:
    from voice_deesc.wording.rubric import Finding

TOPIC_SHARE = 1 / 3
"""Share of a goal's topic words the reply must pick up (rounded up, at least one) for the goal to be met."""
GOAL_FILLER = word_set(
    """reflect validate offer acknowledge invite ask explore name client him her them his their he she they
    it that this those these work first step start choosing choose choice option options together
    jointly find out open question questions without before asked directly caringly being feeling
    feelings respect honestly help follow including such leave room create space safely notice treat
    bring bringing stay offering another inviting invite explore clear calmly gently yourself
    whether wants words own handled forward way specifically using felt feels feel hear keep put look
    concrete pick lead pass part choices apologise apologize chooses picks steps next"""
)
"""Words of a goal that instruct the trainee ("in his own words", "how it was handled", "a way forward", "let him
pick") rather than name the client's situation: a reply is never asked to say them."""
GOAL_VERB_CUES = {"offer": "collaboration|choice_autonomy"}
"""Goal verbs that name a move but are not cues of [goal_words]: a goal to "offer" something is met by an offer to do
it together or a choice, not by mentioning its topic ("Offer to go with her to ask the nurse about a late dose" is
not met by "you were late and got no dose")."""
CONDITION_LEADS = frozenset({"if", "when", "once"})
"""A goal opening with a condition ("If he still leaves, help him leave safer") asks for what follows the comma."""
EXAMPLE_LEADS = ("such as", "for example", "for instance", "including")
"""Words that open a goal's examples, which run to the next comma (a colon's list runs to the end of the goal)."""
RELATED_WORDS: tuple[frozenset[str], ...] = tuple(
    word_set(group)
    for group in (
        "family kids children child son daughter girlfriend boyfriend wife husband partner",
        "job work shift shifts boss",
        "lawyer attorney defender",
        "pain hurt hurts hurting ache aching sore",
        "sleeplessness sleep sleeping slept awake insomnia",
        "friendship friend friends",
        "money paid pay bought spent",
        "sickness sick ill",
    )
)
"""Everyday words for the same person or thing, so a goal's topic word is picked up in the client's own terms
("your girlfriend and the kids" for "family"). Deliberately small: the general words of domain.md's scenario themes
(family and custody, work, court, withdrawal pain and sleep, grief for a friend, money); anything further is
matched by stem or feeling family only."""


@lru_cache(maxsize=2)
def _tables(path: Path = LEXICON_PATH) -> tuple[dict[str, list[str]], dict[str, list[str]], dict[str, Any]]:
    data = lexicon_data(path)
    checks = {key: _compile_list(list(phrases)) for key, phrases in data.get("checks", {}).items()}
    return data.get("goal_words", {}), data.get("avoid_words", {}), checks


def _keys_named(text: str, table: dict[str, list[str]]) -> list[tuple[str, ...]]:
    """The table keys whose cues occur in ``text``; a key "a|b" means either category will do."""
    lowered = " " + " ".join(text.lower().replace("’", "'").split()) + " "
    return [tuple(key.split("|")) for key, cues in table.items() if any(cue in lowered for cue in cues)]


def _goal_parts(goal: str) -> tuple[list[str], list[str], str]:
    """The goal's topic words, its example words, and its text without the examples (for category cues).

    Words after "without" / "rather than" / "instead of" are left out ("without arguing"), except "without
    being ..." (what happened to the client), and so is an opening condition up to its comma ("If he still
    leaves,"); examples are kept apart (module docstring)."""
    topic: list[str] = []
    examples: list[str] = []
    kept: list[str] = []
    tokens = normalise(goal).tokens
    lowered = [t.text for t in tokens]
    skipping = bool(lowered) and lowered[0] in CONDITION_LEADS
    in_example = to_end = False
    for i, token in enumerate(tokens):
        text = token.text
        if token.is_punct:
            skipping = False
            in_example = in_example and to_end
            if text == ":":
                in_example = to_end = True
            if not in_example:
                kept.append(text)
            continue
        if _example_lead(lowered, i):
            in_example = True
        if text == "without" and not (i + 1 < len(tokens) and tokens[i + 1].text == "being"):
            skipping = True
        if text in {"rather", "instead"} and i + 1 < len(tokens):
            skipping = True
        if not in_example and not skipping:
            kept.append(text)
        if skipping or not text.isalpha() or len(text) <= 2 or text in STOPWORDS or text in GOAL_FILLER:
            continue
        (examples if in_example else topic).append(text)
    return list(dict.fromkeys(topic)), list(dict.fromkeys(examples)), " ".join(kept)


def _example_lead(words: list[str], i: int) -> bool:
    for lead in EXAMPLE_LEADS:
        parts = lead.split()
        if words[i : i + len(parts)] == parts:
            return True
    return False


def _topic_words(goal: str) -> list[str]:
    """Content words of a goal that name its topic (see ``_goal_parts``)."""
    return _goal_parts(goal)[0]


@lru_cache(maxsize=4096)
def _word_forms(word: str) -> frozenset[str]:
    """The stems that pick up ``word``: its own, its feeling family's and its ``RELATED_WORDS`` group's."""
    stems = {stem(word)}
    for group in RELATED_WORDS:
        if word in group or stem(word) in {stem(w) for w in group}:
            stems |= {stem(w) for w in group}
    return frozenset(expand_feelings(stems))


def topic_needed(topic: list[str]) -> int:
    """Topic words a reply must pick up: a third of them, rounded up, and at least one (none for no topic)."""
    return min(len(topic), max(1, math.ceil(len(topic) * TOPIC_SHARE - 1e-9))) if topic else 0


def _check_goal(goal: str, found: dict[str, list[Finding]], reply_words: dict[str, str]) -> GoalCheck:
    goal_words = _tables()[0]
    topic, examples, cue_text = _goal_parts(goal)
    keys = _keys_named(cue_text, goal_words)
    named = {c for key in keys for c in key}
    for verb, key in GOAL_VERB_CUES.items():  # only when the goal names none of the verb's moves itself
        if re.search(rf"\b{verb}\b", cue_text) and not named & set(key.split("|")):
            keys.append(tuple(key.split("|")))
    categories = tuple(dict.fromkeys(c for key in keys for c in key))
    reply_stems = set(reply_words.values())
    hit_topic = [w for w in topic if _word_forms(w) & reply_stems]
    hit_examples = [w for w in examples if _word_forms(w) & reply_stems]
    missing_keys = ["|".join(key) for key in keys if not any(c in found for c in key)]
    topic_ok = len(hit_topic) >= topic_needed(topic) or bool(examples and len(hit_examples) >= topic_needed(examples))
    met = not missing_keys and topic_ok
    evidence = [found[c][0].evidence for c in categories if c in found]
    forms = {s for w in hit_topic + hit_examples for s in _word_forms(w)}
    evidence += [w for w, s in reply_words.items() if s in forms]
    missing = missing_keys + ([] if topic_ok else [f"a mention of {' / '.join(topic)}"])
    return GoalCheck(
        goal,
        "goal",
        "met" if met else "missed",
        categories,
        tuple(dict.fromkeys(evidence)),
        () if met else tuple(missing),
    )


def check_goals(
    goals: tuple[str, ...], avoid: tuple[str, ...], findings: list[Finding], normal: NormalText
) -> list[GoalCheck]:
    """Check a scenario's goals and avoid items against a reply's findings and words."""
    _, avoid_words, checks = _tables()
    found: dict[str, list[Finding]] = {}
    for f in findings:
        found.setdefault(f.category, []).append(f)
    reply_words = {t.text: stem(t.text) for t in normal.tokens if t.text.isalpha()}
    results = [_check_goal(goal, found, reply_words) for goal in goals]
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
