"""The editor's paper JSON: forgiving about shape, strict about meaning."""

from __future__ import annotations

import json

import pytest

from caveat.core.errors import InputError
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
