"""Stage 4: markdown bodies -> HTML and the [[references]] in them (markdown-it with the wikilink plugin, and a
fast path for bodies of the usual shape that gives the same bytes).
"""
