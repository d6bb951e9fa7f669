"""Stage 7, route: the linked graph -> page jobs, one module per family of pages.
"""
