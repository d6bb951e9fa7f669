"""Stage 6, link: every reference resolved, and the global facts computed once from the linked graph (trails,
attendance, topics, names), then the checks no single document can make.
"""
