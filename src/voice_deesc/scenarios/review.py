"""Advice on a pack that loads but could serve practice better (``voice-deesc scenarios validate``).

Errors (the pack cannot be used) come from ``scenarios.parse.load_scenario``; this module only advises, naming the
field and the fix: a statement too long to follow when spoken, digits and abbreviations text-to-speech reads
badly, key content the client never said, template text left in, a model reply with flagged phrasing.
"""

from __future__ import annotations

import re

from voice_deesc.scenarios.model import REQUIRED_LISTS, REQUIRED_TEXT, Scenario

# Advice bounds (domain.md: client statements are spoken aloud; replies "concise").
STATEMENT_SENTENCES = (2, 5)
STATEMENT_MAX_WORDS = 90
REPLY_SENTENCES = (2, 5)
LIST_ADVICE_BOUNDS = {"feelings": (2, 5), "key_content": (2, 5), "goals": (2, 4), "avoid": (2, 4)}
FLAG_CATEGORIES = frozenset(
    (
        "why_question",
        "command_feelings",
        "judgment_blame",
        "labeling",
        "minimizing",
        "threat_ultimatum",
        "premature_advice",
        "arguing",
        "avoidance",
        "sarcasm_profanity",
    )
)
"""The flagged rubric categories of domain.md; a model reply must earn none of them."""
_TTS_UNFRIENDLY = re.compile(r"\d+|[%&/#@*+=<>~^|_\\\[\]{}$]|\b[A-Z]{2,}\b")
_TEMPLATE_MARK = "TODO"


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def _stems(text: str) -> set[str]:
    import snowballstemmer

    words = re.findall(r"[a-z]+", text.lower().replace("'", ""))
    return {w for w in snowballstemmer.stemmer("english").stemWords(words) if len(w) > 2}


def review_scenario(scenario: Scenario) -> list[str]:
    """Advice for a pack that loads but could serve practice better; each item names the field and the fix.

    Checks the spoken statement (length, digits and symbols text-to-speech reads badly), list sizes,
    that key content comes from the statement, leftover template text, and that the model reply is
    2-5 sentences and earns no flagged rubric category (domain.md "Wording rubric").
    """
    advice: list[str] = []
    statement = scenario.client_statement
    n = len(_sentences(statement))
    low, high = STATEMENT_SENTENCES
    if not low <= n <= high or len(statement.split()) > STATEMENT_MAX_WORDS:
        advice.append(
            f"field 'client_statement' is {n} sentences and {len(statement.split())} words; "
            f"{low}-{high} sentences under {STATEMENT_MAX_WORDS} words are easier to follow when spoken"
        )
    odd = sorted(set(_TTS_UNFRIENDLY.findall(statement)) - {_TEMPLATE_MARK})
    if odd:
        advice.append(
            f"field 'client_statement' contains {', '.join(repr(o) for o in odd)}; spell numbers, symbols and "
            "abbreviations out as words so text-to-speech reads them naturally"
        )
    for key, (low, high) in LIST_ADVICE_BOUNDS.items():
        items = getattr(scenario, key)
        if not low <= len(items) <= high:
            advice.append(f"field '{key}' has {len(items)} items; {low}-{high} keep the feedback focused")
    wordy = [f for f in scenario.feelings if len(f.split()) > 2]
    if wordy:
        advice.append(f"field 'feelings' has {wordy[0]!r}; use plain feeling words such as 'scared' or 'ashamed'")
    statement_stems = _stems(statement)
    for phrase in scenario.key_content:
        if not _stems(phrase) & statement_stems:
            advice.append(
                f"field 'key_content' item {phrase!r} shares no word with the client statement; "
                "use the client's own words so a reply that picks them up gets credit"
            )
    unfinished = [
        key
        for key in (*REQUIRED_TEXT, *REQUIRED_LISTS)
        if _TEMPLATE_MARK in (v if isinstance(v := getattr(scenario, key), str) else " ".join(v))
    ]
    if unfinished:
        advice.append(
            f"fields {', '.join(repr(k) for k in unfinished)} still hold template text ({_TEMPLATE_MARK}); "
            "replace it with your own"
        )
    low, high = REPLY_SENTENCES
    n = len(_sentences(scenario.model_reply))
    if not low <= n <= high:
        advice.append(f"field 'model_reply' is {n} sentences; {low}-{high} keep it concise")
    flagged = _flagged_phrases(scenario)
    if flagged:
        advice.append(
            f"field 'model_reply' uses {', '.join(flagged)}, which the wording rubric flags; "
            "rephrase it, since trainees are told to try this reply"
        )
    from voice_deesc.scenarios.conversation_checks import review_settle_path

    advice += review_settle_path(scenario)
    return advice


def _flagged_phrases(scenario: Scenario) -> list[str]:
    """Flagged rubric findings in the model reply, as "'words' (category)"."""
    from voice_deesc.asr.base import Transcript
    from voice_deesc.wording.analyse import analyse_wording

    wording = analyse_wording(Transcript.from_text(scenario.model_reply), scenario)
    return [f"'{f.evidence}' ({f.category.value})" for f in wording.findings if f.category in FLAG_CATEGORIES]
