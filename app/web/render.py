"""Full pages, or for htmx the page's own `main` block (one template per page)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)
from jinja2.bccache import Bucket
from jinja2_fragments import render_block
from markupsafe import Markup, escape

from app import i18n
from app.formats import by_place, clock, day, number, zone
from app.http.deps import state
from app.http.language import language_of
from app.i18n import N_, Language
from app.resources import shipped_dir
from app.web import phrases
from app.web.assets import Assets
from app.web.view import asks_last_seen_well, safety_net_sections

SERVICE_NAME = N_("Check your muscle twitches")
STATIC_DIR = shipped_dir("static")


class CompiledTemplates(BytecodeCache):
    """Our templates' compiled code, kept for the process: every app built in it (a test
    run builds hundreds, each compiling all templates at start-up, ~0.2 s) loads the code
    instead of compiling it again (~8 ms). Keyed by template name (Jinja's bucket key);
    Jinja checks the source's checksum on load, so an edited template is compiled afresh
    and replaces its entry. It holds code only, never a rendered page: one entry per
    template."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._code.clear()

    def __len__(self) -> int:
        return len(self._code)


COMPILED = CompiledTemplates()


# The parts of base.html drawn once per language (Renderer: `fixed`).
FIXED = frozenset({"_assets.html", "_connection_problem.html", "_footer.html"})
# The macro templates, by the name every template calls them by (Renderer makes them once).
MACRO_MODULES = {"m": "_macros.html", "d": "_diary_macros.html", "r": "_result_macros.html",
                 "doc": "_doctor_macros.html"}

# What htmx sends with each request (hx-headers on <body>): the language of the page shown.
PAGE_LANGUAGE = "X-Page-Language"
# The query of the page kept in its switch links, at most this long: a page's own
# parameters are a few bytes, and a stranger's long query is not copied three times.
KEPT_QUERY = 256


def switch(request: Request, pushed: str | None) -> list[dict[str, str]]:
    """Each language offered, with the address of the page shown in it (for the switch and
    `hreflang`): after an htmx step, the page it shows (`request.state.shown_url`); else
    this request's."""
    if pushed:
        path, _, query = pushed.partition("?")
        path = "/" + path.lstrip("/\\")
    else:
        path, query = own_address(request)
    kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != i18n.QUERY] \
        if query and len(query) <= KEPT_QUERY else []
    return [{"code": language.code, "name": language.name,
             "href": f"{path}?{urlencode([*kept, (i18n.QUERY, language.code)])}"}
            for language in state(request).languages]


def own_address(request: Request) -> tuple[str, str]:
    """This request's path, quoted (a header or a link carries it as ASCII), and its query,
    without building request.url (5 us a page). One leading slash: "//host/x" would be an
    address on another site."""
    return ("/" + quote(request.scope["path"]).lstrip("/\\"),
            request.scope["query_string"].decode("latin-1"))


def translated(text: str) -> str:
    """A text marked with N_() where it is defined (questionnaire, labels), in the page's
    language. Unlike _() it is escaped like any value and never read as a format string,
    so data can hold "%" or "<"."""
    return i18n.gettext(text)


def is_htmx(request: Request) -> bool:
    # A history restore wants the whole page, not a fragment.
    return (request.headers.get("hx-request") == "true"
            and request.headers.get("hx-history-restore-request") != "true")


class Renderer:
    def __init__(self, assets: Assets, url_path_for: Callable[..., str]) -> None:
        self.env = Environment(
            loader=FileSystemLoader(shipped_dir("templates")),
            autoescape=select_autoescape(["html"]),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            # Templates ship with the code: no stat() of each file on every render.
            auto_reload=False,
            bytecode_cache=COMPILED,
            extensions=["jinja2.ext.i18n"],
        )
        # {% trans %} and _() look up the language being drawn now (i18n.speaking), so one
        # environment serves every language.
        self.env.install_gettext_callables(  # type: ignore[attr-defined]
            i18n.gettext, i18n.ngettext, newstyle=True)
        # _() and ngettext() as newstyle gettext does them, called directly: Jinja's own
        # go through the template context three times a call, a quarter of a question
        # page's drawing. ({% trans %} blocks keep Jinja's.)
        self.env.globals.update(_=phrases.trusted, ngettext=phrases.trusted_plural)
        # url("result", token=...): every link and form action from the routes' names.
        self.env.globals.update(static_url=assets.url, service_name=SERVICE_NAME,
                                url=url_path_for, asks_last_seen_well=asks_last_seen_well,
                                safety_net_sections=safety_net_sections,
                                emergency_line=phrases.emergency_line, where=phrases.where,
                                call_numbers=[number for number, _ in phrases.NUMBERS],
                                sources=phrases.sources)
        self.env.filters.update(t=translated, day=day, clock=clock, number=number, place=zone,
                                by_place=by_place, local_day=phrases.local_day)

        # Parts of every page that depend on nothing but the language (the footer): drawn
        # once per language, from an empty context, so no page's data can reach them (a
        # variable they named would be undefined, and StrictUndefined raises). Bounded:
        # FIXED parts in each language. ~30 us a page drawn afresh.
        @lru_cache(maxsize=len(FIXED) * 8)
        def fixed_part(name: str, language: str) -> Markup:
            if name not in FIXED:
                raise ValueError(f"{name} is not a part drawn once per language")
            return Markup(self.env.get_template(name).render({}))  # noqa: S704 - ours

        def fixed(name: str) -> Markup:
            return fixed_part(name, phrases.drawn_in().code)

        self.fixed_part = fixed_part
        self.env.globals["fixed"] = fixed

        # The macro templates, made once as modules every template can call: an `{% import %}`
        # in each page would check its globals on every render (a tenth of a question
        # page's drawing). They hold macros only, and a macro looks up its language and
        # words when it is called, so one module serves every language and request. A
        # module sees the globals there are when it is made (Jinja copies them): every
        # other global goes above this loop, and each module sees the ones before it.
        for name, macros in MACRO_MODULES.items():
            self.env.globals[name] = self.env.get_template(macros).module

    def compile_all(self) -> None:
        """Compile every template now, so no one's first page waits for it."""
        for name in self.env.list_templates(extensions=["html"]):
            self.env.get_template(name)

    def html(self, name: str, context: Mapping[str, Any], *, htmx: bool = False,
             language: Language | None = None) -> str:
        with i18n.speaking(language or i18n.Languages.english()):
            if htmx:
                title = render_block(self.env, name, "title", context).strip()
                return (f"<title>{title} – {escape(i18n.gettext(SERVICE_NAME))}</title>\n"
                        + render_block(self.env, name, "main", context)
                        + render_block(self.env, "base.html", "switch",
                                       {**context, "htmx_step": True}))
            return self.env.get_template(name).render(context)

    def render(self, request: Request, name: str, context: Mapping[str, Any],
               status_code: int = 200, headers: Mapping[str, str] | None = None,
               language: Language | None = None) -> HTMLResponse:
        """The page, with the viewer's CSRF token, in their language (or `language`); for
        htmx only its `main` block."""
        token = getattr(request.state, "csrf_token", "")
        language = language or language_of(request)
        pushed = getattr(request.state, "shown_url", None)
        # Pages say what they vary on (the language comes from the cookie or the header).
        sent = {**(headers or {}), "Vary": "HX-Request, Cookie, Accept-Language",
                "Content-Language": language.code}
        htmx = is_htmx(request)
        if htmx and request.headers.get(PAGE_LANGUAGE, language.code) != language.code:
            # A page in another language than the one shown: htmx would swap it into the
            # other's header, footer and <html lang>. The browser loads it whole instead.
            path, query = own_address(request)
            here = path + (f"?{query}" if query else "")
            target = pushed or (here if request.method == "GET" else None)
            return HTMLResponse("", headers={**sent, **({"HX-Redirect": target} if target
                                                         else {"HX-Refresh": "true"})})
        html = self.html(name, {**context, "csrf_token": token, "lang": language.code,
                                "languages": switch(request, pushed), "htmx_step": False},
                         htmx=htmx, language=language)
        if status_code >= 400:
            # The URL of a page with errors is the page's own: do not add a history entry.
            sent["HX-Push-Url"] = "false"
        return HTMLResponse(html, status_code=status_code, headers=sent)

    def not_found(self, request: Request) -> HTMLResponse:
        settings = state(request).settings
        return self.render(request, "not_found.html",
                           {"retention_days": settings.retention_days}, status_code=404)

    def error(self, request: Request, status_code: int, title: str, message: str,
              headers: Mapping[str, str] | None = None) -> HTMLResponse:
        return self.render(request, "error.html", {"title": title, "message": message},
                           status_code=status_code, headers=headers)
