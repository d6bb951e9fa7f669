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

from boardpapers.core.urls import path_for
from boardpapers.graph.translations import translated_model
from boardpapers.pages.translated import LANGUAGE_PAGES, prefix

LANGUAGE_URLS = frozenset(path[: -len("index.html")] for path in LANGUAGE_PAGES)
# The blocks markdown makes (not <table>, which `scrolling_tables` finds by its bare tag).
BLOCK_RE = re.compile(r"<(p|h[1-6]|ul|ol|blockquote|pre|dl|tr)(?=[\s>])")


class LanguageView:
    page_lang = ""  # set per page by the renderer

    def lang_url(self, kind: str, ident: str) -> str:
        """The URL of `ident` in the page's language, or "" when it has no page in that language."""
        lang = self.page_lang
        if not lang:
            return ""
        if kind == "page":
            return self.urls.rel(prefix(lang) + ident) if ident in LANGUAGE_URLS else ""
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

    def version_url(self, path: str) -> str:
        """The URL of one language's version of a page (pages.translated `alternates`), as it is."""
        return self.urls.rel(path)

    def file_url(self, meeting_id: str, file: str) -> str:
        """An attachment beside its meeting's page: one copy, linked from the page in every language."""
        return self.urls.rel(path_for("meeting", meeting_id, self.graph.item_of)) + file
