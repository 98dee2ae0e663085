"""Browser tests: a real uvicorn server on 127.0.0.1 with a temporary SQLite database, driven
by Playwright in Debian's headless Chromium (never a downloaded browser)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Request

from app.settings import PROJECT_DIR
from tests.live import live_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = PROJECT_DIR / "test-artifacts" / "screenshots"
PHONE = {"width": 360, "height": 740}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/system-deps (scripts/test does)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served by a real uvicorn process, stopped when the session ends."""
    folder = tmp_path_factory.mktemp("live")
    with live_server(f"sqlite:///{folder / 'live.db'}", folder / "server.log") as url:
        yield url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict, base_url: str) -> dict:
    return {**browser_context_args, "base_url": base_url}


class Watch:
    """Every request a page makes and every console error it shows."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.requests: list[str] = []
        self.errors: list[str] = []

    def attach(self, target: Page | BrowserContext) -> None:
        target.on("request", self._request)
        if isinstance(target, Page):
            target.on("console", self._console)
            target.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))

    def _request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def foreign(self) -> list[str]:
        return [u for u in self.requests
                if not (u.startswith(self.base_url + "/") or u == self.base_url)]


@pytest.fixture
def watch(page: Page, base_url: str) -> Iterator[Watch]:
    """Attached to the default page; fails the test on a third-party request or an error."""
    w = Watch(base_url)
    w.attach(page.context)
    w.attach(page)
    yield w
    assert w.foreign() == [], "third-party requests"
    assert w.errors == [], "console errors"


@pytest.fixture
def nojs_page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    yield context.new_page()
    context.close()


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
