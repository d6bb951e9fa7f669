"""Files that are not pages: the Atom feed, iCalendar files, open data (JSON, CSV, schemas), the sitemap, and
assets and attachments copied with their names.
"""
