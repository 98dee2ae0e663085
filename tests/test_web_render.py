"""app.web.render: templates are compiled once per process, whatever the number of apps."""

from __future__ import annotations

from app.main import create_app
from app.web.render import COMPILED


def test_a_second_app_loads_the_compiled_templates_instead_of_compiling_them(settings):
    COMPILED.clear()
    first = create_app(settings)
    first.state.renderer.compile_all()
    templates = first.state.renderer.env.list_templates(extensions=["html"])
    assert len(COMPILED) == len(templates)  # code only: one entry per template

    second = create_app(settings)
    env = second.state.renderer.env
    compiled: list[str] = []
    compile_source = env.compile
    env.compile = lambda source, name=None, *rest, **kw: (  # type: ignore[method-assign]
        compiled.append(name) or compile_source(source, name, *rest, **kw))
    second.state.renderer.compile_all()
    assert compiled == []
    assert len(COMPILED) == len(templates)
    for app in (first, second):
        app.state.database.dispose()


def test_an_edited_template_is_compiled_afresh(settings, tmp_path):
    from jinja2 import Environment, FileSystemLoader

    (tmp_path / "page.html").write_text("one")
    first = Environment(loader=FileSystemLoader(tmp_path), bytecode_cache=COMPILED)
    assert first.get_template("page.html").render() == "one"
    (tmp_path / "page.html").write_text("two")
    second = Environment(loader=FileSystemLoader(tmp_path), bytecode_cache=COMPILED)
    assert second.get_template("page.html").render() == "two"


def test_the_macro_templates_hold_nothing_but_macros(settings):
    """Their modules are made once and serve every page, language and request: anything at
    their top level (a `{% set %}` of translated words, say) would be worked out once, in
    whichever language came first, and kept for everyone."""
    from jinja2 import nodes

    from app.web.render import MACRO_MODULES

    app = create_app(settings)
    env = app.state.renderer.env
    for name in MACRO_MODULES.values():
        source = env.loader.get_source(env, name)[0]
        for node in env.parse(source).body:
            if isinstance(node, nodes.Output):
                assert all(isinstance(part, nodes.TemplateData) and not part.data.strip()
                           for part in node.nodes), (name, node)
            else:
                assert isinstance(node, nodes.Macro), (name, node)
    app.state.database.dispose()


def test_the_parts_drawn_once_per_language_name_no_page_data(settings):
    """The footer, the assets and the connection message are drawn once per language and
    kept: every name they use must be one of the environment's globals (the catalogue, the
    links, the emergency numbers), never a page's context, which would be kept for
    everyone. (They are drawn with no context, so such a name would fail there too.)"""
    import pytest
    from jinja2 import meta

    from app.web.render import FIXED

    app = create_app(settings)
    renderer = app.state.renderer
    env = renderer.env
    for name in FIXED:
        # Names neither set in the part nor globals: what a page's context would give.
        source = env.loader.get_source(env, name)[0]
        assert meta.find_undeclared_variables(env.parse(source)) == set(), name
    assert meta.find_undeclared_variables(env.parse("{{ url('start') }}{{ lang }}")) == {"lang"}
    with pytest.raises(ValueError, match="not a part drawn once"):
        renderer.fixed_part("question.html", "en")
    app.state.database.dispose()


def test_a_part_kept_per_language_is_the_part_drawn_afresh(settings):
    from app import i18n
    from app.web.render import FIXED

    app = create_app(settings)
    renderer = app.state.renderer
    for language in app.state.languages:
        with i18n.speaking(language):
            for name in FIXED:
                kept = renderer.env.globals["fixed"](name)
                assert kept == renderer.env.get_template(name).render({}), (language, name)
                assert renderer.env.globals["fixed"](name) is kept  # kept, not drawn again
    footers = {code: renderer.fixed_part("_footer.html", code) for code in ("en", "es")}
    assert "Forget this device" in footers["en"] and "Forget this device" not in footers["es"]
    app.state.database.dispose()
