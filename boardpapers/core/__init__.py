"""What every stage shares: diagnostics that carry source positions, permanent URLs, pickling helpers, the one
fork pool and the fast paths' switch. Imports nothing else of boardpapers.
"""
