"""Is a pack's conversation sound? Every branch leads somewhere, every turn is reached, every path can end.

Two levels, as for single statements:

- :func:`check_conversation` (errors, run by the loader): a turn no branch reaches, turns that loop with no way
  out, a settle path (every reply settling) that does not end in 3-6 turns at the right end, and the safety rules
  of a safety-critical pack — a turn hinting at suicide on the settle path, its model reply asking directly, and
  no way to the safety hand-off that skips settling such a turn (so the hand-off needs the direct question).
- :func:`review_settle_path` (advice, slower: it runs the wording analysis): each model reply on the settle path,
  typed, is judged by the same branch rule as a spoken reply and must settle its turn.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from voice_deesc.conversation.record import Branch
from voice_deesc.scenarios.model import END_TARGETS, SAFETY_QUESTION, Conversation, Scenario, turn_scenario

SETTLE_PATH_TURNS = (3, 6)
"""Client turns from the opening to a settled end when every reply settles (issue: "3-6 client turns")."""
HANDOFF = "safety-hand-off"
SETTLED = "settled"


def check_conversation(conversation: Conversation, *, safety_critical: bool) -> list[str]:
    """Every structural problem of ``conversation``, each naming the turn and the fix (empty when sound)."""
    problems = _unreachable(conversation) + _dead_ends(conversation) + _settle_path(conversation, safety_critical)
    return problems + _safety(conversation, safety_critical)


def _edges(conversation: Conversation, *, skip_hint_settles: bool = False) -> dict[str, list[str]]:
    """Turn id -> the targets of its three branches (optionally without the settles edge of a hint turn)."""
    edges: dict[str, list[str]] = {}
    for turn in conversation.turns:
        targets = [turn.next_for(branch) for branch in Branch]
        if skip_hint_settles and turn.safety_hint:
            targets = [turn.holds, turn.escalates]
        edges[turn.id] = targets
    return edges


def _reachable(edges: dict[str, list[str]], start: str) -> set[str]:
    seen = {start}
    queue = deque([start])
    while queue:
        for target in edges.get(queue.popleft(), ()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def _names(ids: Iterable[str]) -> str:
    return ", ".join(repr(i) for i in sorted(ids))


def _unreachable(conversation: Conversation) -> list[str]:
    reached = _reachable(_edges(conversation), conversation.start.id)
    lost = [t.id for t in conversation.turns if t.id not in reached]
    if not lost:
        return []
    return [f"turns {_names(lost)} are never reached: no branch leads to them — link them from a turn or remove them"]


def _dead_ends(conversation: Conversation) -> list[str]:
    """Turns from which no end can be reached: the conversation would go round for ever."""
    edges = _edges(conversation)
    trapped = [t.id for t in conversation.turns if not set(END_TARGETS) & _reachable(edges, t.id)]
    if not trapped:
        return []
    return [
        f"turns {_names(trapped)} loop with no way out — point at least one of their branches at an end "
        f"({', '.join(END_TARGETS)}) or at a turn that leads to one"
    ]


def _settle_path(conversation: Conversation, safety_critical: bool) -> list[str]:
    path, end = conversation.settle_path()
    expected = HANDOFF if safety_critical else SETTLED
    if end not in END_TARGETS:
        return [f"following 'settles' from the first turn comes back to turn {end!r}; the settle path must end"]
    problems = []
    low, high = SETTLE_PATH_TURNS
    if not low <= len(path) <= high:
        problems.append(
            f"the settle path (every reply settling) has {len(path)} turns ({' > '.join(t.id for t in path)}); "
            f"write {low}-{high} so a conversation moves from the outburst to a next step agreed together"
        )
    if end != expected:
        problems.append(f"the settle path ends at {end!r}; in this pack it must end at {expected!r}")
    return problems


def _safety(conversation: Conversation, safety_critical: bool) -> list[str]:
    hints = [t for t in conversation.turns if t.safety_hint]
    handoff_used = any(HANDOFF in (t.settles, t.holds, t.escalates) for t in conversation.turns)
    if not safety_critical:
        if hints or handoff_used:
            return ["uses safety_hint or the 'safety-hand-off' end; add safety_critical = true to the pack"]
        return []
    problems = [
        f"turn {t.id!r} field 'model_reply' must ask directly about suicide (the turn has safety_hint = true); "
        "add a question such as 'Are you thinking about killing yourself?'"
        for t in hints
        if not SAFETY_QUESTION.search(t.model_reply)
    ]
    path, _ = conversation.settle_path()
    if not any(t.safety_hint for t in path):
        problems.append("no turn on the settle path has safety_hint = true; mark the turn where the client hints")
    if HANDOFF in _reachable(_edges(conversation, skip_hint_settles=True), conversation.start.id):
        problems.append(
            "the 'safety-hand-off' end can be reached without settling a turn with safety_hint = true; "
            "a hand-off must follow the direct question, so route it through such a turn's 'settles'"
        )
    return problems


def review_settle_path(scenario: Scenario) -> list[str]:
    """Advice: each settle-path model reply, typed, must settle its own turn under the branch rule."""
    if scenario.conversation is None:
        return []
    from voice_deesc.conversation.branching import decide_branch
    from voice_deesc.pipeline import analyse_text

    advice = []
    path, _ = scenario.conversation.settle_path()
    for turn in path:
        attempt = analyse_text(turn.model_reply, turn_scenario(scenario, turn), client_text=turn.text)
        decision = decide_branch(attempt)
        if decision.branch is not Branch.SETTLES:
            why = "; ".join(reason.describe() for reason in decision.reasons) or "not yet proficient"
            advice.append(
                f"turn {turn.id!r} field 'model_reply' {decision.branch.value} the client instead of settling ({why}); "
                "rephrase it so the settle path's replies take the conversation to its end"
            )
    return advice
