"""Text hygiene shared by every door that shows outside text to a person (the page's labels, the exports).

Why: an article, a paper's metadata or a model answer may carry Unicode bidirectional controls. Shown as they are,
an override (U+202E) reverses the rest of a label, so "report.txt" can read as "txt.troper" and a saved review's
line on the page can be made to look like another. The controls carry no meaning a fact-check needs, so they are
shown as visible escapes ("\\u202e") rather than obeyed, and anyone reading the label sees that they were there.
"""

from __future__ import annotations

__all__ = ["BIDI_CONTROLS", "neutralise_bidi"]

BIDI_CONTROLS = frozenset(
    "\u061c"  # ARABIC LETTER MARK
    "\u200e\u200f"  # LEFT-TO-RIGHT and RIGHT-TO-LEFT MARK
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings, pop, overrides
    "\u2066\u2067\u2068\u2069"  # isolates and pop isolate
)
"""Every Unicode bidirectional formatting character (the Bidi_Control property)."""

_ESCAPES = {ord(c): f"\\u{ord(c):04x}" for c in BIDI_CONTROLS}


def neutralise_bidi(text: str) -> str:
    """`text` with each bidi control replaced by its visible escape, e.g. U+202E becomes the six characters
    "\\u202e"; everything else is kept as it is."""
    return text.translate(_ESCAPES)
