"""Stage 5: the published documents' markdown -> HTML and the [[references]] in it (markdown-it with the wikilink
plugin, and fast paths for text of the usual shape that give the same bytes: core.fastpaths turns them off).
"""
