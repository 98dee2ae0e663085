"""Before/after screenshots of the phone UX (360x740) for one running server.

    python docs/ux/shoot.py BASE_URL OUT_DIR [--chromium PATH]

e.g. ``python docs/ux/shoot.py http://127.0.0.1:8802 docs/ux/after``. Each step that fails
(say, a field the version under test does not have) is written to OUT_DIR/notes.txt and the
script goes on with the next step.
"""

from __future__ import annotations

import argparse
import re
import shutil
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Page, Route, sync_playwright

ZONE = "America/New_York"
PHONE = dict(viewport={"width": 360, "height": 740}, device_scale_factor=1,
             is_mobile=True, has_touch=True, locale="en-US", timezone_id=ZONE)
RESULT_URL = re.compile(r"/r/[^/?#]+/?$")


class Shooter:
    def __init__(self, browser: Browser, base: str, out: Path) -> None:
        self.browser, self.base, self.out = browser, base.rstrip("/"), out
        self.notes: list[str] = []

    # -- bookkeeping -------------------------------------------------------------------
    def note(self, step: str, error: BaseException | str) -> None:
        text = error if isinstance(error, str) else \
            f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
        self.notes.append(f"{step}: {text}")
        print(f"NOTE {step}: {text}")

    def shot(self, page: Page, name: str) -> None:
        page.wait_for_timeout(150)
        page.screenshot(path=str(self.out / name), full_page=True)
        print("saved", name, page.url)

    @contextmanager
    def phone_page(self) -> Iterator[Page]:
        """A page in a fresh phone context of its own, closed after the step."""
        ctx = self.browser.new_context(**PHONE)
        ctx.set_default_timeout(10_000)
        try:
            yield ctx.new_page()
        finally:
            ctx.close()

    # -- the questionnaire -------------------------------------------------------------
    def open_first_question(self, page: Page) -> None:
        page.goto(self.base + "/")
        start = page.get_by_role("link", name="Start now").or_(
            page.get_by_role("button", name="Start now"))
        start.first.click()
        page.wait_for_url(re.compile(r"/questions/"))
        page.wait_for_load_state()

    def answer_current(self, page: Page, first: str | None = None) -> None:
        """Answer the question on screen harmlessly (or with the label `first`), Continue."""
        form = page.locator("form.question, main form:has(button:text-is('Continue'))").first
        boxes = form.locator("input[type=checkbox]")
        radios = form.locator("input[type=radio]")
        if first:
            page.get_by_label(first, exact=True).check()
        elif boxes.count():
            none = form.get_by_label("None of these", exact=True)
            (none if none.count() else boxes.first).check()
        elif radios.count():
            no = form.get_by_label("No", exact=True)
            (no if no.count() else radios.first).check()
        # free text: left empty
        url = page.url
        heading = page.locator("h1").first.inner_text()
        page.get_by_role("button", name="Continue").click()
        page.wait_for_function(
            "([u, h]) => location.href !== u"
            " || (document.querySelector('h1') || {}).innerText !== h",
            arg=[url, heading])
        page.wait_for_load_state()

    def finish(self, page: Page, first: str | None = None) -> str:
        """From a question page, answer to the end and submit; return the result's URL."""
        for i in range(40):
            if RESULT_URL.search(page.url):
                return page.url
            if page.get_by_role("button", name="Continue").count():
                self.answer_current(page, first if i == 0 else None)
                continue
            # check answers: the form's submit button ("Get my result" or so)
            submit = page.locator("form[action$='submit'] button[type=submit]")
            if not submit.count():
                submit = page.locator("main form button[type=submit]").last
            submit.first.click()
            page.wait_for_url(RESULT_URL)
            page.wait_for_load_state()
        raise RuntimeError(f"no result after 40 pages, at {page.url}")

    # -- the diary ---------------------------------------------------------------------
    def add_entry(self, page: Page, when: str, where: str, how_long: str, strength: str,
                  step: str) -> None:
        try:
            page.locator("#at-field").fill(when)
        except Exception as e:
            self.note(step + " (When field)", e)
        for legend, label in (("Where", where), ("About how long", how_long),
                              ("How strong", strength)):
            try:
                group = page.locator("fieldset", has=page.locator("legend", has_text=legend))
                group.get_by_label(label, exact=True).check()
            except Exception as e:
                self.note(f"{step} ({legend})", e)
        page.get_by_role("button", name="Save this twitch").click()
        page.wait_for_load_state()
        page.wait_for_timeout(500)

    # -- the steps ---------------------------------------------------------------------
    def step(self, name: str, fn: Callable[..., object], *args: object) -> None:
        try:
            fn(*args)
        except Exception as e:
            self.note(name, e)
            traceback.print_exc()

    def diary(self) -> None:
        with self.phone_page() as page:
            self.open_first_question(page)
            self.finish(page)
            page.get_by_role("link", name=re.compile("twitch diary")).first.click()
            page.wait_for_url(re.compile(r"/diary"))
            page.wait_for_load_state()
            page.wait_for_timeout(300)
            now = datetime.now(ZoneInfo(ZONE))
            yesterday8 = (now - timedelta(days=1)).strftime("%Y-%m-%dT08:00")
            self.add_entry(page, yesterday8, "Leg or foot", "Seconds", "2", "1 diary entry")
            self.shot(page, "1-diary-new-york.png")
            self.step("1 after edit", self.edit_unchanged, page)
            # 7: a second entry, the list of entries in view
            two_days9pm = (now - timedelta(days=2)).strftime("%Y-%m-%dT21:00")
            self.add_entry(page, two_days9pm, "Leg or foot", "Minutes", "3", "7 second entry")
            page.locator(".entries").first.scroll_into_view_if_needed()
            self.shot(page, "7-diary-phone.png")

    def edit_unchanged(self, page: Page) -> None:
        page.locator(".entry").first.get_by_role("link", name=re.compile(r"^Change")).click()
        page.wait_for_url(re.compile(r"/edit"))
        page.wait_for_load_state()
        page.wait_for_timeout(300)
        page.get_by_role("button", name="Save changes").click()
        page.wait_for_url(re.compile(r"/diary/?(\?.*)?(#.*)?$"))
        page.wait_for_load_state()
        page.wait_for_timeout(500)
        self.shot(page, "1-diary-new-york-after-edit.png")

    def loading(self) -> None:
        held = []
        with self.phone_page() as page:
            self.open_first_question(page)

            def hold(route: Route) -> None:
                if route.request.method == "POST" and not held:
                    held.append(route)
                else:
                    route.continue_()

            page.route("**/*", hold)
            page.get_by_label("None of these", exact=True).check()
            page.get_by_role("button", name="Continue").click(no_wait_after=True)
            page.wait_for_timeout(300)
            if not held:
                self.note("2 loading", "the POST was not caught")
            self.shot(page, "2-step-loading.png")
            for r in held:
                r.continue_()
            page.unroute("**/*")

    def back_and_start(self) -> None:
        with self.phone_page() as page:
            self.open_first_question(page)
            self.finish(page)
            page.go_back()
            page.wait_for_load_state()
            page.wait_for_timeout(300)
            self.shot(page, "3-back-from-result.png")
            page.goto(self.base + "/")
            self.shot(page, "3-start-page-with-a-result.png")

    def print_urgent(self) -> None:
        with self.phone_page() as page:
            self.open_first_question(page)
            result = self.finish(page, first="Difficulty swallowing")
            page.goto(result.rstrip("/") + "/print")
            page.emulate_media(media="print")
            self.shot(page, "4-print.png")

    def run(self) -> None:
        self.step("1 diary / 7 diary with two entries", self.diary)
        self.step("2 loading", self.loading)
        self.step("3 start page and back", self.back_and_start)
        self.step("4 print", self.print_urgent)
        (self.out / "notes.txt").write_text(
            "\n".join(self.notes) + "\n" if self.notes else "Every step ran.\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("base_url")
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--chromium", default=shutil.which("chromium"),
                    help="the Chromium to drive (default: `chromium` on the PATH)")
    a = ap.parse_args()
    a.out_dir.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=a.chromium,
                                    args=["--no-sandbox", "--disable-gpu"])
        try:
            Shooter(browser, a.base_url, a.out_dir).run()
        finally:
            browser.close()


if __name__ == "__main__":
    main()
