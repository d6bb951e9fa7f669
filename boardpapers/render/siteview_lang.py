"""The site view's answers for a page in another language than the site's main one (pages.translated).

The renderer sets `page_lang` before each page (render.jinja.render_one): "" for the main language, which
leaves every answer as it was. For a Welsh page, `site.md` gives the Welsh text of a field where there is one,
else the original's marked with its language (a screen reader then reads it as English: WCAG 3.1.2), and
`site.url` links the Welsh page of a document where there is one. Both lookups are recorded like any other read
(`graph.html` and `graph.translations` keys), so a translation added, changed or removed re-renders the pages
that read it.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from boardpapers.content.translations import KIND_OF_MODEL
from boardpapers.core.urls import path_for
from boardpapers.graph.names import format_meeting_date
from boardpapers.graph.translations import translated_model
from boardpapers.pages.translated import LANGUAGE_PAGES, prefix
from boardpapers.render.i18n import env_words, file_name, page_calendar_words

LANGUAGE_URLS = frozenset(path[: -len("index.html")] for path in LANGUAGE_PAGES)
# The blocks markdown makes (not <table>, which `scrolling_tables` finds by its bare tag).
PACK_RE = re.compile(r"meetings/([^/]+)/pack/")
BLOCK_RE = re.compile(r"<(p|h[1-6]|ul|ol|blockquote|pre|dl|tr)(?=[\s>])")


class LanguageView:
    page_lang = ""  # set per page by the renderer
    page_env = None  # the page's Jinja environment (its translation file), set with page_lang

    def text(self, model, field: str, value=None):
        """A plain-text field of `model` (`value` if given, else its attribute `field`) as the page shows it: on a
        page in another language, the original's text is marked with the main language where the translation
        does not give it (`field` "": a text a translation never holds, always the original's)."""
        if value is None:
            value = getattr(model, field)
        if not self.page_lang or not value:
            return value
        kind = KIND_OF_MODEL.get(type(model).__name__)
        translation = self.graph.translations.get(f"{self.page_lang}|{kind}|{model.id}") if kind else None
        if field and translation is not None and field in dict(translation.fields):
            return value
        return Markup('<span lang="%s">%s</span>') % (self.config.language, escape(value))

    def marked(self, key: str, text: str):
        """`text`, made from the markdown of `key` (a decision's text, stripped of its tags), marked with the main
        language on a page in another language when the translation does not give it."""
        if not self.page_lang or not text or self.graph.md(f"{self.page_lang}|{key}"):
            return text
        return Markup('<span lang="%s">%s</span>') % (self.config.language, escape(text))

    def lang_title_of(self, kind: str, ident: str) -> str:
        """`title_of` on a page in another language: the translated name or title where there is one."""
        g = self.graph
        if kind == "person":
            return g.people[ident].display_name  # a name is the same in every language
        if kind == "board":
            return self.in_page_language("board", g.boards[ident]).name
        if kind == "paper":
            return self.in_page_language("paper", g.papers[ident]).title
        item = self.in_page_language("item", g.items[ident])
        return f"{self.meeting_label(item.meeting_id)}, {self.ui_text('item')} {item.number}: {item.title}"

    def ui_text(self, text: str) -> str:
        """An interface word in the page's language (as `ui()` gives it to a layout)."""
        env = self.page_env
        if not self.page_lang or env is None:
            return text
        if getattr(env, "loaded", None) is not None:
            env.loaded.add(file_name(self.page_lang))
        return env_words(env, self.page_lang).get(text) or text

    def lang_meeting_label(self, meeting) -> str:
        """"IB 21 January 2014" in the page's language: the board's short name as its translation gives it, and
        the date's words from the translation file."""
        board = self.board(meeting.board) if meeting.board in self.graph.boards else None
        text = f"{board.short_name or board.name if board else meeting.board} {format_meeting_date(meeting)}"
        return page_calendar_words(self.page_env, self.page_lang, text) if self.page_env is not None else text

    def lang_url(self, kind: str, ident: str) -> str:
        """The URL of `ident` in the page's language, or "" when it has no page in that language."""
        lang = self.page_lang
        if not lang:
            return ""
        if kind == "page":
            if ident in LANGUAGE_URLS or ident.startswith("topics/") or ident == "feed.xml":
                return self.urls.rel(prefix(lang) + ident)
            pack = PACK_RE.fullmatch(ident)  # an agenda pack is in the languages of its meeting
            if pack is None or self.graph.translations.get(f"{lang}|meeting|{pack.group(1)}") is None:
                return ""
            return self.urls.rel(prefix(lang) + ident)
        if kind == "topic":
            return self.urls.rel(prefix(lang) + path_for(kind, ident, self.graph.item_of))
        if kind in ("decision", "decision page"):  # its place in the minutes or its page: its item's languages
            decision = self.graph.decisions.get(ident)
            if decision is None or self.graph.translations.get(f"{lang}|item|{decision.item_id}") is None:
                return ""
            if kind == "decision page":
                return self.urls.rel(f"{prefix(lang)}decisions/{ident}/")
            return self.urls.rel(prefix(lang) + path_for(kind, ident, self.graph.item_of))
        if self.graph.translations.get(f"{lang}|{kind}|{ident}") is None:
            return ""
        return self.urls.rel(prefix(lang) + path_for(kind, ident, self.graph.item_of))

    def lang_md(self, key: str) -> str:
        """The rendered markdown of `key` for the page's language ("" on a page in the main language)."""
        if not self.page_lang:
            return ""
        text = self.graph.md(f"{self.page_lang}|{key}")
        if text:
            return text
        return BLOCK_RE.sub(rf'<\1 lang="{self.config.language}"', self.graph.md(key))

    def in_page_language(self, kind: str, model):
        """`model` as a page in another language shows it: its translation where it has one (graph.translations)."""
        key = f"{self.page_lang}|{kind}|{model.id}"
        translation = self.graph.translations.get(key)
        if translation is None:
            return model
        memo = self.__dict__.setdefault("_translated", {})
        found = memo.get(key)
        if found is None or found[0] is not model:  # one copy per build (the graph is the build's)
            found = memo[key] = (model, translated_model(self.graph, translation))
        return found[1]

    def root_url(self) -> str:
        """The site's root, the same on a page in every language (Pagefind's base for its results' URLs)."""
        return self.urls.rel("")

    def version_url(self, path: str) -> str:
        """The URL of one language's version of a page (pages.translated `alternates`), as it is."""
        return self.urls.rel(path)

    def file_url(self, meeting_id: str, file: str) -> str:
        """An attachment beside its meeting's page: one copy, linked from the page in every language."""
        return self.urls.rel(path_for("meeting", meeting_id, self.graph.item_of)) + file
