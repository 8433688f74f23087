"""Turning an instructor's recording of the client into a pack's clip: trimmed, one format, a steady level.

Every clip a pack plays goes through :func:`prepare_clip`, so a recording made on a laptop microphone and one
exported from an editor end up alike: the silence before and after the line cut (the trainee should hear the
client start at once and the reply timer should start when the client stops), 16-bit mono at ``CLIP_RATE_HZ``,
and speech at ``TARGET_SPEECH_DBFS`` without a sample reaching full scale.

Level is measured with the app's one frame loudness (``audio.frame_levels_dbfs``, the same measure the mirroring
check reads), not a broadcast loudness standard, so "normalised" here means what the analysis will see.
Storing the clip (:func:`store_clip`) never touches a built-in pack: it is copied to the user's scenario folder
first, where a pack with the same id already takes the built-in one's place.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from voice_deesc.audio import CLIP_LEVEL, SAMPLE_RATE_HZ, Audio, frame_levels_dbfs, resample, save_audio
from voice_deesc.errors import AudioError, ScenarioError, StorageError
from voice_deesc.scenarios.model import CLIENT_AUDIO_FILE, Scenario, turn_clip_name

CLIP_RATE_HZ = 22_050
"""espeak-ng's own output rate: a recorded and a synthesised client then reach the speaker the same way, and the
voice band up to 11 kHz (sibilants, breath) survives, which the 16 kHz analysis rate would cut."""
TARGET_SPEECH_DBFS = -20.0
"""Median level of the speech frames after normalising: ordinary speech at a headset sits near -20 dBFS, leaving
the louder stressed words of an agitated line ~15 dB of room below full scale."""
PEAK_CEILING_DBFS = -1.0
"""No sample above this after the gain: the 16-bit clip never clips, even after the playback resampler overshoots."""
EDGE_PAD_S = 0.15
"""Kept before the first and after the last detected speech, so soft onsets ("h", "f") are not cut."""
MIN_CLIP_S = 1.0
MAX_CLIP_S = 60.0
"""A client line is 2-5 sentences (audio_scenarios/README.md): about 3-35 s spoken. Under a second is a click or a
cut file, over a minute is a whole session or the wrong file."""
LEVEL_FRAME_S = 0.03
SPEECH_FRAMES_BELOW_PEAK_DB = 30.0
"""Frames within 30 dB of the loudest count as speech for the level (the delivery analysis' own speech rule)."""
CLIPPED_FRACTION_WARN = 0.001
"""More than 0.1 % of samples at full scale in the original: the microphone gain was too high; gain cannot undo it."""
VAD_MIN_SILENCE_MS = 600
"""Silero stretches split by shorter silences belong to the same line (a breath between sentences)."""


@dataclass(frozen=True, eq=False)
class PreparedClip:
    """A clip ready to store, and what preparing it did, for the instructor to read."""

    audio: Audio
    """Mono float32 at ``CLIP_RATE_HZ``, trimmed and normalised."""
    trimmed_start_s: float
    """Silence cut from the start."""
    trimmed_end_s: float
    """Silence cut from the end."""
    gain_db: float
    """Gain applied (negative when the recording was too loud)."""
    speech_level_dbfs: float
    """Median level of the speech frames after the gain (``TARGET_SPEECH_DBFS`` unless the peak ceiling held it)."""
    peak_dbfs: float
    """Highest sample after the gain; at most ``PEAK_CEILING_DBFS``."""
    warnings: tuple[str, ...] = ()
    """Problems gain and trimming cannot fix (a clipped original), each with what to do."""


def prepare_clip(audio: Audio, *, source: str = "the recording") -> PreparedClip:
    """Trim the silence around the line, convert it to ``CLIP_RATE_HZ`` and bring its speech to the target level.

    Parameters
    ----------
    audio : Audio
        The recording, any rate (``load_audio(path, sample_rate_hz=CLIP_RATE_HZ)`` or a microphone take).
    source : str
        How to name the recording in messages (its path).

    Raises
    ------
    AudioError
        No speech was heard, or the speech is shorter than ``MIN_CLIP_S`` or longer than ``MAX_CLIP_S``.
    """
    if audio.sample_rate != CLIP_RATE_HZ:
        audio = Audio(resample(audio.samples, audio.sample_rate, CLIP_RATE_HZ), CLIP_RATE_HZ, audio.notes)
    start_s, end_s = _speech_span(audio, source)
    length_s = end_s - start_s
    if length_s < MIN_CLIP_S:
        raise AudioError(
            f"{source}: only {length_s:.1f} s of speech — a client line is a few sentences; record the whole line"
        )
    if length_s > MAX_CLIP_S:
        raise AudioError(
            f"{source}: {length_s:.0f} s of speech, over the {MAX_CLIP_S:.0f} s limit for a client line — "
            "trim it to the one statement"
        )
    warnings = []
    clipped = float(np.mean(np.abs(audio.samples) >= CLIP_LEVEL))
    if clipped > CLIPPED_FRACTION_WARN:
        warnings.append(
            f"{clipped:.1%} of the original samples are at full scale (clipped): the voice will sound distorted — "
            "record again further from the microphone or with the input gain lower (see the recording guide)"
        )
    first, last = round(start_s * CLIP_RATE_HZ), round(end_s * CLIP_RATE_HZ)
    trimmed = audio.samples[first:last].astype(np.float32)
    trimmed = trimmed - np.float32(np.mean(trimmed))  # a DC offset would eat headroom and bias the level
    gain_db = _gain_db(trimmed)
    out = np.clip(trimmed * np.float32(10 ** (gain_db / 20)), -1.0, 1.0).astype(np.float32)
    return PreparedClip(
        audio=replace(audio, samples=out),
        trimmed_start_s=round(start_s, 3),
        trimmed_end_s=round(audio.duration_s - end_s, 3),
        gain_db=round(gain_db, 2),
        speech_level_dbfs=round(speech_level_dbfs(out, CLIP_RATE_HZ), 2),
        peak_dbfs=round(_peak_dbfs(out), 2),
        warnings=tuple(warnings),
    )


def speech_level_dbfs(samples: np.ndarray, rate_hz: int) -> float:
    """Median 30 ms level of the frames within ``SPEECH_FRAMES_BELOW_PEAK_DB`` of the loudest frame."""
    levels = frame_levels_dbfs(samples, frame_length=max(1, round(LEVEL_FRAME_S * rate_hz)))
    return float(np.median(levels[levels >= levels.max() - SPEECH_FRAMES_BELOW_PEAK_DB]))


def _peak_dbfs(samples: np.ndarray) -> float:
    peak = float(np.max(np.abs(samples))) if samples.size else 0.0
    return 20.0 * np.log10(peak) if peak > 0 else -np.inf


def _gain_db(samples: np.ndarray) -> float:
    """The gain to the target speech level, lowered when the loudest sample would pass the peak ceiling."""
    return min(TARGET_SPEECH_DBFS - speech_level_dbfs(samples, CLIP_RATE_HZ), PEAK_CEILING_DBFS - _peak_dbfs(samples))


def _speech_span(audio: Audio, source: str) -> tuple[float, float]:
    """First and last speech (seconds) by the Silero detector inside faster-whisper, padded by ``EDGE_PAD_S``.

    A level threshold would keep a fan's hum or a chair creak as "speech"; the detector the app already uses to
    decide whether a reply holds a voice (speech.py) finds where the voice starts and stops instead.
    """
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    from voice_deesc.speech import TARGET_LEVEL_DBFS, check_speech

    check = check_speech(audio)
    if not check.has_speech:
        raise AudioError(f"{source}: {check.message}")
    samples = resample(audio.samples, audio.sample_rate, SAMPLE_RATE_HZ)
    gain = np.float32(10 ** ((TARGET_LEVEL_DBFS - check.level_dbfs) / 20))
    scaled = np.clip(samples * gain, -1.0, 1.0).astype(np.float32)
    options = VadOptions(min_silence_duration_ms=VAD_MIN_SILENCE_MS, speech_pad_ms=0)
    stamps = get_speech_timestamps(scaled, options, SAMPLE_RATE_HZ)
    if not stamps:
        raise AudioError(f"{source}: no speech was heard — record the client's line again closer to the microphone")
    start = max(0.0, stamps[0]["start"] / SAMPLE_RATE_HZ - EDGE_PAD_S)
    end = min(audio.duration_s, stamps[-1]["end"] / SAMPLE_RATE_HZ + EDGE_PAD_S)
    return start, end


def clip_file_name(turn: int | None) -> str:
    """The file a take is stored as: the statement's ``client.wav``, conversation turn N's ``client-turn-N.wav``.

    Turn 1 is the client statement itself, so it keeps the name every pack already reads.
    """
    return turn_clip_name(turn)


@dataclass(frozen=True)
class StoredClip:
    """Where a clip was written, and what else changed on disk."""

    path: Path
    copied_from: Path | None = None
    """The built-in pack folder copied to the user's folder first, when the pack was built in."""
    previous: Path | None = None
    """Where the clip it replaced was kept."""


def writable_pack_folder(scenario: Scenario) -> tuple[Path, Path | None]:
    """The folder a clip for ``scenario`` goes in, copying a built-in pack to the user's scenario folder first.

    Returns (folder, the built-in folder it was copied from or None). A built-in pack lives inside the installed
    app: writing there would be lost at the next upgrade (or refused, in a system install), and the same id in the
    user's folder already replaces it everywhere, so the copy is what an instructor means by "record this one".

    Raises
    ------
    ScenarioError
        The scenario was not loaded from a pack file (nothing to store a clip in).
    StorageError
        The copy could not be made.
    """
    from voice_deesc.paths import user_scenarios_dir
    from voice_deesc.scenarios.load import builtin_dir

    if scenario.source is None:
        raise ScenarioError(f"{scenario.id}: has no pack folder to store a clip in — give a pack id or folder")
    folder = scenario.source.parent
    if not folder.resolve().is_relative_to(builtin_dir().resolve()):
        return folder, None
    target = user_scenarios_dir() / scenario.id
    if target.exists():  # only reached when that copy is broken: load.py would otherwise have found it first
        raise ScenarioError(
            f"{target} exists but is not a valid pack — fix it (`voice-deesc scenarios validate {target}`) or remove it"
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(folder, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        for path in (target, *target.iterdir()):  # a system install's read-only modes must not follow the copy
            path.chmod(path.stat().st_mode | (0o700 if path.is_dir() else 0o600))
    except OSError as e:
        raise StorageError(f"{target}: the built-in pack could not be copied there ({e.strerror or e})") from e
    return target, folder


def store_clip(clip: PreparedClip, scenario: Scenario, *, turn: int | None = None) -> StoredClip:
    """Write ``clip`` into the scenario's pack (copying a built-in pack first), keeping any clip it replaces.

    The previous clip is renamed to ``<name>.previous`` rather than overwritten: a retake must never lose the take
    an instructor may prefer after all.

    Raises
    ------
    ScenarioError
        The pack names a ``client_voice`` that is not a WAV file, which the new clip could not replace.
    StorageError
        The pack folder cannot be written.
    """
    folder, copied_from = writable_pack_folder(scenario)
    name = clip_file_name(turn)
    named = scenario.client_audio
    if turn in (None, 1) and named is not None and named.name != CLIENT_AUDIO_FILE:
        if named.suffix.lower() != ".wav":
            raise ScenarioError(
                f"{scenario.source}: field 'client_voice' names {named.name!r}; remove that line so the pack "
                f"plays the new {CLIENT_AUDIO_FILE}, then record again"
            )
        name = named.name
    target = folder / name
    previous = None
    try:
        if target.exists():
            previous = target.with_name(target.name + ".previous")
            target.replace(previous)
        save_audio(clip.audio, target, private=False)
    except OSError as e:
        raise StorageError(f"{target}: the clip could not be written ({e.strerror or e}) — check the folder") from e
    return StoredClip(target, copied_from, previous)


def load_clip_source(path: Path) -> Audio:
    """Read a recording to import at ``CLIP_RATE_HZ``, refusing a file far too long before decoding it.

    Raises
    ------
    AudioError
        Missing, not audio (``audio.load_audio``'s checks), or longer than the longest reply the loader takes.
    """
    import soundfile as sf

    from voice_deesc.audio import MAX_DURATION_S, load_audio

    try:
        info = sf.info(str(path))
        seconds = info.frames / info.samplerate if info.samplerate > 0 else 0.0
    except (sf.LibsndfileError, RuntimeError, OSError):
        seconds = 0.0  # load_audio names the problem with the file itself
    if seconds > MAX_DURATION_S:
        raise AudioError(
            f"{path}: {seconds:.0f} s long — a client line is {MIN_CLIP_S:.0f}-{MAX_CLIP_S:.0f} s; "
            "cut the one statement out of it first"
        )
    return load_audio(path, sample_rate_hz=CLIP_RATE_HZ)
