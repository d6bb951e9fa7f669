"""Stages 1-3 and 5: discover content/, read front matter strictly, validate into frozen models, apply the
publishing rules (drafts, embargoes, exempt items); plus `new` (scaffold).
"""
