"""Every flag of every example quotes the article exactly, and its abstract evidence quotes the abstract exactly.

CHECKLIST.md: a flag whose quoted text is not found verbatim is a defect, whoever raised it. This runs all the
checks (not one at a time) over every article of the check tables, with their paper and without any paper.
"""

from __future__ import annotations

import pytest

from caveat.analysis.article import parse_article
from caveat.analysis.fulltext import evidence_is_verbatim
from caveat.analysis.profile import build_profile
from caveat.core.models import Flag, Paper
from caveat.rules.registry import declarations, run_checks
from tests.rules.fixtures import PAPERS
from tests.rules.test_check_tables import ROWS

DEFAULT_SEVERITY = {d.id: d.severities for d in declarations()}  # the severities each rule module declares

CASES = [(row[0], row[2], row[3], row[4]) for row in ROWS] + [
    (row[0] + "/no-paper", "none", row[3], []) for row in ROWS
]


def _assert_flag(flag: Flag, text: str, paper: Paper | None) -> None:
    span = flag.article_span
    assert 0 <= span.start < span.end <= len(text)
    assert text[span.start:span.end] == span.text
    assert flag.id == f"{flag.check}:{span.start}-{span.end}"
    assert flag.engine == "rules"
    assert 0.0 < flag.confidence <= 1.0
    assert flag.severity in DEFAULT_SEVERITY[flag.check]
    assert flag.message.strip() and "\n" not in flag.message
    for ev in flag.evidence:
        assert evidence_is_verbatim(ev, paper, text), ev  # article, abstract, full-text section or metadata field


@pytest.mark.parametrize(("row", "paper_key", "text", "citations"), CASES, ids=[c[0] for c in CASES])
def test_every_flag_quotes_exactly(row: str, paper_key: str, text: str, citations: list) -> None:
    paper = PAPERS[paper_key]
    article = parse_article(text)
    flags = run_checks(article, paper, build_profile(paper), citations)
    for flag in flags:
        _assert_flag(flag, text, paper)
    assert len({f.id for f in flags}) == len(flags)


def test_checks_that_need_the_paper_are_silent_without_it() -> None:
    needs_paper = {"causal-claim", "certainty", "advice", "preprint", "retracted",
                   "unsourced-number", "conflict-of-interest", "sample-size", "citation-mismatch"}
    for _, _, _, text, _, _ in ROWS:
        flags = run_checks(parse_article(text), None, build_profile(None))
        assert not {f.check for f in flags} & needs_paper, text
