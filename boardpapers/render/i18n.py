"""Interface words in the site's other languages: `{{ ui('Search') }}` in a layout, and `layouts/i18n/<lang>.yaml`
mapping each English text to its translation (`Search: Chwilio`).

The English text is the key and the default: a page in the main language shows it as written, and a word the
translation file lacks is shown in English (and reported by `check` as a `missing-translation` warning at the
layout line that asks for it). The translation file is a layout input: a page that used it is rendered again
when it changes.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from markupsafe import Markup

from boardpapers.content import yamlread
from boardpapers.content.verbs import vocabulary
from boardpapers.core.diagnostics import Diagnostics, SourcePos
from boardpapers.render.fastjinja import pass_render_context

FOLDER = "i18n"
WORD_RE = re.compile(r"\b[A-Z][a-z]+\b")  # the day and month names in a formatted date (CALENDAR)
# Names of days and months, as Python formats them in English (what `longdate` and `shortdate` write)
CALENDAR = frozenset([dt.date(2001, 1, n).strftime("%A") for n in range(1, 8)]
                     + [dt.date(2001, n, 1).strftime(fmt) for n in range(1, 13) for fmt in ("%B", "%b")])
CALL_RE = re.compile(r"""\bui\(\s*(?:'([^'\\]*)'|"([^"\\]*)")\s*\)""")
_WORDS: dict = {}  # (layouts folder, lang) -> {English: translation}, once per process and file contents


# Texts layouts pass to ui() as values rather than as quoted text (the search page's filter labels and types):
# `check` looks for them where the layout asks for them.
DYNAMIC = {"macros.html": ("Scheduled", "Agenda published", "Held", "Minutes draft", "Minutes confirmed", "Cancelled",
                           "Agenda not yet published", "No papers published", "open", "in progress", "done",
                           "dropped", "superseded", "Download every decision", "Download every meeting",
                           "Download every action and progress update", "of this board", "on this topic"),
           "registers_macros.html": ("Filter decisions", "Filter actions"),
           "register_parts.html": ("By board", "By year", "By decision", "By topic", "By status", "By owner",
                                   "Counts by board", "Counts by year", "Counts by kind of decision",
                                   "Counts by topic", "Counts by status", "Counts by owner"),
           "pack.html": ("Present", "Substitutes", "Apologies", "Observers", "Officers", "Guests"),
           "meeting.html": ("Present", "Substitutes", "Apologies", "Observers", "Officers", "Guests"),
           "search.html": ("Type", "Board", "Year", "Status", "Decision", "Topic", "Any type", "Any board",
                           "Any year", "Any status", "Any decision", "Any topic", "Meeting", "Item", "Attachment",
                           "Action", "Person", "Paper")}

# The texts the search page's script writes itself (assets/search.js `t()`): a page in another language hands it
# their translations (`data-words`); `{n}`, `{query}`, `{years}`, `{page}` are filled in by the script.
SCRIPT_WORDS = ("Type a word or phrase to search, or choose a filter.", "Searching…", "No results", "1 result",
                "{n} results", "No items with decisions", "1 item with decisions", "{n} items with decisions",
                "No items with actions", "1 item with actions", "{n} items with actions", "for “{query}”", "in {years}",
                "(earlier years not searched yet)",
                "(later years not searched yet)", "Search earlier years too: {years}",
                "Search later years too: {years}", "people and boards", "Open the PDF at page {page}",
                "Open the PDF", "The item", "Attached to",
                "Search could not be loaded. Browse the decisions, actions and meetings registers instead.",
                "type", "board", "year", "status", "decision", "topic", "meeting", "item", "attachment", "action",
                "person", "paper", "Meeting", "Item", "Decision", "Action", "Person", "Paper", "Board", "Attachment",
                "Topic")
DYNAMIC["search.html"] += SCRIPT_WORDS


# The interface words read only `site` and the environment: pass_render_context spares Jinja's copy of the context
# with the variables of the enclosing loop for each call (171,000 copies, a tenth of rendering, at 2k items).
@pass_render_context
def script_words(context) -> dict[str, str]:
    """{text: translation} of SCRIPT_WORDS for the page's language (those the translation file has)."""
    found = {}
    for text in SCRIPT_WORDS:
        translated = translate(context, text)
        if translated != text:
            found[text] = translated
    return found


def _site(context):
    """The page's site view: from the template's context, or, in a macro imported without it (the register rows
    of register_parts.html), the one the renderer is rendering with (`env.current_site`)."""
    return context.get("site") or getattr(context.environment, "current_site", None)


def file_name(lang: str) -> str:
    return f"{FOLDER}/{lang}.yaml"


@pass_render_context
def translate(context, text: str) -> str:
    site = _site(context)
    lang = getattr(site, "page_lang", "")
    if not lang:
        return text
    env = context.environment
    name = file_name(lang)
    loaded = getattr(env, "loaded", None)
    if loaded is not None:
        loaded.add(name)  # the page depends on the translation file (a layout input of its own)
    return env_words(env, lang).get(text) or text


@pass_render_context
def translate_word(context, text: str):
    """A word of content from a small vocabulary (a decision's verb, an attendee's role): its translation where
    the page's translation file has one, else the original marked with the main language (WCAG 3.1.2)."""
    site = _site(context)
    lang = getattr(site, "page_lang", "")
    if not lang or not text:
        return text
    found = translate(context, text)
    if found != text:
        return found
    return Markup('<span lang="%s">') % site.config.language + text + Markup("</span>")


@pass_render_context
def translate_verb(context, verb: str, capital: bool = False):
    """A decision's verb ("endorsed") in the page's language: from the verb vocabulary of the translation file
    (`"endorsed": "cymeradwywyd"`), else the original marked with the main language; `capital`: as it starts a
    sentence. On a page in the main language, the verb as written (capitalised as Jinja's `capitalize`)."""
    site = _site(context)
    lang = getattr(site, "page_lang", "")
    shown = verb.capitalize() if capital else verb
    if not lang or not verb:
        return shown
    found = translate(context, verb)
    if found != verb:
        return found[:1].upper() + found[1:] if capital else found
    return Markup('<span lang="%s">') % site.config.language + shown + Markup("</span>")


def in_page_language(filter_fn):
    """A date filter (`longdate`) whose day and month names a page in another language gives in that language,
    from the same translation file (`January: Ionawr`, `Tuesday: Dydd Mawrth`)."""
    @pass_render_context
    def localised(context, value):
        text = filter_fn(value)
        lang = getattr(_site(context), "page_lang", "")
        if not lang or not text:
            return text
        env = context.environment
        if getattr(env, "loaded", None) is not None:
            env.loaded.add(file_name(lang))
        return calendar_words(env, lang, text)

    localised.__name__ = getattr(filter_fn, "__name__", "filter")
    return localised


def page_calendar_words(env, lang: str, text: str) -> str:
    """`calendar_words`, recorded as a read of the translation file (the page is made again when it changes)."""
    if getattr(env, "loaded", None) is not None:
        env.loaded.add(file_name(lang))
    return calendar_words(env, lang, text)


def calendar_words(env, lang: str, text: str) -> str:
    """`text` with the names of days and months in `lang` (from its translation file)."""
    found = env_words(env, lang)
    return WORD_RE.sub(lambda m: found.get(m.group(0), m.group(0)) if m.group(0) in CALENDAR else m.group(0), text)


@pass_render_context
def in_page_language_title(context, text: str) -> str:
    """A title the route made of names and a date ("Improvement Board, 21 January 2014"), in the page's language:
    each board's name as its translation gives it, the date's words from the translation file."""
    site = _site(context)
    lang = getattr(site, "page_lang", "")
    if not lang or not text:
        return text
    env = context.environment
    if getattr(env, "loaded", None) is not None:
        env.loaded.add(file_name(lang))
    found = env_words(env, lang)
    head, colon, tail = text.partition(": ")  # "Agenda pack: ...", or a built-in page's title ("Meetings")
    if colon and head in found:
        text = f"{found[head]}: {tail}"
    elif text in found:
        return found[text]
    for board in site.graph.boards.values():
        translation = site.graph.translations.get(f"{lang}|board|{board.id}")
        name = dict(translation.fields).get("name") if translation is not None else None
        if name:
            text = text.replace(board.name, name)
    return calendar_words(env, lang, text)


def env_words(env, lang: str) -> dict[str, str]:
    """`words` of the environment's layouts, read once per environment: there is one per build, and its layouts
    (the translation file among them) cannot change under it. Reading the file at every `ui()` cost 8 s of a
    2,000-item build in Welsh."""
    found = env.__dict__.setdefault("ui_words", {})
    if lang not in found:
        found[lang] = words(Path(getattr(env.loader, "searchpath", [""])[0]), lang)
    return found[lang]


def words(layouts_dir: Path, lang: str) -> dict[str, str]:
    """{English: translation} from layouts/i18n/<lang>.yaml; {} when there is none or it is not such a mapping
    (`check_words` reports it)."""
    path = Path(layouts_dir) / file_name(lang)
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    key = (str(path), data)
    found = _WORDS.get(key)
    if found is None:
        found = _WORDS[key] = _parse(data)[0]
    return found


def _parse(data: bytes) -> tuple[dict, str, int]:
    """-> ({English: translation}, the problem or "", its line), read as strictly as front matter (a key twice
    is a problem: one of the two translations would be lost without a word)."""
    try:
        loaded = yamlread.load(data.decode("utf-8"))
    except UnicodeDecodeError:
        return {}, "it is not UTF-8 text", 1
    except yamlread.YamlProblem as problem:
        return {}, problem.message, problem.line
    if loaded is None:
        return {}, "", 0
    if not isinstance(loaded, dict):
        return {}, "it must map each English text to its translation (`Search: Chwilio`)", 1
    for key, value in loaded.items():
        if not isinstance(key, str) or not isinstance(value, str):
            return {}, f"'{key}' must map to a text", loaded.pos_of(key)[0]
    return {k: v for k, v in loaded.items() if v.strip()}, "", 0


def check_words(layouts_dir: Path, config, project: Path, diags: Diagnostics) -> None:
    """For each language besides the main one: a warning for every word a layout asks for that its translation
    file lacks (the page shows it in English), an error for a translation file that cannot be read."""
    if not config.languages:
        return
    layouts_dir = Path(layouts_dir)
    wanted: dict[str, SourcePos] = {}  # English text -> where a layout first asks for it
    for path in sorted(layouts_dir.rglob("*.html")):
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for match in CALL_RE.finditer(text):
            word = match.group(1) if match.group(1) is not None else match.group(2)
            line = text.count("\n", 0, match.start()) + 1
            wanted.setdefault(word, SourcePos(_rel(path, project), line))
        if "ui_verb(" in text:  # the decision verbs, each a word of the translation file's verb vocabulary
            line = text.count("\n", 0, text.index("ui_verb(")) + 1
            for verb in vocabulary(getattr(config, "decision_verbs", ()) or ()):
                wanted.setdefault(verb, SourcePos(_rel(path, project), line))
        dynamic = DYNAMIC.get(path.relative_to(layouts_dir).as_posix(), ())
        if dynamic and "ui(" in text:
            line = text.count("\n", 0, text.index("ui(label)" if "ui(label)" in text else "ui(")) + 1
            for word in dynamic:
                wanted.setdefault(word, SourcePos(_rel(path, project), line))
    for lang in config.languages[1:]:
        path = layouts_dir / file_name(lang)
        rel = _rel(path, project)
        try:
            data = path.read_bytes()
        except OSError:
            diags.warning(SourcePos(rel), "missing-translation", f"no translation file for {lang}: the interface "
                          f"of its pages is in {config.languages[0]}", f"create {rel} (`Search: ...`)")
            continue
        found, problem, line = _parse(data)
        if problem:
            diags.error(SourcePos(rel, line), "bad-translation-file", f"{rel} cannot be read: {problem}",
                        'write one `"English text": "translation"` a line')
            continue
        for word, pos in wanted.items():
            if word not in found:
                diags.warning(pos, "missing-translation", f"no {lang} translation of '{word}' in {rel}: "
                              f"{lang} pages show it in {config.languages[0]}", f"add `{word}: ...` to {rel}")


def _rel(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
