"""Static files under content-hashed URLs: cached for a year, gzipped, never stale."""

from __future__ import annotations

import gzip
import re

from app.settings import PROJECT_DIR


def asset_urls(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/assets/[^"]+)"', html)


def test_pages_link_every_asset_by_hash(client):
    urls = asset_urls(client.get("/").text)
    names = {u.split("/", 3)[3] for u in urls}
    assert names == {"app.css", "favicon.svg", "vendor/htmx/htmx.min.js", "app.js"}


def test_hashed_asset_is_immutable_and_matches_the_file(client):
    for url in asset_urls(client.get("/").text):
        response = client.get(url, headers={"accept-encoding": "identity"})
        assert response.status_code == 200
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
        name = url.split("/", 3)[3]
        assert response.content == (PROJECT_DIR / "static" / name).read_bytes()


def test_text_assets_are_gzipped_when_asked(client):
    url = next(u for u in asset_urls(client.get("/").text) if u.endswith("htmx.min.js"))
    raw = client.get(url, headers={"accept-encoding": "gzip"}, extensions={})
    assert raw.headers["content-encoding"] == "gzip"
    assert int(raw.headers["content-length"]) < 20_000  # 52 KB of JavaScript
    plain = client.get(url, headers={"accept-encoding": "identity"})
    assert gzip.decompress(gzip.compress(plain.content)) == raw.content
    for response in (raw, plain):  # said once, whichever was sent
        assert response.headers.get_list("vary") == ["Accept-Encoding"]


def test_assets_set_no_cookie(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as fresh:  # a browser with no session cookie yet
        url = asset_urls(fresh.get("/").text)[0]
        fresh.cookies.clear()
        assert "set-cookie" not in fresh.get(url).headers
        assert "set-cookie" not in fresh.get("/fhir/Questionnaire/twitch-triage").headers


def test_an_old_hash_still_gets_the_file_but_not_for_a_year(client):
    response = client.get("/assets/000000000000/app.css")
    assert response.status_code == 200 and response.headers["cache-control"] == "no-cache"


def test_unknown_and_escaping_paths_are_404(client):
    for path in ("/assets/abc/nope.css", "/assets/abc/../pyproject.toml",
                 "/assets/abc/..%2f..%2fpyproject.toml", "/assets/", "/assets/abc"):
        assert client.get(path).status_code == 404, path


def test_html_is_compressed_and_varies_on_htmx_and_encoding(client):
    response = client.get("/questions/symptoms", headers={"accept-encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    vary = response.headers["vary"]
    assert "HX-Request" in vary and "Accept-Encoding" in vary


BUNDLE = "vendor/swagger-ui/swagger-ui-bundle.js"


def test_each_file_has_one_name_and_no_request_adds_to_the_table(app, client):
    """An outside attack: every spelling of one name (`…js/`, `…js//`, `…js/./`) kept its
    own 1.7 MB copy (RSS 88 -> 258 MB in 100 HEAD requests). Any spelling but the one name
    is a 404, and the table holds the shipped files, whatever is asked."""
    shipped = {p.relative_to(PROJECT_DIR / "static").as_posix()
               for p in (PROJECT_DIR / "static").rglob("*") if p.is_file()}
    url = client.app.state.assets.url(BUNDLE)
    assert client.head(url).status_code == 200
    digest = url.split("/")[2]
    for variant in (f"{BUNDLE}/", f"{BUNDLE}//", f"{BUNDLE}/./",
                    BUNDLE.replace("/", "//"), BUNDLE.upper(),
                    BUNDLE + "%00", f"{BUNDLE}{'/' * 50}"):
        for method in ("HEAD", "GET"):
            response = client.request(method, f"/assets/{digest}/{variant}",
                                      headers={"accept-encoding": "gzip"})
            assert response.status_code == 404, (method, variant)
    assert len(app.state.assets) == len(shipped)


def test_text_assets_are_gzipped_when_the_app_is_built_not_per_request(app):
    """Gzipping on a request blocked the event loop ~70 ms a time; it is done once, as the
    app is built (in create_app, before it serves anything)."""
    for name in ("app.css", "app.js", "vendor/htmx/htmx.min.js", BUNDLE):
        asset = app.state.assets.get(name)
        assert asset.gzipped is not None and gzip.decompress(asset.gzipped) == asset.body
    assert app.state.assets.get("vendor/swagger-ui/favicon-32x32.png").gzipped is None
