"""Where quotation marks open and close, and who is quoted.

Several checks must tell the writer's words from somebody else's: hype inside a quote that denies it is not hype,
advice from an independent expert is not the writer's advice, and the independent-source check needs the list of
people quoted. Quotes are found per paragraph, because news style reopens a quote in each paragraph of a long
quotation without closing the previous one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Attribution", "attributions", "inside", "quote_regions"]

_DOUBLE_OPEN = "“„"
_DOUBLE_CLOSE = "”"
_SINGLE_OPEN = "‘"
_SINGLE_CLOSE = "’"


def _is_opening_single(text: str, i: int) -> bool:
    """A single mark opens a quote only at the start of a word (an apostrophe sits inside or after one)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-\"“") and not after.isspace()


def _is_closing_single(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and not after.isalnum()


def quote_regions(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Half-open [open mark, close mark + 1) regions of quoted speech in text[start:end] (one paragraph).

    Double quotes (straight and curly) pair in order; single quotes count only where they cannot be apostrophes.
    An unclosed quote runs to the end of the paragraph, as in a multi-paragraph quotation.
    """
    stop = len(text) if end is None else end
    regions: list[tuple[int, int]] = []
    open_at: int | None = None
    kind = ""
    for i in range(start, stop):
        ch = text[i]
        if open_at is None:
            if ch in _DOUBLE_OPEN or ch == '"':
                open_at, kind = i, "d"
            elif (ch == _SINGLE_OPEN or ch == "'") and _is_opening_single(text, i):
                open_at, kind = i, "s"
            continue
        closes_double = kind == "d" and (ch in _DOUBLE_CLOSE or ch == '"')
        closes_single = kind == "s" and ch in (_SINGLE_CLOSE, "'") and _is_closing_single(text, i)
        if closes_double or closes_single:
            regions.append((open_at, i + 1))
            open_at = None
    if open_at is not None:
        regions.append((open_at, stop))
    return regions


def inside(regions: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """The quote region that contains [start, end), if any."""
    for a, b in regions:
        if a <= start and end <= b:
            return (a, b)
    return None


_SPEECH_VERB = (
    r"(?:said|says|say|explains|explained|adds|added|notes|noted|concludes|concluded|commented|comments|"
    r"told|tells|warns|warned|cautions|cautioned|argues|argued|stresses|stressed|points out|pointed out|"
    r"according to|wrote|writes|believes|thinks|agrees|agreed)"
)
_ATTR_CHAR = r"(?:[^.“”\"]|(?<=Dr)\.|(?<=Mr)\.|(?<=Ms)\.|(?<=Mrs)\.|(?<=Prof)\.|(?<=Jr)\.|(?<=\b[A-Z])\.)"
"""A character of an attribution: anything but a full stop or quote mark, except the stop of 'Dr.' or an initial."""
_AFTER_QUOTE = re.compile(r"[\s,.;:!?—–-]*(?P<attr>" + _SPEECH_VERB + r"\b" + _ATTR_CHAR + r"{0,200}|"
                          + _ATTR_CHAR + r"{0,120}?\b" + _SPEECH_VERB + r"\b" + _ATTR_CHAR + r"{0,40})",
                          re.IGNORECASE)
_BEFORE_QUOTE = re.compile(r"(?P<attr>" + _ATTR_CHAR + r"{0,160}\b" + _SPEECH_VERB + _ATTR_CHAR
                           + r"{0,40}?)[,:]?\s*$", re.IGNORECASE)
_REPORTED_VERB = re.compile(r"\b(?:say|says|said|believe|believes|argue|argues|told|tells)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Attribution:
    """Somebody quoted or reported: the words that name them, and where those words are in the text."""

    start: int
    end: int
    text: str
    quoted: bool
    """True for direct speech in quotation marks, False for reported speech ('the editors say the study ...')."""


def attributions(text: str, paragraphs: list[tuple[int, int]]) -> list[Attribution]:
    """Who is quoted in the text: the attribution phrase next to each quotation of at least a few words.

    Quotations without an attribution (a second paragraph of the same quote) are skipped: they belong to the
    speaker named earlier. Short quoted terms ('TRAP', "sleeping cells") are not speech.
    """
    found: list[Attribution] = []
    for p_start, p_end in paragraphs:
        regions = [r for r in quote_regions(text, p_start, p_end) if _is_speech(text[r[0]:r[1]])]
        for a, b in regions:
            after = _AFTER_QUOTE.match(text, b, p_end)
            if after and after.group("attr").strip():
                s, e = after.span("attr")
                found.append(_trimmed(text, s, e, quoted=True))
                continue
            line_start = max(p_start, text.rfind(".", p_start, a) + 1)
            before = _BEFORE_QUOTE.search(text, line_start, a)
            if before and before.group("attr").strip():
                s, e = before.span("attr")
                found.append(_trimmed(text, s, e, quoted=True))
        found.extend(_reported(text, p_start, p_end, regions))
    return found


def _reported(text: str, p_start: int, p_end: int, regions: list[tuple[int, int]]) -> list[Attribution]:
    """Reported speech outside quotes whose subject names a person or body ('eLife's editors say ...').

    The speech verb is found first and the subject read backwards from it (to the last comma, full stop or quote
    mark), which is linear in the text: a pattern that scans for the subject first is quadratic on long input.
    """
    out: list[Attribution] = []
    for m in _REPORTED_VERB.finditer(text, p_start, p_end):
        if any(a <= m.start() < b for a, b in regions):
            continue
        s = max(p_start, m.start() - 80)
        window = text[s:m.start()]
        cut = max(window.rfind(ch) for ch in ".,;“”\"")
        if cut >= 0:
            s += cut + 1
        e = m.start()
        if any(a < e and s < b for a, b in regions):
            continue
        phrase = text[s:e].strip()
        if phrase and re.search(r"[A-Z]|editors?|reviewers?|researchers?|authors?|team|experts?", phrase):
            out.append(_trimmed(text, s, e, quoted=False))
    return out


def _is_speech(quoted: str) -> bool:
    return len(quoted) >= 12 and quoted.count(" ") >= 2


def _trimmed(text: str, start: int, end: int, *, quoted: bool) -> Attribution:
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-"):
        end -= 1
    return Attribution(start, end, text[start:end], quoted)
