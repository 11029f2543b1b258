"""Every word the page and the reports use for a check, a status, a decision or a severity: one place.

Why one module: an editor reads "Accepted" on the page and must read "Accepted" in the PDF, the DOCX, the
Markdown and the HTML; a card titled "Mouse result written as if it applies to people" must carry the same title
in the report. The check titles are written here for now; when the rules declare their own plain-language titles
this mapping is the one thing to point at them (`check_title`, `check_todo` are the only readers).
"""

from __future__ import annotations

from dataclasses import dataclass

from caveat.core.models import CHECK_IDS


@dataclass(frozen=True)
class CheckLabel:
    """How a check is named to an editor and what the editor should do about one of its flags."""

    title: str
    todo: str
    needs_paper: bool
    """True when the check compares the article with the paper (its abstract or metadata): without a paper it
    could not run, and the page says so in one banner."""


CHECK_LABELS: dict[str, CheckLabel] = {
    "hype": CheckLabel("Sensational word the study does not support",
                       "Describe what the study found instead of the sensational word.", False),
    "animal-to-human": CheckLabel("Animal or lab result written as if it applies to people",
                                  "Say who or what was studied (for example 'in mice') where the claim is made.",
                                  False),
    "causal-claim": CheckLabel("Cause claimed where the paper found a link",
                               "Use the paper's own strength of wording: 'linked to', not 'causes'.", True),
    "certainty": CheckLabel("Tentative finding reported as certain",
                            "Keep the paper's hedge ('may', 'suggests') in the sentence.", True),
    "advice": CheckLabel("Advice to readers the paper does not give",
                         "Cut the advice or attribute it to someone qualified to give it.", True),
    "missing-stage-caveat": CheckLabel("Early-stage result without saying how early",
                                       "Add a sentence saying it is untested in people or that trials are needed.",
                                       False),
    "preprint": CheckLabel("Preprint presented as published research",
                           "Say the paper is a preprint that has not been peer reviewed.", True),
    "retracted": CheckLabel("Retracted or questioned paper reported as sound",
                            "Report the retraction or expression of concern, or drop the story.", True),
    "unsourced-number": CheckLabel("Number that is not in the paper",
                                   "Give the number's source (with a link) or cut it.", True),
    "harms": CheckLabel("No mention of side effects or risks",
                        "Add what is known about side effects and risks.", False),
    "benefit-size": CheckLabel("Benefit given only in relative or vague terms",
                               "Give absolute numbers (for example '3 in 100 instead of 5 in 100').", False),
    "independent-source": CheckLabel("Only people tied to the study are quoted",
                                     "Add a comment from an expert not involved in the study.", False),
    "conflict-of-interest": CheckLabel("Funding or competing interests not mentioned",
                                       "Say who funded the study and any competing interests.", True),
    "sample-size": CheckLabel("Small or narrow study generalised",
                              "Say how many and who were studied before generalising.", True),
    "citation-mismatch": CheckLabel("Citation details differ from the paper",
                                    "Correct the journal, date, authors or title to match the paper.", True),
}
assert set(CHECK_LABELS) == set(CHECK_IDS), "every public check id needs a plain-language title"


ABSENCE_CHECKS: frozenset[str] = frozenset({"harms", "missing-stage-caveat", "independent-source",
                                            "conflict-of-interest"})
"""Checks about something the story leaves out: their flag is pinned to a place (often the headline) but the fix is
an addition elsewhere, so they are never merged into a headline rewrite."""


def check_title(check: str) -> str:
    label = CHECK_LABELS.get(check)
    return label.title if label else check


def check_todo(check: str) -> str:
    label = CHECK_LABELS.get(check)
    return label.todo if label else ""


def paper_checks() -> list[str]:
    """Titles of the checks that compare the article with the paper, in checklist order."""
    return [label.title for label in CHECK_LABELS.values() if label.needs_paper]


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
