"""The companion's door on its own, on a clock the test moves: a lock-out per device and
one for all devices not paired yet."""

from __future__ import annotations

from rehearsal.companion.guard import (
    FIRST_LOCK_S,
    FREE_TRIES,
    GLOBAL_FREE_TRIES,
    Guard,
    Verdict,
)

PIN = "424242"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def test_many_addresses_each_trying_a_few_lock_pairing_for_new_devices_only() -> None:
    clock = Clock()
    guard = Guard(PIN, clock)
    assert guard.check("10.0.0.1", PIN) == (Verdict.OK, 0.0)  # the producer's phone, paired
    tries = FREE_TRIES - 1  # each address stays under its own lock-out
    addresses = [f"10.0.1.{n}" for n in range(GLOBAL_FREE_TRIES // tries + 1)]
    for address in addresses:
        for n in range(tries):
            clock.now += 0.5
            assert guard.check(address, f"{n:06d}")[0] in (Verdict.WRONG, Verdict.LOCKED)
    verdict, wait = guard.check("10.0.2.1", PIN)  # a new device, even with the right PIN
    assert verdict is Verdict.LOCKED and 0 < wait <= FIRST_LOCK_S * 2**tries
    assert guard.check("10.0.0.1", PIN) == (Verdict.OK, 0.0)  # paired before: goes on
    clock.now += wait
    assert guard.check("10.0.2.1", PIN) == (Verdict.OK, 0.0)  # after the wait it pairs


def test_a_few_wrong_pins_in_all_lock_nobody_else() -> None:
    clock = Clock()
    guard = Guard(PIN, clock)
    for n in range(GLOBAL_FREE_TRIES - 1):
        clock.now += 1
        assert guard.check(f"10.0.1.{n}", "000000")[0] is Verdict.WRONG
    assert guard.check("10.0.2.1", PIN) == (Verdict.OK, 0.0)


def test_the_pairing_lock_grows_with_each_wrong_pin_after_it() -> None:
    clock = Clock()
    guard = Guard(PIN, clock)
    waits = []
    for n in range(GLOBAL_FREE_TRIES + 2):
        clock.now = max(clock.now, guard.pairing_locked_until)  # each lock waited out
        assert guard.check(f"10.0.1.{n}", "000000")[0] is Verdict.WRONG
        waits.append(guard.pairing_locked_until - clock.now)
    assert waits[-3:] == [FIRST_LOCK_S, 2 * FIRST_LOCK_S, 4 * FIRST_LOCK_S]
    assert guard.check("10.0.2.1", "000000")[0] is Verdict.LOCKED  # during one: not counted
    assert guard.wrong_total == GLOBAL_FREE_TRIES + 2
