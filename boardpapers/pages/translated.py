"""The pages of a site in more than one language: each document page that has a translation again under the
language's prefix (`/cy/meetings/<id>/`), with the translated text in the original's layout, and a search page
per language (Pagefind keeps one index per `<html lang>`, and the search page loads the one of its own lang).

Every such page, and its original, carries `alternates`: [(language, path)] of all its versions, for the
`<link rel="alternate" hreflang>` tags and the language switch.
"""

from __future__ import annotations

import dataclasses

from boardpapers.content.translations import KIND_OF_MODEL as KINDS
from boardpapers.graph.translations import translated_model
from boardpapers.pages.job import PageJob

# layout -> (the kind of document it shows, the view's key for it); an agenda pack is its meeting's
DOCUMENT_LAYOUTS = {"meeting.html": "meeting", "item.html": "item", "paper.html": "paper", "board.html": "board",
                    "person.html": "person", "pack.html": "meeting"}
# Built-in pages made in every language: their words are the interface's (layouts/i18n), the documents they list
# are shown in the page's language where translated. Also every topic page (TOPIC_LAYOUT).
LANGUAGE_PAGES = ("search/index.html", "index.html", "meetings/index.html", "decisions/index.html",
                  "actions/index.html", "topics/index.html")
TOPIC_LAYOUT = "topic.html"


def with_translations(graph, jobs: dict[str, PageJob]) -> dict[str, PageJob]:
    """`jobs` by path -> the same with every other-language page added, and `alternates` on both sides."""
    languages = graph.config.languages
    if not languages:
        return jobs
    main, others = languages[0], languages[1:]
    out = dict(jobs)
    for path, job in jobs.items():
        kind = DOCUMENT_LAYOUTS.get(job.layout)
        if path in LANGUAGE_PAGES or job.layout == TOPIC_LAYOUT:
            versions = [(lang, None) for lang in others]
        elif job.layout == "decision.html":  # in a language where its item is translated (its text is the item's)
            item_id = job.view["decision"].item_id
            versions = [(lang, None) for lang in others if graph.translations.get(f"{lang}|item|{item_id}")]
        elif kind is not None and job.view.get(kind) is not None:
            ident = job.view[kind].id
            versions = [(lang, t) for lang in others if (t := graph.translations.get(f"{lang}|{kind}|{ident}"))]
        else:
            continue
        if not versions:
            continue
        alternates = [(main, job.url_path)] + [(lang, f"{prefix(lang)}{job.url_path}") for lang, _ in versions]
        out[path] = dataclasses.replace(job, view={**job.view, "alternates": alternates})
        for lang, translation in versions:
            view = {key: _localised(graph, lang, value) for key, value in job.view.items()}
            if view.get("is_search"):  # the search page: its pages show boards by their names in `lang`
                view["filters"] = _board_names(graph, lang, view["filters"])
            view.update(lang=lang, alternates=alternates)
            if translation is not None:
                model = translated_model(graph, translation)
                view[kind] = model
                view["title"] = _title(kind, model, job.view["title"]) if job.layout != "pack.html" else view["title"]
                view["draft"] = view.get("draft", False) or translation.draft  # only --drafts shows it
            elif job.layout == "decision.html":  # "<verb> <text>": the verb from the interface's words (base.html)
                view.update(title_verb=job.view["decision"].verb, title=_decision_text(graph, lang, job.view))
                translation = graph.translations[f"{lang}|item|{job.view['item'].id}"]  # its text's source
                view["draft"] = view.get("draft", False) or translation.draft
            source = translation.source if translation is not None else job.source
            out[prefix(lang) + path] = PageJob(prefix(lang) + path, job.layout, view, source, job.produce, job.deps)
    return out


def _decision_text(graph, lang: str, view: dict) -> str:
    """The plain text of a decision in `lang` (its item's translation gives it entry by entry), for <title>."""
    from boardpapers.pages.search import plain

    translation = graph.translations[f"{lang}|item|{view['item'].id}"]
    texts = dict(translation.lists).get("decisions", ())
    n = view["number"] - 1
    text = texts[n] if n < len(texts) and texts[n] else view["decision"].text
    return plain(text)


def _localised(graph, lang: str, value):
    """A document in the view (an agenda's items, the previous and next item) in `lang` where it is translated."""
    if isinstance(value, list):
        return [_localised(graph, lang, v) for v in value]
    kind = KINDS.get(type(value).__name__)
    if kind is None:
        return value
    translation = graph.translations.get(f"{lang}|{kind}|{value.id}")
    return value if translation is None else translated_model(graph, translation)


def _board_names(graph, lang: str, filters: list) -> list:
    names = {}
    for board in graph.boards.values():
        translation = graph.translations.get(f"{lang}|board|{board.id}")
        names[board.name] = dict(translation.fields).get("name", board.name) if translation else board.name
    return [(name, label, [(names[v], names[v]) for v, _ in options] if name == "board" else options)
            for name, label, options in filters]


def prefix(lang: str) -> str:
    """The folder of a language's pages: its primary code in lower case (`cy/`)."""
    return lang.split("-", 1)[0].lower() + "/"


def _title(kind: str, model, original: str) -> str:
    if kind == "item":
        return f"{model.number}. {model.title}"
    if kind == "paper":
        return model.title
    if kind == "board":
        return model.name
    return original
