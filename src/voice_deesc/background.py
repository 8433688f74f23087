"""Run one slow call on a daemon thread and collect its result (or its exception) later.

A cold ``evaluate`` spends most of its time in native code that releases the GIL: CTranslate2 decoding the reply,
numpy's FFTs in the pitch tracker. On two threads the two overlap on the second core, and the result is identical
to running them in turn. A daemon thread, not an executor, so that an error on the main thread ends the command
at once instead of waiting for work nobody needs any more.

Never load a CTranslate2 model (the Whisper recogniser) in one: once the thread that loaded it has exited, every
decode costs 5-20 times the CPU (measured on the 20 s demo reply: 0.65 s against 3.5-24 s). Decoding in one, with
the model loaded on the main thread, costs the same as on the main thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Background(Generic[T]):
    """``job = Background(load, arg)`` starts ``load(arg)`` now; ``job.result()`` waits and returns or re-raises."""

    def __init__(self, call: Callable[..., T], *args: object, name: str = "voice-deesc-background") -> None:
        self._value: T | None = None
        self._error: BaseException | None = None
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(call, args), name=name, daemon=True)
        self._thread.start()

    def _run(self, call: Callable[..., T], args: tuple[object, ...]) -> None:
        try:
            self._value = call(*args)
        except BaseException as e:  # handed to whoever asks for the result, on their thread
            self._error = e
        self._done.set()

    def result(self) -> T:
        """Wait for the call; its exception is raised here, on the caller's thread, with its own message."""
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]
