"""The companion's pages in a real browser (headless Chromium): pair, flag, see the run move,
and lose the connection without losing or doubling a flag."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from companion_browser import chromium, open_browser, pair, tap, text_of, wait_until
from plans import small_draft
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from rehearsal.clock import FakeClock
from rehearsal.model import EventKind
from rehearsal.rehearsing.run import Run
from rehearsal.workspace import Workspace

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        chromium() is None,
        reason="Chromium and its driver are not installed (apt-get install chromium "
        "chromium-driver; .ci/run installs them)",
    ),
]


@pytest.fixture
def browser() -> Iterator[WebDriver]:
    driver = open_browser()
    yield driver
    driver.quit()


def flags(run: Run) -> list[str]:
    return [e.get("flag_id") for e in run.events if e.kind is EventKind.FLAG]


def test_pair_flag_follow_and_reconnect(ws: Workspace, browser: WebDriver) -> None:
    clock = FakeClock()
    run = ws.start_rehearsal(ws.add_plan(small_draft()).id, clock=clock)
    companion = run.share(pin="135790")
    port = companion.bound_port
    try:
        browser.get(companion.url + "producer")
        browser.find_element(By.ID, "pin").send_keys("999999")
        browser.find_element(By.ID, "pair-button").click()
        wait_until(browser, lambda: "Wrong PIN" in text_of(browser, "pair-status"))
        browser.find_element(By.ID, "pin").clear()
        pair(browser, companion.url + "producer", companion.pin)
        wait_until(browser, lambda: text_of(browser, "connection") == "Live")

        run.next()  # the page follows without being asked
        wait_until(browser, lambda: text_of(browser, "title") == "Welcome")
        assert text_of(browser, "cues") == "Watch audio"
        browser.find_element(By.ID, "person").send_keys("Sam")
        browser.find_element(By.CSS_SELECTOR, "input[value=high]").click()
        browser.find_element(By.ID, "note").send_keys("<b>no sound</b>")
        tap(browser, "access/login")
        wait_until(browser, lambda: len(flags(run)) == 1)
        flag = ws.flags(run.rehearsal.id)[0]
        assert (flag.category, flag.severity, flag.raised_by) == (
            "access/login",
            "high",
            "Sam (producer)",
        )
        assert flag.note == "<b>no sound</b>"
        wait_until(browser, lambda: text_of(browser, "flag-count") == "1 flags")

        companion.close()  # the live screen's sharing stops, or the Wi-Fi drops
        wait_until(browser, lambda: text_of(browser, "connection") == "Reconnecting…")
        tap(browser, "tool launch")  # tapped while offline: kept on the device
        wait_until(browser, lambda: "1 waiting" in text_of(browser, "queued"))
        clock.advance(30)
        run.next()
        companion = run.share(port=port, pin="135790")
        wait_until(browser, lambda: text_of(browser, "title") == "Poll", seconds=30)
        wait_until(browser, lambda: len(flags(run)) == 2)
        assert len(set(flags(run))) == 2  # the queued one once, the first not again
        wait_until(browser, lambda: text_of(browser, "queued") == "")
        assert [f.category for f in ws.flags(run.rehearsal.id)] == ["access/login", "tool launch"]
    finally:
        companion.close()


def test_presenter_and_cuesheet_show_the_run(ws: Workspace, browser: WebDriver) -> None:
    clock = FakeClock()
    run = ws.start_rehearsal(ws.add_plan(small_draft()).id, clock=clock)
    run.next()
    clock.advance(400)  # 100 s over the 300 planned
    companion = run.share(pin="24680")
    try:
        pair(browser, companion.url + "presenter", companion.pin)
        assert text_of(browser, "remaining").startswith("-1:4")
        countdown = browser.find_element(By.ID, "remaining").get_attribute("class") or ""
        assert set(countdown.split()) == {"countdown", "big", "over"}  # large, in overtime
        assert text_of(browser, "recovery") == "0:40 short: no remaining step is flexible"
        assert text_of(browser, "offset") == "+1:40 against the plan"
        assert text_of(browser, "target").startswith("Slot ends ")
        browser.get(companion.url + "cuesheet")  # paired already: the PIN is kept in the tab
        wait_until(browser, lambda: len(browser.find_elements(By.CSS_SELECTOR, "#rows tr")) == 5)
        rows = [r.text for r in browser.find_elements(By.CSS_SELECTOR, "#rows tr")]
        assert rows[0].startswith("1 Welcome 5:00") and "Poll" in rows[1]
    finally:
        companion.close()
