"""run_checks: every declared check in CHECKLIST order, flags sorted by severity then position.

Counts come from the declarations and CheckId, never a hard-coded number of checks.
"""

from __future__ import annotations

import pytest

from caveat.analysis.article import parse_article
from caveat.analysis.profile import build_profile
from caveat.core.models import CHECK_IDS, SEVERITY_RANK, Flag, Span
from caveat.rules.context import CheckContext
from caveat.rules.registry import CHECKS, declaration, declarations, registered, run_checks, sort_flags
from tests.rules.fixtures import MOUSE


def _flag(check: str, severity: str, start: int) -> Flag:
    return Flag(id=f"{check}:{start}-{start + 1}", check=check, severity=severity, message="m",  # type: ignore[arg-type]
                article_span=Span(start=start, end=start + 1, text="x"))


def test_registry_follows_the_checklist() -> None:
    assert tuple(CHECKS) == CHECK_IDS
    assert tuple(d.id for d in declarations()) == CHECK_IDS
    assert len({entry.module for entry in registered()}) == len(CHECK_IDS)  # one module per check
    assert all(entry.module == f"caveat.rules.{entry.id.replace('-', '_')}" for entry in registered())


def test_declaration_by_id() -> None:
    assert declaration("retracted").severity == "high"
    with pytest.raises(KeyError, match="no-such-check"):
        declaration("no-such-check")


def test_sort_is_severity_then_position() -> None:
    flags = [_flag("hype", "medium", 5), _flag("harms", "medium", 2), _flag("unsourced-number", "low", 0),
             _flag("animal-to-human", "high", 9)]
    ordered = sort_flags(flags)
    assert [(f.severity, f.article_span.start) for f in ordered] == [("high", 9), ("medium", 2), ("medium", 5),
                                                                      ("low", 0)]


def test_sort_breaks_ties_in_checklist_order() -> None:
    flags = [_flag("sample-size", "medium", 4), _flag("hype", "medium", 4), _flag("preprint", "medium", 4)]
    assert [f.check for f in sort_flags(flags)] == ["hype", "preprint", "sample-size"]


def test_run_checks_on_a_bad_mouse_story() -> None:
    text = ("Miracle cure for itch sufferers\n\nA drug called Zelvorin brings relief to people with chronic itch, "
            "a study published today shows. 9 out of 10 people with eczema will benefit, the lead author Ana Ruiz "
            "said.")
    article = parse_article(text)
    flags = run_checks(article, MOUSE, build_profile(MOUSE))
    checks = {f.check for f in flags}
    assert {"hype", "animal-to-human", "missing-stage-caveat", "harms", "unsourced-number"} <= checks
    assert "retracted" not in checks and "preprint" not in checks
    ranks = [SEVERITY_RANK[f.severity] for f in flags]
    assert ranks == sorted(ranks)


def test_aligner_is_passed_through_to_the_context() -> None:
    seen: list[object] = []

    class Spy:
        def embed(self, texts: list[str]):  # type: ignore[no-untyped-def]
            seen.append(texts)
            raise RuntimeError("embedder down")

    article = parse_article("Itch news\n\nThe study proves that Zelvorin is a useful treatment for chronic itch.")
    flags = run_checks(article, MOUSE, build_profile(MOUSE), aligner=Spy())
    assert any(f.check == "certainty" for f in flags)  # the failing embedder falls back to word overlap
    ctx = CheckContext(article=article, paper=MOUSE, profile=build_profile(MOUSE))
    assert ctx.aligner is None and ctx.citations == ()
