"""A labelled Dutch corpus for measuring the personal-data check (see README.md in this folder)."""
