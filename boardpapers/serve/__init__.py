"""`python build.py serve`: the live-reload preview server.
"""
