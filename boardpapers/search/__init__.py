"""Stage 9, index: Pagefind over the written site, one bundle or one per year, and the small `recent` bundle
for an edit on top of them.
"""
