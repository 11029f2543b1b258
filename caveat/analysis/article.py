"""From the text the editor pasted to an Article: headline, paragraphs and sentences with exact offsets.

Every flag must point at exact characters of the ORIGINAL text, so nothing here rewrites the text: periods that
pysbd would wrongly split on (journal abbreviations, "et al.", DOIs, URLs) are masked by a same-length stand-in
before segmenting, which keeps every offset valid, and sentence boundaries are mapped back onto the original.
pysbd is run per paragraph (and per chunk of an overlong paragraph) because it slows down sharply on long input.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pysbd

from caveat.analysis.quotes import quote_regions
from caveat.core.errors import InputError
from caveat.core.models import Article, Paragraph, Sentence, Span

__all__ = ["parse_article", "plain_spaces", "split_sentences", "unwrap_lines"]

_MASK = "\ue000"
"""A private-use character: pysbd never splits on it and never rewrites it (it does rewrite its own '∯')."""

_PROTECTED = re.compile(
    r"\b10\.\d{4,9}/\S+?(?=[.,;:)\]]?(?:\s|$))"  # DOIs, without a sentence's final full stop
    r"|\bhttps?://\S+?(?=[.,;:)\]]?(?:\s|$))|\bwww\.\S+?(?=[.,;:)\]]?(?:\s|$))"
    r"|\bet al\.|\be\.g\.|\bi\.e\.|\bvs\.|\bcf\.|\bca\.|\bapprox\.|\bFigs?\.|\bNo\.(?=\s*\d)"
    r"|\b(?:Dr|Prof|Mr|Mrs|Ms|St|Jr|Sr|Drs)\.(?=\s+[A-Z])"
    r"|(?P<journal>\b(?:[A-Z][a-z]{0,5}\.\s?){2,})"  # J. Am. Med. Assoc. / Proc. Natl. Acad. Sci.
    r"|\b(?:[A-Z]\.){2,}"  # U.S., U.K. style initialisms
)
_MAX_CHUNK = 20_000
_HEADLINE_MAX = 200
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def _masked(text: str) -> str:
    """The text with protected periods replaced one-for-one, so offsets into it are offsets into the original."""

    def repl(m: re.Match[str]) -> str:
        found = m.group(0)
        if m.group("journal") and re.match(r"\s*[A-Z]", m.string[m.end():m.end() + 3]):
            # "... in J. Am. Med. Assoc. The team ..." may end a sentence: leave the last stop to pysbd
            last = found.rstrip().rfind(".")
            return found[:last].replace(".", _MASK) + found[last:]
        return found.replace(".", _MASK)

    return _PROTECTED.sub(repl, text)


def _chunks(masked: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut an overlong paragraph at sentence-like boundaries so pysbd never sees more than ~20k characters."""
    out: list[tuple[int, int]] = []
    pos = start
    while end - pos > _MAX_CHUNK:
        cut = masked.rfind(". ", pos, pos + _MAX_CHUNK)
        cut = cut + 2 if cut > pos else masked.rfind(" ", pos, pos + _MAX_CHUNK) + 1
        if cut <= pos:
            cut = pos + _MAX_CHUNK
        out.append((pos, cut))
        pos = cut
    out.append((pos, end))
    return out


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_ANY_STOP = re.compile(r"[.!?]")
_INNER_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’]?(?=\s+[\"“‘]?[A-Z])")
"""A full stop (or ! ?), maybe a closing quote, then a capital: pysbd keeps such sentences together when they sit
inside quotation marks, but a multi-sentence quote needs each sentence separately (in_quote, flag spans)."""


def _split_inner(masked: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = start
    for m in _INNER_BOUNDARY.finditer(masked, start, end):
        cut = m.end()
        if len(masked[pos:cut].split()) >= 3:
            s, e = _strip(masked, pos, cut)
            out.append((s, e))
            pos = cut
    s, e = _strip(masked, pos, end)
    if s < e:
        out.append((s, e))
    return out


def _segment(masked: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of masked[start:end], found back in the text in order (pysbd keeps the characters).

    A paragraph with no full stop, ! or ? before its end (a subhead, a caption, a one-sentence paragraph) is one
    sentence: pysbd is skipped there, which saves a third of the time on a long article.
    """
    s, e = _strip(masked, start, end)
    if not _ANY_STOP.search(masked, s, max(s, e - 1)):
        return [(s, e)] if s < e else []
    return [piece for s, e in _pysbd_spans(masked, start, end) for piece in _split_inner(masked, s, e)]


def _pysbd_spans(masked: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for c_start, c_end in _chunks(masked, start, end):
        cursor = c_start
        for piece in _segmenter().segment(masked[c_start:c_end]):
            piece = piece.strip()
            if not piece:
                continue
            at = masked.find(piece, cursor, c_end)
            if at < 0:  # pysbd changed something: keep the rest of the chunk as one sentence
                break
            spans.append((at, at + len(piece)))
            cursor = at + len(piece)
        else:
            continue
        s, e = _strip(masked, cursor, c_end)
        if s < e:
            spans.append((s, e))
    return spans


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets in text[start:end], each stripped of surrounding whitespace.

    Shared with the study profile, which splits the abstract the same way so that evidence offsets agree.
    """
    stop = len(text) if end is None else end
    return _segment(_masked(text), start, stop)


def _paragraph_spans(text: str, start: int) -> list[tuple[int, int]]:
    """Blank-line separated blocks; inside a block, a line break also ends a paragraph after a finished line, or
    after a short line (a subhead) when the next line does not continue in lower case. That gives one paragraph
    per line for a CMS or Word paste, while hard-wrapped prose (even wrapped narrow) stays together."""
    blocks: list[tuple[int, int]] = []
    pos = start
    for m in _BLANK_LINE.finditer(text, start):
        blocks.append((pos, m.start()))
        pos = m.end()
    blocks.append((pos, len(text)))
    out: list[tuple[int, int]] = []
    for b_start, b_end in blocks:
        para_start = b_start
        line_start = b_start
        while line_start < b_end:
            nl = text.find("\n", line_start, b_end)
            line_end = b_end if nl < 0 else nl
            body = text[line_start:line_end].rstrip()
            following = text[line_end + 1:b_end].lstrip()[:1]
            short_before_new_start = len(body) < 60 and (not following or not following.islower())
            finished = body.endswith((".", "!", "?", '"', "”", "’", ":")) or short_before_new_start
            if nl < 0 or finished:
                s, e = _strip(text, para_start, line_end)
                if s < e:
                    out.append((s, e))
                para_start = line_end + 1
            line_start = line_end + 1
        s, e = _strip(text, para_start, b_end)  # an unfinished last line before the text's final line break
        if s < e:
            out.append((s, e))
    return out


_LINE_END = re.compile(r"[.!?:;\"”’)]\s*$")
_MIN_WRAPPED_LINES = 3


def _looks_hard_wrapped(blocks: list[str]) -> bool:
    """Text wrapped at a fixed width (an e-mail, a text export, a copy from a PDF): several blocks of more than one
    line, their lines (all but each block's last) of similar length, most of them ending mid-sentence. A CMS or
    Word paste has one line per paragraph, and a list or a poem has short or ragged lines: neither qualifies."""
    inner = [line.rstrip() for block in blocks for line in block.rstrip().split("\n")[:-1] if line.strip()]
    if len(inner) < _MIN_WRAPPED_LINES:
        return False
    width = sorted(len(line) for line in inner)[int(len(inner) * 0.9)]
    near = [line for line in inner if len(line) >= 0.6 * width]
    open_ended = [line for line in inner if not _LINE_END.search(line)]
    return 40 <= width <= 120 and len(near) >= 0.8 * len(inner) and len(open_ended) >= 0.6 * len(inner)


_ODD_SPACES = str.maketrans({"\u00a0": " ", "\u2007": " ", "\u202f": " "})
"""No-break and figure spaces, which web and Word copy put in "published\u00a0in" or "10\u202fmg"."""


def plain_spaces(text: str) -> str:
    """`text` with no-break spaces as plain ones, one character for one: the checks' phrases are spelt with
    spaces, and a no-break space inside "in mice" or a journal's name would hide it. Offsets do not move."""
    return text.translate(_ODD_SPACES)


def unwrap_lines(text: str) -> str:
    """Hard-wrapped text with its in-paragraph line breaks read as spaces, one character for one.

    A phrase the checks look for ("in mice", "may help") is often cut by a wrap, so hard-wrapped copy read as it
    comes loses flags and gains others. Only text that looks wrapped is changed, and only the single line breaks
    inside blank-line-separated paragraphs; every offset into the result is an offset into the text as given, and
    every word is the same.
    """
    breaks = list(_BLANK_LINE.finditer(text))
    starts = [0, *(m.end() for m in breaks)]
    ends = [*(m.start() for m in breaks), len(text)]
    blocks = [text[a:b] for a, b in zip(starts, ends, strict=True)]
    if len(blocks) < 3 or not _looks_hard_wrapped(blocks[1:]):
        return text
    out = list(text)
    for a, b in list(zip(starts, ends, strict=True))[1:]:  # the first block is the headline (or the lede)
        for i in range(a, b):
            if text[i] == "\n" and not _LIST_ITEM.match(text, i + 1):
                out[i] = " "
    return "".join(out)


_LIST_ITEM = re.compile(r"[ \t]*(?:[•·▪‣*\-–—]|\d{1,2}[.)])\s")
"""A line that starts a list item: the line break before it is the list's, not the wrap's."""


def _looks_like_headline(line: str) -> bool:
    return 0 < len(line) <= _HEADLINE_MAX and not line.endswith(".") and len(line.split()) <= 30


def parse_article(text: str, source: str = "pasted") -> Article:
    """Split an article into headline, paragraphs and sentences whose offsets index the original text.

    The headline is the first non-empty line when it is short and has no final full stop (a first line that
    reads like prose is the lede, not a headline). It is also paragraph 0 and sentence 0 when present, so that
    checks can flag it like any sentence.
    """
    if not isinstance(text, str):
        raise InputError("The article must be text.")
    if "\x00" in text:
        raise InputError("The article looks like a binary file, not text: paste the story's text instead.")
    if not text.strip():
        raise InputError("The article is empty: paste the story's text.")

    headline = ""
    headline_span: Span | None = None
    first = re.search(r"\S[^\n]*", text)
    body_start = 0
    if first:
        h_start, h_end = _strip(text, first.start(), first.end())
        candidate = text[h_start:h_end]
        if _looks_like_headline(candidate) and text[h_end:].strip():
            headline = candidate
            headline_span = Span(start=h_start, end=h_end, text=candidate)
            body_start = h_end

    spans = _paragraph_spans(text, body_start)
    if headline_span is not None:
        spans.insert(0, (headline_span.start, headline_span.end))
    masked = _masked(text)
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    for p_index, (p_start, p_end) in enumerate(spans):
        paragraphs.append(Paragraph(start=p_start, end=p_end, text=text[p_start:p_end], index=p_index))
        regions = quote_regions(text, p_start, p_end)
        is_headline = headline_span is not None and p_index == 0
        pieces = [(p_start, p_end)] if is_headline else _segment(masked, p_start, p_end)
        for s_start, s_end in pieces:
            sentences.append(
                Sentence(
                    start=s_start,
                    end=s_end,
                    text=text[s_start:s_end],
                    index=len(sentences),
                    paragraph=p_index,
                    in_quote=_quoted(text, regions, s_start, s_end),
                )
            )
    return Article(
        text=text,
        headline=headline,
        headline_span=headline_span,
        sentences=sentences,
        paragraphs=paragraphs,
        source=source,
    )


_ATTRIBUTION_AFTER = re.compile(r"[\s,]*(?:\w+\s+){0,3}?(?:said|says|explains|explained|adds|added|notes|noted|"
                                r"concludes|concluded|told|warns|warned|argues|argued)\b")


_DATELINE = re.compile(r"[A-Z][A-Z.'-]*(?:[ ,]+[A-Z][A-Z.'-]*){0,3}(?:\s*\([^)\n]{1,40}\))?\s*[-–—]+\s*(?=[\"“‘'])")
"""A wire dateline opening a paragraph ("LONDON (Reuters) - ", "NEW YORK — ") right before a quote."""


def _quoted(text: str, regions: list[tuple[int, int]], start: int, end: int) -> bool:
    """Somebody's words: the sentence starts inside (or with) a quote and at least a third of it is quoted.

    "'It works,' said Dr Ames, a dietitian at the city hospital." counts as quoted: the claim is hers, only the
    attribution (often long, with a job title) is the writer's.
    """
    dateline = _DATELINE.match(text, start, end)
    if dateline is not None:
        start = dateline.end()  # "LONDON (Reuters) - 'It works,' said ...": the wire's place-name is not the writer's
    first = next(((a, b) for a, b in regions if a <= start < b), None)
    if first is None:
        return False
    length = max(1, end - start)
    covered = sum(max(0, min(b, end) - max(a, start)) for a, b in regions)
    return covered * 3 >= length or bool(_ATTRIBUTION_AFTER.match(text, first[1], end))
