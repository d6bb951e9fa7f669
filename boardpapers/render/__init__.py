"""Stage 8, render: page jobs -> bytes through the Jinja layouts, with `site` as a read-only view of the graph
that records what each page reads (reads: one set of keys per page, and the one capture for shared work).
"""
