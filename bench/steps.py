"""How long a step of the questionnaire takes on a slow phone network, in a real browser.

Starts our app (one uvicorn worker on a fresh SQLite file) and Debian's headless Chromium,
slows the browser's network to 400 ms round trip and 400 kbps each way (Chrome DevTools'
network emulation), then answers the whole questionnaire twice: with JavaScript (htmx:
an answer's POST brings the next page back) and without (post/redirect/get: a POST, then
a GET). Prints, for each, the time from the click on Continue to the next question shown,
and the requests each step made.

    .venv/bin/python -m bench.steps [--latency-ms 400] [--kbps 400]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, Request, sync_playwright

from app.questionnaire import BY_ID
from bench.loadlib import SAMPLE_ANSWERS, Server
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.people import choose, path_of


def walk(page: Page, base_url: str) -> tuple[list[float], list[int]]:
    """Answer every question page; each step's milliseconds and request count."""
    sent: list[str] = []

    def seen(request: Request) -> None:
        if "/assets/" not in request.url:
            sent.append(request.url)

    page.on("request", seen)
    page.goto(f"{base_url}/questions/red_flags_now")
    times, counts = [], []
    while path_of(page).startswith("/questions/"):
        link_id = path_of(page).removeprefix("/questions/")
        choose(page, link_id, SAMPLE_ANSWERS.get(link_id, ""))
        sent.clear()
        started = time.perf_counter()
        page.get_by_role("button", name="Continue").click()
        # Checked on every animation frame: expect() polls at growing intervals (up to
        # 500 ms), which would be timed instead of the step.
        page.wait_for_function("(old) => { const h = document.querySelector('h1');"
                               " return h && h.textContent.trim() !== old; }",
                               arg=BY_ID[link_id].question, polling="raf", timeout=20_000)
        times.append((time.perf_counter() - started) * 1000)
        counts.append(len(sent))
    return times, counts


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency-ms", type=int, default=400)
    parser.add_argument("--kbps", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        server = Server(Path(folder) / "steps.db")
        server.start()
        playwright = sync_playwright().start()
        try:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            print(f"network: {args.latency_ms} ms round trip, {args.kbps} kbps each way "
                  "(Chromium's emulation); time from Continue to the next question shown\n")
            print(f"{'':<16}{'steps':>6}{'median ms':>11}{'p90 ms':>8}{'requests a step':>17}")
            for javascript in (True, False):
                context = browser.new_context(java_script_enabled=javascript)
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                bytes_per_s = args.kbps * 1000 / 8
                cdp.send("Network.emulateNetworkConditions", {
                    "offline": False, "latency": args.latency_ms,
                    "downloadThroughput": bytes_per_s, "uploadThroughput": bytes_per_s})
                walk(page, server.url)  # first: the assets into the browser's cache
                context.clear_cookies()  # then as a new person, whose answers start empty
                times, counts = walk(page, server.url)
                context.close()
                p90 = statistics.quantiles(times, n=10)[-1]
                print(f"{'htmx' if javascript else 'no JavaScript':<16}{len(times):>6}"
                      f"{statistics.median(times):>11.0f}{p90:>8.0f}"
                      f"{statistics.median(counts):>17.0f}")
            browser.close()
        finally:
            playwright.stop()
            server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
