"""The scenario's goals and avoid list as a checklist that points at the words, and broken avoid items as tips.

``wording/goals.py`` decides whether each goal was met and each avoid item kept; this module only says so to the
trainee: it finds the evidence words in the transcript (with the moment they were said), notices when a check
rests on words the recogniser may have misheard (then it says "I may have misheard ..." instead of asserting), and
turns a broken avoid item into a suggestion with a better phrasing from the scenario's model reply. The instructor
wrote these items for this client, so a broken one ranks above a general rubric flag on the same words, which it
replaces (one tip per stretch of words, never two).

The sentences live here rather than in ``messages.py`` because they are built around the instructor's own words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from voice_deesc.asr.base import Transcript
from voice_deesc.feedback.evidence import Phrasing, better_phrasing, quote
from voice_deesc.feedback.messages import FLAG_TEXT, clock
from voice_deesc.feedback.tips import Tip
from voice_deesc.feedback.wording_tips import FLAG_IMPACT, REPLACEMENTS, misheard_text
from voice_deesc.scenarios.model import Scenario
from voice_deesc.textenum import TextEnum
from voice_deesc.wording.rubric import Category, Finding, GoalCheck, Polarity, Wording

__all__ = [
    "AVOID_SOURCE",
    "CheckStatus",
    "ChecklistRow",
    "Evidence",
    "avoid_item_tips",
    "checklist_rows",
    "misheard_note",
    "most_important",
    "spoken_checklist_sentence",
    "with_avoid_tips",
]

AVOID_SOURCE = "avoid"
"""``Tip.source`` of a suggestion about a broken avoid item."""
AVOID_BROKEN_IMPACT = 92
"""A broken avoid item ranks above a command about feelings (90) and below a threat (95) and safety (100): the
instructor named it for this very client (domain.md: what the reply must not do)."""
MAX_EVIDENCE = 3
"""Evidence quotes shown per row: enough to find the words, short enough to read at a glance."""
SPOKEN_ITEM_MAX_WORDS = 16
"""A longer goal or avoid item loses its examples (", such as ...") when spoken, then is cut at its first comma
(the written report keeps it whole); a shorter one is said whole, since what a missed goal lacks is often its
last clause ("..., with him choosing the first step")."""
EXAMPLES = re.compile(r",\s*(?:such as|including|for example|like)\b[^,:;]*")
"""An item's examples: ", such as a house meeting or a locked bin"."""
SPOKEN_CLAUSE_MIN_WORDS = 3
"""...but only when the clause before that comma still says something on its own (and is not an "if ..." clause)."""
SUBORDINATE_OPENERS = ("if ", "when ", "unless ", "while ", "since ", "before ", "after ")
DEFAULT_AVOID_ADVICE = "Stay with what they feel instead"
"""What to do instead when the avoid item was broken by a phrase no rubric category covers (e.g. a promise)."""
DEFAULT_AVOID_REPLACEMENTS = (Category.VALIDATION, Category.REFLECTION)
FLAG_SOURCES = frozenset(c.value for c in FLAG_TEXT)
"""Tip sources that are rubric flags (the only tips an avoid item's tip replaces)."""

MOVE_WORDS = {
    "reflection": "a reflection of what they said",
    "validation": "validating the feeling",
    "open_question": "an open question",
    "closed_question": "a direct question",
    "collaboration": "working on it together",
    "choice_autonomy": "offering a choice",
    "presence": "letting them know you're with them",
    "apology": "an apology",
}
"""What a missed goal still needs, in plain words, for each credit category wording/goals.py may name."""


class CheckStatus(TextEnum):
    MET = "met"
    MISSED = "missed"
    KEPT = "kept"
    BROKEN = "broken"
    UNCHECKED = "not checked"


STATUS_FROM_GOALS = {
    "met": CheckStatus.MET,
    "missed": CheckStatus.MISSED,
    "kept": CheckStatus.KEPT,
    "broken": CheckStatus.BROKEN,
    "unchecked": CheckStatus.UNCHECKED,
}
"""wording/goals.py's status words, as this module's enum."""


@dataclass(frozen=True)
class Evidence:
    """Words of the reply that met a goal or broke an avoid item, found in the transcript."""

    text: str
    """As written in the transcript (or as wording/goals.py gave them, when they could not be found)."""
    start_char: int | None = None
    end_char: int | None = None
    """Where ``text`` sits in ``Transcript.text``; None when it could not be found."""
    start_s: float | None = None
    """When the first of these words was said; None for a typed reply."""
    misheard: bool = False
    """Every one of these words may have been misheard (``Transcript.rests_on_uncertain``)."""
    category: Category | None = None
    """The rubric category of the finding these words are, when they are one."""


@dataclass(frozen=True)
class ChecklistRow:
    """One goal or avoid item of the scenario and what the reply did about it."""

    item: str
    """The instructor's words for the goal or avoid item."""
    kind: str
    """``goal`` or ``avoid``."""
    status: CheckStatus
    evidence: tuple[Evidence, ...]
    """The words that met the goal or broke the item, in the order said, at most ``MAX_EVIDENCE``."""
    missing: tuple[str, ...] = ()
    """What a missed goal still needs, in plain words."""
    misheard: str = ""
    """Words the recogniser may have misheard that this check rests on ('' when it rests on clear words)."""

    @property
    def doubtful(self) -> bool:
        return bool(self.misheard)

    @property
    def label(self) -> str:
        """The row's mark: ``met``, ``missed``, ``kept``, ``broken``, ``not checked``; ``?`` when it may be wrong."""
        return f"{self.status.value}?" if self.doubtful else self.status.value

    def detail(self) -> tuple[str | Evidence, ...]:
        """The row's sentence as text and evidence parts, so each report can mark the evidence its own way."""
        if self.status == CheckStatus.UNCHECKED:
            return ("Not checked automatically: listen back for this one.",)
        if self.status == CheckStatus.KEPT:
            return ("Nothing in the reply went against this.",)
        if self.status == CheckStatus.MISSED:  # a doubt about it is said once for all rows: misheard_note()
            return (f"Still to add: {_joined(self.missing)}.",) if self.missing else ("Not heard in this reply.",)
        if self.doubtful:
            if self.status == CheckStatus.BROKEN:
                return (f"I may have misheard '{self.misheard}', so this does not count against you.",)
            return (f"I may have misheard '{self.misheard}': if you said it, this goal is met.",)
        parts: list[str | Evidence] = ["You said "]
        for i, found in enumerate(self.evidence):
            if i:
                parts.append(" and " if i == len(self.evidence) - 1 else ", ")
            parts += ["'", found, "'"]
            if found.start_s is not None:
                parts.append(f" at {clock(found.start_s)}")
        parts.append(".")
        return tuple(parts)

    def detail_text(self) -> str:
        """:meth:`detail` as plain text."""
        return "".join(p if isinstance(p, str) else p.text for p in self.detail())


def checklist_rows(wording: Wording, transcript: Transcript | None) -> tuple[ChecklistRow, ...]:
    """The scenario's goals, then its avoid items, each with the words that decided it (empty without a scenario).

    Parameters
    ----------
    wording : Wording
        Its ``goals`` (wording/goals.py) and ``findings`` (for the exact place of each evidence phrase).
    transcript : Transcript or None
        Where the evidence words are found, when they were said and whether they may have been misheard.
    """
    stretch = misheard_text(transcript)
    return tuple(_row(check, wording.findings, transcript, stretch) for check in wording.goals)


def misheard_note(rows: Sequence[ChecklistRow]) -> str:
    """One sentence under the checklist when a goal may show as missed only because of misheard words ('' if not)."""
    stretch = next((row.misheard for row in rows if row.status == CheckStatus.MISSED and row.doubtful), "")
    return f"I may have misheard '{stretch}': if you met a goal there, it may show as missed." if stretch else ""


def most_important(rows: Sequence[ChecklistRow]) -> ChecklistRow | None:
    """The row the spoken summary names: a broken avoid item first, then a missed goal, then a met goal as praise.

    An avoid item that may only seem broken because of misheard words comes after the missed goals, and a doubtful
    row after the sure ones of its kind.
    """
    ranked = sorted((row for row in rows if _rank(row) is not None), key=lambda row: _rank(row) or 0)
    return ranked[0] if ranked else None


def _rank(row: ChecklistRow) -> int | None:
    """Lower is more important; None for a row the summary never names (kept, not checked)."""
    if row.status == CheckStatus.BROKEN:
        return 3 if row.doubtful else 0
    if row.status == CheckStatus.MISSED:
        return 2 if row.doubtful else 1
    if row.status == CheckStatus.MET:
        return 5 if row.doubtful else 4
    return None


def spoken_checklist_sentence(row: ChecklistRow) -> str:
    """One short sentence naming ``row`` for the spoken summary (domain.md: specific, kind, brief)."""
    item = spoken_item(row.item)
    if row.status == CheckStatus.BROKEN:
        if row.doubtful:
            return f"I may have misheard you, but this scenario asks you to avoid {item}."
        said = row.evidence[0].text if row.evidence else ""
        heard = f", and I heard: {said}" if said else ""
        return f"This scenario asks you to avoid {item}{heard}."
    if row.status == CheckStatus.MISSED:
        unless = ", unless I misheard you" if row.doubtful else ""
        return f"A goal to work on{unless}: {item}."
    if row.status == CheckStatus.MET and not row.doubtful:
        return f"You met a goal of this scenario: {item}."
    return ""


def spoken_item(item: str) -> str:
    """A goal or avoid item as said mid-sentence: first letter lowered, a long one without its examples and cut
    at its first comma if still long."""
    text = " ".join(item.strip().rstrip(".").split())
    if len(text.split()) > SPOKEN_ITEM_MAX_WORDS:
        text = EXAMPLES.sub("", text)
    if len(text.split()) > SPOKEN_ITEM_MAX_WORDS and "," in text:
        clause = text.split(",", 1)[0]
        if len(clause.split()) >= SPOKEN_CLAUSE_MIN_WORDS and not clause.lower().startswith(SUBORDINATE_OPENERS):
            text = clause
    return _mid_sentence(text)


def _mid_sentence(text: str) -> str:
    """'Telling him ...' -> 'telling him ...' (an acronym or a lone capital stays as written)."""
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def avoid_item_tips(
    rows: Sequence[ChecklistRow],
    scenario: Scenario | None,
    phrasings: Sequence[Phrasing] = (),
    *,
    text: str = "",
    offered: Sequence[str] = (),
) -> list[Tip]:
    """One suggestion per broken avoid item resting on clearly heard words, with a better phrasing to try.

    A broken item that rests only on words the recogniser may have misheard gets no tip: its checklist row says
    "I may have misheard ...", and a flag on those words already says so among the suggestions. ``text`` (the
    transcript) lets the quote run to the end of its clause; a phrasing in ``offered`` (other tips' "try") is
    offered again only when no other phrasing fits, since the assessment keeps one tip per phrasing.
    """
    tips: list[Tip] = []
    for row in rows:
        if row.kind != "avoid" or row.status != CheckStatus.BROKEN or row.doubtful or not row.evidence:
            continue
        said = next((e for e in row.evidence if not e.misheard), row.evidence[0])
        if said.start_char is not None and any(_overlap(said, tip) for tip in tips):
            continue  # two items broken by the same words: one tip about them is enough
        category = said.category
        replacements = DEFAULT_AVOID_REPLACEMENTS if category is None else REPLACEMENTS.get(category, ())
        taken = {phrase.casefold() for phrase in offered} | {tip.try_phrase.casefold() for tip in tips}
        try_phrase = _fresh_phrasing(replacements or DEFAULT_AVOID_REPLACEMENTS, scenario, phrasings, taken)
        advice = FLAG_TEXT[category][1] if category in FLAG_TEXT else DEFAULT_AVOID_ADVICE
        item = _mid_sentence(" ".join(row.item.strip().rstrip(".").split()))
        moment = f"At {clock(said.start_s)} you said" if said.start_s is not None else "You said"
        quoted = quote(text, said.start_char, said.end_char, said.text)
        written = f"{moment} '{quoted}', which this scenario asks you to avoid ({item}). {advice}; try: '{try_phrase}'"
        short = spoken_item(row.item)
        spoken = f"This scenario asks you to avoid {short}. Instead of saying: {said.text}, try: {try_phrase}"
        impact = max(AVOID_BROKEN_IMPACT, FLAG_IMPACT.get(category, 0) if category is not None else 0)
        start, end = said.start_char, said.end_char
        tips.append(Tip(AVOID_SOURCE, written, spoken, impact, said.text, said.start_s, None, start, end, try_phrase))
    return tips


def with_avoid_tips(
    suggestions: Sequence[Tip],
    wording: Wording,
    transcript: Transcript | None,
    scenario: Scenario | None,
    phrasings: Sequence[Phrasing] = (),
) -> list[Tip]:
    """``suggestions`` plus a tip per broken avoid item (:func:`avoid_item_tips`), unranked.

    A rubric flag's tip on the same words is dropped: the avoid item's tip says the same and names the
    instructor's item, and two tips about one phrase would crowd out a different thing to try.
    """
    rows = checklist_rows(wording, transcript)
    text = transcript.text if transcript is not None else ""
    covered = [e for tip in avoid_item_tips(rows, scenario, phrasings, text=text) for e in _words_of(tip)]
    kept = [tip for tip in suggestions if tip.source not in FLAG_SOURCES or not any(_overlap(e, tip) for e in covered)]
    # keep the phrasing of a flag on other words (a second problem); a generic missing move may share ours
    offered = [tip.try_phrase for tip in kept if tip.try_phrase and tip.source in FLAG_SOURCES]
    return kept + avoid_item_tips(rows, scenario, phrasings, text=text, offered=offered)


def _words_of(tip: Tip) -> list[Evidence]:
    return [Evidence(tip.evidence, tip.start_char, tip.end_char)]


def _fresh_phrasing(
    categories: Sequence[Category], scenario: Scenario | None, phrasings: Sequence[Phrasing], taken: set[str]
) -> str:
    """A phrasing for the first of ``categories`` that no other tip offers yet (the model reply's, then the
    rubric's), else for the next category; the model reply's first choice when every one is taken."""
    candidates = [better_phrasing((c,), scenario, source) for c in categories for source in (phrasings, ())]
    return next((p for p in candidates if p.casefold() not in taken), candidates[0])


def _overlap(said: Evidence, tip: Tip) -> bool:
    """Whether the evidence and the tip's words share a character."""
    a, b, c, d = said.start_char, said.end_char, tip.start_char, tip.end_char
    return a is not None and b is not None and c is not None and d is not None and a < d and c < b


def _row(check: GoalCheck, findings: Sequence[Finding], transcript: Transcript | None, stretch: str) -> ChecklistRow:
    status = STATUS_FROM_GOALS.get(check.status, CheckStatus.UNCHECKED)
    evidence = _located(check, findings, transcript)
    misheard = ""
    if status in (CheckStatus.MET, CheckStatus.BROKEN) and evidence and all(e.misheard for e in evidence):
        misheard = evidence[0].text
    elif status == CheckStatus.MISSED:
        misheard = stretch
    missing = tuple(_plain_need(need) for need in check.missing)
    return ChecklistRow(check.text, check.kind, status, evidence[:MAX_EVIDENCE], missing, misheard)


def _located(check: GoalCheck, findings: Sequence[Finding], transcript: Transcript | None) -> tuple[Evidence, ...]:
    """The check's evidence found in the transcript, in the order said; words inside an earlier quote are dropped."""
    found: list[Evidence] = []
    for phrase in check.evidence:
        here = _locate(phrase, check, findings, transcript)
        inside = here.start_char is not None and any(
            e.start_char is not None
            and e.end_char is not None
            and here.end_char is not None
            and e.start_char <= here.start_char
            and here.end_char <= e.end_char
            for e in found
        )
        if not inside and all(e.text.casefold() != here.text.casefold() for e in found):
            found.append(here)
    return tuple(sorted(found, key=lambda e: (e.start_char is None, e.start_char or 0)))


def _locate(phrase: str, check: GoalCheck, findings: Sequence[Finding], transcript: Transcript | None) -> Evidence:
    """Where ``phrase`` was said: the finding that is these words, else their first whole-word occurrence."""
    for f in findings:
        if f.evidence == phrase and f.category.value in check.categories:
            category = f.category if f.polarity == Polarity.FLAG else None
            return _evidence(f.start_char, f.end_char, transcript, phrase, category, f.start_s)
    text = transcript.text if transcript is not None else ""
    match = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, flags=re.IGNORECASE) if phrase else None
    if match is None:
        return Evidence(phrase)
    return _evidence(match.start(), match.end(), transcript, match.group(0), None, None)


def _evidence(
    start: int,
    end: int,
    transcript: Transcript | None,
    phrase: str,
    category: Category | None,
    start_s: float | None,
) -> Evidence:
    if transcript is None or not 0 <= start < end <= len(transcript.text):
        return Evidence(phrase, category=category)
    if not transcript.has_word_timings:
        start_s = None
    elif start_s is None:
        spans = zip(transcript.words, transcript.word_spans(), strict=True)
        start_s = next((w.start_s for w, (a, b) in spans if a < end and start < b), None)
    misheard = transcript.rests_on_uncertain(start, end)
    return Evidence(transcript.text[start:end], start, end, start_s, misheard, category)


def _plain_need(need: str) -> str:
    """``choice_autonomy`` -> 'offering a choice'; 'reflection|validation' -> 'a reflection ... or validating ...';
    'a mention of fear / shelter' -> 'a mention of fear or shelter'."""
    keys = need.split("|")
    if all(key in MOVE_WORDS for key in keys):
        return " or ".join(dict.fromkeys(MOVE_WORDS[key] for key in keys))
    head, _, words = need.rpartition(" of ")
    topic = [w.strip() for w in words.split(" / ")]
    if head and len(topic) > 1:
        return f"{head} of {', '.join(topic[:-1])} or {topic[-1]}"
    return need


def _joined(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
