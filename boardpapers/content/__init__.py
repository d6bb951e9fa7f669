"""Stages 1 to 4: discover content/, read each file (front matter split from the body), validate it (strict YAML,
frozen models), apply the publishing rules (drafts, embargoes, exempt items); plus `new` (scaffold).
"""
