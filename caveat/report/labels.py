"""Every word the page and the reports use for a check, a status, a decision or a severity: one place.

Why one module: an editor reads "Accepted" on the page and must read "Accepted" in the PDF, the DOCX, the
Markdown and the HTML; a card titled "Mouse result written as if it applies to people" must carry the same title
in the report. A check's title and what-to-do come from its rule module's declaration (caveat/rules), so a new
check brings its own words; the statuses, decisions and severities are named here.
"""

from __future__ import annotations

from dataclasses import dataclass

from caveat.rules.registry import registered


@dataclass(frozen=True)
class CheckLabel:
    """How a check is named to an editor and what the editor should do about one of its flags."""

    title: str
    todo: str
    needs_paper: bool
    """True when the check compares the article with the paper (its abstract or metadata): without a paper it
    could not run, and the page says so in one banner."""


def _check_labels() -> dict[str, CheckLabel]:
    """The labels of every declared check, in checklist order, read from its rule module's declaration."""
    return {entry.id: CheckLabel(entry.declaration.title, entry.declaration.todo, entry.declaration.needs_paper)
            for entry in registered()}


CHECK_LABELS: dict[str, CheckLabel] = _check_labels()


ABSENCE_CHECKS: frozenset[str] = frozenset({"harms", "missing-stage-caveat", "independent-source",
                                            "conflict-of-interest"})
"""Checks about something the story leaves out: their flag is pinned to a place (often the headline) but the fix is
an addition elsewhere, so they are never merged into a headline rewrite."""


def check_title(check: str) -> str:
    label = _check_labels().get(check)  # read live: the registry caches the declarations
    return label.title if label else check


def check_todo(check: str) -> str:
    label = _check_labels().get(check)
    return label.todo if label else ""


def paper_checks() -> list[str]:
    """Titles of the checks that compare the article with the paper, in checklist order."""
    return [label.title for label in _check_labels().values() if label.needs_paper]


STATUS_TEXT: dict[str, str] = {"pass": "Pass", "flag": "Flag", "editor": "Editor to check", "na": "Not applicable"}
STATUS_ICONS: dict[str, str] = {"pass": "✓", "flag": "⚑", "editor": "?", "na": "–"}
DECISION_TEXT: dict[str, str] = {"open": "Open", "accepted": "Accepted", "dismissed": "Dismissed", "edited": "Edited"}
"""A flag's decision: 'Accepted' means the editor agrees the flag is right (the draft must change)."""
ITEM_DECISION_TEXT: dict[str, str] = {"open": "Open", "accepted": "Satisfactory", "dismissed": "Not satisfactory",
                                      "edited": "Edited"}
"""A checklist item's decision: whether the story meets the criterion (page and report alike)."""
ACTION_TEXT: dict[str, str] = {"accepted": "Accept", "dismissed": "Dismiss"}
SEVERITY_TEXT: dict[str, str] = {"high": "High", "medium": "Medium", "low": "Low"}
SEVERITY_ICONS: dict[str, str] = {"high": "▲", "medium": "◆", "low": "●"}
SEVERITY_MEANING: dict[str, str] = {
    "high": "misleads readers: change before publication",
    "medium": "weakens the story: fix if you can",
    "low": "worth a look",
}
CHANGE_TEXT: dict[str, str] = {"new": "New in this draft", "remains": "Still in this draft", "fixed": "Fixed"}


def severity_label(severity: str) -> str:
    """Severity as icon and word, never colour alone: '▲ High'."""
    return f"{SEVERITY_ICONS.get(severity, '')} {SEVERITY_TEXT.get(severity, severity.capitalize())}".strip()
