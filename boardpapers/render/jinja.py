"""Stage 8, render: page jobs -> bytes through Jinja layouts (autoescape on, StrictUndefined).

A layout error names the layout's line and the content file of the page being rendered, never a traceback.
Every layout a page loads, and whatever it reads through the site view, is recorded in the site view's `Reads`;
the parts of a layout that are the same on many pages (`fragment`, `macros`, `once`) are computed once per
build through `Reads.capture`, which records their reads on every page that shows them.
"""

from __future__ import annotations

import datetime as dt
import re
import traceback
from pathlib import Path
from types import MethodType

import jinja2
from jinja2.runtime import Macro
from markupsafe import Markup

from boardpapers.content.languages import native_name
from boardpapers.core.diagnostics import Diagnostics, SourcePos
from boardpapers.core.fastpaths import plain
from boardpapers.graph.names import format_meeting_date, long_date, topic_title
from boardpapers.outputs.ical import meeting_iso
from boardpapers.pages.job import PageJob
from boardpapers.render import abbreviations, i18n
from boardpapers.render.fastjinja import FastEnvironment, pass_render_context
from boardpapers.render.reads import Reads
from boardpapers.render.siteview import SiteView


class Recording:
    """Records every layout a page asks for, cached or not, as ("layout", name) in `reads`: `extends`, `include`
    and `import` all go through `get_template`, so a layout change re-renders exactly the pages that used it
    (Lektor's recording loader sees only cache misses, which is every page's first layout and no later page's).
    Mixed into the environment: FastEnvironment, or plain Jinja's when BOARDPAPERS_PLAIN says so."""

    reads: Reads
    layouts_dir: Path
    project_dir: Path

    def get_template(self, name, parent=None, globals=None):
        self.reads.add(("layout", getattr(name, "name", name)))
        return super().get_template(name, parent, globals)

    def select_template(self, names, parent=None, globals=None):
        if not isinstance(names, jinja2.Undefined):
            for n in names:
                self.reads.add(("layout", getattr(n, "name", n)))
        return super().select_template(names, parent, globals)


class RecordingEnvironment(Recording, FastEnvironment):
    pass


class PlainRecordingEnvironment(Recording, jinja2.Environment):
    pass


@pass_render_context
def fragment(context, *args, caller):
    """`{% call(a, b) fragment(x, y) %}...{% endcall %}`: the body, given a=x and b=y, is rendered once per build
    for each distinct (x, y) and reused on every page that asks for the same.

    For the parts of a layout that are the same on every page (header, navigation, footer, asset links), or the same
    wherever one document is shown: besides its arguments, the body must not read the page being rendered (its
    view, `url_path`). What it reads through the site view is recorded on every page that reuses it (`capture`)."""
    code = _code_of(caller)  # the call block itself: one name used in two places is two fragments
    if code is None:
        return caller(*args)
    return context.get("site").capture((code, *args), lambda: caller(*args))


@pass_render_context
def macros(context, name: str):
    """`{% set m = macros('macros.html') %}`: the macros `{% import 'macros.html' as m with context %}` gives, made
    once per build rather than once per page (an import with context runs the whole file again on every page).
    They see `site` and `config`, never the page: a macro that needs more from the page takes it as an argument."""
    env = context.environment
    site, config = context.get("site"), context.get("config")

    def make():  # loads the layout (and what it imports): captured, so noted on every page that asks
        return env.get_template(name).make_module({"site": site, "config": config})

    return site.capture(("macros", name), make)


@pass_render_context
def once(context, fn, *args, key=None):
    """`once(site.meeting_label, mt.id)`: fn(*args), computed once per build for the same arguments (or the same
    `key`, which must then tell the arguments apart within a build, e.g. a document's id for the document). For the
    site view's answers (it is read-only for a build) and macros that show a document: `fn` must depend on nothing
    but its arguments and what it reads through the site view, which every page that takes the result still
    records."""
    if type(fn) is MethodType:
        name = fn.__func__
    elif isinstance(fn, Macro):
        name = _code_of(fn)  # the macro, however many times its layout was imported
        if name is None:
            return fn(*args)
    else:
        name = fn
    return context.get("site").capture((name, args if key is None else key), lambda: fn(*args))


def _code_of(macro: Macro):
    """A macro's compiled code: the same for every import of its layout (the Macro object is made per import);
    None if this Jinja keeps it elsewhere (then nothing is shared)."""
    return getattr(getattr(macro, "_func", None), "__code__", None)


HEADING_RE = re.compile(r"<(/?)h([1-6])\b")
ID_RE = re.compile(r'(\sid="|\shref="#)([^"]+)"')


def demote(html, levels: int = 1, prefix: str = "") -> Markup:
    """Rendered markdown set `levels` heading levels deeper (h2 -> h3), to sit under a page's own headings; with
    `prefix`, its ids and the links to them get the prefix, so that many reports can share one page (the agenda
    pack) without two headings with one id."""
    text = _markup_text(html)
    text = HEADING_RE.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + levels)}", text)
    if prefix:
        text = ID_RE.sub(lambda m: f'{m.group(1)}{prefix}{m.group(2)}"', text)
    return Markup(text)


def css_string(value) -> Markup:
    """A quoted CSS string (for `content:` in a <style> element): nothing in it can end the string or the element."""
    text = str(value)
    for bare, escaped in (("\\", "\\\\"), ('"', '\\"'), ("<", "\\3c "), (">", "\\3e "), ("\n", " ")):
        text = text.replace(bare, escaped)
    return Markup(f'"{text}"')


def _markup_text(value) -> str:
    return str(value.__html__()) if hasattr(value, "__html__") else str(value)


def make_env(layouts_dir: Path, project_dir: Path | None = None, reads: Reads | None = None,
             bytecode_cache: jinja2.BytecodeCache | None = None) -> Recording:
    """The layouts' environment for one build; `reads`: the site view's (the layouts a page loads are recorded
    there); `project_dir`: what layout paths in error messages are relative to; `bytecode_cache`: where compiled
    layouts are kept between builds (cache.render.layout_code)."""
    kind = PlainRecordingEnvironment if plain("jinja") else RecordingEnvironment
    env = kind(
        bytecode_cache=bytecode_cache,
        loader=jinja2.FileSystemLoader(str(layouts_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: layouts cannot change under it
    )
    env.reads = reads if reads is not None else Reads()
    env.layouts_dir, env.project_dir = Path(layouts_dir), Path(project_dir or Path(layouts_dir).parent)
    env.globals["fragment"] = fragment
    env.globals["macros"] = macros
    env.globals["once"] = once
    env.globals["ui"] = i18n.translate
    env.globals["ui_word"] = i18n.translate_word
    env.globals["ui_verb"] = i18n.translate_verb
    env.globals["script_words"] = i18n.script_words
    env.globals["language_name"] = native_name
    env.filters["in_page_language"] = i18n.in_page_language_title
    # Pure filters are computed once per input: the same dates and texts recur on thousands of pages.
    env.filters["longdate"] = i18n.in_page_language(_once_per_input(env, "longdate", long_date))
    env.filters["isodate"] = lambda d: d.isoformat() if d else ""
    env.filters["shortdate"] = i18n.in_page_language(
        _once_per_input(env, "shortdate", lambda d: f"{d.day} {d:%b %Y}" if d else ""))
    env.filters["meetingdate"] = i18n.in_page_language(
        _once_per_input(env, "meetingdate", format_meeting_date, lambda m: (m.date, m.date_precision)))
    env.filters["striptags"] = _once_per_input(env, "striptags", lambda text: Markup(text).striptags(),
                                               _markup_text)
    env.filters["topic_title"] = topic_title
    env.filters["demote"] = demote
    env.filters["css_string"] = css_string
    env.filters["meeting_iso"] = meeting_iso  # schema.org times with their UTC offset
    env.globals["ATTENDANCE_LABELS"] = {
        "present": "Present", "substitutes": "Substitutes", "apologies": "Apologies", "observers": "Observers",
        "officers": "Officers", "guests": "Guests",
    }
    return env


def _once_per_input(env: Recording, name: str, fn, key=None):
    """A filter that gives the same result for the same input (a date's format, a text's tags stripped), computed
    once per build for each input through `Reads.capture` (it reads nothing, so it records nothing); `key` maps
    the value to what the result depends on."""
    def filtered(value):
        return env.reads.capture((name, value if key is None else key(value)), lambda: fn(value))

    filtered.__name__ = name
    return filtered


def layout_pos(exc: BaseException, layouts_dir: Path, project_dir: Path) -> SourcePos:
    """The layout file and line where a render error happened, from Jinja's rewritten traceback."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return SourcePos(_rel(Path(exc.filename), project_dir), exc.lineno or 0)
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename and Path(frame.filename).resolve().is_relative_to(layouts_dir.resolve()):
            return SourcePos(_rel(Path(frame.filename), project_dir), frame.lineno or 0)
    return SourcePos(_rel(layouts_dir, project_dir))


def _rel(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def render_pages(jobs, site: SiteView, env: Recording, diags: Diagnostics, sink) -> None:
    """Render each job, handing `sink(job, bytes, keys it read)` every page that rendered; a page that failed
    is reported in `diags` instead (a layout that does not parse, once, for all its pages)."""
    broken_layouts: set[str] = set()
    for job in jobs:
        if job.layout in broken_layouts:
            continue
        site.begin_page()
        data = None
        try:
            data = render_one(job, site, env)
        except jinja2.TemplateSyntaxError as exc:
            broken_layouts.add(job.layout)
            diags.error(layout_pos(exc, env.layouts_dir, env.project_dir), "layout-syntax", exc.message or str(exc))
        except jinja2.TemplateNotFound as exc:
            broken_layouts.add(job.layout)
            diags.error(SourcePos(_rel(env.layouts_dir, env.project_dir)), "layout-missing", f"no layout '{exc.name}'")
        except (jinja2.TemplateError, TypeError, AttributeError, KeyError, ValueError, IndexError) as exc:
            where = f" while rendering {job.source}" if job.source else f" while rendering /{job.url_path}"
            diags.error(layout_pos(exc, env.layouts_dir, env.project_dir), "layout-error", f"{exc}{where}")
        keys = site.end_page()
        if data is not None:
            sink(job, data, keys)


def layouts_of(keys) -> frozenset:
    """The layouts among a page's recorded keys."""
    return frozenset(key[1] for key in keys if key[0] == "layout")


def render_one(job: PageJob, site: SiteView, env: jinja2.Environment) -> bytes:
    site.page_lang = job.view.get("lang", "")  # a page (or feed) in another language (pages.translated)
    env.current_site = site  # for ui() in macros imported without the page's context (i18n._site)
    site.page_env = env  # its words (the translation file) for what the view writes itself (meeting_label)
    if job.produce is not None:
        return job.produce(site)
    template = env.get_template(job.layout)
    html = template.render(page=job.view, site=site, config=site.config, url_path=job.url_path,
                           build_date=site.raw_graph.now.date(), today=dt.date)
    return abbreviations.expand(html, site.abbreviations()).encode("utf-8")
