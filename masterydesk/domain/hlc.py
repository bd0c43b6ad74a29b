"""Hybrid logical clock stamps: which of two edits made on different devices came later.

A stamp is (milliseconds, counter, device), written as fixed-width text so that comparing two
stamps as strings compares them in time: '0192f3a4b5c6.0000.a1b2c3d4e5f6'. The milliseconds
follow the wall clock but never go back, and a device that receives a stamp from the future
moves its own clock past it: a device whose wall clock is wrong cannot make its edits win for
ever — the next edit anywhere after a sync is later still.
"""

from __future__ import annotations

from dataclasses import dataclass

NO_STAMP = ""  # the stamp before any edit: earlier than every real stamp


@dataclass(frozen=True, slots=True, order=True)
class Stamp:
    ms: int
    counter: int
    device: str

    @property
    def text(self) -> str:
        return f"{self.ms:012x}.{self.counter:04x}.{self.device}"

    @classmethod
    def parse(cls, text: str) -> Stamp:
        """The stamp a text holds; ValueError for anything that is not one."""
        ms, counter, device = text.split(".")
        if len(ms) != 12 or len(counter) != 4 or not device:
            raise ValueError(f"not a clock stamp: {text!r}")
        return cls(int(ms, 16), int(counter, 16), device)


LAST_COUNTER = 0xFFFF


@dataclass(frozen=True, slots=True)
class Clock:
    """A device's clock: the last stamp it gave or saw."""

    ms: int
    counter: int
    device: str

    def tick(self, now_ms: int) -> tuple[Clock, Stamp]:
        """The next stamp for an edit made at now_ms (wall clock), and the clock after it."""
        if now_ms > self.ms:
            clock = Clock(now_ms, 0, self.device)
        elif self.counter < LAST_COUNTER:
            clock = Clock(self.ms, self.counter + 1, self.device)
        else:  # a stamp has four hex digits of counter: the 65,536th edit of a millisecond moves to the next
            clock = Clock(self.ms + 1, 0, self.device)
        return clock, Stamp(clock.ms, clock.counter, self.device)

    def seen(self, stamp: Stamp) -> Clock:
        """The clock after receiving a stamp: never behind it."""
        if (stamp.ms, stamp.counter) <= (self.ms, self.counter):
            return self
        return Clock(stamp.ms, stamp.counter, self.device)
