"""`voice-deesc history [--scenario ID] [--conversation N]`: past attempts, conversations and progress, from the
private history store."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from voice_deesc.history import PastAttempt
    from voice_deesc.history_conversations import PastConversation


ROW = "{:<17} {:<30} {:>7} {:>5} {:>7}  {}"
"""Columns: when, scenario, overall, calm, wording (non-judgmental), band."""
CONVERSATION_ROW = "{:>4}  {:<17} {:<30} {:>5}  {:<26} {}"
"""Columns: number (for --conversation), when, scenario, turns, end state, agitation start → end."""
CONVERSATIONS_HEADING = "Conversations (`voice-deesc history --conversation N` shows one)"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("history", help="your past attempts and conversations, and how the scores moved")
    parser.add_argument("--scenario", default=None, help="only attempts and conversations at this scenario")
    parser.add_argument(
        "--conversation",
        type=int,
        default=None,
        metavar="N",
        help="show stored conversation N turn by turn (its number is in the first column of the list)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from voice_deesc.history import History
    from voice_deesc.history_conversations import conversations

    if args.conversation is not None:
        print(conversation_detail(args.conversation), end="")
        return 0
    with History() as history:
        attempts = history.attempts(args.scenario)
        talks = conversations(history, args.scenario)
    if not attempts and not talks:
        where = f" at {args.scenario}" if args.scenario else ""
        print(f"No attempts stored yet{where} — `voice-deesc practice` records each round.")
        return 0
    if attempts:
        print(ROW.format("when", "scenario", "overall", "calm", "wording", "band"))
        for past in attempts:
            calm = "-" if past.calm is None else str(past.calm)
            print(
                ROW.format(
                    _when(past.created_at), past.scenario_id or "-", past.overall, calm, past.non_judgmental, past.band
                )
            )
        for line in progress_lines(attempts):
            print(line)
    if talks:
        if attempts:
            print()
        print(CONVERSATIONS_HEADING)
        print(CONVERSATION_ROW.format("#", "when", "scenario", "turns", "end", "agitation"))
        for talk in talks:
            print(conversation_line(talk))
        for line in conversation_progress_lines(talks):
            print(line)
    return 0


def conversation_line(talk: PastConversation) -> str:
    """One line of the conversations list: number, when, scenario, turns, how it ended, agitation start → end."""
    if talk.end_state is not None:
        end = talk.end_state.value
    else:
        end = f"stopped: {talk.stopped_because}" if talk.stopped_because else "stopped early"
    agitation = f"{talk.agitation[0]} → {talk.agitation[-1]}" if talk.agitation else "-"
    return CONVERSATION_ROW.format(talk.id, _when(talk.started_at), talk.scenario_id, talk.turns, end, agitation)


def conversation_detail(conversation_id: int) -> str:
    """The stored conversation's report as text, as it was shown when the conversation ended."""
    from voice_deesc.errors import ScenarioError, VoiceDeescError
    from voice_deesc.history import History
    from voice_deesc.history_conversations import load_conversation
    from voice_deesc.reports.conversation import build_report
    from voice_deesc.reports.conversation_render import render_terminal
    from voice_deesc.scenarios.load import get_scenario

    with History() as history:
        result = load_conversation(history, conversation_id)
    if result is None:
        raise VoiceDeescError(
            f"--conversation {conversation_id}: no such conversation in your history — `voice-deesc history` lists "
            "them with their numbers"
        )
    try:
        scenario = get_scenario(result.scenario_id)
    except ScenarioError:
        scenario = None  # the pack was removed since: the stored turns still say everything
    return render_terminal(build_report(result, scenario=scenario))


def _when(timestamp: str) -> str:
    return timestamp[:16].replace("T", " ")


def progress_lines(attempts: list[PastAttempt]) -> list[str]:
    """One line per scenario practised more than once: first and latest overall score.

    Single replies only (``History.attempts``): a conversation's turns answer other lines of the client's, so
    their scores are not comparable with these; conversations have their own lines
    (:func:`conversation_progress_lines`).
    """
    by_scenario: dict[str, list[PastAttempt]] = {}
    for past in attempts:
        by_scenario.setdefault(past.scenario_id or "-", []).append(past)
    lines = []
    for scenario_id, rounds in by_scenario.items():
        if len(rounds) > 1:
            first, last = rounds[0], rounds[-1]
            change = last.overall - first.overall
            lines.append(
                f"{scenario_id}: {len(rounds)} attempts, overall {first.overall} → {last.overall} ({change:+d})"
            )
    return lines


def conversation_progress_lines(talks: list[PastConversation]) -> list[str]:
    """One line per scenario with more than one conversation: how they ended, and the client's agitation at the end
    of the first and the latest that reached an end.

    Conversations, not their turns' scores, are compared: two conversations at one pack take different turns as
    the replies settle or escalate the client, so a turn's score has no like-for-like partner, while how far the
    client came down is what the conversation was for. One stopped early (quit, out of replies) is counted but its
    agitation is left out of the comparison: it ended nowhere.
    """
    by_scenario: dict[str, list[PastConversation]] = {}
    for talk in talks:
        by_scenario.setdefault(talk.scenario_id, []).append(talk)
    lines = []
    for scenario_id, rounds in by_scenario.items():
        if len(rounds) < 2:
            continue
        ends: dict[str, int] = {}
        for talk in rounds:
            label = "stopped early" if talk.end_state is None else talk.end_state.value
            ends[label] = ends.get(label, 0) + 1
        line = f"{scenario_id}: {len(rounds)} conversations ({', '.join(f'{n} {end}' for end, n in ends.items())})"
        ended = [talk for talk in rounds if talk.end_state is not None and talk.agitation]
        if len(ended) > 1:
            first, last = ended[0].agitation[-1], ended[-1].agitation[-1]
            line += f", client agitation at the end {first} → {last} ({last - first:+d})"
        lines.append(line)
    return lines
