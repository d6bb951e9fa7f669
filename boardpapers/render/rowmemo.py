"""Register rows rendered once per build process and reused on every page that lists them.

A decision sits on /decisions/, on its year, board, verb and topic pages and on a topic page; an action on the
register, its status, owner and board pages and its owner's page. Rendering its row once instead of on each of
those pages is most of a register page's cost at 10,000 items.

A reused row must leave the page that lists it depending on exactly what it would have read had it been rendered
there, or an incremental build would skip that page when the row's inputs change. So each row is rendered with
the page's recording swapped for fresh sets; what the row read is kept with its HTML and replayed into every
page that lists it, including the first. The row macros (layouts/register_parts.html) are imported without
context, so a row cannot read its page and its HTML is the same wherever it is listed. Parts nest: a row made of
memoised cells stores the cells' reads with its own.

The memo lives on the site view, which is made afresh for each build; forked render workers each fill their own.
"""

from __future__ import annotations

from markupsafe import Markup


class RowMemo:
    """Mixed into SiteView. Subclasses that record more than `used` ids override `_swap_reads`/`_replay`."""

    _deps: set[str] | None
    _row_memo: dict  # (macro name, key) -> (HTML, what rendering it read)
    row_names: set | None = None  # when a set: the names of the row macros used, memoised or not (renderpool)

    def rows(self, macros, objects, *args) -> Markup:
        """`macro(site, obj, *args)` for each object, joined; the objects have an `id` unique within the macro.
        With a list of macros, each row is made of their parts in order, each memoised on its own: a variant of
        a row without a column is a shorter list, and costs no rendering of its own."""
        if not isinstance(macros, list | tuple):
            macros = (macros,)
        html = self._html
        return Markup("".join([html(macro, (obj.id, *args), obj, *args) for obj in objects for macro in macros]))

    def row(self, macro, obj, *args) -> Markup:
        return Markup(self._html(macro, (obj.id, *args), obj, *args))

    def part(self, macro, key, *args) -> Markup:
        """`macro(site, *args)`, rendered once per `key`: the key must tell apart everything the arguments can
        make differ (rows and filter lists of one build are keyed by their id, variant and current page)."""
        return Markup(self._html(macro, key, *args))

    def _html(self, macro, key, *args) -> str:
        # the macro's name stands for its kind: all live in one layout; a page in another language has its own rows
        memo_key = (macro.name, key, getattr(self, "page_lang", ""))
        if self.row_names is not None:
            self.row_names.add(macro.name)
        found = self._row_memo.get(memo_key)
        if found is None:
            outer = self._swap_reads(None)
            try:
                html = str(macro(self, *args))
            finally:
                reads = self._swap_reads(outer)
            # Plain strings and tuples: tens of thousands of Markup objects and sets would stay in the garbage
            # collector's sight (and slow every full collection); a few strings in a tuple also take a fraction
            # of a set's memory.
            found = self._row_memo[memo_key] = (html, tuple(map(tuple, reads)))
        self._replay(found[1])
        return found[0]

    # -- what a row read: the ids passed to `used` (a recording site view adds its recorder's keys)
    def _swap_reads(self, state):
        """Install `state` (None: fresh, empty sets) as what reads are recorded into; -> the state it replaced."""
        old, self._deps = self._deps, (set() if state is None else state[0])
        return (old,)

    def _replay(self, reads) -> None:
        if self._deps is not None:
            self._deps.update(reads[0])
