"""Everything incremental: the build cache on disk, what each page read (fingerprints), deciding which pages
to render again, and rendering them over all cores. A cache on a correct full build: with it off
(`--no-cache`), every build gives the same bytes.
"""
