"""Write the wording TRAINING data (never test data) from the hand-written seeds, reproducibly.

    python scripts/make_wording_training.py            # writes tests/data/training/*.jsonl

The seeds (tests/data/training/seeds.toml) are invented client situations and rubric phrasings written for this
project. They are expanded compositionally — templates × slots × situations × spoken styles (lowercase without
punctuation as a recogniser gives it, fillers, spelled-out contractions) — with a fixed seed, so the same files come
out every time. Two files:

- ``reflection_pairs.jsonl``: ``client``, ``clause``, ``reflects`` (1/0), ``kind`` and ``situation`` (for grouped
  cross-validation). Negatives are on-topic replies that do something else (advice, questions, own story, generic
  sympathy, topic words without a restatement, judgments, other credit moves) and reflections of a *different*
  client's situation, so the head must compare the clause with this client rather than spot a frame.
- ``category_sentences.jsonl``: ``text``, ``labels`` (rubric categories, empty for neutral talk) and ``template``.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SEED = 20261202
OUT_DIR = Path(__file__).resolve().parents[1] / "tests" / "data" / "training"
SEEDS_PATH = OUT_DIR / "seeds.toml"
REFLECTION_SEEDS_PATH = OUT_DIR / "reflection_seeds.toml"
EXTRA_SEED = SEED + 1
"""The reflection-only seeds draw from their own generator, so adding them leaves every row written from seeds.toml
(and so the category head's training data) exactly as it was."""
EXTRA_POSITIVES_PER_CLIENT = 8
"""Positives per client line from the extra frames (old situations) or from all frames (new situations)."""
ROUNDS = 3
"""Passes over every situation and client line; each pass draws new slots and styles."""
POSITIVES_PER_CLIENT = 12
MISMATCHED_PER_CLIENT = 4
NEGATIVES_PER_KIND = 2
NEGATIVES_PER_KIND_WITH_YOU = {"advice": 4, "judgment": 3, "generic_you": 3}
"""Second-person moves that are not reflections ("you need to ...", "you're overreacting") share the reflection's
"you" and the client's topic, so the head sees more of them."""
FILLS_PER_TEMPLATE = 16
FILLS_PER_FIXED_TEMPLATE = 10
"""A template without slots still varies by style and by who is addressed."""
with open(SEEDS_PATH, "rb") as _handle:
    SEEDS = tomllib.load(_handle)
SITUATIONS: list[dict] = SEEDS["situation"]
REFLECTION_FRAMES: list[str] = SEEDS["reflection_frames"]
NON_REFLECTION: dict[str, list[str]] = SEEDS["non_reflection"]
CATEGORY_TEMPLATES: dict[str, list[str]] = {"reflection": REFLECTION_FRAMES, **SEEDS["categories"]}
MULTI_TEMPLATES: list[tuple[str, tuple[str, ...]]] = [(m["text"], tuple(m["labels"])) for m in SEEDS["multi"]]
NEUTRAL: list[str] = SEEDS["neutral"]
FILLERS: list[str] = SEEDS["fillers"]
VOCATIVES: list[str] = SEEDS["vocatives"]
FEELINGS_EXTRA: list[str] = SEEDS["feelings_extra"]
with open(REFLECTION_SEEDS_PATH, "rb") as _handle:
    EXTRA = tomllib.load(_handle)
EXTRA_SITUATIONS: list[dict] = EXTRA["situation"]
EXTRA_FRAMES: list[str] = EXTRA["frames"]
EXTRA_NEGATIVES: dict[str, list[str]] = EXTRA["negatives"]
_CONTRACTIONS = {
    "you're": "you are",
    "it's": "it is",
    "I'm": "I am",
    "don't": "do not",
    "that's": "that is",
    "can't": "cannot",
    "didn't": "did not",
    "I'd": "I would",
    "we'll": "we will",
    "let's": "let us",
    "you've": "you have",
    "I've": "I have",
    "won't": "will not",
    "what's": "what is",
    "you'll": "you will",
}


def fill(template: str, situation: dict, rng: random.Random, *, simple_feel: bool = False) -> str:
    """Fill a template's slots from one situation (``simple_feel`` draws one-word feelings for generic frames)."""
    hind_inf, hind_pp = rng.choice(situation["hind"])
    feelings = situation["feel"]
    if simple_feel:
        feelings = [f for f in feelings if " " not in f] + FEELINGS_EXTRA
    slots = {
        "content": rng.choice(situation["content"]),
        "feel": rng.choice(feelings),
        "topic": rng.choice(situation["topic"]),
        "echo": rng.choice(situation["echo"]),
        "advice": rng.choice(situation["advice"]),
        "ask": rng.choice(situation["ask"]),
        "check": rng.choice(situation["check"]),
        "hind_inf": hind_inf,
        "hind_pp": hind_pp,
    }
    return template.format(**slots)


def styled(text: str, rng: random.Random) -> str:
    """One spoken or written rendering of a sentence: as typed, as a recogniser gives it, or with a filler."""
    choice = rng.random()
    if rng.random() < 0.3:
        for short, full in _CONTRACTIONS.items():
            text = re.sub(rf"\b{re.escape(short)}\b", full, text)
    if rng.random() < 0.25:
        text = f"{rng.choice(FILLERS)}, {text}"
    if choice < 0.45:  # recogniser style: lowercase, no punctuation
        return re.sub(r"\s+", " ", re.sub(r"[^\w\s']", " ", text.lower())).strip()
    text = text[0].upper() + text[1:]
    if choice < 0.9 and text[-1] not in ".?!":
        text += "."
    return text


def reflection_pairs(rng: random.Random) -> list[dict]:
    """Pairs (client, clause, reflects?) over every situation, with same-topic and other-client negatives."""
    rows: list[dict] = []
    for _ in range(ROUNDS):
        for index, situation in enumerate(SITUATIONS):
            others = [s for j, s in enumerate(SITUATIONS) if j != index]
            for client in situation["client"]:
                rows += _client_pairs(
                    client, index, situation, others, REFLECTION_FRAMES, NON_REFLECTION, POSITIVES_PER_CLIENT, rng
                )
    return _dedupe(rows, ("client", "clause"))


def extra_reflection_pairs(rng: random.Random) -> list[dict]:
    """Pairs from reflection_seeds.toml: its frames and negatives on every situation, and its new situations with
    every frame and negative kind. Situation numbers continue after seeds.toml's, for grouped cross-validation."""
    situations = SITUATIONS + EXTRA_SITUATIONS
    negatives = {**NON_REFLECTION, **EXTRA_NEGATIVES}
    rows: list[dict] = []
    for _ in range(ROUNDS):
        for index, situation in enumerate(situations):
            new = index >= len(SITUATIONS)
            frames = REFLECTION_FRAMES + EXTRA_FRAMES if new else EXTRA_FRAMES
            kinds = negatives if new else EXTRA_NEGATIVES
            others = [s for j, s in enumerate(situations) if j != index]
            for client in situation["client"]:
                rows += _client_pairs(client, index, situation, others, frames, kinds, EXTRA_POSITIVES_PER_CLIENT, rng)
    return rows


def _client_pairs(
    client: str,
    index: int,
    situation: dict,
    others: list[dict],
    frames: list[str],
    kinds: dict[str, list[str]],
    positives: int,
    rng: random.Random,
) -> list[dict]:
    """One client line's pairs: ``positives`` reflections of it, negatives of every kind on the same topic, and
    reflections of other clients."""
    client_text = client if rng.random() < 0.7 else styled(client, rng)
    rows = [
        _pair(client_text, styled(fill(frame, situation, rng), rng), 1, "reflection", index)
        for frame in rng.sample(frames, positives)
    ]
    for kind, templates in kinds.items():
        count = NEGATIVES_PER_KIND_WITH_YOU.get(kind, NEGATIVES_PER_KIND)
        for template in rng.sample(templates, min(count, len(templates))):
            clause = styled(fill(template, situation, rng, simple_feel=True), rng)
            rows.append(_pair(client_text, clause, 0, kind, index))
    for frame in rng.sample(frames, MISMATCHED_PER_CLIENT):
        clause = styled(fill(frame, rng.choice(others), rng), rng)
        rows.append(_pair(client_text, clause, 0, "other_client", index))
    return rows


def _pair(client: str, clause: str, reflects: int, kind: str, situation: int) -> dict:
    return {"client": client, "clause": clause, "reflects": reflects, "kind": kind, "situation": situation}


def category_sentences(rng: random.Random) -> list[dict]:
    """Sentences with their rubric categories: single-label templates, double-label ones and neutral talk."""
    labelled: list[tuple[str, str, tuple[str, ...]]] = []
    for category, templates in CATEGORY_TEMPLATES.items():
        for number, template in enumerate(templates):
            labelled.append((f"{category}:{number}", template, (category,)))
    labelled += [(f"multi:{n}", template, labels) for n, (template, labels) in enumerate(MULTI_TEMPLATES)]
    labelled += [(f"neutral:{n}", template, ()) for n, template in enumerate(NEUTRAL)]
    multi = {template: labels for template, labels in MULTI_TEMPLATES}
    rows: list[dict] = []
    for template_id, template, labels in labelled:
        labels = multi.get(template, labels)  # a single-label template that the conventions label twice
        fills = FILLS_PER_TEMPLATE if "{" in template else FILLS_PER_FIXED_TEMPLATE
        for _ in range(fills):
            text = fill(template, rng.choice(SITUATIONS), rng, simple_feel=True)
            if rng.random() < 0.25 and not text.endswith("?"):
                text = f"{text}, {rng.choice(VOCATIVES)}"
            text = styled(text, rng)
            rows.append({"text": text, "labels": sorted(labels), "template": template_id})
    return _dedupe(rows, ("text",))


def _dedupe(rows: list[dict], keys: tuple[str, ...]) -> list[dict]:
    seen: set[tuple[str, ...]] = set()
    unique = []
    for row in rows:
        key = tuple(row[k].lower() for k in keys)
        if key not in seen:
            seen.add(key)
            unique.append(row)
    return unique


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    rng = random.Random(SEED)
    pairs = reflection_pairs(rng)
    sentences = category_sentences(rng)
    pairs = _dedupe(pairs + extra_reflection_pairs(random.Random(EXTRA_SEED)), ("client", "clause"))
    write_jsonl(OUT_DIR / "reflection_pairs.jsonl", pairs)
    write_jsonl(OUT_DIR / "category_sentences.jsonl", sentences)
    positives = sum(p["reflects"] for p in pairs)
    print(f"reflection_pairs.jsonl: {len(pairs)} pairs ({positives} reflect, {len(pairs) - positives} do not)")
    print(f"category_sentences.jsonl: {len(sentences)} sentences")


if __name__ == "__main__":
    main()
