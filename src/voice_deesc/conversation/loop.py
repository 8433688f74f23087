"""The practice loop for a whole conversation, drivable by any front end (the CLI's ``practice`` is one).

Each client turn is one :func:`voice_deesc.session.practice_round` against the turn seen as a scenario (its own
feelings, goals, avoid items and model reply), spoken at the client's agitation then. The judged reply picks the
branch (:mod:`voice_deesc.conversation.branching`), which picks the next turn or an end. Between turns the front
end may retry the turn, continue or quit (``choose``). Replies come from one :class:`~voice_deesc.session.ReplySource`
used for every turn (the microphone) or a sequence of them, one per turn (recorded files): when the sequence runs
out the session ends with the turns taken, and replies left over at the end are reported, not used.

Every reply is saved before it is analysed, so Ctrl-C (``KeyboardInterrupt``) at any moment keeps every recording
made so far; the loop then returns the turns completed, stopped "interrupted".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from voice_deesc.conversation.branching import BranchDecision, decide_branch, move_agitation
from voice_deesc.conversation.record import ConversationResult, EndState, TurnResult
from voice_deesc.scenarios.model import END_TARGETS, Turn, as_conversation, turn_scenario
from voice_deesc.session import Event as RoundEvent
from voice_deesc.session import ReplySource, practice_round
from voice_deesc.textenum import TextEnum

if TYPE_CHECKING:
    from voice_deesc.asr.base import Transcriber
    from voice_deesc.audio import Audio
    from voice_deesc.scenarios.model import Conversation, Scenario

MAX_TURNS = 12
"""A conversation that keeps holding stops here: twice the longest settle path (scenarios: 3-6 turns)."""
NO_MORE_REPLIES = "no more replies"
QUIT = "you quit"
INTERRUPTED = "interrupted"
TURN_LIMIT = "turn limit"


class Choice(TextEnum):
    """What the trainee wants after a turn."""

    CONTINUE = "continue"
    RETRY = "retry"
    """Discard this reply (its recording stays on disk) and answer the same client line again."""
    QUIT = "quit"


@dataclass(frozen=True)
class TurnStarted:
    """A client turn is about to be played or shown."""

    index: int
    """1-based position in the conversation."""
    turn: Turn
    agitation: int
    """The client's agitation now (0-10): how the line is spoken."""
    retry: int = 0
    """0 for the first try at this turn, then 1, 2 ..."""


@dataclass(frozen=True)
class TurnJudged:
    """A reply was judged: the branch it took, why, and where the conversation goes next."""

    result: TurnResult
    decision: BranchDecision
    end_state: EndState | None
    """Set when this turn led to an end."""


@dataclass(frozen=True)
class RepliesLeftOver:
    """The conversation ended with recorded replies still unused; they are ignored."""

    count: int


Event = RoundEvent | TurnStarted | TurnJudged | RepliesLeftOver
"""Everything :func:`run_conversation` reports, in the order it happens."""
Chooser = Callable[[TurnJudged], Choice]


def _ignore(event: Event) -> None:
    """The default event callback: a front end that only wants the result."""


def _always_continue(judged: TurnJudged) -> Choice:
    """The default between-turn choice (recorded replies: nobody is there to choose)."""
    return Choice.CONTINUE


def run_conversation(
    scenario: Scenario,
    transcriber: Transcriber,
    replies: ReplySource | Sequence[ReplySource],
    *,
    baseline: Audio | None = None,
    speak: bool = True,
    end_silence_s: float | None = None,
    store_attempts: bool = False,
    max_turns: int = MAX_TURNS,
    choose: Chooser = _always_continue,
    on_event: Callable[[Event], None] = _ignore,
) -> ConversationResult:
    """Play a pack as a conversation (a single statement is a one-turn one) and return what happened.

    Parameters
    ----------
    scenario : Scenario
        A conversation pack, or a single-statement pack.
    transcriber : Transcriber
        Loaded once by the front end.
    replies : ReplySource or sequence of ReplySource
        ``Microphone()`` (used for every turn) or one ``RecordedReply`` per turn, in order.
    baseline : Audio, optional
        The trainee's neutral reading; delivery is judged against it.
    speak : bool
        Play the client's lines when a speaker exists (else the front end shows them).
    end_silence_s : float, optional
        Silence that ends a reply (default: ``endpointing.END_SILENCE_S``).
    store_attempts : bool
        Store each turn's attempt in the history as a single reply (what a single-statement pack did before
        conversations); conversations themselves are stored by the front end from the returned result.
    max_turns : int >= 1
        Turns played at most before the session stops (``TURN_LIMIT``).
    choose : callable
        Asked after every judged turn: continue, retry this turn, or quit.
    on_event : callable
        Called with each :data:`Event` as it happens.

    Returns
    -------
    ConversationResult
        ``end_state`` None when the session stopped early; ``stopped_because`` then says why.
    """
    conversation = as_conversation(scenario)
    sources = _sources(replies)
    round_options = _RoundOptions(transcriber, baseline, speak, end_silence_s, store_attempts, on_event)
    return _Session(scenario, replies, sources, round_options).play(conversation, max_turns, choose)


def _now() -> str:
    """Stamped once, as the session begins, in the same UTC form as the attempts' ``created_at``: every result the
    session returns, however it stops, carries this one start."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class _Session:
    """One conversation in progress: the turns taken so far, so every way of stopping returns all of them."""

    scenario: Scenario
    replies: ReplySource | Sequence[ReplySource]
    sources: Iterator[ReplySource]
    options: _RoundOptions
    started_at: str = field(default_factory=_now)
    taken: list[TurnResult] = field(default_factory=list)

    def play(self, conversation: Conversation, max_turns: int, choose: Chooser) -> ConversationResult:
        """Turn after turn until an end, a stop, the turn limit or the last reply; a retry replays the same turn."""
        turn, agitation, retries = conversation.start, conversation.start.agitation, 0
        while True:
            if len(self.taken) >= max_turns:
                _report_left_over(self.replies, self.sources, self.options.on_event)
                return self.stop(TURN_LIMIT)
            source = next(self.sources, None)
            if source is None:
                return self.stop(NO_MORE_REPLIES)
            self.options.on_event(TurnStarted(len(self.taken) + 1, turn, agitation, retries))
            try:
                judged = self._judge(turn, agitation, source, retries)
            except KeyboardInterrupt:
                return self.stop(INTERRUPTED)
            self.options.on_event(judged)
            choice, interrupted = _ask(choose, judged)
            if choice is Choice.RETRY:
                retries += 1
                continue
            self.taken.append(judged.result)
            if judged.end_state is not None:
                _report_left_over(self.replies, self.sources, self.options.on_event)
                return ConversationResult(self.scenario.id, self.started_at, tuple(self.taken), judged.end_state)
            if choice is Choice.QUIT:
                return self.stop(INTERRUPTED if interrupted else QUIT)
            turn = conversation.turn(judged.result.next_turn or "")
            agitation, retries = judged.result.agitation_after, 0

    def stop(self, because: str) -> ConversationResult:
        """An early stop still returns every turn completed, with no end state and the reason."""
        return ConversationResult(self.scenario.id, self.started_at, tuple(self.taken), None, because)

    def _judge(self, turn: Turn, agitation: int, source: ReplySource, retries: int) -> TurnJudged:
        """The turn is judged as its own scenario, knowing the client lines already said."""
        return _play_turn(
            turn_scenario(self.scenario, turn, earlier=[t.client_text for t in self.taken]),
            turn,
            agitation,
            source,
            self.options,
            index=len(self.taken) + 1,
            retries=retries,
        )


def _ask(choose: Chooser, judged: TurnJudged) -> tuple[Choice, bool]:
    """The trainee's choice, and whether it was Ctrl-C: the reply is already judged and kept, so stop after it."""
    try:
        return choose(judged), False
    except KeyboardInterrupt:
        return Choice.QUIT, True


@dataclass(frozen=True)
class _RoundOptions:
    """What stays the same for every turn of one session."""

    transcriber: Transcriber
    baseline: Audio | None
    speak: bool
    end_silence_s: float | None
    store: bool
    on_event: Callable[[Event], None]


def _play_turn(
    seen_from_turn: Scenario,
    turn: Turn,
    agitation: int,
    source: ReplySource,
    options: _RoundOptions,
    *,
    index: int,
    retries: int,
) -> TurnJudged:
    """One client line, one reply, judged against this turn; the branch it takes and where it leads."""
    played = practice_round(
        seen_from_turn,
        options.transcriber,
        source,
        baseline=options.baseline,
        speak=options.speak,
        end_silence_s=options.end_silence_s,
        keep_history=options.store,
        agitation=agitation,
        on_event=options.on_event,
    )
    decision = decide_branch(played.attempt)
    target = turn.next_for(decision.branch)
    end = END_TARGETS.get(target)
    result = TurnResult(
        index=index,
        turn_id=turn.id,
        client_text=turn.text,
        agitation=agitation,
        attempt=played.attempt,
        recording=str(played.recording),
        branch=decision.branch,
        next_turn=None if end is not None else target,
        agitation_after=move_agitation(agitation, decision.branch),
        retries=retries,
    )
    return TurnJudged(result, decision, end)


def _sources(replies: ReplySource | Sequence[ReplySource]) -> Iterator[ReplySource]:
    """One source per turn: a sequence in order, or the same single source (a microphone) for ever."""
    if isinstance(replies, Sequence):
        return iter(replies)

    def forever() -> Iterator[ReplySource]:
        while True:
            yield replies

    return forever()


def _report_left_over(
    replies: ReplySource | Sequence[ReplySource], sources: Iterator[ReplySource], on_event: Callable[[Event], None]
) -> None:
    if isinstance(replies, Sequence):
        left = sum(1 for _ in sources)
        if left:
            on_event(RepliesLeftOver(left))
