"""Does a mark stay fast while 20 devices follow the run and flag it?

Run on purpose:
`python tests/benchmarks/bench_companion.py [--seconds 60] [--marks 1000] [--flags 600]`.

A live run of an 80-step plan on the system clock, in a temp workspace (WAL,
synchronous=FULL, as the app). A mark is `run.next()` / `run.undo()` alternated, timed from
the call to its return: the event committed to disk and the state updated — what the live
screen's key handler waits for before it repaints.

- floor:  the marks with nothing shared.
- loaded: the same marks with `run.share()` serving 20 devices from another process, each
          on its own loopback address (127.0.0.2 …), each with a WebSocket open (every mark
          pushes the state to all of them) and together posting `--flags` flags, each with
          its own id. An hour of a run compressed into `--seconds`: 600 flags (each device
          one every two minutes) and 1000 marks (more than any run makes) in 60 s is a
          60-fold compression; `--seconds 6 --flags 1200` is a stress test, where a mark
          often waits for a flag's commit. The server runs with its default owner (the
          run's lock), so a flag and a state read contend with the marks, as they would on
          the UI thread.

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


def draft() -> PlanDraft:
    segments = tuple(
        Segment(new_id(), f"Step {i + 1}: a segment with a long enough title", 300 + i)
        for i in range(80)
    )
    return PlanDraft(name="Benchmark", slot_s=8 * 3600, segments=segments)


def marks(run: Any, count: int, gap_s: float) -> list[float]:
    took = []
    for i in range(count):
        start = time.perf_counter_ns()
        if i % 2 == 0:
            run.next()
        else:
            run.undo()
        took.append((time.perf_counter_ns() - start) / 1e6)
        time.sleep(gap_s)
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
    parser.add_argument("--seconds", type=float, default=60.0, help="the compressed hour")
    parser.add_argument("--marks", type=int, default=1000)
    parser.add_argument("--flags", type=int, default=600)
    args = parser.parse_args()
    gap = args.seconds / args.marks
    with tempfile.TemporaryDirectory() as folder, Workspace.open(Path(folder, "b.rehearsal")) as ws:
        plan = ws.add_plan(draft())
        run = ws.start_rehearsal(plan.id)
        run.next()
        marks(run, 50, gap)  # warm-up
        floor = marks(run, args.marks, gap)
        companion = run.share(pin="246810")
        seconds = args.seconds
        out: Any = multiprocessing.get_context("spawn").Queue()
        process = multiprocessing.get_context("spawn").Process(
            target=device_process, args=(companion.url, companion.pin, args.flags, seconds, out)
        )
        process.start()
        deadline = time.monotonic() + 30
        while companion.connected < DEVICES and time.monotonic() < deadline:
            time.sleep(0.05)
        connected = companion.connected
        loaded = marks(run, args.marks, gap)
        result = out.get(timeout=seconds + 60)
        process.join()
        companion.close()
        recorded = [e.get("flag_id") for e in run.events if e.kind is EventKind.FLAG]
    print(
        f"{args.marks} marks and {args.flags} flags in {args.seconds:g} s "
        f"(an hour compressed {3600 / args.seconds:g}-fold)"
    )
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
    assert result["statuses"] == ({201: args.flags} if args.flags else {})
    assert len(recorded) == len(set(recorded)) == args.flags
    assert min(updates) > 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
