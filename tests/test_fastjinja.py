"""render/fastjinja.py: each shortcut gives what Jinja itself gives. Every template here renders through a
FastEnvironment and a plain jinja2.Environment with the same options, and the two must agree byte for byte (or
raise the same error at the same layout line). The differential test (test_plain_paths) does the same over whole
sites."""

from __future__ import annotations

import tempfile
import traceback
from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup

from boardpapers.render import fastjinja
from boardpapers.render.fastjinja import FastEnvironment, pass_render_context

OPTIONS = dict(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
               keep_trailing_newline=True, auto_reload=False)


def environments(templates: dict[str, str], **globals_):
    """A FastEnvironment and a plain one over the same layout files (files: errors then name them and a line)."""
    folder = Path(tempfile.mkdtemp(prefix="fastjinja-"))
    for name, text in templates.items():
        (folder / name).write_text(text)
    fast = FastEnvironment(loader=jinja2.FileSystemLoader(folder), **OPTIONS)
    plain = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), **OPTIONS)
    for env in (fast, plain):
        env.globals.update(globals_)
    return fast, plain


def both(source: str, templates: dict | None = None, globals_: dict | None = None, **context) -> str:
    """The page `source` rendered by both environments; they must agree."""
    fast, plain = environments({"page.html": source, **(templates or {})}, **(globals_ or {}))
    got, expected = (env.get_template("page.html").render(**context) for env in (fast, plain))
    assert got == expected
    return got


def failing_line(env, name: str = "page.html", **context) -> tuple[type, int]:
    """(exception type, the layout line its traceback names) of a render that fails."""
    try:
        env.get_template(name).render(**context)
    except Exception as exc:
        lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(name)]
        return type(exc), lines[-1] if lines else 0
    raise AssertionError("the render did not fail")


def test_the_shortcuts_are_on_with_the_jinja_they_were_written_for():
    assert jinja2.__version__.startswith("3.1.") == fastjinja.INTERNALS_KNOWN
    if fastjinja.INTERNALS_KNOWN:
        assert FastEnvironment.template_class is fastjinja.FastTemplate
        assert FastEnvironment.code_generator_class is fastjinja.FastCodeGenerator


@pytest.mark.parametrize("value", ["a < b & 'c' \"d\"", Markup("<b>bold</b>"), 3, 2.5, None, True, ["<x>"],
                                   {"k": "<v>"}])
def test_output_is_escaped_as_jinja_escapes_it(value):
    assert both("[{{ value }}] {{ value ~ '<' }} {{ value | string }}", value=value)


def test_runs_of_text_and_values_join_to_the_same_text():
    source = "a{{ x }}b{{ y }}\n{% for i in items %}<li>{{ i }}</li>{{ i * 2 }}\n{% endfor %}{{ 'lit' }}{{ 1 + 1 }}end"
    assert both(source, x="<", y=Markup("&amp;"), items=[1, 2, 3]).endswith("2end")


def test_a_dict_view_reads_keys_and_dict_methods_as_jinja_does():
    view = {"title": "T", "items": ["a"], "get": "shadowed", "nested": {"k": "v"}}
    assert both("{{ page.title }} {{ page.nested.k }} {{ page['items'] | length }} {{ page.get('title') }}",
                page=view) == "T v 1 T"
    assert both("{{ obj.real }} {{ obj.imag }}", obj=3) == "3 0"
    fast, plain = environments({"page.html": "{{ page.missing }}"})
    assert failing_line(fast, page={}) == failing_line(plain, page={})


def test_macros_called_every_way_agree():
    source = """{% macro m(a, b='B', c=none) %}[{{ a }}|{{ b }}|{{ c }}|{{ varargs }}|{{ kwargs }}]{% endmacro %}
{% macro w() %}<{{ caller() }}>{% endmacro %}
{% macro n(a) %}{{ a }}{% endmacro %}
{{ m(1) }}{{ m(1, 2) }}{{ m(1, c=3) }}{{ n('<') }}{% call w() %}inner{% endcall %}"""
    assert "[1|B|None|" in both(source)
    fast, plain = environments({"page.html": "{% macro n(a) %}{{ a }}{% endmacro %}{{ n() }}"})
    assert failing_line(fast) == failing_line(plain)


def test_macros_called_from_python_agree():
    fast, plain = environments({"m.html": "{% macro row(x) %}<td>{{ x }}</td>{% endmacro %}"})
    got = fast.get_template("m.html").module.row("<")
    expected = plain.get_template("m.html").module.row("<")
    assert got == expected and type(got) is type(expected) is Markup


def test_functions_methods_builtins_and_context_functions_are_called_as_jinja_calls_them():
    @jinja2.pass_context
    def who(context, suffix=""):
        return context.get("name", "?") + suffix

    @pass_render_context
    def site_name(context):
        return context.get("name")

    class Site:
        def upper(self, text):
            return text.upper()

    source = """{{ who() }} {{ who('!') }} {{ site.upper('x') }} {{ d.get('k') }} {{ site_name() }}
{% set name = 'outer-set' %}{{ who() }}
{% for name in ['loop'] %}{{ who() }} {{ site_name() }}{% endfor %}
{% block b %}{% set name = 'block' %}{{ who() }}{% endblock %}"""
    assert both(source, globals_={"who": who, "site_name": site_name}, name="n", site=Site(), d={"k": "v"})


def test_a_function_that_raises_stop_iteration_gives_jinjas_undefined():
    def stop():
        raise StopIteration

    fast, plain = environments({"page.html": "{{ stop() }}"}, stop=stop)
    assert failing_line(fast) == failing_line(plain)


def test_errors_name_the_same_layout_line():
    templates = {"page.html": "line 1\n{{ 'a' }}{{ x }}\n{{ y.z }}\n", "base.html": "{% block c %}{% endblock %}"}
    fast, plain = environments(templates)
    assert failing_line(fast, x=1) == failing_line(plain, x=1)
    assert failing_line(fast, x=1, y={})[1] == 3
    fast, plain = environments({"page.html": "{% extends 'base.html' %}{% block c %}\n\n{{ 1 // n }}{% endblock %}",
                                "base.html": "<{% block c %}{% endblock %}>"})
    assert failing_line(fast, n=0) == failing_line(plain, n=0)


def test_extends_include_import_and_template_globals_agree():
    templates = {"base.html": "<{% block c %}base{% endblock %}>{% include 'inc.html' %}",
                 "inc.html": "[{{ g }}{{ v | default('none') }}]",
                 "lib.html": "{% macro f(x) %}({{ x }}){% endmacro %}"}
    source = "{% extends 'base.html' %}{% import 'lib.html' as lib %}{% block c %}{{ lib.f(g) }}{% endblock %}"
    assert both(source, templates, globals_={"g": "G"}, v="V") == "<(G)>[GV]"
    fast, plain = environments({"page.html": "{{ own }} {{ g }}"}, g="G")
    got = fast.get_template("page.html", globals={"own": "O"}).render()
    assert got == plain.get_template("page.html", globals={"own": "O"}).render() == "O G"


def test_a_loaded_layout_is_answered_from_the_environment_and_stays_itself():
    fast, _ = environments({"page.html": "{% include 'part.html' %}", "part.html": "p"})
    first = fast.get_template("page.html")
    assert fast.get_template("page.html") is first and fast.loaded_templates["page.html"] is first
    assert first.render() == "p" and "part.html" in fast.loaded_templates


def test_the_environment_refuses_what_its_shortcuts_cannot_serve():
    with pytest.raises(AssertionError):
        FastEnvironment(loader=jinja2.DictLoader({}), auto_reload=True)
    with pytest.raises(AssertionError):
        FastEnvironment(loader=jinja2.DictLoader({}), auto_reload=False, enable_async=True)
