"""The published translations joined to the graph: their markdown rendered into `graph.html` (under the original's
key with the language in front, `cy|item:<id>:body`), and `graph.translations` by "<lang>|<kind>|<id>".

Their [[references]] are checked like the originals': a translation may not link to what does not exist or is
withheld (its link would show the withheld document's id).
"""

from __future__ import annotations

import dataclasses

from boardpapers.content.translations import MARKDOWN
from boardpapers.core.diagnostics import Diagnostics, SourcePos
from boardpapers.markdown.convert import HtmlMap, pack, render


def join(graph, translations, diags: Diagnostics):
    """-> the graph with its translations (content.translations.published_translations)."""
    if not translations:
        return graph
    html = dict(graph.html.packed) if isinstance(graph.html, HtmlMap) else {k: graph.html[k] for k in graph.html}
    found = {}
    for t in translations:
        texts = [(name, text, 0) for name, text in t.fields if name in MARKDOWN]
        if t.body:
            texts.append(("body", t.body, t.body_line))
        keys = [(t.md_key(name), text, first_line) for name, text, first_line in texts]
        keys += [(f"{t.lang}|{key}", text, 0) for key, text in _list_keys(graph, t)]
        for key, text, first_line in keys:
            rendered, links = render(text, anchors=key.endswith(":body"))
            for target, _label, line0 in links:
                _check_ref(graph, target, SourcePos(t.source, first_line + line0 if first_line else 1), diags)
            html[key] = pack(rendered)
        found[t.key] = t
    return dataclasses.replace(graph, html=HtmlMap(html), translations=found)


def _list_keys(graph, t):
    """(the original's markdown key, translated text) of each entry of an item's translated lists."""
    item = graph.items.get(t.ident) if t.kind == "item" else None
    for name, texts in t.lists if item is not None else ():
        for n, text in enumerate(texts):
            if not text:
                continue
            if name == "recommendations":
                yield f"item:{item.id}:rec{n}", text
            elif name == "decisions":
                yield f"decision:{item.decisions[n].id}:text", text
            else:
                yield f"action:{item.actions[n].id}:text", text


def _check_ref(graph, target: str, pos: SourcePos, diags: Diagnostics) -> None:
    ident = target.split("#", 1)[0]
    if ident.startswith("topic:") or graph.kinds.get(ident):
        return
    if ident in graph.withheld:
        diags.error(pos, "unpublished-ref", f"links to '{ident}', which is {graph.withheld[ident]}",
                    "remove the link, or publish the target first")
    else:
        diags.error(pos, "unknown-ref", f"links to '{ident}', which does not exist", "correct the id")


def translated_model(graph, translation):
    """The original model with its text fields in the other language (the structural fields stay the original's),
    for the layouts to show as they show the original."""
    kind, ident = translation.kind, translation.ident
    model = {"meeting": graph.meetings, "item": graph.items, "paper": graph.papers, "board": graph.boards,
             "person": graph.people}[kind][ident]
    changes = dict(translation.fields)
    if translation.body:
        changes["body"] = translation.body
    return dataclasses.replace(model, **changes)
