"""The companion's HTTP API, over real sockets: pairing, flags, bounds, the lock-out."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from plans import small_draft

from rehearsal.clock import FakeClock
from rehearsal.companion.guard import FREE_TRIES
from rehearsal.companion.server import Companion
from rehearsal.model import EventKind
from rehearsal.rehearsing.run import Run
from rehearsal.workspace import Workspace


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def run(ws: Workspace, clock: FakeClock) -> Run:
    plan = ws.add_plan(small_draft())
    return ws.start_rehearsal(plan.id, clock=clock)


@pytest.fixture
def shared(run: Run) -> Iterator[Companion]:
    companion = run.share(pin="424242")
    yield companion
    companion.close()


def call(
    companion: Companion, method: str, path: str, body: Any = None, pin: str | None = "424242"
) -> tuple[int, dict[str, Any], dict[str, str]]:
    data = body if body is None or isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(companion.url.rstrip("/") + path, data=data, method=method)
    if pin is not None:
        request.add_header("Authorization", f"Bearer {pin}")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            raw = answer.read()
            return answer.status, json.loads(raw) if raw[:1] == b"{" else {}, dict(answer.headers)
    except urllib.error.HTTPError as error:
        raw = error.read()
        return error.code, json.loads(raw) if raw[:1] == b"{" else {}, dict(error.headers)


def test_state_follows_the_run(shared: Companion, run: Run, clock: FakeClock) -> None:
    status, state, _ = call(shared, "GET", "/api/state")
    assert status == 200 and state["started"] is False and state["step"] == -1
    run.next()
    clock.advance(100)
    status, state, _ = call(shared, "GET", "/api/state")
    assert (state["step"], state["title"], state["remaining_s"]) == (0, "Welcome", 200)
    assert state["producer_cues"] == "Watch audio" and state["next"]["title"] == "Poll"
    assert state["offset_s"] == 0 and state["target"]["label"] == "Slot ends"
    clock.advance(400)  # 500 s of a planned 300: 200 s over
    run.next()
    _, state, _ = call(shared, "GET", "/api/state")
    assert (state["step"], state["offset_s"], state["offset"]) == (1, 200, "+3:20")


def test_a_flag_is_recorded_with_person_seat_and_tap_time(
    shared: Companion, run: Run, clock: FakeClock, ws: Workspace
) -> None:
    run.next()
    clock.advance(120)
    flag_id = str(uuid.uuid4())
    body = {
        "id": flag_id,
        "category": "tool launch",
        "severity": "high",
        "note": "poll link 404",
        "person": "Sam",
        "seat": "producer",
        "tapped_ms": 5_000_000,  # the device's own clock: only the difference counts
        "sent_ms": 5_030_000,  # sent 30 s after the tap
    }
    status, answer, _ = call(shared, "POST", "/api/flags", body)
    assert (status, answer) == (201, {"id": flag_id})
    event = run.events[-1]  # durable before the answer: it is in the run's events
    assert event.kind is EventKind.FLAG and event.get("flag_id") == flag_id
    assert event.get("seat") == "producer"
    assert event.at_ns == run.now_ns() - 30 * 10**9
    assert [f.raised_by for f in ws.flags(run.rehearsal.id)] == ["Sam (producer)"]
    # sent again (the answer was lost): recorded once, the same id
    status, answer, _ = call(shared, "POST", "/api/flags", body)
    assert (status, answer) == (200, {"id": flag_id})
    assert sum(e.kind is EventKind.FLAG for e in run.events) == 1
    _, state, _ = call(shared, "GET", "/api/state")
    assert state["flags"] == 1


def test_a_note_is_recorded(shared: Companion, run: Run) -> None:
    run.next()
    status, answer, _ = call(shared, "POST", "/api/notes", {"text": "Sound ok", "person": "Jo"})
    assert status == 201
    assert run.events[-1].kind is EventKind.NOTE and run.events[-1].id == answer["id"]
    assert run.events[-1].get("author") == "Jo (producer)"


def test_a_tap_long_ago_is_bounded(shared: Companion, run: Run, clock: FakeClock) -> None:
    run.next()
    clock.advance(3600)
    body = {"category": "other", "tapped_ms": 0, "sent_ms": 10**12}
    assert call(shared, "POST", "/api/flags", body)[0] == 201
    assert run.events[-1].at_ns == run.now_ns() - 600 * 10**9


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"not json", "body"),
        (b"[1]", "body"),
        ({"severity": "low"}, "category"),
        ({"category": "  "}, "category"),
        ({"category": "x" * 1001}, "category"),
        ({"category": "\ud800"}, "category"),
        ({"category": "a\x00b"}, "category"),
        ({"category": "other", "severity": "urgent"}, "severity"),
        ({"category": "other", "severity": ["high"]}, "severity"),
        ({"category": "other", "seat": {"producer": 1}}, "seat"),
        ({"category": ["other"]}, "category"),
        ({"category": "other", "id": "../../etc"}, "id"),
        ({"category": "other", "seat": "admin"}, "seat"),
        ({"category": "other", "tapped_ms": 1e300, "sent_ms": 0}, "tapped_ms"),
        ({"category": "other", "tapped_ms": True, "sent_ms": 0}, "tapped_ms"),
        ({"category": "other", "note": "n" * 2001}, "note"),
        ({"category": "other", "plan": {"segments": []}}, "plan"),
        (b'{"category": NaN}', "body"),
    ],
)
def test_bad_fields_are_refused_and_nothing_is_recorded(
    shared: Companion, run: Run, body: Any, field: str
) -> None:
    run.next()
    before = len(run.events)
    status, answer, _ = call(shared, "POST", "/api/flags", body)
    assert (status, answer["error"]) == (400, field)
    assert len(run.events) == before


def test_a_body_too_big_is_refused(shared: Companion, run: Run) -> None:
    run.next()
    status, _, _ = call(shared, "POST", "/api/flags", b'{"category": "' + b"x" * 20_000 + b'"}')
    assert status == 400
    assert not any(e.kind is EventKind.FLAG for e in run.events)


def test_wrong_pins_get_401_then_a_lock_out_that_grows(shared: Companion) -> None:
    assert call(shared, "GET", "/api/state", pin=None)[0] == 401
    for _ in range(FREE_TRIES - 1):
        assert call(shared, "GET", "/api/state", pin="000000")[0] == 401
    status, _, headers = call(shared, "GET", "/api/state")  # even the right PIN now
    assert status == 429 and int(headers["Retry-After"]) >= 30


def test_only_the_documented_operations_exist(shared: Companion) -> None:
    for method, path in [
        ("GET", "/api/plans"),
        ("DELETE", "/api/flags"),
        ("PUT", "/api/state"),
        ("GET", "/static/../../pyproject.toml"),
        ("GET", "/static/producer.html.bak"),
        ("GET", "/etc/passwd"),
    ]:
        assert call(shared, method, path)[0] in (404, 405), path


def test_pages_are_served_with_a_strict_policy(shared: Companion) -> None:
    with urllib.request.urlopen(shared.url + "producer", timeout=10) as answer:
        page = answer.read().decode()
        policy = answer.headers["Content-Security-Policy"]
    assert 'src="/static/companion.js"' in page and "http" not in page.split("<body")[1]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    with urllib.request.urlopen(shared.url + "static/companion.js", timeout=10) as answer:
        script = answer.read().decode()
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script


def test_no_flag_once_the_run_has_ended(shared: Companion, run: Run) -> None:
    run.next()
    run.finish()
    status, answer, _ = call(shared, "POST", "/api/flags", {"category": "other"})
    assert status == 409 and "finished" in answer["expected"]


def test_close_frees_the_port(run: Run) -> None:
    companion = run.share(pin="1234")
    url = companion.url
    companion.close()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url + "api/state", timeout=2)


def test_a_stopped_companion_no_longer_listens_to_the_run(run: Run) -> None:
    """Sharing started and stopped again and again leaves the run as it was: nothing of a
    stopped companion is called on a mark."""
    heard: list[EventKind] = []
    run.on_event(lambda event: heard.append(event.kind))
    before = len(run._listeners)
    for _ in range(3):
        run.share(pin="1234").close()
    assert len(run._listeners) == before
    run.next()
    assert heard == [EventKind.NEXT]


def test_a_listener_taken_off_is_not_called(run: Run) -> None:
    heard: list[EventKind] = []

    def listener(event: Any) -> None:
        heard.append(event.kind)

    run.on_event(listener)
    run.next()
    run.off_event(listener)
    run.off_event(listener)  # a second time: nothing happens
    run.next()
    assert heard == [EventKind.NEXT]


def test_the_presenter_target_is_the_recovery_plan(
    shared: Companion, run: Run, clock: FakeClock
) -> None:
    run.next()
    clock.advance(500)  # Welcome 200 s over: the session is projected past the slot
    _, state, _ = call(shared, "GET", "/api/state")
    target = state["target"]
    # no step of this plan has a flexible range: it cannot land, and the page says so
    assert target["status"] == "cannot-land"
    assert target["lines"] == ["2:20 short: no remaining step is flexible"]
    assert target["step_target_s"] is None
    run.next()
    run.adjust_target(run.steps[1].id, 60, "behind 2:20")  # the poll cut to a minute
    clock.advance(20)
    _, state, _ = call(shared, "GET", "/api/state")
    assert state["target"]["step_target_s"] == 60
    assert state["remaining_s"] == 40  # counts down to the adjusted target, not the plan
