"""The editor's paper JSON: forgiving about shape, strict about meaning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caveat.cli import main
from caveat.core.errors import InputError
from caveat.core.models import Review
from retrieval.supplied import paper_from_dict, paper_from_json


@pytest.mark.parametrize(
    ("data", "field", "expected"),
    [
        ({"year": 2021}, "published", "2021"),
        ({"year": "2019", "published": "2019-03-04"}, "published", "2019-03-04"),
        ({"authors": "Ada Byron; Charles Babbage"}, "authors", ["Ada Byron", "Charles Babbage"]),
        ({"authors": "Ada Byron, Charles Babbage"}, "authors", ["Ada Byron", "Charles Babbage"]),
        (
            {"authors": [{"given": "Ada", "family": "Byron"}, {"name": "C. Babbage"}]},
            "authors",
            ["Ada Byron", "C. Babbage"],
        ),
        ({"status": "Reviewed Preprint"}, "status", "reviewed-preprint"),
        ({"status": "published"}, "status", "peer-reviewed"),
        ({"status": "retracted"}, "status", "retracted"),
        ({"funding": "Wellcome Trust"}, "funding", ["Wellcome Trust"]),
        ({"doi": "  10.1000/xyz  "}, "doi", "10.1000/xyz"),
        ({"pmid": 12345678}, "pmid", "12345678"),
    ],
)
def test_fields_are_normalised(data: dict, field: str, expected: object) -> None:
    assert getattr(paper_from_dict(data), field) == expected


def test_every_given_field_is_marked_as_the_editors() -> None:
    paper = paper_from_dict({"title": "A trial", "abstract": "We found nothing.", "unknown_key": 1})
    assert paper.sources == {"title": "editor", "abstract": "editor"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON (line 1"),
        ("[1, 2]", "must be an object"),
        (json.dumps({"status": "sort of reviewed"}), "Unknown paper status 'sort of reviewed'"),
        (json.dumps({"authors": 7}), "Paper field 'authors' must be a list or a string"),
    ],
)
def test_bad_paper_json_is_one_clear_error(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        paper_from_json(text)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"abstract": ["a", "b"]}, "Paper field 'abstract' must be text, not a list"),
        ({"title": 5}, "Paper field 'title' must be text, not a number"),
        ({"doi": {"value": "10.1/x"}}, "Paper field 'doi' must be text, not an object"),
        ({"status": ["preprint"]}, "Paper field 'status' must be text, not a list"),
        ({"pmid": True}, "Paper field 'pmid' must be text or a whole number, not true/false"),
        ({"year": 2021.5}, "Paper field 'year' must be text or a whole number, not a decimal number"),
        ({"funding": [{"name": "Wellcome"}]}, "Paper field 'funding' must be a list of strings; it holds an object"),
        ({"authors": [{"given": ["Ada"], "family": "Byron"}]}, "Paper field 'authors' must be a list of strings"),
        ({"sources": ["editor"]}, "Paper field 'sources' must be an object"),
        ({"sources": {"title": 1}}, "Paper field 'sources' must be an object"),
        ({"abstract_sections": [{"text": 5}]}, "Paper field 'abstract_sections.0.text'"),
    ],
)
def test_wrong_types_are_an_error_naming_the_field(data: dict, message: str) -> None:
    """Defect 25: a list abstract was stringified to "['a', 'b']"; now every wrong type names its field."""
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        paper_from_dict(data)


def test_nesting_is_bounded_before_parsing() -> None:
    from caveat.core import limits

    inner = limits.JSON_DEPTH - 1  # the object itself is the first level
    at_limit = json.dumps({"notes": "x", "extra": json.loads("[" * inner + "]" * inner)})
    assert paper_from_json(at_limit).notes == "x"
    for deep in ("[" * 200_000 + "]" * 200_000, '{"a": ' * 50_000 + "1" + "}" * 50_000):
        with pytest.raises(InputError, match=f"nested more than {limits.JSON_DEPTH} levels"):
            paper_from_json(deep)
    brackets_in_text = json.dumps({"title": "[" * 500 + "{" * 500})  # brackets inside a string are not nesting
    assert paper_from_json(brackets_in_text).title.startswith("[[[")


def test_a_dict_given_directly_is_bounded_too() -> None:
    from caveat.core import limits

    deep: dict = {}
    node = deep
    for _ in range(limits.JSON_DEPTH + 5):
        node["a"] = {}
        node = node["a"]
    with pytest.raises(InputError, match="nested more than"):
        paper_from_dict({"title": "x", "extra": deep})


def test_abstract_and_document_sizes_are_bounded() -> None:
    """Defect 10: a 10 MB abstract in paper JSON took 162 s; the same bounds as a pasted abstract now hold."""
    import time

    from caveat.core import limits

    assert paper_from_dict({"abstract": "a" * limits.ABSTRACT_CHARS}).abstract
    with pytest.raises(InputError, match=f"abstract is {limits.ABSTRACT_CHARS + 1:,} characters long"):
        paper_from_dict({"abstract": "a" * (limits.ABSTRACT_CHARS + 1)})
    started = time.perf_counter()
    with pytest.raises(InputError, match=r"The paper JSON is 10\.0 MB; the limit is 2 MB"):
        paper_from_json(json.dumps({"abstract": "b" * (10 * limits.MB - 15)}))
    assert time.perf_counter() - started < 5


def test_a_pasted_abstract_has_the_same_bound() -> None:
    """Defect 10: `--abstract`, the page's pasted abstract and a batch row's abstract all pass through here."""
    from caveat.core import limits
    from caveat.pipeline import supplied_paper

    assert supplied_paper(None, "We surveyed 500 adults.") is not None
    with pytest.raises(InputError, match=f"the limit is {limits.ABSTRACT_CHARS:,}"):
        supplied_paper(None, "We surveyed 500 adults. " * 5_000)


# -- a record saved from eLife's API, given as the paper ----------------------------------------------------
ELIFE_FIXTURES = Path(__file__).parent / "retrieval" / "fixtures"


@pytest.mark.parametrize(
    ("name", "status", "versions"),
    [
        ("elife_reviewed_preprint.json", "reviewed-preprint", ["2"]),
        ("elife_reviewed_preprint_text_only.json", "reviewed-preprint", ["1"]),
        ("elife_article_vor.json", "peer-reviewed", ["VOR"]),
    ],
)
def test_an_elife_record_is_read_as_elife(name: str, status: str, versions: list[str]) -> None:
    paper = paper_from_json((ELIFE_FIXTURES / name).read_text(encoding="utf-8"))
    assert paper.status == status and paper.journal == "eLife"
    assert [a.version for a in paper.assessments] == versions
    assert set(paper.sources.values()) == {"editor"}
    assert "eLife API record" in paper.notes


def test_text_only_record_finds_the_terms_and_the_abstract() -> None:
    paper = paper_from_json((ELIFE_FIXTURES / "elife_reviewed_preprint_text_only.json").read_text(encoding="utf-8"))
    [assessment] = paper.assessments
    assert assessment.source == "elife-text"
    assert [(t.term, t.axis) for t in assessment.terms] == [("useful", "significance"), ("solid", "strength")]
    assert assessment.text.startswith("This useful study") and assessment.text.endswith("holds in people.")
    assert paper.abstract == (
        "Obese mice given the gut microbe Fictibacter dulcis for eight weeks had lower fasting blood sugar than "
        "mice given a placebo broth."
    )


def test_an_editors_json_with_a_status_word_like_elifes_is_not_taken_for_elife() -> None:
    with pytest.raises(InputError, match="Unknown paper status 'reviewed'"):
        paper_from_dict({"title": "A study", "status": "reviewed"})


def test_an_elife_history_with_no_reviewed_version_is_one_clear_error() -> None:
    with pytest.raises(InputError, match="The eLife record has no version eLife has reviewed"):
        paper_from_dict({"versions": [{"status": "preprint", "uri": "https://doi.org/10.1101/1"}]})


@settings(max_examples=60, deadline=None)
@given(
    st.fixed_dictionaries(
        {"status": st.sampled_from(["reviewed", "vor", "poa"]), "authorLine": st.text(max_size=20)},
        optional={
            key: st.recursive(
                st.none() | st.booleans() | st.integers() | st.text(max_size=30),
                lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
                max_leaves=8,
            )
            for key in (
                "id",
                "doi",
                "version",
                "title",
                "authors",
                "abstract",
                "funding",
                "elifeAssessment",
                "indexContent",
                "published",
                "copyright",
                "doiVersion",
            )
        },
    )
)
def test_any_elife_shaped_record_gives_a_paper_or_one_clear_error(data: dict) -> None:
    try:
        paper = paper_from_dict(data)
    except InputError as exc:
        assert "\n" not in str(exc)
    else:
        assert all(t.sentence in a.text for a in paper.assessments for t in a.terms)


def test_check_accepts_an_elife_record_as_the_paper(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`caveat check ARTICLE --paper record.json` with a record saved from eLife's API, offline."""
    article = tmp_path / "article.txt"
    article.write_text(
        "Warm water speeds fin regrowth\n\nZebrafish kept in warm water regrew their tail fins faster, according "
        "to a study in eLife whose editors call the evidence incomplete.",
        encoding="utf-8",
    )
    record = ELIFE_FIXTURES / "elife_reviewed_preprint.json"
    code = main(["check", str(article), "--paper", str(record), "--offline", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    review = Review.model_validate_json(out)
    assert review.paper is not None and review.paper.concept_doi == "10.7554/elife.90001"
    assert [t.term for t in review.paper.assessments[0].terms] == ["important", "incomplete"]
    assert review.profile.peer_review == "reviewed-preprint"
