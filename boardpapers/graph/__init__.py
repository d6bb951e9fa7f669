"""Stage 6, link: every reference resolved, the checks no single document can make, then the global facts
computed once from the linked graph into fields of it (facts: trails, attendance, topics, feeds to follow).
"""
