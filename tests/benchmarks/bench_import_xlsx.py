"""How long `read_xlsx` takes on a realistic 500-segment run-of-show.

Run on purpose: `python tests/benchmarks/bench_import_xlsx.py`. Prints the median of
several runs, and its ratio to a floor measured on the same file in the same run: a bare
openpyxl read-only iteration over every cell, which no reader can beat.
"""

from __future__ import annotations

import io
import statistics
import time
from datetime import time as clock
from datetime import timedelta

import openpyxl

from rehearsal.formats.sheet_xlsx import read_xlsx

SEGMENTS = 500
RUNS = 7
TYPES = ("Presentation", "Breakout rooms", "Poll", "Q&A", "Whiteboard", "Break", "Icebreaker")
LEADS = ("Facilitator", "Producer", "Learners", "Co-facilitator", "Dana K.")


def build_workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Run of show"
    sheet.append(["Leadership programme — cohort 7"])
    sheet.append(["One row per activity; durations h:mm:ss; group rows start a module."])
    sheet.append(["Planned start", clock(9, 0)])
    sheet.append([])
    sheet.append(
        [
            "Cue",
            "Activity",
            "Duration",
            "Start",
            "Method",
            "Who",
            "Objective",
            "Facilitator notes",
            "Producer cues",
            "Slides",
            "Room",
            "Camera",
        ]
    )
    start = 9 * 3600
    for i in range(SEGMENTS):
        if i % 25 == 0:
            sheet.append([None, f"Module {i // 25 + 1} — practice and reflection"])
        minutes = 3 + i % 17
        sheet.append(
            [
                f"{i + 1}",
                f"Activity {i + 1}: scenario with a longer title, commas, and “quotes”",
                timedelta(minutes=minutes),
                clock((start // 3600) % 24, start % 3600 // 60),
                TYPES[i % len(TYPES)],
                LEADS[i % len(LEADS)],
                "Learners can name three ways to give feedback that lands.",
                "Open with the story; ask for two volunteers; keep an eye on the chat.\n"
                "If late, cut the second round.",
                "Launch poll 3 at the 2-minute mark; breakout rooms of 4, 8 minutes.",
                f"{i + 10}–{i + 12}",
                "Main",
                "wide" if i % 2 else "close",
            ]
        )
        start += minutes * 60
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def floor(data: bytes) -> None:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    for row in book.active.iter_rows(values_only=True):
        for _ in row:
            pass
    book.close()


def median_s(work: object, data: bytes) -> float:
    assert callable(work)
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        work(data)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    data = build_workbook()
    draft = read_xlsx(data, file="bench.xlsx")
    assert len(draft.segments) == SEGMENTS, len(draft.segments)
    assert len(draft.sections) == SEGMENTS // 25
    floor_s = median_s(floor, data)
    read_s = median_s(lambda d: read_xlsx(d, file="bench.xlsx"), data)
    print(
        f"workbook: {len(data) / 1024:.0f} KiB, {SEGMENTS} segments, {len(draft.sections)} sections"
    )
    print(f"openpyxl read-only floor: {floor_s * 1000:7.1f} ms (median of {RUNS})")
    print(f"read_xlsx:                {read_s * 1000:7.1f} ms (median of {RUNS})")
    print(f"ratio to floor:           {read_s / floor_s:7.2f}x")


if __name__ == "__main__":
    main()
