"""The Markdown report: what an editor pastes into a CMS note, a ticket or an email.

Every piece of article or paper text is backslash-escaped, so a quote holding `*`, `|`, `<b>` or `[link](x)`
renders as those characters instead of as formatting, a broken table, raw HTML or a link.
"""

from __future__ import annotations

import re

from caveat.core.models import Review
from caveat.report.content import FlagView, ReportContent, build_content

# CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that can start markup in the
# middle of a line (emphasis, code, links, images, raw HTML, entities, table cells, strikethrough, headings).
_MARKUP = re.compile(r"([\\`*_\[\]<>&|~#!])")


def md(text: str) -> str:
    """`text` as literal Markdown: rendered, it reads exactly as written."""
    return _MARKUP.sub(r"\\\1", text)


def render_markdown(review: Review, reviewer: str = "") -> bytes:
    return _render(build_content(review, reviewer)).encode("utf-8")


def _render(content: ReportContent) -> str:
    out: list[str] = [f"# Caveat fact-check report: {md(content.headline)}", ""]
    out += [f"- **{md(line.label)}:** {md(line.value)}" for line in content.signature]
    if content.reference:
        link = f" <{content.reference_url}>" if content.reference_url else ""
        out.append(f"- **Paper:** {md(content.reference.replace(content.reference_url, '').strip())}{link}")
    out += ["", "## Summary", ""]
    out += [f"- {md(line)}" for line in content.verdict]
    out.append("")
    out += [f"- **{md(line.label)}:** {md(line.value)}" for line in content.header]
    out += [f"- **{md(content.counts.label)}:** {md(content.counts.value)}", ""]

    if content.notices:
        out += ["## Notices", ""]
        out += [f"- {md(notice)}" for notice in content.notices]
        out.append("")

    out += ["## The study's labels", "", "| Label | Value | Where it came from |", "| --- | --- | --- |"]
    out += [f"| {md(lb.name)} | {md(lb.value)} | {md(lb.source)} |" for lb in content.labels]
    out.append("")

    out += ["## Checklist", ""]
    if content.items:
        out += ["| # | Item | Status | Flags | Editor's decision | Note |",
                "| --- | --- | --- | --- | --- | --- |"]
        for item in content.items:
            out.append(
                f"| {item.number} | {md(item.title)} | **{md(item.status)}** | {len(item.flags)} "
                f"| {md(item.decision)} | {md(item.note)} |"
            )
        out.append("")
        hints = [item for item in content.items if item.hint]
        if hints:
            out += ["What to look for:", ""]
            out += [f"- **{item.number}.** {md(item.hint)}" for item in hints]
            out.append("")
    else:
        out += ["No checklist was made for this review.", ""]

    out += ["## Flags by checklist item", ""]
    if not content.groups:
        out += ["No flags were raised.", ""]
    for group in content.groups:
        heading = f"{group.number}. {group.title}" if group.number is not None else group.title
        out += [f"### {md(heading)}", ""]
        for view in group.flags:
            out += _flag(view)

    if content.sources:
        out += ["## Sources consulted", ""]
        out += [f"- {md(src.source)}: {md(src.outcome)}" for src in content.sources]
        out.append("")
    if content.appendix:
        out += ["## Appendix: services that could not be used", ""]
        out += [f"- {md(line)}" for line in content.appendix]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _flag(view: FlagView) -> list[str]:
    title = f"#### {md(view.title)} ({md(view.severity)}): {md(view.decision)}"
    lines = [title, ""]
    if view.dismissed:
        lines += ["*Dismissed by the editor; kept here for the record.*", ""]
    lines.append(f"- **Article says ({md(view.where)}):** “{md(view.quote)}”")
    lines.append(f"- **Message:** {md(view.message)}")
    if view.tool_message:
        lines.append(f"- **Tool's original message:** {md(view.tool_message)}")
    lines += [f"- **Evidence:** {md(ev)}" for ev in view.evidence]
    if view.suggestion:
        lines.append(f"- **Suggestion:** {md(view.suggestion)}")
    lines.append(f"- **Raised by:** check {md(view.check)}, {md(view.engine)}, confidence {md(view.confidence)}")
    decided = f" ({md(view.decided_at)})" if view.decided_at else ""
    lines.append(f"- **Editor's decision:** {md(view.decision)}{decided}")
    if view.note:
        lines.append(f"- **Editor's note:** {md(view.note)}")
    lines.append("")
    return lines
