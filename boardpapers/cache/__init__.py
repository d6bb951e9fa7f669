"""The stages through the build cache: the guard (nothing changed?), read/validate/markdown per file, link and
route (with `serve`'s kept graph), render (only the pages whose recorded reads changed, over all cores), and the
cache brought up to date at the end; the cache on disk and the fingerprints of what pages read. A cache on a
correct full build: with it off (`--no-cache`), every build gives the same bytes.
"""
