"""A picture of the reply over time: loudness over the waveform, pitch contour, pauses shaded, words marked.

The loudness and pitch drawn are the delivery analysis' own tracks (``delivery.analyse.reply_tracks``: same
frames, same pitch band and voicing decision), so the picture cannot contradict the measures table. matplotlib is
used through ``Figure`` directly (no pyplot), so no global backend state is touched.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from voice_deesc.audio import Audio
from voice_deesc.delivery.pitch import PITCH_FMAX_HZ, PITCH_FMIN_HZ

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from voice_deesc.pipeline import Attempt

FLOOR_DBFS = -70.0
SMOOTH_S = 0.1
"""Loudness is drawn smoothed over 100 ms: roughly a syllable, what a listener hears as level."""
LABEL_MAX_WORDS = 3
"""A finding's label on the figure: its first words; the transcript above shows it whole."""
FIGURE_SIZE_IN = (11.0, 6.0)
DPI = 100
COLOURS = {"+": "#2e7d32", "-": "#c62828", "0": "#f9a825", "moment": "#8e24aa", "pause": "#90caf9"}


@dataclass(frozen=True, eq=False)
class ReplySeries:
    """Per-frame measures of a reply, all arrays of shape (n_frames,)."""

    times_s: np.ndarray
    level_dbfs: np.ndarray
    f0_hz: np.ndarray
    """Fundamental frequency; NaN where the frame is unvoiced or quiet."""
    envelope: np.ndarray
    """Peak absolute sample value per frame, for drawing the waveform."""


def reply_series(audio: Audio) -> ReplySeries:
    """Loudness (smoothed for drawing), pitch and waveform envelope of ``audio`` on the analysis' 10 ms grid.

    Parameters
    ----------
    audio : Audio
        Mono float32 samples in [-1, 1] with their sample rate.

    Returns
    -------
    ReplySeries
    """
    from voice_deesc.delivery.analyse import reply_tracks
    from voice_deesc.delivery.frames import HOP_S

    if audio.samples.size == 0:
        empty = np.zeros(0)
        return ReplySeries(empty, empty, empty, empty)
    tracks = reply_tracks(audio)
    n = tracks.level_dbfs.size
    hop = max(1, round(HOP_S * audio.sample_rate))
    padded = np.pad(np.abs(audio.samples), (0, max(0, n * hop - audio.samples.size)))
    envelope = padded[: n * hop].reshape(n, hop).max(axis=1)
    level = np.maximum(tracks.level_dbfs, FLOOR_DBFS)
    width = max(1, round(SMOOTH_S / HOP_S))
    smooth = np.convolve(level, np.ones(width) / width, mode="same") if n >= width else level
    return ReplySeries(tracks.times_s + HOP_S / 2, smooth, tracks.f0_hz, envelope)


def render_png(attempt: Attempt, audio: Audio, *, dpi: int = DPI) -> bytes:
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
    pauses = attempt.delivery.pauses.pauses if attempt.delivery is not None else ()
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


def _mark_findings(axes: tuple[Axes, ...], loud: Axes, attempt: Attempt) -> None:
    names = {"+": "went well", "-": "to change"}
    used: set[str] = set()
    row = -1
    for f in attempt.wording.findings:
        start, end = f.start_s, f.end_s
        polarity = f.polarity.value
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


def _mark_moments(axes: tuple[Axes, ...], attempt: Attempt) -> None:
    first = True
    for tip in attempt.assessment.suggestion_details:
        if tip.start_s is None or tip.start_char is not None:
            continue  # wording tips are drawn as findings
        for ax in axes:
            ax.axvline(
                tip.start_s, color=COLOURS["moment"], lw=1.5, ls="--", label="delivery moment" if first else None
            )
            first = False
            if tip.end_s is not None and tip.end_s > tip.start_s:
                ax.axvspan(tip.start_s, tip.end_s, color=COLOURS["moment"], alpha=0.12, lw=0)


def _label_words(ax: Axes, attempt: Attempt) -> None:
    """Each recognised word at its start time, on three staggered rows so neighbours do not overlap."""
    if not attempt.transcript.has_word_timings:
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


AGITATION_COLOURS = {"start": "#546e7a", "settles": "#1b9e3e", "holds": "#f2a900", "escalates": "#d7263d"}
"""Marker colour of each point of the agitation curve: the client before the first turn, then each reply's branch.
Saturated and used for nothing else in the figure, so every point stays distinct from the line and the text."""
AGITATION_FIGURE_SIZE_IN = (8.0, 3.6)
AGITATION_MAX = 10
"""The client's agitation scale is 0-10."""


def render_agitation_png(
    curve: Sequence[int], branches: Sequence[str], *, end_label: str = "", dpi: int = DPI
) -> bytes:
    """The client's agitation over a conversation as PNG bytes: one point before the first turn and one per reply.

    Parameters
    ----------
    curve : sequence of int in [0, 10]
        The agitation before the first turn, then after each reply (``ConversationResult.agitation_curve``).
    branches : sequence of str
        Each reply's branch (``settles``, ``holds``, ``escalates``), ``len(curve) - 1`` of them: colours the point
        after that reply.
    end_label : str
        Written beside the last point (the end state, or that the conversation stopped early).
    """
    from matplotlib.figure import Figure

    if len(branches) != max(len(curve) - 1, 0):
        raise ValueError(f"{len(curve)} agitation points need {max(len(curve) - 1, 0)} branches, got {len(branches)}")
    fig = Figure(figsize=AGITATION_FIGURE_SIZE_IN, dpi=dpi, layout="constrained")
    ax = fig.subplots()
    ax.set_title("How the client's agitation moved", loc="left", fontsize=12)
    xs = list(range(len(curve)))
    ax.plot(xs, list(curve), color="#b0bec5", lw=2, zorder=1)
    kinds = ["start", *branches]
    ax.scatter(
        xs,
        list(curve),
        s=150,
        c=[AGITATION_COLOURS.get(k, AGITATION_COLOURS["start"]) for k in kinds],
        edgecolors="white",
        linewidths=1.5,
        zorder=2,
    )
    for x, y, kind in zip(xs[1:], curve[1:], branches, strict=True):
        ax.annotate(
            kind,
            xy=(x, y),
            xytext=(0, -16),
            textcoords="offset points",
            ha="center",
            fontsize=8,
            color="#263238",
        )
    if end_label and xs:
        ax.annotate(
            end_label, xy=(xs[-1], curve[-1]), xytext=(12, 6), textcoords="offset points", fontsize=9, color="#263238"
        )
    ax.set_ylim(-1.5, AGITATION_MAX + 1)
    ax.set_yticks(range(0, AGITATION_MAX + 1, 2))
    ax.set_ylabel("client agitation (0-10)")
    ax.set_xlim(-0.5, max(len(curve) - 0.5, 0.5) + (1.0 if end_label else 0.0))
    ax.set_xticks(xs, ["start", *(f"after {i}" for i in xs[1:])])
    ax.set_xlabel("turn")
    ax.grid(axis="y", color="#eceff1", lw=0.8)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
