"""Measuring the importer (issue 14): the field-by-field scorer, round-trip PDF test packs and the harness.
See README.md beside this file."""
