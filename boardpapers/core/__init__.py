"""What every stage shares: diagnostics that carry source positions, permanent URLs, pickling helpers and
the per-build memo. Imports nothing else of boardpapers.
"""
