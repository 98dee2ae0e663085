"""Coming back to a result: the start page lists it above the emergency box, the
result page says so, and the chart's period links are marked for app.js to keep focus."""

from __future__ import annotations

from tests.factories import result_url, submit_form


def test_a_returning_person_sees_their_results_above_the_emergency_box(client):
    url = result_url(client)
    page = client.get("/").text
    assert page.index("Your results on this device") < page.index("banner--emergency")
    assert page.index(f'href="{url}"') < page.index("banner--emergency")
    # Clinical version 3: the call-now box comes before the Start button.
    assert page.index("banner--emergency") < page.index("Start now")


def test_the_result_page_says_where_the_way_back_is(client):
    url = result_url(client)
    html = client.get(url).text
    assert "only way back" not in html
    assert "“Your results on this device” on the" in html and 'href="/"' in html


def test_the_chart_links_and_heading_are_ready_for_focus(client):
    url = result_url(client)
    submit_form(client, f"{url}/diary", {"location": "leg_foot", "duration": "seconds",
                                         "intensity": "2", "tz": "Europe/London"})
    page = client.get(f"{url}/diary?days=14").text
    assert 'id="chart-heading" tabindex="-1" data-period="14"' in page
    assert 'id="chart-status" role="status" aria-live="polite"' in page
    assert page.count("data-chart-period") == 2  # the two periods not shown
