"""Headless Chromium driving the companion's pages (selenium with Debian's chromium and
chromium-driver), for the page test and for the README's phone-sized screenshot:

    python tests/companion_browser.py packaging/screenshots/producer-pad.png
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

PHONE = (390, 844)


def chromium() -> tuple[str, str] | None:
    """The browser and its driver, or None when they are not installed."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


def open_browser(size: tuple[int, int] = PHONE, dark: bool = False) -> WebDriver:
    found = chromium()
    assert found is not None
    options = webdriver.ChromeOptions()
    options.binary_location = found[0]
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--window-size={size[0]},{size[1]}",
        "--force-device-scale-factor=1",
    ):
        options.add_argument(argument)
    browser = webdriver.Chrome(service=Service(found[1]), options=options)
    # a window is at least 500 pixels wide; a phone's viewport is emulated
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": True},
    )
    if dark:
        browser.execute_cdp_cmd(
            "Emulation.setEmulatedMedia",
            {"features": [{"name": "prefers-color-scheme", "value": "dark"}]},
        )
    return browser


def text_of(browser: WebDriver, element_id: str) -> str:
    return str(browser.find_element(By.ID, element_id).text)


def wait_until(browser: WebDriver, test: Callable[[], bool], seconds: float = 15) -> None:
    WebDriverWait(browser, seconds, poll_frequency=0.05).until(lambda _: test())


def pair(browser: WebDriver, url: str, pin: str) -> None:
    browser.get(url)
    browser.find_element(By.ID, "pin").send_keys(pin)
    browser.find_element(By.ID, "pair-button").click()
    wait_until(browser, lambda: browser.find_element(By.ID, "live").is_displayed())


def tap(browser: WebDriver, category: str) -> None:
    for button in browser.find_elements(By.CSS_SELECTOR, "#categories button"):
        if button.text.replace("\u200b", "").replace("\n", "") == category:
            button.click()
            return
    raise AssertionError(f"no button {category!r}")


def shoot(target: Path, dark: bool = False) -> None:
    """The producer pad on a phone, paired, in the middle of a run with long cues."""
    from demo_run import demo_run

    with demo_run() as (run, _clock):
        companion = run.share(pin="271828")
        browser = open_browser(dark=dark)
        try:
            pair(browser, companion.url + "producer", companion.pin)
            browser.find_element(By.ID, "person").send_keys("Sam")
            wait_until(browser, lambda: "Breakout" in text_of(browser, "title"))
            tap(browser, "breakout logistics")
            wait_until(browser, lambda: "recorded" in text_of(browser, "sent"))
            browser.execute_script("window.scrollTo(0, 0)")
            browser.save_screenshot(str(target))
        finally:
            browser.quit()
            companion.close()


if __name__ == "__main__":
    shoot(Path(sys.argv[1]), dark="--dark" in sys.argv[2:])
