"""`rehearsal stats`: the same numbers as the core, with the same filters as the app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rehearsal import Workspace
from rehearsal.analysis import Filters, observations, simulate, step_stats, suggest
from rehearsal.analysis.retiming import change_line
from rehearsal.cli.main import main
from rehearsal.demo import write_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_demo(tmp_path_factory.mktemp("demo") / "demo.rehearsal")


def plans(path: Path) -> tuple[str, str]:
    with Workspace.open(path) as ws:
        first, second = ws.plans(ws.programs()[0].id)
        return first.id, second.id


def test_stats_json_equals_the_core(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = plans(demo)
    argv = ["stats", second, "--json", "--revision", "1", "--kind", "dry-run", "--seed", "4"]
    assert main([*argv, "--db", str(demo)]) == 0
    data = json.loads(capsys.readouterr().out)
    with Workspace.open(demo) as ws:
        obs = observations(ws, second, Filters(plan_ids=(first,), kinds=("dry-run",)))
        stats = step_stats(obs)
        risk = simulate(obs, seed=4)
        retiming = suggest(obs)
    assert data["plan"] == second and data["rehearsals"] == len(obs.runs) == 2
    assert set(data) >= {
        "plan",
        "rehearsals",
        "slot_s",
        "planned_s",
        "segments",
        "risk",
        "suggested",
    }
    for row, s in zip(data["segments"], stats, strict=True):
        assert row["id"] == s.step.key and row["n"] == s.n
        assert row["median_s"] == pytest.approx(s.median_s, abs=1e-3)
        assert row["p80_s"] == pytest.approx(s.p80_s, abs=1e-3)
        assert row["over_rate"] == pytest.approx(s.over_rate, abs=1e-4)
        assert row["flags"] == s.flags
    assert data["risk"]["p_overrun"] == pytest.approx(risk.p_overrun, abs=1e-4)
    assert data["risk"]["p80_s"] == pytest.approx(risk.p80_s, abs=1e-3)
    assert [s["suggested_s"] for s in data["suggested"]] == [
        s.suggested_s for s in retiming.suggestions
    ]
    # two dry runs of revision 1: too few to re-time from, said as the core says it
    assert not retiming.enough
    assert data["retiming"]["enough"] is False
    assert data["retiming"]["missing"] == retiming.missing
    assert retiming.missing.startswith("Re-timing needs 3 complete rehearsals; there are 2")
    assert all(s["suggested_s"] == s["planned_s"] for s in data["suggested"])


def test_stats_text_and_filter_errors(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, second = plans(demo)
    assert main(["stats", second, "--db", str(demo)]) == 0
    out = capsys.readouterr().out
    assert "P(overrun)" in out and "Suggested re-timing" in out
    evidence = (
        "from 7 complete rehearsals of revisions 1, 2; 1 stopped early, 1 click-through left out"
    )
    assert evidence in out
    with Workspace.open(demo) as ws:
        retiming = suggest(observations(ws, second))
    assert retiming.enough and retiming.changed
    assert retiming.described in out
    assert all(change_line(s) in out for s in retiming.changed)
    assert main(["stats", second, "--include-click-through", "--json", "--db", str(demo)]) == 0
    counted = json.loads(capsys.readouterr().out)["evidence"]
    assert (counted["complete"], counted["stopped_early"]) == (7, 1)
    assert (counted["click_through_included"], counted["click_through_left_out"]) == (1, 0)
    assert main(["stats", second, "--kind", "pilot", "--db", str(demo)]) == 0
    out = capsys.readouterr().out
    assert "Suggested re-timing (p80): none. Re-timing needs 3 complete rehearsals" in out
    assert main(["stats", second, "--revision", "9", "--db", str(demo)]) == 2
    assert "no revision 9" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:
        main(["stats", second, "--since", "someday", "--db", str(demo)])
    assert stopped.value.code == 2 and "not a date" in capsys.readouterr().err
