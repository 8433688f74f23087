"""A picture of the reply over time: loudness over the waveform, pitch contour, pauses shaded, words marked.

The time series are computed here from the Audio (librosa ``yin`` and frame RMS), independent of the delivery
analysis' internals, so the picture keeps working whatever the delivery module measures. matplotlib is used
through ``Figure`` directly (no pyplot), so no global backend state is touched.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import numpy as np

FRAME_S = 0.02
"""20 ms frames: fine enough to see a word's loudness, coarse enough to draw quickly."""
PITCH_FMIN_HZ = 65.0
PITCH_FMAX_HZ = 400.0
"""Adult speaking range; same band as the delivery analysis uses."""
YIN_FRAME_LENGTH = 1024
SPEECH_GATE_DB = 35.0
"""Frames within 35 dB of the loudest count as speech (relative gate, survives unknown microphone gain)."""
FLOOR_DBFS = -70.0
SMOOTH_S = 0.1
"""Loudness is drawn smoothed over 100 ms: roughly a syllable, what a listener hears as level."""
PITCH_OUTLIER_ST = 9.0
"""Pitch points more than 9 semitones from the reply's median are octave errors of yin, not speech."""
MIN_VOICED_RUN = 3
"""A voiced stretch shorter than 3 frames (60 ms) is noise."""
LABEL_MAX_WORDS = 3
"""A finding's label on the figure: its first words; the transcript above shows it whole."""
FIGURE_SIZE_IN = (11.0, 6.0)
DPI = 100
COLOURS = {"+": "#2e7d32", "-": "#c62828", "0": "#f9a825", "moment": "#8e24aa", "pause": "#90caf9"}


@dataclass(frozen=True)
class ReplySeries:
    """Per-frame measures of a reply, all arrays of shape (n_frames,)."""

    times_s: np.ndarray
    level_dbfs: np.ndarray
    f0_hz: np.ndarray
    """Fundamental frequency; NaN where the frame is unvoiced or quiet."""
    envelope: np.ndarray
    """Peak absolute sample value per frame, for drawing the waveform."""


def reply_series(audio: Any, *, frame_s: float = FRAME_S) -> ReplySeries:
    """Loudness, pitch and waveform envelope per frame of ``audio``.

    Parameters
    ----------
    audio : Audio
        Mono float32 samples in [-1, 1] with their sample rate.
    frame_s : float > 0
        Frame hop in seconds.

    Returns
    -------
    ReplySeries
    """
    import librosa

    samples = np.asarray(audio.samples, dtype=np.float32)
    rate = int(audio.sample_rate)
    hop = max(1, round(frame_s * rate))
    n = len(samples) // hop
    if n < 2:
        empty = np.zeros(0)
        return ReplySeries(empty, empty, empty, empty)
    frames = samples[: n * hop].reshape(n, hop).astype(np.float64)
    rms = np.sqrt(np.mean(frames**2, axis=1))
    level = np.maximum(20.0 * np.log10(np.maximum(rms, 1e-10)), FLOOR_DBFS)
    envelope = np.abs(frames).max(axis=1)
    f0 = np.full(n, np.nan)
    if len(samples) >= YIN_FRAME_LENGTH:
        raw = librosa.yin(
            samples, fmin=PITCH_FMIN_HZ, fmax=PITCH_FMAX_HZ, sr=rate, frame_length=YIN_FRAME_LENGTH, hop_length=hop
        )[:n]
        speech = level[: len(raw)] > max(level.max() - SPEECH_GATE_DB, FLOOR_DBFS + 10)
        plausible = (raw > PITCH_FMIN_HZ * 1.05) & (raw < PITCH_FMAX_HZ * 0.95)
        f0[: len(raw)] = np.where(speech & plausible, raw, np.nan)
        f0 = _clean_pitch(f0)
    width = max(1, round(SMOOTH_S / frame_s))
    smooth = np.convolve(level, np.ones(width) / width, mode="same") if n >= width else level
    times = (np.arange(n) + 0.5) * hop / rate
    return ReplySeries(times, smooth, f0, envelope)


def _clean_pitch(f0: np.ndarray) -> np.ndarray:
    """Drop yin's octave jumps (far from the median) and voiced runs too short to be speech."""
    voiced = np.isfinite(f0)
    if not voiced.any():
        return f0
    median = float(np.median(f0[voiced]))
    with np.errstate(invalid="ignore"):
        far = np.abs(12.0 * np.log2(f0 / median)) > PITCH_OUTLIER_ST
    out = np.where(far, np.nan, f0)
    keep = np.isfinite(out)
    start = None
    for i, flag in enumerate([*keep.tolist(), False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            if i - start < MIN_VOICED_RUN:
                out[start:i] = np.nan
            start = None
    return out


def render_png(attempt: Any, audio: Any, *, dpi: int = DPI) -> bytes:
    """The figure as PNG bytes: waveform with words, loudness and pitch; pauses and findings marked."""
    from matplotlib.figure import Figure

    series = reply_series(audio)
    duration = max(float(audio.duration_s), 0.1)
    fig = Figure(figsize=FIGURE_SIZE_IN, dpi=dpi, layout="constrained")
    wave, loud, pitch = fig.subplots(3, 1, sharex=True, height_ratios=(1.3, 2, 2))
    fig.suptitle("Your reply over time", x=0.01, ha="left", fontsize=12)

    wave.fill_between(series.times_s, -series.envelope, series.envelope, color="#90a4ae", lw=0)
    peak = float(series.envelope.max()) if series.envelope.size else 1.0
    wave.set_ylim(-1.25 * max(peak, 1e-3), 1.25 * max(peak, 1e-3))
    wave.set_yticks([])
    wave.set_ylabel("waveform")

    loud.plot(series.times_s, series.level_dbfs, color="#37474f", lw=1.3)
    loud.set_ylabel("loudness (dBFS)")
    top_db = float(series.level_dbfs.max()) if series.level_dbfs.size else 0.0
    loud.set_ylim(max(FLOOR_DBFS, top_db - 45), min(0.0, top_db + 8))

    pitch.plot(series.times_s, series.f0_hz, color="#1565c0", lw=1.6)
    pitch.set_ylabel("pitch (Hz)")
    pitch.set_xlabel("time (s)")
    pitch.set_xlim(0, duration)
    voiced = series.f0_hz[np.isfinite(series.f0_hz)]
    if voiced.size:
        pitch.set_ylim(max(PITCH_FMIN_HZ - 10, voiced.min() * 0.85), min(PITCH_FMAX_HZ + 20, voiced.max() * 1.15))
    else:
        pitch.set_ylim(PITCH_FMIN_HZ, PITCH_FMAX_HZ)
        pitch.text(0.5, 0.5, "no voiced speech", transform=pitch.transAxes, ha="center", color="#757575")

    axes = (wave, loud, pitch)
    pauses = tuple(getattr(attempt.delivery, "pauses", ()) or ()) if attempt.delivery is not None else ()
    for i, p in enumerate(pauses):
        for ax in axes:
            ax.axvspan(p.start_s, p.end_s, color=COLOURS["pause"], alpha=0.4, lw=0, label="pause" if i == 0 else None)
    _mark_findings(axes, loud, attempt)
    _mark_moments(axes, attempt)
    _label_words(wave, attempt)
    handles, labels = wave.get_legend_handles_labels()
    if handles:
        fig.legend(handles, labels, loc="outside upper right", ncol=len(handles), fontsize=8, frameon=False)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def _mark_findings(axes: Any, loud: Any, attempt: Any) -> None:
    names = {"+": "went well", "-": "to change"}
    used: set[str] = set()
    row = -1
    for f in getattr(attempt.wording, "findings", ()):
        start, end = getattr(f, "start_s", None), getattr(f, "end_s", None)
        polarity = str(getattr(f, "polarity", "0"))
        if start is None or end is None or end <= start or polarity not in names:
            continue
        label = names[polarity] if polarity not in used else None
        used.add(polarity)
        for ax in axes:
            ax.axvspan(start, end, color=COLOURS[polarity], alpha=0.2, lw=0, label=label if ax is axes[0] else None)
        label_text = str(f.evidence)
        if len(label_text.split()) > LABEL_MAX_WORDS:
            label_text = " ".join(label_text.split()[:LABEL_MAX_WORDS]) + "…"
        row += 1
        loud.annotate(
            label_text,
            xy=(start, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(2, -3 - 10 * (row % 2)),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=8,
            color=COLOURS[polarity],
            fontweight="bold",
            annotation_clip=True,
        ).set_in_layout(False)  # labels near the right edge must not shrink the axes


def _mark_moments(axes: Any, attempt: Any) -> None:
    first = True
    for tip in getattr(attempt.assessment, "suggestion_details", ()):
        if tip.start_s is None or tip.start_char is not None:
            continue  # wording tips are drawn as findings
        for ax in axes:
            ax.axvline(
                tip.start_s, color=COLOURS["moment"], lw=1.5, ls="--", label="delivery moment" if first else None
            )
            first = False
            if tip.end_s is not None and tip.end_s > tip.start_s:
                ax.axvspan(tip.start_s, tip.end_s, color=COLOURS["moment"], alpha=0.12, lw=0)


def _label_words(ax: Any, attempt: Any) -> None:
    """Each recognised word at its start time, on three staggered rows so neighbours do not overlap."""
    if attempt.transcript.engine == "text":
        return
    for i, w in enumerate(attempt.transcript.words):
        if w.end_s <= w.start_s:
            continue
        ax.annotate(
            w.text,
            xy=(w.start_s, 0.97 - 0.31 * (i % 3)),
            xycoords=("data", "axes fraction"),
            va="top",
            fontsize=7,
            color="#263238",
            annotation_clip=True,
        ).set_in_layout(False)
