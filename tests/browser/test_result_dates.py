"""A result's date is the day where its reader is, not the server's UTC day: in Chromium
set to a zone whose day is not UTC's now (Kiritimati, 14 hours ahead, or Pago Pago, 11
behind), with and without JavaScript; and in zones a half or three quarters of an hour off
UTC's, at the hour that holds their midnight (a result's time is kept to the hour)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from playwright.sync_api import Browser, Page, Route, expect

from tests.browser.conftest import PHONE
from tests.browser.people import complete
from tests.factories import harmless


def far_zone() -> str:
    """A zone whose day is not UTC's for the next hours: UTC's 10:00 is Kiritimati's
    midnight, and until UTC's 11:00 Pago Pago is still on the day before. No zone is
    both on either side of UTC's midnight: a run that would score across it waits."""
    now = datetime.now(UTC)
    if now.hour == 23 and now.minute >= 58:
        midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        time.sleep((midnight - now).total_seconds() + 5)
        now = datetime.now(UTC)
    return "Pacific/Kiritimati" if now.hour >= 10 else "Pacific/Pago_Pago"


def days_of(page: Page, zone: str, locale: str = "en") -> tuple[str, str]:
    """The scored moment's day in UTC and in `zone`, as the pages write days."""
    told = page.locator("time[data-local-day]").first.get_attribute("datetime")
    assert told
    moment = datetime.fromisoformat(told.replace("Z", "+00:00"))
    utc, local = moment.date(), moment.astimezone(ZoneInfo(zone)).date()
    assert utc != local  # else this test could not tell the two apart
    pattern = "d MMMM y" if locale == "en" else "long"
    return format_date(utc, pattern, locale=locale), format_date(local, pattern, locale=locale)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_result_start_and_print_pages_date_it_where_the_person_is(
        browser: Browser, base_url: str, javascript: bool):
    zone = far_zone()
    context = browser.new_context(base_url=base_url, java_script_enabled=javascript,
                                  timezone_id=zone, viewport=PHONE)
    page = context.new_page()
    result = complete(page, harmless())
    utc_day, local_day = days_of(page, zone)
    shown = local_day if javascript else utc_day  # without JavaScript: UTC's, as before
    meta = page.locator(".meta")
    # The result as the last step drew it (an htmx swap with JavaScript), then loaded anew.
    for _ in range(2):
        expect(meta).to_contain_text(f"Scored on {shown} with questionnaire version")
        page.goto(result)
    page.goto("/")
    expect(page.get_by_role("link", name=f"{shown}: ")).to_be_visible()
    page.goto(result + "/print")
    expect(page.locator(".print-summary__title")).to_have_text(
        f"Muscle twitch summary for a doctor · {shown}")
    page.goto(result + "?in=es")
    utc_es, local_es = days_of(page, zone, "es")
    expect(meta).to_contain_text(f"{local_es if javascript else utc_es} con")
    context.close()


# A result scored in the hour from `stored` (UTC), whose day there was `utc`, as read in
# `zone`: from the middle of that hour, the day it mostly was there.
HOUR_HOLDING_MIDNIGHT = [
    ("Asia/Kolkata", "2026-12-02T18:00Z", "3 December 2026"),  # 23:30 to 00:30
    ("Asia/Kathmandu", "2026-12-02T18:00Z", "3 December 2026"),  # 23:45 to 00:45
    ("America/St_Johns", "2026-12-02T03:00Z", "2 December 2026"),  # 23:30 to 00:30
]


def scored_in(stored: str) -> Callable[[Route], None]:
    """The page as the server draws it, for a result scored in the hour from `stored`."""
    def handle(route: Route) -> None:
        drawn = re.sub(r'datetime="[^"]+" data-local-day="60">[^<]+<',
                       f'datetime="{stored}" data-local-day="60">2 December 2026<',
                       route.fetch().text())
        route.fulfill(body=drawn, content_type="text/html; charset=utf-8")

    return handle


def test_a_zone_off_utcs_hours_takes_the_middle_of_the_hour_kept(browser: Browser,
                                                                  base_url: str):
    owner = browser.new_context(base_url=base_url)
    share = complete(owner.new_page(), harmless())
    owner.close()
    for zone, stored, expected in HOUR_HOLDING_MIDNIGHT:
        context = browser.new_context(base_url=base_url, timezone_id=zone, viewport=PHONE)
        page = context.new_page()

        page.route(re.compile(re.escape(share) + "$"), scored_in(stored))
        page.goto(share)
        expect(page.locator(".meta")).to_contain_text(f"Scored on {expected} with")
        context.close()
