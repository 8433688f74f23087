"""Every sentence the trainee reads or hears about their reply, in one place (domain.md "Feedback style").

Written from typed records (a delivery verdict's measure, value, moment and aspect; a rubric category), never
parsed back: rewording a sentence here changes what the trainee reads and nothing else. Depends only on the
vocabularies (``delivery.verdicts``, ``wording.rubric``), so the analysis can phrase its report notes here too.
"""

from __future__ import annotations

from voice_deesc.delivery.verdicts import Aspect, Measure, MeasureVerdict, Verdict
from voice_deesc.wording.rubric import Category


def clock(seconds: float | None) -> str:
    """``67.4`` -> ``"1:07"``; empty for ``None``. The one time format of every report and sentence."""
    if seconds is None:
        return ""
    whole = max(0, round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def at_clock(seconds: float | None) -> str:
    """`` at 0:07`` or nothing, for appending to a sentence."""
    return f" at {clock(seconds)}" if seconds is not None else ""


# --- delivery: the calm analysis' notes (observation; own advice) -------------------------------------------

MEASURE_LABELS = {
    Measure.RATE: "Pace",
    Measure.PAUSES: "Pauses",
    Measure.EFFORT: "Voice effort",
    Measure.PITCH_LEVEL: "Pitch level",
    Measure.PITCH_VARIETY: "Pitch variety",
    Measure.PITCH_END_RISE: "Pitch rise",
    Measure.STEADINESS: "Volume steadiness",
    Measure.MIRRORING: "Calmer than the client",
    Measure.SPEECH: "Speech",
    Measure.EFFORT_VS_BASELINE: "Effort vs baseline",
    Measure.LOUDNESS_VS_BASELINE: "Loudness vs baseline",
    Measure.PITCH_VS_BASELINE: "Pitch vs baseline",
    Measure.RATE_VS_BASELINE: "Rate vs baseline",
}
"""Delivery measures in plain words."""
MICROPHONE_HEDGE = " (microphones differ, so a neutral baseline recording makes this reading fairer)"


def measure_label(measure: Measure) -> str:
    return MEASURE_LABELS[measure]


def calm_note(v: MeasureVerdict) -> str:
    """The report's note on one verdict: what was heard, then (after ``; ``) the analysis' own advice if any."""
    observation, advice = _OBSERVATIONS[v.measure](v)
    return f"{observation}; {advice}" if advice else observation


def observation_and_advice(v: MeasureVerdict) -> tuple[str, str]:
    """The two halves of :func:`calm_note`: what was heard, and the verdict's own advice ('' when it has none)."""
    return _OBSERVATIONS[v.measure](v)


CLEARLY_BELOW_DB = 3.0
"""domain.md: loudness within +-3 dB of the baseline is "about as loud"; further below is quieter."""
CLEARLY_BELOW_ST = 1.0
"""domain.md: median F0 within +-1 st of the baseline is close to it; further below is lower."""


def _number(v: MeasureVerdict) -> float:
    return 0.0 if v.value is None else float(v.value)


def _speech(v: MeasureVerdict) -> tuple[str, str]:
    return "no speech was heard to assess", ""


def _effort(v: MeasureVerdict) -> tuple[str, str]:
    """``value`` is dB above typical calm speech: only a positive value is ever called raised."""
    where = "" if v.at_s is None else f"around {clock(v.at_s)} "
    above = _number(v)
    if v.verdict == Verdict.OK or above <= 0.0:
        return "a relaxed, unforced voice", ""
    how_much = f" ({above:.1f} dB more energy above 1 kHz than typical calm speech)"
    if v.verdict == Verdict.WATCH:
        return (
            f"{where}your voice had a slightly pressed, raised quality{how_much}",
            f"a softer voice helps the client settle{MICROPHONE_HEDGE}",
        )
    return (
        f"{where}your voice sounded raised or strained{how_much}",
        f"dropping the volume a step helps the client settle{MICROPHONE_HEDGE}",
    )


def _pitch_level(v: MeasureVerdict) -> tuple[str, str]:
    if v.verdict == Verdict.OK:
        return "a comfortable pitch", ""
    return f"your voice sat high ({_number(v):.0f} Hz), which can sound tense", "a lower, slower start can help"


def _rate(v: MeasureVerdict) -> tuple[str, str]:
    wpm = _number(v)
    how = " (estimated from syllables)" if v.estimated else ""
    if v.aspect == Aspect.HALTING:
        return f"{wpm:.0f} words a minute{how} is slower than conversation", "natural slowing is enough"
    if v.aspect == Aspect.SPED_UP:
        return f"an unhurried {wpm:.0f} words a minute overall, but you sped up at {clock(v.at_s)}", ""
    if v.verdict == Verdict.OK:
        return f"{wpm:.0f} words a minute{how} is an unhurried pace", ""
    if v.verdict == Verdict.WATCH:
        return f"{wpm:.0f} words a minute{how} is at the quick edge of a calm pace", ""
    return f"{wpm:.0f} words a minute{how} is faster than a calm pace", "try slowing a little"


def _pauses(v: MeasureVerdict) -> tuple[str, str]:
    value = _number(v)
    if v.aspect == Aspect.LONG_RUN:
        return f"{value:.0f} s without a pause from {clock(v.at_s)}", "a breath gives the client room to answer"
    if v.aspect == Aspect.LONG_SILENCE:
        return f"a {value:.1f} s silence at {clock(v.at_s)} mid-reply may feel like you lost the thread", ""
    if v.aspect == Aspect.SLOW_START:
        return f"{value:.1f} s passed before you began", "a shorter gap shows you are with them"
    if v.aspect == Aspect.AFTER_VALIDATION:
        return f"you paused {value:.1f} s after '{v.phrase}' at {clock(v.at_s)}, giving the words room", ""
    n = round(value)
    return (
        f"{n} natural pause{'s' if n != 1 else ''} of a quarter second or more" if n else "a short, even phrase"
    ), ""


def _steadiness(v: MeasureVerdict) -> tuple[str, str]:
    if v.aspect == Aspect.CLIPPED:
        return "the recording clipped: either the voice was very loud or the microphone gain is too high", ""
    if v.verdict == Verdict.OK:
        return "your volume stayed steady", ""
    if v.aspect == Aspect.RISE:
        return f"at {clock(v.at_s)} your voice rose about {_number(v):.0f} dB above your usual level", ""
    return f"your voice grew about {_number(v):.0f} dB louder toward the end", ""


def _variety(v: MeasureVerdict) -> tuple[str, str]:
    if v.verdict == Verdict.OK:
        return "natural pitch movement, which sounds warm", ""
    return f"your pitch stayed quite flat ({_number(v):.1f} semitones of movement)", "a little melody sounds warmer"


def _end_rise(v: MeasureVerdict) -> tuple[str, str]:
    return f"from {clock(v.at_s)} your pitch rose about {_number(v):.0f} semitones", ""


def _mirroring(v: MeasureVerdict) -> tuple[str, str]:
    return mirroring_note(v.aspect, effort_db=v.value, rate_pct=v.detail), ""


def mirroring_note(aspect: Aspect | None, *, effort_db: float | None, rate_pct: float | None) -> str:
    """The reply against the client's clip, in words (also stored with the mirroring measures)."""
    if aspect == Aspect.CALMER:
        return f"your voice stayed calmer than the client's ({-(effort_db or 0.0):.1f} dB less vocal effort)"
    if aspect == Aspect.CLOSE_EFFORT:
        return "your vocal effort came close to the client's: try answering softer than you were spoken to"
    if aspect == Aspect.FASTER:
        return f"you spoke {rate_pct or 0.0:.0f} % faster than the client: slowing down helps them slow down"
    return "the reply and the client clip could not be compared"


def _effort_delta(v: MeasureVerdict) -> tuple[str, str]:
    if v.verdict == Verdict.OK or _number(v) <= 0.0:
        if _number(v) < 0.0:
            return f"more relaxed than your own neutral voice ({-_number(v):.1f} dB less energy above 1 kHz)", ""
        return "as relaxed as your own neutral voice", ""
    where = "" if v.at_s is None else f"around {clock(v.at_s)}, "
    level = 0.0 if v.detail is None else float(v.detail)
    if v.aspect == Aspect.LOUDER and level > 0.0:  # read from the level: a louder voice on the same set-up
        return f"{where}more vocal effort than in your neutral reading, heard as a louder voice ({level:+.1f} dB)", ""
    if v.aspect == Aspect.PRESSED and level < 0.0:  # quieter, yet the spectrum did not fall with the level
        return (
            f"{where}a more pressed voice than in your neutral reading: {-level:.1f} dB quieter, yet no less "
            "bright, as if tense",
            "",
        )
    return (
        f"{where}more vocal effort than in your neutral reading ({_number(v):.1f} dB more energy above 1 kHz), "
        "as if raised",
        "",
    )


def _loudness_delta(v: MeasureVerdict) -> tuple[str, str]:
    if v.verdict == Verdict.OK:
        if _number(v) <= -CLEARLY_BELOW_DB:
            return f"quieter than your neutral reading ({_number(v):+.1f} dB)", ""
        return f"about as loud as your neutral reading ({_number(v):+.1f} dB)", ""
    return f"about {_number(v):.0f} dB louder than your neutral reading", ""


def _pitch_delta(v: MeasureVerdict) -> tuple[str, str]:
    if v.verdict == Verdict.OK:
        if _number(v) <= -CLEARLY_BELOW_ST:
            return f"lower than your own neutral pitch ({_number(v):+.1f} semitones)", ""
        return f"close to your own neutral pitch ({_number(v):+.1f} semitones)", ""
    return f"your pitch sat {_number(v):.1f} semitones above your neutral reading, which can sound tense", ""


def _rate_delta(v: MeasureVerdict) -> tuple[str, str]:
    pct = _number(v)
    if v.verdict == Verdict.OK:
        if pct < 0.0:
            return f"your pace was slower than your neutral reading ({pct:+.0f} %)", ""
        return f"your pace was close to your neutral reading ({pct:+.0f} %)", ""
    return f"you spoke {pct:.0f} % faster than your neutral reading", ""


_OBSERVATIONS = {
    Measure.SPEECH: _speech,
    Measure.EFFORT: _effort,
    Measure.PITCH_LEVEL: _pitch_level,
    Measure.RATE: _rate,
    Measure.PAUSES: _pauses,
    Measure.STEADINESS: _steadiness,
    Measure.PITCH_VARIETY: _variety,
    Measure.PITCH_END_RISE: _end_rise,
    Measure.MIRRORING: _mirroring,
    Measure.EFFORT_VS_BASELINE: _effort_delta,
    Measure.LOUDNESS_VS_BASELINE: _loudness_delta,
    Measure.PITCH_VS_BASELINE: _pitch_delta,
    Measure.RATE_VS_BASELINE: _rate_delta,
}


# --- delivery: tips -----------------------------------------------------------------------------------------

DELIVERY_ADVICE = {
    "rate": "Slow down a little and leave a short pause after you name their feeling.",
    "loud": "Keep your voice at conversation level, even when theirs rises.",
    "pitch": "Let your voice settle low and relaxed; a rising pitch is heard as tension.",
    "flat": "Let your voice move a little; a flat tone can sound cold.",
    "pause": "A short pause is good; if you need a moment, say so: 'let me think about that'.",
    "mirror": "Let your voice stay lower and slower than theirs; calm is catching.",
}
"""Advice for each kind of delivery problem (see ``feedback.delivery_tips.advice_kind``)."""


def delivery_strength(v: MeasureVerdict) -> tuple[str, str]:
    """(written, spoken) praise for a measure judged ok."""
    note = calm_note(v)
    return f"{measure_label(v.measure)}: {note}.", _upper(note) + "."


def delivery_suggestion(v: MeasureVerdict, kind: str, said: str) -> tuple[str, str]:
    """(written, spoken) tip for a verdict that is not ok, pointing at its moment and the words said then."""
    observation, own = observation_and_advice(v)
    advice = _sentence(own) if own else DELIVERY_ADVICE.get(kind, "")
    spoken = (_sentence(own.replace(MICROPHONE_HEDGE, "")) if own else advice) or _sentence(observation)
    if v.stretch is not None:
        run = v.stretch
        text = (
            f"{_upper(observation)}; from {clock(run.start_s)} to {clock(run.end_s)} ('{run.text}') you reached about "
            f"{run.words_per_minute:.0f} words a minute. {advice}"
        )
        return text, spoken
    # the observation may already name the moment ("at 0:07 your voice rose ..."): say it once
    where = f"At {clock(v.at_s)}, " if v.at_s is not None and not _names_moment(v) else ""
    on_words = f" on '{said}'" if said else ""
    body = observation if where else _upper(observation)
    return f"{where}{body}{on_words}. {advice}".strip(), spoken


def _names_moment(v: MeasureVerdict) -> bool:
    """Whether the observation sentence itself already says when (so a tip does not say it twice)."""
    if v.measure in (Measure.EFFORT, Measure.EFFORT_VS_BASELINE):
        return v.verdict != Verdict.OK
    if v.measure == Measure.STEADINESS:
        return v.aspect == Aspect.RISE and v.verdict != Verdict.OK
    if v.measure == Measure.PAUSES:
        return v.aspect in (Aspect.LONG_RUN, Aspect.LONG_SILENCE, Aspect.AFTER_VALIDATION)
    return (v.measure == Measure.RATE and v.aspect == Aspect.SPED_UP) or v.measure == Measure.PITCH_END_RISE


def _upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(text: str) -> str:
    """'try slowing a little' -> 'Try slowing a little.'"""
    text = text.strip().rstrip(".")
    return f"{_upper(text)}." if text else ""


# --- wording ------------------------------------------------------------------------------------------------

CREDIT_TEXT = {
    Category.REFLECTION: "You reflected back what you heard",
    Category.VALIDATION: "You validated the feeling",
    Category.OPEN_QUESTION: "You invited them to say more",
    Category.CHOICE_AUTONOMY: "You left the choice with them",
    Category.COLLABORATION: "You offered to work on it together",
    Category.PRESENCE: "You let them know you're with them",
    Category.APOLOGY: "You acknowledged what went wrong",
}
FLAG_TEXT = {
    Category.THREAT_ULTIMATUM: (
        "sounds like a threat, and threats usually escalate",
        "If a limit is needed, state it calmly after you've listened",
    ),
    Category.COMMAND_FEELINGS: ("tells them how to feel, which tends to raise the heat", "Name the feeling instead"),
    Category.JUDGMENT_BLAME: ("can be heard as blame", "Reflect what happened instead"),
    Category.LABELING: ("is a label, and people hear labels as judgment", "Describe the situation, not the person"),
    Category.SARCASM_PROFANITY: ("may come across as sarcastic", "Keep it plain and kind"),
    Category.MINIMIZING: ("may feel dismissive of what they're going through", "Acknowledge how big it is for them"),
    Category.ARGUING: ("contradicts them before they feel heard", "Reflect their view first"),
    Category.AVOIDANCE: ("may sound like you're stepping away", "Stay with them"),
    Category.PREMATURE_ADVICE: ("jumps to a fix before they feel heard", "Ask what would help first"),
    Category.WHY_QUESTION: ("may sound like an interrogation", "Ask an open question"),
}
"""(what the words do, what to do instead) for each flagged category."""
FALLBACK_PHRASES = {
    Category.REFLECTION: "It sounds like you're feeling {feeling}.",
    Category.VALIDATION: "That sounds really hard. It makes sense you're {feeling}.",
    Category.OPEN_QUESTION: "What happened? Tell me more.",
    Category.CHOICE_AUTONOMY: "What would help you right now?",
    Category.COLLABORATION: "Let's figure this out together.",
    Category.PRESENCE: "I'm here, and I'm listening.",
    Category.APOLOGY: "I'm sorry that happened.",
}
"""Rubric phrasings (domain.md "Wording rubric") used when the scenario's model reply has none of a kind."""
DEFAULT_FEELING = "upset"
MISSING_REFLECTION_ADVICE = "Name what they feel, in their own words"
MISSING_CLIENT_WORDS_ADVICE = "Say back what they told you, in their own words"
"""For a reply that validated or reflected only in general terms ("that sounds hard"): "proficient" needs this
client's own words said back."""
MISSING_QUESTION_ADVICE = "Invite them to say what would help"


def credit_lead(category: Category) -> str:
    return CREDIT_TEXT.get(category, f"You used {category.value.replace('_', ' ')}")


def wording_strength(category: Category, said: str, start_s: float | None) -> tuple[str, str]:
    lead = credit_lead(category)
    return f"{lead}: '{said}'{at_clock(start_s)}.", f"{lead} when you said: {said}."


def wording_suggestion(
    category: Category, said: str, evidence: str, start_s: float | None, try_phrase: str
) -> tuple[str, str]:
    what, advice = FLAG_TEXT.get(category, ("may not land well", "Try a reflection instead"))
    moment = f"At {clock(start_s)}, '{said}'" if start_s is not None else f"'{said}'"
    return f"{moment} {what}. {advice}; try: '{try_phrase}'", f"Instead of saying: {evidence}, try: {try_phrase}"


def missing_move(advice: str, phrase: str) -> tuple[str, str]:
    return f"{advice}; try: '{phrase}'", f"{advice}, like: {phrase}"


# --- safety, silence and the spoken summary -----------------------------------------------------------------

SAFETY_DEFAULT_ASK = "Are you thinking about killing yourself? I'm asking because I care, and I'm staying right here."
SAFETY_MISSED = (
    "Safety check missed: the client hinted at ending their life, and the reply did not ask about it. "
    "Ask directly and caringly, then follow your safety protocol."
)
SAFETY_MISSED_SPOKEN = "Ask directly about suicide, and follow your safety protocol."
SILENT_SUMMARY = "I didn't hear a reply that time. When you're ready, take a breath and try again."
NO_STRENGTH_OPENER = "Thanks for practising this one."
BAND_SENTENCES = {
    "needs work": "Overall, this reply needs work.",
    "developing": "Overall, this reply is developing.",
    "proficient": "Overall, this reply is proficient.",
}


def safety_asked(moment: str, said: str) -> str:
    return f"You asked directly about their safety{moment}: '{said}'"


def safety_missed_tip(note: str, ask: str) -> str:
    return f"{note} Try: '{ask}'"


def silent_tip(try_phrase: str) -> str:
    return (
        "No words were heard in this reply. Check that the microphone is on and close, take a breath, and answer "
        f"in your own words, for example: '{try_phrase}'"
    )


def change_sentence(change: int | None) -> str:
    """The spoken summary's closing remark on progress since the last try ('' without history)."""
    if change is None:
        return ""
    if change > 0:
        return f" That's {change} points up on your last try."
    if change == 0:
        return " That's the same score as your last try."
    return f" That's {-change} points below your last try, which is normal while you practise."
