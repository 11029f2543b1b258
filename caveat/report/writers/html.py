"""The HTML report: one standalone page (inline CSS, no scripts, no external files) to attach or archive.

The article is text the editor did not write and the paper's metadata comes from the network, so every
string from them is escaped, attribute quotes included; a Content-Security-Policy that allows no script is
a second lock on the same door.
"""

from __future__ import annotations

from html import escape

from caveat.core.models import Review
from caveat.report.content import FlagView, ItemView, ReportContent, build_content

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;max-width:58rem;
margin:2rem auto;padding:0 1rem;color:#1d1d1f;line-height:1.45}
h1{font-size:1.5rem;margin-bottom:.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
h3{font-size:1.05rem;margin-top:1.5rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}dl.header{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
dl.header dt{font-weight:600}dl.header dd{margin:0}
.flag{border-left:4px solid #999;padding:.4rem .8rem;margin:.8rem 0;background:#fafafa}
.flag.high{border-color:#b00020}.flag.medium{border-color:#d97a00}.flag.low{border-color:#5a7fa8}
.flag.dismissed{border-left-style:dashed;background:#f4f4f4}.flag blockquote{margin:.3rem 0;font-style:italic}
.status{font-weight:600}.notice{background:#fff7d6;padding:.4rem .8rem}
"""


def e(text: str) -> str:
    return escape(text, quote=True)


def render_html(review: Review, reviewer: str = "") -> bytes:
    return _render(build_content(review, reviewer)).encode("utf-8")


def _render(content: ReportContent) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(content.title)}</title><style>{_CSS}</style></head><body>",
        "<header>",
        f"<h1>Caveat fact-check report: {e(content.headline)}</h1>",
        '<dl class="header">',
    ]
    parts += _signature(content)
    parts.append("</dl></header><main>")
    parts.append('<section aria-labelledby="summary"><h2 id="summary">Summary</h2><ul class="verdict">')
    parts += [f"<li>{e(line)}</li>" for line in content.verdict]
    parts.append("</ul></section>")
    parts.append('<section aria-labelledby="details"><h2 id="details">Review details</h2><dl class="header">')
    for line in [*content.header, content.counts]:
        parts.append(f"<dt>{e(line.label)}</dt><dd>{e(line.value)}</dd>")
    parts.append("</dl></section>")

    if content.notices:
        parts.append("<h2>Notices</h2>")
        parts += [f'<p class="notice">{e(notice)}</p>' for notice in content.notices]

    parts.append("<h2>The study's labels</h2><table><tr><th>Label</th><th>Value</th>"
                 "<th>Where it came from</th></tr>")
    parts += [f"<tr><td>{e(lb.name)}</td><td>{e(lb.value)}</td><td>{e(lb.source)}</td></tr>"
              for lb in content.labels]
    parts.append("</table>")

    parts.append("<h2>Checklist</h2>")
    if content.items:
        parts.append("<table><tr><th>#</th><th>Item</th><th>Status</th><th>Flags</th>"
                     "<th>Editor's decision</th><th>Note</th></tr>")
        parts += [_item_row(item) for item in content.items]
        parts.append("</table>")
    else:
        parts.append("<p>No checklist was made for this review.</p>")

    parts.append("<h2>Flags by checklist item</h2>")
    if not content.groups:
        parts.append("<p>No flags were raised.</p>")
    for group in content.groups:
        heading = f"{group.number}. {group.title}" if group.number is not None else group.title
        parts.append(f"<h3>{e(heading)}</h3>")
        parts += [_flag(view) for view in group.flags]

    if content.sources:
        parts.append("<h2>Sources consulted</h2><ul>")
        parts += [f"<li>{e(src.source)}: {e(src.outcome)}</li>" for src in content.sources]
        parts.append("</ul>")
    if content.appendix:
        parts.append("<h2>Appendix: services that could not be used</h2><ul>")
        parts += [f"<li>{e(line)}</li>" for line in content.appendix]
        parts.append("</ul>")
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def _signature(content: ReportContent) -> list[str]:
    """Who signed it, when, and the paper as a reference with its DOI as a link."""
    parts = [f"<dt>{e(line.label)}</dt><dd>{e(line.value)}</dd>" for line in content.signature]
    if content.reference:
        text = content.reference.replace(content.reference_url, "").strip()
        link = f' <a href="{e(content.reference_url)}">{e(content.reference_url)}</a>' if content.reference_url else ""
        parts.append(f"<dt>Paper</dt><dd>{e(text)}{link}</dd>")
    return parts


def _item_row(item: ItemView) -> str:
    hint = f"<br><small>{e(item.hint)}</small>" if item.hint else ""
    return (
        f"<tr><td>{item.number}</td><td>{e(item.title)}{hint}</td>"
        f'<td class="status">{e(item.status)}</td><td>{len(item.flags)}</td>'
        f"<td>{e(item.decision)}</td><td>{e(item.note)}</td></tr>"
    )


def _flag(view: FlagView) -> str:
    classes = f"flag {e(view.severity.lower())}" + (" dismissed" if view.dismissed else "")
    rows = [
        f'<div class="{classes}">',
        f"<h4>{e(view.title)} ({e(view.severity)}): "
        f'<span class="status">{e(view.decision)}</span></h4>',
    ]
    if view.dismissed:
        rows.append("<p><em>Dismissed by the editor; kept here for the record.</em></p>")
    rows.append(f"<p><strong>Article says ({e(view.where)}):</strong></p><blockquote>“{e(view.quote)}”</blockquote>")
    rows.append(f"<p><strong>Message:</strong> {e(view.message)}</p>")
    if view.tool_message:
        rows.append(f"<p><strong>Tool's original message:</strong> {e(view.tool_message)}</p>")
    if view.evidence:
        rows.append("<p><strong>Evidence:</strong></p><ul>")
        rows += [f"<li>{e(ev)}</li>" for ev in view.evidence]
        rows.append("</ul>")
    if view.suggestion:
        rows.append(f"<p><strong>Suggestion:</strong> {e(view.suggestion)}</p>")
    rows.append(f"<p><strong>Raised by:</strong> check {e(view.check)}, {e(view.engine)}, "
                f"confidence {e(view.confidence)}</p>")
    decided = f" ({e(view.decided_at)})" if view.decided_at else ""
    rows.append(f"<p><strong>Editor's decision:</strong> {e(view.decision)}{decided}</p>")
    if view.note:
        rows.append(f"<p><strong>Editor's note:</strong> {e(view.note)}</p>")
    rows.append("</div>")
    return "\n".join(rows)
