"""The written report for a terminal: scores first, then what went well, then what to try."""

from __future__ import annotations

from voice_deesc.pipeline import Attempt


def render_text(attempt: Attempt) -> str:
    """Plain text a trainee can read in ten seconds."""
    a = attempt.assessment
    lines = []
    if attempt.transcript.text:
        lines.append(f'You said: "{attempt.transcript.text}"')
    else:
        lines.append("No words were heard in this reply.")
    scores = [f"overall {a.overall}/100 ({a.band})", f"non-judgmental {a.non_judgmental}"]
    if a.calm is not None:
        scores.insert(1, f"calm {a.calm}")
    lines.append("Scores: " + ", ".join(scores))
    if a.strengths:
        lines.append("What went well:")
        lines.extend(f"  + {s}" for s in a.strengths)
    if a.suggestions:
        lines.append("To try next time:")
        lines.extend(f"  > {s}" for s in a.suggestions)
    for warning in attempt.warnings:
        lines.append(f"Note: {warning}")
    return "\n".join(lines)
