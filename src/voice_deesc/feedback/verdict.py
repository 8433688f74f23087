"""The overall verdict: did the reply answer this client, did it escalate, did it listen and guide, was it calm?

domain.md ("What an instructor's verdict means") asks three questions in order, and this module asks them too.
Every point of the overall score is a :class:`VerdictStep`; the steps add up to the score exactly.

Score
-----
1. ``BASE_POINTS`` (a reply that does no harm).
2. Listening moves made *for this client* (:class:`Move`), each counted once: ``MOVE_POINTS``. A reflection is
   "this client's" when its sentence holds a content word of the client's statement or the scenario's key content
   (a feeling word alone, "you're upset", is a reflection in general terms: the rubric's "good but generic" has
   nothing of the client's own words), and without a content word it still needs a feeling word or a reflecting
   frame ("it sounds like…", ``REFLECTING_FRAME``): "maybe you just forgot where you put it" is no reflection.
   Each further word of theirs, content or feeling (the scenario's feelings and their families), adds
   ``SPECIFIC_WORD_POINTS`` (at most ``SPECIFIC_MAX_POINTS``): specific beats generic.
   A reflection in a sentence that also threatens, labels, blames, mocks or orders a feeling
   (``VOIDS_REFLECTION``) does not count, nor one in a sentence built on "if" (it says what would be, not what is:
   "if your job mattered less than your recovery, you'd have been here on time").
   An open question, a choice or an offer to work together counts when its sentence is about the client (their
   words, or what they need, feel or want to talk about); the first of these adds ``MOVE_POINTS``, each other kind
   ``EXTRA_GUIDE_POINTS``. Where the scenario is safety-critical, asking directly about suicide is a move.
   Each of the scenario's own goals met (wording/goals.py: the moves it names *and* its key content) adds
   ``GOAL_POINTS``: the instructor's specific asks for this client.
3. Escalators (:class:`Escalator`): threat, label, sarcasm, blame, a command about feelings or voice, minimising,
   arguing, withdrawing, and a broken item of the scenario's own avoid list; each kind costs
   ``ESCALATOR_POINTS`` once and ``REPEAT_POINTS`` for each further one. Premature advice and "why" questions cost
   ``DETOUR_POINTS`` (they slow a reply down without escalating it). Flags on words the recogniser may have
   misheard cost nothing.
4. The wording part is held to 0-100, and the word caps below applied.
5. Delivery, for a spoken reply: a calm score below ``CALM_FULL`` loses ``DELIVERY_WEIGHT`` points per calm point
   short, and each measure flagged as rushed or strained (``AROUSAL_MEASURES`` flagged above calm) costs
   ``TENSE_FLAG_POINTS``. Applied after the word caps so a tense delivery always costs, even a capped reply. A calm
   voice adds nothing: it cannot rescue escalating words.

Band rules (caps, each a step; then ``BAND_FLOORS``: 75 proficient, 50 developing)
-----------------------------------------------------------------------------------
- No listening move for this client (off-topic, empty, generic filler): "needs work", at most ``NO_MOVE_CAP``,
  whatever the tone.
- A threat, a label or sarcasm, or a suicidal hint not asked about: "needs work" (at most ``NEEDS_WORK_CAP``).
- Any other escalator (blame, an order to calm down, minimising, arguing, withdrawing, a broken avoid item):
  below "proficient" (at most ``BELOW_PROFICIENT_CAP``).
- "Proficient" also needs the core listening moves -- this client's own words reflected, and two of:
  validation (or an apology), presence, an invitation/choice/offer to work together, the safety ask -- and, when
  spoken, a calm delivery (calm score at least ``CALM_MIN`` and no measure flagged as rushed or strained).
The numbers were chosen on the training half of tests/data/graded (see its README) and checked on the test half
with scripts/judgment_report.py.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from functools import lru_cache

from voice_deesc.delivery.verdicts import CalmScore, Direction, Measure, MeasureVerdict
from voice_deesc.delivery.verdicts import Verdict as Judged
from voice_deesc.feedback.safety import SafetyCheck
from voice_deesc.feedback.verdict_record import (
    BAND_FLOORS,
    Band,
    Escalator,
    EscalatorFound,
    Move,
    MoveMade,
    StepKind,
    Verdict,
    VerdictStep,
)
from voice_deesc.scenarios.model import Scenario
from voice_deesc.wording.reflection import STOPWORDS, client_targets, feeling_families, stem
from voice_deesc.wording.rubric import Category, Finding, GoalCheck, Wording
from voice_deesc.wording.text import word_set

C = Category
__all__ = [
    "BAND_FLOORS",
    "Band",
    "Escalator",
    "EscalatorFound",
    "Move",
    "MoveMade",
    "StepKind",
    "Verdict",
    "VerdictStep",
    "band_for",
    "decide",
]


BASE_POINTS = 40
MOVE_POINTS = {
    Move.REFLECTED: 20,
    Move.REFLECTED_GENERIC: 10,
    Move.VALIDATED: 16,
    Move.APOLOGISED: 6,
    Move.PRESENCE: 8,
    Move.ASKED_ABOUT_SAFETY: 15,
}
GUIDE_MOVES = (Move.INVITED, Move.OFFERED_CHOICE, Move.TOGETHER)
GUIDE_POINTS = 16
"""The first way of inviting the client forward (open question, choice, working together)."""
EXTRA_GUIDE_POINTS = 4
MIN_CLIENT_WORDS_UNADDRESSED = 2
"""Client words a reflection needs when it does not address the client ("eleven months, and the voucher gone")."""
SPECIFIC_WORD_POINTS = 3
SPECIFIC_MAX_POINTS = 12
GOAL_POINTS = 4
"""Each of the scenario's own goals met (wording/goals.py: its moves *and* its key content): the instructor's
specific asks, on top of the moves they share with every scenario."""
ESCALATOR_POINTS = {
    Escalator.THREAT: 30,
    Escalator.LABEL: 25,
    Escalator.SARCASM: 20,
    Escalator.BLAME: 20,
    Escalator.COMMAND: 20,
    Escalator.MINIMISING: 15,
    Escalator.ARGUING: 15,
    Escalator.WITHDRAWING: 15,
    Escalator.AVOID_ITEM: 10,
}
REPEAT_POINTS = 5
DETOUR_POINTS = {C.PREMATURE_ADVICE: 8, C.WHY_QUESTION: 6}
CALM_FULL = 85
"""Calm scores at or above this cost nothing."""
DELIVERY_WEIGHT = 0.5
CALM_MIN = 70
"""A calm delivery for the band rule: domain.md's calibration target for calm speech."""
TENSE_FLAG_POINTS = 10
"""Each measure flagged as rushed or strained (one "raised voice" step of domain.md) costs this much."""
AROUSAL_MEASURES = frozenset(
    {
        Measure.RATE,
        Measure.RATE_VS_BASELINE,
        Measure.EFFORT,
        Measure.EFFORT_VS_BASELINE,
        Measure.LOUDNESS_VS_BASELINE,
        Measure.PITCH_LEVEL,
        Measure.PITCH_VS_BASELINE,
        Measure.STEADINESS,
    }
)
"""Measures whose flag "above calm" means rushed or strained: the calm score can stay high while one of them is
flagged (a reply at 240 words/min scored calm 90 against its own-voice baseline), so each counts on its own."""
NO_MOVE_CAP = 20
NEEDS_WORK_CAP = 49
BELOW_PROFICIENT_CAP = 74
HARMFUL = frozenset({Escalator.THREAT, Escalator.LABEL, Escalator.SARCASM})
"""Escalators that make a reply "needs work" on their own (domain.md: "a threat or a label makes it needs work")."""
CATEGORY_ESCALATOR = {
    C.THREAT_ULTIMATUM: Escalator.THREAT,
    C.LABELING: Escalator.LABEL,
    C.SARCASM_PROFANITY: Escalator.SARCASM,
    C.JUDGMENT_BLAME: Escalator.BLAME,
    C.COMMAND_FEELINGS: Escalator.COMMAND,
    C.MINIMIZING: Escalator.MINIMISING,
    C.ARGUING: Escalator.ARGUING,
    C.AVOIDANCE: Escalator.WITHDRAWING,
}
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
DISCOURSE_LEAD = word_set("""so okay ok well and but now yeah oh look honestly""")
SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)")
WORD = re.compile(r"[a-z']+")


def band_for(score: int) -> Band:
    return next(band for floor, band in BAND_FLOORS if score >= floor)


def answered_client(moves: Collection[Move]) -> bool:
    """Any listening move for this client; presence alone ("I'm here") is filler without one."""
    return bool(set(moves) - {Move.PRESENCE})


def has_core_moves(moves: Collection[Move]) -> bool:
    """This client reflected, and two of: validation or apology, presence, a way forward, the safety ask."""
    made = set(moves)
    others = [
        bool(made & {Move.VALIDATED, Move.APOLOGISED}),
        Move.PRESENCE in made,
        bool(made & set(GUIDE_MOVES)),
        Move.ASKED_ABOUT_SAFETY in made,
    ]
    return Move.REFLECTED in made and sum(others) >= 2


def decide(
    wording: Wording,
    calm: CalmScore | None,
    scenario: Scenario | None,
    *,
    text: str,
    safety: SafetyCheck | None = None,
    ignored: Collection[int] = (),
) -> Verdict:
    """The overall score, its band and every step that made them (rules in the module docstring).

    Parameters
    ----------
    wording : Wording
        The reply's findings and the scenario's goal checks.
    calm : CalmScore or None
        Delivery; None for a typed reply.
    scenario : Scenario or None
        Supplies the client's words, feelings and key content, and whether the safety ask is needed.
    text : str, keyword-only
        The reply as analysed (the findings' character spans point into it).
    safety : SafetyCheck, optional
        The safety check for safety-critical scenarios.
    ignored : collection of int
        Indices of flagged findings resting on words the recogniser may have misheard: they cost nothing.

    Returns
    -------
    Verdict
    """
    text = text or _text_from(wording.findings)
    sentences = _sentences(text)
    escalators = _escalators(wording, ignored)
    flagged_sentences = {
        _sentence_of(sentences, f.start_char)
        for i, f in enumerate(wording.findings)
        if i not in ignored and f.category in VOIDS_REFLECTION
    } | {span for span in sentences if _hypothetical(text[span[0] : span[1]])}
    moves = _moves(wording.findings, scenario, text, sentences, flagged_sentences)
    if safety is not None and safety.asked:
        moves.append(MoveMade(Move.ASKED_ABOUT_SAFETY, safety.evidence))
    steps = [VerdictStep(StepKind.BASE, BASE_POINTS, "a reply that does no harm")]
    steps += _move_steps(moves)
    steps += [VerdictStep(StepKind.GOAL, GOAL_POINTS, f"goal met: '{g.text}'") for g in _goals_met(wording)]
    steps += _escalator_steps(escalators)
    for f in _first_of_each(wording.findings, DETOUR_POINTS, ignored):
        name = f.category.value.replace("_", " ")
        steps.append(VerdictStep(StepKind.DETOUR, -DETOUR_POINTS[f.category], f"{name}: '{f.evidence}'"))
    steps += _held(sum(s.points for s in steps), 0, 100, "the wording part")
    made = {m.move for m in moves}
    kinds = {e.escalator for e in escalators}
    for cap, applies, reason in (
        (NO_MOVE_CAP, not answered_client(made), "no listening move for this client"),
        (NEEDS_WORK_CAP, bool(kinds & HARMFUL), "a threat, a label or sarcasm"),
        (NEEDS_WORK_CAP, safety is not None and not safety.asked, "the suicidal hint was not asked about"),
        (BELOW_PROFICIENT_CAP, bool(kinds), "an escalator"),
        (BELOW_PROFICIENT_CAP, not has_core_moves(made), "core listening moves for this client missing"),
    ):
        if applies:
            steps += _held(sum(s.points for s in steps), 0, cap, reason, kind=StepKind.CAP)
    calm_delivery = None
    if calm is not None:
        tense = tense_flags(calm)
        calm_delivery = calm.score >= CALM_MIN and not tense
        steps += _delivery_steps(calm.score, tense)
        if not calm_delivery:
            reason = f"delivery not calm (calm score {calm.score}, {len(tense)} measure(s) flagged above calm)"
            steps += _held(sum(s.points for s in steps), 0, BELOW_PROFICIENT_CAP, reason, kind=StepKind.CAP)
    steps += _held(sum(s.points for s in steps), 0, 100, "the overall score")
    overall = sum(s.points for s in steps)
    return Verdict(tuple(moves), tuple(escalators), calm_delivery, tuple(steps), overall, band_for(overall))


def tense_flags(calm: CalmScore) -> list[MeasureVerdict]:
    """Measures flagged as faster, louder, higher or more effortful than calm: rushed or strained delivery."""
    return [
        v
        for v in calm.verdicts
        if v.verdict == Judged.FLAG and v.direction == Direction.ABOVE and v.measure in AROUSAL_MEASURES
    ]


def _delivery_steps(calm_score: int, tense: Sequence[MeasureVerdict]) -> list[VerdictStep]:
    steps = []
    if calm_score < CALM_FULL:
        lost = round(DELIVERY_WEIGHT * (CALM_FULL - calm_score))
        steps.append(VerdictStep(StepKind.DELIVERY, -lost, f"calm score {calm_score}, below {CALM_FULL}"))
    for v in tense:
        steps.append(VerdictStep(StepKind.DELIVERY, -TENSE_FLAG_POINTS, f"{v.measure.value} flagged above calm"))
    return steps


def _held(total: int, low: int, high: int, reason: str, *, kind: StepKind = StepKind.LIMIT) -> list[VerdictStep]:
    """A step bringing ``total`` into ``low``-``high``, or none when it is already there."""
    if total > high:
        return [VerdictStep(kind, high - total, f"at most {high}: {reason}")]
    if total < low:
        return [VerdictStep(kind, low - total, f"at least {low}: {reason}")]
    return []


def _text_from(findings: Sequence[Finding]) -> str:
    """The reply's words at their places, when only the findings are at hand (no transcript given)."""
    chars = [" "] * max((f.end_char for f in findings), default=0)
    for f in findings:
        if len(f.evidence) == f.end_char - f.start_char:
            chars[f.start_char : f.end_char] = f.evidence
    return "".join(chars)


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


def _client_words(sentence: str, scenario: Scenario | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The sentence's words that are the client's own: (content words of the statement and key content, feeling
    words of the scenario's feelings and their families)."""
    if scenario is None:
        return (), ()
    targets, phrases = client_targets(scenario.client_statement, scenario.feelings, scenario.key_content)
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
    to_them = any(w in {"you", "your", "you're", "you've", "you'd", "yourself"} for w in WORD.findall(sentence.lower()))
    return bool(said) and (to_them or len(said) + len(felt) >= MIN_CLIENT_WORDS_UNADDRESSED)


def _hypothetical(sentence: str) -> bool:
    """A sentence built on "if" says what would be, not what is: no reflection of the client."""
    words = WORD.findall(sentence.lower())
    while words and words[0] in DISCOURSE_LEAD:
        words = words[1:]
    return bool(words) and words[0] in {"if", "unless"}


def _goals_met(wording: Wording) -> list[GoalCheck]:
    return [g for g in wording.goals if g.kind == "goal" and g.status == "met"]


def _reflects_in_general(sentence: str) -> bool:
    """A reflection without the client's words still reflects when it names a feeling ("I can see you're really
    angry") or uses a reflecting frame ("it sounds like you're going through a lot"), domain.md's two other forms;
    a remark about the client with neither ("maybe you just forgot where you put it") reflects nothing."""
    words = WORD.findall(sentence.lower())
    return bool(REFLECTING_FRAME.search(" ".join(words))) or any(stem(w) in _feeling_stems() for w in words)


def _about_client(sentence: str) -> bool:
    return any(stem(w) in ABOUT_CLIENT for w in WORD.findall(sentence.lower()))


def _escalators(wording: Wording, ignored: Collection[int]) -> list[EscalatorFound]:
    found = [
        EscalatorFound(CATEGORY_ESCALATOR[f.category], f.evidence, f.category.value)
        for i, f in enumerate(wording.findings)
        if f.category in CATEGORY_ESCALATOR and i not in ignored
    ]
    misheard = {wording.findings[i].evidence for i in ignored if i < len(wording.findings)}
    for goal in wording.goals:
        if goal.kind == "avoid" and goal.status == "broken":
            evidence = [e for e in goal.evidence if e not in misheard]
            if evidence:
                found.append(EscalatorFound(Escalator.AVOID_ITEM, "; ".join(evidence), goal.text))
    return found


def _move_steps(moves: Sequence[MoveMade]) -> list[VerdictStep]:
    steps = []
    guided = 0
    for m in moves:
        if m.move in GUIDE_MOVES:
            points = GUIDE_POINTS if guided == 0 else EXTRA_GUIDE_POINTS
            guided += 1
        else:
            points = MOVE_POINTS[m.move]
        steps.append(VerdictStep(StepKind.MOVE, points, f"{m.move.value}: '{m.evidence}'"))
        if m.move == Move.REFLECTED and len(m.client_words) > 1:
            extra = min(SPECIFIC_MAX_POINTS, SPECIFIC_WORD_POINTS * (len(m.client_words) - 1))
            steps.append(VerdictStep(StepKind.MOVE, extra, f"the client's own words: {', '.join(m.client_words)}"))
    return steps


def _escalator_steps(escalators: Sequence[EscalatorFound]) -> list[VerdictStep]:
    """Each kind costs its points once and ``REPEAT_POINTS`` after; an avoid item broken by words already counted
    as an escalator costs nothing more (it is the same act, named by the scenario)."""
    steps = []
    seen: set[Escalator] = set()
    counted = {e.evidence for e in escalators if e.escalator != Escalator.AVOID_ITEM}
    for e in escalators:
        if e.escalator == Escalator.AVOID_ITEM and set(e.evidence.split("; ")) <= counted:
            steps.append(VerdictStep(StepKind.ESCALATOR, 0, f"avoid item '{e.source}': counted above"))
            continue
        points = REPEAT_POINTS if e.escalator in seen else ESCALATOR_POINTS[e.escalator]
        seen.add(e.escalator)
        reason = f"avoid item '{e.source}': '{e.evidence}'" if e.escalator == Escalator.AVOID_ITEM else None
        steps.append(VerdictStep(StepKind.ESCALATOR, -points, reason or f"{e.escalator.value}: '{e.evidence}'"))
    return steps


def _first_of_each(findings: Sequence[Finding], table: dict[Category, int], ignored: Collection[int]) -> list[Finding]:
    seen: set[Category] = set()
    out = []
    for i, f in enumerate(findings):
        if f.category in table and f.category not in seen and i not in ignored:
            seen.add(f.category)
            out.append(f)
    return out
