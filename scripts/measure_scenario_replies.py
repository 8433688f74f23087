"""Do the packs' model replies survive speech? Speak each with espeak-ng, transcribe with Whisper, re-analyse.

Prints, per pack: WER of the spoken model reply, flagged rubric categories found in the transcript (should be
none), and credit categories the typed reply earned but the transcript lost. Run with and without the
scenario recognition prompt to see its effect:

    PYTHONPATH=src python scripts/measure_scenario_replies.py [--no-prompt] [--ids ID ...]
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path


def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[^a-z' ]", " ", text.lower().replace("’", "'")).split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ids", nargs="*", help="only these scenario ids (default: all built-ins)")
    parser.add_argument("--no-prompt", action="store_true", help="transcribe without the scenario prompt")
    parser.add_argument("--rate-wpm", type=int, default=135, help="speaking rate of the reply (default: %(default)s)")
    args = parser.parse_args()

    import jiwer

    from voice_deesc.asr.base import Transcript
    from voice_deesc.asr.whisper import WhisperTranscriber
    from voice_deesc.audio import load_audio
    from voice_deesc.pipeline import recognition_prompt
    from voice_deesc.scenarios.load import get_scenario, list_scenarios
    from voice_deesc.scenarios.review import FLAG_CATEGORIES
    from voice_deesc.tts import synthesize
    from voice_deesc.wording.analyse import analyse_wording

    scenarios = [get_scenario(i) for i in args.ids] if args.ids else list_scenarios()
    transcriber = WhisperTranscriber()
    wers = []
    with tempfile.TemporaryDirectory() as tmp:
        for s in scenarios:
            audio = load_audio(synthesize(s.model_reply, Path(tmp) / f"{s.id}.wav", rate_wpm=args.rate_wpm))
            started = time.perf_counter()
            heard = transcriber.transcribe(audio, prompt=None if args.no_prompt else recognition_prompt(s))
            seconds = time.perf_counter() - started
            wer = jiwer.wer(_normalise(s.model_reply), _normalise(heard.text))
            wers.append(wer)
            typed = {f.category for f in analyse_wording(Transcript.from_text(s.model_reply), s).findings}
            spoken = {f.category for f in analyse_wording(heard, s).findings}
            print(
                f"{s.id:30} WER {wer:5.2f}  ASR {seconds:4.1f}s  flags {sorted(spoken & FLAG_CATEGORIES)}  "
                f"lost {sorted(typed - spoken)}"
            )
    wers.sort()
    median, mean = wers[len(wers) // 2], sum(wers) / len(wers)
    print(f"{len(wers)} replies: median WER {median:.2f}, mean {mean:.2f}, max {wers[-1]:.2f}")


if __name__ == "__main__":
    main()
