"""How well Whisper's word probabilities separate misheard words from right ones, to choose the uncertainty floor.

Usage (from the project root)::

    python scripts/confidence_report.py            # ../shared/data/asr, no prompt and the demo scenario's prompt
    python scripts/confidence_report.py --data DIR

Each recognised word is aligned to the reference transcript (both through
:func:`voice_deesc.asr.wer.normalise_text`, then difflib's matching blocks); a word is "right" when every
token it normalises to is matched, else "wrong" (a substitution or an insertion). For candidate floors the
script prints the share of wrong words and of right words whose probability is below the floor: a good floor
catches most wrong words while marking few right ones. Whisper's first word is printed apart: it scores low even
when right. The chosen floors and their figures are in :data:`voice_deesc.asr.base.UNCERTAIN_BELOW` and
``FIRST_WORD_UNCERTAIN_BELOW``. Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from voice_deesc.asr.base import FIRST_WORD_UNCERTAIN_BELOW, UNCERTAIN_BELOW, Transcript  # noqa: E402
from voice_deesc.asr.wer import normalise_text  # noqa: E402

SHARED_ASR = (
    Path(os.environ["VOICE_DEESC_SHARED"]) / "data" / "asr"
    if os.environ.get("VOICE_DEESC_SHARED")
    else next((p / "shared/data/asr" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()), Path())
)
FLOORS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8)
DEMO_SCENARIO = "lost-housing-voucher"


def labelled_words(reference: str, transcript: Transcript) -> list[tuple[float, bool, bool]]:
    """(confidence, right, first word of the clip) for every recognised word with letters or digits."""
    tokens: list[str] = []
    owner: list[int] = []
    for index, word in enumerate(transcript.words):
        for token in normalise_text(word.text).split():
            tokens.append(token)
            owner.append(index)
    matched = [False] * len(tokens)
    matcher = difflib.SequenceMatcher(a=normalise_text(reference).split(), b=tokens, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.b, block.b + block.size):
            matched[k] = True
    right: dict[int, bool] = {}
    for k, index in enumerate(owner):
        right[index] = right.get(index, True) and matched[k]
    return [(transcript.words[i].confidence, ok, i == min(right)) for i, ok in sorted(right.items())]


def report(labelled: list[tuple[float, bool, bool]], label: str) -> None:
    table(labelled, label, UNCERTAIN_BELOW)
    table([x for x in labelled if x[2]], label + ", first words only", FIRST_WORD_UNCERTAIN_BELOW)
    table([x for x in labelled if not x[2]], label + ", all but first words", UNCERTAIN_BELOW)


def table(labelled: list[tuple[float, bool, bool]], label: str, chosen: float) -> None:
    wrong = [c for c, ok, _ in labelled if not ok]
    right = [c for c, ok, _ in labelled if ok]
    print(f"== {label}: {len(labelled)} words, {len(wrong)} wrong ({len(wrong) / max(1, len(labelled)):.1%})")
    print("floor  wrong below  right below  precision (share of marked words that are wrong)")
    for floor in FLOORS:
        w = sum(c < floor for c in wrong)
        r = sum(c < floor for c in right)
        mark = "  <- chosen floor" if abs(floor - chosen) < 1e-9 else ""
        print(
            f"{floor:5.2f}  {w:3d}/{len(wrong)} {w / max(1, len(wrong)):6.1%}"
            f"  {r:4d}/{len(right)} {r / max(1, len(right)):6.1%}  {w / max(1, w + r):6.1%}{mark}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=SHARED_ASR, help="folder with transcripts.tsv and WAVs")
    args = parser.parse_args()
    table = args.data / "transcripts.tsv"
    if not table.is_file():
        print(f"no {table}: set VOICE_DEESC_SHARED or pass --data")
        return 1
    from voice_deesc.asr.whisper import WhisperTranscriber
    from voice_deesc.audio import load_audio
    from voice_deesc.pipeline import recognition_prompt
    from voice_deesc.scenarios.load import get_scenario

    with open(table, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    transcriber = WhisperTranscriber()
    prompt = recognition_prompt(get_scenario(DEMO_SCENARIO))
    for label, use in (("no prompt", None), ("scenario prompt", prompt)):
        labelled: list[tuple[float, bool, bool]] = []
        for row in rows:
            transcript = transcriber.transcribe(load_audio(args.data / row["file"]), prompt=use)
            labelled += labelled_words(row["transcript"], transcript)
        report(labelled, f"Whisper {transcriber.model}, {len(rows)} clips, {label}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
