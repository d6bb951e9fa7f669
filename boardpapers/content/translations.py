"""Other-language texts of documents: `index.cy.md` beside `index.md` (read, validate, publish).

A translation holds the words of its original in another language the site declares (site.yaml `languages:`):
the fields that are text (a title, a summary, a venue) and the body. Everything else (dates, boards, people,
decisions' verbs, attachments) and whether it is published at all come from the original: a translation is
withheld whenever its original is (a draft, embargoed or exempt original publishes no translation, whatever the
translation says), and `draft: true` in a translation withholds the translation alone.

Translations are few and small, so they are read every build, outside the per-file cache (cache.load); a change
to one sends a build down the full path (stages: `changed`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from boardpapers.content.fields import Fields
from boardpapers.content.languages import native_name
from boardpapers.content.read import read_one
from boardpapers.core.diagnostics import Diagnostics, SourcePos

# The fields a translation may carry, by the kind of its original; MARKDOWN: those rendered as markdown.
TRANSLATABLE = {
    "meeting": ("title", "venue"),
    "item": ("title", "purpose", "summary", "report_action", "financial_implications", "wales_implications",
             "minutes"),
    "paper": ("title", "summary"),
    "board": ("name", "short_name"),
    "person": ("position",),
}
# An item's lists, translated entry by entry in the original's order: (field, the original's attribute).
LISTS = {"recommendations": "recommendations", "decisions": "decisions", "actions": "actions"}
MARKDOWN = {"purpose", "summary", "report_action", "financial_implications", "wales_implications", "minutes"}
KIND_OF_MODEL = {"Meeting": "meeting", "Item": "item", "Paper": "paper", "Board": "board", "Person": "person"}
TRANSLATION_NAME_RE = re.compile(r"\.[A-Za-z]{2}(-[A-Za-z0-9]{2,4}){0,2}\.md\Z")


@dataclass(frozen=True)
class Translation:
    lang: str
    kind: str  # the original's kind: meeting, item, paper, board, person
    ident: str  # the original's id
    source: str  # this file, as diagnostics show it
    original: str  # the original's file
    fields: tuple[tuple[str, str], ...]  # (field, text) of the fields translated
    body: str = ""
    body_line: int = 0
    draft: bool = False
    lists: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (recommendations|decisions|actions, texts) of an item

    @property
    def key(self) -> str:
        return f"{self.lang}|{self.kind}|{self.ident}"

    def md_key(self, field: str) -> str:
        """Where its rendered markdown is kept in graph.html: the original's key with the language in front."""
        return f"{self.lang}|{self.kind}:{self.ident}:{field}"


def load_translations(sources, content, diags: Diagnostics) -> tuple[Translation, ...]:
    """Read and check every translation file against the validated content (its original and its language)."""
    config = content.config
    originals = {doc.source: doc for group in (content.boards, content.people, content.meetings, content.items,
                                                content.papers) for doc in group}
    every_rel = {source.rel for source in sources}
    found: list[Translation] = []
    for source in sources:
        if source.kind != "translation":
            continue
        if not _declared(source, config, diags):
            continue
        original = originals.get(source.id)
        if original is None:
            if source.id not in every_rel:  # else the original has errors of its own, reported at its lines
                diags.error(SourcePos(source.rel), "orphan-translation", f"this translation has no original: "
                            f"{source.id} does not exist", f"name it after the document it translates, "
                            f"e.g. {source.id.rsplit('/', 1)[0]}/index.{source.lang}.md")
            continue
        doc = read_one(source, diags)
        if doc is None:
            continue
        translation = _validate(doc, source, original, diags)
        if translation is not None:
            found.append(translation)
    return tuple(found)


def _declared(source, config, diags: Diagnostics) -> bool:
    if source.lang in config.languages[1:]:
        return True
    if not config.languages:
        message = f"a translation into '{source.lang}', but site.yaml declares no other languages"
        hint = f"add `languages: [{config.language}, {source.lang}]` to site.yaml"
    elif source.lang == config.languages[0]:
        message = f"'{source.lang}' is the site's main language: the original is the {source.lang} text"
        hint = "put this text in the original file"
    else:
        message = f"'{source.lang}' is not one of the site's languages ({', '.join(config.languages)})"
        hint = f"add {source.lang} to `languages:` in site.yaml, or correct the file name"
    diags.error(SourcePos(source.rel), "undeclared-language", message, hint)
    return False


def _validate(doc, source, original, diags: Diagnostics) -> Translation | None:
    kind = KIND_OF_MODEL[type(original).__name__]
    allowed = TRANSLATABLE[kind]
    lists = tuple(LISTS) if kind == "item" else ()
    f = Fields(doc.meta, source.rel, diags, original.id)
    for key in doc.meta:
        if key not in allowed and key not in lists and key != "draft":
            f.used.add(key)
            f.error(key, "untranslatable-field", f"'{key}' cannot be translated: a translation holds only the "
                    f"words of its original ({', '.join(allowed)} and the body)",
                    f"set '{key}' in {source.id}; the {native_name(source.lang)} page takes it from there")
    fields = tuple((name, text) for name in allowed if (text := f.text(name)))
    translated = tuple((name, texts) for name in lists if (texts := _list(f, name, original)))
    draft = f.blank("draft") or f.flag("draft")
    f.finish()
    if not f.ok:
        return None
    return Translation(source.lang, kind, original.id, source.rel, original.source, fields, doc.body,
                       doc.body_line, draft, translated)


def _list(f: Fields, name: str, original) -> tuple[str, ...]:
    """`decisions: [text, ...]`: one text for each of the original's, in its order (an entry left empty keeps
    the original's words)."""
    if f.meta.get(name) is None:
        f.raw(name)
        return ()
    texts = f.text_list(name)
    count = len(getattr(original, LISTS[name]))
    if len(texts) != count:
        f.error(name, "translation-mismatch", f"'{name}' has {len(texts)} entries, the original has {count}: "
                "each entry translates the original's entry in the same place", f"give {count} entries, in the "
                "original's order (an empty one, \"\", keeps the original's words)")
        return ()
    return texts


def published_translations(translations, published, drafts: bool = False) -> tuple[Translation, ...]:
    """Only translations of documents the site publishes: a withheld original (draft, embargoed, exempt, a
    draft person) withholds its translation; a translation marked `draft: true` is withheld (shown by --drafts)."""
    shown = {(KIND_OF_MODEL[type(doc).__name__], doc.id): doc for group in (
        published.boards, published.people, published.meetings, published.items, published.papers) for doc in group}
    kept = []
    for t in translations:
        doc = shown.get((t.kind, t.ident))
        if doc is None or doc.source != t.original or (t.draft and not drafts):
            continue
        if t.kind == "item" and doc.exempt:  # an exempt item shows its number, title and reason only
            continue
        kept.append(t)
    return tuple(kept)


def changed(signatures: dict, previous: dict) -> bool:
    """Whether a translation file was added, edited or removed since the last build (by stat signature)."""
    names = {path for path in (*signatures, *previous) if TRANSLATION_NAME_RE.search(path)}
    return any(signatures.get(path) != previous.get(path) for path in names)
