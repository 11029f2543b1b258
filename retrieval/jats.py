"""JATS full text into the paper's sections, whatever dialect the archive serves.

Three shapes reach us (see the PROVENANCE notes of the recorded answers): the DOCTYPE form whose sections carry
`sec-type` ("methods", "COI-statement"), a newer form with no DOCTYPE where most sections are known only by their
title ("Materials and Methods", "Conflicts of Interest"), and the old archivearticle3 form, where a conflict-of-
interest statement may be a run-in paragraph ("*Conflict of interest statement*. None declared.") inside the
Funding section. PMC's efetch wraps the article in a `<pmc-articleset>`; bioRxiv's JATS puts the competing-
interest statement in the front matter's `<notes>`. The checks ask for a kind ("methods", "funding"), never a
title, so every shape ends as the same `PaperSection` list: the kind, the title path ("Methods, Animals") and the
text, with figures, tables, formulas and references left out.

The XML is from the network, so it is parsed the defusedxml way: no DTD is loaded, no entity is expanded, nothing
is fetched, and a document that declares its own entities or is larger than `limits.RESPONSE_BYTES` is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from lxml import etree

from caveat.core import limits
from caveat.core.models import PaperSection, SectionKind

__all__ = ["JatsError", "kind_from_title", "parse_jats"]


class JatsError(ValueError):
    """The answer is not JATS we can read safely: not XML, too large, entity declarations, or no article."""


# Elements whose text is not running prose: figures, tables, formulas, media, references, footnote groups.
_SKIP = frozenset(
    {
        "fig",
        "fig-group",
        "table-wrap",
        "table-wrap-group",
        "table",
        "graphic",
        "media",
        "supplementary-material",
        "disp-formula",
        "disp-formula-group",
        "ref-list",
        "fn-group",
        "alternatives",
        "object-id",
        "label",
    }
)
_SPACED = frozenset({"p", "list", "list-item", "def-item", "term", "def", "disp-quote", "title", "break", "td", "th"})
_SKIP_SEC_TYPES = frozenset({"supplementary-material", "ref-list", "kwd-group", "history", "display-objects"})
_SKIP_TITLES = re.compile(r"^(references?|bibliography|literature cited|supporting information|supplementary)", re.I)
_BLOCKS = frozenset({"p", "list", "disp-quote", "boxed-text", "statement", "def-list", "preformat", "verse-group"})

_SEC_TYPES: dict[str, SectionKind] = {
    "intro": "introduction",
    "introduction": "introduction",
    "background": "introduction",
    "methods": "methods",
    "materials": "methods",
    "subjects": "methods",
    "cases": "methods",
    "results": "results",
    "discussion": "discussion",
    "conclusions": "conclusions",
    "conclusion": "conclusions",
    "coi-statement": "competing-interests",
    "conflict": "competing-interests",
    "competing-interests": "competing-interests",
    "data-availability": "data-availability",
    "data-availability-statement": "data-availability",
    "ack": "acknowledgements",
    "acknowledgements": "acknowledgements",
    "funding": "funding",
    "financial-disclosure": "funding",
    "trial-registration": "trial-registration",
}

# Kinds a sub-section may name whatever its parent is ("Discussion, Limitations"); tried in this order, so that
# "Conflicts of interest and funding" is a conflict-of-interest statement.
_SPECIFIC: tuple[tuple[SectionKind, re.Pattern[str]], ...] = (
    (
        "competing-interests",
        re.compile(
            r"competing|conflicts? of interests?|declarations? of interests?|duality of interests?|"
            r"\bdisclosures?\b|\binterests? statement",
            re.I,
        ),
    ),
    ("funding", re.compile(r"\bfunding\b|financial support|grant support|sources? of support|\bfunder", re.I)),
    ("trial-registration", re.compile(r"trial registration|\bregistration\b|\bregistry\b", re.I)),
    (
        "data-availability",
        re.compile(r"\bdata (and [a-z ]+ )?(availability|sharing|access)|availability of data|code availability", re.I),
    ),
    ("acknowledgements", re.compile(r"acknowledge?ments?", re.I)),
    ("limitations", re.compile(r"limitations?\b|shortcomings|\bcaveats\b|strengths and weaknesses", re.I)),
    (
        "adverse-events",
        re.compile(r"adverse (events?|effects?|reactions?)|\bsafety\b|side[ -]effects?|\bharms?\b|tolerability", re.I),
    ),
)
# Kinds only a top-level section names: "Participants" under Results stays a result.
_GENERAL: tuple[tuple[SectionKind, re.Pattern[str]], ...] = (
    (
        "methods",
        re.compile(
            r"methods?\b|materials\b|methodology|\banimals\b|participants|\bpatients\b|\bsubjects\b|"
            r"study (design|population)|experimental (design|procedures?|section)|statistic",
            re.I,
        ),
    ),
    ("results", re.compile(r"^results|\bfindings\b", re.I)),
    ("discussion", re.compile(r"discussion", re.I)),
    ("conclusions", re.compile(r"conclusions?|concluding", re.I)),
    ("introduction", re.compile(r"introduction|background", re.I)),
)
_FN_TYPES: dict[str, SectionKind] = {
    "conflict": "competing-interests",
    "coi-statement": "competing-interests",
    "financial-disclosure": "funding",
    "supported-by": "funding",
    "funding": "funding",
}
_NUMBERING = re.compile(r"^\s*(?:[0-9]+(?:\.[0-9]+)*|[IVX]+|[A-Z])[.)]?\s+(?=\S)")


def kind_from_title(title: str, parent: SectionKind = "other") -> SectionKind:
    """The kind a section title names; a sub-section inherits its parent's kind unless it names a specific one."""
    for kind, pattern in _SPECIFIC:
        if pattern.search(title) and not (kind == "adverse-events" and parent == "methods"):
            return kind  # "Methods, Safety assessments" says how harms were measured, not what they were
    if parent != "other":
        return parent
    for kind, pattern in _GENERAL:
        if pattern.search(title):
            return kind
    return "other"


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _kind_from_sec_type(value: str) -> SectionKind | None:
    for part in value.lower().split("|"):
        kind = _SEC_TYPES.get(part.strip())
        if kind is not None:
            return kind
    return None


def _clean(text: str) -> str:
    return " ".join(text.split())


def _title_text(title: str) -> str:
    """'2.1 Animals' -> 'Animals'; 'MATERIALS AND METHODS' -> 'Materials and methods'."""
    title = _NUMBERING.sub("", _clean(title)).rstrip(".:").strip()
    return title.capitalize() if title.isupper() and len(title) > 3 else title


def _inline_text(element: etree._Element) -> str:
    """The prose of one block: its text and its children's, minus figures, tables, formulas and labels."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            name = _local(child)
            if name not in _SKIP:
                spaced = name in _SPACED  # "<p>One.</p><p>Two.</p>" inside a list item is two words, not "One.Two."
                parts.append(" " if spaced else "")
                walk(child)
                parts.append(" " if spaced else "")
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return _clean("".join(parts))


def _paragraphs(block: etree._Element) -> Iterator[etree._Element]:
    """The paragraph-sized pieces of a block: a paragraph whole, list items one by one, quotes and boxes opened."""
    name = _local(block)
    if name in ("p", "preformat"):
        yield block
        return
    if name in ("list", "def-list"):
        yield from (item for item in block if _local(item) in ("list-item", "def-item"))
        return
    inner = [child for child in block if _local(child) in _BLOCKS]
    if not inner:
        yield block
        return
    for child in inner:
        yield from _paragraphs(child)


def _run_in_kind(paragraph: etree._Element) -> tuple[SectionKind, str] | None:
    """A paragraph that opens with an italic or bold lead-in naming a statement ("Conflict of interest statement.")."""
    if (paragraph.text or "").strip() or len(paragraph) == 0:
        return None
    first = paragraph[0]
    if _local(first) not in ("italic", "bold", "sc"):
        return None
    lead = _clean("".join(first.itertext())).rstrip(".: ")
    if not lead or len(lead) > 60:
        return None
    for kind, pattern in _SPECIFIC:
        if kind not in ("limitations", "adverse-events") and pattern.search(lead):
            return kind, _title_text(lead)
    return None


@dataclass
class _Builder:
    """Sections in reading order, each text once: JATS often repeats a statement in front and back matter."""

    sections: list[PaperSection] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def add(self, kind: SectionKind, title: str, texts: Iterable[str]) -> None:
        text = "\n\n".join(t for t in texts if t)
        key = _clean(text).lower()
        if not text or key in self.seen:
            return
        self.seen.add(key)
        self.sections.append(PaperSection(kind=kind, title=title, text=text))


def _section(builder: _Builder, sec: etree._Element, parents: list[str], parent_kind: SectionKind) -> None:
    """One <sec> (or <ack>, <app>): its own paragraphs as one section, then its sub-sections, depth first."""
    sec_type = sec.get("sec-type") or ""
    if sec_type.lower() in _SKIP_SEC_TYPES:
        return
    title_el = next((c for c in sec if _local(c) == "title"), None)
    title = _title_text(_inline_text(title_el)) if title_el is not None else ""
    if title and _SKIP_TITLES.match(title):
        return
    kind = _kind_from_sec_type(sec_type) or (kind_from_title(title, parent_kind) if title else parent_kind)
    if _local(sec) == "ack" and kind == "other":
        kind = "acknowledgements"
    path = [*parents, title] if title else list(parents)
    own: list[str] = []
    run_ins: list[tuple[SectionKind, str, str]] = []
    children: list[etree._Element] = []
    for child in sec:
        name = _local(child)
        if name in ("sec", "app"):
            children.append(child)
        elif name in _BLOCKS:
            for paragraph in _paragraphs(child):
                run_in = _run_in_kind(paragraph) if _local(paragraph) == "p" else None
                if run_in is not None and run_in[0] != kind:
                    run_ins.append((run_in[0], run_in[1], _inline_text(paragraph)))
                else:
                    own.append(_inline_text(paragraph))
    builder.add(kind, ", ".join(path) or _untitled(kind), own)
    for run_kind, lead, text in run_ins:
        builder.add(run_kind, ", ".join([*path, lead]), [text])
    for child in children:
        _section(builder, child, path, kind)


def _statements(builder: _Builder, front: etree._Element | None) -> None:
    """Statements the front matter holds: notes, author-note footnotes, <conflict>, the funding group."""
    if front is None:
        return
    for element in front.iter():
        name = _local(element)
        if name == "notes" and element.get("notes-type"):
            kind = kind_from_title(element.get("notes-type", "").replace("-", " "))
            title_el = next((c for c in element if _local(c) == "title"), None)
            title = _title_text(_inline_text(title_el)) if title_el is not None else ""
            if kind == "other" and title:
                kind = kind_from_title(title)
            if kind in ("competing-interests", "funding", "trial-registration", "data-availability"):
                paragraphs = [_inline_text(p) for c in element if _local(c) in _BLOCKS for p in _paragraphs(c)]
                builder.add(kind, title or _DEFAULT_TITLES[kind], paragraphs)
        elif name == "fn" and (element.get("fn-type") or "").lower() in _FN_TYPES:
            kind = _FN_TYPES[(element.get("fn-type") or "").lower()]
            builder.add(kind, _DEFAULT_TITLES[kind], [_inline_text(p) for p in element if _local(p) == "p"])
        elif name == "conflict":
            builder.add("competing-interests", _DEFAULT_TITLES["competing-interests"], [_inline_text(element)])


def _funding_group(builder: _Builder, front: etree._Element | None) -> None:
    """<funding-group> as one Funding section, only when the text had no Funding section of its own."""
    if front is None or any(s.kind == "funding" for s in builder.sections):
        return
    lines: list[str] = []
    for group in front.iter("{*}funding-group"):
        for element in group:
            name = _local(element)
            if name == "funding-statement":
                lines.append(_inline_text(element))
            elif name == "award-group":
                sources = [_inline_text(s) for s in element.iter("{*}funding-source")]
                awards = [_inline_text(a) for a in element.iter("{*}award-id")]
                line = "; ".join(s for s in sources if s)
                lines.append(f"{line} ({', '.join(awards)})" if awards and line else line)
    builder.add("funding", "Funding", ["\n".join(line for line in lines if line)])


def _untitled(kind: SectionKind) -> str:
    """A title for a section that has none but says what it is (`sec-type="COI-statement"`)."""
    return "" if kind == "other" else _DEFAULT_TITLES.get(kind, kind.replace("-", " ").capitalize())


_DEFAULT_TITLES: dict[SectionKind, str] = {
    "competing-interests": "Competing interests",
    "funding": "Funding",
    "trial-registration": "Trial registration",
    "data-availability": "Data availability",
}

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)


def _article(xml: str | bytes, max_bytes: int) -> etree._Element:
    # A str was decoded already: its declaration's encoding no longer holds, so it goes before encoding as UTF-8.
    data = re.sub(r"^\s*<\?xml[^>]*\?>", "", xml).encode("utf-8") if isinstance(xml, str) else xml
    if len(data) > max_bytes:
        raise JatsError(f"the full text is {len(data):,} bytes, over the {max_bytes:,}-byte limit")
    data = data.lstrip()
    try:
        root = etree.fromstring(data, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise JatsError(f"the full text is not valid XML ({exc.msg})") from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise JatsError("the full text declares its own entities; refused")
    article = root if _local(root) == "article" else next((e for e in root.iter() if _local(e) == "article"), None)
    if article is None:
        raise JatsError(f"no <article> in the full text (root <{_local(root)}>)")
    return article


def parse_jats(xml: str | bytes, *, max_bytes: int | None = None) -> list[PaperSection]:
    """The body, back matter and front-matter statements of a JATS article as sections, in reading order.

    An article with no body (a publisher that allows only the front matter in PMC) gives only its statements,
    often none. Raises JatsError for anything that is not a JATS article we can read safely, or larger than
    `max_bytes` (by default the response bound, read at each call).
    """
    article = _article(xml, limits.RESPONSE_BYTES if max_bytes is None else max_bytes)
    children = {_local(c): c for c in article}
    front = children.get("front")
    builder = _Builder()
    for part in ("body", "back"):
        element = children.get(part)
        if element is None:
            continue
        loose = [_inline_text(p) for c in element if _local(c) in _BLOCKS for p in _paragraphs(c)]
        builder.add("other", "", loose)
        for child in element:
            if _local(child) in ("sec", "ack", "app"):
                _section(builder, child, [], "other")
            elif _local(child) in ("fn-group", "notes"):
                _statements(builder, child)
            elif _local(child) == "app-group":
                for app in child:
                    if _local(app) == "app":
                        _section(builder, app, [], "other")
    _statements(builder, front)
    _funding_group(builder, front)
    return _bounded(builder.sections)


def _bounded(sections: list[PaperSection]) -> list[PaperSection]:
    """At most `limits.FULL_TEXT_CHARS` of text kept, whole sections first; the last one cut at a paragraph."""
    kept: list[PaperSection] = []
    room = limits.FULL_TEXT_CHARS
    for section in sections:
        if len(section.text) <= room:
            kept.append(section)
            room -= len(section.text)
            continue
        cut = section.text.rfind("\n\n", 0, room)
        if cut > 0:
            kept.append(section.model_copy(update={"text": section.text[:cut]}))
        break
    return kept
