"""Does a mark stay fast while 20 devices follow the run and flag it?

Run on purpose: `python tests/benchmarks/bench_companion.py [--marks 1000] [--flags 1200]`.

A live run of an 80-step plan on the system clock, in a temp workspace (WAL,
synchronous=FULL, as the app). A mark is `run.next()` / `run.undo()` alternated, timed from
the call to its return: the event committed to disk and the state updated — what the live
screen's key handler waits for before it repaints.

- floor:  the marks with nothing shared.
- loaded: the same marks with `run.share()` serving 20 devices from another process, each
          on its own loopback address (127.0.0.2 …), each with a WebSocket open (every mark
          pushes the state to all of them) and together posting `--flags` flags (an hour's
          worth, time-compressed: one every few seconds per device over the hour, here
          spread over the marks), each with its own id. The server runs with its default
          owner (the run's lock), so a flag and a state read contend with the marks.

Prints p50/p99/max for both, the ratio, whether p99 < 3 ms, and checks that every flag
was recorded once and every device got state updates. Asserts correctness, never timing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from rehearsal.model import EventKind, PlanDraft, Segment, new_id
from rehearsal.workspace import Workspace

DEVICES = 20
TARGET_P99_MS = 3.0
MARK_GAP_S = 0.004  # between marks: a thumb, time-compressed


def draft() -> PlanDraft:
    segments = tuple(
        Segment(new_id(), f"Step {i + 1}: a segment with a long enough title", 300 + i)
        for i in range(80)
    )
    return PlanDraft(name="Benchmark", slot_s=8 * 3600, segments=segments)


def marks(run: Any, count: int) -> list[float]:
    took = []
    for i in range(count):
        start = time.perf_counter_ns()
        if i % 2 == 0:
            run.next()
        else:
            run.undo()
        took.append((time.perf_counter_ns() - start) / 1e6)
        time.sleep(MARK_GAP_S)
    return took


async def devices(url: str, pin: str, flags: int, seconds: float) -> dict[str, Any]:
    import aiohttp

    received = [0] * DEVICES
    statuses: dict[int, int] = {}
    stop = asyncio.Event()

    async def device(n: int) -> None:
        connector = aiohttp.TCPConnector(local_addr=(f"127.0.0.{n + 2}", 0))
        async with (
            aiohttp.ClientSession(connector=connector) as session,
            session.ws_connect(url.replace("http", "ws") + "api/ws") as ws,
        ):
            await ws.send_str(json.dumps({"type": "hello", "pin": pin}))

            async def listen() -> None:
                async for _ in ws:
                    received[n] += 1

            listener = asyncio.create_task(listen())
            mine = flags // DEVICES + (1 if n < flags % DEVICES else 0)
            for _ in range(mine):
                await asyncio.sleep(seconds / max(mine, 1))
                body = {"id": str(uuid.uuid4()), "category": "other", "person": f"d{n}"}
                async with session.post(
                    url + "api/flags", json=body, headers={"Authorization": f"Bearer {pin}"}
                ) as answer:
                    statuses[answer.status] = statuses.get(answer.status, 0) + 1
            await stop.wait()
            listener.cancel()

    tasks = [asyncio.create_task(device(n)) for n in range(DEVICES)]
    await asyncio.sleep(seconds + 2)
    stop.set()
    await asyncio.gather(*tasks)
    return {"received": received, "statuses": statuses}


def device_process(url: str, pin: str, flags: int, seconds: float, out: Any) -> None:
    out.put(asyncio.run(devices(url, pin, flags, seconds)))


def summary(name: str, took: list[float]) -> tuple[float, float]:
    ordered = sorted(took)
    p50 = statistics.median(ordered)
    p99 = ordered[int(len(ordered) * 0.99) - 1]
    print(f"{name:<8} n={len(took)}  p50 {p50:.3f} ms  p99 {p99:.3f} ms  max {ordered[-1]:.3f} ms")
    return p50, p99


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--marks", type=int, default=1000)
    parser.add_argument("--flags", type=int, default=1200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, Workspace.open(Path(folder, "b.rehearsal")) as ws:
        plan = ws.add_plan(draft())
        run = ws.start_rehearsal(plan.id)
        run.next()
        marks(run, 50)  # warm-up
        floor = marks(run, args.marks)
        companion = run.share(pin="246810")
        seconds = args.marks * (MARK_GAP_S + 0.002)
        out: Any = multiprocessing.get_context("spawn").Queue()
        process = multiprocessing.get_context("spawn").Process(
            target=device_process, args=(companion.url, companion.pin, args.flags, seconds, out)
        )
        process.start()
        deadline = time.monotonic() + 30
        while companion.connected < DEVICES and time.monotonic() < deadline:
            time.sleep(0.05)
        connected = companion.connected
        loaded = marks(run, args.marks)
        result = out.get(timeout=seconds + 60)
        process.join()
        companion.close()
        recorded = [e.get("flag_id") for e in run.events if e.kind is EventKind.FLAG]
    print(f"devices connected during the marks: {connected} of {DEVICES}")
    _, floor_p99 = summary("floor", floor)
    _, loaded_p99 = summary("loaded", loaded)
    print(f"ratio p99 loaded/floor: {loaded_p99 / floor_p99:.2f}")
    print(f"target p99 < {TARGET_P99_MS} ms: {'met' if loaded_p99 < TARGET_P99_MS else 'NOT met'}")
    print(
        f"flags answered: {result['statuses']}; "
        f"recorded {len(recorded)}, unique {len(set(recorded))}"
    )
    updates = result["received"]
    print(f"state updates per device: min {min(updates)}, max {max(updates)}")
    assert connected == DEVICES
    assert result["statuses"] == {201: args.flags}
    assert len(recorded) == len(set(recorded)) == args.flags
    assert min(updates) > 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
