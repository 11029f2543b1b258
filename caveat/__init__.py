"""Caveat: a second reader for science stories. The version lives here and nowhere else (pyproject reads it)."""

__version__ = "0.1.0"
