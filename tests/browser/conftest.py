"""Start the real dashboard once and drive it with Debian's Chromium (no browser download)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
WARM_UP_MS = 300_000
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# The sample story's outlets, in file order, as data/sample_story/manifest.json names them.
SAMPLE_NAMES = ["ABP Live", "Unnamed news site", "Metro", "Indian outlet (PTI inputs)",
                "The Independent"]
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


# A check without its own timeout waits this long: Playwright's 5 s default is too short
# for a rerun on a loaded 2-core CI machine (a cleaning expander once took longer).
expect.set_options(timeout=60_000)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("streamlit did not become healthy in time")


@contextmanager
def running_app(env: Mapping[str, str] | None = None) -> Iterator[str]:
    """The dashboard served on a free loopback port for as long as the block runs;
    ``env``: variables to set for the server (e.g. its stored-result folder)."""
    port = _free_port()
    (ROOT / "artifacts").mkdir(exist_ok=True)
    log = open(ROOT / "artifacts" / "streamlit.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
         "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def app_url(browser):
    with running_app() as url:
        _warm_up(browser, url)
        yield url


def _warm_up(browser, url: str) -> None:
    """Open the first screen once, with time to spare: the first visit loads the embedding
    model and compares the sample story (about a minute on a busy 2-core machine), so the
    tests' own timeouts measure the dashboard rather than a cold start."""
    page = browser.new_page()
    try:
        page.goto(url)
        page.locator(".js-plotly-plot").first.wait_for(timeout=WARM_UP_MS)
        page.wait_for_selector(IDLE, timeout=WARM_UP_MS)
    finally:
        page.close()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: scripts/test.sh installs Debian's chromium")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}}


@pytest.fixture
def screenshot(page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def pytest_configure(config):
    (ROOT / "artifacts").mkdir(exist_ok=True)


def pytest_collection_modifyitems(config, items):
    """Every test under tests/browser/ is a browser test, so ``-m "not browser"`` is the
    quick loop (this hook sees the whole session's items, hence the path check)."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)
