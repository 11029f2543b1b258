"""The report writers: one Review in, the bytes of one export out.

The app's download buttons and the command line's `--format` both go through `write_report`, so a format
is added in one place; every writer renders the same `caveat.report.content` view, so no export knows more or
less than another.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from caveat.core.errors import InputError
from caveat.core.models import Review
from caveat.report.writers.docx import render_docx
from caveat.report.writers.html import render_html
from caveat.report.writers.json import render_json
from caveat.report.writers.markdown import render_markdown
from caveat.report.writers.pdf import render_pdf

__all__ = ["EXTENSIONS", "FORMATS", "MEDIA_TYPES", "report_filename", "write_report"]

FORMATS: tuple[str, ...] = ("md", "html", "pdf", "docx", "json")

MEDIA_TYPES: dict[str, str] = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "json": "application/json",
}

EXTENSIONS: dict[str, str] = {fmt: f".{fmt}" for fmt in FORMATS}

_WRITERS: dict[str, Callable[..., bytes]] = {
    "md": render_markdown,
    "html": render_html,
    "pdf": render_pdf,
    "docx": render_docx,
    "json": render_json,
}
_ALIASES = {"markdown": "md", "htm": "html", "word": "docx"}


def normalise_format(fmt: str) -> str:
    """"MD", ".md" and "markdown" all mean "md"; anything unknown is the user's error, said in one line."""
    key = fmt.strip().lower().lstrip(".")
    key = _ALIASES.get(key, key)
    if key not in _WRITERS:
        raise InputError(f"Unknown report format {fmt!r}: choose one of {', '.join(FORMATS)}.")
    return key


def write_report(review: Review, fmt: str, reviewer: str = "") -> bytes:
    """The report of `review` in format `fmt` (one of FORMATS), as bytes ready to save or download.

    `reviewer` is the editor who signs it (the page's setting); empty leaves the signature line blank to fill in.
    """
    key = normalise_format(fmt)
    return _WRITERS[key](review) if key == "json" else _WRITERS[key](review, reviewer)


def report_filename(review: Review, fmt: str) -> str:
    """A safe, readable file name: caveat-<date>-<headline words>.<ext>."""
    slug = re.sub(r"[^a-z0-9]+", "-", review.article.headline.lower()).strip("-")[:50].rstrip("-")
    date = re.sub(r"[^0-9-]", "", review.created_at[:10])
    stem = "-".join(part for part in ("caveat", date, slug or review.id[:12]) if part)
    return stem + EXTENSIONS[normalise_format(fmt)]
