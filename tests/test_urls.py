"""app.http.urls: the templates' links are the paths Starlette itself would build."""

from __future__ import annotations

import pytest
from starlette.routing import NoMatchFound, Route

from app.http.urls import paths_by_name


def test_every_named_route_has_the_path_starlette_builds(app):
    path = app.state.path_for  # what handlers and templates use
    assert app.state.renderer.env.globals["url"] is path
    routes = [r for r in app.state.routes if isinstance(r, Route)]
    assert len(routes) > 20
    for route in routes:
        params = {name: 7 if type(convertor).__name__ == "IntegerConvertor" else "x1"
                  for name, convertor in route.param_convertors.items()}
        assert path(route.name, **params) == str(app.url_path_for(route.name, **params))
    # A mount is found by Starlette's own search.
    assert path("assets", path="app.css") == str(app.url_path_for("assets", path="app.css"))


def test_an_unknown_name_or_a_missing_parameter_is_an_error(app):
    path = paths_by_name(app.state.routes, fallback=app.url_path_for)
    with pytest.raises(NoMatchFound):
        path("no_such_page")
    with pytest.raises(NoMatchFound):
        path("result")


def test_routes_sharing_a_name_are_tried_in_order():
    """As Starlette does: the first route of the name whose parameters fit."""
    from starlette.routing import Router

    router = Router([Route("/entries", lambda r: None, name="entry"),
                     Route("/entries/{id:int}", lambda r: None, name="entry")])
    path = paths_by_name(router.routes, fallback=router.url_path_for)
    assert path("entry") == "/entries"
    assert path("entry", id=3) == "/entries/3" == str(router.url_path_for("entry", id=3))


def test_every_name_the_templates_link_to_is_in_the_index(app):
    """Starlette's own search walks every router, raising for each that is not it: 140 us
    for the footer's link to the developers' page, on every page, while that route (one
    of the app's own) was missing from the index."""
    import re

    from app.resources import shipped_dir

    names = {name for template in shipped_dir("templates").glob("*.html")
             for name in re.findall(r"""url\(["'](\w+)["']""", template.read_text())}
    assert {"docs", "start", "result"} <= names
    indexed = {route.name for route in app.state.routes if isinstance(route, Route)}
    assert names - indexed == set()

    def search(name: str, **params: object) -> str:
        raise AssertionError(f"{name} was looked for by walking the routers")

    path = paths_by_name(app.state.routes, fallback=search)
    assert path("docs") == "/docs"
    assert path("healthz") == "/healthz"
