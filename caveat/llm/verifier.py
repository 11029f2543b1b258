"""Every quote a model gives must be found verbatim, or it is not used.

Why: a model paraphrases, "tidies" quotes and sometimes invents them. A flag that points at words the article
does not contain is worse than no flag: the editor cannot find it and stops trusting the tool. We forgive only
whitespace (line breaks, doubled spaces, tabs differ between what the editor pasted and what the model echoes)
and map the match back to exact character offsets in the ORIGINAL text, so the span can be highlighted.
Curly versus straight quotes, changed case, ellipses or a single changed word are drift: the quote is dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from caveat.core.models import Span

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> tuple[str, list[int]]:
    """Collapse whitespace runs to one space; return the text and each kept character's original index."""
    chars: list[str] = []
    origin: list[int] = []
    for match in re.finditer(r"\s+|\S+", text):
        if match.group().isspace():
            chars.append(" ")
            origin.append(match.start())
        else:
            chars.extend(match.group())
            origin.extend(range(match.start(), match.end()))
    return "".join(chars), origin


def find_verbatim(quote: str, text: str, within: tuple[int, int] | None = None) -> Span | None:
    """Where ``quote`` sits in ``text`` (whitespace-insensitive), as a Span of the original text, else None.

    ``within`` (start, end) is searched first: the claim the model was asked about is where its quote belongs,
    and a short quote may also occur elsewhere.
    """
    needle = _SPACE.sub(" ", quote).strip()
    if not needle:
        return None
    haystack, origin = normalise(text)
    found = -1
    if within is not None:
        found = haystack.find(needle, bisect_left(origin, within[0]), bisect_left(origin, within[1]))
    if found < 0:
        found = haystack.find(needle)
    if found < 0:
        return None
    start = origin[found]
    end = origin[found + len(needle) - 1] + 1
    return Span(start=start, end=end, text=text[start:end])
