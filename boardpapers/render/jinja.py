"""Stage 8, render: page jobs -> bytes through Jinja layouts (autoescape on, StrictUndefined).

A layout error names the layout's line and the content file of the page being rendered, never a traceback.
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
from boardpapers.core.memo import shared
from boardpapers.graph.names import format_meeting_date, long_date, topic_title
from boardpapers.outputs.ical import meeting_iso
from boardpapers.pages.job import PageJob
from boardpapers.render import abbreviations, i18n
from boardpapers.render.fastjinja import FastEnvironment, pass_render_context, pure_filter
from boardpapers.render.siteview import SiteView


class RecordingLoader(jinja2.FileSystemLoader):
    """Remembers which layout files were read from disk (once per build: Jinja caches compiled templates)."""

    def __init__(self, searchpath):
        super().__init__(searchpath)
        self.loaded: set[str] = set()

    def get_source(self, environment, template):
        self.loaded.add(template)
        return super().get_source(environment, template)


class RecordingEnvironment(FastEnvironment):
    """Remembers every layout a page asks for, cached or not: `extends`, `include` and `import` all go through
    `get_template`, so a layout change re-renders exactly the pages that used it (Lektor's recording loader
    sees only cache misses, which is every page's first layout and no later page's)."""

    loaded: set

    def get_template(self, name, parent=None, globals=None):
        self.loaded.add(getattr(name, "name", name))
        return super().get_template(name, parent, globals)

    def select_template(self, names, parent=None, globals=None):
        if not isinstance(names, jinja2.Undefined):
            self.loaded.update(getattr(n, "name", n) for n in names)
        return super().select_template(names, parent, globals)


@pass_render_context
def fragment(context, *args, caller):
    """`{% call(a, b) fragment(x, y) %}...{% endcall %}`: the body, given a=x and b=y, is rendered once per build
    for each distinct (x, y) and reused on every page that asks for the same.

    For the parts of a layout that are the same on every page (header, navigation, footer, asset links), or the same
    wherever one document is shown: besides its arguments, the body must not read the page being rendered (its
    view, `url_path`). What it reads through the site view is recorded on every page that reuses it (`memo`)."""
    code = _code_of(caller)  # the call block itself: one name used in two places is two fragments
    if code is None:
        return caller(*args)
    return shared(context.get("site"), (code, *args), lambda: caller(*args), context.environment)


@pass_render_context
def macros(context, name: str):
    """`{% set m = macros('macros.html') %}`: the macros `{% import 'macros.html' as m with context %}` gives, made
    once per build rather than once per page (an import with context runs the whole file again on every page).
    They see `site` and `config`, never the page: a macro that needs more from the page takes it as an argument."""
    env = context.environment
    site, config = context.get("site"), context.get("config")

    def make():
        return env.get_template(name).make_module({"site": site, "config": config})

    module = shared(site, ("macros", name), make, env)
    env.loaded.add(name)  # still a layout this page used (and any it imports: `shared` notes them)
    return module


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
    return shared(context.get("site"), (name, args if key is None else key), lambda: fn(*args), context.environment)


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
    for plain, escaped in (("\\", "\\\\"), ('"', '\\"'), ("<", "\\3c "), (">", "\\3e "), ("\n", " ")):
        text = text.replace(plain, escaped)
    return Markup(f'"{text}"')


def _markup_text(value) -> str:
    return str(value.__html__()) if hasattr(value, "__html__") else str(value)


def make_env(layouts_dir: Path) -> jinja2.Environment:
    env = RecordingEnvironment(
        loader=RecordingLoader(str(layouts_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: layouts cannot change under it
    )
    env.globals["fragment"] = fragment
    env.globals["macros"] = macros
    env.globals["once"] = once
    env.globals["ui"] = i18n.translate
    env.globals["language_name"] = native_name
    # Pure filters are remembered per input: the same dates and texts recur on thousands of pages.
    env.filters["in_page_language"] = i18n.in_page_language_title
    env.filters["longdate"] = i18n.in_page_language(pure_filter(long_date))
    env.filters["isodate"] = lambda d: d.isoformat() if d else ""
    env.filters["shortdate"] = i18n.in_page_language(pure_filter(lambda d: f"{d.day} {d:%b %Y}" if d else ""))
    env.filters["meetingdate"] = i18n.in_page_language(
        pure_filter(format_meeting_date, lambda m: (m.date, m.date_precision)))
    env.filters["striptags"] = pure_filter(lambda text: Markup(text).striptags(), _markup_text)
    env.filters["topic_title"] = topic_title
    env.filters["demote"] = demote
    env.filters["css_string"] = css_string
    env.filters["meeting_iso"] = meeting_iso  # schema.org times with their UTC offset
    env.globals["ATTENDANCE_LABELS"] = {
        "present": "Present", "substitutes": "Substitutes", "apologies": "Apologies", "observers": "Observers",
        "officers": "Officers", "guests": "Guests",
    }
    return env


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


def render_pages(jobs, site: SiteView, env: jinja2.Environment, layouts_dir: Path, project_dir: Path,
                 diags: Diagnostics, record: dict | None = None, sink=None) -> dict[str, bytes]:
    """-> {output path: bytes}. `record`, when given, receives {path: (layouts, deps)} for incremental builds.
    With `sink`, each page goes to `sink(job, data, layouts)` as soon as it is rendered instead (see renderpool)."""
    out: dict[str, bytes] = {}
    broken_layouts: set[str] = set()
    for job in jobs:
        if job.layout in broken_layouts:
            continue
        site.begin_page()
        env.loaded = set()  # type: ignore[attr-defined]
        data = None
        try:
            data = render_one(job, site, env)
        except jinja2.TemplateSyntaxError as exc:
            broken_layouts.add(job.layout)
            diags.error(layout_pos(exc, layouts_dir, project_dir), "layout-syntax", exc.message or str(exc))
        except jinja2.TemplateNotFound as exc:
            broken_layouts.add(job.layout)
            diags.error(SourcePos(_rel(layouts_dir, project_dir)), "layout-missing", f"no layout '{exc.name}'")
        except (jinja2.TemplateError, TypeError, AttributeError, KeyError, ValueError, IndexError) as exc:
            where = f" while rendering {job.source}" if job.source else f" while rendering /{job.url_path}"
            diags.error(layout_pos(exc, layouts_dir, project_dir), "layout-error", f"{exc}{where}")
        deps = site.end_page()
        layouts = frozenset(getattr(env, "loaded", ()))
        if record is not None:
            record[job.path] = (layouts, deps | job.deps)
        if data is None:
            continue
        if sink is not None:
            sink(job, data, layouts)
        else:
            out[job.path] = data
    return out


def render_one(job: PageJob, site: SiteView, env: jinja2.Environment) -> bytes:
    if job.produce is not None:
        return job.produce(site)
    template = env.get_template(job.layout)
    site.page_lang = job.view.get("lang", "")  # a page in another language (pages.translated)
    html = template.render(page=job.view, site=site, config=site.config, url_path=job.url_path,
                           build_date=getattr(site, "raw_graph", site.graph).now.date(), today=dt.date)
    return abbreviations.expand(html, site.abbreviations()).encode("utf-8")
