"""How the reply sounded: pace, pauses, loudness, vocal effort and pitch as stand-ins for a calm tone.

Targets and their sources are in domain.md, "Delivery targets". A pure function of the audio, the word
timings and (optionally) the trainee's neutral baseline reading and the client's clip: same WAV in, same
numbers out. Works without word timings (energy-based speech and pause detection, syllable nuclei) and uses
them when present (words per minute, pause after a validating phrase).

The stages live in small modules: frames (speech mask, spectrum), pauses, rate, loudness, pitch, baseline.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from voice_deesc.asr.base import Transcript, Word
from voice_deesc.audio import CLIPPED_FRACTION_WARN, Audio
from voice_deesc.delivery.baseline import VoiceProfile, compare_voices, profile_voice
from voice_deesc.delivery.frames import HOP_S, MIN_PAUSE_S, Frames, compute_frames
from voice_deesc.delivery.loudness import EffortSummary, LoudnessSummary, summarise_effort, summarise_loudness
from voice_deesc.delivery.pauses import Pause, PauseSummary, pauses_inside, summarise_pauses
from voice_deesc.delivery.pitch import PitchSummary, PitchTrack, summarise_pitch, track_pitch
from voice_deesc.delivery.rate import summarise_rate
from voice_deesc.delivery.record import MIRROR_EFFORT_MARGIN_DB, Delivery, Mirroring
from voice_deesc.delivery.verdicts import Aspect

__all__ = [
    "MIN_PAUSE_S",
    "Delivery",
    "Mirroring",
    "Pause",
    "ReplyTracks",
    "VoiceMeasures",
    "analyse_delivery",
    "measure_voice",
    "reply_tracks",
    "warm_up",
]

SHORT_REPLY_S = 1.0
"""Under a second of audio the measures are too few to trust."""
LOW_SNR_DB = 15.0
"""Speech less than 15 dB above the noise floor: levels and pitch are less reliable."""
DC_OFFSET_WARN = 0.01
"""A mean sample value beyond 1 % of full scale is a DC offset (faulty interface); it is removed first."""
TELEPHONE_BAND_HZ = 4000.0
WORD_EDGE_SLACK_S = 0.2
"""Recognisers place word edges to within ~0.2 s; energy edges further out than that are not the words."""


@dataclass(frozen=True, eq=False)
class ReplyTracks:
    """The per-frame series the delivery measures are taken from, for drawing (reports/figure.py)."""

    times_s: np.ndarray
    """Frame times on the 10 ms analysis grid, shape (n,)."""
    level_dbfs: np.ndarray
    """Frame level in dBFS, shape (n,): the loudness the analysis measures."""
    f0_hz: np.ndarray
    """F0 where the analysis counts the frame as voiced, NaN elsewhere, shape (n,)."""
    speech: np.ndarray
    """bool, shape (n,): the frames the analysis counts as speech."""


def reply_tracks(audio: Audio) -> ReplyTracks:
    """The analysis' own loudness and pitch tracks of ``audio`` (same frames, same pitch band, same voicing)."""
    frames = compute_frames(audio)
    track = track_pitch(audio.samples, frames)
    return ReplyTracks(frames.times_s, frames.level_dbfs, track.f0_hz, frames.speech)


@dataclass(frozen=True, eq=False)
class VoiceMeasures:
    """What the delivery analysis takes from the audio alone, before the words are known.

    Split out so that a cold ``analyse`` can measure the voice while the recogniser decodes (both spend their
    time in native code); :func:`analyse_delivery` then adds what needs the word timings.
    """

    frames: Frames
    track: PitchTrack
    loudness: LoudnessSummary
    effort: EffortSummary
    pitch: PitchSummary
    baseline: VoiceProfile | None
    """The neutral reading's profile, when one was given."""
    client: VoiceProfile | None
    """The client clip's profile, when one was given."""


def measure_voice(audio: Audio, *, baseline: Audio | None = None, client_audio: Audio | None = None) -> VoiceMeasures:
    """The word-independent half of :func:`analyse_delivery` (same arguments, same numbers)."""
    frames = compute_frames(audio)
    track = track_pitch(audio.samples, frames)
    return VoiceMeasures(
        frames=frames,
        track=track,
        loudness=summarise_loudness(audio.samples, frames),
        effort=summarise_effort(frames, voiced=track.voiced),
        pitch=summarise_pitch(track, hop_s=HOP_S),
        baseline=None if baseline is None else profile_voice(baseline),
        client=None if client_audio is None else profile_voice(client_audio),
    )


def analyse_delivery(
    audio: Audio,
    transcript: Transcript,
    *,
    baseline: Audio | None = None,
    client_audio: Audio | None = None,
    measures: VoiceMeasures | None = None,
) -> Delivery:
    """Measure a reply's delivery from its audio and (when present) word timings.

    Parameters
    ----------
    audio : Audio
        The reply, mono float32; any length (silence and sub-second clips give ``None`` measures and a warning).
    transcript : Transcript
        Recognised words; may be empty. Word timings give words/min and pauses after validating phrases.
    baseline : Audio, optional
        The same speaker reading neutrally; turns loudness, effort, pitch and rate into deltas.
    client_audio : Audio, optional
        The client's recorded statement; adds a mirroring comparison.
    measures : VoiceMeasures, optional
        :func:`measure_voice` of the same ``audio``, ``baseline`` and ``client_audio``, already taken.

    Returns
    -------
    Delivery
        Never raises on odd audio: problems become ``warnings``.
    """
    if measures is None:
        measures = measure_voice(audio, baseline=baseline, client_audio=client_audio)
    frames, track = measures.frames, measures.track
    pauses = summarise_pauses(frames, transcript.words)
    words = transcript.words if transcript.has_word_timings else ()
    span = _speaking_span(pauses, words)
    delivery = Delivery(
        duration_s=round(audio.duration_s, 3),
        speaking_time_s=round(span[1] - span[0], 2) if span else 0.0,
        speech_time_s=round(float(frames.speech.sum()) * HOP_S, 2),
        reply_latency_s=None if span is None else span[0],
        rate=summarise_rate(frames, track.voiced, words=words, span_s=span, duration_s=audio.duration_s),
        pauses=pauses_inside(pauses, span),
        loudness=measures.loudness,
        effort=measures.effort,
        pitch=measures.pitch,
        warnings=tuple(_warnings(audio, frames, bool(transcript.words), measures.loudness.clipped_fraction)),
    )
    reference = measures.baseline
    if reference is not None:
        delivery = replace(delivery, baseline=compare_voices(delivery.profile, reference))
        if reference.speech_s < SHORT_REPLY_S:
            note = "the baseline recording has under a second of speech; deltas are rough"
            delivery = replace(delivery, warnings=(*delivery.warnings, note))
    if measures.client is not None:
        delivery = replace(delivery, mirroring=_mirror(delivery.profile, measures.client))
    return delivery


def _speaking_span(pauses: PauseSummary, words: tuple[Word, ...]) -> tuple[float, float] | None:
    """First speech onset to last offset; word timings, when present, trim sounds outside the words.

    A cough before the reply or a chair creak after it is sound but not speech; recognisers in turn stretch
    the last word over the silence after it, so the energy edges are kept where they are inside the words.
    """
    if pauses.speech_start_s is None or pauses.speech_end_s is None:
        return None
    timed = [w for w in words if w.end_s > w.start_s]
    onsets = [pauses.speech_start_s, *(p.end_s for p in pauses.pauses)]
    offsets = [*(p.start_s for p in pauses.pauses), pauses.speech_end_s]
    if not timed:
        return onsets[0], offsets[-1]
    first, last = timed[0].start_s - WORD_EDGE_SLACK_S, timed[-1].end_s + WORD_EDGE_SLACK_S
    inside = [(a, b) for a, b in zip(onsets, offsets, strict=True) if b > first and a < last]
    if not inside:
        return onsets[0], offsets[-1]
    return max(inside[0][0], first), min(inside[-1][1], last)


def _mirror(reply: VoiceProfile, client: VoiceProfile) -> Mirroring:
    deltas = compare_voices(reply, client)
    if deltas.effort_db is None:
        return Mirroring(client, deltas, None)
    calmer = deltas.effort_db <= -MIRROR_EFFORT_MARGIN_DB and (deltas.rate_pct is None or deltas.rate_pct <= 10.0)
    if calmer:
        return Mirroring(client, deltas, Aspect.CALMER)
    if deltas.effort_db > -MIRROR_EFFORT_MARGIN_DB:
        return Mirroring(client, deltas, Aspect.CLOSE_EFFORT)
    return Mirroring(client, deltas, Aspect.FASTER)


def _warnings(audio: Audio, frames: Frames, has_words: bool, clipped_fraction: float) -> list[str]:
    out: list[str] = []
    speech_s = float(frames.speech.sum()) * HOP_S
    if audio.duration_s < SHORT_REPLY_S:
        out.append(f"the recording is very short ({audio.duration_s:.1f} s); delivery measures are rough")
    if speech_s == 0.0:
        out.append("no speech was found in the audio, so pace, loudness and pitch could not be measured")
        return out
    if not has_words:
        out.append("no words were recognised; pace is estimated from syllables in the audio")
    if audio.samples.size and abs(float(np.mean(audio.samples))) > DC_OFFSET_WARN:
        out.append("the recording has a DC offset (a fault in the audio interface); it was removed before measuring")
    speech_level = float(np.median(frames.level_dbfs[frames.speech]))
    if speech_level - frames.noise_floor_dbfs < LOW_SNR_DB:
        out.append(
            f"background noise is only {speech_level - frames.noise_floor_dbfs:.0f} dB below the voice; "
            "pauses and pitch are less reliable — record somewhere quieter"
        )
    if clipped_fraction > CLIPPED_FRACTION_WARN:
        out.append("the recording clips (too loud for the input); loudness and vocal effort are overestimated")
    high = frames.power[frames.freqs_hz > TELEPHONE_BAND_HZ * 1.05][:, frames.speech].sum()
    if high < 1e-4 * frames.power[:, frames.speech].sum():
        out.append("the recording has no sound above 4 kHz (telephone quality); pitch and effort are less reliable")
    return out


def warm_up() -> None:
    """Run the delivery analysis once on a short synthetic vowel, so the first real reply pays no one-off costs.

    The pitch tracker and spectrum are plain numpy now (no JIT to compile), so what is left is small: measured
    here, the first call takes ~0.04 s against ~0.01 s after. Front ends still call this in a background thread
    while the client's statement is playing, where it costs the trainee nothing.
    """
    sr = 16_000
    t = np.arange(sr // 2) / sr
    vowel = sum(np.sin(2 * np.pi * 120 * k * t) / k for k in range(1, 6)) * (0.1 * ((t % 0.25) < 0.18))
    analyse_delivery(Audio(vowel.astype(np.float32), sr), Transcript((), "", "warm-up", ""))
