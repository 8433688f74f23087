"""`voice-deesc scenarios list | show ID | validate [PATH]`."""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("scenarios", help="list, show and validate scenario packs")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help="the built-in scenarios").set_defaults(run=run_list)
    show = actions.add_parser("show", help="one scenario in full")
    show.add_argument("id")
    show.set_defaults(run=run_show)
    validate = actions.add_parser("validate", help="check pack files (default: the built-ins)")
    validate.add_argument("path", nargs="?", type=Path, default=None)
    validate.set_defaults(run=run_validate)


def run_list(args: argparse.Namespace) -> int:
    from voice_deesc.scenarios import list_scenarios

    for s in list_scenarios():
        print(f"{s.id:<28} level {s.difficulty}  {s.title}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    from voice_deesc.scenarios import get_scenario

    s = get_scenario(args.id)
    wrap = textwrap.TextWrapper(width=88, initial_indent="  ", subsequent_indent="  ")
    print(f"{s.title}  [{s.id}, level {s.difficulty}{', safety-critical' if s.safety_critical else ''}]")
    print("Context:")
    print(wrap.fill(s.context))
    print(f"The client ({s.client_emotion}) says:")
    print(wrap.fill(f'"{s.client_statement}"'))
    print("Feelings to reflect: " + ", ".join(s.feelings))
    print("Key content: " + ", ".join(s.key_content))
    print("Goals:")
    print("\n".join(f"  - {g}" for g in s.goals))
    print("Avoid:")
    print("\n".join(f"  - {a}" for a in s.avoid))
    print("A reply that works:")
    print(wrap.fill(f'"{s.model_reply}"'))
    return 0


def run_validate(args: argparse.Namespace) -> int:
    from voice_deesc.scenarios import builtin_dir, validate_tree

    results = validate_tree(args.path or builtin_dir())
    bad = [(f, e) for f, e in results if e]
    for _file, error in bad:
        print(error)
    print(f"{len(results) - len(bad)} of {len(results)} scenario files are valid")
    return 1 if bad else 0
