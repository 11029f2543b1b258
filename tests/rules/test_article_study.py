"""Without a paper, the lab/animal labels come from what the article itself says about the study."""

from __future__ import annotations

import pytest

from caveat.analysis.article import parse_article
from caveat.analysis.article_study import infer_from_article
from caveat.analysis.profile import build_profile
from caveat.rules.registry import run_checks


@pytest.mark.parametrize(
    ("text", "design", "species"),
    [
        ("Owl drug\n\nThe compound restored hearing in mice with damaged ears. Treated mice also slept better.",
         "animal experiment", ["mice"]),
        ("Owl drug\n\nIn a rat study, the compound restored hearing. The team gave it to rats for a week.",
         "animal experiment", ["rats"]),
        ("Owl drug\n\nThe compound stopped tumour growth in cells grown in the lab. It worked in cell lines too.",
         "in vitro", []),
        ("Owl drug\n\nThe compound restored hearing in mice with damaged ears.", "unknown", []),
        ("Owl drug\n\nThe compound restored hearing. Earlier studies in mice had hinted at it. Other work in rats "
         "agreed.", "unknown", []),
        ("Owl vaccine\n\nA vaccine helped a handful of people. Research in mice had already shown it. The team "
         "first reported the effect in mice in a 2001 paper.", "unknown", []),
        ("Owl drug\n\nUsing a preclinical mouse model, the team restored hearing.", "animal experiment", ["mice"]),
        ("Owl drug\n\nThe farmer sold pigs. The drug helps in pigs farms, in pigs owners' words.", "unknown", []),
        ("Owl drug\n\nIn a trial of 200 patients, the compound restored hearing. Mice had shown it first.",
         "unknown", []),
        ("Owl drug\n\nThe compound restored hearing, the team said.", "unknown", []),
        ("Owl drug\n\n\"We saw it work in mice first,\" she said. The drug helps people hear.", "unknown", []),
    ],
)
def test_infer_from_article(text: str, design: str, species: list[str]) -> None:
    article = parse_article(text)
    profile = infer_from_article(article)
    assert profile.design == design
    assert profile.species == species
    if design != "unknown":
        ev = profile.design_evidence
        assert ev is not None and ev.kind == "article" and ev.start is not None
        assert article.text[ev.start:ev.end] == ev.text


def test_headline_promise_over_a_mouse_study_is_caught_without_a_paper() -> None:
    article = parse_article("Hearing restored for deaf patients\n\nA new drug could treat deafness. The compound "
                            "restored hearing in mice with damaged ears. Treated mice heard soft clicks.")
    flags = run_checks(article, None, build_profile(None))
    checks = {f.check: f for f in flags}
    assert "animal-to-human" in checks and "missing-stage-caveat" in checks
    assert checks["animal-to-human"].confidence < 0.9  # weaker evidence than the paper's abstract
    assert checks["animal-to-human"].evidence[0].kind == "article"
