"""`voice-deesc scenarios list | show ID | validate [PATH] | new ID | export ID | import ZIP | record ID | say ID`."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from voice_deesc.commands.common import add_engine_options
from voice_deesc.conversation.record import Branch
from voice_deesc.scenarios.model import AGITATION_RANGE

if TYPE_CHECKING:
    from voice_deesc.scenarios.model import Conversation


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "scenarios",
        help="list, show, validate, create and share scenario packs",
        description=(
            "Scenario packs are <id>/scenario.toml folders: the built-in ones, your own (in your data folder, "
            "where `new` and `import` put them) and any in $VOICE_DEESC_SCENARIOS."
        ),
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="every scenario, easiest first, with where it comes from")
    listing.add_argument("--json", action="store_true", help="print them as JSON")
    listing.set_defaults(run=run_list)
    show = actions.add_parser("show", help="one scenario in full, with a reply that works")
    show.add_argument("id", help="scenario id, pack folder or scenario.toml")
    show.add_argument("--json", action="store_true", help="print it as JSON")
    show.set_defaults(run=run_show)
    validate = actions.add_parser("validate", help="check pack files (default: every pack folder)")
    validate.add_argument(
        "path", nargs="?", type=Path, default=None, help="a pack folder, a toml file or a folder of packs"
    )
    validate.add_argument("--strict", action="store_true", help="treat advice (not only errors) as failure")
    validate.set_defaults(run=run_validate)
    _add_pack_actions(actions)
    _add_record_action(actions)
    say = actions.add_parser("say", help="the client's line in the synthetic voice, written to a WAV file")
    say.add_argument("id", help="scenario id or pack folder")
    say.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.wav", help="where to write it")
    say.set_defaults(run=run_say)


def _add_pack_actions(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``new``, ``export`` and ``import``: the actions that write a pack folder or a zip rather than read one."""
    new = actions.add_parser("new", help="write a commented template pack to fill in")
    new.add_argument("id", help="the new pack's id: lowercase letters, digits and hyphens")
    new.add_argument("--dir", type=Path, default=None, help="where to create it (default: your scenario folder)")
    new.set_defaults(run=run_new)
    export = actions.add_parser("export", help="zip one pack to share with another workstation")
    export.add_argument("id", help="scenario id or pack folder")
    export.add_argument(
        "-o", "--output", type=Path, default=Path("."), help="zip file or folder (default: %(default)s)"
    )
    export.set_defaults(run=run_export)
    imp = actions.add_parser("import", help="unpack a zipped pack safely and validate it")
    imp.add_argument("zip", type=Path, help="a zip made by `scenarios export`")
    imp.add_argument("--dir", type=Path, default=None, help="where to put it (default: your scenario folder)")
    imp.add_argument("--replace", action="store_true", help="overwrite a pack with the same id")
    imp.set_defaults(run=run_import)


def _add_record_action(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``record`` gets a builder of its own: with a turn, a file instead of the microphone and the engine options it is
    the longest action to declare."""
    record = actions.add_parser(
        "record",
        help="record (or import) the client's line into a pack: trimmed, levelled and checked against the text",
        description=(
            "Record the client's line from the microphone (level meter, ends after two seconds of quiet, retake) "
            "or import a recording with --from-wav. The clip is trimmed, converted to 16-bit mono, levelled without "
            "clipping, stored in the pack (a built-in pack is copied to your scenario folder first), transcribed "
            "and compared with the written line, and its delivery measured for the mirroring check."
        ),
    )
    record.add_argument("id", help="scenario id or pack folder")
    record.add_argument(
        "--turn", type=int, default=None, metavar="N", help="conversation turn to record (1 = the client statement)"
    )
    record.add_argument(
        "--from-wav",
        type=Path,
        default=None,
        metavar="FILE",
        help="import this recording (WAV, FLAC or OGG) instead of using the microphone",
    )
    add_engine_options(record)
    record.set_defaults(run=run_record)


def run_list(args: argparse.Namespace) -> int:
    from voice_deesc.scenarios.load import find_packs

    problems: list[str] = []
    packs = find_packs(skip_invalid=problems)
    for problem in problems:
        print(f"voice-deesc: skipped {problem} — run `voice-deesc scenarios validate`", file=sys.stderr)
    if args.json:
        rows = [{**p.scenario.to_dict(), "origin": p.origin.value} for p in packs]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    for pack in packs:
        s = pack.scenario
        marker = "  [safety-critical]" if s.safety_critical else ""
        print(f"{s.id:<30} {pack.origin.value:<9} level {s.difficulty}  {s.title}  ({s.theme_label}){marker}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    from voice_deesc.scenarios.load import get_scenario
    from voice_deesc.scenarios.review import refuse_unfinished

    s = get_scenario(args.id)
    refuse_unfinished(s)
    if args.json:
        print(json.dumps(s.to_dict(), indent=2, ensure_ascii=False))
        return 0
    wrap = textwrap.TextWrapper(width=88, initial_indent="  ", subsequent_indent="  ")
    print(
        f"{s.title}  [{s.id}, level {s.difficulty}, {s.theme_label}{', safety-critical' if s.safety_critical else ''}]"
    )
    print("Context:")
    print(wrap.fill(s.context))
    if s.conversation is not None:
        print("\n".join(conversation_lines(s.conversation, s.client_emotion)))
        print("A reply that works at turn 1:")
        print(wrap.fill(f'"{s.conversation.start.model_reply}"'))
        return 0
    print(f"The client ({s.client_emotion}) says:")
    print(wrap.fill(f'"{s.client_statement}"'))
    if s.client_audio:
        print(f"  (recorded: {s.client_audio})")
    print("Feelings to reflect: " + ", ".join(s.feelings))
    print("Key content: " + ", ".join(s.key_content))
    print("Goals:")
    print("\n".join(f"  - {g}" for g in s.goals))
    print("Avoid:")
    print("\n".join(f"  - {a}" for a in s.avoid))
    print("A reply that works:")
    print(wrap.fill(f'"{s.model_reply}"'))
    return 0


CLIENT_TEXT_CHARS = 80
"""A turn's client line is cut to this in ``show`` (at a word, with "…"): enough to know the turn, and the whole
conversation still fits a screen or two."""


def conversation_lines(conversation: Conversation, emotion: str) -> list[str]:
    """Each turn of a conversation pack: number, id, agitation, the client's line (short), goals, avoid, and where
    each branch leads (a turn by number and id, or an end)."""
    numbers = {turn.id: number for number, turn in enumerate(conversation.turns, 1)}
    path, end = conversation.settle_path()
    route = " → ".join([*(t.id for t in path), end])
    lines = [
        f"A conversation in {len(conversation.turns)} turns; the client ({emotion}) starts at turn 1.",
        f"When every reply settles the client: {route}.",
    ]
    for number, turn in enumerate(conversation.turns, 1):
        hint = "; hints at suicide: ask directly" if turn.safety_hint else ""
        lines.append(f"Turn {number}: {turn.id} (agitation {turn.agitation}/{AGITATION_RANGE[1]}{hint})")
        lines.append(f'  The client says: "{textwrap.shorten(turn.text, CLIENT_TEXT_CHARS, placeholder="…")}"')
        lines += ["  Goals:", *(f"    - {goal}" for goal in turn.goals)]
        lines += ["  Avoid:", *(f"    - {avoid}" for avoid in turn.avoid)]
        branches = [f"{b.value} → {_target(turn.next_for(b), numbers)}" for b in Branch]
        lines.append("  " + "; ".join(branches))
    return lines


def _target(target: str, numbers: dict[str, int]) -> str:
    """A branch's target as a trainee reads it: ``turn 2 (fixing-it)``, or the end: ``end: settled``."""
    return f"turn {numbers[target]} ({target})" if target in numbers else f"end: {target}"


def run_validate(args: argparse.Namespace) -> int:
    from voice_deesc.scenarios.load import pack_folders, validate_tree
    from voice_deesc.scenarios.model import SCENARIO_FILE
    from voice_deesc.scenarios.review import Severity, check_pack

    if args.path is not None:
        files = [file for file, _ in validate_tree(args.path)]
    else:
        folders = [f.path for f in pack_folders() if f.path.is_dir() and any(f.path.glob(f"*/{SCENARIO_FILE}"))]
        files = [file for folder in folders for file, _ in validate_tree(folder)]
    failed = advised = 0
    for file in files:
        problems = check_pack(file)
        failed += any(p.severity is Severity.ERROR for p in problems)
        advised += any(p.severity is Severity.ADVICE for p in problems)
        for problem in sorted(problems, key=lambda p: p.severity is Severity.ADVICE):  # errors first
            print(problem.line)
    ok = len(files) - failed
    print(f"{ok} of {len(files)} scenario files are valid" + (f"; {advised} with advice" if advised else ""))
    return 1 if failed or (args.strict and advised) else 0


def run_new(args: argparse.Namespace) -> int:
    from voice_deesc.scenarios.share import new_pack

    file = new_pack(args.id, args.dir)
    print(f"wrote {file} — fill in every TODO, then run `voice-deesc scenarios validate {file.parent}`")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from voice_deesc.scenarios.load import get_scenario
    from voice_deesc.scenarios.share import export_pack

    target = export_pack(get_scenario(args.id), args.output)
    print(f"wrote {target}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from voice_deesc.scenarios.share import import_pack

    notices: list[str] = []
    scenario = import_pack(args.zip, args.dir, replace=args.replace, notices=notices)
    for notice in notices:
        print(notice, file=sys.stderr)
    print(f"imported {scenario.id} into {scenario.source.parent if scenario.source else args.dir}")
    return 0


def run_record(args: argparse.Namespace) -> int:
    from voice_deesc.commands.scenario_record import run_record as record

    return record(args)


def run_say(args: argparse.Namespace) -> int:
    import soundfile as sf

    from voice_deesc.errors import UsageError
    from voice_deesc.scenarios.load import get_scenario
    from voice_deesc.scenarios.review import refuse_unfinished
    from voice_deesc.tts import synthesize

    if args.output.suffix.lower() != ".wav" or args.output.is_dir():
        raise UsageError(f"-o {args.output}: give a file name ending in .wav")
    scenario = get_scenario(args.id)
    refuse_unfinished(scenario, fields=("client_statement",))
    path = synthesize(scenario.client_statement, args.output)
    print(f"wrote {path} ({sf.info(str(path)).duration:.1f} s): {scenario.id}'s line in the synthetic voice")
    return 0
