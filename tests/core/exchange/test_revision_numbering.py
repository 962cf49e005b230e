"""Revision numbers converge: machines that each made "revision 2" of a program end with the
same numbering everywhere, whatever order the packs arrive in."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import raw
from plans import small_draft

from rehearsal import Workspace
from rehearsal.clock import FakeClock
from rehearsal.exchange.packs import export_pack, import_pack


def rehearse(ws: Workspace, plan_id: str) -> str:
    clock = FakeClock()
    run = ws.start_rehearsal(plan_id, clock=clock)
    for _ in run.steps:
        run.next()
        clock.advance(60)
    run.finish()
    return run.rehearsal.id


def edited(ws: Workspace, plan_id: str, title: str) -> str:
    """The next revision of a rehearsed plan: its first segment renamed."""
    plan = ws.plan(plan_id)
    first = dataclasses.replace(plan.segments[0], title=title)
    return ws.save_plan(dataclasses.replace(plan, segments=(first, *plan.segments[1:]))).id


def numbering(ws: Workspace) -> dict[str, int]:
    return {r["id"]: r["revision"] for r in raw.rows(ws, "SELECT id, revision FROM plans")}


def test_two_machines_revision_2_is_numbered_alike_in_every_order(tmp_path: Path) -> None:
    packs: list[Path] = []
    with Workspace.open(tmp_path / "lead.rehearsal") as lead:
        first = lead.add_plan(small_draft("Onboarding")).id
        packs.append(export_pack(lead, rehearse(lead, first), tmp_path / "r1.rehearsalpack"))
    made: dict[str, dict[str, int]] = {}
    for machine in ("a", "b"):
        with Workspace.open(tmp_path / f"{machine}.rehearsal") as ws:
            import_pack(ws, packs[0])
            second = edited(ws, first, f"Welcome ({machine})")
            assert ws.plan(second).revision == 2  # each made its own revision 2
            packs.append(export_pack(ws, rehearse(ws, second), tmp_path / f"{machine}2.pack"))
            if machine == "a":  # and a revision 3 on top of it
                third = edited(ws, second, "Welcome (a, again)")
                packs.append(export_pack(ws, rehearse(ws, third), tmp_path / "a3.pack"))
            made[machine] = numbering(ws)
    outcomes = set()
    for index, order in enumerate(itertools.permutations(packs)):
        with Workspace.open(tmp_path / f"order{index}.rehearsal") as ws:
            for pack in order:
                import_pack(ws, pack)
            outcomes.add(tuple(sorted(numbering(ws).items())))
    assert index == 23  # 4 packs, 24 orders
    assert len(outcomes) == 1
    [final] = outcomes
    assert sorted(n for _, n in final) == [1, 2, 3, 4]
    for machine in ("a", "b"):  # the machines that made them agree too, once they swap
        with Workspace.open(tmp_path / f"{machine}.rehearsal") as ws:
            for pack in packs:
                import_pack(ws, pack)
            assert tuple(sorted(numbering(ws).items())) == final
    assert made["a"][first] == made["b"][first] == 1
    assert sorted(made["a"].values()) == [1, 2, 3] and sorted(made["b"].values()) == [1, 2]


def test_a_revision_made_here_keeps_its_number_until_another_machine_made_it_too(
    tmp_path: Path,
) -> None:
    with Workspace.open(tmp_path / "lead.rehearsal") as lead:
        first = lead.add_plan(small_draft("Onboarding")).id
        pack = export_pack(lead, rehearse(lead, first), tmp_path / "r1.rehearsalpack")
        second = edited(lead, first, "Welcome, again")
        rehearse(lead, second)
        third = edited(lead, second, "Welcome, once more")
        rehearse(lead, third)
        assert [p.revision for p in lead.plans(lead.plan(first).program_id)] == [1, 2, 3]
        assert not import_pack(lead, pack).renumbered  # its own pack back: nothing moves
        assert numbering(lead) == {first: 1, second: 2, third: 3}


def test_a_workspace_from_before_keeps_its_numbers_as_the_ones_it_made(tmp_path: Path) -> None:
    """Migrating: every revision already here counts as made here with its number."""
    import sqlite3

    from rehearsal.storage.schema import MIGRATIONS

    path = tmp_path / "old.rehearsal"
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:4]:
        conn.executescript(script)
    program, at = "5d5f4e4c-0000-4000-8000-000000000001", "2026-01-01T09:00:00+00:00"
    conn.execute("PRAGMA user_version = 4")
    conn.execute("INSERT INTO programs VALUES (?, 'P', ?, '')", (program, at))
    for plan_id, revision in (
        ("5d5f4e4c-0000-4000-8000-00000000000a", 1),
        ("5d5f4e4c-0000-4000-8000-00000000000b", 3),
    ):
        conn.execute(
            "INSERT INTO plans (id, program_id, revision, created) VALUES (?, ?, ?, ?)",
            (plan_id, program, revision, at),
        )
    conn.commit()
    conn.close()
    with Workspace.open(path) as ws:
        assert raw.rows(ws, "SELECT revision, authored_revision FROM plans ORDER BY revision") == [
            {"revision": 1, "authored_revision": 1},
            {"revision": 3, "authored_revision": 3},
        ]
