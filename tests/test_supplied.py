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
