"""Evidence in Review, driven as a person would: the lane under the timeline, files dropped
on it and undone, an offset nudged, a speaker's role set, the debrief's prompts — each
checked against the workspace and the core's own figures."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from evidence import all_drafts
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from qt_helpers import show_active
from reviewing import recorded

from rehearsal import Workspace
from rehearsal.analysis.debrief_prompts import debrief_prompts
from rehearsal.evidence_model import SpeakerRole
from rehearsal.model import Conflict
from rehearsal_ui.main_window import MainWindow
from rehearsal_ui.review.evidence_lane import HINT, ROWS
from rehearsal_ui.review.table import select_id
from rehearsal_ui.review.view import ReviewView

FIXTURES = Path(__file__).parents[2] / "fixtures" / "evidence"
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def rid(ws: Workspace) -> str:
    """A finished dry run (see `tests/reviewing.recorded`: Poll runs 5:20–9:55)."""
    rehearsal, _flags = recorded(ws)
    return rehearsal.id


@pytest.fixture
def window(qtbot: QtBot, ws: Workspace, rid: str) -> MainWindow:
    main = MainWindow(ws)
    qtbot.addWidget(main)
    show_active(qtbot, main)
    main.review.show_rehearsal(rid)
    qtbot.keyClick(main, Qt.Key.Key_3, CTRL)
    return main


def with_evidence(ws: Workspace, rid: str) -> None:
    """The transcript, chat, attendance and poll the platform wrote about the run."""
    for name, draft in all_drafts().items():
        ws.evidence.add(rid, draft, name=name)


def drop(target: QWidget, paths: list[Path]) -> None:
    """Drag `paths` onto `target` and drop them there, as a file manager would."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(
        QPoint(20, 20),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    event = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, event)
    assert event.isAccepted()


def lane_point(view: ReviewView, minutes: float) -> QPointF:
    return view.lane.view.mapViewToScene(QPointF(minutes, ROWS["chat"]))


# -- the lane ------------------------------------------------------------------------------
def test_without_evidence_the_lane_says_how_to_bring_some(window: MainWindow) -> None:
    view = window.review
    assert not view.lane.drawn
    assert view.lane.hint.text() == HINT
    assert view.lane.hint.isVisible()


def test_the_lane_draws_each_kind_and_hover_gives_the_steps_figures(
    qtbot: QtBot, window: MainWindow, ws: Workspace, rid: str
) -> None:
    with_evidence(ws, rid)  # heard through the workspace's changes
    view = window.review
    qtbot.waitUntil(lambda: view.lane.drawn)
    lane = view.lane
    # seven speech cues, one bar each, in their speaker's row
    y = list(lane.talk.opts["y"])
    assert len(y) == 7
    assert y.count(ROWS[SpeakerRole.FACILITATOR]) == 3  # Maya, the run's facilitator
    assert y.count(ROWS[SpeakerRole.STAFF]) == 1  # Sam, its producer
    assert y.count(ROWS[SpeakerRole.LEARNER]) == 3
    xs, _ = lane.chat.getData()
    assert len(xs) == 2 * 4  # four messages (the reaction is no message), a tick each
    assert len(lane.answers.data) == 2  # two poll answers
    assert len(lane.joins.data) == 5  # five presences, each with its join and leave
    # at minute 6 the Poll runs: its figures, as the core counts them
    lane._hovered(lane_point(view, 6.0))
    text = lane.hover_text
    assert text.startswith("Segment “Poll”")
    for words in ("Facilitator talk: 0:40", "Staff talk: 0:30", "Messages: 1", "Poll answers: 2"):
        assert words in text
    assert lane.plot.toolTip() == text


def test_the_lane_turns_dark_with_the_appearance(
    qtbot: QtBot, window: MainWindow, ws: Workspace, rid: str, dark: None
) -> None:
    from rehearsal_ui.shell import theme
    from rehearsal_ui.shell.chart_palette import role_colours

    with_evidence(ws, rid)
    lane = window.review.lane
    qtbot.waitUntil(lambda: lane.drawn)
    light = role_colours()
    theme.apply_appearance(QApplication.instance(), "dark")  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: lane.colours != light)
    brushes = lane.talk.opts["brushes"]
    assert {b.color().name().lower() for b in brushes} <= {
        c.lower() for c in role_colours().values()
    }
    assert lane.plot.backgroundBrush().color().lightness() < 60


# -- importing -----------------------------------------------------------------------------
def test_files_dropped_on_the_timeline_are_imported_and_undone_as_one_edit(
    qtbot: QtBot, window: MainWindow, ws: Workspace, rid: str, tmp_path: Path
) -> None:
    view = window.review
    paths = []
    for name in ("zoom_transcript.vtt", "zoom_chat_2023.txt"):
        paths.append(tmp_path / name)
        shutil.copy(FIXTURES / name, paths[-1])
    bad = tmp_path / "notes.txt"
    bad.write_text("nothing a platform wrote\n", encoding="utf-8")
    with qtbot.waitSignal(view.evidence_edits.imported, timeout=10_000) as got:
        drop(view.timeline.plot.viewport(), [*paths, bad])
    outcome = got.args[0]
    files = ws.evidence.files(rid)
    assert sorted(f.name for f in files) == ["zoom_chat_2023.txt", "zoom_transcript.vtt"]
    # what each came to, in the core's words; the bad file named with what was expected
    assert [f.text.split(":")[0] for f in outcome.files] == [
        "zoom_transcript.vtt",
        "zoom_chat_2023.txt",
        "error",
    ]
    assert "added 6 speech cues" in view.evidence.summary.text()
    assert "notes.txt" in view.evidence.summary.text()
    assert view.error_box is not None and "notes.txt" in view.error_box.text()
    view.error_box.close()
    qtbot.waitUntil(lambda: view.lane.drawn)
    # the lane draws what the fixtures hold: six cues, and the chat's messages
    assert len(view.lane.talk.opts["y"]) == 6
    messages = re.search(r"added (\d+) messages", outcome.files[1].text)
    assert messages is not None
    assert len(view.lane.chat.getData()[0]) == 2 * int(messages.group(1))
    assert view.tabs.currentWidget() is view.evidence
    assert view.evidence.files_model.rowCount() == 2
    # one undo takes both files out; redo brings them back
    window.activateWindow()
    window.commands.undo.trigger()
    assert ws.evidence.files(rid) == []
    qtbot.waitUntil(lambda: not view.lane.drawn)
    window.commands.redo.trigger()
    assert len(ws.evidence.files(rid)) == 2
    qtbot.waitUntil(lambda: view.lane.drawn)


def test_import_evidence_is_a_key_and_a_button(window: MainWindow, qtbot: QtBot) -> None:
    view = window.review
    asked: list[bool] = []
    view.ask_import_evidence = lambda: asked.append(True)  # type: ignore[method-assign]
    view.import_evidence_action.triggered.disconnect()
    view.import_evidence_action.triggered.connect(lambda: view.ask_import_evidence())
    qtbot.keyClick(window, Qt.Key.Key_I, CTRL | Qt.KeyboardModifier.AltModifier)
    assert asked == [True]
    assert view.evidence.import_button.isEnabled()
    assert view.evidence.import_button.text() == "Im&port evidence…"


# -- editing -------------------------------------------------------------------------------
def test_nudging_an_offset_moves_the_lane_and_undo_puts_it_back(
    qtbot: QtBot, window: MainWindow, ws: Workspace, rid: str
) -> None:
    with_evidence(ws, rid)
    view = window.review
    qtbot.waitUntil(lambda: view.lane.drawn)
    transcript = next(f for f in ws.evidence.files(rid) if f.name == "transcript.vtt")
    view.tabs.setCurrentWidget(view.evidence)
    select_id(view.evidence.files, transcript.id)
    before = list(view.lane.talk.opts["x0"])
    spin = view.evidence.offset
    spin.setFocus()
    for _ in range(3):  # three nudges of a second: one undo step
        qtbot.keyClick(spin, Qt.Key.Key_Up)
    assert ws.evidence.file(transcript.id).offset_ms == transcript.offset_ms + 3000
    after = list(view.lane.talk.opts["x0"])
    assert after == pytest.approx([x + 3 / 60 for x in before])
    assert "Adjust the offset of transcript.vtt" in view.undo_stack.undoText()
    window.commands.undo.trigger()
    f = ws.evidence.file(transcript.id)
    assert (f.offset_ms, f.adjusted) == (transcript.offset_ms, False)
    assert list(view.lane.talk.opts["x0"]) == pytest.approx(before)


def test_removing_and_bringing_back_a_file(
    qtbot: QtBot, window: MainWindow, ws: Workspace, rid: str
) -> None:
    with_evidence(ws, rid)
    view = window.review
    qtbot.waitUntil(lambda: view.lane.drawn)
    poll = next(f for f in ws.evidence.files(rid) if f.name == "poll.csv")
    select_id(view.evidence.files, poll.id)
    qtbot.mouseClick(view.evidence.remove, Qt.MouseButton.LeftButton)
    assert ws.evidence.file(poll.id).removed
    assert len(view.lane.answers.data) == 0
    assert view.evidence.remove.text() == "Bring file &back"
    window.commands.undo.trigger()
    assert not ws.evidence.file(poll.id).removed
    assert len(view.lane.answers.data) == 2


def test_a_role_set_by_hand_changes_the_figures_and_the_lane(
    qtbot: QtBot, window: MainWindow, ws: Workspace, rid: str
) -> None:
    with_evidence(ws, rid)
    view = window.review
    qtbot.waitUntil(lambda: view.lane.drawn)
    ana = next(s for s in ws.evidence.speakers(rid) if s.name == "Ana Lima")
    assert ana.role is SpeakerRole.LEARNER
    learners_before = ws.evidence.figures(rid).totals.learner_talk_ns
    view.tabs.setCurrentWidget(view.evidence)
    select_id(view.evidence.speakers, ana.id)
    combo = view.evidence.role
    combo.setCurrentIndex(combo.findData(SpeakerRole.STAFF))
    combo.activated.emit(combo.currentIndex())
    totals = ws.evidence.figures(rid).totals
    # Ana spoke 0:05 alone and 0:20 partly over Ben (0:10 of it alone): 0:15 less learner talk
    assert learners_before is not None and totals.learner_talk_ns is not None
    assert learners_before - totals.learner_talk_ns == 15 * 10**9
    assert list(view.lane.talk.opts["y"]).count(ROWS[SpeakerRole.STAFF]) == 3
    assert view.evidence.speakers_model.index(0, 2).data() is not None
    window.commands.undo.trigger()
    assert ws.evidence.figures(rid).totals.learner_talk_ns == learners_before


def test_evidence_conflicts_are_named_by_file_and_speaker(
    window: MainWindow, ws: Workspace, rid: str
) -> None:
    with_evidence(ws, rid)
    view = window.review
    view.refresh()
    transcript = next(f for f in ws.evidence.files(rid) if f.name == "transcript.vtt")
    ana = next(s for s in ws.evidence.speakers(rid) if s.name == "Ana Lima")
    for conflict, words in (
        (("evidence", transcript.id, "offset_ms"), "Evidence: offset of transcript.vtt"),
        (("evidence", transcript.id, "removed"), "Evidence: removal of transcript.vtt"),
        (("speaker", ana.id, "role"), "Evidence: role of speaker Ana Lima"),
    ):
        entity, entity_id, field = conflict
        c = _conflict(rid, entity, entity_id, field)
        assert view.controller.describe_conflict(c) == words


def _conflict(rid: str, entity: str, entity_id: str, field: str) -> Conflict:
    from dataclasses import fields

    values = {f.name: None for f in fields(Conflict)}
    values.update(rehearsal_id=rid, entity=entity, entity_id=entity_id, field=field)
    return Conflict(**values)  # type: ignore[arg-type]


# -- the debrief ---------------------------------------------------------------------------
def test_the_debrief_shows_the_evidence_prompts_as_prompts_not_answers(
    qtbot: QtBot, window: MainWindow, ws: Workspace, rid: str
) -> None:
    with_evidence(ws, rid)
    view = window.review
    qtbot.waitUntil(lambda: view.lane.drawn)
    expected = debrief_prompts(ws, rid)
    assert any(expected.values())
    for key, found in expected.items():
        label = view.debrief.prompts[key]
        assert label.isVisibleTo(view.debrief) == bool(found)
        for prompt in found:
            assert f"• {prompt}" in label.text()
        assert view.debrief.boxes[key].toPlainText() == ""  # never written as an answer
    assert not ws.review.debrief(rid).answers


def test_drop_target_ignores_what_is_not_a_file(window: MainWindow) -> None:
    data = QMimeData()
    data.setText("just text")
    event = QDropEvent(
        QPointF(5, 5), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, CTRL
    )
    view = window.review
    assert not view.drops.eventFilter(view.lane.hint, event)
    assert not event.isAccepted()


def test_the_lane_takes_room_when_evidence_comes(
    qtbot: QtBot, window: MainWindow, ws: Workspace, rid: str
) -> None:
    view = window.review
    qtbot.waitUntil(lambda: view.lane.height() <= 40)  # a line of hint
    with_evidence(ws, rid)
    qtbot.waitUntil(lambda: view.lane.drawn)
    qtbot.waitUntil(lambda: view.lane.height() >= 100)


def test_a_step_chosen_by_keyboard_says_its_evidence(
    qtbot: QtBot, window: MainWindow, ws: Workspace, rid: str
) -> None:
    with_evidence(ws, rid)
    view = window.review
    qtbot.waitUntil(lambda: view.lane.drawn)
    view.timeline.plot.setFocus()
    for _ in range(6):  # back to Welcome, the first step, wherever the selection was
        qtbot.keyClick(view.timeline.plot, Qt.Key.Key_Left)
    qtbot.keyClick(view.timeline.plot, Qt.Key.Key_Right)  # Poll
    details = view.timeline.details.text()
    assert details.startswith("Segment: Poll")
    poll = ws.evidence.figures(rid).steps[1]
    assert poll.poll_responses == 2
    assert "Evidence: Time: 4:35 · " in details and "Poll answers: 2" in details


def test_contested_evidence_values_are_said_in_words() -> None:
    from rehearsal_ui.review.dialogs import show_value

    assert show_value(-30_000, "offset_ms") == "−0:30"
    assert show_value(None, "offset_ms") == "(as proposed)"
    assert show_value(None, "role") == "(as matched)"
    assert show_value("staff", "role") == "staff"
