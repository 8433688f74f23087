"""What the reply said: findings of the de-escalation rubric (domain.md "Wording rubric"), each with evidence.

Category ids are the canonical ones of domain.md. Each finding points at the exact characters and, when the reply
was spoken, the seconds where the words were said. The phrases live in ``lexicon.toml``; word order finds the
questions (questions.py); negation and reported speech cancel the acts they mention (negation.py); the client's
statement and the scenario decide what counts as a reflection (reflection.py) and which goals were met (goals.py).

Score: ``non_judgmental`` (0-100)
---------------------------------
Start at ``BASE_SCORE`` (70: a reply with nothing to praise or flag is neutral-good).
- Credit: the first finding of each credit category adds ``CREDIT_POINTS[category]``; the credits together add
  at most ``MAX_CREDIT`` (the findings past the cap are listed with the points they actually added).
- Flags: the first finding of each flag category subtracts ``FLAG_POINTS[category]``; each further finding of a
  category already flagged subtracts ``REPEAT_FLAG_POINTS``.
- Closed questions are neutral, except in a run of ``QUESTION_RUN`` or more questions with no reflection between
  (MITI 4.2.1 balance, domain.md): each closed question past the second of such a run subtracts
  ``QUESTION_RUN_POINTS``.
- The result is clamped to 0-100. ``Wording.score_trace`` lists every finding that moved the score and by how
  much, so base + sum of the trace = the score before clamping.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from voice_deesc.asr.base import Transcript
from voice_deesc.errors import ModelError
from voice_deesc.scenarios.model import Scenario
from voice_deesc.wording.balance import balance_counts
from voice_deesc.wording.goals import check_goals
from voice_deesc.wording.learned import learned_categories, learned_reflections, sentences
from voice_deesc.wording.lexicon import Rule, load_lexicon, message_for
from voice_deesc.wording.negation import REPORT_VERBS, is_negated, is_reported, prohibition_before
from voice_deesc.wording.predictions import conditional_outcome, grounded_outcome
from voice_deesc.wording.questions import Question, find_questions
from voice_deesc.wording.reflection import CLAUSE_JOINERS, clauses, client_context, find_reflections, open_to_reflect
from voice_deesc.wording.rubric import (
    CATEGORIES,
    CATEGORY_POLARITY,
    QUESTION_KIND_CATEGORY,
    Balance,
    Category,
    Finding,
    Polarity,
    Wording,
)
from voice_deesc.wording.score import score_from_trace, score_trace
from voice_deesc.wording.structure import (
    VOICE_UNDER_THREAT,
    fills_clause,
    is_echo,
    is_imperative,
    structural_hits,
    voice_demand,
)
from voice_deesc.wording.text import SENTENCE_END, NormalText, normalise, sentence_spans
from voice_deesc.wording.word_sense import flag_sense_cancels

YIELD_REACH = 3
"""Words after a yielding hit within which the stronger category still replaces it ("you need to ... pull
yourself together" is a command about feelings, not advice)."""
RHETORICAL = frozenset(
    {
        "judgment_blame",
        "sarcasm_profanity",
        "threat_ultimatum",
        "labeling",
        "minimizing",
        "command_feelings",
        "avoidance",
    }
)
"""A question carrying one of these flags is rhetorical or a request: it gets the flag, not a question-form finding
("could you lower your voice?" tells, "can we change the subject?" steps away; neither asks)."""
WHY_RHETORICAL = frozenset({"judgment_blame", "labeling", "sarcasm_profanity", "minimizing", "threat_ultimatum"})
"""A why-question carrying one of these judges and wants no answer ("why can't you just get here on time like everyone
else?", "why did you even bother coming?"): the frozen set's clarifications give it the judgment only. A hindsight
why asked for a reason ("why didn't you call them?") carries no such flag and stays a why-question."""
REFLECTION_MESSAGES = {
    "feeling": "reflects the client's feeling ({})",
    "content": "reflects the client's own words ({})",
    "statement": "says back what the client is going through",
}
ORDER_NOT_TO_BE = "orders the client not to be what it calls them, which tells them how to feel"
THANKS = frozenset({"thanks", "thank"})
AFFIRMATIONS = (
    ("well", "done", "for"),
    ("good", "on", "you"),
    ("fair", "play"),
    ("proud", "of", "you"),
    ("good", "that", "you"),
    ("great", "that", "you"),
    ("took", "guts"),
    ("took", "courage"),
)
"""Openers of praise for what the client did ("well done for keeping the letter"): an affirmation, which the
hand-written rows label with no category however much of the client's story it names."""
ANSWERING_JOINERS = frozenset({"but", "because"})
"""Words after which a flag answers what was just said back (``_answered_with_but``)."""
FRAME_REACH = 2
"""Most words between a reflective frame and a flag that completes it ("it sounds like | you are | overreacting");
"it sounds like | you are exhausted | you should sleep" goes on to a move of its own."""
CLAIM_VERBS = frozenset({"said", "say", "says", "saying", "think", "thought", "thinking", "believe", "reckon", "claim"})
BELIEF_OPENERS = frozenset(
    {"like", "that", "as", "nobody", "no", "everyone", "everybody", "they", "he", "she", "we", "i", "it", "people"}
)
"""After "you feel", words that open a belief ("you feel nobody cares") rather than name a feeling ("you feel low")."""
NOT_REFLECTION = frozenset(CATEGORIES) - {"reflection", "validation"}
"""Clauses holding one of these are doing something else than reflecting (asking, offering, flagging)."""
TURNS_WORDS_AGAINST = frozenset(
    {"command_feelings", "judgment_blame", "labeling", "minimizing", "threat_ultimatum", "arguing", "sarcasm_profanity"}
)
"""Flags that, in the same sentence, turn the client's words against them ("you signed the consent form, so it's on
you", "well done, another deadline you've missed"): the content they share is no reflection. A named feeling still
is ("I know you're frustrated, but you should have called"), as the conventions label it."""
OFFERS_AND_ASKS = frozenset({"choice_autonomy", "collaboration", "presence", "apology"})
"""Credits that begin a move of their own: in a recogniser's unpunctuated reply ("you're worried about your daughter
would it help to ring her") the statement before one ends where it starts."""


@dataclass(frozen=True)
class _Hit:
    category: str
    first: int
    stop: int
    rule: Rule | None
    message: str = ""


def analyse_wording(transcript: Transcript, scenario: Scenario | None = None, *, client_text: str = "") -> Wording:
    """Find rubric categories in the reply, with character and time spans, balance, goals and a score.

    Parameters
    ----------
    transcript : Transcript
        The reply; typed text (engine ``text``) has no timings, so ``start_s``/``end_s`` are None.
    scenario : Scenario or None
        Supplies the client's statement, feelings, key content, goals and avoid list.
    client_text : str, keyword-only
        What the client said, when there is no scenario (or to override its statement).

    Returns
    -------
    Wording
        Findings sorted by position, ``non_judgmental`` 0-100, ``balance``, ``goals``, ``score_trace`` and ``semantic``.

    Examples
    --------
    >>> from voice_deesc.asr.base import Transcript
    >>> w = analyse_wording(Transcript.from_text("I'm not going to call security. What happened?"))
    >>> [f.category for f in w.findings]
    ['open_question']
    """
    text = transcript.text
    normal = normalise(text)
    if client_text:
        client = client_text
    else:
        client = client_context(scenario.client_statement, scenario.earlier_client_lines) if scenario else ""
    hits = _rubric_hits(normal, normalise(client) if client else None)
    questions = find_questions(normal)
    hits = _with_questions(normal, hits, questions)
    marked = {(q.first, q.stop) for q in questions if q.marked}
    blocked = [(h.first, h.stop) for h in hits if h.category in NOT_REFLECTION and (h.first, h.stop) not in marked]
    blocked += [(q.first, q.stop) for q in questions if not q.marked]
    blocked += _framed_scopes(normal, hits)
    frames = [h for h in hits if h.category == "reflection"]
    busy = _sentences_with(normal, [h for h in hits if h.category in TURNS_WORDS_AGAINST])
    for r in find_reflections(
        normal,
        blocked=blocked,
        validating=[(h.first, h.stop) for h in hits if h.category == "validation"],
        client_text=client,
        feelings=scenario.feelings if scenario else (),
        key_content=scenario.key_content if scenario else (),
        move_starts=[q.first for q in questions if not q.marked]
        + [h.first for h in hits if h.category in OFFERS_AND_ASKS],
    ):
        if r.kind != "feeling" and any(first <= r.first < stop for first, stop in busy):
            continue  # "you signed the form, so technically it's on you": the client's words turned against them
        if not any(f.first < r.stop and r.first < f.stop for f in frames):
            hits.append(
                _Hit("reflection", r.first, r.stop, None, REFLECTION_MESSAGES[r.kind].format(", ".join(r.matched)))
            )
    hits += _voice_under_threat(normal, hits)
    flags = [h for h in hits if CATEGORY_POLARITY[Category(h.category)] == Polarity.FLAG]
    semantic = _learned(normal, hits, blocked, client, flags)  # the heads add reflections and credits, never flags
    hits = [
        h
        for h in hits
        if not _checking_what_was_heard(normal, h, questions)
        and not _echo_answered(normal, h, questions, hits)
        and not _sided_with_the_client(normal, h, hits)
        and not _answered_with_but(normal, h, flags)
        and not _passed_on(normal, h, hits)
    ]
    findings = _to_findings(transcript, normal, _dedupe(hits, normal.tokens))
    balance = Balance.from_dict(balance_counts(findings, normal))
    trace = score_trace(findings, balance)
    goals = tuple(check_goals(scenario.goals, scenario.avoid, findings, normal)) if scenario is not None else ()
    return Wording(tuple(findings), balance.word_count, score_from_trace(trace), balance, goals, trace, semantic)


def _voice_under_threat(normal: NormalText, hits: list[_Hit]) -> list[_Hit]:
    """A threat whose sentence demands something of the client's voice or feelings ("if you can't stop moaning I'll
    have to ask you to leave", "keep raising your voice at me and you'll be barred") is also an order about how to
    sound or feel, as the conventions label it; one order per sentence, and none where one is already found."""
    words = normal.words()
    threats = [h for h in hits if h.category == "threat_ultimatum"]
    orders = [h for h in hits if h.category == "command_feelings"]
    added: list[_Hit] = []
    for first, stop in _sentences_with(normal, threats):
        if any(first <= h.first < stop for h in orders + added):
            continue
        demand = voice_demand(" ".join(words[first:stop]))
        if demand is not None:  # the evidence is the demand itself ("moaning"), counted in words from ``first``
            start = first + demand[0]
            added.append(_Hit("command_feelings", start, start + demand[1], None, VOICE_UNDER_THREAT))
    return added


def _sentences_with(normal: NormalText, hits: list[_Hit]) -> list[tuple[int, int]]:
    """The token spans of the sentences (to a full stop, "?" or "!") that hold one of ``hits``."""
    return [(first, stop) for first, stop in sentence_spans(normal) if any(first <= h.first < stop for h in hits)]


def _rubric_hits(normal: NormalText, client: NormalText | None = None) -> list[_Hit]:
    """Lexicon phrases that stand (not negated, reported, echoed or cancelled by their neighbours or their place in
    the sentence), and the categories sentence structure finds without a fixed phrase (structure.py)."""
    hits: list[_Hit] = []
    for s in structural_hits(normal):
        cancelled = (
            is_negated(normal, s.first) or is_reported(normal, s.first) or is_echo(normal, s.first, s.stop, client)
        )
        if cancelled or flag_sense_cancels(normal, s.category, s.first, s.stop):
            continue
        hits.append(_Hit(s.category, s.first, s.stop, None, s.message))
    string = normal.string
    for rule in load_lexicon():
        if rule.pattern is None:
            continue
        flag = CATEGORY_POLARITY[Category(rule.category)] == Polarity.FLAG
        for m in rule.pattern.finditer(string):
            first, stop = normal.token_span(m.start(), m.end())
            if rule.unless_next is not None and rule.unless_next.match(string, _skip_comma(string, m.end())):
                continue
            if rule.unless_prev is not None and _ends_with(rule.unless_prev, string[: m.start()].rstrip(" ,")):
                continue
            if rule.negatable and is_negated(normal, first):
                continue
            if flag and rule.reportable and is_reported(normal, first):
                continue
            if rule.imperative and not is_imperative(normal, first):
                continue
            if rule.alone and not fills_clause(normal, first, stop):
                continue
            if rule.needs_more and not _words_follow(normal, stop):
                continue
            if rule.category == "minimizing" and (
                conditional_outcome(normal, first, stop) or grounded_outcome(normal, first, stop)
            ):
                continue  # information or an affirmation, not a blanket reassurance
            if flag and (
                is_echo(normal, first, stop, client) or flag_sense_cancels(normal, rule.category, first, stop)
            ):
                continue  # the client's words, or the flag's words in another sense (word_sense.py)
            hits.append(_Hit(rule.category, first, stop, rule))
            order = prohibition_before(normal, first) if rule.category == "labeling" else None
            if order is not None:  # "don't be such a crybaby" names and orders: labeling and command_feelings
                hits.append(_Hit("command_feelings", order, stop, None, ORDER_NOT_TO_BE))
    return hits


def _learned(
    normal: NormalText, hits: list[_Hit], blocked: list[tuple[int, int]], client: str, flags: list[_Hit]
) -> str:
    """Add what the learned heads find where the rules were silent (learned.py); returns how it went ("on" or why
    not), so a report can say the analysis ran on rules alone.

    The reflection head is not asked inside a sentence holding one of ``flags``: it scores how near a clause comes to
    the client's words, and a put-down near them ("You should have brought it inside, everyone knows bikes get
    nicked", "at least she's alive, some people have lost their mums") comes near. The rules' own reflections there
    stand or fall by ``_answered_with_but``. Measured on the development replies (tests/data/wording_dev.jsonl):
    reflection precision 0.614 -> 0.660, recall unchanged; AnnoMI dev reflection F1 0.604 -> 0.601, ESConv dev
    reflection recall 0.545 -> 0.543. (A sentence too short for the head, which ``sentences`` leaves out, holds no
    clause the head would score either.) For the same reason a credit head's find in such a sentence is dropped:
    "You'll be sorry you did that" comes near an apology and is a threat; "leaving would be a stupid decision"
    comes near validation and is blame."""
    try:
        said = [(h.first, h.stop) for h in hits if h.category in {"reflection", "validation"}]
        busy = [(a, b) for a, b in sentences(normal) if any(a <= f.first < b for f in flags)]
        open_clauses = [
            c
            for c in clauses(normal)
            if not any(a < c[1] and c[0] < b for a, b in [*blocked, *said, *busy]) and open_to_reflect(normal, *c)
        ]
        for r in learned_reflections(normal, open_clauses, client):
            hits.append(_Hit("reflection", r.first, r.stop, None, "says back the client's meaning in other words"))
        for c in learned_categories(normal, [(h.category, h.first, h.stop) for h in hits]):
            if not any(a <= c.first < b for a, b in busy):  # "you'll be sorry you did that" apologises for nothing
                hits.append(_Hit(c.category, c.first, c.stop, None))
    except ModelError as e:
        return f"off: {e}"
    return "on"


def _framed_scopes(normal: NormalText, hits: list[_Hit]) -> list[tuple[int, int]]:
    """What an apology is sorry about, or thanks or praise are for, to the next punctuation: "I'm sorry your money was
    stopped while you were in hospital and they still ...", "thanks for telling me about the hospital and the
    letter", "well done for keeping the letter". Content inside an apology is the apology, not a reflection (the
    labelling conventions); thanks and praise affirm the client (the hand-written rows label "thanks for letting me
    know you got home okay" and "well done for getting the forms sent off" with no category). After a comma or a full
    stop ("I'm sorry, you've been waiting all night") a new clause may reflect. A recogniser gives no commas, so
    there the scope ends where a new subject starts a clause."""
    scopes: list[tuple[int, int]] = []
    tokens = normal.tokens
    words = normal.words()
    starts = [(h.first, h.stop) for h in hits if h.category == "apology"]
    starts += [(i, i + 1) for i, w in enumerate(words) if w in THANKS and "for" in words[i + 1 : i + 5]]
    starts += [(i, i + len(a)) for a in AFFIRMATIONS for i in range(len(words)) if tuple(words[i : i + len(a)]) == a]
    unpunctuated = not any(t.is_punct for t in tokens)
    ends = {stop for _, stop in clauses(normal)} if starts and unpunctuated else set()  # only a recogniser's text
    for first, stop in starts:
        while stop < len(tokens) and not tokens[stop].is_punct:
            if unpunctuated and stop in ends and tokens[stop].text not in CLAUSE_JOINERS:
                break
            stop += 1
        scopes.append((first, stop))
    return scopes


def _passed_on(normal: NormalText, h: _Hit, hits: list[_Hit]) -> bool:
    """An order after a brush-off in the same sentence ("Not my problem, ask the medical staff", "I can't deal with
    this right now, talk to the day staff") passes the client on: it is the avoidance, not a fix offered."""
    if h.category != "premature_advice" or h.rule is None or not h.rule.imperative:
        return False
    tokens = normal.tokens
    return any(
        o.category == "avoidance"
        and o.stop <= h.first
        and not any(t.text in SENTENCE_END for t in tokens[o.stop : h.first])
        for o in hits
    )


def _answered_with_but(normal: NormalText, h: _Hit, flags: list[_Hit]) -> bool:
    """The client's words said back only to answer or judge them, which is an argument's "yes, but", not a
    reflection: a claim said back, then a flag after "but" or "because" in the same sentence ("You feel nobody cares,
    but you're overreacting", "You said we lost it, but we never had it"), or a reflective frame whose own clause goes
    on to a flag ("You sound like a broken record", "It sounds like you want someone to blame"). "You wanted to go,
    but they wouldn't let you" (no flag after "but") still reflects, and so does a feeling named before a flag ("I
    know you're frustrated, but you should have called": the training labels count both)."""
    if h.category != "reflection":
        return False
    tokens = normal.tokens
    if h.rule is not None and any(_runs_into(tokens, h, o) for o in flags):
        return True
    if not _says_back_a_claim(normal, h):
        return False  # "I know you're frustrated, but you should have called" names the feeling, then blames
    for k in range(h.stop, len(tokens)):
        if tokens[k].text in SENTENCE_END:
            return False
        if tokens[k].text in ANSWERING_JOINERS:
            end = next((j for j in range(k, len(tokens)) if tokens[j].text in SENTENCE_END), len(tokens))
            return any(k <= o.first < end for o in flags)
    return False


def _runs_into(tokens: tuple[Any, ...], h: _Hit, o: _Hit) -> bool:
    """The flag ``o`` continues the frame ``h``'s own clause within ``FRAME_REACH`` words ("you sound | like a broken
    record"), with no punctuation or joining word between: a later clause ("it sounds like you're exhausted you
    should sleep", unpunctuated) is a move of its own."""
    between = tokens[h.stop : o.first]
    return (
        h.first <= o.first
        and len(between) <= FRAME_REACH
        and not any(t.is_punct or t.text in CLAUSE_JOINERS for t in between)
    )


def _says_back_a_claim(normal: NormalText, h: _Hit) -> bool:
    """The reflection says back what the client claims or believes ("you said ...", "you think ...", "you feel
    nobody cares"), which a "but" can then dispute; a named feeling ("you're frustrated") is no claim to dispute."""
    words = normal.words()
    for k in range(h.first, min(h.stop + 2, len(words))):
        if words[k] in CLAIM_VERBS:
            return True
        if words[k] in {"feel", "feels", "felt"} and k + 1 < len(words) and words[k + 1] in BELIEF_OPENERS:
            return True
    return False


def _checking_what_was_heard(normal: NormalText, h: _Hit, questions: list[Question]) -> bool:
    """ "Someone told you to get over it?" checks what others said to the client: a reflection, not a question.

    Other statements read as questions by their "?" stay closed questions; when they say back the client's words
    they are reflections as well, offered for checking (the reflection check runs on them too)."""
    if h.category != "closed_question" or h.rule is not None:
        return False
    question = next((q for q in questions if q.first == h.first and q.stop == h.stop), None)
    return question is not None and question.marked and _heard_from_others(normal, question)


NOT_PERMITTED_MODALS = frozenset({"can", "could", "should", "must", "may"})
"""Before "not", these say what someone else had no business doing ("they can't stop your money", "the council
shouldn't be doing that"); so does "not allowed" after a form of "be"."""


def _sided_with_the_client(normal: NormalText, h: _Hit, hits: list[_Hit]) -> bool:
    """ "That's bullshit, they can't stop your money for a hospital stay": words that can dispute the client or side
    with them ("that's rubbish", read as both an argument and validation) side with them when the next clause says
    someone else had no right to do what they did. The frozen set's clarifications label this validation and
    swearing, not arguing; "that's rubbish, nobody is out to get you" still argues."""
    if h.category != "arguing" or not any(
        o.category == "validation" and o.first < h.stop and h.first < o.stop for o in hits
    ):
        return False
    words = normal.words()
    k = h.stop + 1 if h.stop < len(words) and words[h.stop] == "," else h.stop
    clause: list[str] = []
    for word in words[k : k + 8]:
        if word in SENTENCE_END:
            break
        clause.append(word)
    if not clause or clause[0] in {"you", "i", "we"}:
        return False
    pairs = list(pairwise(clause))
    triples = list(zip(clause, clause[1:], clause[2:], strict=False))
    return (
        any(a in NOT_PERMITTED_MODALS and b == "not" for a, b in pairs)
        or any(a in {"no", "the"} and b == "right" for a, b in pairs)
        or any(b == "not" and c in {"allowed", "supposed", "meant"} for _, b, c in triples)
    )


ECHO_DISPUTED = frozenset({"arguing", "judgment_blame", "sarcasm_profanity", "minimizing", "labeling"})
"""Flags that, in the sentence right after a statement read as a question, dispute or mock what it said back ("Two
years? Nah, that's not right", "You did everything right? Come on."): the echo was incredulity, not a question."""


def _echo_answered(normal: NormalText, h: _Hit, questions: list[Question], hits: list[_Hit]) -> bool:
    """A statement read as a question by its "?" that the speaker answers at once with their own verdict: it asks
    nothing (the conventions label a statement-order question by what it does). Followed by a dispute or a put-down
    ("He didn't start it? Come on, that's what they all say") the echo is disbelief: neither a question nor a
    reflection. Followed by the speaker siding with the client ("Five grand for a fight he didn't even start? That's
    insane.") it still says back the client's words, but asks nothing."""
    if h.rule is not None or h.category not in {"closed_question", "reflection"}:
        return False
    echo = next((q for q in questions if q.marked and q.kind == "closed" and q.first <= h.first < q.stop), None)
    if echo is None:
        return False
    tokens = normal.tokens
    end = next((k for k in range(echo.stop + 1, len(tokens)) if tokens[k].text in SENTENCE_END), len(tokens))
    after = {o.category for o in hits if echo.stop <= o.first < end}
    if after & ECHO_DISPUTED:
        return True
    return h.category == "closed_question" and "validation" in after


def _heard_from_others(normal: NormalText, question: Question) -> bool:
    """ "Someone told you to get over it?", "He calls you crazy?": checking what others said to the client. Not when
    the saying sits in a "what ..." phrase ("based on what your mom told you, you expected ...?"): the question then
    checks the client's own expectation, a yes/no like any statement read as a question."""
    words = normal.words()
    for i in range(question.first + 1, question.stop - 1):
        if words[i] in REPORT_VERBS and words[i + 1] in {"you", "your"} and "what" not in words[max(0, i - 4) : i]:
            subject = [w for w in words[max(question.first, i - 3) : i] if w not in {"just", "always", "even"}]
            if subject and subject[-1] not in {"you", "i", "we", "have", "did", "do"}:
                return True
    return False


def _skip_comma(string: str, pos: int) -> int:
    while pos < len(string) and string[pos] in " ,":
        pos += 1
    return pos


def _words_follow(normal: NormalText, stop: int) -> bool:
    """A word comes after token ``stop`` before its sentence ends ("it sounds like-" cut off has none)."""
    for token in normal.tokens[stop:]:
        if token.text[:1] in SENTENCE_END:
            return False
        if not token.is_punct:
            return True
    return False


def _ends_with(pattern: Any, before: str) -> bool:
    tail = before[-40:]
    return any(m.end() == len(tail) for m in pattern.finditer(tail))


def _with_questions(normal: NormalText, hits: list[_Hit], questions: list[Question]) -> list[_Hit]:
    """Add question-form findings; drop hits a question cancels (reflection frames inside questions)."""
    kept: list[_Hit] = []
    for h in hits:
        inside = any(q.first <= h.first < q.stop for q in questions)
        worded = any(q.first <= h.first < q.stop for q in questions if not q.marked)
        if worded and h.rule is not None and h.rule.in_question == "no":
            continue  # "do you feel ..." asks; "you feel let down?" offers a reflection to check
        if h.category == "open_question" and inside:
            continue  # the question itself is reported below
        kept.append(h)
    for q in questions:
        category = QUESTION_KIND_CATEGORY[q.kind]
        carried = {h.category for h in kept if q.first <= h.first < q.stop}
        if carried & RHETORICAL and (category != "why_question" or carried & WHY_RHETORICAL):
            continue
        if category == "closed_question" and any(
            h.category == "open_question" and q.first <= h.first < q.stop for h in hits
        ):
            category = Category.OPEN_QUESTION  # "could you tell me more" asks for more than yes or no
        kept.append(_Hit(category, q.first, q.stop, None))
    return kept


def _near(tokens: tuple[Any, ...], h: _Hit, o: _Hit) -> bool:
    """``o`` overlaps ``h`` or follows it within YIELD_REACH words of the same clause."""
    if o.first < h.stop and h.first < o.stop:
        return True
    return h.stop <= o.first < h.stop + YIELD_REACH and not any(t.is_punct for t in tokens[h.stop : o.first])


def _dedupe(hits: list[_Hit], tokens: tuple[Any, ...]) -> list[_Hit]:
    """One finding per category per stretch of words; categories that yield give way to what they overlap."""
    out: list[_Hit] = []
    for h in sorted(hits, key=lambda h: (h.first, -(h.stop - h.first))):
        if (
            h.rule is not None
            and h.rule.yields_to
            and any(o.category in h.rule.yields_to and _near(tokens, h, o) for o in hits)
        ):
            continue
        if any(o.category == h.category and o.first < h.stop and h.first < o.stop for o in out):
            continue
        out.append(h)
    return out


def _to_findings(transcript: Transcript, normal: NormalText, hits: list[_Hit]) -> list[Finding]:
    timings = _word_spans(transcript)
    findings: list[Finding] = []
    for h in hits:
        stop = h.stop
        while stop > h.first + 1 and normal.tokens[stop - 1].is_punct:
            stop -= 1
        start_char, end_char = normal.char_span(h.first, stop)
        evidence = normal.original[start_char:end_char]
        start_s, end_s = _times(timings, start_char, end_char)
        message = message_for(h.category, evidence)
        if h.message:
            message = f"'{evidence}' {h.message}"
        findings.append(
            Finding(
                Category(h.category),
                CATEGORY_POLARITY[Category(h.category)],
                start_char,
                end_char,
                start_s,
                end_s,
                evidence,
                message,
            )
        )
    findings.sort(key=lambda f: (f.start_char, f.category))
    return findings


def _word_spans(transcript: Transcript) -> list[tuple[int, int, float, float]]:
    """Character span of each timed word in ``transcript.text`` (engines join words with spaces)."""
    if not transcript.has_word_timings or not transcript.words:
        return []
    spans: list[tuple[int, int, float, float]] = []
    position = 0
    text = transcript.text
    for word in transcript.words:
        token = word.text.strip()
        if not token:
            continue
        idx = text.find(token, position)
        if idx < 0:
            continue
        spans.append((idx, idx + len(token), word.start_s, word.end_s))
        position = idx + len(token)
    return spans


def _times(
    spans: list[tuple[int, int, float, float]], start_char: int, end_char: int
) -> tuple[float | None, float | None]:
    """Seconds from the first to the last word overlapping the character span."""
    start_s = end_s = None
    for a, b, s, e in spans:
        if b > start_char and a < end_char:
            start_s = s if start_s is None else start_s
            end_s = e
    return start_s, end_s
