"""Text hygiene shared by the rules, the reports and the page: bidi controls made visible, long text windowed.

Two hazards of outside text live here because more than one layer meets them. Bidirectional control characters
(U+202E and friends) are invisible yet reorder what a reader sees, so a quote in a report could read as the
opposite of what the article says: every place that shows article or paper text to a person shows them as a
visible tag instead. And a rewrite of one word inside a very long sentence must not repeat the whole sentence
per flag (one long sentence with a thousand hype words made a review of hundreds of megabytes): suggestions are
cut to a clause or window around the change, with the cut marked.
"""

from __future__ import annotations

import re

__all__ = ["BIDI_CONTROLS", "ELLIPSIS", "clip_around", "escape_bidi_json", "neutralise_bidi", "window_around"]

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Arabic letter mark, LRM/RLM, the embeddings and overrides (LRE..RLO) and the isolates (LRI..PDI)."""
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
ELLIPSIS = "…"
_CLAUSE_MARKS = re.compile(r"[,;:()\[\]\n—–]|[.!?](?=\s)")
"""Where a clause ends: a suggestion is cut here when the whole sentence is too long to repeat."""


def neutralise_bidi(text: str) -> str:
    """`text` with every bidi control replaced by a visible tag such as "[U+202E]".

    Removing them would hide that the source carried them (an editor should know a quote was doctored to display
    reversed); keeping them lets them reorder the report. A visible tag shows the text in its stored order.
    """
    return _BIDI.sub(lambda m: f"[U+{ord(m.group(0)):04X}]", text)


def escape_bidi_json(json_text: str) -> str:
    r"""JSON text with each raw bidi control written as its ``\uXXXX`` escape.

    The JSON export is a record that loads back unchanged and whose offsets point into the article, so its strings
    must keep the original characters; escaping them keeps the data identical while no viewer of the file is
    reordered by them. Valid because these characters can only occur inside JSON strings.
    """
    return _BIDI.sub(lambda m: f"\\u{ord(m.group(0)):04x}", json_text)


def window_around(text: str, start: int, end: int, limit: int) -> tuple[int, int]:
    """Bounds [a, b) of at most `limit` characters of `text` that contain [start, end), cut where a reader can follow.

    The whole text when it fits; else the clause around the span (between commas, semicolons, dashes, sentence
    ends) when that fits; else a window centred on the span and cut at spaces. A span longer than `limit` is
    returned as it is: the caller's words are never cut.
    """
    if len(text) <= limit or end - start >= limit:
        return (0, len(text)) if len(text) <= limit else (start, end)
    a = max((m.end() for m in _CLAUSE_MARKS.finditer(text, max(0, start - limit), start)), default=0)
    after = _CLAUSE_MARKS.search(text, end, min(len(text), end + limit))
    b = after.end() if after else len(text)
    if b - a <= limit:
        return a, b
    spare = limit - (end - start)
    a = max(a, start - spare // 2)
    b = min(b, end + (spare - (start - a)))
    a = max(a, start - (spare - (b - end)))
    if a > 0 and not text[a - 1].isspace():
        space = text.find(" ", a, start)
        a = space + 1 if space != -1 else start
    if b < len(text) and not text[b].isspace():
        space = text.rfind(" ", end, b)
        b = space if space != -1 else end
    return a, b


def clip_around(text: str, start: int, end: int, limit: int) -> str:
    """`text` cut to the clause or window around [start, end) (see `window_around`), "…" marking each cut.

    At most `limit` characters (unless the span itself is longer); the kept words are verbatim, so an editor can
    find them in the draft.
    """
    if len(text) <= limit:
        return text
    room = max(limit - 2 * len(ELLIPSIS), 1)
    a, b = window_around(text, start, end, room)
    return (ELLIPSIS if a > 0 else "") + text[a:b] + (ELLIPSIS if b < len(text) else "")
