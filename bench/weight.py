"""Page weight as a browser downloads it: compressed bytes on the wire, assets included."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import httpx

from bench.loadlib import CSRF, to_form

ASSET = re.compile(r'(?:href|src)="(/assets/[^"]+)"')
BROWSER = {"accept-encoding": "gzip, deflate, br",
           "accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
HTMX = {**BROWSER, "HX-Request": "true", "HX-Current-URL": "http://127.0.0.1/"}


def wire_bytes(response: httpx.Response) -> int:
    head = len(f"HTTP/1.1 {response.status_code} {response.reason_phrase}\r\n")
    head += sum(len(k) + len(v) + 4 for k, v in response.headers.raw) + 2
    return head + response.num_bytes_downloaded


@dataclass
class Weights:
    first_page: int = 0
    first_page_assets: list[tuple[str, int]] = field(default_factory=list)
    steps: list[tuple[str, int]] = field(default_factory=list)
    total: int = 0
    cached_assets: int = 0  # asset URLs served as immutable, fetched once


def measure(base_url: str, answers: dict) -> Weights:
    w = Weights()
    with httpx.Client(base_url=base_url, headers=BROWSER) as client:
        page = client.get("/")
        w.first_page = wire_bytes(page)
        for url in dict.fromkeys(ASSET.findall(page.text)):
            asset = client.get(url)
            w.first_page_assets.append((url.split("/", 3)[3], wire_bytes(asset)))
            immutable = "immutable" in asset.headers.get("cache-control", "")
            w.cached_assets += immutable
        w.total = w.first_page + sum(n for _, n in w.first_page_assets)

        def step(name: str, method: str, url: str, **kw: object) -> httpx.Response:
            response = client.request(method, url, headers=HTMX, **kw)
            size = wire_bytes(response)
            if response.status_code == 303:  # htmx follows the redirect with HX-Request
                followed = client.get(response.headers["location"], headers=HTMX)
                size += wire_bytes(followed)
                response = followed
            w.steps.append((name, size))
            w.total += size
            return response

        location = "/questions/red_flags_now"
        current = step("start -> red_flags_now", "GET", location)
        while location.startswith("/questions/"):
            if len(w.steps) > 3 * len(answers):  # a step that never moves on: say so
                raise RuntimeError(f"the questionnaire did not move on from {location}")
            link_id = location.removeprefix("/questions/")
            token = CSRF.search(current.text).group(1)
            data = {link_id: to_form(answers.get(link_id, "")), "csrf_token": token}
            current = step(link_id, "POST", location, data=data)
            # With htmx the answer brings the next page back, its address in HX-Push-Url.
            location = current.headers.get("HX-Push-Url") or str(current.url.path)
            location = location.split("?")[0]
        if location == "/check-answers":
            token = CSRF.search(current.text).group(1)
            current = step("submit -> result", "POST", location, data={"csrf_token": token})
    return w


def report(w: Weights) -> None:
    kb = 1024
    first = w.first_page + sum(n for _, n in w.first_page_assets)
    print(f"first page with assets    {first / kb:6.1f} KB  (budget 30 KB): HTML "
          f"{w.first_page / kb:.1f} KB + " + ", ".join(f"{name} {n / kb:.1f} KB"
                                                    for name, n in w.first_page_assets))
    largest = max(w.steps, key=lambda s: s[1])
    print(f"largest htmx step         {largest[1] / kb:6.1f} KB  (budget 3 KB): {largest[0]}")
    print(f"htmx steps                {len(w.steps)}, mean "
          f"{sum(n for _, n in w.steps) / len(w.steps) / kb:.1f} KB")
    print(f"whole questionnaire       {w.total / kb:6.1f} KB  (budget 60 KB), start to result")
    print(f"assets cached immutable   {w.cached_assets} of {len(w.first_page_assets)}: a "
          f"second visit downloads no asset")
