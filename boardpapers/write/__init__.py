"""Stage 10, write: changed files into a staging sibling of site/, then swapped in whole or moved in under a
journal; a failed build leaves site/ as it was.
"""
