"""What ``voice-deesc scenarios validate`` reports about a pack: every problem on its own line, with the fix.

Errors (the pack cannot be used): what ``scenarios.parse.load_scenario`` refuses, split into one problem per field;
template text left in (``refuse_unfinished`` also stops ``show`` and ``evaluate`` from using such a pack); and a
recording in the pack that is not real, readable audio of a client line's length and level (a text file named
``client.wav``, a silent or hour-long file). Advice (the pack works but could serve practice better): a statement
too long to follow when spoken, digits and abbreviations text-to-speech reads badly, key content the client never
said, a model reply with flagged phrasing, a quiet or clipped recording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from voice_deesc.errors import ScenarioError
from voice_deesc.scenarios.model import AUDIO_SUFFIXES, REQUIRED_LISTS, REQUIRED_TEXT, SCENARIO_FILE, Scenario
from voice_deesc.textenum import TextEnum

# Advice bounds (domain.md: client statements are spoken aloud; replies "concise").
STATEMENT_SENTENCES = (2, 5)
STATEMENT_MAX_WORDS = 90
REPLY_SENTENCES = (2, 5)
LIST_ADVICE_BOUNDS = {"feelings": (2, 5), "key_content": (2, 5), "goals": (2, 4), "avoid": (2, 4)}
FLAG_CATEGORIES = frozenset(
    (
        "why_question",
        "command_feelings",
        "judgment_blame",
        "labeling",
        "minimizing",
        "threat_ultimatum",
        "premature_advice",
        "arguing",
        "avoidance",
        "sarcasm_profanity",
    )
)
"""The flagged rubric categories of domain.md; a model reply must earn none of them."""
_TTS_UNFRIENDLY = re.compile(r"\d+|[%&/#@*+=<>~^|_\\\[\]{}$]|\b[A-Z]{2,}\b")
_TEMPLATE_MARK = "TODO"


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def _stems(text: str) -> set[str]:
    import snowballstemmer

    words = re.findall(r"[a-z]+", text.lower().replace("'", ""))
    return {w for w in snowballstemmer.stemmer("english").stemWords(words) if len(w) > 2}


def review_scenario(scenario: Scenario, *, template_advice: bool = True) -> list[str]:
    """Advice for a pack that loads but could serve practice better; each item names the field and the fix.

    Checks the spoken statement (length, digits and symbols text-to-speech reads badly), list sizes,
    that key content comes from the statement, leftover template text, and that the model reply is
    2-5 sentences and earns no flagged rubric category (domain.md "Wording rubric"). ``template_advice=False``
    leaves out the leftover-template item, for callers that report it as an error (``check_pack``).
    """
    advice: list[str] = []
    statement = scenario.client_statement
    n = len(_sentences(statement))
    low, high = STATEMENT_SENTENCES
    if not low <= n <= high or len(statement.split()) > STATEMENT_MAX_WORDS:
        advice.append(
            f"field 'client_statement' is {n} sentences and {len(statement.split())} words; "
            f"{low}-{high} sentences under {STATEMENT_MAX_WORDS} words are easier to follow when spoken"
        )
    odd = sorted(set(_TTS_UNFRIENDLY.findall(statement)) - {_TEMPLATE_MARK})
    if odd:
        advice.append(
            f"field 'client_statement' contains {', '.join(repr(o) for o in odd)}; spell numbers, symbols and "
            "abbreviations out as words so text-to-speech reads them naturally"
        )
    for key, (low, high) in LIST_ADVICE_BOUNDS.items():
        items = getattr(scenario, key)
        if not low <= len(items) <= high:
            advice.append(f"field '{key}' has {len(items)} items; {low}-{high} keep the feedback focused")
    wordy = [f for f in scenario.feelings if len(f.split()) > 2]
    if wordy:
        advice.append(f"field 'feelings' has {wordy[0]!r}; use plain feeling words such as 'scared' or 'ashamed'")
    statement_stems = _stems(statement)
    for phrase in scenario.key_content:
        if not _stems(phrase) & statement_stems:
            advice.append(
                f"field 'key_content' item {phrase!r} shares no word with the client statement; "
                "use the client's own words so a reply that picks them up gets credit"
            )
    unfinished = unfinished_fields(scenario)
    if unfinished and template_advice:
        advice.append(
            f"fields {', '.join(repr(k) for k in unfinished)} still hold template text ({_TEMPLATE_MARK}); "
            "replace it with your own"
        )
    low, high = REPLY_SENTENCES
    n = len(_sentences(scenario.model_reply))
    if not low <= n <= high:
        advice.append(f"field 'model_reply' is {n} sentences; {low}-{high} keep it concise")
    flagged = _flagged_phrases(scenario)
    if flagged:
        advice.append(
            f"field 'model_reply' uses {', '.join(flagged)}, which the wording rubric flags; "
            "rephrase it, since trainees are told to try this reply"
        )
    from voice_deesc.scenarios.conversation_checks import review_settle_path

    advice += review_settle_path(scenario)
    return advice


def unfinished_fields(scenario: Scenario) -> list[str]:
    """The fields that still hold the template's ``TODO`` text (``scenarios new``)."""
    return [
        key
        for key in (*REQUIRED_TEXT, *REQUIRED_LISTS)
        if _TEMPLATE_MARK in (v if isinstance(v := getattr(scenario, key), str) else " ".join(v))
    ]


def refuse_unfinished(scenario: Scenario, *, fields: tuple[str, ...] | None = None) -> None:
    """Refuse a pack still holding template text: practising on "you're feeling TODO" teaches nothing.

    Parameters
    ----------
    fields : tuple of str, optional
        Only these fields need to be finished (``scenarios say`` needs only the statement); default all.

    Raises
    ------
    ScenarioError
        Naming the pack, the unfinished fields and the fix.
    """
    unfinished = [f for f in unfinished_fields(scenario) if fields is None or f in fields]
    if not unfinished:
        return
    where = scenario.source or scenario.id
    folder = scenario.source.parent if scenario.source else scenario.id
    raise ScenarioError(
        f"{where}: is an unfinished template — fields {', '.join(repr(k) for k in unfinished)} still hold "
        f"{_TEMPLATE_MARK}; write them, then check with `voice-deesc scenarios validate {folder}`"
    )


def _flagged_phrases(scenario: Scenario) -> list[str]:
    """Flagged rubric findings in the model reply, as "'words' (category)"."""
    from voice_deesc.asr.base import Transcript
    from voice_deesc.wording.analyse import analyse_wording

    wording = analyse_wording(Transcript.from_text(scenario.model_reply), scenario)
    return [f"'{f.evidence}' ({f.category.value})" for f in wording.findings if f.category in FLAG_CATEGORIES]


class Severity(TextEnum):
    """An error makes the pack unusable (``validate`` exits 1); advice only under ``--strict``."""

    ERROR = "error"
    ADVICE = "advice"


@dataclass(frozen=True)
class Problem:
    """One problem in a pack, printed as its own line: severity, file, then the field and the fix."""

    severity: Severity
    file: Path
    message: str
    """Names the field (or says what is wrong with the file) and the fix."""

    @property
    def line(self) -> str:
        return f"{self.severity}: {self.file}: {self.message}"


CLIP_QUIET_DBFS = -40.0
"""Speech frames quieter than this play back too faintly next to the synthesised voice (which sits near -20)."""


def check_pack(file: Path) -> list[Problem]:
    """Every problem of one pack file and the recordings in its folder, each a separate ``Problem``.

    Errors: what ``load_scenario`` refuses (one per field), template text left in, and each recording that is not
    real, readable audio of a client line's length with audible speech. Advice: ``review_scenario``'s, plus
    recordings that are quiet or clipped.
    """
    from voice_deesc.scenarios.parse import ScenarioFileError, load_scenario

    file = Path(file)
    problems: list[Problem] = []
    scenario = None
    try:
        scenario = load_scenario(file)
    except ScenarioFileError as e:
        problems += [Problem(Severity.ERROR, e.file, p) for p in e.problems]
    except ScenarioError as e:
        problems.append(Problem(Severity.ERROR, file, str(e).removeprefix(f"{file}: ")))
    folder = file.parent if file.name == SCENARIO_FILE else None
    if folder is not None:
        for audio in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in AUDIO_SUFFIXES):
            problems += [Problem(severity, audio, message) for severity, message in check_clip_file(audio)]
    if scenario is not None:
        for key in unfinished_fields(scenario):
            problems.append(
                Problem(
                    Severity.ERROR,
                    file,
                    f"field '{key}' still holds template text ({_TEMPLATE_MARK}); replace it with your own",
                )
            )
        problems += [Problem(Severity.ADVICE, file, a) for a in review_scenario(scenario, template_advice=False)]
    return problems


def check_clip_file(path: Path) -> list[tuple[Severity, str]]:
    """Is ``path`` real, readable audio of a client line's length, with speech at a usable level?

    The length is read from the header first, so an hour-long file is refused without decoding it.
    """
    import soundfile as sf

    from voice_deesc.scenarios.client_clip import MAX_CLIP_S, MIN_CLIP_S

    redo = f"record it again: `voice-deesc scenarios record {path.parent.name}` (--from-wav FILE to import one)"
    try:
        info = sf.info(str(path))
    except (sf.LibsndfileError, RuntimeError, OSError) as e:
        reason = str(e).strip().splitlines()[0].rsplit(": ", 1)[-1][:80] if str(e).strip() else type(e).__name__
        return [(Severity.ERROR, f"is not readable audio ({reason.rstrip('.')}) — {redo}")]
    seconds = info.frames / info.samplerate if info.samplerate > 0 else 0.0
    if not MIN_CLIP_S <= seconds <= MAX_CLIP_S:
        return [
            (
                Severity.ERROR,
                f"is {_duration(seconds)} long; a client line is {MIN_CLIP_S:.0f}-{MAX_CLIP_S:.0f} s — "
                f"trim it to the one statement, or {redo}",
            )
        ]
    return _clip_level_problems(path, redo)


def _clip_level_problems(path: Path, redo: str) -> list[tuple[Severity, str]]:
    import numpy as np

    from voice_deesc.audio import CLIP_LEVEL, CLIPPED_FRACTION_WARN, load_audio
    from voice_deesc.errors import AudioError
    from voice_deesc.scenarios.client_clip import speech_level_dbfs
    from voice_deesc.speech import check_speech

    try:
        audio = load_audio(path)
    except AudioError as e:
        return [(Severity.ERROR, f"{str(e).removeprefix(f'{path}: ')}; {redo}")]
    speech = check_speech(audio)
    if not speech.has_speech:
        return [(Severity.ERROR, f"{speech.message.split(' — ')[0]} — {redo}")]
    out: list[tuple[Severity, str]] = []
    level = speech_level_dbfs(audio.samples, audio.sample_rate)
    if level < CLIP_QUIET_DBFS:
        out.append(
            (
                Severity.ADVICE,
                f"speech sits at {level:.0f} dBFS, too quiet beside the synthesised voice — "
                f"bring it to a normal level: `voice-deesc scenarios record {path.parent.name} --from-wav {path}`",
            )
        )
    clipped = float(np.mean(np.abs(audio.samples) >= CLIP_LEVEL))
    if clipped > CLIPPED_FRACTION_WARN:
        out.append(
            (Severity.ADVICE, f"{clipped:.1%} of samples are at full scale (clipped), so the voice distorts — {redo}")
        )
    return out


def _duration(seconds: float) -> str:
    if seconds >= 120:
        return f"{seconds / 60:.0f} minutes"
    return f"{seconds:.1f} s"
