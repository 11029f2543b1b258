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
    r"according to|wrote|writes|believes|thinks|agrees|agreed|acknowledges|acknowledged|emphasi[sz]es|"
    r"emphasi[sz]ed|insists|insisted|observes|observed|remarks|remarked|recalls|recalled|reports|reported|"
    r"continues|continued|tweeted|asks|asked|replies|replied)"
)
_ATTR_CHAR = r"(?:[^.“”\"]|(?<=Dr)\.|(?<=Mr)\.|(?<=Ms)\.|(?<=Mrs)\.|(?<=Prof)\.|(?<=Jr)\.|(?<=\b[A-Z])\.)"
"""A character of an attribution: anything but a full stop or quote mark, except the stop of 'Dr.' or an initial."""
_AFTER_QUOTE = re.compile(r"[\s,.;:!?—–-]*(?P<attr>" + _SPEECH_VERB + r"\b" + _ATTR_CHAR + r"{0,200}|"
                          + _ATTR_CHAR + r"{0,120}?\b" + _SPEECH_VERB + r"\b" + _ATTR_CHAR + r"{0,40})",
                          re.IGNORECASE)
_REPORTED_VERB = re.compile(
    r"\b(?:say|says|said|believe|believes|argue|argues|argued|told|tells|notes|noted|stresses|stressed|"
    r"acknowledges?|acknowledged|explains|explained|adds|added|warns|warned|cautions|cautioned|writes|wrote|"
    r"concludes|concluded|reports|emphasi[sz]es|emphasi[sz]ed|points out|pointed out|insists|insisted|called|"
    r"calls|described|describes|praised|praises|welcomed|welcomes|questioned|questions|critici[sz]ed|"
    r"dismissed|hailed|cautioned against)\b"
    r"|\baccording to\b(?P<after>[^.,;“”\"]{3,90})",
    re.IGNORECASE,
)
"""Reported speech: a verb whose subject is read backwards from it, or 'according to X' whose source follows."""
_SUBJECT_WORDS = re.compile(r"[A-Z]|\b(?:editors?|reviewers?|researchers?|authors?|team|experts?|study|paper|"
                            r"report|scientists?|investigators?|findings)\b")


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
    speaker named earlier. Short quoted terms ('TRAP', "sleeping cells") are not speech. A quote that opens a
    paragraph may be introduced at the end of the paragraph before ('..., explains:'), which news style does.
    """
    found: list[Attribution] = []
    previous: tuple[int, int] | None = None
    for p_start, p_end in paragraphs:
        regions = [r for r in quote_regions(text, p_start, p_end) if _is_speech(text[r[0]:r[1]])]
        for a, b in regions:
            attribution = _next_to(text, p_start, p_end, a, b)
            if attribution is None and previous is not None and not text[p_start:a].strip():
                attribution = _introduced_before(text, *previous)
            if attribution is not None:
                found.append(attribution)
        found.extend(_reported(text, p_start, p_end, regions))
        previous = (p_start, p_end)
    return found


def _next_to(text: str, p_start: int, p_end: int, a: int, b: int) -> Attribution | None:
    """The attribution right after the quote ('..., said X'), else the one before it in the same sentence."""
    after = _AFTER_QUOTE.match(text, b, p_end)
    if after and after.group("attr").strip():
        s, e = after.span("attr")
        return _trimmed(text, s, e, quoted=True)
    line_start = max(p_start, text.rfind(".", p_start, a) + 1)
    return _before(text, line_start, a)


_VERB = re.compile(r"\b" + _SPEECH_VERB + r"\b", re.IGNORECASE)
_NOT_IN_ATTRIBUTION = re.compile(r"[.“”\"]")


def _before(text: str, line_start: int, a: int) -> Attribution | None:
    """'Jane Doe, a surgeon, said: "..."': a speech verb at most 40 characters before the quote, and the words
    before it back to the sentence start (at most 160 characters, no quote mark). Found by scanning the last few
    dozen characters for the verb, so the cost does not grow with the length of the sentence."""
    end = a
    while end > line_start and (text[end - 1].isspace() or text[end - 1] in ",:"):
        end -= 1
    verbs = list(_VERB.finditer(text, max(line_start, end - 60), end))
    for verb in reversed(verbs):
        if end - verb.end() > 40 or _NOT_IN_ATTRIBUTION.search(text, verb.end(), end):
            continue
        start = max(line_start, verb.start() - 160)
        marks = [m.end() for m in re.finditer(r"[“”\"]", text[start:verb.start()])]
        start += marks[-1] if marks else 0
        if text[start:end].strip():
            return _trimmed(text, start, end, quoted=True)
    return None


_INTRODUCES = re.compile(r"\b" + _SPEECH_VERB + r"\b[^.“”\"]{0,60}[:,]\s*$|:\s*$", re.IGNORECASE)


def _introduced_before(text: str, p_start: int, p_end: int) -> Attribution | None:
    """The last sentence of the previous paragraph when it ends by introducing a quote ('..., she explains:')."""
    tail = text[p_start:p_end].rstrip()
    if not _INTRODUCES.search(tail):
        return None
    cut = max(tail.rfind(". "), tail.rfind("? "), tail.rfind("! "))
    start = p_start + (cut + 2 if cut >= 0 else 0)
    return _trimmed(text, start, p_start + len(tail), quoted=True)


def _reported(text: str, p_start: int, p_end: int, regions: list[tuple[int, int]]) -> list[Attribution]:
    """Reported speech outside quotes whose subject names a person or body ('eLife's editors say ...').

    The speech verb is found first and the subject read backwards from it (to the last comma, full stop or quote
    mark), which is linear in the text: a pattern that scans for the subject first is quadratic on long input.
    When a comma sits right before the verb ('Jane Doe, a surgeon at X who was not involved, said'), the subject
    is the whole clause from the start of the sentence, description included. 'According to X' names its source
    after the phrase.
    """
    out: list[Attribution] = []
    for m in _REPORTED_VERB.finditer(text, p_start, p_end):
        if any(a <= m.start() < b for a, b in regions):
            continue
        if m.group("after"):
            s, e = m.start(), m.end()
        else:
            s, e = _subject(text, p_start, m.start())
        if any(a < e and s < b for a, b in regions):
            continue
        phrase = text[s:m.start()] if not m.group("after") else m.group("after")
        if phrase.strip() and _SUBJECT_WORDS.search(phrase):
            out.append(_trimmed(text, s, e, quoted=False))
    return out


def _subject(text: str, p_start: int, verb: int) -> tuple[int, int]:
    """[start, verb) of the subject of a reporting verb: back to the last clause break, never mid-word."""
    s = max(p_start, verb - 220)
    window = text[s:verb]
    sentence = max(window.rfind(". "), window.rfind("? "), window.rfind("! "), window.rfind("\n"),
                   *(window.rfind(ch) for ch in "“”\""))
    if sentence >= 0:
        s, window = s + sentence + 1, window[sentence + 1:]
    elif s > p_start:
        space = window.find(" ")
        s, window = s + space + 1, window[space + 1:]
    cut = max(window.rfind(ch) for ch in ",;")
    if cut >= 0 and window[cut + 1:].strip():
        s += cut + 1
    return s, verb


def _is_speech(quoted: str) -> bool:
    return len(quoted) >= 12 and quoted.count(" ") >= 2


def _trimmed(text: str, start: int, end: int, *, quoted: bool) -> Attribution:
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-"):
        end -= 1
    return Attribution(start, end, text[start:end], quoted)
