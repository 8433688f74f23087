"""A one-line spinner on standard error while a command loads and transcribes, only on a terminal.

A cold ``evaluate`` spends ~15 s loading the recogniser, transcribing and compiling the pitch tracker with nothing to
show, so on a terminal it looks hung. The spinner names the current stage and the seconds spent, redrawn in place
(``\\r``) from a background thread, and erases itself before the command prints anything else. When standard error
is not a terminal (piped, redirected, CI) it writes nothing at all, so logs and parsed output stay clean.
"""

from __future__ import annotations

import threading
import time
from types import TracebackType
from typing import TextIO

FRAMES = "|/-\\"
"""Plain ASCII: every terminal font has it, unlike braille spinners."""
REDRAW_S = 0.1
"""Ten redraws a second: smooth enough to look alive, too few to cost anything."""


class Spinner:
    """``with Spinner(sys.stderr) as spin: spin.stage("transcribing")`` — silent unless ``stream`` is a terminal."""

    def __init__(self, stream: TextIO, *, enabled: bool | None = None) -> None:
        self._stream = stream
        self.enabled = _is_terminal(stream) if enabled is None else enabled
        self._label = ""
        self._started = time.monotonic()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._width = 0

    def stage(self, label: str) -> None:
        """Show ``label`` from now on (e.g. "loading the speech model")."""
        with self._lock:
            self._label = label
        self._draw()

    def __enter__(self) -> Spinner:
        if self.enabled:
            self._started = time.monotonic()
            self._thread = threading.Thread(target=self._run, name="voice-deesc-spinner", daemon=True)
            self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop redrawing and erase the line, so what the command prints next starts on a clean line."""
        if self._thread is None:
            return
        self._stop.set()
        self._thread.join()
        self._thread = None
        with self._lock:
            self._stream.write("\r" + " " * self._width + "\r")
            self._stream.flush()

    def _run(self) -> None:
        while not self._stop.wait(REDRAW_S):
            self._draw()

    def _draw(self) -> None:
        if self._thread is None:
            return
        with self._lock:
            elapsed = time.monotonic() - self._started
            frame = FRAMES[int(elapsed / REDRAW_S) % len(FRAMES)]
            text = f"{frame} {self._label}… {elapsed:.0f} s"
            pad = max(0, self._width - len(text))
            self._width = len(text)
            self._stream.write("\r" + text + " " * pad)
            self._stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or fake stream
        return False
