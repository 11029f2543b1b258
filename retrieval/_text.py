"""Abstracts arrive as JATS (Crossref), HTML (Europe PMC), XML elements (PubMed) or an inverted index
(OpenAlex). The checks need plain text with the section labels kept, because a "Conclusions" section is
where the paper's claim lives. These helpers turn each shape into the same `AbstractSection` list, and
`join_sections` makes the one flat `abstract` string, the same way for every source, so that offsets
into it mean the same thing whichever source gave it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence

from caveat.core.models import AbstractSection

__all__ = [
    "clean_text",
    "from_inverted_index",
    "join_sections",
    "labelled_sections",
    "markup_sections",
    "normalise_label",
    "strip_tags",
]

_HEADING = re.compile(
    r"<(?:jats:)?title[^>]*>(.*?)</(?:jats:)?title>|<h[1-6][^>]*>(.*?)</h[1-6]>",
    re.IGNORECASE | re.DOTALL,
)
_BLOCK = re.compile(r"</?(?:jats:)?(?:p|sec|div|br|list-item|li)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"[ \t\r\f\v]+")
_GENERIC_LABELS = frozenset({"abstract", "summary", "unlabelled", "unlabeled", ""})


def clean_text(text: str) -> str:
    """Collapse runs of whitespace (line-wrapped feeds, indented JSON strings) into single spaces."""
    return " ".join(text.split())


def strip_tags(text: str) -> str:
    """Markup to plain text: block tags become spaces, inline tags vanish, entities are decoded."""
    text = _BLOCK.sub(" ", text)
    text = _TAG.sub("", text)
    return clean_text(html.unescape(text))


def normalise_label(label: str) -> str:
    """'BACKGROUND' -> 'Background'; generic labels ('Abstract', 'UNLABELLED') -> '' (no real section)."""
    label = clean_text(label).rstrip(":").strip()
    if label.lower() in _GENERIC_LABELS:
        return ""
    return label.capitalize() if label.isupper() else label


def markup_sections(markup: str) -> list[AbstractSection]:
    """Split a JATS or HTML abstract at its headings (`<jats:title>`, `<h4>`) into labelled sections."""
    if not markup or not markup.strip():
        return []
    sections: list[AbstractSection] = []
    label = ""
    pos = 0
    for match in _HEADING.finditer(markup):
        body = strip_tags(markup[pos : match.start()])
        if body:
            sections.append(AbstractSection(label=normalise_label(label), text=body))
        label = strip_tags(match.group(1) or match.group(2) or "")
        pos = match.end()
    body = strip_tags(markup[pos:])
    if body:
        sections.append(AbstractSection(label=normalise_label(label), text=body))
    return sections


def labelled_sections(parts: Iterable[tuple[str, str]]) -> list[AbstractSection]:
    """(label, text) pairs, e.g. PubMed's AbstractText elements, into sections; empty texts dropped."""
    out = []
    for label, text in parts:
        text = clean_text(text)
        if text:
            out.append(AbstractSection(label=normalise_label(label), text=text))
    return out


def join_sections(sections: Sequence[AbstractSection]) -> str:
    """One flat abstract: 'Label: text' paragraphs separated by blank lines, unlabelled text as is."""
    return "\n\n".join(f"{s.label}: {s.text}" if s.label else s.text for s in sections)


def from_inverted_index(index: Mapping[str, Sequence[int]] | None) -> str:
    """Rebuild OpenAlex's abstract_inverted_index (word -> positions) into the running text."""
    if not index:
        return ""
    slots: dict[int, str] = {}
    for word, positions in index.items():
        for position in positions:
            slots[int(position)] = word
    return clean_text(" ".join(slots[i] for i in sorted(slots)))
