"""`voice-deesc history [--scenario ID]`: past attempts and progress, from the private history store."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from voice_deesc.history import PastAttempt


ROW = "{:<17} {:<30} {:>7} {:>5} {:>7}  {}"
"""Columns: when, scenario, overall, calm, wording (non-judgmental), band."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("history", help="your past attempts and how the scores moved")
    parser.add_argument("--scenario", default=None, help="only attempts at this scenario")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from voice_deesc.history import History

    with History() as history:
        attempts = history.attempts(args.scenario)
    if not attempts:
        where = f" at {args.scenario}" if args.scenario else ""
        print(f"No attempts stored yet{where} — `voice-deesc practice` records each round.")
        return 0
    print(ROW.format("when", "scenario", "overall", "calm", "wording", "band"))
    for past in attempts:
        calm = "-" if past.calm is None else str(past.calm)
        when = past.created_at[:16].replace("T", " ")
        print(ROW.format(when, past.scenario_id or "-", past.overall, calm, past.non_judgmental, past.band))
    for line in progress_lines(attempts):
        print(line)
    return 0


def progress_lines(attempts: list[PastAttempt]) -> list[str]:
    """One line per scenario practised more than once: first and latest overall score."""
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
