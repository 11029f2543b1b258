"""Article and abstract as HTML with the flagged words marked, every character escaped.

The page shows the editor's own text with marks where a flag points; the text comes from outside (a draft, a
press release, a scraped page), so nothing in it may become markup. Overlapping flags are cut into segments,
each marked with the most severe flag that covers it and naming every flag on it.
"""

from __future__ import annotations

import html
import itertools
from dataclasses import dataclass

from caveat.core.models import SEVERITY_RANK, Evidence, Flag

LEVEL_RANK = {**SEVERITY_RANK, "evidence": len(SEVERITY_RANK)}
"""0 for the most severe (the order of caveat.core.models); evidence marks rank below every flag."""
SEVERITY_COLOURS = {"high": "#f8b4b4", "medium": "#fde68a", "low": "#bfdbfe", "evidence": "#bbf7d0"}

STYLE = (
    "<style>.cv-text{line-height:1.6;white-space:pre-wrap;font-family:Georgia,serif}"
    + "".join(
        f".cv-text mark.cv-{name}{{background:{colour};padding:0 1px;border-radius:2px}}"
        for name, colour in SEVERITY_COLOURS.items()
    )
    + ".cv-text mark.cv-selected{outline:2px solid #1d4ed8}</style>"
)


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    level: str
    """high / medium / low for flags, 'evidence' for an abstract sentence a flag rests on."""
    label: str
    selected: bool = False


def render_marked(text: str, marks: list[Mark]) -> str:
    """HTML of `text` with each mark wrapped in <mark>; segments where marks overlap take the strongest level."""
    valid = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in valid), *(m.end for m in valid)})
    parts: list[str] = []
    for a, b in itertools.pairwise(cuts):
        chunk = html.escape(text[a:b])
        covering = [m for m in valid if m.start <= a and b <= m.end]
        if not covering:
            parts.append(chunk)
            continue
        top = min(covering, key=lambda m: LEVEL_RANK.get(m.level, len(SEVERITY_RANK)))
        classes = f"cv-{top.level}" + (" cv-selected" if any(m.selected for m in covering) else "")
        title = html.escape("; ".join(dict.fromkeys(m.label for m in covering)), quote=True)
        parts.append(f'<mark class="{classes}" title="{title}">{chunk}</mark>')
    return f'{STYLE}<div class="cv-text">{"".join(parts)}</div>'


def article_html(text: str, flags: list[Flag], selected: str | None = None) -> str:
    marks = [
        Mark(f.article_span.start, f.article_span.end, f.severity, f"{f.check} ({f.severity})", f.id == selected)
        for f in flags
        if f.article_span.end > f.article_span.start
    ]
    return render_marked(text, marks)


def abstract_html(abstract: str, evidence: list[Evidence]) -> str:
    """The abstract with the sentences a selected flag rests on marked."""
    marks = [
        Mark(e.start, e.end, "evidence", e.note or "evidence", True)
        for e in evidence
        if e.kind == "abstract" and e.start is not None and e.end is not None
    ]
    return render_marked(abstract, marks)
