"""The emulator's clock: one object for every time the emulator keeps, so tests advance it instead of sleeping.

Two readings, one object:

* :meth:`Clock.now` is emulator time (real time plus an offset that only moves forward). Everything the
  emulator itself ages reads it: entity creation stamps and the consistency delay (store), resource-group and
  router busy states (backends), STS credential expiry.
* :meth:`Clock.wall` is real time, the time base clients sign in: the signature timestamp window and the
  nonces remembered for it follow the callers' clocks, so advancing emulator time neither refuses fresh
  requests nor forgets a nonce early (which would let a replay through).
"""

from __future__ import annotations

import time


class Clock:
    """Emulator time as real time plus an offset; :meth:`advance` moves it forward without waiting."""

    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> float:
        """Current emulator time (epoch seconds)."""
        return time.time() + self.offset

    def wall(self) -> float:
        """Current real time (epoch seconds): the callers' time base for signed timestamps."""
        return time.time()

    def advance(self, seconds: float) -> None:
        """Move emulator time forward."""
        self.offset += seconds

    def reset(self) -> None:
        """Back to real time."""
        self.offset = 0.0
