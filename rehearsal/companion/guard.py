"""The door of the companion: the pairing PIN, the lock-out after wrong ones, and the rate
at which one device may call.

A lock-out is per device (its address), and there is one for all of them: past
`GLOBAL_FREE_TRIES` wrong PINs in all — many addresses each trying a few — no device that has
not paired yet may pair until a wait (doubled by each further wrong PIN) is over, while the
devices already paired go on.

Time is injected (a monotonic clock in seconds) so that tests drive it.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

PIN_DIGITS = 6
FREE_TRIES = 5  # wrong PINs from one device before it is locked out
FIRST_LOCK_S = 30.0  # the first lock-out; each further wrong PIN doubles it
MAX_LOCK_S = 15 * 60.0
RATE_PER_S = 10.0  # calls a device may make per second, on average
BURST = 30.0  # ... and at once
GLOBAL_FREE_TRIES = 50  # wrong PINs from all devices before pairing is locked for new ones
MAX_DEVICES = 1_000  # devices remembered; the oldest forgotten past this


def new_pin() -> str:
    """A random PIN of `PIN_DIGITS` digits (from the system's secure random source)."""
    return "".join(secrets.choice("0123456789") for _ in range(PIN_DIGITS))


class Verdict(StrEnum):
    OK = "ok"
    WRONG = "wrong"  # 401
    LOCKED = "locked"  # 429, with a wait
    TOO_FAST = "too-fast"  # 429


@dataclass(slots=True)
class _Device:
    wrong: int = 0
    locked_until: float = 0.0
    tokens: float = BURST
    seen: float = 0.0
    paired: bool = False  # it gave the right PIN once


@dataclass(slots=True)
class Guard:
    """Checks each call of one device (its address) before anything else is read."""

    pin: str
    clock: Callable[[], float]
    devices: dict[str, _Device] = field(default_factory=dict)
    wrong_total: int = 0
    pairing_locked_until: float = 0.0  # for devices not paired yet

    def check(self, device: str, offered: str | None) -> tuple[Verdict, float]:
        """The verdict on a call offering `offered` as the PIN, and how long to wait (in
        seconds) before trying again when it is refused for the lock-out."""
        now = self.clock()
        state = self._device(device, now)
        if now < state.locked_until:
            return Verdict.LOCKED, state.locked_until - now
        state.tokens = min(BURST, state.tokens + (now - state.seen) * RATE_PER_S)
        state.seen = now
        if state.tokens < 1.0:
            return Verdict.TOO_FAST, (1.0 - state.tokens) / RATE_PER_S
        state.tokens -= 1.0
        if not state.paired and now < self.pairing_locked_until:
            return Verdict.LOCKED, self.pairing_locked_until - now
        if offered is None or not hmac.compare_digest(offered.encode(), self.pin.encode()):
            state.wrong += 1
            if state.wrong >= FREE_TRIES:
                state.locked_until = now + _lock_s(state.wrong - FREE_TRIES)
            self.wrong_total += 1
            if self.wrong_total >= GLOBAL_FREE_TRIES:
                self.pairing_locked_until = now + _lock_s(self.wrong_total - GLOBAL_FREE_TRIES)
            return Verdict.WRONG, 0.0
        state.wrong = 0
        state.paired = True
        return Verdict.OK, 0.0

    def _device(self, device: str, now: float) -> _Device:
        state = self.devices.get(device)
        if state is None:
            if len(self.devices) >= MAX_DEVICES:  # forget the one seen longest ago, unlocked
                idle = min(
                    (d for d in self.devices.items() if d[1].locked_until <= now),
                    key=lambda item: item[1].seen,
                    default=None,
                )
                if idle is not None:
                    del self.devices[idle[0]]
            state = self.devices[device] = _Device(seen=now)
        return state


def _lock_s(beyond: int) -> float:
    """A lock-out after `beyond` wrong PINs past the free ones: doubling, bounded."""
    return min(MAX_LOCK_S, FIRST_LOCK_S * float(2 ** min(beyond, 32)))


def bearer(header: str | None) -> str | None:
    """The PIN of an `Authorization: Bearer PIN` header, or None."""
    if header is None:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()
